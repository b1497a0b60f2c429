// Tokenizes every bundled example (examples/**/*.rubric) with the extension's TextMate
// grammar (vscode-textmate and the Oniguruma engine VS Code uses), then checks the scopes of
// chosen lines. Exit 0 when every check passes, 1 on a failure, 77 (skipped) when the npm
// packages are not installed.
'use strict';

const fs = require('fs');
const path = require('path');

let vsctm;
let oniguruma;
try {
  vsctm = require('vscode-textmate');
  oniguruma = require('vscode-oniguruma');
} catch (error) {
  console.log('skipped: vscode-textmate and vscode-oniguruma are not installed (npm ci)');
  process.exit(77);
}

const extensionDir = path.join(__dirname, '..');
const repoDir = path.join(extensionDir, '..', '..');

function examples(dir) {
  let files = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files = files.concat(examples(full));
    else if (entry.name.endsWith('.rubric')) files.push(full);
  }
  return files.sort();
}

async function loadGrammar() {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')).buffer;
  await oniguruma.loadWASM(wasm);
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName) => {
      if (scopeName !== 'source.rubric') return null;
      const file = path.join(extensionDir, 'syntaxes', 'rubric.tmLanguage.json');
      return vsctm.parseRawGrammar(fs.readFileSync(file, 'utf8'), file);
    },
  });
  return registry.loadGrammar('source.rubric');
}

// Each line of `text` as a list of [token text, innermost scope].
function tokenize(grammar, text) {
  let state = vsctm.INITIAL;
  const lines = [];
  for (const line of text.split(/\r?\n/)) {
    const result = grammar.tokenizeLine(line, state);
    lines.push(result.tokens.map((t) => [line.substring(t.startIndex, t.endIndex), t.scopes]));
    state = result.ruleStack;
  }
  return lines;
}

// [file, line (1-based), token text, scope the token must have].
const checks = [
  ['examples/consortium/standard.rubric', 1, ' 市域产教联合体建设标准（试行）', 'comment.line.double-slash.rubric'],
  ['examples/consortium/standard.rubric', 11, 'standard', 'keyword.declaration.standard.rubric'],
  ['examples/consortium/standard.rubric', 11, 'consortium', 'entity.name.type.standard.rubric'],
  ['examples/consortium/standard.rubric', 11, '市域产教联合体建设标准（试行）', 'string.quoted.double.rubric'],
  ['examples/consortium/standard.rubric', 17, '优秀', 'variable.other.rubric'],
  ['examples/consortium/standard.rubric', 17, '90', 'constant.numeric.rubric'],
  ['examples/consortium/standard.rubric', 21, 'vetoed', 'keyword.control.rubric'],
  ['examples/consortium/standard.rubric', 24, 'G1', 'entity.name.section.rubric'],
  ['examples/consortium/standard.rubric', 24, 'points', 'keyword.other.rubric'],
  ['examples/consortium/standard.rubric', 42, '亿元', 'constant.other.unit.rubric'],
  ['examples/consortium/standard.rubric', 42, 'number', 'storage.type.rubric'],
  ['examples/consortium/standard.rubric', 45, 'lookup', 'keyword.other.rubric'],
  ['examples/consortium/standard.rubric', 45, '国家级', 'variable.other.rubric'],
  ['examples/guide/14_weighting.rubric', 10, '企业投入', 'variable.other.input.rubric'],
  ['examples/guide/14_weighting.rubric', 10, '万元', 'constant.other.unit.rubric'],
  ['examples/guide/14_weighting.rubric', 14, '合作', 'variable.other.let.rubric'],
  ['examples/guide/14_weighting.rubric', 14, '合作项目', 'variable.other.rubric'],
  ['examples/guide/14_weighting.rubric', 14, 'cohort_minmax', 'support.function.rubric'],
  ['examples/guide/05_vetoes.rubric', 30, 'V16_2', 'entity.name.tag.veto.rubric'],
  ['examples/guide/05_vetoes.rubric', 26, 'and', 'keyword.operator.logical.rubric'],
];

async function main() {
  const grammar = await loadGrammar();
  let failures = 0;
  const tokenized = new Map();
  const files = examples(path.join(repoDir, 'examples'));
  for (const file of files) {
    const lines = tokenize(grammar, fs.readFileSync(file, 'utf8'));
    tokenized.set(path.relative(repoDir, file), lines);
    // Every character of every line is in some token.
    lines.forEach((tokens, i) => {
      const covered = tokens.map((t) => t[0]).join('');
      const text = fs.readFileSync(file, 'utf8').split(/\r?\n/)[i];
      if (covered !== text) {
        console.log(`FAIL ${path.relative(repoDir, file)}:${i + 1}: tokens do not cover the line`);
        failures++;
      }
    });
  }
  for (const [file, line, text, scope] of checks) {
    const lines = tokenized.get(file);
    const tokens = lines ? lines[line - 1] || [] : [];
    const token = tokens.find((t) => t[0] === text);
    if (!token) {
      console.log(`FAIL ${file}:${line}: no token '${text}' in ` +
        JSON.stringify(tokens.map((t) => t[0])));
      failures++;
    } else if (!token[1].includes(scope)) {
      console.log(`FAIL ${file}:${line}: '${text}' has ${token[1].join(' ')}, not ${scope}`);
      failures++;
    }
  }
  console.log(`${files.length} examples tokenized, ${checks.length - failures} of ` +
    `${checks.length} scope checks pass`);
  process.exit(failures ? 1 : 0);
}

main().catch((error) => {
  console.log(`FAIL ${error.stack}`);
  process.exit(1);
});
