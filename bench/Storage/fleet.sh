#!/usr/bin/env bash
# The store bench (bench/Storage) in rounds that alternate SQLite (the anchor), one PostgreSQL writer, and two
# PostgreSQL writers on one database (different attackers, offsets 0 and 4194304), with the PostgreSQL cluster's
# CPU (postmaster, live and reaped children) per report beside each bench process's own figure.
# Usage: PGDATA=<data folder of a running cluster> PGPORT=<its port> bash bench/Storage/fleet.sh [rounds] [batches]
# (user postgres without password on 127.0.0.1; the script creates and drops its own databases)
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-3}
batches=${2:-200}
: "${PGDATA:?set PGDATA to the data folder of the cluster}" "${PGPORT:?set PGPORT}"
dotnet build bench/Storage -c Release -nologo -v q >/dev/null
bench=bench/Storage/bin/Release/net10.0/FirewallGateway.Storage.Bench
hz=$(getconf CLK_TCK)
source bench/pg-cpu.sh  # pg_ticks
psql_admin() { psql -h 127.0.0.1 -p "$PGPORT" -U postgres -qAt "$@"; }
conn="Host=127.0.0.1;Port=$PGPORT;Username=postgres"
reports=$((batches * 500))
server_cpu() { awk -v t="$1" -v r="$2" -v hz="$hz" 'BEGIN { printf "PostgreSQL CPU %.1f us per report\n", t / hz * 1e6 / r }'; }
for round in $(seq 1 "$rounds"); do
  db=fgw_store_$$_$round
  psql_admin -c "CREATE DATABASE ${db}_one" -c "CREATE DATABASE ${db}_two"
  echo "round $round"
  $bench sqlite - "$batches" 70 500
  p0=$(pg_ticks)
  $bench postgres "$conn;Database=${db}_one" "$batches" 70 500
  server_cpu $(( $(pg_ticks) - p0 )) $reports
  p0=$(pg_ticks)
  $bench postgres "$conn;Database=${db}_two;Application Name=gw-a" "$batches" 70 500 3 0 &
  $bench postgres "$conn;Database=${db}_two;Application Name=gw-b" "$batches" 70 500 3 4194304
  wait
  server_cpu $(( $(pg_ticks) - p0 )) $((2 * reports))
  psql_admin -c "DROP DATABASE ${db}_one" -c "DROP DATABASE ${db}_two"
done
