#include "sema/variant.h"

#include <algorithm>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include "absl/strings/str_cat.h"
#include "sema/closest_name.h"
#include "sema/diagnostic_sink.h"
#include "sema/syntax_access.h"

namespace rubric::sema {
namespace {

namespace x3 = boost::spirit::x3;

// The name a statement declares, or nullptr (rules, headers, unnamed vetoes, ...).
const ast::Identifier* DeclaredName(const ast::Item& item) {
  if (const auto* input = boost::get<ast::InputDecl>(&item)) return &input->name;
  if (const auto* let = boost::get<ast::LetDecl>(&item)) return &let->name;
  if (const auto* function = boost::get<ast::FunctionDecl>(&item)) return &function->name;
  if (const auto* node = boost::get<x3::forward_ast<ast::NodeDecl>>(&item)) {
    return &node->get().name;
  }
  if (const auto* veto = boost::get<ast::VetoDecl>(&item)) {
    return veto->name ? &*veto->name : nullptr;
  }
  return nullptr;
}

// Where a named statement is: the body holding it and its index there.
struct Place {
  std::vector<ast::Item>* body = nullptr;
  std::size_t index = 0;
  ast::Item& item() const { return (*body)[index]; }
};

std::optional<Place> FindDeclaration(std::vector<ast::Item>& body, const std::string& name) {
  for (std::size_t i = 0; i < body.size(); ++i) {
    const ast::Identifier* declared = DeclaredName(body[i]);
    if (declared != nullptr && declared->name == name) return Place{&body, i};
    if (auto* node = boost::get<x3::forward_ast<ast::NodeDecl>>(&body[i])) {
      if (auto found = FindDeclaration(node->get().body, name)) return found;
    }
  }
  return std::nullopt;
}

void CollectNames(const std::vector<ast::Item>& body, std::vector<std::string>* names) {
  for (const ast::Item& item : body) {
    if (const ast::Identifier* declared = DeclaredName(item)) names->push_back(declared->name);
    if (const auto* node = boost::get<x3::forward_ast<ast::NodeDecl>>(&item)) {
      CollectNames(node->get().body, names);
    }
  }
}

// Header statements replace the base's statement of the same kind; the root `value` rule
// is the standard's only top-level rule.
template <typename T>
bool ReplaceHeader(std::vector<ast::Item>& body, const T& statement) {
  for (ast::Item& item : body) {
    if (boost::get<T>(&item) != nullptr) {
      item = statement;
      return true;
    }
  }
  return false;
}

class VariantApplier {
 public:
  VariantApplier(ast::Standard base, std::vector<Diagnostic>* diagnostics)
      : result_(std::move(base)), sink_(diagnostics) {
    CollectNames(result_.body, &base_names_);
    std::sort(base_names_.begin(), base_names_.end());
  }

  ast::Standard Apply(const ast::Standard& variant) {
    result_.name = variant.name;
    if (variant.title) result_.title = variant.title;
    result_.base.reset();
    for (const ast::Item& item : variant.body) {
      boost::apply_visitor([&](const auto& wrapped) { Apply(Unwrap(wrapped), item); }, item);
    }
    return std::move(result_);
  }

 private:
  void Apply(const ast::RemoveDecl& remove, const ast::Item&) {
    for (const ast::Identifier& name : remove.names) {
      std::optional<Place> place = Find(name);
      if (place) place->body->erase(place->body->begin() + static_cast<long>(place->index));
    }
  }

  void Apply(const ast::ChangeDecl& change, const ast::Item&) {
    std::optional<Place> place = Find(change.name);
    if (!place) return;
    ast::Item& target = place->item();
    if (auto* node = boost::get<x3::forward_ast<ast::NodeDecl>>(&target)) {
      return ChangeNode(change, node->get());
    }
    if (auto* let = boost::get<ast::LetDecl>(&target)) return ChangeLet(change, *let);
    if (boost::get<ast::FunctionDecl>(&target) != nullptr) {
      sink_.Error("E0108", ToSpan(change.name),
                  absl::StrCat("'", change.name.name, "' is a function: a change cannot modify it"),
                  absl::StrCat("`remove ", change.name.name,
                               "` and declare the function again with its new body"));
      return;
    }
    if (auto* input = boost::get<ast::InputDecl>(&target)) {
      return ChangeLabelOnly(change, "an input", &input->label);
    }
    if (auto* veto = boost::get<ast::VetoDecl>(&target)) {
      return ChangeLabelOnly(change, "a veto", &veto->label);
    }
  }

  void ChangeNode(const ast::ChangeDecl& change, ast::NodeDecl& node) {
    if (change.value) {
      sink_.Error("E0108", ToSpan(change.name),
                  absl::StrCat("'", change.name.name, "' is ",
                               node.kind == ast::NodeKind::kGroup ? "a group" : "an indicator",
                               ", not a let: it has no `= expression`"),
                  absl::StrCat("change its rule: `change ", change.name.name, " { score ... }`"));
      return;
    }
    if (change.label) node.label = change.label;
    if (change.points) node.points = change.points;
    for (const ast::Item& item : change.body) {
      if (boost::get<ast::RuleDecl>(&item) != nullptr) {
        RemoveIf(node.body, [](const ast::Item& i) { return boost::get<ast::RuleDecl>(&i); });
        node.body.push_back(item);
      } else if (const auto* veto = boost::get<ast::VetoDecl>(&item); veto && !veto->name) {
        RemoveIf(node.body, [](const ast::Item& i) {
          const auto* v = boost::get<ast::VetoDecl>(&i);
          return v != nullptr && !v->name;
        });
        node.body.push_back(item);
      } else if (IsVariantStatement(item)) {
        NotInChange(item);
      } else {
        node.body.push_back(item);
      }
    }
  }

  void ChangeLet(const ast::ChangeDecl& change, ast::LetDecl& let) {
    if (change.points || !change.body.empty()) {
      sink_.Error("E0108", ToSpan(change.name),
                  absl::StrCat("'", change.name.name, "' is a let: it has no points or body"),
                  absl::StrCat("give it a new expression: `change ", change.name.name, " = ...`"));
      return;
    }
    if (change.label) let.label = change.label;
    if (change.value) let.value = *change.value;
  }

  void ChangeLabelOnly(const ast::ChangeDecl& change, const char* what,
                       std::optional<std::string>* label) {
    if (change.points || change.value || !change.body.empty()) {
      sink_.Error("E0108", ToSpan(change.name),
                  absl::StrCat("'", change.name.name, "' is ", what,
                               ": a change can only give it a new label"),
                  absl::StrCat("to change anything else, `remove ", change.name.name,
                               "` and declare it again"));
      return;
    }
    if (change.label) *label = change.label;
  }

  // Any other statement: headers replace the base's, declarations are added.
  template <typename T>
  void Apply(const T& statement, const ast::Item& item) {
    if constexpr (std::is_same_v<T, ast::VersionDecl> || std::is_same_v<T, ast::TotalDecl> ||
                  std::is_same_v<T, ast::MissingDecl> || std::is_same_v<T, ast::CoverageDecl> ||
                  std::is_same_v<T, ast::GradesDecl> || std::is_same_v<T, ast::RuleDecl>) {
      if (ReplaceHeader(result_.body, statement)) return;
    }
    result_.body.push_back(item);
  }

  static bool IsVariantStatement(const ast::Item& item) {
    return boost::get<ast::RemoveDecl>(&item) != nullptr ||
           boost::get<x3::forward_ast<ast::ChangeDecl>>(&item) != nullptr;
  }

  void NotInChange(const ast::Item& item) {
    const Span span =
        boost::apply_visitor([](const auto& wrapped) { return ToSpan(Unwrap(wrapped)); }, item);
    sink_.Error("E0108", span, "`remove` and `change` go at the top of the variant",
                "write them beside the `change`, not inside it");
  }

  template <typename Predicate>
  static void RemoveIf(std::vector<ast::Item>& body, Predicate predicate) {
    body.erase(std::remove_if(body.begin(), body.end(), predicate), body.end());
  }

  std::optional<Place> Find(const ast::Identifier& name) {
    std::optional<Place> place = FindDeclaration(result_.body, name.name);
    if (!place) {
      const std::vector<std::string_view> candidates(base_names_.begin(), base_names_.end());
      std::string hint = DidYouMean(name.name, candidates);
      if (hint.empty()) hint = "a variant can remove or change only what its base declares";
      sink_.Error("E0107", ToSpan(name),
                  absl::StrCat("the base has no '", name.name, "' (or it was removed above)"),
                  std::move(hint));
    }
    return place;
  }

  ast::Standard result_;
  DiagnosticSink sink_;
  std::vector<std::string> base_names_;
};

}  // namespace

ast::Standard ApplyVariant(ast::Standard base, const ast::Standard& variant,
                           std::vector<Diagnostic>* diagnostics) {
  return VariantApplier(std::move(base), diagnostics).Apply(variant);
}

}  // namespace rubric::sema
