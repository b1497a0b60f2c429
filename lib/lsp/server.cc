// The JSON-RPC side of the language server: lifecycle, document sync and dispatch to the
// features (features.h), and the Content-Length framing of `rubric lsp`.
#include <exception>
#include <set>
#include <string>
#include <utility>

#include "lsp/features.h"
#include "lsp/workspace.h"
#include "rubric/lsp.h"
#include "rubric/version.h"

namespace rubric::lsp {
namespace {

constexpr int kParseError = -32700;
constexpr int kInvalidRequest = -32600;
constexpr int kMethodNotFound = -32601;
constexpr int kInvalidParams = -32602;
constexpr int kServerNotInitialized = -32002;
constexpr int kRequestFailed = -32803;

Json Capabilities() {
  return {
      {"textDocumentSync", {{"openClose", true}, {"change", 2}}},  // 2: incremental
      {"positionEncoding", "utf-16"},
      {"hoverProvider", true},
      {"definitionProvider", true},
      {"referencesProvider", true},
      {"renameProvider", true},
      {"documentFormattingProvider", true},
      {"documentSymbolProvider", true},
      {"codeActionProvider", {{"codeActionKinds", {"quickfix"}}}},
      {"completionProvider", {{"triggerCharacters", {"[", "("}}}},
  };
}

std::string Message(Json message) {
  message["jsonrpc"] = "2.0";
  return message.dump();
}

std::string Error(const Json& id, int code, const std::string& text) {
  return Message({{"id", id}, {"error", {{"code", code}, {"message", text}}}});
}

}  // namespace

struct LanguageServer::State {
  Workspace workspace;
  bool initialized = false;
  bool shutdown = false;
  bool exited = false;

  void Publish(OpenDocument& doc, std::vector<std::string>* out) {
    out->push_back(Message({{"method", "textDocument/publishDiagnostics"},
                            {"params", DiagnosticsOf(workspace, doc)}}));
  }

  // Documents that extend `uri` are compiled again when it changes.
  void PublishDependents(const std::string& path, std::vector<std::string>* out) {
    for (auto& [uri, doc] : workspace.documents()) {
      if (doc.source.path == path || !doc.source.index.base_name) continue;
      std::optional<Source> base = workspace.BaseOf(doc.source);
      if (base && base->path == path) {
        workspace.Analyze(doc);
        Publish(doc, out);
      }
    }
  }

  void Notification(const std::string& method, const Json& params, std::vector<std::string>* out) {
    if (method == "exit") {
      exited = true;
      return;
    }
    if (!initialized) return;
    if (method == "textDocument/didOpen") {
      const Json& item = params.at("textDocument");
      OpenDocument& doc =
          workspace.Open(item.at("uri").get<std::string>(), item.at("text").get<std::string>(),
                         item.value("version", 0));
      Publish(doc, out);
      PublishDependents(doc.source.path, out);
    } else if (method == "textDocument/didChange") {
      OpenDocument* doc = workspace.Find(params.at("textDocument").at("uri").get<std::string>());
      if (!doc) return;
      for (const Json& change : params.at("contentChanges")) {
        if (change.contains("range")) {
          doc->source.document.Apply(RangeFromJson(change.at("range")),
                                     change.at("text").get<std::string>());
        } else {
          doc->source.document.Replace(change.at("text").get<std::string>());
        }
      }
      doc->version = params.at("textDocument").value("version", doc->version);
      workspace.Analyze(*doc);
      Publish(*doc, out);
      PublishDependents(doc->source.path, out);
    } else if (method == "textDocument/didClose") {
      const std::string uri = params.at("textDocument").at("uri").get<std::string>();
      workspace.Close(uri);
      out->push_back(Message({{"method", "textDocument/publishDiagnostics"},
                              {"params", {{"uri", uri}, {"diagnostics", Json::array()}}}}));
    }
  }

  Json Request(const std::string& method, const Json& params, std::string* error, int* code) {
    if (method == "initialize") {
      initialized = true;
      return {{"capabilities", Capabilities()},
              {"serverInfo", {{"name", "rubric"}, {"version", RUBRIC_VERSION_STRING}}}};
    }
    if (!initialized) {
      *code = kServerNotInitialized;
      *error = "the server is not initialized";
      return nullptr;
    }
    if (method == "shutdown") {
      shutdown = true;
      return nullptr;
    }
    static const std::set<std::string> kDocumentMethods = {
        "textDocument/formatting", "textDocument/documentSymbol", "textDocument/codeAction",
        "textDocument/hover",      "textDocument/definition",     "textDocument/references",
        "textDocument/completion", "textDocument/rename"};
    if (!kDocumentMethods.contains(method)) {
      *code = kMethodNotFound;
      *error = "unknown method: " + method;
      return nullptr;
    }
    const std::string uri = params.at("textDocument").at("uri").get<std::string>();
    OpenDocument* doc = workspace.Find(uri);
    if (!doc) {
      *code = kInvalidParams;
      *error = "the document is not open: " + uri;
      return nullptr;
    }
    if (method == "textDocument/formatting") return Formatting(*doc);
    if (method == "textDocument/documentSymbol") return DocumentSymbols(*doc);
    if (method == "textDocument/codeAction") return CodeActions(workspace, *doc, params);
    const Position position = PositionFromJson(params.at("position"));
    if (method == "textDocument/hover") return Hover(workspace, *doc, position);
    if (method == "textDocument/definition") return Definition(workspace, *doc, position);
    if (method == "textDocument/references") {
      const bool declaration =
          params.contains("context") && params["context"].value("includeDeclaration", false);
      return References(workspace, *doc, position, declaration);
    }
    if (method == "textDocument/completion") return Completion(workspace, *doc, position);
    if (method == "textDocument/rename") {
      Json result =
          Rename(workspace, *doc, position, params.at("newName").get<std::string>(), error);
      if (!error->empty()) *code = kRequestFailed;
      return result;
    }
    *code = kMethodNotFound;
    *error = "unknown method: " + method;
    return nullptr;
  }
};

LanguageServer::LanguageServer(ServerOptions options) : state_(std::make_unique<State>()) {
  state_->workspace.set_options(options);
}
LanguageServer::~LanguageServer() = default;

bool LanguageServer::exited() const { return state_->exited; }
int LanguageServer::exit_code() const { return state_->shutdown ? 0 : 1; }

std::vector<std::string> LanguageServer::Handle(std::string_view text) {
  std::vector<std::string> out;
  Json message = Json::parse(text, nullptr, false);
  if (message.is_discarded()) {
    out.push_back(Error(nullptr, kParseError, "the message is not JSON"));
    return out;
  }
  if (!message.is_object() || !message.contains("method") || !message["method"].is_string()) {
    // A response from the client (to nothing we asked) is ignored; anything else is refused.
    if (message.is_object() && message.contains("id") && !message.contains("method")) return out;
    out.push_back(Error(message.is_object() ? message.value("id", Json()) : Json(), kInvalidRequest,
                        "not a JSON-RPC request"));
    return out;
  }
  const std::string method = message["method"].get<std::string>();
  const Json params = message.value("params", Json::object());
  try {
    if (!message.contains("id")) {
      state_->Notification(method, params, &out);
      return out;
    }
    std::string error;
    int code = 0;
    Json result = state_->Request(method, params, &error, &code);
    if (code != 0) {
      out.push_back(Error(message["id"], code, error));
    } else {
      out.push_back(Message({{"id", message["id"]}, {"result", result}}));
    }
  } catch (const std::exception& e) {  // a missing or mistyped field of the params
    if (message.contains("id")) {
      out.push_back(
          Error(message["id"], kInvalidParams, std::string("invalid params: ") + e.what()));
    }
  }
  return out;
}

}  // namespace rubric::lsp
