#!/usr/bin/env bash
# Publishes the gateway exactly as the package ships it: self-contained for linux-x64, ReadyToRun with the
# runtime settings of Gateway/Host/FirewallGateway.csproj, and beside it firewallgateway-rules, `rules test`
# compiled ahead of time (Native AOT, Gateway/RulesCli; needs clang), which the installed CLI runs for `rules`.
# eng/package.sh, the README and the benchmarks use it, so what is measured is what is installed.
# Usage: bash eng/publish.sh OUTPUT_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: bash eng/publish.sh OUTPUT_DIR}
# Only the host projects build for the runtime identifier; the libraries they reference are RID-agnostic, so an
# earlier `dotnet build -c Release` of the solution is reused.
dotnet publish Gateway/Host/FirewallGateway.csproj -c Release -r linux-x64 --self-contained true \
  -nologo -clp:ErrorsOnly -m:1 -o "$out" >&2
# The native binary alone: the managed assemblies it was compiled from are already there (the same build).
native=$(mktemp -d "${TMPDIR:-/tmp}/firewallgateway-rules.XXXXXX")
trap 'rm -rf "$native"' EXIT
dotnet publish Gateway/RulesCli/FirewallGateway.RulesCli.csproj -c Release -r linux-x64 \
  -nologo -clp:ErrorsOnly -m:1 -o "$native" >&2
install -m 0755 "$native/firewallgateway-rules" "$out/firewallgateway-rules"
