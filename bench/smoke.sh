#!/usr/bin/env bash
# A short run of every benchmark suite on small sizes, for CI: checks that the benchmarks
# build, run and agree with the baselines, never how fast they are (timings on a shared CI
# machine mean nothing; docs/benchmarks.md holds measured figures).
#
#   bench/smoke.sh BUILD_DIR
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 BUILD_DIR" >&2
  exit 2
fi
build=$1
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
small='/(1|250|1000)$|/1/100000$|Consortium$|Variant$|LoadCsvLong$'

"$build/bench/rubric_bench" --benchmark_filter="$small" --benchmark_min_time=0.01
"$build/bench/rubric_ingest_bench" --benchmark_filter='/250$' --benchmark_min_time=0.01
"$build/bench/rubric_goal_bench" --benchmark_filter="GoalQuery|FullEvaluation" --benchmark_min_time=0.01
"$build/bench/rubric_sensitivity_bench" --benchmark_filter="FastPath/10000/1|BruteForce" --benchmark_min_time=0.01
"$build/bench/rubric_capi_bench" --benchmark_min_time=0.01
"$build/bench/rubric_service_bench" --benchmark_min_time=0.01
RUNS=1 "$here/whole_process.sh" "$build" 250 4
"$here/stream_score.sh" "$build" 250 4
