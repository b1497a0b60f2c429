#include "sema/expr_resolver.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <type_traits>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "sema/closest_name.h"
#include "sema/lookalike_names.h"
#include "sema/syntax_access.h"
#include "util/number_format.h"

namespace rubric::sema {
namespace {

struct BuiltinFunction {
  std::string_view name;
  int min_args;
  int max_args;  // -1: no limit
  Op op;
};

// Functions callable as name(args). `prev` and the lowering of ratio/threshold are special.
constexpr BuiltinFunction kFunctions[] = {
    {"bool", 1, 1, Op::kBool},
    {"abs", 1, 1, Op::kAbs},
    {"sqrt", 1, 1, Op::kSqrt},
    {"ln", 1, 1, Op::kLn},
    {"exp", 1, 1, Op::kExp},
    {"floor", 1, 1, Op::kFloor},
    {"ceil", 1, 1, Op::kCeil},
    {"trunc", 1, 1, Op::kTrunc},
    {"round", 2, 2, Op::kRound},
    {"pow", 2, 2, Op::kPow},
    {"min", 1, -1, Op::kMin},
    {"max", 1, -1, Op::kMax},
    {"sum", 1, -1, Op::kSum},
    {"mean", 1, -1, Op::kMean},
    {"geomean", 1, -1, Op::kGeomean},
    {"wmean", 2, -1, Op::kWmean},
    {"wgeomean", 2, -1, Op::kWgeomean},
    {"whmean", 2, -1, Op::kWhmean},
    {"hmean", 1, -1, Op::kWhmean},
    {"clamp", 3, 3, Op::kClamp},
    {"threshold", 2, 2, Op::kGe},
    {"ratio", 2, 2, Op::kClamp},
    {"cohort_minmax", 1, 1, Op::kCohortMinMax},
    {"cohort_rank", 1, 1, Op::kCohortRank},
    {"cohort_percentile", 1, 1, Op::kCohortPercentile},
    {"cohort_min", 1, 1, Op::kCohortMin},
    {"cohort_max", 1, 1, Op::kCohortMax},
    {"cohort_sum", 1, 1, Op::kCohortSum},
    {"cohort_count", 1, 1, Op::kCohortCount},
    {"cohort_mean", 1, 1, Op::kCohortMean},
    {"cohort_sd", 1, 1, Op::kCohortSd},
    {"cohort_median", 1, 1, Op::kCohortMedian},
    {"cohort_quantile", 2, 2, Op::kCohortQuantile},
    {"cohort_zscore", 1, 1, Op::kCohortZscore},
    {"cohort_skew", 1, 1, Op::kCohortSkew},
    {"cohort_kurt", 1, 1, Op::kCohortKurt},
    {"winsorize", 1, 4, Op::kWinsorize},
    {"impute", 2, 2, Op::kImpute},
    {"prev", 1, 1, Op::kPrev},
    {"missing", 1, 1, Op::kMissing},
};

// Whether a cohort function's result is in its argument's unit.
bool KeepsUnit(Op op) {
  switch (op) {
    case Op::kCohortMin:
    case Op::kCohortMax:
    case Op::kCohortSum:
    case Op::kCohortMean:
    case Op::kCohortSd:
    case Op::kCohortMedian:
    case Op::kCohortQuantile:
    case Op::kWinsorize:
      return true;
    default:
      return false;
  }
}

// A positive whole number (an option's value).
bool IsPositiveInteger(double value) {
  return value >= 1 && value <= 1e9 && value == static_cast<double>(static_cast<long long>(value));
}

bool IsComparison(ast::BinaryOp op) {
  return op == ast::BinaryOp::kEq || op == ast::BinaryOp::kNe || op == ast::BinaryOp::kLt ||
         op == ast::BinaryOp::kLe || op == ast::BinaryOp::kGt || op == ast::BinaryOp::kGe;
}

Op ToOp(ast::BinaryOp op) {
  switch (op) {
    case ast::BinaryOp::kAdd:
      return Op::kAdd;
    case ast::BinaryOp::kSub:
      return Op::kSub;
    case ast::BinaryOp::kMul:
      return Op::kMul;
    case ast::BinaryOp::kDiv:
      return Op::kDiv;
    case ast::BinaryOp::kEq:
      return Op::kEq;
    case ast::BinaryOp::kNe:
      return Op::kNe;
    case ast::BinaryOp::kLt:
      return Op::kLt;
    case ast::BinaryOp::kLe:
      return Op::kLe;
    case ast::BinaryOp::kGt:
      return Op::kGt;
    case ast::BinaryOp::kGe:
      return Op::kGe;
    case ast::BinaryOp::kAnd:
      return Op::kAnd;
    case ast::BinaryOp::kOr:
      return Op::kOr;
  }
  return Op::kAdd;
}

// The identifier an expression consists of, looking through one-operand chains (the
// parser wraps every operand in one chain per precedence level).
const ast::Identifier* AsIdentifier(const ast::Expr& expr) {
  if (const auto* id = boost::get<ast::Identifier>(&expr)) return id;
  if (const auto* chain = boost::get<boost::spirit::x3::forward_ast<ast::Chain>>(&expr)) {
    if (chain->get().rest.empty()) return AsIdentifier(chain->get().first);
  }
  return nullptr;
}

// The call an expression consists of, looking through one-operand chains.
const ast::Call* AsCall(const ast::Expr& expr) {
  if (const auto* call = boost::get<boost::spirit::x3::forward_ast<ast::Call>>(&expr)) {
    return &call->get();
  }
  if (const auto* chain = boost::get<boost::spirit::x3::forward_ast<ast::Chain>>(&expr)) {
    if (chain->get().rest.empty()) return AsCall(chain->get().first);
  }
  return nullptr;
}

// How many calls of user functions a standard may expand in all: a function that calls
// another twice doubles with each level, so twenty levels would copy a body a million times.
constexpr int kMaxFunctionExpansions = 100000;

// How deep lets used before their definition are resolved inside one another; deeper ones
// are resolved in order later, with their unit unknown where they are used.
constexpr int kMaxLetNesting = 64;

}  // namespace

bool IsBuiltinFunction(std::string_view name) {
  for (const BuiltinFunction& f : kFunctions) {
    if (f.name == name) return true;
  }
  return false;
}

Span SpanOf(const ast::Expr& expr) {
  return boost::apply_visitor([](const auto& node) { return ToSpan(Unwrap(node)); }, expr);
}

ExprId ExprResolver::Add(Expr expr) {
  // Arguments come before the expressions that use them, so depths are known here.
  for (ExprId arg : expr.args) expr.depth = std::max(expr.depth, model_->exprs[arg].depth + 1);
  if (expr.depth == kMaxExprDepth + 1) {  // reported once, where the limit is crossed
    sink_->Error("E0004", expr.span,
                 absl::StrCat("the expression is more than ", kMaxExprDepth,
                              " operations deep (each operator of a chain like a + b + c "
                              "counts one)"),
                 "split it with `let` definitions, or use sum(...) for long sums");
  }
  model_->exprs.push_back(std::move(expr));
  return static_cast<ExprId>(model_->exprs.size() - 1);
}

ExprId ExprResolver::Constant(double value, Span span) {
  Expr e;
  e.op = Op::kConst;
  e.number = value;
  e.span = span;
  return Add(std::move(e));
}

std::vector<std::string_view> ExprResolver::SortedNames() const {
  std::vector<std::string_view> names;
  names.reserve(symbols_->size());
  for (const auto& [key, ref] : *symbols_) names.push_back(key);
  std::sort(names.begin(), names.end());  // deterministic tie-breaking
  return names;
}

void ExprResolver::SetLetExpressions(std::vector<const ast::Expr*> lets) {
  let_exprs_ = std::move(lets);
  let_states_.assign(let_exprs_.size(), LetState::kPending);
  let_units_.assign(let_exprs_.size(), nullptr);
}

ExprId ExprResolver::ResolveLet(int index) {
  const auto i = static_cast<std::size_t>(index);
  if (let_states_[i] != LetState::kPending) return model_->lets[i].expr;
  let_states_[i] = LetState::kResolving;
  ++let_nesting_;
  const Resolved resolved = ResolveQuantity(*let_exprs_[i]);
  --let_nesting_;
  let_units_[i] = resolved.unit;
  let_states_[i] = LetState::kDone;
  model_->lets[i].expr = resolved.id;
  if (const auto* band = boost::get<ast::x3::forward_ast<ast::BandExpr>>(let_exprs_[i])) {
    const std::vector<ast::BandEntry>& entries = band->get().entries;
    if (!std::all_of(entries.begin(), entries.end(),
                     [](const ast::BandEntry& entry) { return entry.numeric; })) {
      for (const ast::BandEntry& entry : entries) {
        model_->lets[i].band_names.push_back(entry.name.text);
      }
    }
  }
  return resolved.id;
}

ExprId ExprResolver::ResolveNumeric(const ast::Expr& expr) {
  return Numeric(Resolve(expr), SpanOf(expr));
}

ExprResolver::Resolved ExprResolver::ResolveQuantity(const ast::Expr& expr) {
  Resolved resolved = Resolve(expr);
  const ExprId id = Numeric(resolved, SpanOf(expr));
  if (id != resolved.id) return {id};
  return resolved;
}

const Unit* FindOrAddUnit(const std::string& name, Span span, UnitTable* units,
                          DiagnosticSink* sink) {
  if (name.empty()) return nullptr;
  if (const Unit* unit = units->Find(name)) return unit;
  sink->Warning("W0201", span, absl::StrCat("unknown unit [", name, "]"),
                units->Suggest(name, absl::StrCat("declare it: `unit [", name, "]`")));
  units->AddDimension(name);
  return units->Find(name);
}

ExprId ExprResolver::Convert(ExprId id, double factor) {
  Expr& expr = model_->exprs[static_cast<std::size_t>(id)];
  if (expr.op == Op::kConst) {  // a number written with its unit: convert it in place
    expr.number *= factor;
    return id;
  }
  Expr scaled;
  scaled.op = Op::kMul;
  scaled.span = expr.span;
  scaled.args = {id, Constant(factor, expr.span)};
  return Add(std::move(scaled));
}

const Unit* ExprResolver::Unify(std::span<Resolved> operands, std::string_view what, Span span,
                                std::string_view function) {
  const Unit* common = nullptr;
  for (const Resolved& operand : operands) {
    if (operand.unit != nullptr) {
      common = operand.unit;
      break;
    }
  }
  if (common == nullptr) return nullptr;
  for (Resolved& operand : operands) {
    const Unit* unit = operand.unit;
    if (unit == nullptr || unit == common) continue;
    if (unit->dimension != common->dimension) {
      sink_->Error(
          "E0210", span,
          absl::StrCat("[", common->name, "] and [", unit->name, "] cannot be ",
                       function.empty() ? std::string(what)
                                        : absl::StrCat("mixed in ", std::string(function), "()"),
                       ": they measure different things"),
          "convert one side explicitly, or check that the right input is used");
      return common;
    }
    if (unit->factor != common->factor) {
      operand.id = Convert(operand.id, unit->factor / common->factor);
      operand.unit = common;
    }
  }
  return common;
}

ExprId ExprResolver::Numeric(const Resolved& resolved, Span span) {
  if (resolved.kind == Kind::kNumber) return resolved.id;
  if (resolved.kind == Kind::kEnum) {
    const InputInfo& input = model_->inputs[static_cast<std::size_t>(resolved.enum_input)].info;
    sink_->Error("E0202", span, absl::StrCat("enum input '", input.id, "' used as a number"),
                 absl::StrCat("map its options to numbers with lookup(", input.id, ") { ",
                              input.options.front(), ": 0, ... }"));
  }
  // Text inputs were reported where they were named.
  return Constant(0, span);
}

ExprResolver::Resolved ExprResolver::Resolve(const ast::Expr& expr) {
  return boost::apply_visitor(
      [this](const auto& wrapped) -> Resolved {
        const auto& node = Unwrap(wrapped);
        using T = std::decay_t<decltype(node)>;
        if constexpr (std::is_same_v<T, ast::NumberLit>) {
          const Span span = ToSpan(node);
          return {Constant(node.value, span), Kind::kNumber, -1,
                  node.unit ? FindOrAddUnit(TrimUnit(*node.unit), span, units_, sink_) : nullptr};
        } else if constexpr (std::is_same_v<T, ast::BoolLit>) {
          return {Constant(node.value ? 1 : 0, ToSpan(node))};
        } else if constexpr (std::is_same_v<T, ast::Identifier>) {
          return ResolveName(node);
        } else if constexpr (std::is_same_v<T, ast::UnaryExpr>) {
          return ResolveUnary(node);
        } else if constexpr (std::is_same_v<T, ast::Chain>) {
          return ResolveChain(node);
        } else if constexpr (std::is_same_v<T, ast::Call>) {
          return ResolveCall(node);
        } else if constexpr (std::is_same_v<T, ast::LookupExpr>) {
          return ResolveLookup(node);
        } else if constexpr (std::is_same_v<T, ast::PiecewiseExpr>) {
          return ResolvePiecewise(node);
        } else if constexpr (std::is_same_v<T, ast::BandExpr>) {
          return ResolveBand(node);
        } else {
          static_assert(std::is_same_v<T, ast::IfExpr>);
          return ResolveIf(node);
        }
      },
      expr);
}

ExprResolver::Resolved ExprResolver::ResolveName(const ast::Identifier& name, bool raw) {
  const Span span = ToSpan(name);
  if (name.name == "total") {  // a keyword: the standard's value
    Expr e;
    e.op = Op::kRef;
    e.ref = {SymbolKind::kRoot, 0};
    e.span = span;
    return {Add(std::move(e))};
  }
  auto it = symbols_->find(name.name);
  if (it == symbols_->end()) {
    const std::vector<std::string_view> names = SortedNames();
    if (!ReportLookAlikeUse(name, names, sink_)) {
      sink_->Error("E0101", span, absl::StrCat("unknown name '", name.name, "'"),
                   DidYouMean(name.name, names));
    }
    return {Constant(0, span)};
  }
  Expr e;
  e.op = Op::kRef;
  e.ref = it->second;
  e.span = span;
  if (it->second.kind == SymbolKind::kInput) {
    const InputInfo& input = model_->inputs[static_cast<std::size_t>(it->second.index)].info;
    if (input.type == InputType::kText) {
      sink_->Error("E0204", span,
                   absl::StrCat("text input '", input.id, "' cannot be used in a rule"),
                   "text inputs are carried with the data but never scored");
      return {Constant(0, span), Kind::kText};
    }
    ExprId id = Add(std::move(e));
    if (input.missing == MissingPolicy::kImpute && !raw) {
      // `missing impute METHOD`: the input reads as impute(input, METHOD).
      const Input& declared = model_->inputs[static_cast<std::size_t>(it->second.index)];
      Expr imputed;
      imputed.op = Op::kImpute;
      imputed.args = {id};
      imputed.span = span;
      imputed.impute = declared.impute;
      imputed.cohort = declared.impute_cohort;
      id = Add(std::move(imputed));
    }
    if (input.type == InputType::kEnum) return {id, Kind::kEnum, it->second.index};
    return {id, Kind::kNumber, -1, units_->Find(input.unit)};
  }
  if (it->second.kind == SymbolKind::kLet && !let_states_.empty()) {
    const auto let = static_cast<std::size_t>(it->second.index);
    if (let_states_[let] == LetState::kPending && let_nesting_ < kMaxLetNesting) {
      ResolveLet(it->second.index);
    }
    return {Add(std::move(e)), Kind::kNumber, -1, let_units_[let]};
  }
  return {Add(std::move(e))};
}

ExprResolver::Resolved ExprResolver::ResolveUnary(const ast::UnaryExpr& unary) {
  Expr e;
  e.op = unary.op == ast::UnaryOp::kNeg ? Op::kNeg : Op::kNot;
  const Resolved operand = ResolveQuantity(unary.operand);
  e.args = {operand.id};
  e.span = ToSpan(unary);
  return {Add(std::move(e)), Kind::kNumber, -1, e.op == Op::kNeg ? operand.unit : nullptr};
}

ExprResolver::Resolved ExprResolver::ResolveChain(const ast::Chain& chain) {
  if (chain.rest.empty()) return Resolve(chain.first);
  Resolved left = ResolveQuantity(chain.first);
  const Span first_span = SpanOf(chain.first);
  int comparisons = 0;
  for (const ast::Operation& operation : chain.rest) {
    if (IsComparison(operation.op) && ++comparisons == 2) {
      sink_->Error("E0208", SpanOf(operation.operand), "comparisons cannot be chained",
                   "write `a < b and b < c`");
    }
    Expr e;
    e.op = ToOp(operation.op);
    e.span = {first_span.begin, SpanOf(operation.operand).end};
    // An operation of an expanded function's body is at the call, whatever its operands.
    for (const Span& call : expansion_spans_) {
      if (chain.begin == call.begin && chain.end == call.end) e.span = call;
    }
    Resolved operands[2] = {left, ResolveQuantity(operation.operand)};
    const Unit* unit = nullptr;
    switch (e.op) {
      case Op::kAdd:
        unit = Unify(operands, "added", e.span);
        break;
      case Op::kSub:
        unit = Unify(operands, "subtracted", e.span);
        break;
      case Op::kMul:  // a unit times a plain number keeps the unit; other products are unchecked
        unit = operands[0].unit == nullptr   ? operands[1].unit
               : operands[1].unit == nullptr ? operands[0].unit
                                             : nullptr;
        break;
      case Op::kDiv:  // a ratio of one dimension is a plain number, converted first
        if (operands[1].unit == nullptr) {
          unit = operands[0].unit;
        } else if (operands[0].unit != nullptr &&
                   operands[0].unit->dimension == operands[1].unit->dimension) {
          Unify(operands, "divided", e.span);
        }
        break;
      default:  // comparisons (a truth value), and, or
        if (IsComparison(operation.op)) Unify(operands, "compared", e.span);
        break;
    }
    e.args = {operands[0].id, operands[1].id};
    left = {Add(std::move(e)), Kind::kNumber, -1, unit};
  }
  return left;
}

ExprResolver::Resolved ExprResolver::ResolveCall(const ast::Call& call) {
  const Span span = ToSpan(call);
  const std::string& name = call.callee.name;
  if (functions_ != nullptr) {
    if (auto user = functions_->find(name); user != functions_->end()) {
      return ResolveUserCall(call, user->second);
    }
  }
  const BuiltinFunction* function = nullptr;
  for (const BuiltinFunction& f : kFunctions) {
    if (f.name == name) function = &f;
  }
  if (function == nullptr) {
    std::vector<std::string_view> names;
    for (const BuiltinFunction& f : kFunctions) names.push_back(f.name);
    std::string hint = DidYouMean(name, names);
    if (symbols_->contains(name)) {
      hint = absl::StrCat("'", name, "' is a name, not a function");
    }
    sink_->Error("E0105", ToSpan(call.callee), absl::StrCat("unknown function '", name, "'"), hint);
    for (const ast::Expr& arg : call.args) ResolveNumeric(arg);
    return {Constant(0, span)};
  }
  const int count = static_cast<int>(call.args.size());
  if (count < function->min_args || (function->max_args >= 0 && count > function->max_args)) {
    const int shown = function->max_args < 0 || function->max_args == function->min_args
                          ? function->min_args
                          : function->max_args;
    std::string expected = absl::StrCat(function->min_args);
    if (function->max_args < 0) {
      expected = absl::StrCat("at least ", function->min_args);
    } else if (function->max_args != function->min_args) {
      expected = absl::StrCat(function->min_args, " to ", function->max_args);
    }
    sink_->Error("E0203", span,
                 absl::StrCat("'", name, "' takes ", expected, " argument", shown == 1 ? "" : "s",
                              ", not ", count));
    return {Constant(0, span)};
  }
  if (function->op == Op::kImpute) return ResolveImpute(call);
  if (IsCohortOp(function->op)) return ResolveCohort(call, function->op);
  for (std::size_t i = 0; i < call.args.size(); ++i) NoClauses(call, i);
  if (function->op == Op::kPrev) return ResolvePrev(call);
  if (function->op == Op::kMissing) return ResolveMissing(call);
  if (function->op == Op::kRound) return ResolveRound(call);
  if (function->op == Op::kWmean || function->op == Op::kWgeomean || function->op == Op::kWhmean) {
    return ResolveWeightedMean(call, function->op, /*weighted=*/name != "hmean");
  }

  // A cohort function may take another one's result (`cohort_minmax(cohort_rank(x))`): the
  // plan computes the inner one over the period first, as if it were a let. (E0206, which
  // forbade this, is retired.)
  std::vector<Resolved> operands;
  for (const ast::Expr& arg : call.args) operands.push_back(ResolveQuantity(arg));

  // Functions whose arguments are quantities of one kind, and whether the result keeps it.
  const Unit* unit = nullptr;
  switch (function->op) {
    case Op::kMin:
    case Op::kMax:
    case Op::kSum:
    case Op::kMean:
    case Op::kClamp:  // also ratio(x, target): x and target are of one kind
      unit = Unify(operands, "", span, name);
      break;
    case Op::kGe:  // threshold(x, t)
      Unify(operands, "compared in threshold()", span);
      break;
    case Op::kAbs:
    case Op::kFloor:
    case Op::kCeil:
    case Op::kTrunc:
      unit = operands.front().unit;
      break;
    default:
      break;
  }
  ExprArgs args;
  for (const Resolved& operand : operands) args.push_back(operand.id);

  Expr e;
  e.span = span;
  if (name == "ratio") {
    // ratio(x, target) = clamp(x / target, 0, 1)
    Expr division;
    division.op = Op::kDiv;
    division.args = args;
    division.span = span;
    e.op = Op::kClamp;
    e.args = {Add(std::move(division)), Constant(0, span), Constant(1, span)};
    return {Add(std::move(e))};
  }
  e.op = function->op;
  e.args = std::move(args);
  return {Add(std::move(e)), Kind::kNumber, -1, function->op == Op::kGe ? nullptr : unit};
}

ExprResolver::Resolved ExprResolver::ResolveUserCall(const ast::Call& call,
                                                     const UserFunction& function) {
  const Span span = ToSpan(call);
  const ast::FunctionDecl& decl = *function.decl;
  const std::size_t count = decl.params.size();
  if (call.args.size() != count) {
    sink_->Error("E0203", span,
                 absl::StrCat("'", decl.name.name, "' takes ", count, " argument",
                              count == 1 ? "" : "s", ", not ", call.args.size()),
                 absl::StrCat("it is declared as ", decl.name.name, "(",
                              absl::StrJoin(decl.params, ", ",
                                            [](std::string* out, const ast::Identifier& param) {
                                              out->append(param.name);
                                            }),
                              ")"));
    return {Constant(0, span)};
  }
  for (std::size_t i = 0; i < call.args.size(); ++i) NoClauses(call, i);
  const bool recursive =
      std::find(expanding_.begin(), expanding_.end(), decl.name.name) != expanding_.end();
  const bool too_many = expansions_ >= kMaxFunctionExpansions;
  if (too_many && expansions_++ == kMaxFunctionExpansions) {  // reported once
    sink_->Error("E0219", span,
                 absl::StrCat("calls of functions expand to more than ", kMaxFunctionExpansions,
                              " copies of their bodies"),
                 "a function that calls another several times multiplies its size at each "
                 "level; compute the shared part once with a `let` and pass it as an argument");
  }
  if (!function.valid || recursive || too_many) {  // reported at the declaration, or above
    for (const ast::Expr& arg : call.args) ResolveNumeric(arg);
    return {Constant(0, span)};
  }
  // An argument whose parameter the body never uses is still checked.
  for (std::size_t i = 0; i < count; ++i) {
    if (!UsesName(decl.body, decl.params[i].name)) Resolve(call.args[i]);
  }
  ++expansions_;
  const ast::Expr expanded = ExpandCall(decl, call);
  expanding_.push_back(decl.name.name);
  expansion_spans_.push_back(span);
  sink_->PushFunction(span, decl.name.name);
  Resolved resolved = Resolve(expanded);
  sink_->PopFunction();
  expansion_spans_.pop_back();
  expanding_.pop_back();
  return resolved;
}

ExprResolver::Resolved ExprResolver::ResolvePrev(const ast::Call& call) {
  const Span span = ToSpan(call);
  const ast::Identifier* name = AsIdentifier(call.args.front());
  if (name == nullptr) {
    sink_->Error("E0211", SpanOf(call.args.front()),
                 "prev() takes the name of an input, let or node",
                 "give the expression a name with `let` and write prev(NAME)");
    return {Constant(0, span)};
  }
  if (name->name == "total") {
    sink_->Error("E0227", SpanOf(call.args.front()), "prev(total) is not supported",
                 "name the total's parts instead: prev of a node or let");
    return {Constant(0, span)};
  }
  Resolved target = ResolveName(*name, /*raw=*/true);
  if (target.kind == Kind::kText) return target;
  const Expr& ref = model_->expr(target.id);
  if (ref.op != Op::kRef) return target;  // unknown name, already reported
  Expr e;
  e.op = Op::kPrev;
  e.ref = ref.ref;
  e.span = span;
  return {Add(std::move(e)), target.kind, target.enum_input, target.unit};
}

// wmean(x1, w1, x2, w2, ...), wgeomean(...), whmean(...) and hmean(x1, x2, ...): the
// values are quantities of one kind (but for wgeomean), the weights positive numbers
// written in the rule.
ExprResolver::Resolved ExprResolver::ResolveWeightedMean(const ast::Call& call, Op op,
                                                         bool weighted) {
  const Span span = ToSpan(call);
  const std::string& name = call.callee.name;
  if (weighted && call.args.size() % 2 != 0) {
    sink_->Error("E0203", span,
                 absl::StrCat("'", name, "' takes pairs of a value and its weight, not ",
                              call.args.size(), " arguments"),
                 absl::StrCat(name, "(x, 2, y, 1) weighs x twice as much as y"));
    for (const ast::Expr& arg : call.args) ResolveNumeric(arg);
    return {Constant(0, span)};
  }
  std::vector<Resolved> values;
  std::vector<double> weights;
  for (std::size_t i = 0; i < call.args.size(); i += weighted ? 2 : 1) {
    values.push_back(ResolveQuantity(call.args[i]));
    if (!weighted) {
      weights.push_back(1);
      continue;
    }
    const ExprId w = ResolveNumeric(call.args[i + 1]);
    const Expr& weight = model_->expr(w);
    if (weight.op != Op::kConst || !(weight.number > 0) || std::isinf(weight.number)) {
      sink_->Error("E0230", SpanOf(call.args[i + 1]),
                   absl::StrCat("a weight of ", name,
                                "() must be a positive number written in "
                                "the rule"),
                   "weights are part of the standard: write them as numbers (2, 0.5, 1e-3)");
      weights.push_back(1);
      continue;
    }
    weights.push_back(weight.number);
  }
  const Unit* unit = nullptr;
  if (op != Op::kWgeomean) unit = Unify(values, "", span, name);
  Expr e;
  e.op = op;
  e.span = span;
  for (const Resolved& value : values) e.args.push_back(value.id);
  e.table = std::move(weights);
  return {Add(std::move(e)), Kind::kNumber, -1, unit};
}

ExprResolver::Resolved ExprResolver::ResolveRound(const ast::Call& call) {
  const Span span = ToSpan(call);
  const Resolved subject = ResolveQuantity(call.args[0]);
  const ExprId d = ResolveNumeric(call.args[1]);
  // The digits: a number written in the rule, perhaps negative (`round(x, -2)`).
  const Expr& digits = model_->expr(d);
  const bool negated = digits.op == Op::kNeg && model_->expr(digits.args[0]).op == Op::kConst;
  std::optional<double> value;
  if (digits.op == Op::kConst) value = digits.number;
  if (negated) value = -model_->expr(digits.args[0]).number;
  if (!value || !(std::fabs(*value) <= 1e9) || *value != std::trunc(*value)) {
    sink_->Error("E0218", SpanOf(call.args[1]),
                 "the digits of round() must be a whole number written in the rule",
                 "round(x, 2) keeps two decimals, round(x, 0) a whole number and round(x, -2) "
                 "hundreds");
    value = 0;
  }
  Expr e;
  e.op = Op::kRound;
  e.number = *value == 0 ? 0.0 : *value;  // no -0
  e.args = {subject.id};
  e.span = span;
  return {Add(std::move(e)), Kind::kNumber, -1, subject.unit};
}

ExprResolver::Resolved ExprResolver::ResolveMissing(const ast::Call& call) {
  const Span span = ToSpan(call);
  const ast::Expr& arg = call.args.front();
  const ast::Identifier* name = AsIdentifier(arg);
  bool previous = false;
  if (name == nullptr) {
    const ast::Call* inner = AsCall(arg);
    if (inner != nullptr && inner->callee.name == "prev" && inner->args.size() == 1) {
      name = AsIdentifier(inner->args.front());
      previous = true;
    }
  }
  if (name != nullptr && !previous) {
    auto it = symbols_->find(name->name);
    if (it != symbols_->end() && it->second.kind != SymbolKind::kInput) name = nullptr;
  }
  if (name == nullptr) {  // any other expression: whether its value is missing
    const Resolved operand = Resolve(arg);
    if (operand.kind == Kind::kText) return {Constant(0, span)};  // reported where named
    Expr test;
    test.op = Op::kIsMissing;
    test.args = {operand.id};
    test.span = span;
    return {Add(std::move(test))};
  }
  const Resolved target = ResolveName(*name, /*raw=*/true);
  if (target.kind == Kind::kText) return {Constant(0, span)};  // reported where named
  Expr& e = model_->exprs[static_cast<std::size_t>(target.id)];
  if (e.op != Op::kRef) return {Constant(0, span)};  // unknown name, already reported
  // The reference just added becomes the test: one expression, no argument.
  e.op = previous ? Op::kMissingPrev : Op::kMissing;
  e.span = span;
  return {target.id};
}

void ExprResolver::NoClauses(const ast::Call& call, std::size_t arg, bool allow_cohort) {
  const ast::ArgClauses* clauses = call.ClausesOf(arg);
  if (clauses == nullptr) return;
  const std::string& name = call.callee.name;
  if (clauses->option) {
    sink_->Error("E0215", ToSpan(*clauses),
                 absl::StrCat("'", name, "' has no option '", *clauses->option, "'"),
                 name == "winsorize" ? "winsorize takes points N, skew S and kurtosis K"
                 : name == "impute"  ? "the method of impute is cohort_mean, cohort_median, "
                                       "previous [N] or a number"
                                     : "");
  } else if (!allow_cohort) {
    sink_->Error(
        "E0215", ToSpan(*clauses),
        absl::StrCat("`by` and `across periods` cannot follow this argument of '", name, "'"),
        "they follow the first argument of a cohort function: cohort_rank(x by KEY)");
  }
}

int ExprResolver::ResolveKey(const ast::Identifier& key) {
  const Span span = ToSpan(key);
  auto it = symbols_->find(key.name);
  std::vector<std::string_view> keys;
  for (const Input& input : model_->inputs) {
    if (input.info.type == InputType::kEnum || input.info.type == InputType::kText) {
      keys.push_back(input.info.id);
    }
  }
  std::sort(keys.begin(), keys.end());
  const std::string usage = "a cohort key is an enum or text input (`input region : text`)";
  if (it == symbols_->end()) {
    std::string hint = DidYouMean(key.name, keys);
    sink_->Error("E0214", span, absl::StrCat("unknown cohort key '", key.name, "'"),
                 hint.empty() ? usage : hint);
    return -1;
  }
  if (it->second.kind != SymbolKind::kInput) {
    sink_->Error("E0214", span, absl::StrCat("cohort key '", key.name, "' is not an input"), usage);
    return -1;
  }
  const InputInfo& input = model_->inputs[static_cast<std::size_t>(it->second.index)].info;
  if (input.type != InputType::kEnum && input.type != InputType::kText) {
    sink_->Error(
        "E0214", span,
        absl::StrCat("cohort key '", key.name, "' is a ", InputTypeName(input.type), " input"),
        usage);
    return -1;
  }
  return it->second.index;
}

CohortSpec ExprResolver::CohortOf(const ast::ArgClauses* clauses) {
  CohortSpec cohort;
  if (clauses == nullptr) return cohort;
  if (clauses->by) cohort.key_input = ResolveKey(*clauses->by);
  cohort.across_periods = clauses->across_periods;
  return cohort;
}

bool ExprResolver::IsTruthValue(ExprId id, int depth) const {
  if (id == kNoExpr || depth > 64) return false;
  const Expr& e = model_->expr(id);
  switch (e.op) {
    case Op::kEq:
    case Op::kNe:
    case Op::kLt:
    case Op::kLe:
    case Op::kGt:
    case Op::kGe:
    case Op::kAnd:
    case Op::kOr:
    case Op::kNot:
    case Op::kBool:
    case Op::kMissing:
    case Op::kMissingPrev:
    case Op::kIsMissing:
      return true;
    case Op::kImpute:
      return IsTruthValue(e.args.front(), depth + 1);
    case Op::kIf:
      return IsTruthValue(e.args[1], depth + 1) && IsTruthValue(e.args[2], depth + 1);
    case Op::kRef:
    case Op::kPrev:
      if (e.ref.kind == SymbolKind::kInput) {
        return model_->inputs[static_cast<std::size_t>(e.ref.index)].info.type == InputType::kBool;
      }
      if (e.ref.kind == SymbolKind::kLet) {
        return IsTruthValue(model_->lets[static_cast<std::size_t>(e.ref.index)].expr, depth + 1);
      }
      return false;
    default:
      return false;
  }
}

ExprResolver::Resolved ExprResolver::ResolveCohort(const ast::Call& call, Op op) {
  const Span span = ToSpan(call);
  const std::string& name = call.callee.name;
  NoClauses(call, 0, /*allow_cohort=*/true);
  Expr e;
  e.op = op;
  e.span = span;
  const Resolved subject = ResolveQuantity(call.args.front());
  e.cohort = CohortOf(call.ClausesOf(0));
  e.args = {subject.id};
  if (op == Op::kWinsorize) {
    if (IsTruthValue(subject.id)) {
      sink_->Error("E0216", SpanOf(call.args.front()), "winsorize() of a truth value",
                   "winsorize treats the outliers of a number; a truth value has none");
    }
    std::vector<std::string> seen;
    for (std::size_t i = 1; i < call.args.size(); ++i) {
      const ast::ArgClauses* clauses = call.ClausesOf(i);
      const auto* value = boost::get<ast::NumberLit>(&call.args[i]);
      const std::string option = clauses != nullptr && clauses->option ? *clauses->option : "";
      if (value == nullptr || (option != "points" && option != "skew" && option != "kurtosis")) {
        const Span where = clauses != nullptr ? ToSpan(*clauses) : SpanOf(call.args[i]);
        sink_->Error("E0215", where,
                     option.empty() ? "winsorize() takes named options after its argument"
                                    : absl::StrCat("winsorize() has no option '", option, "'"),
                     "write winsorize(x, points 5, skew 2, kurtosis 3.5), any of them");
        continue;
      }
      const Span where = ToSpan(*clauses);
      if (std::find(seen.begin(), seen.end(), option) != seen.end()) {
        sink_->Error("E0215", where, absl::StrCat("the option '", option, "' is given twice"));
        continue;
      }
      seen.push_back(option);
      if (option == "points") {
        if (!IsPositiveInteger(value->value)) {
          sink_->Error("E0215", where, "the points of winsorize() must be a positive whole number",
                       "points N: at most N values are treated at each end");
          continue;
        }
        e.winsorize.max_points = static_cast<int>(value->value);
      } else if (!(value->value > 0) || !std::isfinite(value->value)) {
        sink_->Error("E0215", where,
                     absl::StrCat("the ", option, " of winsorize() must be a positive number"));
      } else if (option == "skew") {
        e.winsorize.skew = value->value;
      } else {
        e.winsorize.kurtosis = value->value;
      }
    }
  } else {
    for (std::size_t i = 1; i < call.args.size(); ++i) NoClauses(call, i);
  }
  if (op == Op::kCohortQuantile) {
    const ExprId q = ResolveNumeric(call.args[1]);
    const Expr& quantile = model_->expr(q);
    if (quantile.op != Op::kConst || !(quantile.number >= 0 && quantile.number <= 1)) {
      sink_->Error("E0215", SpanOf(call.args[1]),
                   "the quantile of cohort_quantile() must be a number from 0 to 1",
                   absl::StrCat("cohort_quantile(x, 0.25) is the lower quartile; cohort_median(x) ",
                                "is cohort_quantile(x, 0.5)"));
    } else {
      e.number = quantile.number;
    }
  }
  (void)name;
  return {Add(std::move(e)), Kind::kNumber, -1, KeepsUnit(op) ? subject.unit : nullptr};
}

ExprResolver::Resolved ExprResolver::ResolveImpute(const ast::Call& call) {
  const Span span = ToSpan(call);
  NoClauses(call, 0);
  Resolved subject = Resolve(call.args.front());
  if (subject.kind == Kind::kText) return {Constant(0, span)};  // reported where named
  Expr e;
  e.op = Op::kImpute;
  e.span = span;
  const ast::Expr& method = call.args[1];
  const ast::ArgClauses* clauses = call.ClausesOf(1);
  const ast::Identifier* word = AsIdentifier(method);
  const std::string how = word != nullptr ? word->name : "";
  const Span method_span = SpanOf(method);
  if (clauses != nullptr && clauses->option) {
    const auto* value = boost::get<ast::NumberLit>(&method);
    if (*clauses->option != "previous" || value == nullptr) {
      NoClauses(call, 1);
    } else if (!IsPositiveInteger(value->value)) {
      sink_->Error("E0215", ToSpan(*clauses),
                   "the look-back of `previous` must be a positive whole number",
                   "previous N: the latest value at most N periods back");
    } else {
      e.impute.method = ImputeMethod::kPrevious;
      e.impute.look_back = static_cast<int>(value->value);
    }
  } else if (how == "cohort_mean" || how == "cohort_median") {
    e.impute.method =
        how == "cohort_mean" ? ImputeMethod::kCohortMean : ImputeMethod::kCohortMedian;
    if (clauses != nullptr && clauses->across_periods) {
      sink_->Error("E0215", ToSpan(*clauses), "impute() estimates within one period",
                   absl::StrCat("write impute(x, ", how, " by KEY) without `across periods`"));
    }
    if (clauses != nullptr && clauses->by) e.cohort.key_input = ResolveKey(*clauses->by);
    if (!CheckImputable(subject, e.impute.method, SpanOf(call.args.front()))) {
      return {Constant(0, span)};
    }
  } else if (how == "previous") {
    NoClauses(call, 1);
    e.impute.method = ImputeMethod::kPrevious;
  } else {
    NoClauses(call, 1);
    std::vector<Resolved> operands = {subject.kind == Kind::kNumber ? subject : Resolved{},
                                      ResolveQuantity(method)};
    if (subject.kind == Kind::kNumber) Unify(operands, "mixed in impute()", span);
    const Expr& value = model_->expr(operands[1].id);
    const bool negated = value.op == Op::kNeg && model_->expr(value.args[0]).op == Op::kConst;
    if (value.op != Op::kConst && !negated) {
      sink_->Error("E0215", method_span, "the method of impute() is not one it knows",
                   "write cohort_mean [by KEY], cohort_median [by KEY], previous [N] or a number");
    } else {
      e.impute.constant = negated ? -model_->expr(value.args[0]).number : value.number;
      if (!CheckImputable(subject, ImputeMethod::kConstant, SpanOf(call.args.front()))) {
        return {Constant(0, span)};
      }
    }
  }
  e.args = {subject.id};
  return {Add(std::move(e)), subject.kind, subject.enum_input, subject.unit};
}

bool ExprResolver::CheckImputable(const Resolved& subject, ImputeMethod method, Span span) {
  if (subject.kind == Kind::kEnum && method != ImputeMethod::kPrevious) {
    const InputInfo& input = model_->inputs[static_cast<std::size_t>(subject.enum_input)].info;
    sink_->Error("E0216", span,
                 absl::StrCat("enum input '", input.id, "' cannot be imputed by ",
                              method == ImputeMethod::kCohortMean     ? "a cohort mean"
                              : method == ImputeMethod::kCohortMedian ? "a cohort median"
                                                                      : "a number"),
                 "an enum's options have no mean or median; impute it with `previous`");
    return false;
  }
  if (method == ImputeMethod::kCohortMean && IsTruthValue(subject.id)) {
    sink_->Error("E0216", span, "a truth value cannot be imputed by a cohort mean",
                 "the mean of truth values is a share, not a truth value; use previous or a "
                 "constant");
    return false;
  }
  return true;
}

ExprResolver::Resolved ExprResolver::ResolveLookup(const ast::LookupExpr& lookup) {
  const Span span = ToSpan(lookup);
  Resolved subject = Resolve(lookup.subject);
  if (subject.kind != Kind::kEnum) {
    if (subject.kind == Kind::kNumber) {
      sink_->Error("E0204", SpanOf(lookup.subject), "lookup() needs an enum input (or prev of one)",
                   "use piecewise(...) { ... } to map a number");
    }
    return {Constant(0, span)};
  }
  const InputInfo& input = model_->inputs[static_cast<std::size_t>(subject.enum_input)].info;
  Expr e;
  e.op = Op::kLookup;
  e.args = {subject.id};
  e.table.assign(input.options.size(), 0.0);
  e.span = span;
  std::vector<bool> seen(input.options.size(), false);
  std::vector<std::string_view> options(input.options.begin(), input.options.end());
  for (const ast::LookupEntry& entry : lookup.entries) {
    auto it = std::find(input.options.begin(), input.options.end(), entry.option.text);
    if (it == input.options.end()) {
      std::string hint = DidYouMean(entry.option.text, options);
      if (hint.empty()) {
        std::string list;
        for (const std::string& option : input.options) {
          absl::StrAppend(&list, list.empty() ? "" : ", ", option);
        }
        hint = absl::StrCat("the options are: ", list);
      }
      sink_->Error("E0205", ToSpan(entry.option),
                   absl::StrCat("'", entry.option.text, "' is not an option of '", input.id, "'"),
                   hint);
      continue;
    }
    const auto index = static_cast<std::size_t>(it - input.options.begin());
    if (seen[index]) {
      sink_->Error("E0205", ToSpan(entry.option),
                   absl::StrCat("option '", entry.option.text, "' is listed twice"));
    }
    seen[index] = true;
    e.table[index] = entry.value;
  }
  return {Add(std::move(e))};
}

ExprResolver::Resolved ExprResolver::ResolvePiecewise(const ast::PiecewiseExpr& piecewise) {
  Expr e;
  e.op = Op::kPiecewise;
  e.args = {ResolveNumeric(piecewise.subject)};
  e.span = ToSpan(piecewise);
  for (std::size_t i = 0; i < piecewise.knots.size(); ++i) {
    const ast::Knot& knot = piecewise.knots[i];
    if (i > 0 && !(knot.x > piecewise.knots[i - 1].x)) {
      sink_->Error("E0207", ToSpan(knot), "the x values of piecewise knots must increase strictly",
                   absl::StrCat("this knot's x (", knot.x, ") is not above the previous one (",
                                piecewise.knots[i - 1].x, ")"));
    }
    e.table.push_back(knot.x);
    e.table.push_back(knot.y);
  }
  return {Add(std::move(e))};
}

ExprResolver::Resolved ExprResolver::ResolveIf(const ast::IfExpr& if_expr) {
  Expr e;
  e.op = Op::kIf;
  e.span = ToSpan(if_expr);
  const ExprId condition = ResolveNumeric(if_expr.condition);
  std::vector<Resolved> branches = {ResolveQuantity(if_expr.then_branch),
                                    ResolveQuantity(if_expr.else_branch)};
  const Unit* unit = Unify(branches, "the two branches of one `if`", e.span);
  e.args = {condition, branches[0].id, branches[1].id};
  return {Add(std::move(e)), Kind::kNumber, -1, unit};
}

ExprResolver::Resolved ExprResolver::ResolveBand(const ast::BandExpr& band) {
  const Span span = ToSpan(band);
  const ExprId x = ResolveNumeric(band.subject);
  const std::vector<ast::BandEntry>& entries = band.entries;
  // The bands: `otherwise` last, and only there.
  bool ok = true;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const bool last = i + 1 == entries.size();
    if ((entries[i].edge == ast::BandEdge::kOtherwise) != last) {
      sink_->Error("E0225", ToSpan(last ? band.entries.back() : entries[i]),
                   last ? "a band list must end with an `otherwise` band"
                        : "the `otherwise` band must be the last",
                   "list the edges first, then `NAME otherwise` for every other value");
      ok = false;
      break;
    }
  }
  // The edges: all `<=` rising, or all `>=` falling, so that every band can be met.
  const ast::BandEntry* previous = nullptr;
  for (const ast::BandEntry& entry : entries) {
    if (entry.edge == ast::BandEdge::kOtherwise) continue;
    if (previous != nullptr) {
      const bool mixed = entry.edge != previous->edge;
      const bool at_most = entry.edge == ast::BandEdge::kAtMost;
      if (mixed ||
          (at_most ? !(entry.bound > previous->bound) : !(entry.bound < previous->bound))) {
        sink_->Error(
            "E0226", ToSpan(entry),
            mixed ? "the edges of one band list must all be `<=` or all be `>=`"
                  : absl::StrCat("band edges out of order: ", util::FormatShortest(entry.bound),
                                 at_most ? " is not above " : " is not below ",
                                 util::FormatShortest(previous->bound)),
            "the first band that matches wins: list `<=` edges from the lowest, `>=` edges "
            "from the highest");
        ok = false;
        break;
      }
    }
    previous = &entry;
  }
  if (!ok) return {Constant(0, span)};
  // The values: the numbers the bands are named by, or 1, 2, ... for names.
  const bool numeric = std::all_of(entries.begin(), entries.end(),
                                   [](const ast::BandEntry& entry) { return entry.numeric; });
  std::vector<double> values;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    double value = static_cast<double>(i + 1);
    if (numeric && !absl::SimpleAtod(entries[i].name.text, &value)) value = std::nan("");
    values.push_back(value);
  }
  const double tolerance = band.tolerance.value_or(kBandTolerance);
  // if x <= e1 + tol then v1 else if x <= e2 + tol then v2 ... else vn, and a NaN x stays NaN
  // (a missing x makes every comparison, and so the result, missing).
  ExprId result = Constant(values.back(), ToSpan(entries.back()));
  for (std::size_t k = entries.size() - 1; k-- > 0;) {
    const ast::BandEntry& entry = entries[k];
    const bool at_most = entry.edge == ast::BandEdge::kAtMost;
    Expr compare;
    compare.op = at_most ? Op::kLe : Op::kGe;
    compare.span = ToSpan(entry);
    compare.args = {
        x, Constant(at_most ? entry.bound + tolerance : entry.bound - tolerance, ToSpan(entry))};
    Expr choose;
    choose.op = Op::kIf;
    choose.span = ToSpan(entry);
    choose.args = {Add(std::move(compare)), Constant(values[k], ToSpan(entry)), result};
    result = Add(std::move(choose));
  }
  Expr is_number;
  is_number.op = Op::kEq;
  is_number.span = span;
  is_number.args = {x, x};
  Expr guarded;
  guarded.op = Op::kIf;
  guarded.span = span;
  guarded.args = {Add(std::move(is_number)), result, x};
  return {Add(std::move(guarded))};
}

}  // namespace rubric::sema
