#!/bin/sh
# Installs a build into a temporary prefix and builds consumers against it from outside the
# source tree: a C++ program with CMake find_package(rubric), the C example with plain
# `cc $(pkg-config --cflags --libs rubric)`; runs both, and checks the installed
# librubric.so's exported symbols and ABI.
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

echo "rubric: C++ consumer (find_package)"
cp -r "$root/tests/consumers/cpp" "$work/cpp"
cmake -S "$work/cpp" -B "$work/cpp/build" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_BUILD_TYPE=Release > /dev/null
cmake --build "$work/cpp/build" > /dev/null
"$work/cpp/build/consumer"

echo "rubric: C consumer (pkg-config)"
cp "$root/examples/embed/embed.c" "$work/embed.c"
export PKG_CONFIG_PATH="$libdir/pkgconfig"
# shellcheck disable=SC2046
cc -std=c99 -pedantic -Wall -Wextra -Werror "$work/embed.c" -o "$work/embed" \
  $(pkg-config --cflags --libs rubric) -Wl,-rpath,"$libdir"
"$work/embed" "$root/examples/consortium/standard.rubric" "$root/examples/consortium/cities.csv" \
  > "$work/embed.out"
head -n 3 "$work/embed.out"

echo "rubric: exported symbols and ABI of the installed library"
nm -D --defined-only "$libdir/librubric.so" | awk '{print $3}' | sort | uniq -c | awk '$1 > 1' \
  | grep . && { echo "duplicate symbols"; exit 1; }
"$root/tools/check-abi.sh" "$libdir/librubric.so"
