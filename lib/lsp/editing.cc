// Diagnostics, code actions for hints with one fix, and formatting.
#include <optional>
#include <string>
#include <string_view>

#include "grammar/utf8.h"
#include "lsp/features_support.h"
#include "rubric/format.h"

namespace rubric::lsp {
namespace {

int SeverityOf(Severity severity) {
  switch (severity) {
    case Severity::kError:
      return 1;
    case Severity::kWarning:
      return 2;
    case Severity::kNote:
      return 3;
  }
  return 1;
}

bool BelongsTo(const Diagnostic& d, const OpenDocument& doc) {
  return d.file.empty() || d.file == doc.source.path;
}

// The range of a diagnostic of `doc`, or of one of its bases' (shown on `extends NAME`).
Range RangeOf(const OpenDocument& doc, const Diagnostic& d) {
  if (!BelongsTo(d, doc) || d.line == 0) {
    const SymbolIndex& index = doc.source.index;
    if (!BelongsTo(d, doc) && index.base_name) {
      return doc.source.document.RangeOf(index.base_begin, index.base_end);
    }
    return {};
  }
  return doc.source.document.RangeOf(d.offset, d.offset + d.length);
}

// The one name a hint suggests: `did you mean 'X'?` gives X.
std::string SuggestedName(const std::string& hint) {
  constexpr std::string_view kLead = "did you mean '";
  const std::size_t at = hint.find(kLead);
  if (at == std::string::npos) return {};
  const std::size_t begin = at + kLead.size();
  const std::size_t end = hint.find("'?", begin);
  if (end == std::string::npos) return {};
  return hint.substr(begin, end - begin);
}

// Whether `text` is one name (the place a misspelt-name hint is about), not a longer span.
bool IsName(std::string_view text) {
  std::size_t pos = 0;
  bool first = true;
  while (pos < text.size()) {
    const char32_t c = utf8::Decode(text, &pos);
    if (c == utf8::kInvalid ||
        !(first ? utf8::IsIdentifierStart(c) : utf8::IsIdentifierContinue(c))) {
      return false;
    }
    first = false;
  }
  return !first;
}

// The unit a message names in brackets (`unknown unit [万圆]`), or empty.
std::string_view UnitOf(std::string_view message) {
  const std::size_t open = message.find('[');
  const std::size_t close = message.find(']', open == std::string_view::npos ? 0 : open);
  if (open == std::string_view::npos || close == std::string_view::npos) return {};
  return message.substr(open + 1, close - open - 1);
}

// Where, in `text`, the unit that `message` names is written between brackets (the offset
// of its first byte), or nullopt.
std::optional<std::size_t> UnitIn(std::string_view message, std::string_view text) {
  const std::string_view unit = UnitOf(message);
  if (unit.empty()) return std::nullopt;
  const std::size_t at = text.find("[" + std::string(unit) + "]");
  if (at == std::string_view::npos) return std::nullopt;
  return at + 1;
}

bool Overlaps(Range a, Range b) {
  auto before = [](Position x, Position y) {
    return x.line < y.line || (x.line == y.line && x.character < y.character);
  };
  return !before(a.end, b.start) && !before(b.end, a.start);
}

}  // namespace

Json DiagnosticsOf(Workspace& workspace, OpenDocument& doc) {
  Json list = Json::array();
  std::optional<Source> base;
  bool base_read = false;
  for (const Diagnostic& d : doc.diagnostics) {
    std::string message = d.message;
    if (!d.hint.empty()) message += "\nhint: " + d.hint;
    Json item = {{"range", ToJson(RangeOf(doc, d))},
                 {"severity", workspace.options().strict && d.severity == Severity::kWarning
                                  ? SeverityOf(Severity::kError)
                                  : SeverityOf(d.severity)},
                 {"code", d.code},
                 {"source", "rubric"},
                 {"message", message}};
    if (!BelongsTo(d, doc)) {
      if (!base_read) {
        base = workspace.BaseOf(doc.source);
        base_read = true;
      }
      item["message"] = "in the base " + d.file + ":" + std::to_string(d.line) + ": " + message;
      Range where{{d.line > 0 ? d.line - 1 : 0, d.column > 0 ? d.column - 1 : 0},
                  {d.line > 0 ? d.line - 1 : 0, d.column > 0 ? d.column - 1 : 0}};
      std::string uri = UriOfPath(d.file);
      if (base && base->path == d.file) {
        where = base->document.RangeOf(d.offset, d.offset + d.length);
        uri = base->uri;
      }
      item["relatedInformation"] = {
          {{"location", {{"uri", uri}, {"range", ToJson(where)}}}, {"message", d.message}}};
    }
    list.push_back(std::move(item));
  }
  return {{"uri", doc.source.uri}, {"version", doc.version}, {"diagnostics", list}};
}

Json CodeActions(Workspace&, OpenDocument& doc, const Json& params) {
  const Range asked = RangeFromJson(params.at("range"));
  Json actions = Json::array();
  for (const Diagnostic& d : doc.diagnostics) {
    if (!BelongsTo(d, doc) || d.line == 0) continue;
    const Range range = RangeOf(doc, d);
    if (!Overlaps(range, asked)) continue;
    Json edit;
    std::string title;
    const std::string name = SuggestedName(d.hint);
    const std::string_view text =
        std::string_view(doc.source.document.text()).substr(d.offset, d.length);
    if (!name.empty() && d.length > 0 && IsName(text)) {
      title = "Change to '" + name + "'";
      edit = {{"range", ToJson(range)}, {"newText", name}};
    } else if (std::optional<std::size_t> unit = UnitIn(d.message, text); !name.empty() && unit) {
      // An unknown unit (`[万圆]`): the text between the brackets.
      const std::size_t begin = d.offset + *unit;
      const std::size_t end = begin + UnitOf(d.message).size();
      title = "Change to '" + name + "'";
      edit = {{"range", ToJson(doc.source.document.RangeOf(begin, end))}, {"newText", name}};
    } else if (d.code == "E0401" && d.hint.find("normalize") != std::string::npos) {
      for (const Decl& decl : doc.source.index.decls) {
        if (decl.begin != d.offset || decl.points_end == 0) continue;
        const Position at = doc.source.document.PositionOf(decl.points_end);
        title = "Scale the children's points (normalize)";
        edit = {{"range", ToJson(Range{at, at})}, {"newText", " normalize"}};
      }
    }
    if (title.empty()) continue;
    Json diagnostic = {{"range", ToJson(range)}, {"code", d.code}, {"message", d.message}};
    actions.push_back({{"title", title},
                       {"kind", "quickfix"},
                       {"isPreferred", true},
                       {"diagnostics", {diagnostic}},
                       {"edit", {{"changes", {{doc.source.uri, {edit}}}}}}});
  }
  return actions;
}

Json Formatting(OpenDocument& doc) {
  const std::string& text = doc.source.document.text();
  FormatResult formatted = FormatSource(text, doc.source.path);
  Json edits = Json::array();
  if (!formatted.ok() || *formatted.text == text) return edits;
  edits.push_back({{"range", ToJson(doc.source.document.RangeOf(0, text.size()))},
                   {"newText", *formatted.text}});
  return edits;
}

}  // namespace rubric::lsp
