#!/usr/bin/env bash
# Start-up time (exec → READY=1 on NOTIFY_SOCKET, what `systemctl start` waits for) and RSS of the installed
# package's service, run as its unit says (setpriv: User=, AmbientCapabilities=, CapabilityBoundingSet=,
# NoNewPrivileges=, the unit's Environment=), side by side with CrowdSec's Local API from Debian's crowdsec
# package (also Type=notify), alternating, in the same run.
#   bash bench/Package/run.sh [RUNS] [IDLE_SECONDS]     (as root; installs artifacts/*.deb if not installed)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}
idle=${2:-10}
here=bench/Package

if ! dpkg-query -W -f='${Status}' firewallgateway 2>/dev/null | grep -q "install ok installed"; then
  debs=(artifacts/firewallgateway_*_amd64.deb)
  deb=${debs[-1]}
  [ -f "$deb" ] || deb=$(bash eng/package.sh | tail -1)
  DEBIAN_FRONTEND=noninteractive dpkg -i "$deb" >/dev/null
fi

caps="-all,+net_bind_service"
gateway() {
  (cd /var/lib/firewallgateway && umask 0027 && env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/var/lib/firewallgateway \
    FWGW_CONFIG=/etc/firewallgateway/appsettings.json \
    python3 "$OLDPWD/$here/notify_start.py" "$idle" -- setpriv --reuid=firewallgateway --regid=firewallgateway --init-groups \
      --inh-caps=$caps --ambient-caps=$caps --bounding-set=$caps --no-new-privs -- /usr/lib/firewallgateway/FirewallGateway serve)
}

# CrowdSec's Local API alone (-no-cs: no log acquisition), SQLite in a folder of its own, no central API.
# daemonize: true is what Debian's config says, and the only mode in which crowdsec sends READY=1.
cs=$(mktemp -d /tmp/fwgw-bench-crowdsec.XXXXXX)
trap 'rm -rf "$cs"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$cs/etc" "$cs/data"
printf 'simulation: off\nexclusions: []\n' > "$cs/etc/simulation.yaml"
cat > "$cs/config.yaml" <<YAML
common:
  daemonize: true
  log_media: stdout
  log_level: info
  working_dir: .
config_paths:
  config_dir: $cs/etc/
  data_dir: $cs/data/
  simulation_path: $cs/etc/simulation.yaml
  hub_dir: /var/lib/crowdsec/hub/
  index_path: /var/lib/crowdsec/hub/.index.json
db_config:
  type: sqlite
  db_path: $cs/data/crowdsec.db
  use_wal: true
api:
  server:
    enable: true
    listen_uri: 127.0.0.1:$port
    profiles_path: /etc/crowdsec/profiles.yaml
prometheus:
  enabled: false
YAML
crowdsec() { (cd "$cs" && env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C LANG=C python3 "$OLDPWD/$here/notify_start.py" "$idle" -- /usr/bin/crowdsec -c "$cs/config.yaml" -no-cs); }

if [ ! -e /var/lib/firewallgateway/firewallgateway.db ]; then
  echo "first start (empty data folder: creates the database and the operator login): gateway $(gateway)"
fi
for i in $(seq "$runs"); do
  echo "run $i: gateway $(gateway)"
  echo "run $i: crowdsec-lapi $(crowdsec)"
done
