#!/usr/bin/env bash
# Guessing logins and overload against the real gateway process, black-box (see docs/benchmarks/security.md).
# Each scenario runs against the anchor build first (the code before the defences, when ANCHOR_DLL points at
# its FirewallGateway.dll) and then against this tree's build, in the same run.
# Usage: [ANCHOR_DLL=/path/FirewallGateway.dll] bash bench/Security/run.sh [logins|overload|all] [seconds]
#   logins:   reporter p50/p99 alone and while 1,000 wrong passwords/s arrive from 100 other loopback sources
#   overload: 10x capacity (7,680 connections; capacity = Limits:MaxConcurrentRequests 256 + RequestQueue 512)
#             for 60 s: answers by status, peak RSS, every 2xx checked against the store
set -euo pipefail
cd "$(dirname "$0")/../.."
scenario=${1:-all}
seconds=${2:-60}
repo=$(pwd)
work=$(mktemp -d /tmp/fwgw-security-XXXX)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; rm -rf "$work"' EXIT

dotnet build -c Release -nologo -v q Gateway/Host >/dev/null
dotnet build -c Release -nologo -v q bench/Security >/dev/null
bench="dotnet $repo/bench/Security/bin/Release/net10.0/FirewallGateway.Security.Bench.dll"
current="$repo/Gateway/Host/bin/Release/net10.0/FirewallGateway.dll"

wait_for() { for _ in $(seq 1 300); do curl -s -o /dev/null "$1" && return 0; sleep 0.1; done; echo "no answer from $1"; exit 1; }
rss_mb() { awk '/VmRSS/ {printf "%d", $2/1024}' "/proc/$1/status"; }

# start <dll> <name> [settings...]: a fresh data folder, a reporter login "bench"; sets gw, url, password, operator.
start() {
    local dll=$1 name=$2; shift 2
    local dir="$work/$name"; mkdir -p "$dir"
    local port; port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    url="http://127.0.0.1:$port"
    (cd "$dir" && exec dotnet "$dll" --urls "$url" --Logging:LogLevel:Default=Warning "$@" >"$dir/gateway.log" 2>&1) &
    gw=$!; pids+=("$gw")
    wait_for "$url/health"
    export FWGW_URL=$url FWGW_CREDENTIALS_FILE="$dir/data/admin.credentials"
    password=$(dotnet "$dll" credentials add bench --role reporter --json | sed -n 's/.*"password":"\([^"]*\)".*/\1/p')
    operator=$(head -1 "$dir/data/admin.credentials")
}

stop() { kill "$gw"; wait "$gw" 2>/dev/null || true; }

# sample_rss <pid> <file>: peak RSS in MB while the process lives (every 0.5 s).
sample_rss() { local peak=0 now; while [ -e "/proc/$1" ]; do now=$(rss_mb "$1" 2>/dev/null || echo 0); [ "${now:-0}" -gt "$peak" ] && peak=$now && echo "$peak" >"$2"; sleep 0.5; done; }

builds=()
[ -n "${ANCHOR_DLL:-}" ] && builds+=("anchor:$ANCHOR_DLL")
builds+=("current:$current")

for build in "${builds[@]}"; do
    name=${build%%:*}; dll=${build#*:}
    if [ "$scenario" = logins ] || [ "$scenario" = all ]; then
        echo "== logins, $name build"
        start "$dll" "logins-$name"
        cpu0=$(awk '{print $14+$15}' "/proc/$gw/stat")
        $bench logins "$url" bench "$password" "${operator%%:*}" 1000 100 "$((seconds / 2))" || echo "(the load tool failed)"
        cpu1=$(awk '{print $14+$15}' "/proc/$gw/stat")
        echo "gateway CPU during the run: $(( (cpu1 - cpu0) / $(getconf CLK_TCK) )) s; RSS now $(rss_mb "$gw") MB"
        stop
    fi
    if [ "$scenario" = overload ] || [ "$scenario" = all ]; then
        echo "== overload, $name build"
        start "$dll" "overload-$name"
        echo "RSS idle: $(rss_mb "$gw") MB"
        sample_rss "$gw" "$work/rss-$name" &
        $bench overload "$url" bench "$password" "${operator%%:*}" "${operator#*:}" 7680 "$seconds" || echo "(durability or 5xx check FAILED)"
        echo "RSS peak: $(cat "$work/rss-$name") MB; after the run: $(rss_mb "$gw") MB"
        stop
    fi
done
