// Completion: units inside `[`, the options of an enum inside `lookup(x) { ... }`, else the
// names in scope, the functions and the keywords.
#include <cctype>
#include <set>
#include <string>
#include <string_view>

#include "lsp/builtins.h"
#include "lsp/features_support.h"

namespace rubric::lsp {
namespace {

// CompletionItemKind values.
constexpr int kFunctionItem = 3;
constexpr int kFieldItem = 5;
constexpr int kVariableItem = 6;
constexpr int kClassItem = 7;
constexpr int kModuleItem = 9;
constexpr int kUnitItem = 11;
constexpr int kKeywordItem = 14;
constexpr int kEnumMemberItem = 20;

// The keywords (docs/language.md "Keywords") and the words that are keywords in place.
constexpr const char* kKeywords[] = {
    "standard", "version",   "total",     "missing",  "default", "exclude",   "unscorable",
    "grades",   "otherwise", "when",      "vetoed",   "group",   "indicator", "input",
    "let",      "points",    "normalize", "score",    "value",   "veto",      "if",
    "then",     "else",      "and",       "or",       "not",     "true",      "false",
    "number",   "percent",   "integer",   "rank",     "enum",    "text",      "tolerance",
    "unit",     "extends",   "from",      "remove",   "change",  "coverage",  "impute",
    "by",       "across",    "periods",   "previous", "output",  "aggregate", "weights",
    "weight",   "cost",      "function"};

// The units of the built-in table (lib/sema/unit_table.cc).
constexpr const char* kUnits[] = {"元",     "千元", "万元", "百万元",  "亿元", "人", "万人", "人次",
                                  "万人次", "人日", "人月", "个",      "份",   "台", "名",   "天",
                                  "套",     "家",   "小时", "小时/周", "年",   "所", "月",   "本",
                                  "次",     "篇",   "课时", "门",      "项",   "%"};

// Inside `[` not yet closed on this line.
bool InUnit(std::string_view before) {
  for (std::size_t i = before.size(); i-- > 0;) {
    if (before[i] == '\n' || before[i] == ']') return false;
    if (before[i] == '[') return true;
  }
  return false;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Inside the braces of `lookup(NAME) {` not yet closed: NAME, else empty.
std::string LookupSubject(std::string_view before) {
  const std::size_t at = before.rfind("lookup");
  if (at == std::string_view::npos) return {};
  std::string_view rest = before.substr(at + 6);
  const std::size_t open = rest.find('(');
  const std::size_t close = rest.find(')');
  const std::size_t brace = rest.find('{');
  if (open == std::string_view::npos || close == std::string_view::npos ||
      brace == std::string_view::npos || !(open < close && close < brace) ||
      !Trim(rest.substr(0, open)).empty() ||
      !Trim(rest.substr(close + 1, brace - close - 1)).empty()) {
    return {};
  }
  if (rest.find('}', brace) != std::string_view::npos) return {};
  return std::string(Trim(rest.substr(open + 1, close - open - 1)));
}

int ItemKindOf(DeclKind kind) {
  switch (kind) {
    case DeclKind::kGroup:
      return kModuleItem;
    case DeclKind::kIndicator:
      return kClassItem;
    case DeclKind::kInput:
      return kFieldItem;
    case DeclKind::kFunction:
      return kFunctionItem;
    default:
      return kVariableItem;
  }
}

}  // namespace

Json Completion(Workspace& workspace, OpenDocument& doc, Position position) {
  const std::string& text = doc.source.document.text();
  const std::string_view before(text.data(), doc.source.document.OffsetOf(position));
  const std::vector<Source> chain = ChainOf(workspace, doc);
  Json items = Json::array();
  std::set<std::string> seen;
  auto add = [&](const std::string& label, int kind, const std::string& detail) {
    if (!seen.insert(label).second) return;
    Json item = {{"label", label}, {"kind", kind}};
    if (!detail.empty()) item["detail"] = detail;
    items.push_back(std::move(item));
  };
  if (InUnit(before)) {
    for (const Source& source : chain) {
      for (const std::string& unit : source.index.units) add(unit, kUnitItem, "declared unit");
    }
    for (const char* unit : kUnits) add(unit, kUnitItem, "");
    return items;
  }
  if (const std::string subject = LookupSubject(before); !subject.empty()) {
    std::vector<std::string> options;
    if (doc.standard) {
      if (auto input = doc.standard->FindInput(subject))
        options = doc.standard->inputs()[*input].options;
    }
    if (options.empty()) {
      if (Target t = Lookup(chain, subject, -1); t.found()) {
        options = chain[t.source].index.decls[static_cast<std::size_t>(t.decl)].options;
      }
    }
    for (const std::string& option : options) add(option, kEnumMemberItem, "option of " + subject);
    return items;
  }
  // Inside a function's body: its parameters first.
  const auto offset = static_cast<std::uint32_t>(before.size());
  for (const Decl& decl : doc.source.index.decls) {
    if (decl.kind != DeclKind::kParameter) continue;
    const Decl& function = doc.source.index.decls[static_cast<std::size_t>(decl.function)];
    if (function.begin <= offset && offset <= function.end) {
      add(decl.name, kVariableItem, "parameter of " + function.name);
    }
  }
  for (const Source& source : chain) {
    for (const Decl& decl : source.index.decls) {
      if (decl.kind == DeclKind::kParameter) continue;
      add(decl.name, ItemKindOf(decl.kind), decl.label);
    }
  }
  for (const Builtin& builtin : Builtins()) {
    add(std::string(builtin.name), kFunctionItem, std::string(builtin.signature));
  }
  for (const char* keyword : kKeywords) add(keyword, kKeywordItem, "keyword");
  return items;
}

}  // namespace rubric::lsp
