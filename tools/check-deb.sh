#!/bin/sh
# The Debian packages of a build (cmake/RubricPackage.cmake): builds them with
# `cpack -G DEB`, inspects them (names, versions, dependencies, where every file goes),
# installs them with apt-get, builds and runs the C and C++ consumers against the installed
# packages (tools/check-consumers.sh, as tools/check-install.sh does with a staging
# prefix), runs the installed rubric program and the Python binding's library finder, and
# removes them again (apt-get remove --purge), also when a step fails. Runs as root or
# through sudo; meant for CI machines: packages named librubric0, librubric-dev or rubric
# that are installed when it starts are removed first.
#
#   tools/check-deb.sh BUILD_DIR
set -eu

build=$(cd "$1" && pwd)
root=$(cd "$(dirname "$0")/.." && pwd)
packages="librubric0 librubric-dev rubric"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

installed_packages() {
  for package in $packages; do
    if dpkg-query -W -f='${Status}' "$package" 2> /dev/null | grep -q "install ok installed"; then
      echo "$package"
    fi
  done
}

remove_packages() {
  installed=$(installed_packages)
  if [ -n "$installed" ]; then
    # shellcheck disable=SC2086
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get remove --purge -y -qq $installed > /dev/null
  fi
}

fail() {
  echo "rubric: $*"
  exit 1
}

work=$(mktemp -d)
cleanup() {
  status=$?
  remove_packages
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
if [ -n "$(installed_packages)" ]; then
  echo "rubric: removing the rubric packages installed before: $(installed_packages | xargs)"
  remove_packages
fi

echo "rubric: Debian packages (cpack -G DEB)"
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")
rm -f "$build"/packages/*.deb
(cd "$build" && cpack -G DEB > "$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; exit 1; }
for package in $packages; do
  set -- "$build"/packages/"${package}"_*.deb
  if [ $# -ne 1 ] || [ ! -f "$1" ]; then fail "cpack wrote no single $package package"; fi
  deb=$1
  field() { dpkg-deb -f "$deb" "$1"; }
  echo "$(basename "$deb"): $(field Section), $(field Installed-Size) kB"
  echo "  Depends: $(field Depends)"
  [ "$(field Package)" = "$package" ] || fail "$deb is package $(field Package)"
  case "$(field Version)" in "$version"-*) ;; *) fail "$package has version $(field Version)" ;; esac
  dpkg-deb -c "$deb" | awk '{ print $6 }' | sed 's|^\./|/|' > "$work/$package.files"
  grep -q "^/usr/share/doc/$package/copyright$" "$work/$package.files" \
    || fail "$package has no /usr/share/doc/$package/copyright"
  grep -v '^/usr/' "$work/$package.files" | grep -qv '^/$' && fail "$package installs outside /usr"
  grep -Eq '^/usr/local/|_CPack_Packages|/build/' "$work/$package.files" \
    && fail "$package installs into a build or local path"
  grep -q '^/usr/share/doc/[^/]*/changelog.Debian.gz$' "$work/$package.files" \
    || fail "$package has no changelog.Debian.gz"
done
# Where the files go, and what each package needs.
has() { grep -Eq "$2" "$work/$1.files" || fail "$1 lacks $2"; }
depends() { dpkg-deb -f "$build"/packages/"$1"_*.deb Depends | grep -Eq "$2" || fail "$1 does not depend on $2"; }
lib='^/usr/lib/([a-z0-9_]+-linux-gnu[a-z0-9_]*/)?'
has librubric0 "${lib}librubric\.so\.0$"
has librubric0 "${lib}librubric\.so\.$version$"
grep -Eq '\.(h|a|pc|cmake)$|/bin/' "$work/librubric0.files" && fail "librubric0 holds development files"
has librubric-dev "${lib}librubric\.so$"
has librubric-dev '^/usr/include/rubric\.h$'
has librubric-dev '^/usr/include/rubric/session\.h$'
has librubric-dev '^/usr/include/rubric/version\.h$'
has librubric-dev "${lib}librubric_core\.a$"
has librubric-dev "${lib}pkgconfig/rubric\.pc$"
has librubric-dev "${lib}cmake/rubric/rubricConfig\.cmake$"
has librubric-dev '^/usr/share/rubric/python/rubric/_paths\.py$'
has rubric '^/usr/bin/rubric$'
depends librubric0 'libabsl'
depends librubric0 'libstdc\+\+6'
depends librubric-dev "librubric0 \(= $version-[0-9]+\)"
depends rubric 'libxlsxwriter'
depends rubric 'libzip'

# Debian's package checker, when it is installed (not needed by CI): no errors.
if command -v lintian > /dev/null; then
  lintian --fail-on error "$build"/packages/*.deb > "$work/lintian.log" 2>&1 \
    || { cat "$work/lintian.log"; fail "lintian reports errors"; }
  grep -v '^running with root' "$work/lintian.log" || true
fi

echo "rubric: apt-get install"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
  "$build"/packages/librubric0_*.deb "$build"/packages/librubric-dev_*.deb \
  "$build"/packages/rubric_*.deb > "$work/apt.log" 2>&1 || { cat "$work/apt.log"; exit 1; }
[ "$(installed_packages | wc -l)" -eq 3 ] || fail "not every package is installed"
libfile=$(dpkg -L librubric0 | grep '/librubric\.so\.0$')
libdir=$(dirname "$libfile")
cached=$(/sbin/ldconfig -p | awk '$1 == "librubric.so.0" { print $NF; exit }')
if [ -z "$cached" ] || [ "$(realpath "$cached")" != "$(realpath "$libfile")" ]; then
  fail "the loader's cache has librubric.so.0 at '$cached', not $libfile"
fi
echo "rubric: installed $libfile, $(command -v rubric)"
grep -q "^LIBDIR = \"$libdir\"$" /usr/share/rubric/python/rubric/_paths.py \
  || fail "the installed _paths.py does not name $libdir"

"$root/tools/check-consumers.sh" /usr "$libdir" "$work" --system

echo "rubric: the installed rubric program"
[ "$(command -v rubric)" = /usr/bin/rubric ] || fail "rubric is $(command -v rubric)"
rubric --version
for binary in /usr/bin/rubric "$build/bin/rubric"; do
  "$binary" score "$root/examples/consortium/standard.rubric" \
    "$root/examples/consortium/cities.csv" --format csv > "$work/$(echo "$binary" | tr / _).csv" \
    2> /dev/null
done
cmp "$work/_usr_bin_rubric.csv" "$work/$(echo "$build/bin/rubric" | tr / _).csv" \
  || fail "the installed rubric scores differently from the build's"
head -n 3 "$work/_usr_bin_rubric.csv"

echo "rubric: the Python binding finds the installed library"
env -u RUBRIC_LIBRARY -u LD_LIBRARY_PATH PYTHONPATH=/usr/share/rubric/python \
  python3 -c 'import rubric; print(rubric.load_library())' | tee "$work/python.out"
grep -q "$libfile" "$work/python.out" || fail "the Python binding did not load $libfile"

# The build's own programs and tests keep using the build's library while a rubric package
# is installed: they find it through their RUNPATH (or RUBRIC_LIBRARY for the bindings),
# which the loader searches before its cache.
for program in "$build"/tests/capi/*; do
  if [ ! -f "$program" ] || [ ! -x "$program" ]; then continue; fi
  loaded=$(ldd "$program" | awk '$1 ~ /^librubric\.so/ { print $3 }')
  [ -z "$loaded" ] || case "$(realpath "$loaded")" in
    "$build"/*) ;;
    *) fail "$program loads $loaded, not the build's library" ;;
  esac
done

echo "rubric: apt-get remove --purge"
remove_packages
[ -z "$(installed_packages)" ] || fail "packages still installed: $(installed_packages)"
if [ -e /usr/bin/rubric ] || [ -e "$libfile" ] || [ -e /usr/include/rubric.h ]; then
  fail "files left after apt-get remove"
fi
echo "rubric: Debian packages built, installed, used and removed"
