#!/usr/bin/env bash
# Mutation testing of the sample stores with Stryker.NET (issue 19, docs/conformance/mutation.md).
#
# Measures the conformance kit, not the stores' own unit tests: each run mutates one store project
# (only the files named in scripts/mutation/<store>.json, its contract code) and runs only the
# kit's suites against it (test-case-filter FullyQualifiedName~ConformanceTests), so a mutant
# counts as killed only when a conformance test catches it.
#
#   scripts/mutation.sh [store...]     default: inmemory sql sqlite
#
# Stores: inmemory sql sqlite (no server needed) and postgres redis etcd dynamodb dynamodb-state (its state store alone) dynamodb-persistent (its persistent store and what both share) azuretables (its state store) azuretables-persistent memcached, which
# need their server exactly as their conformance tests do (STOREKIT_POSTGRES, STOREKIT_REDIS, ...;
# see docs/conformance/README.md). Each run uses two workers (--concurrency 2 in the config) and is
# bounded by MUTATION_TIMEOUT seconds (default 1800); a run that hits it fails rather than hangs.
# Reports go to artifacts/mutation/<store>/reports/ (mutation-report.json, .md, .html); a one-line
# summary per store is printed and appended to artifacts/mutation/summary.tsv, and the surviving and
# uncovered mutants are listed in artifacts/mutation/<store>/missed.tsv.
#
# Never part of .ci/run: a run takes minutes per store and the score is a measurement, not a gate.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

declare -A tests=(
  [inmemory]=tests/StoreKit.Samples.InMemory.Tests
  [sql]=tests/StoreKit.Samples.Sqlite.Tests
  [sqlite]=tests/StoreKit.Samples.Sqlite.Tests
  [postgres]=tests/StoreKit.Samples.Postgres.Tests
  [redis]=tests/StoreKit.Samples.Redis.Tests
  [etcd]=tests/StoreKit.Samples.Etcd.Tests
  [dynamodb]=tests/StoreKit.Samples.DynamoDb.Tests
  [dynamodb-state]=tests/StoreKit.Samples.DynamoDb.Tests
  [dynamodb-persistent]=tests/StoreKit.Samples.DynamoDb.Tests
  [azuretables]=tests/StoreKit.Samples.AzureTables.Tests
  [azuretables-persistent]=tests/StoreKit.Samples.AzureTables.Tests
  [memcached]=tests/StoreKit.Samples.Memcached.Tests
)

stores=("$@")
if [[ ${#stores[@]} -eq 0 ]]; then stores=(inmemory sql sqlite); fi
for store in "${stores[@]}"; do
  if [[ -z "${tests[$store]:-}" ]]; then
    echo "unknown store '$store'; one of: ${!tests[*]}" >&2
    exit 2
  fi
done

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet tool restore >/dev/null
mkdir -p artifacts/mutation

for store in "${stores[@]}"; do
  out="$root/artifacts/mutation/$store"
  rm -rf "$out"
  echo "== $store: mutating $(jq -r '."stryker-config".project' "scripts/mutation/$store.json") against ${tests[$store]} (conformance suites only)"
  # Stryker runs from the test project (one test project, one project under test named in the config).
  (cd "${tests[$store]}" && timeout "${MUTATION_TIMEOUT:-1800}" \
    dotnet stryker --config-file "$root/scripts/mutation/$store.json" --output "$out" --skip-version-check)
  report="$out/reports/mutation-report.json"
  # Score as Stryker computes it: detected (killed + timeout) over valid mutants (those plus survived
  # and no coverage); ignored and compile errors are left out.
  jq -r --arg store "$store" '
    [.files[].mutants[].status] as $s
    | def n(x): [$s[] | select(. == x)] | length;
    (n("Killed") + n("Timeout")) as $detected
    | ($detected + n("Survived") + n("NoCoverage")) as $valid
    | [$store, ($s | length), n("Killed"), n("Survived"), n("NoCoverage"), n("Timeout"), n("Ignored"), n("CompileError"),
       (if $valid == 0 then "n/a" else (($detected * 10000 / $valid | round) / 100 | tostring) + "%" end)]
    | @tsv' "$report" | tee -a artifacts/mutation/summary.tsv
  # The mutants the kit missed, one line each, for docs/conformance/mutation.md's verdicts.
  jq -r '.files | to_entries[] | .key as $file | .value.mutants[]
    | select(.status == "Survived" or .status == "NoCoverage")
    | "\(.status)\t\($file | split("/") | last):\(.location.start.line)\t\(.mutatorName)\t\(.replacement // "" | gsub("\n"; " ") | .[0:100])"' \
    "$report" | sort -k2,2V > "$out/missed.tsv"
  echo "   missed mutants: $out/missed.tsv"
done
echo "columns: store, mutants, killed, survived, no coverage, timeout, ignored, compile errors, score"
