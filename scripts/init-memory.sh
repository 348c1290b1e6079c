#!/usr/bin/env bash
# An Init's peak live memory above its input, each store beside its raw client's bulk path (issue 30,
# docs/performance.md), on the servers .ci/run starts.
#
#   scripts/init-memory.sh Postgres                  one class (a part of its name), 10,000 and 100,000 items
#   scripts/init-memory.sh DynamoDb 1000,10000       other counts
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dotnet build -c Release "$root/benchmarks/StoreKit.Benchmarks" >/dev/null
exec "$root/.ci/run" -- dotnet run -c Release --no-build --project "$root/benchmarks/StoreKit.Benchmarks" -- --init-memory "$@"
