#!/bin/sh
# Builds the Java binding (capi/java) with plain javac + jar, from Debian packages only
# (openjdk-17-jdk-headless, libjna-java, junit5), and optionally runs its tests or example.
#
#   tools/java-build.sh BUILD_DIR            build BUILD_DIR/java/rubric.jar (and the Debian
#                                            package's, BUILD_DIR/java/package/rubric.jar)
#   tools/java-build.sh BUILD_DIR test       ... and run the JUnit 5 tests
#   tools/java-build.sh BUILD_DIR example    ... and run capi/java/examples/Embed.java
#
# The library is RUBRIC_LIBRARY when set, else BUILD_DIR/capi/librubric.so. Exits 77 (a
# skipped ctest) when javac, JNA or (for `test`) JUnit 5 is not installed.
# Overrides: JNA_JAR, JUNIT_CONSOLE_JAR, JAVA_HOME.
set -eu

repo=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:?usage: tools/java-build.sh BUILD_DIR [test|example]}" && pwd)
what=${2:-jar}

bin=""
if [ -n "${JAVA_HOME:-}" ]; then
  bin="$JAVA_HOME/bin/"
fi
skip() {
  echo "rubric: skipping the Java binding: $1" >&2
  exit 77
}
jdk="apt-get install openjdk-17-jdk-headless"
command -v "${bin}javac" > /dev/null 2>&1 || skip "javac not found ($jdk)"
command -v "${bin}jar" > /dev/null 2>&1 || skip "jar not found ($jdk)"
jna=${JNA_JAR:-/usr/share/java/jna.jar}
[ -f "$jna" ] || skip "$jna not found (apt-get install libjna-java)"
junit=${JUNIT_CONSOLE_JAR:-/usr/share/java/junit-platform-console-standalone.jar}
if [ "$what" = test ] && [ ! -f "$junit" ]; then
  skip "$junit not found (apt-get install junit5)"
fi

src="$repo/capi/java"
out="$build/java"
rm -rf "$out/classes" "$out/test-classes" "$out/example-classes"
mkdir -p "$out/classes"
# shellcheck disable=SC2046
"${bin}javac" -encoding UTF-8 -Xlint:all -Werror --release 17 -cp "$jna" -d "$out/classes" \
  $(find "$src/src" -name '*.java' | sort)
"${bin}jar" --create --file "$out/rubric.jar" -C "$out/classes" .
# The Debian package's jar (librubric-java): its manifest names JNA beside it, as Debian
# installs both in /usr/share/java, so `java -cp /usr/share/java/rubric.jar` is enough there.
mkdir -p "$out/package"
printf 'Class-Path: jna.jar\n' > "$out/package/manifest.txt"
"${bin}jar" --create --file "$out/package/rubric.jar" --manifest "$out/package/manifest.txt" \
  -C "$out/classes" .

library=${RUBRIC_LIBRARY:-$build/capi/librubric.so}
export RUBRIC_LIBRARY="$library"
jvm_options="-Djna.library.path=$(dirname "$library") -Drubric.repo=$repo -Dfile.encoding=UTF-8"

case "$what" in
  jar)
    echo "rubric: built $out/rubric.jar"
    ;;
  test)
    mkdir -p "$out/test-classes"
    # shellcheck disable=SC2046
    "${bin}javac" -encoding UTF-8 -Xlint:all -Werror --release 17 \
      -cp "$out/rubric.jar:$jna:$junit" -d "$out/test-classes" \
      $(find "$src/tests" -name '*.java' | sort)
    # shellcheck disable=SC2086
    "${bin}java" $jvm_options -jar "$junit" --disable-banner --disable-ansi-colors \
      --details=tree --fail-if-no-tests --include-engine=junit-jupiter \
      --class-path "$out/rubric.jar:$jna:$out/test-classes" --select-package org.rubric
    ;;
  example)
    mkdir -p "$out/example-classes"
    "${bin}javac" -encoding UTF-8 -Xlint:all -Werror --release 17 \
      -cp "$out/rubric.jar:$jna" -d "$out/example-classes" "$src/examples/Embed.java"
    # shellcheck disable=SC2086
    "${bin}java" $jvm_options -cp "$out/rubric.jar:$jna:$out/example-classes" Embed
    ;;
  *)
    echo "usage: tools/java-build.sh BUILD_DIR [test|example]" >&2
    exit 2
    ;;
esac
