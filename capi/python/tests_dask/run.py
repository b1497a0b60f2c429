"""Runs the rubric.dask tests (python3 tests_dask/run.py from capi/python), or exits 77
(ctest: skipped) when dask, distributed or pandas is not installed."""

import os
import sys
import unittest
import warnings


def main():
    try:
        import dask.dataframe  # noqa: F401
        import distributed  # noqa: F401
        import pandas  # noqa: F401
    except ImportError as e:
        print("rubric.dask tests skipped: %s (apt-get install python3-dask python3-distributed "
              "python3-pandas)" % e)
        sys.exit(77)

    here = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, os.path.dirname(here))
    # Tornado's notice about its event loop, printed by the LocalCluster of Debian's dask.
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    suite = unittest.defaultTestLoader.discover(here, top_level_dir=here)
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    sys.exit(0 if result.wasSuccessful() else 1)


# The worker processes of the LocalCluster start by importing this module: they must
# not run the tests again.
if __name__ == "__main__":
    main()
