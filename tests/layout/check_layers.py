#!/usr/bin/env python3
"""Checks that each folder of lib/ includes only the layers below it.

The core pipeline is util -> sema -> graph -> plan -> eval -> api; the features (io, report,
lint, authoring, analysis, audit, lsp) are built on it and never included by it. The command-line
program and the C ABI see only the public headers (include/rubric/). A new folder must be
added here, with what it may include, before it can be used.

Usage: check_layers.py SOURCE_DIR. Prints every include that breaks a rule and exits 1.
"""
import pathlib
import re
import sys

# The public headers: the embedding API, and the headers of each feature.
CORE_API = {"diagnostic", "file", "missing", "standard", "session", "status", "text", "version"}
FEATURE_API = {
    "io": {"data", "data_stream", "generate", "report"},
    "report": {"report"},
    "lint": set(),
    "authoring": {"diff", "format", "graph", "lint", "report", "standard_test"},
    "analysis": {"attribution", "diff", "explain", "goal", "sensitivity"},
    "audit": {"audit", "explain"},
    # The HTTP service is built on the public API only, like the command line.
    "service": {"audit", "data", "explain", "goal", "report"},
    "lsp": {"format", "lsp"},
}

# What each folder of lib/ may include besides itself and Abseil.
LIB_LAYERS = {
    "util": set(),
    "sema": {"grammar", "util"},
    "graph": {"sema", "util"},
    "plan": {"graph", "sema", "util"},
    "eval": {"plan", "util"},
    "api": {"eval", "plan", "graph", "sema", "grammar", "util"},
    "io": {"sema", "grammar", "util"},
    "report": {"grammar", "util"},
    "lint": {"graph", "sema", "util"},
    "authoring": {"api", "lint", "sema", "grammar", "util"},
    "analysis": {"api", "eval", "plan", "sema", "io", "grammar", "util"},
    "audit": {"util"},
    "service": set(),
    "lsp": {"api", "sema", "grammar", "util", "authoring"},
}

# Folders of lib/ that are applications of the public API rather than part of the library:
# the command-line program may include their headers ("service/http_server.h").
TOOLS_MAY_INCLUDE = {"service"}

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.MULTILINE)


def public_allowed(folder):
    """The public headers a folder of lib/ may include."""
    allowed = set(CORE_API)
    allowed |= FEATURE_API.get(folder, set())
    return allowed


def check_lib(root, errors):
    lib = root / "lib"
    for path in sorted(lib.rglob("*")):
        if path.suffix not in (".cc", ".h"):
            continue
        folder = path.relative_to(lib).parts[0]
        if folder not in LIB_LAYERS:
            errors.append(f"{path.relative_to(root)}: lib/{folder}/ has no layer in check_layers.py")
            continue
        for include in INCLUDE.findall(path.read_text(encoding="utf-8")):
            top, _, rest = include.partition("/")
            if not rest or top == "absl" or top == folder:
                continue
            if top == "rubric":
                header = pathlib.PurePath(rest).stem
                if header not in public_allowed(folder):
                    errors.append(f"{path.relative_to(root)}: lib/{folder}/ may not include "
                                  f"the public header {include}")
            elif top not in LIB_LAYERS[folder]:
                errors.append(f"{path.relative_to(root)}: lib/{folder}/ may not include {include} "
                              f"(it may include: {', '.join(sorted(LIB_LAYERS[folder])) or 'nothing'})")


def check_public_only(root, folder, errors):
    """tools/ and capi/ are built on the public headers and their own headers alone."""
    own = {path.name for path in (root / folder).glob("*.h")}
    for path in sorted((root / folder).glob("*")):
        if path.suffix not in (".cc", ".h", ".c"):
            continue
        for include in INCLUDE.findall(path.read_text(encoding="utf-8")):
            if include.startswith("rubric/") or include in own:
                continue
            if folder == "tools" and include.partition("/")[0] in TOOLS_MAY_INCLUDE:
                continue
            errors.append(f"{path.relative_to(root)}: {folder}/ may include only the public "
                          f"headers, not {include}")


def main():
    root = pathlib.Path(sys.argv[1])
    errors = []
    check_lib(root, errors)
    check_public_only(root, "tools", errors)
    check_public_only(root, "capi", errors)
    for error in errors:
        print(error)
    print(f"layers: {len(errors)} includes break a rule")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
