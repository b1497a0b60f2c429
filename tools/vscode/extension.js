// The rubric extension: starts `rubric lsp` (the language server of the rubric program) for
// .rubric files. The grammar, snippets and language configuration are declared in
// package.json.
'use strict';

const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration('rubric').get('server.path') || 'rubric';
  const serverOptions = { command, args: ['lsp'] };
  const clientOptions = {
    documentSelector: [{ scheme: 'file', language: 'rubric' }],
  };
  client = new LanguageClient('rubric', 'rubric language server', serverOptions, clientOptions);
  context.subscriptions.push(client);
  client.start().catch((error) => {
    vscode.window.showErrorMessage(
      `rubric: cannot start '${command} lsp' (${error.message}); set rubric.server.path`);
  });
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
