#!/bin/sh
# Installs a build into a temporary prefix and builds consumers against it from outside the
# source tree (tools/check-consumers.sh): a C++ program with CMake find_package(rubric), the
# C example with plain `cc $(pkg-config --cflags --libs rubric)`; runs both, and checks the
# installed librubric.so's exported symbols and ABI. tools/check-deb.sh does the same with
# the Debian packages.
#
#   tools/check-install.sh BUILD_DIR
set -eu

build=$1
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix

cmake --install "$build" --prefix "$prefix" > /dev/null
libdir=$prefix/lib
[ -d "$libdir" ] || libdir=$(dirname "$(find "$prefix" -name 'librubric.so' | head -n1)")

"$root/tools/check-consumers.sh" "$prefix" "$libdir" "$work"

echo "rubric: exported symbols and ABI of the installed library"
nm -D --defined-only "$libdir/librubric.so" | awk '{print $3}' | sort | uniq -c | awk '$1 > 1' \
  | grep . && { echo "duplicate symbols"; exit 1; }
"$root/tools/check-abi.sh" "$libdir/librubric.so"
