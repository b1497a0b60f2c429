#include "sema/analyzer.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "grammar/print_text.h"
#include "sema/diagnostic_sink.h"
#include "sema/expr_resolver.h"
#include "sema/lookalike_names.h"
#include "sema/syntax_access.h"
#include "sema/unit_table.h"
#include "sema/user_functions.h"
#include "sema/weighting.h"

namespace rubric::sema {
namespace {

constexpr double kPointsTolerance = 1e-9;

InputType ToInputType(ast::TypeKind kind) {
  switch (kind) {
    case ast::TypeKind::kBool:
      return InputType::kBool;
    case ast::TypeKind::kNumber:
      return InputType::kNumber;
    case ast::TypeKind::kPercent:
      return InputType::kPercent;
    case ast::TypeKind::kInteger:
      return InputType::kInteger;
    case ast::TypeKind::kRank:
      return InputType::kRank;
    case ast::TypeKind::kEnum:
      return InputType::kEnum;
    case ast::TypeKind::kText:
      return InputType::kText;
  }
  return InputType::kNumber;
}

MissingPolicy ToPolicy(ast::MissingPolicy policy) {
  switch (policy) {
    case ast::MissingPolicy::kDefault:
      return MissingPolicy::kDefault;
    case ast::MissingPolicy::kExclude:
      return MissingPolicy::kExclude;
    case ast::MissingPolicy::kUnscorable:
      return MissingPolicy::kUnscorable;
    case ast::MissingPolicy::kImpute:
      return MissingPolicy::kImpute;
  }
  return MissingPolicy::kDefault;
}

std::string FormatPoints(double value) { return absl::StrCat(value); }

// Where a statement appears: decides which statements are allowed.
enum class Scope { kStandard, kGroup, kIndicator };

const char* ScopeName(Scope scope) {
  switch (scope) {
    case Scope::kStandard:
      return "the standard";
    case Scope::kGroup:
      return "a group";
    case Scope::kIndicator:
      return "an indicator";
  }
  return "";
}

class Analyzer {
 public:
  explicit Analyzer(std::vector<Diagnostic>* diagnostics) : sink_(diagnostics) {}

  std::optional<Model> Run(const ast::Standard& standard) {
    model_.id = standard.name.name;
    model_.title = standard.title.value_or("");
    if (standard.base) {
      sink_.Error("E0109", ToSpan(*standard.base),
                  absl::StrCat("the base standard '", standard.base->name.name,
                               "' was not merged before analysis"),
                  "compile variants through Standard::Compile with a base loader");
    }
    // Large standards have about one name per 60 bytes of source and one expression per 20:
    // reserved a little beyond, so that the symbol table is not rehashed and the expression
    // arena not copied as they grow (with their page faults, that was much of the analysis
    // of a large standard). Bounded, whatever the spans say.
    const std::size_t bytes = standard.end > standard.begin ? standard.end - standard.begin : 0;
    symbols_.reserve(std::min<std::size_t>(bytes / 48, std::size_t{1} << 20));
    model_.exprs.reserve(std::min<std::size_t>(bytes / 16, std::size_t{1} << 22));
    CollectUnits(standard.body);
    CollectBody(standard.body, Scope::kStandard, -1);
    CheckLookAlikeDeclarations(declared_, &sink_);
    CheckFunctionNames();
    ResolveExpressions();
    CheckPoints();
    CheckGrades();
    if (sink_.error_count() > 0) return std::nullopt;
    return std::move(model_);
  }

 private:
  // A declaration whose expression is resolved once every name is known.
  struct PendingExpr {
    const ast::Expr* expr;
    ExprId* target;
  };
  struct PendingRef {
    SymbolKind kind;
    int index;
    const ast::Expr* expr;
  };

  bool Declare(const ast::Identifier& name, SymbolKind kind, int index) {
    declared_.push_back(&name);
    auto [it, inserted] = symbols_.try_emplace(name.name, SymbolRef{kind, index});
    if (!inserted) {
      sink_.Error("E0102", ToSpan(name), absl::StrCat("'", name.name, "' is declared twice"),
                  "every input, let, group, indicator and veto needs its own name");
      return false;
    }
    return true;
  }

  void CollectBody(const std::vector<ast::Item>& body, Scope scope, int node) {
    for (const ast::Item& item : body) {
      boost::apply_visitor([&](const auto& wrapped) { Collect(Unwrap(wrapped), scope, node); },
                           item);
    }
  }

  void Misplaced(Span span, std::string what, Scope scope, std::string hint = {}) {
    sink_.Error("E0103", span, absl::StrCat(what, " cannot appear in ", ScopeName(scope)),
                std::move(hint));
  }

  // `unit` statements come first: inputs and expressions anywhere may use the units.
  void CollectUnits(const std::vector<ast::Item>& body) {
    for (const ast::Item& item : body) {
      const auto* decl = boost::get<ast::UnitDecl>(&item);
      if (decl == nullptr) continue;
      const std::string name = TrimUnit(decl->name);
      if (name.empty()) {
        sink_.Error("E0212", ToSpan(*decl), "a unit needs a name between the brackets");
        continue;
      }
      if (units_.Find(name) != nullptr) {
        sink_.Error("E0212", ToSpan(*decl), absl::StrCat("the unit [", name, "] is already known"),
                    "built-in units are listed in docs/language.md (Units)");
        continue;
      }
      if (!decl->base) {
        units_.AddDimension(name);
        continue;
      }
      const std::string base = TrimUnit(*decl->base);
      if (!(*decl->factor > 0) || !std::isfinite(*decl->factor)) {
        sink_.Error("E0212", ToSpan(*decl),
                    absl::StrCat("the factor of [", name, "] must be a positive number"));
      } else if (!units_.AddMultiple(name, *decl->factor, base)) {
        sink_.Error("E0212", ToSpan(*decl), absl::StrCat("unknown unit [", base, "]"),
                    units_.Suggest(base, "declare it first: `unit [" + base + "]`"));
      }
    }
  }

  void Collect(const ast::UnitDecl& decl, Scope scope, int) {
    if (scope != Scope::kStandard) Misplaced(ToSpan(decl), "a unit", scope);
  }

  void Collect(const ast::RemoveDecl& decl, Scope, int) {
    sink_.Error("E0106", ToSpan(decl), "`remove` is only allowed in a variant",
                "write `standard ID extends BASE { ... }` to adapt another standard");
  }

  void Collect(const ast::ChangeDecl& decl, Scope, int) {
    sink_.Error("E0106", ToSpan(decl), "`change` is only allowed in a variant",
                "write `standard ID extends BASE { ... }` to adapt another standard");
  }

  void Collect(const ast::InputDecl& decl, Scope, int) {
    Input input;
    input.span = ToSpan(decl);
    InputInfo& info = input.info;
    info.id = decl.name.name;
    info.label = decl.label.value_or("");
    info.type = ToInputType(decl.type.kind);
    info.unit = TrimUnit(decl.type.unit.value_or(""));
    if (info.type == InputType::kPercent && info.unit.empty()) info.unit = "%";
    info.missing = decl.missing ? ToPolicy(*decl.missing) : model_.missing;
    explicit_missing_.push_back(decl.missing.has_value());
    const Span type_span = ToSpan(decl.type);
    const bool allows_unit = info.type == InputType::kNumber || info.type == InputType::kInteger ||
                             info.type == InputType::kRank;
    if (decl.type.unit && !allows_unit) {
      sink_.Error("E0209", type_span,
                  absl::StrCat("a ", InputTypeName(info.type), " input has no unit"));
    } else {
      FindOrAddUnit(info.unit, type_span, &units_, &sink_);
    }
    const bool allows_bounds = info.type == InputType::kNumber ||
                               info.type == InputType::kInteger || info.type == InputType::kPercent;
    for (const ast::Bound& bound : decl.type.bounds) {
      if (!allows_bounds) {
        sink_.Error("E0209", ToSpan(bound),
                    absl::StrCat("a ", InputTypeName(info.type), " input cannot have bounds"));
        continue;
      }
      std::optional<double>& slot = bound.kind == ast::BoundKind::kAtLeast ? info.min : info.max;
      if (slot) {
        sink_.Error("E0209", ToSpan(bound), "this bound is given twice");
      }
      slot = bound.value;
    }
    if (info.min && info.max && *info.min > *info.max) {
      sink_.Error(
          "E0209", type_span,
          absl::StrCat("the lower bound ", *info.min, " is above the upper bound ", *info.max));
    }
    for (std::size_t i = 0; i < decl.type.options.size(); ++i) {
      const std::string& option = decl.type.options[i].text;
      for (std::size_t j = 0; j < i; ++j) {
        if (decl.type.options[j].text == option) {
          sink_.Error("E0209", ToSpan(decl.type.options[i]),
                      absl::StrCat("option '", option, "' is listed twice"));
        }
      }
      info.options.push_back(option);
    }
    const int index = static_cast<int>(model_.inputs.size());
    if (decl.impute) CollectImpute(*decl.impute, index, &input);
    model_.inputs.push_back(std::move(input));
    Declare(decl.name, SymbolKind::kInput, index);
  }

  // `input x : TYPE missing impute METHOD`: the method, checked against the type; the key
  // of a cohort method is resolved with the expressions (it may be declared later).
  void CollectImpute(const ast::ImputeDecl& decl, int index, Input* input) {
    const InputInfo& info = input->info;
    ImputeSpec& spec = input->impute;
    const Span span = ToSpan(decl);
    switch (decl.kind) {
      case ast::ImputeKind::kConstant:
        spec.method = ImputeMethod::kConstant;
        spec.constant = ImputeConstant(decl, info);
        break;
      case ast::ImputeKind::kPrevious:
        spec.method = ImputeMethod::kPrevious;
        if (decl.look_back) {
          const double n = *decl.look_back;
          if (!(n >= 1 && n <= 1e9 && n == std::floor(n))) {
            sink_.Error("E0215", span,
                        "the look-back of `previous` must be a positive whole number",
                        "previous N: the latest value at most N periods back");
          } else {
            spec.look_back = static_cast<int>(n);
          }
        }
        break;
      case ast::ImputeKind::kCohortMean:
      case ast::ImputeKind::kCohortMedian:
        spec.method = decl.kind == ast::ImputeKind::kCohortMean ? ImputeMethod::kCohortMean
                                                                : ImputeMethod::kCohortMedian;
        if (decl.by) impute_keys_.push_back({index, &*decl.by});
        break;
    }
    if (info.type == InputType::kEnum && spec.method != ImputeMethod::kPrevious) {
      sink_.Error("E0216", span,
                  absl::StrCat("enum input '", info.id, "' cannot be imputed by ",
                               spec.method == ImputeMethod::kCohortMean     ? "a cohort mean"
                               : spec.method == ImputeMethod::kCohortMedian ? "a cohort median"
                                                                            : "a number"),
                  "an enum's options have no mean or median; impute it with `previous`");
    } else if (info.type == InputType::kBool && spec.method == ImputeMethod::kCohortMean) {
      sink_.Error("E0216", span, "a truth value cannot be imputed by a cohort mean",
                  "the mean of truth values is a share, not a truth value; use previous or a "
                  "constant");
    } else if (info.type == InputType::kText) {
      sink_.Error("E0216", span, absl::StrCat("text input '", info.id, "' cannot be imputed"),
                  "text inputs are carried with the data but never scored");
    }
  }

  // The constant of `impute N [UNIT]`, in the input's unit.
  double ImputeConstant(const ast::ImputeDecl& decl, const InputInfo& info) {
    if (!decl.constant) return 0;
    double value = decl.constant->value;
    if (!decl.constant->unit) return value;
    const Unit* unit =
        FindOrAddUnit(TrimUnit(*decl.constant->unit), ToSpan(*decl.constant), &units_, &sink_);
    const Unit* target = units_.Find(info.unit);
    if (unit == nullptr || target == nullptr || unit == target) return value;
    if (unit->dimension != target->dimension) {
      sink_.Error("E0210", ToSpan(*decl.constant),
                  absl::StrCat("[", unit->name, "] and [", target->name,
                               "] cannot be mixed in an imputation: they measure different "
                               "things"),
                  "write the number in the input's unit");
      return value;
    }
    return value * unit->factor / target->factor;
  }

  void Collect(const ast::LetDecl& decl, Scope, int) {
    Let let;
    let.id = decl.name.name;
    let.label = decl.label.value_or("");
    let.span = ToSpan(decl);
    let.output = decl.output;
    const int index = static_cast<int>(model_.lets.size());
    model_.lets.push_back(std::move(let));
    pending_.push_back({SymbolKind::kLet, index, &decl.value});
    Declare(decl.name, SymbolKind::kLet, index);
  }

  void Collect(const ast::FunctionDecl& decl, Scope scope, int) {
    if (scope == Scope::kIndicator) {
      return Misplaced(ToSpan(decl.name), "a function", scope,
                       "declare it in the standard or in a group");
    }
    const std::string& name = decl.name.name;
    if (IsBuiltinFunction(name)) {
      sink_.Error("E0112", ToSpan(decl.name), absl::StrCat("'", name, "' is a built-in function"),
                  "give your function another name");
      return;
    }
    for (std::size_t i = 0; i < decl.params.size(); ++i) {
      for (std::size_t j = 0; j < i; ++j) {
        if (decl.params[j].name == decl.params[i].name) {
          sink_.Error("E0102", ToSpan(decl.params[i]),
                      absl::StrCat("parameter '", decl.params[i].name, "' is declared twice"),
                      "every parameter of a function needs its own name");
        }
      }
    }
    declared_.push_back(&decl.name);
    Function function;
    function.id = name;
    function.label = decl.label.value_or("");
    for (const ast::Identifier& param : decl.params) function.params.push_back(param.name);
    function.body = grammar::print::FlatText(decl.body);
    function.span = ToSpan(decl);
    model_.functions.push_back(std::move(function));
    if (!functions_.try_emplace(name, UserFunction{&decl}).second) {
      sink_.Error("E0102", ToSpan(decl.name), absl::StrCat("'", name, "' is declared twice"),
                  "every function needs its own name");
    }
  }

  // Functions and other declarations share one namespace; the functions' bodies are checked
  // before any expression expands them.
  void CheckFunctionNames() {
    std::vector<UserFunction*> in_order;
    for (auto& [name, function] : functions_) in_order.push_back(&function);
    std::sort(in_order.begin(), in_order.end(), [](const UserFunction* a, const UserFunction* b) {
      return a->decl->begin < b->decl->begin;
    });
    for (UserFunction* function_ptr : in_order) {
      UserFunction& function = *function_ptr;
      const std::string& name = function.decl->name.name;
      if (symbols_.contains(name)) {
        sink_.Error("E0102", ToSpan(function.decl->name),
                    absl::StrCat("'", name, "' is declared twice"),
                    "a function cannot have the name of an input, let, group, indicator or veto");
        function.valid = false;
      }
    }
    CheckFunctions(&functions_, &sink_);
  }

  void Collect(const ast::NodeDecl& decl, Scope scope, int parent) {
    if (scope == Scope::kIndicator) {
      Misplaced(ToSpan(decl.name), decl.kind == ast::NodeKind::kGroup ? "a group" : "an indicator",
                scope, "indicators are leaves; make the outer one a group");
      return;
    }
    const int index = static_cast<int>(model_.nodes.size());
    model_.nodes.emplace_back();
    node_decls_.push_back(&decl);
    {
      Node& node = model_.nodes.back();
      node.span = ToSpan(decl);
      node.info.id = decl.name.name;
      node.info.label = decl.label.value_or("");
      node.info.kind = decl.kind == ast::NodeKind::kGroup ? NodeKind::kGroup : NodeKind::kIndicator;
      node.info.parent = parent;
      node.info.depth =
          parent < 0 ? 1 : model_.nodes[static_cast<std::size_t>(parent)].info.depth + 1;
      if (decl.points) {
        if (decl.points->value < 0) {
          sink_.Error("E0404", ToSpan(*decl.points), "points cannot be negative");
        }
        node.declared_points = decl.points->value;
        node.normalize = decl.points->normalize;
        if (node.normalize && node.info.kind == NodeKind::kIndicator) {
          sink_.Error("E0404", ToSpan(*decl.points),
                      "only a group can normalize its children's points");
        }
      }
      node.rule = node.info.kind == NodeKind::kGroup ? NodeRule::kSumChildren : NodeRule::kNone;
    }
    if (parent < 0) {
      model_.top_nodes.push_back(index);
    } else {
      model_.nodes[static_cast<std::size_t>(parent)].info.children.push_back(index);
    }
    Declare(decl.name, SymbolKind::kNode, index);
    CollectBody(decl.body, decl.kind == ast::NodeKind::kGroup ? Scope::kGroup : Scope::kIndicator,
                index);
  }

  void Collect(const ast::VetoDecl& decl, Scope scope, int node) {
    Veto veto;
    veto.span = ToSpan(decl);
    veto.info.label = decl.label.value_or("");
    const int index = static_cast<int>(model_.vetoes.size());
    if (decl.name) {
      veto.info.id = decl.name->name;
    } else if (scope == Scope::kIndicator) {
      Node& owner = model_.nodes[static_cast<std::size_t>(node)];
      if (owner_vetoes_.contains(node)) {
        sink_.Error("E0104", veto.span,
                    absl::StrCat("indicator '", owner.info.id, "' already has a veto"),
                    "give further vetoes their own ids: veto ID \"label\" when ...");
        return;
      }
      owner_vetoes_.insert(node);
      veto.info.id = owner.info.id;
      veto.info.node = node;
      if (veto.info.label.empty()) veto.info.label = owner.info.label;
    } else {
      Misplaced(veto.span, "a veto without an id", scope,
                "write `veto ID \"label\" when ...`, or put it inside an indicator");
      return;
    }
    model_.vetoes.push_back(std::move(veto));
    pending_vetoes_.push_back({index, &decl.condition});
    if (decl.name) Declare(*decl.name, SymbolKind::kVeto, index);
  }

  void Collect(const ast::RuleDecl& decl, Scope scope, int node) {
    const Span span = ToSpan(decl);
    const bool is_score = decl.kind == ast::RuleKind::kScore;
    if (scope == Scope::kStandard) {
      if (is_score) {
        Misplaced(span, "a score rule", scope, "the standard's own rule is `value EXPR`");
        return;
      }
      if (root_value_ != nullptr) {
        sink_.Error("E0104", span, "the standard already has a value rule");
        return;
      }
      root_value_ = &decl.expr;
      return;
    }
    Node& owner = model_.nodes[static_cast<std::size_t>(node)];
    if (scope == Scope::kGroup && is_score) {
      Misplaced(span, "a score rule", scope,
                "a group sums its children; use `value EXPR` to combine them differently");
      return;
    }
    if (owner.expr != kNoExpr || rule_owners_.contains(node)) {
      sink_.Error("E0104", span, absl::StrCat("'", owner.info.id, "' already has a rule"));
      return;
    }
    rule_owners_.insert(node);
    owner.rule = is_score ? NodeRule::kScore : NodeRule::kValue;
    pending_.push_back({SymbolKind::kNode, node, &decl.expr});
  }

  void Collect(const ast::VersionDecl& decl, Scope scope, int) {
    if (scope != Scope::kStandard) return Misplaced(ToSpan(decl), "a version", scope);
    model_.version = decl.text;
  }

  void Collect(const ast::TotalDecl& decl, Scope scope, int) {
    if (scope != Scope::kStandard) {
      return Misplaced(ToSpan(decl), "a total", scope, "a group's maximum is `points N`");
    }
    if (model_.total_points) {
      sink_.Error("E0104", ToSpan(decl), "the total is given twice");
    }
    total_span_ = ToSpan(decl);
    model_.total_points = decl.value;
  }

  void Collect(const ast::MissingDecl& decl, Scope scope, int) {
    if (scope != Scope::kStandard) {
      return Misplaced(ToSpan(decl), "a standard-wide missing policy", scope,
                       "set it for one input with `input ID : TYPE missing POLICY`");
    }
    if (decl.policy == ast::MissingPolicy::kImpute) {
      sink_.Error("E0103", ToSpan(decl), "`missing impute` is set per input, not standard-wide",
                  "impute one input: `input ID : TYPE missing impute METHOD`");
      return;
    }
    model_.missing = ToPolicy(decl.policy);
    // Inputs declared earlier without their own policy follow the standard-wide one.
    for (std::size_t i = 0; i < model_.inputs.size(); ++i) {
      if (!explicit_missing_[i]) model_.inputs[i].info.missing = model_.missing;
    }
  }

  void Collect(const ast::CoverageDecl& decl, Scope scope, int node) {
    if (scope == Scope::kIndicator) {
      return Misplaced(ToSpan(decl), "a coverage", scope,
                       "the standard's coverage counts inputs, a group's its children");
    }
    if (scope == Scope::kGroup) {
      Node& group = model_.nodes[static_cast<std::size_t>(node)];
      if (group.children_coverage) {
        sink_.Error("E0104", ToSpan(decl),
                    absl::StrCat("the coverage of group '", group.info.id, "' is given twice"));
        return;
      }
      if (!(decl.percent > 0 && decl.percent <= 100)) {
        sink_.Error(
            "E0217", ToSpan(decl),
            absl::StrCat("a coverage of ", decl.percent, "% is not a share of the children"),
            "write a percentage above 0 and at most 100: `coverage >= 50%`");
        return;
      }
      group.children_coverage = decl.percent / 100;
      group_coverage_[node] = &decl;
      return;
    }
    if (model_.coverage) {
      sink_.Error("E0104", ToSpan(decl), "the coverage is given twice");
      return;
    }
    if (!(decl.percent > 0 && decl.percent <= 100)) {
      sink_.Error("E0217", ToSpan(decl),
                  absl::StrCat("a coverage of ", decl.percent, "% is not a share of the inputs"),
                  "write a percentage above 0 and at most 100: `coverage >= 80%`");
      return;
    }
    model_.coverage = decl.percent / 100;
  }

  // `aggregate` and `weights` make a group's value rule (lib/sema/weighting.h).
  WeightedGroupDecl* Weighted(const ast::Located& decl, std::string_view what, Scope scope,
                              int node) {
    if (scope != Scope::kGroup) {
      Misplaced(ToSpan(decl), std::string(what), scope,
                "a group weighs and aggregates its children");
      return nullptr;
    }
    auto [it, inserted] = weighted_index_.try_emplace(node, weighted_.size());
    if (inserted) {
      Node& group = model_.nodes[static_cast<std::size_t>(node)];
      if (rule_owners_.contains(node)) {
        sink_.Error("E0104", ToSpan(decl),
                    absl::StrCat("'", group.info.id, "' already has a value rule"),
                    "a group's value is its rule, or its children's aggregation, not both");
        weighted_index_.erase(it);
        return nullptr;
      }
      rule_owners_.insert(node);
      group.rule = NodeRule::kValue;
      weighted_.push_back({.node = node});
    }
    return &weighted_[it->second];
  }

  void Collect(const ast::AggregateDecl& decl, Scope scope, int node) {
    WeightedGroupDecl* group = Weighted(decl, "an aggregation", scope, node);
    if (group == nullptr) return;
    if (group->aggregate != nullptr) {
      sink_.Error("E0104", ToSpan(decl), "the group's aggregation is given twice");
      return;
    }
    group->aggregate = &decl;
  }

  void Collect(const ast::WeightsDecl& decl, Scope scope, int node) {
    WeightedGroupDecl* group = Weighted(decl, "weights", scope, node);
    if (group == nullptr) return;
    if (group->weights != nullptr) {
      sink_.Error("E0104", ToSpan(decl), "the group's weights are given twice",
                  "combine methods in one statement: `weights product(ahp { ... }, entropy)`");
      return;
    }
    group->weights = &decl;
  }

  void Collect(const ast::GradesDecl& decl, Scope scope, int) {
    if (scope != Scope::kStandard) return Misplaced(ToSpan(decl), "grades", scope);
    if (grades_ != nullptr) {
      sink_.Error("E0104", ToSpan(decl), "the standard already has grades");
      return;
    }
    grades_ = &decl;
  }

  void ResolveExpressions() {
    ExprResolver resolver(&model_, &symbols_, &units_, &sink_);
    resolver.SetFunctions(&functions_);
    // Before any expression: references to an imputed input copy its cohort.
    for (const auto& [input, key] : impute_keys_) {
      model_.inputs[static_cast<std::size_t>(input)].impute_cohort.key_input =
          resolver.ResolveKey(*key);
    }
    std::vector<const ast::Expr*> let_exprs(model_.lets.size(), nullptr);
    for (const PendingRef& pending : pending_) {
      if (pending.kind == SymbolKind::kLet) {
        let_exprs[static_cast<std::size_t>(pending.index)] = pending.expr;
      }
    }
    resolver.SetLetExpressions(std::move(let_exprs));
    for (const PendingRef& pending : pending_) {
      if (pending.kind == SymbolKind::kLet) {
        resolver.ResolveLet(pending.index);  // once, perhaps already where it was used
      } else {
        model_.nodes[static_cast<std::size_t>(pending.index)].expr =
            resolver.ResolveNumeric(*pending.expr);
      }
    }
    for (const auto& [index, expr] : pending_vetoes_) {
      model_.vetoes[static_cast<std::size_t>(index)].condition = resolver.ResolveNumeric(*expr);
    }
    if (root_value_ != nullptr) model_.root_value = resolver.ResolveNumeric(*root_value_);
    for (WeightedGroupDecl& group : weighted_) {
      auto coverage = group_coverage_.find(group.node);
      if (coverage != group_coverage_.end()) group.coverage = coverage->second;
    }
    BuildWeightedGroups(
        weighted_, node_decls_,
        [&resolver](const ast::Identifier& key) { return resolver.ResolveKey(key); }, &model_,
        &sink_);
  }

  // Works out each node's possible points bottom-up and checks that declared points add up.
  void CheckPoints() {
    for (std::size_t i = model_.nodes.size(); i-- > 0;) {
      Node& node = model_.nodes[i];
      if (node.info.kind == NodeKind::kIndicator) {
        if (node.rule == NodeRule::kScore && !node.declared_points) {
          sink_.Error("E0402", node.span,
                      absl::StrCat("indicator '", node.info.id, "' has a score but no points"),
                      "a score is a fraction of the indicator's points: add `points N`");
        }
        if (node.rule == NodeRule::kValue && node.declared_points) {
          sink_.Error("E0402", node.span,
                      absl::StrCat("indicator '", node.info.id,
                                   "' declares points but its rule is `value`"),
                      "use `score` for a fraction of the points, or drop `points`");
        }
        node.info.points = node.declared_points;
        if (!node.declared_points && node.rule == NodeRule::kNone) node.info.points = 0.0;
        continue;
      }
      CheckPointsOverflow(node.info.children, absl::StrCat("the children of '", node.info.id, "'"));
      std::optional<double> children_sum = SumOfChildren(node.info.children);
      node.children_points = children_sum.value_or(0);
      if (node.rule == NodeRule::kSumChildren && node.declared_points) {
        if (node.normalize) {
          if (!children_sum || *children_sum <= 0) {
            sink_.Error("E0401", node.span,
                        absl::StrCat("group '", node.info.id,
                                     "' normalizes, but its children's points are not known "
                                     "and positive"));
          }
        } else if (children_sum && std::isfinite(*children_sum) &&
                   std::fabs(*children_sum - *node.declared_points) > kPointsTolerance) {
          sink_.Error(
              "E0401", node.span,
              absl::StrCat("the points of the children of '", node.info.id, "' add up to ",
                           FormatPoints(*children_sum), ", not ",
                           FormatPoints(*node.declared_points)),
              absl::StrCat("fix the points, or write `points ", FormatPoints(*node.declared_points),
                           " normalize` to scale the children's sum"));
        }
      }
      node.info.points = node.declared_points ? node.declared_points : children_sum;
      if (node.rule == NodeRule::kValue && !node.declared_points) node.info.points.reset();
    }
    if (model_.root_value == kNoExpr) CheckPointsOverflow(model_.top_nodes, "the top-level nodes");
    if (model_.total_points && model_.root_value == kNoExpr) {
      std::optional<double> sum = SumOfChildren(model_.top_nodes);
      if (sum && std::isfinite(*sum) && std::fabs(*sum - *model_.total_points) > kPointsTolerance) {
        sink_.Error(
            "E0401", total_span_,
            absl::StrCat("the points of the top-level groups add up to ", FormatPoints(*sum),
                         ", not the total ", FormatPoints(*model_.total_points)));
      }
    }
  }

  // E0405 where the points of `children`, added left to right as doubles, first overflow
  // (`points 1e308` twice): their sum would be infinite, and so could a row's total be.
  void CheckPointsOverflow(const std::vector<int>& children, std::string_view whose) {
    double sum = 0;
    for (int child : children) {
      const Node& node = model_.nodes[static_cast<std::size_t>(child)];
      if (!node.info.points) continue;
      if (!std::isfinite(*node.info.points)) return;  // reported where it overflowed
      sum += *node.info.points;
      if (std::isfinite(sum)) continue;
      sink_.Error("E0405", node.span,
                  absl::StrCat("the points of ", std::string(whose), " overflow: adding the ",
                               FormatPoints(*node.info.points), " points of '", node.info.id,
                               "' gives more than the largest number"),
                  "points are added as doubles (at most about 1.8e308): use smaller points");
      return;
    }
  }

  std::optional<double> SumOfChildren(const std::vector<int>& children) const {
    double sum = 0;
    for (int child : children) {
      const auto& points = model_.nodes[static_cast<std::size_t>(child)].info.points;
      if (!points) return std::nullopt;
      sum += *points;
    }
    return sum;
  }

  void CheckGrades() {
    if (grades_ == nullptr) return;
    if (grades_->tolerance) {
      if (*grades_->tolerance < 0) {
        sink_.Error("E0403", ToSpan(*grades_), "the grade tolerance cannot be negative");
      }
      model_.grade_tolerance = *grades_->tolerance;
    }
    bool has_otherwise = false;
    bool has_vetoed = false;
    std::optional<double> previous_min;
    for (const ast::GradeBand& band : grades_->bands) {
      GradeInfo grade;
      grade.name = band.name.text;
      grade.min = band.min;
      switch (band.kind) {
        case ast::BandKind::kAtLeast:
          grade.rule = GradeRule::kAtLeast;
          if (has_otherwise) {
            sink_.Error("E0403", ToSpan(band), "a band after the `otherwise` band is never used",
                        "list bands from the highest; `otherwise` comes last");
          } else if (previous_min && !(band.min < *previous_min)) {
            sink_.Error("E0403", ToSpan(band),
                        absl::StrCat("grade minima must decrease: ", band.min, " is not below ",
                                     *previous_min),
                        "list bands from the highest");
          }
          previous_min = band.min;
          break;
        case ast::BandKind::kOtherwise:
          grade.rule = GradeRule::kOtherwise;
          if (has_otherwise) sink_.Error("E0403", ToSpan(band), "two `otherwise` bands");
          has_otherwise = true;
          break;
        case ast::BandKind::kVetoed:
          grade.rule = GradeRule::kVetoed;
          if (has_vetoed) sink_.Error("E0403", ToSpan(band), "two `when vetoed` bands");
          has_vetoed = true;
          break;
      }
      model_.grades.push_back(std::move(grade));
    }
    if (!has_otherwise && previous_min) {
      sink_.Warning("W0401", ToSpan(*grades_),
                    "no `otherwise` band: rows below the lowest minimum get no grade");
    }
  }

  DiagnosticSink sink_;
  Model model_;
  UnitTable units_;
  SymbolTable symbols_;
  FunctionTable functions_;
  std::vector<const ast::Identifier*> declared_;  // every declaration's name, in order
  std::vector<bool> explicit_missing_;
  std::vector<std::pair<int, const ast::Identifier*>> impute_keys_;  // input, `by KEY`
  std::vector<PendingRef> pending_;
  std::vector<std::pair<int, const ast::Expr*>> pending_vetoes_;
  const ast::Expr* root_value_ = nullptr;
  const ast::GradesDecl* grades_ = nullptr;
  Span total_span_;
  absl::flat_hash_set<int> owner_vetoes_;
  absl::flat_hash_set<int> rule_owners_;
  std::vector<const ast::NodeDecl*> node_decls_;  // per model node
  std::vector<WeightedGroupDecl> weighted_;
  absl::flat_hash_map<int, std::size_t> weighted_index_;  // node -> its entry in weighted_
  absl::flat_hash_map<int, const ast::CoverageDecl*> group_coverage_;
};

}  // namespace

const std::string& SymbolName(const Model& model, SymbolRef ref) {
  const auto i = static_cast<std::size_t>(ref.index);
  switch (ref.kind) {
    case SymbolKind::kInput:
      return model.inputs[i].info.id;
    case SymbolKind::kLet:
      return model.lets[i].id;
    case SymbolKind::kNode:
      return model.nodes[i].info.id;
    case SymbolKind::kVeto:
      return model.vetoes[i].info.id;
    case SymbolKind::kRoot: {
      static const std::string kTotal = "total";
      return kTotal;
    }
  }
  return model.id;
}

std::optional<Model> Analyze(const ast::Standard& standard, std::vector<Diagnostic>* diagnostics) {
  return Analyzer(diagnostics).Run(standard);
}

}  // namespace rubric::sema
