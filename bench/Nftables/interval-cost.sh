#!/usr/bin/env bash
# Why the nftables target keeps single addresses out of interval sets: with nft 1.0.6 one element change costs a
# read of every interval set in the ruleset. Loads 100,000 IPv4 elements into a hash set (table tabh) and then into
# an interval set (table tabi), timing one add and one delete after each. Runs in a namespace of its own.
# Usage: bash bench/Nftables/interval-cost.sh
set -euo pipefail
ns=fgnftcost$$
dir=$(mktemp -d)
trap 'ip netns delete "$ns" 2>/dev/null || true; rm -rf "$dir"' EXIT
ip netns add "$ns"
gen() {
  python3 -c "
import sys
t, s = sys.argv[1], sys.argv[2]
for c in range(100):
    print(f'add element inet {t} {s} {{ ' + ', '.join(f'1.{(i>>16)&255}.{(i>>8)&255}.{i&255} timeout 3600s' for i in range(c*1000, (c+1)*1000)) + ' }')
" "$1" "$2"
}
gen tabh bh > "$dir/hash.nft"
gen tabi bi > "$dir/interval.nft"
ip netns exec "$ns" nft -f - <<'S'
add table inet tabh
add set inet tabh bh { type ipv4_addr; flags timeout; }
add table inet tabi
add set inet tabi bi { type ipv4_addr; flags interval,timeout; }
S
t() { local name=$1; shift; local s=$(date +%s.%N); ip netns exec "$ns" "$@" >/dev/null; printf '%-55s %6.3f s\n' "$name" "$(echo "$(date +%s.%N) - $s" | bc)"; }
t "load 100,000 into hash set (nft -f)" nft -f "$dir/hash.nft"
t "add 1 to hash set (no large interval set yet)" nft add element inet tabh bh '{ 2.0.0.1 timeout 60s }'
t "delete 1 from hash set (no large interval set yet)" nft delete element inet tabh bh '{ 1.0.0.5 }'
t "load 100,000 into interval set (nft -f)" nft -f "$dir/interval.nft"
t "add 1 to hash set (100,000 in an interval set)" nft add element inet tabh bh '{ 2.0.0.2 timeout 60s }'
t "delete 1 from hash set (100,000 in an interval set)" nft delete element inet tabh bh '{ 1.0.0.6 }'
t "add 1 to the interval set" nft add element inet tabi bi '{ 2.0.0.1 timeout 60s }'
t "delete 1 from the interval set" nft delete element inet tabi bi '{ 1.0.0.5 }'
