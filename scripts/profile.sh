#!/usr/bin/env bash
# A CPU profile of one benchmark's operation (benchmarks/StoreKit.Benchmarks/Profiling/ProfileLoop.cs)
# with Linux perf, the JIT writing its perf map so managed frames have names (W^X off: with it on,
# JIT code runs from an anonymous double mapping perf cannot match to the map).
#
#   scripts/profile.sh <scenario> [seconds]     e.g. scripts/profile.sh upsert-expiring 10
#
# Prints the hottest symbols (self time) and keeps perf.data under artifacts/profile/<scenario>/ for
# `perf report -i ... --children`. Needs perf (linux-perf) and perf_event_paranoid <= 2.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
scenario="${1:?scenario: upsert-bare upsert-nocache upsert-expiring upsert-infinite hits-expiring hits-infinite coalesced coalesced-handrolled}"
seconds="${2:-10}"
out="$root/artifacts/profile/$scenario"
mkdir -p "$out"
dotnet build -c Release "$root/benchmarks/StoreKit.Benchmarks" -v:q -nologo >/dev/null
exe="$root/benchmarks/StoreKit.Benchmarks/bin/Release/net10.0/StoreKit.Benchmarks"
# Tiered compilation's final tier is what the benchmarks measure; a second of warm-up is dropped by
# starting perf late (--delay, milliseconds).
DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 perf record -F 2999 -g --delay 2000 -o "$out/perf.data" "$exe" --profile "$scenario" "$((seconds + 2))"
perf report -i "$out/perf.data" --stdio --no-children --sort symbol --percent-limit 1 -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -40
