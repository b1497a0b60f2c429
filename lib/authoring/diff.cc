// DiffStandards: two compiled standards compared item by item, matched by id.
#include "rubric/diff.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <tuple>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "api/compiled_standard.h"
#include "sema/expr_text.h"
#include "sema/model.h"
#include "util/number_format.h"

namespace rubric {
namespace {

using Kind = StandardChange::Kind;

constexpr const char* kNone = "(none)";

const char* PolicyName(MissingPolicy policy) {
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

std::string Number(double value) { return sema::NumberText(value); }

std::string OptionalNumber(const std::optional<double>& value) {
  return value ? Number(*value) : kNone;
}

std::string UnitText(const InputInfo& input) { return input.unit.empty() ? kNone : input.unit; }

std::string BoundsText(const InputInfo& input) {
  std::string text;
  if (input.min) text = ">= " + Number(*input.min);
  if (input.max) text += (text.empty() ? "<= " : " <= ") + Number(*input.max);
  return text.empty() ? kNone : text;
}

std::string OptionsText(const InputInfo& input) {
  std::string text;
  for (const std::string& option : input.options) {
    text += (text.empty() ? "" : ", ") + option;
  }
  return text.empty() ? kNone : text;
}

// The input's type as declared: `number [万元] >= 0`, `enum {a, b}`.
std::string TypeText(const InputInfo& input) {
  std::string text = InputTypeName(input.type);
  if (input.type == InputType::kEnum) return text + " {" + OptionsText(input) + "}";
  if (!input.unit.empty() && input.type != InputType::kPercent) text += " [" + input.unit + "]";
  if (input.min || input.max) text += " " + BoundsText(input);
  return text;
}

std::string BandText(const GradeInfo& band) {
  switch (band.rule) {
    case GradeRule::kAtLeast:
      return band.name + " >= " + Number(band.min);
    case GradeRule::kOtherwise:
      return band.name + " otherwise";
    case GradeRule::kVetoed:
      return band.name + " when vetoed";
  }
  return band.name;
}

// `"label" ` when there is a label, else nothing.
std::string LabelPrefix(const std::string& label) {
  return label.empty() ? "" : sema::StringLiteral(label) + " ";
}

std::string Trimmed(std::string text) {
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

// Where an item sits in a standard: the pre-order index of the innermost node whose source
// span holds it (-1 outside every node), then its source offset. So changes follow the tree,
// with what is declared inside a node right after it, whether it came from a base or from a
// variant (their files share one offset space, and a node added by a variant holds what is
// declared inside it there).
using Position = std::pair<int, std::uint32_t>;

class TreeOrder {
 public:
  explicit TreeOrder(const sema::Model& m) {
    std::vector<int> by_begin(m.nodes.size());
    for (std::size_t i = 0; i < by_begin.size(); ++i) by_begin[i] = static_cast<int>(i);
    auto span = [&](int i) { return m.nodes[static_cast<std::size_t>(i)].span; };
    std::sort(by_begin.begin(), by_begin.end(), [&](int x, int y) {
      return span(x).begin != span(y).begin ? span(x).begin < span(y).begin
                                            : span(x).end > span(y).end;
    });
    // Offsets where the innermost node changes, in increasing order.
    std::vector<int> open;
    auto close_until = [&](std::uint32_t offset) {
      while (!open.empty() && span(open.back()).end <= offset) {
        const std::uint32_t end = span(open.back()).end;
        open.pop_back();
        boundaries_.emplace_back(end, open.empty() ? -1 : open.back());
      }
    };
    for (int node : by_begin) {
      close_until(span(node).begin);
      open.push_back(node);
      boundaries_.emplace_back(span(node).begin, node);
    }
    close_until(~std::uint32_t{0});
  }

  Position Of(sema::Span span) const {
    auto after = std::upper_bound(boundaries_.begin(), boundaries_.end(), span.begin,
                                  [](std::uint32_t offset, const std::pair<std::uint32_t, int>& b) {
                                    return offset < b.first;
                                  });
    return {after == boundaries_.begin() ? -1 : std::prev(after)->second, span.begin};
  }

  static Position OfNode(std::size_t index, sema::Span span) {
    return {static_cast<int>(index), span.begin};
  }

 private:
  std::vector<std::pair<std::uint32_t, int>> boundaries_;  // (offset, innermost node from there)
};

class StandardDiffer {
 public:
  StandardDiffer(const sema::Model& a, const sema::Model& b)
      : a_(a), b_(b), order_a_(a), order_b_(b) {}

  std::vector<StandardChange> Run() {
    DiffHeader();
    DiffGrades();
    DiffInputs();
    DiffLets();
    DiffFunctions();
    DiffNodes();
    DiffStandaloneVetoes();
    std::stable_sort(entries_.begin(), entries_.end(), [](const Entry& x, const Entry& y) {
      return std::tie(x.section, x.position) < std::tie(y.section, y.position);
    });
    std::vector<StandardChange> changes;
    for (Entry& entry : entries_) changes.push_back(std::move(entry.change));
    return changes;
  }

 private:
  // Where a change goes: header, grades, B's items in B's order, then A's removed items
  // (grade bands first, then in A's order).
  enum Section { kHeaderSection, kGradesSection, kItemSection, kRemovedBands, kRemovedItems };
  struct Entry {
    Section section;
    Position position;
    StandardChange change;
  };

  void Add(Section section, Position position, Kind kind, std::string id, std::string what,
           std::string before, std::string after) {
    entries_.push_back(
        {section,
         position,
         {kind, std::move(id), std::move(what), std::move(before), std::move(after)}});
  }

  // A change of one property, when its two texts differ.
  void Changed(Position position, Kind kind, const std::string& id, std::string what,
               std::string before, std::string after) {
    if (before == after) return;
    Add(kItemSection, position, kind, id, std::move(what), std::move(before), std::move(after));
  }

  void DiffHeader() {
    auto header = [&](Kind kind, std::string what, std::string before, std::string after) {
      if (before != after) {
        Add(kHeaderSection, {}, kind, "", std::move(what), std::move(before), std::move(after));
      }
    };
    header(Kind::kHeader, "standard", a_.id, b_.id);
    header(Kind::kHeader, "title", a_.title, b_.title);
    header(Kind::kHeader, "version", a_.version, b_.version);
    header(Kind::kHeader, "total", OptionalNumber(a_.total_points),
           OptionalNumber(b_.total_points));
    header(Kind::kHeader, "missing", PolicyName(a_.missing), PolicyName(b_.missing));
    header(Kind::kRule, "value", RootRule(a_), RootRule(b_));
  }

  static std::string RootRule(const sema::Model& m) {
    return m.root_value == sema::kNoExpr ? "sum of the top-level nodes"
                                         : "value " + sema::ExprText(m, m.root_value);
  }

  void DiffGrades() {
    // Bands are matched by rule and name (and which of equal ones they are).
    using Key = std::tuple<GradeRule, std::string, int>;
    auto keys = [](const std::vector<GradeInfo>& bands) {
      std::map<Key, std::size_t> out;
      std::map<std::pair<GradeRule, std::string>, int> seen;
      for (std::size_t i = 0; i < bands.size(); ++i) {
        const int n = seen[{bands[i].rule, bands[i].name}]++;
        out[{bands[i].rule, bands[i].name, n}] = i;
      }
      return out;
    };
    const std::map<Key, std::size_t> in_a = keys(a_.grades);
    const std::map<Key, std::size_t> in_b = keys(b_.grades);
    std::vector<std::pair<std::size_t, Key>> b_order, a_order;
    for (const auto& [key, i] : in_b) b_order.emplace_back(i, key);
    for (const auto& [key, i] : in_a) a_order.emplace_back(i, key);
    std::sort(b_order.begin(), b_order.end());
    std::sort(a_order.begin(), a_order.end());
    for (const auto& [i, key] : b_order) {
      const GradeInfo& band = b_.grades[i];
      auto match = in_a.find(key);
      if (match == in_a.end()) {
        Add(kGradesSection, {}, Kind::kAdded, band.name, "grade band", "",
            BandText(band).substr(band.name.size() + 1));
      } else if (BandText(a_.grades[match->second]) != BandText(band)) {
        Add(kGradesSection, {}, Kind::kGrades, band.name, "grades",
            BandText(a_.grades[match->second]), BandText(band));
      }
    }
    for (const auto& [i, key] : a_order) {
      if (in_b.contains(key)) continue;
      const GradeInfo& band = a_.grades[i];
      Add(kRemovedBands, {}, Kind::kRemoved, band.name, "grade band",
          BandText(band).substr(band.name.size() + 1), "");
    }
    if (a_.grade_tolerance != b_.grade_tolerance) {
      Add(kGradesSection, {}, Kind::kGrades, "", "grade tolerance",
          util::FormatShortest(a_.grade_tolerance), util::FormatShortest(b_.grade_tolerance));
    }
  }

  std::string InputDescription(const sema::Model& m, const InputInfo& input) const {
    std::string text = LabelPrefix(input.label) + "(" + TypeText(input);
    if (input.missing != m.missing) text += std::string(", missing ") + PolicyName(input.missing);
    return text + ")";
  }

  void DiffInputs() {
    absl::flat_hash_map<std::string, std::size_t> in_a;
    for (std::size_t i = 0; i < a_.inputs.size(); ++i) in_a[a_.inputs[i].info.id] = i;
    absl::flat_hash_set<std::string> in_b;
    for (const sema::Input& input : b_.inputs) {
      const InputInfo& b = input.info;
      in_b.insert(b.id);
      const Position at = order_b_.Of(input.span);
      auto match = in_a.find(b.id);
      if (match == in_a.end()) {
        Add(kItemSection, at, Kind::kAdded, b.id, "input", "", InputDescription(b_, b));
        continue;
      }
      const InputInfo& a = a_.inputs[match->second].info;
      Changed(at, Kind::kLabel, b.id, "label", a.label, b.label);
      Changed(at, Kind::kInput, b.id, "type", InputTypeName(a.type), InputTypeName(b.type));
      Changed(at, Kind::kInput, b.id, "unit", UnitText(a), UnitText(b));
      Changed(at, Kind::kInput, b.id, "bounds", BoundsText(a), BoundsText(b));
      Changed(at, Kind::kInput, b.id, "options", OptionsText(a), OptionsText(b));
      // An input that follows a changed standard-wide policy is reported once, as `missing`.
      const bool follows = a.missing == a_.missing && b.missing == b_.missing;
      if (!follows || a_.missing == b_.missing) {
        Changed(at, Kind::kInput, b.id, "missing", PolicyName(a.missing), PolicyName(b.missing));
      }
    }
    for (const sema::Input& input : a_.inputs) {
      if (in_b.contains(input.info.id)) continue;
      Add(kRemovedItems, order_a_.Of(input.span), Kind::kRemoved, input.info.id, "input",
          InputDescription(a_, input.info), "");
    }
  }

  static std::string LetDescription(const sema::Model& m, const sema::Let& let) {
    return LabelPrefix(let.label) + "= " + sema::ExprText(m, let.expr);
  }

  void DiffLets() {
    absl::flat_hash_map<std::string, std::size_t> in_a;
    for (std::size_t i = 0; i < a_.lets.size(); ++i) in_a[a_.lets[i].id] = i;
    absl::flat_hash_set<std::string> in_b;
    for (const sema::Let& let : b_.lets) {
      in_b.insert(let.id);
      auto match = in_a.find(let.id);
      if (match == in_a.end()) {
        Add(kItemSection, order_b_.Of(let.span), Kind::kAdded, let.id, "let", "",
            LetDescription(b_, let));
        continue;
      }
      const sema::Let& old = a_.lets[match->second];
      Changed(order_b_.Of(let.span), Kind::kLabel, let.id, "label", old.label, let.label);
      Changed(order_b_.Of(let.span), Kind::kRule, let.id, "let", sema::ExprText(a_, old.expr),
              sema::ExprText(b_, let.expr));
    }
    for (const sema::Let& let : a_.lets) {
      if (in_b.contains(let.id)) continue;
      Add(kRemovedItems, order_a_.Of(let.span), Kind::kRemoved, let.id, "let",
          LetDescription(a_, let), "");
    }
  }

  static std::string FunctionDescription(const sema::Function& function, bool label = true) {
    std::string text = (label ? LabelPrefix(function.label) : "") + "(";
    for (std::size_t i = 0; i < function.params.size(); ++i) {
      if (i > 0) text += ", ";
      text += function.params[i];
    }
    return text + ") = " + function.body;
  }

  void DiffFunctions() {
    absl::flat_hash_map<std::string, std::size_t> in_a;
    for (std::size_t i = 0; i < a_.functions.size(); ++i) in_a[a_.functions[i].id] = i;
    absl::flat_hash_set<std::string> in_b;
    for (const sema::Function& function : b_.functions) {
      in_b.insert(function.id);
      auto match = in_a.find(function.id);
      const Position at = order_b_.Of(function.span);
      if (match == in_a.end()) {
        Add(kItemSection, at, Kind::kAdded, function.id, "function", "",
            FunctionDescription(function));
        continue;
      }
      const sema::Function& old = a_.functions[match->second];
      Changed(at, Kind::kLabel, function.id, "label", old.label, function.label);
      Changed(at, Kind::kRule, function.id, "function", FunctionDescription(old, false),
              FunctionDescription(function, false));
    }
    for (const sema::Function& function : a_.functions) {
      if (in_b.contains(function.id)) continue;
      Add(kRemovedItems, order_a_.Of(function.span), Kind::kRemoved, function.id, "function",
          FunctionDescription(function), "");
    }
  }

  static const char* NodeWhat(const sema::Node& node) {
    return node.info.kind == NodeKind::kGroup ? "group" : "indicator";
  }

  static std::string ParentId(const sema::Model& m, const sema::Node& node) {
    return node.info.parent < 0 ? "" : m.nodes[static_cast<std::size_t>(node.info.parent)].info.id;
  }

  // `"label" (2 points, in I1)`
  static std::string NodeDescription(const sema::Model& m, const sema::Node& node) {
    std::string details;
    if (node.info.points) {
      details = Number(*node.info.points) + (*node.info.points == 1 ? " point" : " points");
    }
    const std::string parent = ParentId(m, node);
    if (!parent.empty()) details += (details.empty() ? "in " : ", in ") + parent;
    return Trimmed(LabelPrefix(node.info.label) + (details.empty() ? "" : "(" + details + ")"));
  }

  static std::string PointsText(const sema::Node& node) {
    if (!node.declared_points) return kNone;
    return Number(*node.declared_points) + (node.normalize ? " normalize" : "");
  }

  static std::string RuleText(const sema::Model& m, const sema::Node& node) {
    switch (node.rule) {
      case sema::NodeRule::kNone:
        return "no rule";
      case sema::NodeRule::kScore:
        return "score " + sema::ExprText(m, node.expr);
      case sema::NodeRule::kValue:
        return "value " + sema::ExprText(m, node.expr);
      case sema::NodeRule::kSumChildren:
        return "sum of children";
    }
    return "";
  }

  // The veto an indicator carries (`veto when ...` inside it), if any.
  static const sema::Veto* OwnVeto(const sema::Model& m, std::size_t node) {
    for (const sema::Veto& veto : m.vetoes) {
      if (veto.info.node == static_cast<int>(node)) return &veto;
    }
    return nullptr;
  }

  static std::string VetoCondition(const sema::Model& m, const sema::Veto* veto) {
    return veto == nullptr ? kNone : sema::ExprText(m, veto->condition);
  }

  void DiffNodes() {
    absl::flat_hash_map<std::string, std::size_t> in_a;
    for (std::size_t i = 0; i < a_.nodes.size(); ++i) in_a[a_.nodes[i].info.id] = i;
    absl::flat_hash_set<std::string> matched;  // ids of A's nodes that B has too
    for (std::size_t i = 0; i < b_.nodes.size(); ++i) {
      const sema::Node& node = b_.nodes[i];
      const std::string& id = node.info.id;
      const Position at = TreeOrder::OfNode(i, node.span);
      auto match = in_a.find(id);
      // A node that became a group (or an indicator) is another node under the same id.
      if (match == in_a.end() || a_.nodes[match->second].info.kind != node.info.kind) {
        Add(kItemSection, at, Kind::kAdded, id, NodeWhat(node), "", NodeDescription(b_, node));
        if (const sema::Veto* veto = OwnVeto(b_, i)) {
          Add(kItemSection, at, Kind::kAdded, id, "veto", "",
              "when " + sema::ExprText(b_, veto->condition));
        }
        continue;
      }
      matched.insert(id);
      const sema::Node& old = a_.nodes[match->second];
      const std::string old_parent = ParentId(a_, old);
      const std::string parent = ParentId(b_, node);
      if (old_parent != parent) {
        Add(kItemSection, at, Kind::kMoved, id, "parent",
            old_parent.empty() ? "(top level)" : old_parent,
            parent.empty() ? "(top level)" : parent);
      }
      Changed(at, Kind::kLabel, id, "label", old.info.label, node.info.label);
      Changed(at, Kind::kPoints, id, "points", PointsText(old), PointsText(node));
      Changed(at, Kind::kRule, id, "rule", RuleText(a_, old), RuleText(b_, node));
      const sema::Veto* old_veto = OwnVeto(a_, match->second);
      const sema::Veto* veto = OwnVeto(b_, i);
      Changed(at, Kind::kVeto, id, "veto", VetoCondition(a_, old_veto), VetoCondition(b_, veto));
      // A veto's label is its indicator's unless it has its own.
      if (old_veto != nullptr && veto != nullptr &&
          (old_veto->info.label != old.info.label || veto->info.label != node.info.label)) {
        Changed(at, Kind::kLabel, id, "veto label", old_veto->info.label, veto->info.label);
      }
    }
    for (std::size_t i = 0; i < a_.nodes.size(); ++i) {
      const sema::Node& node = a_.nodes[i];
      if (matched.contains(node.info.id)) continue;
      Add(kRemovedItems, TreeOrder::OfNode(i, node.span), Kind::kRemoved, node.info.id,
          NodeWhat(node), NodeDescription(a_, node), "");
      if (const sema::Veto* veto = OwnVeto(a_, i)) {
        Add(kRemovedItems, TreeOrder::OfNode(i, node.span), Kind::kRemoved, node.info.id, "veto",
            "when " + sema::ExprText(a_, veto->condition), "");
      }
    }
  }

  static std::string VetoDescription(const sema::Model& m, const sema::Veto& veto) {
    return LabelPrefix(veto.info.label) + "when " + sema::ExprText(m, veto.condition);
  }

  void DiffStandaloneVetoes() {
    absl::flat_hash_map<std::string, std::size_t> in_a;
    for (std::size_t i = 0; i < a_.vetoes.size(); ++i) {
      if (a_.vetoes[i].info.node < 0) in_a[a_.vetoes[i].info.id] = i;
    }
    absl::flat_hash_set<std::string> in_b;
    for (const sema::Veto& veto : b_.vetoes) {
      if (veto.info.node >= 0) continue;
      const std::string& id = veto.info.id;
      in_b.insert(id);
      auto match = in_a.find(id);
      if (match == in_a.end()) {
        Add(kItemSection, order_b_.Of(veto.span), Kind::kAdded, id, "veto", "",
            VetoDescription(b_, veto));
        continue;
      }
      const sema::Veto& old = a_.vetoes[match->second];
      Changed(order_b_.Of(veto.span), Kind::kLabel, id, "label", old.info.label, veto.info.label);
      Changed(order_b_.Of(veto.span), Kind::kVeto, id, "veto", sema::ExprText(a_, old.condition),
              sema::ExprText(b_, veto.condition));
    }
    for (const sema::Veto& veto : a_.vetoes) {
      if (veto.info.node >= 0 || in_b.contains(veto.info.id)) continue;
      Add(kRemovedItems, order_a_.Of(veto.span), Kind::kRemoved, veto.info.id, "veto",
          VetoDescription(a_, veto), "");
    }
  }

  const sema::Model& a_;
  const sema::Model& b_;
  const TreeOrder order_a_;
  const TreeOrder order_b_;
  std::vector<Entry> entries_;
};

}  // namespace

const char* StandardChangeKindName(StandardChange::Kind kind) {
  switch (kind) {
    case Kind::kAdded:
      return "added";
    case Kind::kRemoved:
      return "removed";
    case Kind::kLabel:
      return "label";
    case Kind::kPoints:
      return "points";
    case Kind::kRule:
      return "rule";
    case Kind::kVeto:
      return "veto";
    case Kind::kInput:
      return "input";
    case Kind::kGrades:
      return "grades";
    case Kind::kHeader:
      return "header";
    case Kind::kMoved:
      return "moved";
  }
  return "";
}

std::vector<StandardChange> DiffStandards(const Standard& a, const Standard& b) {
  return StandardDiffer(a.compiled().model, b.compiled().model).Run();
}

}  // namespace rubric
