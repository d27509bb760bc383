#!/usr/bin/env bash
# Report ingest: the gateway (Basic auth, SQLite, durable before 2xx) vs a bare Kestrel POST endpoint,
# both measured with wrk -t2 -c<connections> in the same run on this machine. Prints both figures and the ratio.
# Usage: bash bench/Ingest/run.sh [duration-seconds] [connections, default 32]
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=${1:-15}
connections=${2:-32}
work=$(mktemp -d /tmp/fwgw-ingest-XXXX)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; rm -rf "$work"' EXIT

dotnet build -c Release -nologo -v q Gateway/Host >/dev/null
dotnet build -c Release -nologo -v q bench/Ingest/BareEndpoint >/dev/null

wait_for() { for _ in $(seq 1 200); do curl -s -o /dev/null "$1" && return 0; sleep 0.1; done; echo "no answer from $1"; exit 1; }

# Anchor: bare endpoint.
dotnet bench/Ingest/BareEndpoint/bin/Release/net10.0/BareEndpoint.dll --urls http://127.0.0.1:18081 >/dev/null 2>&1 &
bare=$!; pids+=($bare)
sleep 1; wait_for http://127.0.0.1:18081/
wrk -t2 -c"$connections" -d5s -s bench/Ingest/report.lua http://127.0.0.1:18081 -- "" >/dev/null  # warm-up (JIT tiers)
bare_out=$(wrk -t2 -c"$connections" -d"${duration}s" --latency -s bench/Ingest/report.lua http://127.0.0.1:18081 -- "" )
kill $bare; wait $bare 2>/dev/null || true

# Gateway on its embedded default (SQLite in WAL mode), one reporter login.
repo=$(pwd)
cd "$work"
dotnet "$repo/Gateway/Host/bin/Release/net10.0/FirewallGateway.dll" --urls http://127.0.0.1:18080 \
   --Logging:LogLevel:Default=Warning >"$work/gateway.log" 2>&1 &
pids+=($!)
cd "$repo"
wait_for http://127.0.0.1:18080/health
export FWGW_URL=http://127.0.0.1:18080 FWGW_CREDENTIALS_FILE="$work/data/admin.credentials"
password=$(dotnet Gateway/Host/bin/Release/net10.0/FirewallGateway.dll credentials add bench --role reporter --json | sed -n 's/.*"password":"\([^"]*\)".*/\1/p')
auth=$(printf 'bench:%s' "$password" | base64 -w0)
wrk -t2 -c"$connections" -d5s -s bench/Ingest/report.lua http://127.0.0.1:18080 -- "$auth" >/dev/null  # warm-up (JIT tiers)
gw_out=$(wrk -t2 -c"$connections" -d"${duration}s" --latency -s bench/Ingest/report.lua http://127.0.0.1:18080 -- "$auth")
decisions=$(curl -s http://127.0.0.1:18080/health | sed -n 's/.*"activeDecisions":\([0-9]*\).*/\1/p')
non2xx=$(grep -o 'Non-2xx or 3xx responses: [0-9]*' <<<"$gw_out" || true)

rps() { sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' <<<"$1"; }
p99() { sed -n 's/^ *99% *\([0-9.]*[a-z]*\).*/\1/p' <<<"$1"; }
echo "bare Kestrel endpoint:  $(rps "$bare_out") req/s, p99 $(p99 "$bare_out")"
echo "gateway (Basic, SQLite): $(rps "$gw_out") req/s, p99 $(p99 "$gw_out") ${non2xx:+($non2xx)}"
echo "ratio gateway/bare: $(awk -v a="$(rps "$gw_out")" -v b="$(rps "$bare_out")" 'BEGIN{printf "%.2f", a/b}')"
echo "active decisions stored: $decisions"
