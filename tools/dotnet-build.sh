#!/bin/sh
# Builds the C# binding (capi/dotnet) with Mono's C# compiler, from Debian packages only
# (mono-mcs), and optionally runs its tests or example.
#
#   tools/dotnet-build.sh BUILD_DIR            build BUILD_DIR/dotnet/Rubric.dll
#   tools/dotnet-build.sh BUILD_DIR test       ... and run capi/dotnet/tests
#   tools/dotnet-build.sh BUILD_DIR example    ... and run capi/dotnet/examples/Rank.cs
#
# The library is RUBRIC_LIBRARY when set, else BUILD_DIR/capi/librubric.so; a dllmap in
# BUILD_DIR/dotnet/Rubric.dll.config points Mono at it. The tests compare every total with
# the command line's (RUBRIC_CLI, default BUILD_DIR/bin/rubric). Exits 77 (a skipped ctest)
# when mcs or mono is not installed. Overrides: MCS, MONO.
set -eu

repo=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:?usage: tools/dotnet-build.sh BUILD_DIR [test|example]}" && pwd)
what=${2:-dll}

skip() {
  echo "rubric: skipping the C# binding: $1" >&2
  exit 77
}
mcs=${MCS:-mcs}
mono=${MONO:-mono}
command -v "$mcs" > /dev/null 2>&1 || skip "mcs not found (apt-get install mono-mcs)"
command -v "$mono" > /dev/null 2>&1 || skip "mono not found (apt-get install mono-mcs)"

src="$repo/capi/dotnet"
out="$build/dotnet"
mkdir -p "$out"
# C# 7, warnings as errors, and only the assemblies .NET 8 has too.
flags="-noconfig -r:System.dll -r:System.Core.dll -langversion:7 -warnaserror -debug -nologo"
# shellcheck disable=SC2046,SC2086
"$mcs" $flags -target:library -out:"$out/Rubric.dll" -doc:"$out/Rubric.xml" -nowarn:1591 \
  $(find "$src/src" -name '*.cs' | sort)

library=${RUBRIC_LIBRARY:-$build/capi/librubric.so}
library=$(cd "$(dirname "$library")" && pwd)/$(basename "$library")
cat > "$out/Rubric.dll.config" << CONFIG
<configuration>
  <dllmap dll="rubric" target="$library" />
</configuration>
CONFIG
export RUBRIC_REPO="$repo"
LD_LIBRARY_PATH="$(dirname "$library")${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export LD_LIBRARY_PATH
if [ -z "${RUBRIC_CLI:-}" ] && [ -x "$build/bin/rubric" ]; then
  export RUBRIC_CLI="$build/bin/rubric"
fi

case "$what" in
  dll)
    echo "rubric: built $out/Rubric.dll"
    ;;
  test)
    # shellcheck disable=SC2046,SC2086
    "$mcs" $flags -target:exe -out:"$out/RubricTests.exe" -r:"$out/Rubric.dll" \
      $(find "$src/tests" -name '*.cs' | sort)
    "$mono" --debug "$out/RubricTests.exe"
    ;;
  example)
    # shellcheck disable=SC2086
    "$mcs" $flags -target:exe -out:"$out/Rank.exe" -r:"$out/Rubric.dll" "$src/examples/Rank.cs"
    "$mono" --debug "$out/Rank.exe"
    ;;
  *)
    echo "usage: tools/dotnet-build.sh BUILD_DIR [test|example]" >&2
    exit 2
    ;;
esac
