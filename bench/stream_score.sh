#!/usr/bin/env bash
# `rubric score --stream` against `rubric score` on generated wide data for the consortium
# standard (which reads one period back): wall time and peak resident memory (GNU time),
# and the outputs compared byte for byte.
#
#   bench/stream_score.sh BUILD_DIR [ENTITIES] [PERIODS]
#
# Defaults: 100000 entities x 10 periods = 1,000,000 entity-periods (about 850 MB of wide
# CSV). `rubric generate` writes each entity's periods together; the file is also sorted by
# period (as a statistics office would keep a panel) and scored with --stream again.
set -euo pipefail

if [[ $# -lt 1 || $# -gt 3 ]]; then
  echo "usage: $0 BUILD_DIR [ENTITIES] [PERIODS]" >&2
  exit 2
fi
build=$1
entities=${2:-100000}
periods=${3:-10}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
standard=$here/../examples/consortium/standard.rubric
rubric=$build/bin/rubric
if [[ ! -x $rubric ]]; then
  echo "$0: $rubric not found; build the project first" >&2
  exit 2
fi
if [[ ! -x /usr/bin/time ]]; then
  echo "$0: needs GNU time at /usr/bin/time (Debian package time)" >&2
  exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$rubric" generate "$standard" --entities "$entities" --periods "$periods" --seed 1 --wide \
  --out "$work/data.csv" 2>/dev/null
{
  head -n 1 "$work/data.csv"
  tail -n +2 "$work/data.csv" | LC_ALL=C sort -t, -k2,2n -s -T "$work"
} >"$work/by-period.csv"
echo "data: $entities entities x $periods periods = $((entities * periods)) entity-periods," \
  "$(($(stat -c %s "$work/data.csv") / 1000000)) MB of wide CSV"

printf '%-40s %10s %12s\n' "rubric score --format csv --wide" "wall s" "peak RSS MB"
# run NAME DATA [--stream]: scores DATA into $work/NAME.csv and prints a line of figures.
run() {
  local name=$1 data=$2
  shift 2
  if ! /usr/bin/time -f '%e %M' -o "$work/$name.time" "$rubric" score "$standard" "$data" \
    --format csv --wide "$@" --out "$work/$name.csv" 2>"$work/$name.log"; then
    cat "$work/$name.log" >&2
    echo "$0: $name failed" >&2
    exit 1
  fi
  local seconds kb
  read -r seconds kb <"$work/$name.time"
  awk -v n="$name" -v s="$seconds" -v k="$kb" 'BEGIN { printf "%-40s %10.2f %12.1f\n", n, s, k / 1024 }'
}
run "whole file" "$work/data.csv"
run "--stream, grouped by entity" "$work/data.csv" --stream
run "--stream, sorted by period" "$work/by-period.csv" --stream

# The same warnings, naming the file scored (in the order of its rows).
normalize() { sed "s|$2|DATA|g" "$work/$1.log" | sort; }
for name in "--stream, grouped by entity" "--stream, sorted by period"; do
  data=$work/data.csv
  [[ $name == *period ]] && data=$work/by-period.csv
  if cmp -s "$work/whole file.csv" "$work/$name.csv" &&
    [[ "$(normalize "whole file" "$work/data.csv")" == "$(normalize "$name" "$data")" ]]; then
    echo "$name: output and warnings identical to the whole file's" \
      "($(wc -l <"$work/$name.csv") lines)"
  else
    echo "$0: $name: the output or the warnings differ from the whole file's" >&2
    exit 1
  fi
done
