#!/usr/bin/env bash
# Whole-process comparison of `rubric score --format csv` with the hand-written program
# (rubric_baseline_score) on generated data for the consortium standard: wall time and peak
# resident memory, measured by GNU time.
#
#   bench/whole_process.sh BUILD_DIR [ENTITIES] [PERIODS]
#
# Defaults: 25000 entities x 4 periods = 100,000 entity-periods. RUNS (default 3) runs of each
# program; the table shows the fastest run's wall time and the largest peak memory. The two
# result files must be identical (else numerically equal within 1e-9).
set -euo pipefail

if [[ $# -lt 1 || $# -gt 3 ]]; then
  echo "usage: $0 BUILD_DIR [ENTITIES] [PERIODS]" >&2
  exit 2
fi
build=$1
entities=${2:-25000}
periods=${3:-4}
runs=${RUNS:-3}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
standard=$here/../examples/consortium/standard.rubric
rubric=$build/bin/rubric
baseline=$build/bin/rubric_baseline_score
for program in "$rubric" "$baseline"; do
  if [[ ! -x $program ]]; then
    echo "$0: $program not found; build the project with benchmarks first" >&2
    exit 2
  fi
done
if [[ ! -x /usr/bin/time ]]; then
  echo "$0: needs GNU time at /usr/bin/time" >&2
  exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$rubric" generate "$standard" --entities "$entities" --periods "$periods" --seed 1 \
  --out "$work/data.csv" 2>/dev/null
echo "data: $entities entities x $periods periods = $((entities * periods)) entity-periods," \
  "$(($(stat -c %s "$work/data.csv") / 1000000)) MB of long CSV"

# measure NAME COMMAND...: runs it $runs times; sets best_seconds and peak_kb.
measure() {
  local name=$1
  shift
  best_seconds='' peak_kb=0
  for ((i = 0; i < runs; ++i)); do
    if ! /usr/bin/time -f '%e %M' -o "$work/$name.time" "$@" >/dev/null 2>"$work/$name.log"; then
      cat "$work/$name.log" >&2
      echo "$0: $name failed" >&2
      exit 1
    fi
    local seconds kb
    read -r seconds kb <"$work/$name.time"
    if [[ -z $best_seconds ]] || awk -v a="$seconds" -v b="$best_seconds" 'BEGIN { exit !(a < b) }'; then
      best_seconds=$seconds
    fi
    if ((kb > peak_kb)); then peak_kb=$kb; fi
  done
}

measure rubric "$rubric" score "$standard" "$work/data.csv" --format csv --out "$work/rubric.csv"
rubric_seconds=$best_seconds rubric_kb=$peak_kb
measure baseline "$baseline" "$work/data.csv" "$work/baseline.csv"
baseline_seconds=$best_seconds baseline_kb=$peak_kb

awk -v rs="$rubric_seconds" -v rk="$rubric_kb" -v bs="$baseline_seconds" -v bk="$baseline_kb" \
  -v runs="$runs" 'BEGIN {
  printf "%-22s %10s %12s\n", "program (best of " runs ")", "wall s", "peak RSS MB"
  printf "%-22s %10.2f %12.1f\n", "rubric score", rs, rk / 1024
  printf "%-22s %10.2f %12.1f\n", "rubric_baseline_score", bs, bk / 1024
  printf "%-22s %10s %12s\n", "rubric / baseline",
         (bs > 0 ? sprintf("%.2fx", rs / bs) : "-"), sprintf("%.2fx", rk / bk)
}'

# rubric's `rank` lines (ENTITY,PERIOD,rank,N) have no counterpart in the baseline.
awk -F, '$3 != "rank"' "$work/rubric.csv" >"$work/rubric.without-rank.csv"
if cmp -s "$work/rubric.without-rank.csv" "$work/baseline.csv"; then
  echo "results: identical but for rubric's rank lines ($(wc -l <"$work/baseline.csv") lines)"
else
  echo "results: the files differ; comparing numerically"
  "$here/compare_baseline_score.sh" "$rubric" "$baseline" "$standard" "$work/data.csv" \
    "$work/compare" | sed 's/^/  /'
fi
