#!/usr/bin/env bash
# The backend benchmarks (issue 30, docs/performance.md "On a real backend"): each store beside its
# backend's own client, on every server .ci/run starts (the same versions, ports and settings).
#
#   scripts/backend-benchmarks.sh                      every backend
#   scripts/backend-benchmarks.sh '*Postgres*' ...     BenchmarkDotNet filters
#
# Results land in BenchmarkDotNet.Artifacts/results/ (Markdown, CSV); scripts/benchmark-chart.py makes
# the SVG charts from the CSVs.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
filters=("$@")
if [[ ${#filters[@]} -eq 0 ]]; then filters=('StoreKit.Benchmarks.Backends.*'); fi
dotnet build -c Release "$root/benchmarks/StoreKit.Benchmarks" >/dev/null
exec "$root/.ci/run" -- dotnet run -c Release --no-build --project "$root/benchmarks/StoreKit.Benchmarks" -- \
  --filter "${filters[@]}" --buildTimeout 1200 --artifacts "$root/BenchmarkDotNet.Artifacts"
