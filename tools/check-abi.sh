#!/bin/sh
# Checks librubric.so against the committed ABI baseline (capi/abi/):
# - the exported dynamic symbols are rubric_* functions and the RUBRIC_<major> version node,
#   and none of the baseline's symbols has disappeared;
# - abidiff (Debian package abigail-tools) finds no incompatible change.
#
#   tools/check-abi.sh LIBRARY            check
#   tools/check-abi.sh LIBRARY --update   write a new baseline (for a release that adds API)
set -eu

library=$1
root=$(cd "$(dirname "$0")/.." && pwd)
baseline=$root/capi/abi/librubric.abi
symbols=$root/capi/abi/symbols.txt
current=$(mktemp)
trap 'rm -f "$current"' EXIT

nm -D --defined-only "$library" | awk '{print $3}' | sed 's/@.*//' | sort -u > "$current"

if [ "${2:-}" = "--update" ]; then
  cp "$current" "$symbols"
  chmod 644 "$symbols"
  abidw --header-file "$root/capi/rubric.h" --drop-private-types --exported-interfaces-only \
    --no-show-locs --no-corpus-path --no-comp-dir-path --out-file "$baseline" "$library"
  # Keep the baseline free of the build machine's paths.
  sed -i "s|path='$root/|path='|g" "$baseline"
  echo "rubric: ABI baseline updated ($(wc -l < "$symbols") symbols)"
  exit 0
fi

status=0
unexpected=$(grep -v -E '^(rubric_[a-z0-9_]+|RUBRIC_[0-9]+)$' "$current" || true)
if [ -n "$unexpected" ]; then
  echo "rubric: exported symbols outside the rubric_ namespace:"
  echo "$unexpected"
  status=1
fi
removed=$(comm -23 "$symbols" "$current")
if [ -n "$removed" ]; then
  echo "rubric: symbols removed since the baseline (an incompatible change):"
  echo "$removed"
  status=1
fi
added=$(comm -13 "$symbols" "$current")
if [ -n "$added" ]; then
  echo "rubric: new symbols (compatible; update the baseline when releasing):"
  echo "$added"
fi

set +e
abidiff --exported-interfaces-only --drop-private-types --hf2 "$root/capi/rubric.h" \
  "$baseline" "$library"
rc=$?
set -e
# abidiff's exit status is a bit set: 1 error, 2 usage error, 4 ABI change, 8 incompatible.
if [ $((rc & 11)) -ne 0 ]; then
  echo "rubric: abidiff reports an incompatible ABI change or failed (status $rc)"
  status=1
elif [ $((rc & 4)) -ne 0 ]; then
  echo "rubric: abidiff reports compatible ABI additions"
fi
[ $status -eq 0 ] && echo "rubric: ABI check passed ($(wc -l < "$current") exported symbols)"
exit $status
