#!/usr/bin/env bash
# Gateway restart with N active decisions until every one is enforced again in a real nftables target, and the
# gateway's memory then. The firewall side starts empty (a network namespace this script creates, as after a
# reboot), so the gateway's start-up reconcile must list the sets, find all N missing and add them.
# Prints: seconds from process start until the sets hold N elements (counted by nft); RSS and peak RSS at that point and after
# a 10 s settle. Run as root (ip netns, nft). Usage: bash bench/Restart/run.sh [count]
set -euo pipefail
cd "$(dirname "$0")/../.."
count=${1:-100000}
ns=fgwbench$$
work=$(mktemp -d /tmp/fwgw-restart-XXXX)
gateway=
cleanup() {
  [ -n "$gateway" ] && kill "$gateway" 2>/dev/null && wait "$gateway" 2>/dev/null
  ip netns del "$ns" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

dotnet build -c Release -nologo -v q Gateway/Host >/dev/null
dotnet build -c Release -nologo -v q bench/Restart >/dev/null
ip netns add "$ns"
mkdir -p "$work/data"
dotnet bench/Restart/bin/Release/net10.0/FirewallGateway.Restart.Bench.dll "$work/data/firewallgateway.db" "$count"

# Elements in the four sets; 0 while the table does not exist yet.
enforced() {
  local total=0 n set
  for set in banned4 banned6 banned4_net banned6_net; do
    n=$(ip netns exec "$ns" nft -j list set inet firewallgateway "$set" 2>/dev/null | grep -o '"elem"' | wc -l || true)
    total=$((total + n))
  done
  echo "$total"
}
rss() { awk -v k="$1:" '$1 == k { printf "%.0f MB", $2 / 1024 }' "/proc/$gateway/status"; }

repo=$(pwd)
cd "$work"
start=$(date +%s%N)
dotnet "$repo/Gateway/Host/bin/Release/net10.0/FirewallGateway.dll" --urls http://127.0.0.1:18090 \
  --Logging:LogLevel:Default=${LOG_LEVEL:-Warning} --Logging:LogLevel:Microsoft=Warning --Logging:Console:TimestampFormat="HH:mm:ss.fff " \
  --Targets:local:Kind=nftables --Targets:local:NetworkNamespace="$ns" --Targets:local:CreateIfMissing=true ${EXTRA_ARGS:-} \
  >"$work/gateway.log" 2>&1 &
gateway=$!
cd "$repo"
seen=0
while [ "$seen" -lt "$count" ]; do
  kill -0 "$gateway" 2>/dev/null || { cat "$work/gateway.log"; echo "gateway exited"; exit 1; }
  if [ $(( $(date +%s%N) - start )) -gt 300000000000 ]; then cat "$work/gateway.log"; echo "only $seen of $count after 300 s"; exit 1; fi
  sleep 0.1
  # Listing 100,000 elements costs nft about a second of kernel time, so the sets are only counted once the
  # gateway says the target is healthy with nothing pending (the count, not the gateway, ends the wait).
  # The clock stops when the gateway says so; the count that follows (about a second for nft to print 100,000
  # elements) only confirms it, and a short count sends the loop round again.
  health=$(curl -s http://127.0.0.1:18090/health || true)
  if grep -q '"pending":0' <<<"$health" && grep -q '"state":"ok"' <<<"$health"; then
    reported=$(date +%s%N)
    seen=$(enforced)
  fi
done
elapsed_ms=$(( (reported - start) / 1000000 ))
printf 'restart until %d decisions enforced in nftables: %d.%02d s\n' "$count" $((elapsed_ms / 1000)) $((elapsed_ms % 1000 / 10))
echo "gateway memory when enforced: RSS $(rss VmRSS), peak $(rss VmHWM)"
sleep 10
echo "gateway memory after 10 s idle: RSS $(rss VmRSS), peak $(rss VmHWM)"
awk '/^(Rss|Anonymous|Private_Dirty|Shared_Clean):/ { printf "  %s %.0f MB\n", $1, $2 / 1024 }' "/proc/$gateway/smaps_rollup"
# Managed heap (GC.GetTotalMemory, live objects after the last GC) next to RSS: what .NET holds vs the rest
# (runtime, JIT, SQLite's page cache, native libraries).
curl -s -u "$(head -1 "$work/data/admin.credentials")" http://127.0.0.1:18090/metrics \
  | awk '/^dotnet_total_memory_bytes/ { printf "  managed heap (dotnet_total_memory_bytes) %.0f MB\n", $2 / 1048576 }'
if [ -n "${SMAPS:-}" ]; then
  # The ten largest mappings by resident size, to see what holds the memory.
  awk '/^[0-9a-f]+-[0-9a-f]+ / { name = ($6 == "" ? "[anon]" : $6); range = $1 } /^Rss:/ { print $2, name, range }' "/proc/$gateway/smaps" \
    | sort -rn | head -12 | awk '{ printf "  %6.1f MB %s %s\n", $1 / 1024, $2, $3 }'
fi
