// Hover, go to definition, find references, rename and the outline (document symbols).
#include <cstdio>
#include <filesystem>
#include <set>
#include <string>

#include "grammar/parser.h"
#include "grammar/utf8.h"
#include "lsp/builtins.h"
#include "lsp/features_support.h"

namespace rubric::lsp {
namespace {

const char* KindName(DeclKind kind) {
  switch (kind) {
    case DeclKind::kInput:
      return "input";
    case DeclKind::kLet:
      return "let";
    case DeclKind::kGroup:
      return "group";
    case DeclKind::kIndicator:
      return "indicator";
    case DeclKind::kVeto:
      return "veto";
    case DeclKind::kFunction:
      return "function";
    case DeclKind::kParameter:
      return "parameter";
  }
  return "";
}

std::string Number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.15g", value);
  return text;
}

const char* MissingName(MissingPolicy policy) {
  switch (policy) {
    case MissingPolicy::kDefault:
      return "default";
    case MissingPolicy::kExclude:
      return "exclude";
    case MissingPolicy::kUnscorable:
      return "unscorable";
    case MissingPolicy::kImpute:
      return "impute";
  }
  return "";
}

std::string Slice(const Source& source, std::uint32_t begin, std::uint32_t end) {
  const std::string& text = source.document.text();
  if (begin >= end || end > text.size()) return {};
  return text.substr(begin, end - begin);
}

std::string InputDetails(const InputInfo& input) {
  std::string text = "- type: `" + std::string(InputTypeName(input.type)) + "`\n";
  if (!input.unit.empty()) text += "- unit: `[" + input.unit + "]`\n";
  if (input.min || input.max) {
    text += "- bounds:";
    if (input.min) text += " `>= " + Number(*input.min) + "`";
    if (input.max) text += " `<= " + Number(*input.max) + "`";
    text += "\n";
  }
  if (!input.options.empty()) {
    text += "- options:";
    for (const std::string& option : input.options) text += " `" + option + "`";
    text += "\n";
  }
  text += "- missing: `" + std::string(MissingName(input.missing)) + "`\n";
  return text;
}

// The markdown shown for `decl` of `source`; `standard` (the compiled document) gives
// types, units, bounds and points.
std::string Describe(const Source& source, const Decl& decl,
                     const std::optional<Standard>& standard, bool in_base) {
  std::string text = "**" + std::string(KindName(decl.kind)) + "** `" + decl.name + "`";
  if (!decl.label.empty()) text += " " + decl.label;
  text += "\n\n";
  switch (decl.kind) {
    case DeclKind::kInput:
      if (standard) {
        if (auto i = standard->FindInput(decl.name)) text += InputDetails(standard->inputs()[*i]);
      } else {
        text += "```rubric\n" + Slice(source, decl.begin, decl.end) + "\n```\n";
      }
      break;
    case DeclKind::kGroup:
    case DeclKind::kIndicator:
      if (standard) {
        if (auto n = standard->FindNode(decl.name)) {
          const NodeInfo& node = standard->nodes()[*n];
          if (node.points) text += "- points: " + Number(*node.points) + "\n";
          if (!node.children.empty()) {
            text += "- children: " + std::to_string(node.children.size()) + "\n";
          }
        }
      }
      if (!decl.rule.empty()) text += "\n```rubric\n" + decl.rule + "\n```\n";
      break;
    case DeclKind::kParameter:
      text += "a parameter of `" +
              source.index.decls[static_cast<std::size_t>(decl.function)].name + "`\n";
      break;
    default:
      text += "```rubric\n" + Slice(source, decl.begin, decl.end) + "\n```\n";
  }
  if (in_base) text += "\n*" + std::filesystem::path(source.path).filename().string() + "*";
  return text;
}

// Whether a parameter of the function around `use` has its name (and hides the others).
bool HiddenByParameter(const SymbolIndex& index, const Use& use) {
  if (use.function < 0) return false;
  const int decl = index.Resolve(use.name, use.function);
  return decl >= 0 && index.decls[static_cast<std::size_t>(decl)].kind == DeclKind::kParameter;
}

// Uses of `target` in each source of `chain` (and its declaration when `declaration`).
std::vector<std::pair<std::size_t, Range>> Occurrences(const std::vector<Source>& chain,
                                                       Target target, bool declaration) {
  std::vector<std::pair<std::size_t, Range>> out;
  const Source& home = chain[target.source];
  const Decl& decl = home.index.decls[static_cast<std::size_t>(target.decl)];
  if (declaration) {
    out.push_back({target.source, home.document.RangeOf(decl.name_begin, decl.name_end)});
  }
  // Sources that can see the declaration: its own and the variants built on it.
  const std::size_t last = decl.kind == DeclKind::kParameter ? target.source : 0;
  for (std::size_t s = target.source + 1; s-- > last;) {
    const SymbolIndex& index = chain[s].index;
    for (const Use& use : index.uses) {
      if (use.name != decl.name) continue;
      if (decl.kind == DeclKind::kParameter) {
        if (use.function != decl.function) continue;
      } else if (HiddenByParameter(index, use)) {
        continue;
      }
      if (s != target.source && !use.change && index.Resolve(use.name) >= 0) continue;
      out.push_back({s, chain[s].document.RangeOf(use.begin, use.end)});
    }
  }
  return out;
}

// As Occurrences, plus the uses in the other open documents that are variants of the
// target's source (found from the base, their uses are in no chain of the base's).
std::vector<std::pair<std::string, Range>> AllOccurrences(Workspace& workspace,
                                                          const OpenDocument& doc,
                                                          const std::vector<Source>& chain,
                                                          Target target, bool declaration) {
  std::vector<std::pair<std::string, Range>> out;
  for (const auto& [s, range] : Occurrences(chain, target, declaration)) {
    out.push_back({chain[s].uri, range});
  }
  const Source& home = chain[target.source];
  const Decl& decl = home.index.decls[static_cast<std::size_t>(target.decl)];
  if (decl.kind == DeclKind::kParameter) return out;
  for (const auto& [uri, other] : workspace.documents()) {
    if (uri == doc.source.uri || !other.source.index.base_name) continue;
    bool in_chain = false;
    for (const Source& s : chain) in_chain = in_chain || s.path == other.source.path;
    if (in_chain) continue;
    const std::vector<Source> variant = ChainOf(workspace, other);
    for (std::size_t k = 1; k < variant.size(); ++k) {
      if (variant[k].path != home.path) continue;
      const auto& decls = variant[k].index.decls;
      if (static_cast<std::size_t>(target.decl) >= decls.size() ||
          decls[static_cast<std::size_t>(target.decl)].name != decl.name) {
        break;  // the base reads differently from there (a syntax error since)
      }
      for (const auto& [s, range] : Occurrences(variant, {k, target.decl}, false)) {
        if (s < k) out.push_back({variant[s].uri, range});
      }
      break;
    }
  }
  return out;
}

bool IsIdentifier(const std::string& name) {
  if (name.empty()) return false;
  std::size_t pos = 0;
  bool first = true;
  while (pos < name.size()) {
    const char32_t c = utf8::Decode(name, &pos);
    if (c == utf8::kInvalid) return false;
    if (first ? !utf8::IsIdentifierStart(c) : !utf8::IsIdentifierContinue(c)) return false;
    first = false;
  }
  return !grammar::IsKeyword(name);
}

int SymbolKindOf(DeclKind kind) {
  switch (kind) {
    case DeclKind::kGroup:
      return 3;  // Namespace
    case DeclKind::kIndicator:
      return 5;  // Class
    case DeclKind::kInput:
      return 8;  // Field
    case DeclKind::kLet:
      return 13;  // Variable
    case DeclKind::kVeto:
      return 24;  // Event
    case DeclKind::kFunction:
      return 12;  // Function
    case DeclKind::kParameter:
      return 13;  // Variable
  }
  return 13;
}

Json SymbolOf(const Source& source, int id) {
  const Decl& decl = source.index.decls[static_cast<std::size_t>(id)];
  Json symbol = {
      {"name", decl.name},
      {"kind", SymbolKindOf(decl.kind)},
      {"range", ToJson(source.document.RangeOf(decl.begin, decl.end))},
      {"selectionRange", ToJson(source.document.RangeOf(decl.name_begin, decl.name_end))}};
  if (!decl.label.empty()) symbol["detail"] = decl.label;
  if (!decl.children.empty()) {
    Json children = Json::array();
    for (int child : decl.children) children.push_back(SymbolOf(source, child));
    symbol["children"] = std::move(children);
  }
  return symbol;
}

// A call of a built-in function: its signature and meaning.
Json BuiltinHover(const OpenDocument& doc, std::uint32_t offset) {
  const int use = doc.source.index.UseAt(offset);
  if (use < 0) return nullptr;
  const Use& u = doc.source.index.uses[static_cast<std::size_t>(use)];
  const Builtin* builtin = FindBuiltin(u.name);
  if (!builtin) return nullptr;
  const std::string text =
      "```rubric\n" + std::string(builtin->signature) + "\n```\n" + std::string(builtin->meaning);
  return {{"contents", {{"kind", "markdown"}, {"value", text}}},
          {"range", ToJson(doc.source.document.RangeOf(u.begin, u.end))}};
}

}  // namespace

Json Hover(Workspace& workspace, OpenDocument& doc, Position position) {
  const std::vector<Source> chain = ChainOf(workspace, doc);
  const auto offset = static_cast<std::uint32_t>(doc.source.document.OffsetOf(position));
  const Target target = TargetAt(chain, offset);
  if (!target.found()) return BuiltinHover(doc, offset);
  const Source& source = chain[target.source];
  const Decl& decl = source.index.decls[static_cast<std::size_t>(target.decl)];
  const int use = doc.source.index.UseAt(offset);
  const int own = doc.source.index.DeclAt(offset);
  const auto [begin, end] =
      own >= 0 ? std::pair{decl.name_begin, decl.name_end}
               : std::pair{doc.source.index.uses[static_cast<std::size_t>(use)].begin,
                           doc.source.index.uses[static_cast<std::size_t>(use)].end};
  return {
      {"contents",
       {{"kind", "markdown"}, {"value", Describe(source, decl, doc.standard, target.source > 0)}}},
      {"range", ToJson(doc.source.document.RangeOf(begin, end))}};
}

Json Definition(Workspace& workspace, OpenDocument& doc, Position position) {
  const std::vector<Source> chain = ChainOf(workspace, doc);
  const Target target =
      TargetAt(chain, static_cast<std::uint32_t>(doc.source.document.OffsetOf(position)));
  if (!target.found()) return nullptr;
  const Source& source = chain[target.source];
  const Decl& decl = source.index.decls[static_cast<std::size_t>(target.decl)];
  return LocationOf(source, decl.name_begin, decl.name_end);
}

Json References(Workspace& workspace, OpenDocument& doc, Position position, bool declaration) {
  const std::vector<Source> chain = ChainOf(workspace, doc);
  const Target target =
      TargetAt(chain, static_cast<std::uint32_t>(doc.source.document.OffsetOf(position)));
  Json locations = Json::array();
  if (!target.found()) return locations;
  for (const auto& [uri, range] : AllOccurrences(workspace, doc, chain, target, declaration)) {
    locations.push_back({{"uri", uri}, {"range", ToJson(range)}});
  }
  return locations;
}

Json Rename(Workspace& workspace, OpenDocument& doc, Position position, const std::string& name,
            std::string* error) {
  const std::vector<Source> chain = ChainOf(workspace, doc);
  const Target target =
      TargetAt(chain, static_cast<std::uint32_t>(doc.source.document.OffsetOf(position)));
  if (!target.found()) {
    *error = "no declared name here";
    return nullptr;
  }
  if (!IsIdentifier(name)) {
    *error = "'" + name + "' is not a name (a keyword, or not an identifier)";
    return nullptr;
  }
  if (Lookup(chain, name, -1).found()) {
    *error = "'" + name + "' is already declared";
    return nullptr;
  }
  Json changes = Json::object();
  for (const auto& [uri, range] : AllOccurrences(workspace, doc, chain, target, true)) {
    changes[uri].push_back({{"range", ToJson(range)}, {"newText", name}});
  }
  return {{"changes", changes}};
}

Json DocumentSymbols(OpenDocument& doc) {
  Json symbols = Json::array();
  for (int id : doc.source.index.top) symbols.push_back(SymbolOf(doc.source, id));
  return symbols;
}

}  // namespace rubric::lsp
