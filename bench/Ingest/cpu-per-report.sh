#!/usr/bin/env bash
# CPU cost per report: the gateway's own CPU time (utime + stime from /proc) during a wrk run, divided by the
# requests wrk completed; also the whole machine's busy time. Usage:
#   CONN=32 DUR=15 bash bench/Ingest/cpu-per-report.sh [VAR=value ...]   (extra runtime settings for the gateway)
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)
work=$(mktemp -d /tmp/fwgw-cpu-XXXX)
gateway=
trap '[ -n "$gateway" ] && kill "$gateway" 2>/dev/null; rm -rf "$work"' EXIT
dotnet build -c Release -nologo -v q Gateway/Host >/dev/null

cd "$work"
env "$@" dotnet "$repo/Gateway/Host/bin/Release/net10.0/FirewallGateway.dll" --urls http://127.0.0.1:18090 \
  --Logging:LogLevel:Default=Warning >"$work/gateway.log" 2>&1 &
gateway=$!
for _ in $(seq 1 100); do curl -s -o /dev/null http://127.0.0.1:18090/health && break; sleep 0.1; done
export FWGW_URL=http://127.0.0.1:18090 FWGW_CREDENTIALS_FILE="$work/data/admin.credentials"
password=$(dotnet "$repo/Gateway/Host/bin/Release/net10.0/FirewallGateway.dll" credentials add bench --role reporter --json \
  | sed -n 's/.*"password":"\([^"]*\)".*/\1/p')
auth=$(printf 'bench:%s' "$password" | base64 -w0)
lua="$repo/bench/Ingest/report.lua"
wrk -t2 -c"${CONN:-32}" -d5s -s "$lua" http://127.0.0.1:18090 -- "$auth" >/dev/null  # warm-up (JIT tiers)

ticks() { awk '{ print $14 + $15 }' "/proc/$gateway/stat"; }
busy() { awk 'NR == 1 { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }  # idle (5) and iowait (6) are not work
t0=$(ticks); b0=$(busy)
wrk -t2 -c"${CONN:-32}" -d"${DUR:-15}s" --latency -s "$lua" http://127.0.0.1:18090 -- "$auth" >"$work/wrk.out"
t1=$(ticks); b1=$(busy)
requests=$(grep -o '^ *[0-9]* requests' "$work/wrk.out" | awk '{ print $1 }')
hz=$(getconf CLK_TCK)
echo "reports/s $(sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$work/wrk.out"), p99 $(sed -n 's/^ *99% *\([0-9.]*[a-z]*\).*/\1/p' "$work/wrk.out")"
awk -v t=$((t1 - t0)) -v b=$((b1 - b0)) -v r="$requests" -v hz="$hz" \
  'BEGIN { printf "gateway CPU %.2f s, %.1f us per report; machine busy %.2f CPU-s\n", t / hz, t / hz * 1e6 / r, b / hz }'
# Group commit: reports per writer commit over the whole run (warm-up included).
curl -s -u "$(head -1 "$work/data/admin.credentials")" http://127.0.0.1:18090/metrics | awk '
  /^firewallgateway_firewallgateway_reports[{ ]/ { r += $NF }
  /^firewallgateway_firewallgateway_writer_commits / { c += $NF }
  END { if (c > 0) printf "writer: %d reports in %d commits, %.1f per commit\n", r, c, r / c }'
