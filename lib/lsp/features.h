// The requests of the language server, one function each: LSP params in, LSP result out.
#ifndef RUBRIC_LIB_LSP_FEATURES_H_
#define RUBRIC_LIB_LSP_FEATURES_H_

#include <nlohmann/json.hpp>

#include "lsp/workspace.h"

namespace rubric::lsp {

using Json = nlohmann::json;

// {"line":..,"character":..} and {"start":..,"end":..}.
Json ToJson(Position position);
Json ToJson(Range range);
Position PositionFromJson(const Json& json);
Range RangeFromJson(const Json& json);

// textDocument/publishDiagnostics params of `doc`.
Json DiagnosticsOf(Workspace& workspace, OpenDocument& doc);

Json Hover(Workspace& workspace, OpenDocument& doc, Position position);
Json Definition(Workspace& workspace, OpenDocument& doc, Position position);
Json References(Workspace& workspace, OpenDocument& doc, Position position, bool declaration);
Json Rename(Workspace& workspace, OpenDocument& doc, Position position, const std::string& name,
            std::string* error);
Json Completion(Workspace& workspace, OpenDocument& doc, Position position);
Json Formatting(OpenDocument& doc);
Json DocumentSymbols(OpenDocument& doc);
Json CodeActions(Workspace& workspace, OpenDocument& doc, const Json& params);

}  // namespace rubric::lsp

#endif  // RUBRIC_LIB_LSP_FEATURES_H_
