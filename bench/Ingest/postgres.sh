#!/usr/bin/env bash
# Report ingest over HTTP on PostgreSQL, one gateway and two, beside the SQLite gateway in the same run:
#   1. one gateway on SQLite (the anchor), wrk -c<connections>
#   2. one gateway on PostgreSQL, wrk -c<connections>
#   3. two gateways on one PostgreSQL database, one wrk -c<connections/2> each (different attackers, as a load
#      balancer would split the fail2ban hosts), reports/s summed
# CPU accounting per phase: the gateways' CPU (utime+stime) and the PostgreSQL cluster's (postmaster, its live
# children, and its reaped children), in microseconds per report; the machine's busy time beside it.
# Usage: PGDATA=<data folder of a running cluster> PGPORT=<its port> [WARMUP=<seconds, default 15>] [GATEWAY_CPU=<CPUs>]
#        bash bench/Ingest/postgres.sh [seconds] [connections]
# GATEWAY_CPU (e.g. 0.5) models the intended deployment, each gateway on a host of its own: every gateway process
# (the SQLite anchor too) runs in a cgroup of its own capped at that many CPUs (cgroup v1 cpu.cfs_quota_us, as root),
# while PostgreSQL and wrk share the rest of the machine. Without it, all share the machine (the plain run).
# The warm-up is long enough for the JIT to finish (the measured phase is the steady state): a gateway that ingests
# a few thousand reports a second is still compiling its tier-1 code 10 s after start, which a 5 s warm-up counted
# as CPU per report (measured with perf: over half of the gateway's samples in libclrjit in its first 20 s).
# GATEWAY_SETTINGS: extra settings (NAME=value words) for the PostgreSQL gateways, CONNECTION_EXTRA: appended to
# their connection string; e.g. GATEWAY_SETTINGS=Writer__MinBatchToOverlap=1 CONNECTION_EXTRA=";No Reset On Close=false"
# runs them as before issue 20's round 2, beside the defaults in another run.
# (the cluster must accept user postgres without password on 127.0.0.1; the script creates its own databases)
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)
duration=${1:-15}
connections=${2:-64}
warmup=${WARMUP:-15}
: "${PGDATA:?set PGDATA to the data folder of the cluster}" "${PGPORT:?set PGPORT}"
work=$(mktemp -d /tmp/fwgw-pg-ingest-XXXX)
pids=()
cpu_root=/sys/fs/cgroup/cpu
if [ -n "${GATEWAY_CPU:-}" ] && [ ! -w "$cpu_root" ]; then echo "GATEWAY_CPU needs a writable $cpu_root (cgroup v1, root)"; exit 1; fi
# This run's gateway cgroups, once their processes are gone (the gateways are not this shell's children: poll).
remove_cgroups() {
  local g
  for g in "$cpu_root"/fwgw-bench-$$-*; do
    [ -d "$g" ] || continue
    for _ in $(seq 1 100); do rmdir "$g" 2>/dev/null && break; sleep 0.1; done
  done
}
trap 'kill "${pids[@]}" 2>/dev/null; rm -rf "$work"; remove_cgroups' EXIT
dotnet build -c Release -nologo -v q Gateway/Host >/dev/null
gateway_dll="$repo/Gateway/Host/bin/Release/net10.0/FirewallGateway.dll"
hz=$(getconf CLK_TCK)

wait_for() { for _ in $(seq 1 300); do curl -s -o /dev/null "$1" && return 0; sleep 0.1; done; echo "no answer from $1"; exit 1; }
ticks_of() { local t=0; for p in "$@"; do t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat"))); done; echo $t; }
source bench/pg-cpu.sh  # pg_ticks
# Busy = user + nice + system + irq + softirq + steal (fields 2-4 and 7-9 of the cpu line); idle (5) and iowait (6)
# are not work. (Until 2026-12-03 fields 2-8 were summed, idle included: every phase read "30 of 30 CPU-s".)
busy() { awk 'NR == 1 { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }

# start_gateway <name> <port> [settings...]: a gateway process in its own folder (and, with GATEWAY_CPU, its own
# capped cgroup, joined before the runtime starts so that it sizes its thread pool for the cap); prints its pid
start_gateway() {
  local name=$1 port=$2 group=""; shift 2
  mkdir -p "$work/$name"
  if [ -n "${GATEWAY_CPU:-}" ]; then
    group="$cpu_root/fwgw-bench-$$-$name"
    mkdir -p "$group"
    awk -v c="$GATEWAY_CPU" 'BEGIN { printf "%d\n", c * 100000 }' >"$group/cpu.cfs_quota_us"
  fi
  (if [ -n "$group" ]; then echo "$BASHPID" >"$group/cgroup.procs"; fi
   cd "$work/$name" && exec env "$@" dotnet "$gateway_dll" --urls "http://127.0.0.1:$port" \
    --Logging:LogLevel:Default=Warning >"$work/$name/gateway.log" 2>&1) &
  echo $!
}

reporter_auth() {  # <port> <admin credentials file>
  local password
  password=$(FWGW_URL="http://127.0.0.1:$1" FWGW_CREDENTIALS_FILE="$2" dotnet "$gateway_dll" credentials add bench --role reporter --json \
    | sed -n 's/.*"password":"\([^"]*\)".*/\1/p')
  printf 'bench:%s' "$password" | base64 -w0
}

rate() { sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$1"; }
count() { grep -o '^ *[0-9]* requests' "$1" | awk '{ print $1 }'; }
errors() { { grep -o 'Non-2xx or 3xx responses: [0-9]*' "$1" || true; } | awk '{ s += $NF } END { print s + 0 }'; }

# phase <label> <ports...>: warm-up, then the timed wrk runs in parallel (connections split), CPU accounted
phase() {
  local label=$1; shift
  local ports=("$@") n=${#ports[@]} i
  local per=$((connections / n))
  local warm=()
  for i in "${!ports[@]}"; do
    wrk -t2 -c"$per" -d"${warmup}s" -s bench/Ingest/report.lua "http://127.0.0.1:${ports[$i]}" -- "$auth" $((10 + 40 * i)) >/dev/null &
    warm+=($!)
  done
  wait "${warm[@]}"  # warm-up (JIT tiers, pools)
  local g0 p0 b0 g1 p1 b1 total=0 sum=0
  g0=$(ticks_of "${gw_pids[@]}"); p0=$(pg_ticks); b0=$(busy)
  local wrk_pids=()
  for i in "${!ports[@]}"; do
    wrk -t2 -c"$per" -d"${duration}s" -s bench/Ingest/report.lua "http://127.0.0.1:${ports[$i]}" -- "$auth" $((120 + 60 * i)) \
      >"$work/$label.$i.out" &
    wrk_pids+=($!)
  done
  wait "${wrk_pids[@]}"
  g1=$(ticks_of "${gw_pids[@]}"); p1=$(pg_ticks); b1=$(busy)
  local line="" bad=0
  for i in "${!ports[@]}"; do
    line+="$(rate "$work/$label.$i.out") "
    total=$((total + $(count "$work/$label.$i.out")))
    bad=$((bad + $(errors "$work/$label.$i.out")))
    sum=$(awk -v a="$sum" -v b="$(rate "$work/$label.$i.out")" 'BEGIN { print a + b }')
  done
  rates+=("$sum")
  awk -v l="$label" -v s="$sum" -v parts="$line" -v g=$((g1 - g0)) -v p=$((p1 - p0)) -v b=$((b1 - b0)) -v r="$total" -v hz="$hz" -v bad="$bad" \
    'BEGIN { printf "%-22s %8.0f reports/s (%s) non-2xx %d; CPU per report: gateways %.0f us, PostgreSQL %.0f us; machine busy %.1f of %d CPU-s\n",
      l, s, parts, bad, g / hz * 1e6 / r, p / hz * 1e6 / r, b / hz, ENVIRON["cpus"] * ENVIRON["duration"] }'
}
cpus=$(nproc)
export duration cpus
rates=()
echo "$(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg); ${duration}s per phase after ${warmup}s warm-up, wrk -c$connections;" \
  "PostgreSQL gateways: ${GATEWAY_SETTINGS:-defaults}${CONNECTION_EXTRA:-}; gateway CPU cap: ${GATEWAY_CPU:-none (all share the machine)}; $(nproc) CPUs"

psql_admin() { psql -h 127.0.0.1 -p "$PGPORT" -U postgres -qAt "$@"; }
db=fgw_ingest_$$
psql_admin -c "CREATE DATABASE ${db}_one" -c "CREATE DATABASE ${db}_two"
cleanup_dbs() { psql_admin -c "DROP DATABASE IF EXISTS ${db}_one WITH (FORCE)" -c "DROP DATABASE IF EXISTS ${db}_two WITH (FORCE)" || true; }
trap 'kill "${pids[@]}" 2>/dev/null; cleanup_dbs; rm -rf "$work"; remove_cgroups' EXIT
conn() { echo "Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=$1;Application Name=$2${CONNECTION_EXTRA:-}"; }
read -ra pg_settings <<<"${GATEWAY_SETTINGS:-}"

# 1. SQLite anchor
gw_pids=($(start_gateway sqlite 18180)); pids+=("${gw_pids[@]}")
wait_for http://127.0.0.1:18180/health
auth=$(reporter_auth 18180 "$work/sqlite/data/admin.credentials")
phase "sqlite, one gateway" 18180
kill "${gw_pids[@]}"; wait "${gw_pids[@]}" 2>/dev/null || true

# 2. PostgreSQL, one gateway
gw_pids=($(start_gateway pg-one 18181 Storage__Provider=postgres "${pg_settings[@]}" "Storage__PostgresConnectionString=$(conn "${db}_one" gw-one)")); pids+=("${gw_pids[@]}")
wait_for http://127.0.0.1:18181/health
auth=$(reporter_auth 18181 "$work/pg-one/data/admin.credentials")
phase "postgres, one gateway" 18181
kill "${gw_pids[@]}"; wait "${gw_pids[@]}" 2>/dev/null || true

# 3. PostgreSQL, two gateways on one database
a=$(start_gateway pg-a 18182 Storage__Provider=postgres "${pg_settings[@]}" "Storage__PostgresConnectionString=$(conn "${db}_two" gw-a)")
wait_for http://127.0.0.1:18182/health
b=$(start_gateway pg-b 18183 Storage__Provider=postgres "${pg_settings[@]}" "Storage__PostgresConnectionString=$(conn "${db}_two" gw-b)")
gw_pids=("$a" "$b"); pids+=("${gw_pids[@]}")
wait_for http://127.0.0.1:18183/health
auth=$(reporter_auth 18182 "$work/pg-a/data/admin.credentials")
phase "postgres, two gateways" 18182 18183
awk -v s="${rates[0]}" -v one="${rates[1]}" -v two="${rates[2]}" \
  'BEGIN { printf "ratios: one PostgreSQL gateway / SQLite %.2f (target >= 0.5); two / one %.2f (target >= 1.6)\n", one / s, two / one }'
