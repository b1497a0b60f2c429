#!/usr/bin/env bash
# Runs every libFuzzer target for a bounded time on a copy of its seed corpus; fails on any
# crash, leak, sanitizer report or input slower than the per-input timeout (a hang).
#
#   tests/fuzz/run.sh BUILD_DIR [SECONDS_PER_TARGET] [TARGET...]
#
# Findings are written to BUILD_DIR/fuzz-findings/TARGET/; each one, once fixed, goes into
# tests/fuzz/regressions/TARGET/, which the FuzzReplay.TARGET tests replay in every build.
set -euo pipefail

if [[ $# -lt 1 ]]; then
  echo "usage: $0 BUILD_DIR [SECONDS_PER_TARGET] [TARGET...]" >&2
  exit 2
fi
build=$1
seconds=${2:-60}
shift $(($# < 2 ? $# : 2))
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then targets=(compile standard csv capi xlsx decision_log service); fi
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for target in "${targets[@]}"; do
  findings=$build/fuzz-findings/$target
  mkdir -p "$work/$target" "$findings"
  dict=()
  if [[ -f $here/$target.dict ]]; then dict=(-dict="$here/$target.dict"); fi
  echo "fuzz_$target: $seconds s"
  if ! ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$build/tests/fuzz/fuzz_$target" "${dict[@]}" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 -artifact_prefix="$findings/" \
    "$work/$target" "$here/corpus/$target" > "$work/$target.log" 2>&1; then
    echo "fuzz_$target FAILED; the log ends:"
    tail -n 60 "$work/$target.log"
    status=1
  fi
  grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb|^#[0-9]+ +DONE" "$work/$target.log" || true
done
exit $status
