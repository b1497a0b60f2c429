#!/bin/sh
# Installs what rubric needs to build and test, from Debian 12 packages only.
# Runs apt-get only when something is missing; uses sudo when not run as root.
set -eu

PACKAGES="cmake ninja-build g++ ccache pkg-config python3
python3-venv python3-setuptools python3-wheel python3-numpy python3-pandas
python3-dask python3-distributed
libboost-dev libboost-graph-dev libabsl-dev libgtest-dev libgmock-dev libbenchmark-dev abigail-tools
nlohmann-json3-dev libssl-dev clang-format clang-14 libclang-rt-14-dev
chromium fonts-noto-cjk
libxlsxwriter-dev libzip-dev libexpat1-dev python3-openpyxl
openjdk-17-jdk-headless libjna-java junit5
mono-mcs
dpkg-dev file time
wrk
nodejs"
# npm (the VS Code extension's packages, tools/vscode): Debian's npm package, unless the
# installed nodejs brings its own npm.
if ! command -v npm > /dev/null 2>&1; then
  PACKAGES="$PACKAGES npm"
fi

missing=""
for package in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $package"
  fi
done

if [ -z "$missing" ]; then
  echo "rubric: all build dependencies are installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
echo "rubric: installing$missing"
$SUDO apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
