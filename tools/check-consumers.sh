#!/bin/sh
# Builds and runs the two consumers of an installed rubric from outside the source tree: a
# C++ program with CMake find_package(rubric) (tests/consumers/cpp), and the C example with
# plain `cc $(pkg-config --cflags --libs rubric)` (examples/embed/embed.c); checks that both
# used the rubric installed in PREFIX (its CMake package, and its librubric.so at run time),
# not another one.
#
#   tools/check-consumers.sh PREFIX LIBDIR WORK_DIR [--system]
#
# LIBDIR is the folder of librubric.so under PREFIX. Without --system, PREFIX is given to
# CMake (CMAKE_PREFIX_PATH) and pkg-config (PKG_CONFIG_PATH), and the C program gets an
# rpath to LIBDIR; with --system (a package installed in /usr), nothing is given: the
# consumers are built as a user would build them after installing the packages.
# Used by tools/check-install.sh and tools/check-deb.sh.
set -eu

prefix=$1
libdir=$2
work=$3
system=${4:-}
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$work"

# Fails unless PATH (resolved) is inside DIR.
inside() {
  case "$(realpath "$1")/" in
    "$(realpath "$2")"/*) ;;
    *) echo "rubric: $3 is $1, not under $2"; exit 1 ;;
  esac
}

echo "rubric: C++ consumer (find_package)"
rm -rf "$work/cpp"
cp -r "$root/tests/consumers/cpp" "$work/cpp"
if [ "$system" = --system ]; then
  cmake -S "$work/cpp" -B "$work/cpp/build" -G Ninja -DCMAKE_BUILD_TYPE=Release > /dev/null
else
  cmake -S "$work/cpp" -B "$work/cpp/build" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" \
    -DCMAKE_BUILD_TYPE=Release > /dev/null
fi
cmake --build "$work/cpp/build" > /dev/null
package_dir=$(sed -n 's/^rubric_DIR:PATH=//p' "$work/cpp/build/CMakeCache.txt")
inside "$package_dir" "$prefix" "find_package(rubric)'s rubric_DIR"
echo "rubric: found $package_dir"
"$work/cpp/build/consumer"

echo "rubric: C consumer (pkg-config)"
cp "$root/examples/embed/embed.c" "$work/embed.c"
if [ "$system" = --system ]; then
  # shellcheck disable=SC2046
  cc -std=c99 -pedantic -Wall -Wextra -Werror "$work/embed.c" -o "$work/embed" \
    $(pkg-config --cflags --libs rubric)
else
  # shellcheck disable=SC2046
  PKG_CONFIG_PATH="$libdir/pkgconfig" && export PKG_CONFIG_PATH &&
    cc -std=c99 -pedantic -Wall -Wextra -Werror "$work/embed.c" -o "$work/embed" \
      $(pkg-config --cflags --libs rubric) -Wl,-rpath,"$libdir"
fi
inside "$(pkg-config --variable=libdir rubric)" "$prefix" "pkg-config's libdir of rubric"
loaded=$(ldd "$work/embed" | awk '$1 ~ /^librubric\.so/ { print $3 }')
inside "$loaded" "$libdir" "the librubric the C program loads"
echo "rubric: embed loads $loaded"
"$work/embed" "$root/examples/consortium/standard.rubric" "$root/examples/consortium/cities.csv" \
  > "$work/embed.out"
head -n 3 "$work/embed.out"
