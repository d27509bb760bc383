#!/usr/bin/env bash
# Syslog detection vs fail2ban-regex on the same generated 200,000-line auth log, in the same run; then UDP
# ingest (max rate and a 50,000/s no-loss check) and failure-window memory. Prints every figure and the ratio.
# Usage: bash bench/Syslog/run.sh [lines]
set -euo pipefail
cd "$(dirname "$0")/../.."
lines=${1:-200000}
work=$(mktemp -d /tmp/fwgw-syslog-bench-XXXX)
trap 'rm -rf "$work"' EXIT

dotnet build -c Release -nologo -v q bench/Syslog >/dev/null
bench="dotnet bench/Syslog/bin/Release/net10.0/FirewallGateway.Syslog.Bench.dll"

$bench generate "$work/auth.log" "$lines"
echo "== fail2ban-regex (anchor): $(fail2ban-regex --version 2>&1 | head -1)"
TIMEFORMAT='%U %S'
{ time fail2ban-regex "$work/auth.log" /etc/fail2ban/filter.d/sshd.conf >"$work/f2b.out" ; } 2>"$work/f2b.time"
grep -E '^Lines:|processed in' "$work/f2b.out"
f2b_sec=$(sed -n 's/.*processed in \([0-9.]*\) sec.*/\1/p' "$work/f2b.out")
f2b_cpu=$(awk '{ print $1 + $2 }' "$work/f2b.time")
echo "fail2ban-regex CPU (user+sys, whole process): ${f2b_cpu} s"

echo "== gateway rules engine (parser + all built-in rules, lines in memory, median of 15 rounds after a warm-up round)"
engine_out=$($bench engine "$work/auth.log" 15 --addresses "$work/ours.txt")
echo "$engine_out"
ours_lps=$(echo "$engine_out" | sed -n 's/.*= \([0-9]*\) lines\/s.*/\1/p')
ours_cpu_lps=$(echo "$engine_out" | sed -n 's/.*= \([0-9]*\) lines per CPU-second.*/\1/p')

echo "== attackers: addresses fail2ban-regex -o ip reports that the sshd rule did not match (must be 0)"
fail2ban-regex -o ip "$work/auth.log" /etc/fail2ban/filter.d/sshd.conf 2>/dev/null | sort -u >"$work/f2b.txt"
sort -u "$work/ours.txt" >"$work/ours.sorted"
echo "fail2ban addresses: $(wc -l <"$work/f2b.txt"), gateway sshd addresses: $(wc -l <"$work/ours.sorted"), missed by gateway: $(comm -23 "$work/f2b.txt" "$work/ours.sorted" | wc -l)"

awk -v l="$lines" -v s="$f2b_sec" -v o="$ours_lps" 'BEGIN { f = l / s; printf "RESULT wall: fail2ban-regex %.0f lines/s (its own processed-in time), gateway engine %d lines/s, ratio %.1fx\n", f, o, o / f }'
awk -v l="$lines" -v c="$f2b_cpu" -v o="$ours_cpu_lps" 'BEGIN { f = l / c; printf "RESULT CPU: fail2ban-regex %.0f lines per CPU-second, gateway engine %d lines per CPU-second, ratio %.1fx\n", f, o, o / f }'

echo "== rules test as a whole process (the published binary), imported sshd filter, fail2ban-regex: one hyperfine run"
bash bench/Syslog/cli.sh "$lines" 2

echo "== UDP ingest (receiver and load generator share the machine's cores)"
# One sending thread is capped near 200,000/s by its own system calls (loopback delivers in the sender's call);
# two senders offer more than the receiver takes, so its processed rate is its capacity (the excess is UDP loss).
$bench udp 1000000 0 1
$bench udp 2000000 0 2
$bench udp 500000 50000
echo "== failure-window memory"
$bench memory 1000000 1000000
$bench memory 1000000 100000
