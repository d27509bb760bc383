#!/usr/bin/env bash
# Publishes the gateway exactly as the package ships it: self-contained for linux-x64, ReadyToRun with the
# runtime settings of Gateway/Host/FirewallGateway.csproj. eng/package.sh, the README and the benchmarks use it,
# so what is measured is what is installed.
# Usage: bash eng/publish.sh OUTPUT_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: bash eng/publish.sh OUTPUT_DIR}
# Only the host project builds for the runtime identifier; the libraries it references are RID-agnostic, so an
# earlier `dotnet build -c Release` of the solution is reused.
dotnet publish Gateway/Host/FirewallGateway.csproj -c Release -r linux-x64 --self-contained true \
  -nologo -clp:ErrorsOnly -m:1 -o "$out" >&2
