#!/bin/sh
# The VS Code extension's test (ctest VscodeExtension): installs its npm packages from the
# registry with `npm ci` (bounded; skipped when offline), tokenizes the bundled examples
# with the grammar (test/grammar.test.js), packages the extension to a .vsix with
# @vscode/vsce and checks what the .vsix holds.
# Usage: run.sh OUT_DIR. Exit 0 pass, 1 fail, 77 skipped (no node, or packages unavailable).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?usage: run.sh OUT_DIR}
mkdir -p "$out"

if ! command -v node > /dev/null 2>&1 || ! command -v npm > /dev/null 2>&1; then
  echo "skipped: node and npm are not installed"
  exit 77
fi
cd "$here"
if [ ! -d node_modules/vscode-textmate ] || [ ! -d node_modules/@vscode/vsce ] ||
   [ ! -d node_modules/vscode-languageclient ]; then
  if ! timeout 600 npm ci --no-audit --no-fund --prefer-offline > "$out/npm-ci.log" 2>&1; then
    echo "skipped: npm ci failed (offline?):"
    tail -5 "$out/npm-ci.log"
    exit 77
  fi
fi

node test/grammar.test.js

# @vscode/vsce needs Node.js 20 or later (Debian 12's is 18): packaging is skipped before.
if [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  echo "skipped: packaging the .vsix needs Node.js 20 or later (this is $(node --version))"
  exit 0
fi
rm -f "$out/rubric.vsix"
if ! timeout 300 npx --no-install vsce package --allow-missing-repository --skip-license \
    -o "$out/rubric.vsix" > "$out/vsce.log" 2>&1; then
  echo "FAIL vsce package:"
  cat "$out/vsce.log"
  exit 1
fi
python3 - "$out/rubric.vsix" <<'PY'
import sys, zipfile, json
names = set(zipfile.ZipFile(sys.argv[1]).namelist())
need = ["extension/package.json", "extension/extension.js",
        "extension/syntaxes/rubric.tmLanguage.json", "extension/snippets/rubric.json",
        "extension/language-configuration.json",
        "extension/node_modules/vscode-languageclient/package.json"]
missing = [n for n in need if n not in names]
dev = [n for n in names if "node_modules/vscode-textmate/" in n or "node_modules/@vscode/vsce/" in n]
manifest = json.loads(zipfile.ZipFile(sys.argv[1]).read("extension/package.json"))
problems = missing + (["development packages bundled"] if dev else [])
if manifest["contributes"]["languages"][0]["extensions"] != [".rubric"]:
    problems.append("the language is not .rubric")
if problems:
    print("FAIL the .vsix:", ", ".join(problems))
    sys.exit(1)
print(f"ok   {sys.argv[1]}: {len(names)} files, the client, grammar, snippets and configuration")
PY
