#!/usr/bin/env bash
# What one connection over Limits:MaxConnections costs the gateway, plain HTTP vs HTTPS (the TLS handshake):
# 16 idle connections fill MaxConnections=16, then n sequential curls (one connection each) get the 503; gateway
# CPU (user+sys from /proc) and wall time per answer. Black-box, see docs/benchmarks/security.md.
# Usage: bash bench/Security/shed-cost.sh [path/FirewallGateway.dll] [n]
set -euo pipefail
cd "$(dirname "$0")/../.."
dll=${1:-Gateway/Host/bin/Release/net10.0/FirewallGateway.dll}; n=${2:-300}
work=$(mktemp -d /tmp/fwgw-shed-cost-XXXX)
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=bench \
    -addext subjectAltName=IP:127.0.0.1 -keyout "$work/k.pem" -out "$work/c.pem" 2>/dev/null
P1=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'); P2=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
dotnet "$dll" --urls "http://127.0.0.1:$P1;https://127.0.0.1:$P2" --Kestrel:Certificates:Default:Path="$work/c.pem" --Kestrel:Certificates:Default:KeyPath="$work/k.pem" \
    --Gateway:DataDirectory="$work/data" --Storage:SqlitePath="$work/data/gw.db" --Limits:MaxConnections=16 --Logging:LogLevel:Default=Warning >"$work/gateway.log" 2>&1 &
gw=$!; held=
trap 'kill $gw $held 2>/dev/null; rm -rf "$work"' EXIT
for i in $(seq 100); do curl -s -o /dev/null http://127.0.0.1:$P1/health && break; sleep 0.2; done
python3 -c "
import socket,time,sys
h=[]
for i in range(16):
    s=socket.create_connection(('127.0.0.1',$P1)); s.sendall(b'GET /health HTTP/1.1\r\nHost: x\r\n\r\n'); s.recv(4096); h.append(s)
time.sleep(600)" & held=$!
sleep 2
cpu() { awk '{print $14+$15}' /proc/$gw/stat; }
for url in "http://127.0.0.1:$P1/health" "https://127.0.0.1:$P2/health"; do
  c0=$(cpu); t0=$(date +%s.%N); codes=$(for i in $(seq $n); do curl -s -o /dev/null -w '%{http_code}\n' --cacert "$work/c.pem" "$url"; done | sort | uniq -c | tr '\n' ' '); t1=$(date +%s.%N); c1=$(cpu)
  echo "$url: $n sequential curls over the cap: answers [$codes] wall $(echo "($t1-$t0)*1000/$n" | bc -l | cut -c1-5) ms each; gateway CPU $(echo "($c1-$c0)*1000/$(getconf CLK_TCK)/$n" | bc -l | cut -c1-5) ms each"
done
