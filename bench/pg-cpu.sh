# Sourced by the PostgreSQL benches (bench/Storage/fleet.sh, bench/Storage/per-call.sh, bench/Ingest/postgres.sh):
# the whole cluster's CPU in clock ticks (the postmaster with its reaped children, and its live children), for
# "server CPU per report". Needs PGDATA (the cluster's data folder). A child's CPU moves into the postmaster's
# reaped figure when it exits: read after the sessions of interest have ended, or while they are still running.
pg_ticks() {
  local master t
  master=$(head -1 "$PGDATA/postmaster.pid")
  t=$(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$master/stat")
  for p in $(pgrep -P "$master"); do t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0))); done
  echo $t
}
