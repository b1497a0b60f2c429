#!/bin/sh
# Checks that the hand-written program scores a file as rubric does:
#   compare_baseline_score.sh RUBRIC BASELINE STANDARD DATA.csv WORK_DIR
# runs `RUBRIC score STANDARD DATA.csv --format csv` and `BASELINE DATA.csv`, then compares
# the two CSV files: identical, or the same but for numbers within 1e-9 (relative to
# max(1, |value|)). rubric's `rank` lines (ENTITY,PERIOD,rank,N), which the baseline does not
# compute, are left out of the comparison.
set -eu
if [ "$#" -ne 5 ]; then
  echo "usage: $0 RUBRIC BASELINE STANDARD DATA.csv WORK_DIR" >&2
  exit 2
fi
rubric=$1 baseline=$2 standard=$3 data=$4 work=$5
mkdir -p "$work"
"$rubric" score "$standard" "$data" --format csv --out "$work/rubric.csv" 2>"$work/rubric.log" || {
  cat "$work/rubric.log" >&2
  echo "rubric score failed" >&2
  exit 1
}
awk -F, '$3 != "rank"' "$work/rubric.csv" >"$work/rubric.ranked.csv"
mv "$work/rubric.ranked.csv" "$work/rubric.csv"
"$baseline" "$data" "$work/baseline.csv"
if cmp -s "$work/rubric.csv" "$work/baseline.csv"; then
  echo "identical: $(wc -l <"$work/rubric.csv") lines"
  exit 0
fi
# Each line is PREFIX,LAST; the prefixes must match and the last fields be equal or close.
awk -v tolerance=1e-9 '
  function last(line) { return substr(line, match(line, /[^,]*$/)) }
  function prefix(line) { return substr(line, 1, match(line, /[^,]*$/) - 1) }
  function numeric(s) { return s ~ /^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$/ }
  function abs(x) { return x < 0 ? -x : x }
  NR == FNR { want[FNR] = $0; lines = FNR; next }
  {
    seen = FNR
    if (FNR > lines) { print "baseline has extra line " FNR ": " $0; bad = 1; exit }
    a = want[FNR]; b = $0
    if (a == b) next
    x = last(a); y = last(b)
    scale = abs(x + 0) > 1 ? abs(x + 0) : 1
    if (prefix(a) != prefix(b) || !numeric(x) || !numeric(y) || abs(x - y) > tolerance * scale) {
      print "line " FNR " differs:\n  rubric:   " a "\n  baseline: " b; bad = 1; exit
    }
    close_enough++
  }
  END {
    if (!bad && seen < lines) { print "baseline stops at line " seen " of " lines; bad = 1 }
    if (bad) exit 1
    print "equal within " tolerance ": " lines " lines (" close_enough " numbers differ slightly)"
  }
' "$work/rubric.csv" "$work/baseline.csv"
