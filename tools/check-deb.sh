#!/bin/sh
# The Debian packages of a build (cmake/RubricPackage.cmake): builds them with
# `cpack -G DEB`, inspects them (names, versions, dependencies, where every file goes),
# installs them with apt-get, builds and runs the C and C++ consumers against the installed
# packages (tools/check-consumers.sh, as tools/check-install.sh does with a staging
# prefix), runs the installed rubric program, the Python binding's library finder, and small
# Java, C# and Python programs against the binding packages (librubric-java, librubric-cil,
# python3-rubric; the commands of the README's quick start), and removes them again
# (apt-get remove --purge), also when a step fails. Runs as root or through sudo; meant for
# CI machines: rubric packages that are installed when it starts are removed first.
# librubric-java is expected when javac and JNA are installed, librubric-cil when mcs is
# (as cmake builds them then).
#
#   tools/check-deb.sh BUILD_DIR
set -eu

build=$(cd "$1" && pwd)
root=$(cd "$(dirname "$0")/.." && pwd)
packages="librubric0 librubric-dev rubric python3-rubric"
java_package=""
if command -v javac > /dev/null && command -v jar > /dev/null && [ -f /usr/share/java/jna.jar ]; then
  java_package=librubric-java
fi
cil_package=""
if command -v mcs > /dev/null; then
  cil_package=librubric-cil
fi
packages="$packages $java_package $cil_package"
all_packages="librubric0 librubric-dev rubric python3-rubric librubric-java librubric-cil"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

installed_packages() {
  for package in $all_packages; do
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
  echo "$(basename "$deb"): $(field Section), $(field Architecture), $(field Installed-Size) kB"
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
has python3-rubric '^/usr/lib/python3/dist-packages/rubric/session\.py$'
has python3-rubric '^/usr/lib/python3/dist-packages/rubric/py\.typed$'
depends python3-rubric "librubric0 \(= $version-[0-9]+\)"
depends python3-rubric 'python3'
if [ -n "$java_package" ]; then
  has librubric-java '^/usr/share/java/rubric\.jar$'
  has librubric-java "^/usr/share/java/rubric-$version\\.jar$"
  depends librubric-java "librubric0 \(= $version-[0-9]+\)"
  depends librubric-java 'libjna-java'
fi
if [ -n "$cil_package" ]; then
  has librubric-cil '^/usr/lib/cli/rubric/Rubric\.dll$'
  has librubric-cil '^/usr/lib/cli/rubric/Rubric\.dll\.config$'
  depends librubric-cil "librubric0 \(= $version-[0-9]+\)"
  depends librubric-cil 'mono-runtime'
fi

# Debian's package checker, when it is installed (not needed by CI): no errors.
if command -v lintian > /dev/null; then
  lintian --fail-on error "$build"/packages/*.deb > "$work/lintian.log" 2>&1 \
    || { cat "$work/lintian.log"; fail "lintian reports errors"; }
  grep -v '^running with root' "$work/lintian.log" || true
fi

echo "rubric: apt-get install"
debs=""
for package in $packages; do
  debs="$debs $(echo "$build"/packages/"${package}"_*.deb)"
done
# shellcheck disable=SC2086
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $debs > "$work/apt.log" 2>&1 \
  || { cat "$work/apt.log"; exit 1; }
[ "$(installed_packages | wc -l)" -eq "$(echo "$packages" | wc -w)" ] \
  || fail "not every package is installed: $(installed_packages | xargs)"
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

# The bindings' packages, with the README's quick start, from the checkout's root and with
# nothing of the build tree on any path; without librubric-dev, so that the bindings load
# librubric.so.0 as the runtime package alone installs it (no librubric.so link).
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get remove --purge -y -qq librubric-dev > /dev/null
[ ! -e "$libdir/librubric.so" ] || fail "$libdir/librubric.so is left without librubric-dev"
cd "$root"
clean_env="env -u RUBRIC_LIBRARY -u LD_LIBRARY_PATH -u PYTHONPATH -u CLASSPATH -u MONO_PATH"
echo "rubric: python3-rubric"
$clean_env /usr/bin/python3 -c 'import rubric; rubric.load_library(); print(rubric.__file__,
  [l.split()[-1] for l in open("/proc/self/maps") if "/librubric.so" in l][0])' \
  | tee "$work/python3-rubric.out"
grep -q "^/usr/lib/python3/dist-packages/rubric/__init__.py $(realpath "$libfile")$" \
  "$work/python3-rubric.out" || fail "python3 did not import python3-rubric's package with $libfile"
$clean_env /usr/bin/python3 -c 'import rubric; print(rubric.library_version())'
$clean_env /usr/bin/python3 examples/python/score_consortium.py > "$work/python.txt"
head -n 4 "$work/python.txt"
grep -q 'C0020' "$work/python.txt" || fail "the Python example did not rank C0020"
if [ -n "$java_package" ]; then
  echo "rubric: librubric-java"
  $clean_env javac -cp /usr/share/java/rubric.jar -d "$work" capi/java/examples/Embed.java
  $clean_env java -Djna.debug_load=true -cp /usr/share/java/rubric.jar:"$work" Embed \
    > "$work/java.txt" 2> "$work/java.err"
  grep "Found library 'rubric'" "$work/java.err" || { cat "$work/java.err"; fail "JNA found no librubric"; }
  cat "$work/java.txt"
  grep -q '^librubric '"$version"'$' "$work/java.txt" || fail "the Java example did not run"
fi
if [ -n "$cil_package" ]; then
  echo "rubric: librubric-cil"
  $clean_env mcs -r:/usr/lib/cli/rubric/Rubric.dll -out:"$work/rank.exe" capi/dotnet/examples/Rank.cs
  $clean_env MONO_PATH=/usr/lib/cli/rubric mono "$work/rank.exe" > "$work/dotnet.txt"
  cat "$work/dotnet.txt"
  grep -q '^librubric '"$version"'$' "$work/dotnet.txt" || fail "the C# example did not run"
fi
cd - > /dev/null

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
if [ -e /usr/bin/rubric ] || [ -e "$libfile" ] || [ -e /usr/include/rubric.h ] \
  || [ -e /usr/share/java/rubric.jar ] || [ -e /usr/lib/cli/rubric ] \
  || [ -e /usr/lib/python3/dist-packages/rubric ]; then
  fail "files left after apt-get remove"
fi
echo "rubric: Debian packages built, installed, used and removed"
