// L0006: two nodes, or two inputs, with the same label. Reports, explanations and data
// templates show labels; the same text twice leaves readers unable to tell them apart.
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "lint/checks.h"

namespace rubric::lint {
namespace {

// Without leading and trailing ASCII white space and ideographic spaces (U+3000).
std::string_view Trim(std::string_view text) {
  constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";
  for (bool trimmed = true; trimmed;) {
    trimmed = false;
    if (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\n' ||
                          text.front() == '\r')) {
      text.remove_prefix(1);
      trimmed = true;
    } else if (text.starts_with(kIdeographicSpace)) {
      text.remove_prefix(kIdeographicSpace.size());
      trimmed = true;
    }
    if (!text.empty() &&
        (text.back() == ' ' || text.back() == '\t' || text.back() == '\n' || text.back() == '\r')) {
      text.remove_suffix(1);
      trimmed = true;
    } else if (text.ends_with(kIdeographicSpace)) {
      text.remove_suffix(kIdeographicSpace.size());
      trimmed = true;
    }
  }
  return text;
}

struct Labelled {
  const char* kind;  // "group", "indicator", "input"
  const std::string& id;
  const std::string& label;
  sema::Span span;
};

void CheckOneKind(const std::vector<Labelled>& items, std::vector<Diagnostic>* out) {
  absl::flat_hash_map<std::string_view, const std::string*> first;  // label -> first id
  for (const Labelled& item : items) {
    const std::string_view label = Trim(item.label);
    if (label.empty()) continue;
    auto [it, inserted] = first.try_emplace(label, &item.id);
    if (inserted) continue;
    Report(out, "L0006", item.span,
           absl::StrCat(item.kind, " '", item.id, "' has the same label as '", *it->second, "': \"",
                        std::string(label), "\""),
           "readers of reports tell them apart by their labels: give each its own");
  }
}

}  // namespace

void CheckRepeatedLabels(const Context& context, std::vector<Diagnostic>* out) {
  std::vector<Labelled> nodes;
  for (const sema::Node& node : context.model.nodes) {
    const char* kind = node.info.kind == NodeKind::kGroup ? "group" : "indicator";
    nodes.push_back({kind, node.info.id, node.info.label, node.span});
  }
  CheckOneKind(nodes, out);
  std::vector<Labelled> inputs;
  for (const sema::Input& input : context.model.inputs) {
    inputs.push_back({"input", input.info.id, input.info.label, input.span});
  }
  CheckOneKind(inputs, out);
}

}  // namespace rubric::lint
