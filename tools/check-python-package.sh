#!/bin/sh
# The Python package as a user installs it, offline: cmake --install the build into a
# staging prefix, create a virtual environment (--system-site-packages, for Debian's
# setuptools and wheel, and numpy/pandas when installed), pip install the package the
# install put in PREFIX/share/rubric/python with --no-build-isolation --no-index, then
# import rubric from outside the source tree, without RUBRIC_LIBRARY, and check that it
# loads the staged library (recorded in rubric/_paths.py) and scores the bundled example.
#
#   tools/check-python-package.sh BUILD_DIR WORK_DIR PYTHON...
# The first PYTHON that has setuptools and wheel is used.
set -eu

build=$1
work=$2
shift 2
root=$(cd "$(dirname "$0")/.." && pwd)

python=
for candidate in "$@"; do
  if [ -x "$candidate" ] && "$candidate" -c 'import setuptools, venv, wheel' 2> /dev/null; then
    python=$candidate
    break
  fi
done
if [ -z "$python" ]; then
  echo "rubric: no Python with setuptools, venv and wheel among: $*"
  exit 1
fi

rm -rf "$work"
mkdir -p "$work"
cmake --install "$build" --prefix "$work/stage" > /dev/null
"$python" -m venv --system-site-packages "$work/venv"
"$work/venv/bin/python" -m pip install --quiet --no-build-isolation --no-index --no-deps \
  "$work/stage/share/rubric/python"

cd "$work"
env -u RUBRIC_LIBRARY -u PYTHONPATH -u LD_LIBRARY_PATH \
  "$work/venv/bin/python" - "$work/stage" "$root" <<'PY'
import math
import os
import sys

stage, root = (os.path.realpath(p) for p in sys.argv[1:3])
import rubric
from rubric import _lib

package = os.path.realpath(os.path.dirname(rubric.__file__))
source = os.path.join(root, "capi", "python")
assert not package.startswith(source + os.sep), "rubric imported from the source tree: " + package
assert os.path.realpath(os.getcwd()) != source
assert os.path.exists(os.path.join(package, "py.typed")), "py.typed is not installed"
assert os.path.exists(os.path.join(package, "dask", "_plan.py")), "rubric.dask is not installed"
library = rubric.load_library()
assert os.path.realpath(library.path).startswith(stage + os.sep), library.path

standard = rubric.Standard.from_file(os.path.join(root, "examples/consortium/standard.rubric"))
with rubric.Session(standard) as session:
    session.load_csv(os.path.join(root, "examples/consortium/cities.csv"))
    totals = session.totals(array=False)
    assert len(totals) == session.row_count
    for row in (0, len(totals) // 2, len(totals) - 1):
        assert totals[row] == session.total(row), (row, totals[row], session.total(row))
    grades = session.grades()
    assert grades[0] == session.grade(0)
    try:
        import numpy
    except ImportError:
        numpy = None
    if numpy is not None:
        array = session.totals()
        assert isinstance(array, numpy.ndarray) and array.tolist() == totals
print("rubric %s from %s, library %s: %d totals read (numpy %s)"
      % (rubric.__version__, package, library.path, len(totals),
         "yes" if numpy is not None else "no"))
PY
