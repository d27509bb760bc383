#!/usr/bin/env bash
# Guessing logins and overload against the real gateway process, black-box (see docs/benchmarks/security.md).
# Each scenario runs against the anchor build first (the code before the defences, when ANCHOR_DLL points at
# its FirewallGateway.dll) and then against this tree's build, in the same run.
# Usage: [ANCHOR_DLL=/path/FirewallGateway.dll] [CONNECTIONS=7680] [GATEWAY_CPUS=0 CLIENT_CPUS=1] [CURRENT_ARGS="--Limits:X=n ..."] [TOGETHER=1] [TLS=1] [COUNTERS_DIR=dir] bash bench/Security/run.sh [logins|overload|all] [seconds]
#   TLS=1: the overload goes to an HTTPS listener (a self-signed certificate made here, which the load client pins),
#          as the fail2ban sample action talks; the CLI and the durability check use a second, plain listener.
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

if [ -n "${TLS:-}" ]; then
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=bench \
        -addext subjectAltName=IP:127.0.0.1 -keyout "$work/gateway.key" -out "$work/gateway.crt" 2>/dev/null
    export FWGW_BENCH_CACERT="$work/gateway.crt"
fi

# Optional pinning, so the load client cannot starve the gateway of CPU (or the reverse): GATEWAY_CPUS=0 CLIENT_CPUS=1.
gateway_cpus=${GATEWAY_CPUS:+taskset -c $GATEWAY_CPUS}
client_cpus=${CLIENT_CPUS:+taskset -c $CLIENT_CPUS}

wait_for() { for _ in $(seq 1 300); do curl -s -o /dev/null "$1" && return 0; sleep 0.1; done; echo "no answer from $1"; exit 1; }
rss_mb() { awk '/VmRSS/ {printf "%d", $2/1024}' "/proc/$1/status"; }

# start <dll> <name> [settings...]: a fresh data folder, a reporter login "bench"; sets gw, url, password, operator.
start() {
    local dll=$1 name=$2; shift 2
    local dir="$work/$name"; mkdir -p "$dir"
    local port; port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    url="http://127.0.0.1:$port"
    load_url=$url
    local urls=$url tls=()
    if [ -n "${TLS:-}" ]; then
        load_url="https://127.0.0.1:$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
        urls="$url;$load_url"
        tls=(--Kestrel:Certificates:Default:Path="$work/gateway.crt" --Kestrel:Certificates:Default:KeyPath="$work/gateway.key")
    fi
    (cd "$dir" && exec $gateway_cpus dotnet "$dll" --urls "$urls" --Logging:LogLevel:Default=Warning "${tls[@]}" "$@" >"$dir/gateway.log" 2>&1) &
    gw=$!; pids+=("$gw")
    wait_for "$url/health"
    export FWGW_URL=$url FWGW_CREDENTIALS_FILE="$dir/data/admin.credentials"
    password=$(dotnet "$dll" credentials add bench --role reporter --json | sed -n 's/.*"password":"\([^"]*\)".*/\1/p')
    operator=$(head -1 "$dir/data/admin.credentials")
}

stop() { kill "$gw"; wait "$gw" 2>/dev/null || true; }

# listen_overflows: connections the kernel dropped because an accept queue was full (this network namespace).
listen_overflows() { nstat -asz TcpExtListenOverflows | awk '/ListenOverflows/ {print $2}'; }

# sample_accept_queue <pid> <port> <file>: peak length of the gateway's accept queue while it lives, and its size.
sample_accept_queue() { local peak=0 now size; while [ -e "/proc/$1" ]; do read -r now size < <(ss -Hltn "sport = :$2" | awk '{print $2, $3}'); [ "${now:-0}" -gt "$peak" ] && peak=$now && echo "$peak of $size" >"$3"; sleep 0.5; done; }

# sample_rss <pid> <file>: peak RSS in MB while the process lives (every 0.5 s).
sample_rss() { local peak=0 now; while [ -e "/proc/$1" ]; do now=$(rss_mb "$1" 2>/dev/null || echo 0); [ "${now:-0}" -gt "$peak" ] && peak=$now && echo "$peak" >"$2"; sleep 0.5; done; }

# overload <name> <dll>: 10x capacity against a fresh gateway of that build.
overload() {
    local name=$1 dll=$2 extra=()
    [ "$name" = current ] && read -r -a extra <<<"${CURRENT_ARGS:-}"
    echo "== overload, $name build"
    start "$dll" "overload-$name" "${extra[@]}"
    echo "RSS idle: $(rss_mb "$gw") MB"
    sample_rss "$gw" "$work/rss-$name" &
    sample_accept_queue "$gw" "${url##*:}" "$work/acceptq-$name" &
    # COUNTERS_DIR=/some/dir (with dotnet-counters on PATH): the gateway's thread pool, Kestrel and rate-limiter
    # counters every second, to see where a request waits.
    [ -n "${COUNTERS_DIR:-}" ] && { dotnet-counters collect -p "$gw" --refresh-interval 1 --format csv -o "$COUNTERS_DIR/counters-$name.csv" \
        --counters System.Runtime,Microsoft.AspNetCore.Server.Kestrel,Microsoft.AspNetCore.RateLimiting,Microsoft.AspNetCore.Hosting >/dev/null 2>&1 & }
    local overflows0 cpu0 cpu1
    overflows0=$(listen_overflows); cpu0=$(awk '{print $14+$15}' "/proc/$gw/stat")
    echo "load on $load_url"
    $client_cpus $bench overload "$url" bench "$password" "${operator%%:*}" "${operator#*:}" "${CONNECTIONS:-7680}" "$seconds" "$load_url" || echo "(durability or 5xx check FAILED)"
    # The gateway's own count of connections past Limits:MaxConnections, by outcome (builds that have the metric).
    curl -s -u "$operator" "$url/metrics" | awk '/^[a-z_]*http_connections_shed\{/ {printf "gateway: shed connections %s %s\n", $1, $2}' || true
    cpu1=$(awk '{print $14+$15}' "/proc/$gw/stat")
    echo "RSS peak: $(cat "$work/rss-$name") MB; after the run: $(rss_mb "$gw") MB"
    echo "gateway CPU: $(( (cpu1 - cpu0) / $(getconf CLK_TCK) )) s; accept queue peak: $(cat "$work/acceptq-$name" 2>/dev/null || echo 0);" \
        "connections dropped on a full accept queue (kernel ListenOverflows${TOGETHER:+, both gateways together}): $(( $(listen_overflows) - overflows0 ))"
    stop
}

together=()
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
        if [ -n "${TOGETHER:-}" ]; then
            (trap 'kill "$gw" 2>/dev/null' EXIT; overload "$name" "$dll") >"$work/overload-$name.out" 2>&1 &
            together+=("$!:$name")
        else
            overload "$name" "$dll"
        fi
    fi
done

# TOGETHER=1: both builds were loaded at the same time (same cores, same neighbours): on a shared host that is
# the fair comparison, though each also competes with the other.
for job in "${together[@]}"; do
    wait "${job%%:*}" || true
    cat "$work/overload-${job#*:}.out"
done
