#!/usr/bin/env bash
# Startup stream of N active decisions to Debian's crowdsec-firewall-bouncer (nftables mode), from the gateway and
# from CrowdSec's own local API (Debian crowdsec 1.4.6), in the same run, alternating, in one network namespace.
# Measured: (1) the startup stream answer itself (curl, whole body), (2) from starting the bouncer until its log
# says all N decisions were added (then its set is counted), with the elements in its set sampled every
# SAMPLE_SECONDS (default 60) on the way. BOUNCER_RUNS (default: runs) pairs of (2) run one after the other, never
# at the same time; BOUNCER_RUNS=0 skips (2). Bouncer 0.0.25 lists its whole set again before every chunk of 200
# additions, so (2) grows with the square of N: tens of minutes per run at 100,000 whichever API feeds it.
# Usage (root, from the repository root, after a Release build of Gateway/Host):
#   bash bench/CrowdSec/startup-stream.sh [N=100000] [runs=3]
set -euo pipefail
N=${1:-100000}
RUNS=${2:-3}
BOUNCER_RUNS=${BOUNCER_RUNS:-$RUNS}
SAMPLE_SECONDS=${SAMPLE_SECONDS:-60}
ROOT=$(pwd)
# GATEWAY_DLL: a copy of the build output, so that rebuilding the tree during a long run cannot touch the gateway.
DLL=${GATEWAY_DLL:-"$ROOT/Gateway/Host/bin/Release/net10.0/FirewallGateway.dll"}
HERE="$ROOT/bench/CrowdSec"
WORK=$(mktemp -d /tmp/issue-18-bench.XXXXXX)
NS="i18b-$$"
GW_PORT=18460
CS_PORT=18461
KEY="bench-bouncer-key-0123456789abcdef"
PIDS=()

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  sleep 1
  ip netns delete "$NS" 2>/dev/null || true
  [ -n "${KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT

in_ns() { ip netns exec "$NS" "$@"; }
now() { date +%s.%N; }

ip netns add "$NS"
ip -n "$NS" link set lo up

# ---- the gateway, seeded through its API ------------------------------------------------------------------
mkdir -p "$WORK/gw"
(cd "$WORK/gw" && exec ip netns exec "$NS" dotnet "$DLL" --urls "http://127.0.0.1:$GW_PORT" \
  --Logging:LogLevel:Default=Warning >"$WORK/gw.log" 2>&1) &
PIDS+=($!)
until in_ns curl -sf "http://127.0.0.1:$GW_PORT/health" >/dev/null 2>&1 || in_ns curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$GW_PORT/health" 2>/dev/null | grep -q 503; do sleep 0.5; done
echo "seeding $N decisions into the gateway..."
in_ns python3 "$HERE/seed_gateway.py" "$GW_PORT" "$N" "$WORK/gw/data/admin.credentials"
in_ns curl -sf -u "$(cat "$WORK/gw/data/admin.credentials")" -H 'Content-Type: application/json' \
  -d "{\"name\":\"bench\",\"key\":\"$KEY\"}" "http://127.0.0.1:$GW_PORT/api/v1/crowdsec/bouncers" >/dev/null

# ---- CrowdSec's local API (no agent, no central API), seeded with cscli --------------------------------------
CS="$WORK/cs"
mkdir -p "$CS/etc" "$CS/data" "$CS/log"
cat >"$CS/etc/config.yaml" <<YAML
common:
  daemonize: false
  log_media: file
  log_dir: $CS/log/
  log_level: warning
  working_dir: .
config_paths:
  config_dir: $CS/etc/
  data_dir: $CS/data/
  simulation_path: $CS/etc/simulation.yaml
  hub_dir: /var/lib/crowdsec/hub/
  index_path: /var/lib/crowdsec/hub/.index.json
crowdsec_service:
  acquisition_path: $CS/etc/acquis.yaml
cscli:
  output: human
db_config:
  log_level: warning
  type: sqlite
  db_path: $CS/data/crowdsec.db
  use_wal: true
api:
  client:
    credentials_path: $CS/etc/local_api_credentials.yaml
  server:
    log_level: warning
    listen_uri: 127.0.0.1:$CS_PORT
    profiles_path: /etc/crowdsec/profiles.yaml
prometheus:
  enabled: false
YAML
printf 'simulation: off\nexclusions: []\n' >"$CS/etc/simulation.yaml"
printf 'url: http://127.0.0.1:%s\nlogin: bench\npassword: benchpassword123\n' "$CS_PORT" >"$CS/etc/local_api_credentials.yaml"
python3 "$HERE/addresses.py" "$N" >"$WORK/decisions.csv"
# cscli imports through the local API as a machine, so the API runs first.
cscli -c "$CS/etc/config.yaml" machines add bench --password benchpassword123 -f "$WORK/unused-credentials.yaml" >/dev/null 2>&1
cscli -c "$CS/etc/config.yaml" bouncers add bench -k "$KEY" >/dev/null
(exec ip netns exec "$NS" crowdsec -c "$CS/etc/config.yaml" -no-cs >"$WORK/cs.log" 2>&1) &
PIDS+=($!)
until in_ns curl -s -o /dev/null -H "X-Api-Key: $KEY" "http://127.0.0.1:$CS_PORT/v1/decisions?ip=1.10.0.1"; do sleep 0.5; done
echo "importing $N decisions into CrowdSec..."
in_ns cscli -c "$CS/etc/config.yaml" decisions import -i "$WORK/decisions.csv" >"$WORK/import.log" 2>&1

# ---- one measurement: a fresh bouncer, an empty ruleset, until all N are added ------------------------------
measure() { # $1 = port
  in_ns nft flush ruleset
  local cfg="$WORK/bouncer.yaml" log="$WORK/bouncer.log"
  cat >"$cfg" <<YAML
mode: nftables
pid_dir: $WORK/
update_frequency: 10s
daemonize: false
log_mode: stdout
log_level: info
api_url: http://127.0.0.1:$1/
api_key: $KEY
disable_ipv6: true
deny_action: DROP
deny_log: false
supported_decisions_types:
  - ban
blacklists_ipv4: bench-blacklist
blacklists_ipv6: bench-blacklist6
nftables:
  ipv4:
    enabled: true
    set-only: false
    table: bench
    chain: bench-chain
  ipv6:
    enabled: false
    set-only: false
    table: bench6
    chain: bench6-chain
prometheus:
  enabled: false
  listen_addr: 127.0.0.1
  listen_port: 60601
YAML
  : >"$log"
  local start end added=0 next_sample=$SAMPLE_SECONDS
  start=$(now)
  ip netns exec "$NS" crowdsec-firewall-bouncer -c "$cfg" >"$log" 2>&1 &
  local bpid=$!
  while [ "$added" -lt "$N" ]; do
    sleep 0.02
    added=$(grep -o '[0-9]* decisions\? added' "$log" | awk '{s+=$1} END {print s+0}')
    if ! kill -0 "$bpid" 2>/dev/null; then echo "bouncer exited:" >&2; cat "$log" >&2; exit 1; fi
    # Progress on stderr, so that stdout keeps one result line: listing a large set costs the bouncer's cores too,
    # hence once a minute only.
    if [ "$(echo "$(now) - $start >= $next_sample" | bc)" = 1 ]; then
      echo "  progress $2 $(echo "$(now) - $start" | bc | cut -d. -f1) s: $(set_size) in set, load $(cut -d' ' -f1 /proc/loadavg)" >&2
      next_sample=$((next_sample + SAMPLE_SECONDS))
    fi
  done
  end=$(now)
  # The bouncer's own CPU (ip netns exec execs it, so it keeps this pid): user is Go, sys is mostly the netlink
  # dumps of its whole set before every chunk of 200 additions.
  local ticks; ticks=$(getconf CLK_TCK)
  echo "  bouncer cpu $2: $(awk -v t="$ticks" '{printf "user %.1f s, sys %.1f s", $14/t, $15/t}' "/proc/$bpid/stat")" >&2
  kill "$bpid"; wait "$bpid" 2>/dev/null || true
  # What the bouncer did besides the startup adds (repeated adds or deletes would mean the feed makes it redo work).
  echo "  bouncer log $2: $(grep -c 'decisions\? added' "$log") add batches, $(grep -c 'decisions\? deleted' "$log") delete batches" >&2
  cp "$log" "$WORK/bouncer-$2.log"
  echo "$(echo "$end - $start" | bc) $(set_size)"
}

set_size() {
  in_ns nft -j list set ip bench bench-blacklist | python3 -c 'import json,sys; d=json.load(sys.stdin); print(sum(len(x["set"].get("elem",[])) for x in d["nftables"] if "set" in x))'
}

serve() { # $1 = port: seconds and bytes of one startup stream answer, and how many decisions it held
  in_ns curl -s -o "$WORK/stream.json" -w '%{time_total} %{size_download}' -H "X-Api-Key: $KEY" \
    "http://127.0.0.1:$1/v1/decisions/stream?startup=true"
  echo " $(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["new"] or []))' "$WORK/stream.json")"
}

echo "run source stream_seconds bytes decisions"
for run in $(seq 1 "$RUNS"); do
  echo "$run gateway $(serve $GW_PORT)"
  echo "$run crowdsec-lapi $(serve $CS_PORT)"
done

echo "run source bouncer_seconds elements_in_set"
# Pairs in ABBA order (gateway first in odd runs, LAPI first in even ones), so a load that drifts during the
# session does not favour one source.
measure_gateway() { read -r s c <<<"$(measure $GW_PORT gateway)"; echo "$1 gateway $s $c"; }
measure_lapi() { read -r s c <<<"$(measure $CS_PORT crowdsec-lapi)"; echo "$1 crowdsec-lapi $s $c"; }
for run in $(seq 1 "$BOUNCER_RUNS"); do
  if [ $((run % 2)) = 1 ]; then measure_gateway "$run"; measure_lapi "$run"; else measure_lapi "$run"; measure_gateway "$run"; fi
done
