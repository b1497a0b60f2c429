// The open documents of the language server, each compiled by the library on every change
// (variants with their bases: open documents first, then files beside).
#ifndef RUBRIC_LIB_LSP_WORKSPACE_H_
#define RUBRIC_LIB_LSP_WORKSPACE_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "lsp/symbol_index.h"
#include "lsp/text_document.h"
#include "rubric/diagnostic.h"
#include "rubric/lsp.h"
#include "rubric/standard.h"

namespace rubric::lsp {

// A source the server reads: an open document, or a base read from its file.
struct Source {
  std::string uri;
  std::string path;
  TextDocument document;
  SymbolIndex index;  // of the last text that parsed (kept through syntax errors)
};

struct OpenDocument {
  Source source;
  int version = 0;
  std::optional<Standard> standard;  // of the last text that compiled
  std::vector<Diagnostic> diagnostics;
};

class Workspace {
 public:
  OpenDocument* Find(const std::string& uri);
  OpenDocument& Open(const std::string& uri, std::string text, int version);
  void Close(const std::string& uri) { documents_.erase(uri); }
  // Compiles and indexes `doc` again (after a change).
  void Analyze(OpenDocument& doc);
  // The base of a variant (`extends`), read from an open document or a file; nullopt for a
  // standard that is not a variant or whose base cannot be read.
  std::optional<Source> BaseOf(const Source& source);
  std::map<std::string, OpenDocument>& documents() { return documents_; }
  void set_options(ServerOptions options) { options_ = options; }
  const ServerOptions& options() const { return options_; }

 private:
  BaseLoader Loader();
  std::map<std::string, OpenDocument> documents_;
  ServerOptions options_;
};

// file:///a/%E4%B8%AD.rubric <-> /a/中.rubric. Other schemes keep the URI as the path.
std::string PathOfUri(const std::string& uri);
std::string UriOfPath(const std::string& path);

}  // namespace rubric::lsp

#endif  // RUBRIC_LIB_LSP_WORKSPACE_H_
