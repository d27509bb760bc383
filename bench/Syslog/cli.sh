#!/usr/bin/env bash
# `rules test` as a user runs it (the published binary the package installs, eng/publish.sh: self-contained,
# ReadyToRun), whole process from start to exit, against fail2ban-regex on the same generated auth log and the
# same filter, in ONE hyperfine run: built-in rules, the imported fail2ban sshd filter, fail2ban-regex.
# Prints each mean (wall and CPU = user + sys), the ratios, the load average before and after, and checks that
# the imported filter finds exactly fail2ban-regex's addresses.
# Usage: bash bench/Syslog/cli.sh [lines] [runs]      (defaults 200000 lines, 3 runs)
# GATEWAY=<folder of an earlier eng/publish.sh> skips the publish.
set -euo pipefail
cd "$(dirname "$0")/../.."
lines=${1:-200000}
runs=${2:-3}
work=$(mktemp -d /tmp/fwgw-rules-cli-XXXX)
trap 'rm -rf "$work"' EXIT
filter=/etc/fail2ban/filter.d/sshd.conf

if [ -z "${GATEWAY:-}" ]; then
  GATEWAY="$work/gateway"
  bash eng/publish.sh "$GATEWAY"
fi
gateway="$GATEWAY/FirewallGateway"
dotnet build -c Release -nologo -v q bench/Syslog >/dev/null
dotnet bench/Syslog/bin/Release/net10.0/FirewallGateway.Syslog.Bench.dll generate "$work/auth.log" "$lines"

echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
# The working folder has no appsettings.json: only the built-in rules (and the filter named) run.
(cd "$work" && hyperfine --runs "$runs" --style basic --export-json "$work/hyperfine.json" \
  -n "rules test (built-in rules)" "$gateway rules test $work/auth.log" \
  -n "rules test --fail2ban-filter sshd.conf" "$gateway rules test $work/auth.log --fail2ban-filter $filter" \
  -n "fail2ban-regex sshd.conf" "fail2ban-regex $work/auth.log $filter") 2>&1 | grep -E 'Benchmark|Time \(mean|Range' || true
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$work/hyperfine.json" <<'EOF'
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
anchor = results["fail2ban-regex sshd.conf"]
for name, r in results.items():
    print(f"RESULT {name}: wall {r['mean']:.3f} s, CPU {r['user'] + r['system']:.3f} s; "
          f"fail2ban-regex / this: wall {anchor['mean'] / r['mean']:.1f}x, CPU {(anchor['user'] + anchor['system']) / (r['user'] + r['system']):.1f}x")
EOF

echo "== attackers: imported sshd filter vs fail2ban-regex --usedns no, same file (must be equal)"
(cd "$work" && "$gateway" rules test "$work/auth.log" --fail2ban-filter "$filter" --out ip 2>/dev/null) | sort -u >"$work/imported.txt"
fail2ban-regex --usedns no -o ip "$work/auth.log" "$filter" 2>/dev/null | sort -u >"$work/f2b.txt"
echo "imported filter addresses: $(wc -l <"$work/imported.txt"), fail2ban-regex: $(wc -l <"$work/f2b.txt"), differing: $(comm -3 "$work/imported.txt" "$work/f2b.txt" | wc -l)"
