#!/usr/bin/env bash
# `rules test` as a user runs it, whole process from start to exit, against fail2ban-regex on the same generated
# auth log and the same filter, in ONE hyperfine run:
#   - the installed command path: the CLI wrapper (eng/package/files/firewallgateway) -> the native
#     firewallgateway-rules (Native AOT), built-in rules and the imported fail2ban sshd filter;
#   - the managed FirewallGateway (ReadyToRun) with the same two, for comparison;
#   - fail2ban-regex with sshd.conf (the anchor).
# Binaries are those eng/publish.sh makes (what the package installs). The wrapper is run from a copy whose
# /usr/lib/firewallgateway path points at that folder, so it is the shipped script, not a stand-in.
# Prints each mean (wall and CPU = user + sys), the ratios, the load average before and after, and checks that
# every variant finds exactly fail2ban-regex's addresses with the imported filter (and native = managed).
# Usage: bash bench/Syslog/cli.sh [lines] [runs]      (defaults 200000 lines, 3 runs)
# GATEWAY=<folder of an earlier eng/publish.sh> skips the publish.
# FILTER=<another fail2ban filter> (e.g. /etc/fail2ban/filter.d/dovecot.conf) compares that filter instead of sshd.conf,
# on fail2ban's own sample log for it (its test expectations, the '#' lines, left out) repeated up to [lines] lines.
set -euo pipefail
cd "$(dirname "$0")/../.."
lines=${1:-200000}
runs=${2:-3}
work=$(mktemp -d /tmp/fwgw-rules-cli-XXXX)
trap 'rm -rf "$work"' EXIT
filter=${FILTER:-/etc/fail2ban/filter.d/sshd.conf}
name=$(basename "$filter")
samples=/usr/lib/python3/dist-packages/fail2ban/tests/files/logs

if [ -z "${GATEWAY:-}" ]; then
  GATEWAY="$work/gateway"
  bash eng/publish.sh "$GATEWAY"
fi
managed="$GATEWAY/FirewallGateway"
cli="$work/firewallgateway"
sed "s#/usr/lib/firewallgateway/#$GATEWAY/#g" eng/package/files/firewallgateway >"$cli"
chmod +x "$cli"
dotnet build -c Release -nologo -v q bench/Syslog >/dev/null
if [ "$name" = sshd.conf ]; then
  dotnet bench/Syslog/bin/Release/net10.0/FirewallGateway.Syslog.Bench.dll generate "$work/auth.log" "$lines"
else
  grep -v '^#' "$samples/${name%.conf}" | awk -v n="$lines" '{ l[NR] = $0 } END { for (i = 0; i < n; i++) print l[i % NR + 1] }' >"$work/auth.log"
fi

echo "== host: $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
# The working folder has no appsettings.json: only the built-in rules (and the filter named) run.
(cd "$work" && hyperfine --runs "$runs" --warmup 1 -N --style basic --export-json "$work/hyperfine.json" \
  -n "firewallgateway rules test (built-in rules)" "$cli rules test $work/auth.log" \
  -n "firewallgateway rules test --fail2ban-filter $name" "$cli rules test $work/auth.log --fail2ban-filter $filter" \
  -n "managed FirewallGateway rules test (built-in rules)" "$managed rules test $work/auth.log" \
  -n "managed FirewallGateway rules test --fail2ban-filter $name" "$managed rules test $work/auth.log --fail2ban-filter $filter" \
  -n "fail2ban-regex $name" "fail2ban-regex $work/auth.log $filter") 2>&1 | grep -E 'Benchmark|Time \(mean|Range' || true
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$work/hyperfine.json" <<'PY'
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
anchor = results[[n for n in results if n.startswith("fail2ban-regex")][0]]
for name, r in results.items():
    print(f"RESULT {name}: wall {r['mean']:.3f} s (median {r['median']:.3f}), CPU {r['user'] + r['system']:.3f} s; "
          f"fail2ban-regex / this: wall {anchor['mean'] / r['mean']:.1f}x, CPU {(anchor['user'] + anchor['system']) / (r['user'] + r['system']):.1f}x")
PY

echo "== attackers with the imported filter $name, same file (all must be equal)"
(cd "$work" && "$cli" rules test "$work/auth.log" --fail2ban-filter "$filter" --out ip 2>/dev/null) | sort -u >"$work/native.txt"
(cd "$work" && "$managed" rules test "$work/auth.log" --fail2ban-filter "$filter" --out ip 2>/dev/null) | sort -u >"$work/managed.txt"
fail2ban-regex --usedns no -o ip "$work/auth.log" "$filter" 2>/dev/null | sort -u >"$work/f2b.txt"
echo "native: $(wc -l <"$work/native.txt"), managed: $(wc -l <"$work/managed.txt"), fail2ban-regex: $(wc -l <"$work/f2b.txt");" \
  "native vs fail2ban-regex differing: $(comm -3 "$work/native.txt" "$work/f2b.txt" | wc -l), native vs managed: $(comm -3 "$work/native.txt" "$work/managed.txt" | wc -l)"
(cd "$work" && "$cli" rules test "$work/auth.log") >"$work/native-summary.txt"
(cd "$work" && "$managed" rules test "$work/auth.log") >"$work/managed-summary.txt"
echo "built-in rules summary, native vs managed: $(cmp -s "$work/native-summary.txt" "$work/managed-summary.txt" && echo identical || echo DIFFERENT)"
