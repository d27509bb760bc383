#!/usr/bin/env bash
# The PostgreSQL merge's cost per call against its size: the store bench (bench/Storage, the batch sent as the
# decision writer sends it) at several batch sizes, each on a new database, with the PostgreSQL cluster's CPU
# (postmaster, live and reaped children) per call and per report. The fixed part per call is what two gateways
# pay twice as often as one (each sends half-size batches): compare the small sizes.
# Usage: PGDATA=<data folder of a running cluster> PGPORT=<its port> bash bench/Storage/per-call.sh [sizes...]
#        (default sizes 1 10 30 100; all reports new addresses, 3 targets; the cluster idle apart from this)
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${PGDATA:?set PGDATA to the data folder of the cluster}" "${PGPORT:?set PGPORT}"
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(1 10 30 100)
dotnet build bench/Storage -c Release -nologo -v q >/dev/null
bench=bench/Storage/bin/Release/net10.0/FirewallGateway.Storage.Bench
hz=$(getconf CLK_TCK)
source bench/pg-cpu.sh  # pg_ticks
psql_admin() { psql -h 127.0.0.1 -p "$PGPORT" -U postgres -qAt "$@"; }
echo "$(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg)"
for size in "${sizes[@]}"; do
  calls=$(( 20000 / (size + 10) + 200 ))  # a few seconds per size
  db=fgw_per_call_$$_$size
  psql_admin -c "CREATE DATABASE $db"
  # Migrated before the count starts (a first short run): the figure is the merge calls alone.
  $bench postgres "Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=$db" 1 100 "$size" >/dev/null
  sleep 1
  p0=$(pg_ticks)
  out=$($bench postgres "Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=$db" "$calls" 100 "$size")
  sleep 1  # the bench's sessions end after it exits: let the postmaster reap them (their CPU moves to it then)
  p1=$(pg_ticks)
  # The bench makes 10 warm-up calls before the timed ones; the server's figure counts them too.
  awk -v t=$((p1 - p0)) -v hz="$hz" -v c=$((calls + 10)) -v s="$size" -v client="$(grep -o 'CPU [0-9.]* ms' <<<"$out")" \
    'BEGIN { printf "%4d reports per call: PostgreSQL CPU %5.0f us per call, %4.0f us per report; bench process %s per call\n",
      s, t / hz * 1e6 / c, t / hz * 1e6 / c / s, client }'
  psql_admin -c "DROP DATABASE $db"
done
