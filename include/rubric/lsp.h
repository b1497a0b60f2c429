// The language server behind `rubric lsp`: the Language Server Protocol (JSON-RPC 2.0) for
// editors, on the library's own compiler (docs/editor.md lists what it answers).
#ifndef RUBRIC_LSP_H_
#define RUBRIC_LSP_H_

#include <istream>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace rubric::lsp {

struct ServerOptions {
  // Bases of variants may be read from any path, not only from the folder of the variant
  // and its subfolders (as `--allow-any-base`).
  bool allow_any_base = false;
  // Warnings are published as errors (as `--strict`).
  bool strict = false;
};

class LanguageServer {
 public:
  explicit LanguageServer(ServerOptions options = {});
  ~LanguageServer();
  LanguageServer(const LanguageServer&) = delete;
  LanguageServer& operator=(const LanguageServer&) = delete;

  // Handles one JSON-RPC message (a request or a notification) and returns the messages to
  // send back, in order: the response to a request, and notifications such as
  // textDocument/publishDiagnostics. Bad JSON or an unknown method is an error response,
  // never an exception.
  std::vector<std::string> Handle(std::string_view message);

  // True once `exit` was received; then exit_code() is 0 after `shutdown`, else 1.
  bool exited() const;
  int exit_code() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Serves `in` and `out` with Content-Length framing until `exit` or the end of `in`.
// Returns the process exit status: 0 after shutdown and exit, 1 otherwise.
int Serve(std::istream& in, std::ostream& out, ServerOptions options = {});

}  // namespace rubric::lsp

#endif  // RUBRIC_LSP_H_
