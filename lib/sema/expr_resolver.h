// Resolves expressions of the syntax tree into the model's expression arena: names to
// symbols, function calls to operators, with type checks (text and enum inputs, lookups,
// piecewise knots) and unit checks: quantities of different
// dimensions never meet, and quantities of one dimension are converted to a common unit.
#ifndef RUBRIC_LIB_SEMA_EXPR_RESOLVER_H_
#define RUBRIC_LIB_SEMA_EXPR_RESOLVER_H_

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "grammar/ast.h"
#include "sema/diagnostic_sink.h"
#include "sema/model.h"
#include "sema/unit_table.h"
#include "sema/user_functions.h"

namespace rubric::sema {

using SymbolTable = absl::flat_hash_map<std::string, SymbolRef>;

class ExprResolver {
 public:
  ExprResolver(Model* model, const SymbolTable* symbols, UnitTable* units, DiagnosticSink* sink)
      : model_(model), symbols_(symbols), units_(units), sink_(sink) {}

  // The expressions of the model's lets (by let index), so that a let used before its
  // definition is resolved first and its unit is known where it is used.
  void SetLetExpressions(std::vector<const ast::Expr*> lets);

  // The user-defined functions (checked by CheckFunctions): their calls are expanded.
  void SetFunctions(const FunctionTable* functions) { functions_ = functions; }

  // Resolves let `index` (once) and returns its expression.
  ExprId ResolveLet(int index);

  // Resolves an expression whose value is used as a number (or truth value).
  ExprId ResolveNumeric(const ast::Expr& expr);

  // The input a cohort is keyed by (`by KEY`): an enum or text input; else E0214 and -1.
  int ResolveKey(const ast::Identifier& key);

 private:
  // What an expression yields: a number, or an enum input's option index (only usable by
  // lookup), or text (never usable).
  enum class Kind { kNumber, kEnum, kText };
  struct Resolved {
    ExprId id = kNoExpr;
    Kind kind = Kind::kNumber;
    int enum_input = -1;
    const Unit* unit = nullptr;  // nullptr: a number without a unit, which fits any unit
  };

  Resolved Resolve(const ast::Expr& expr);
  // `raw`: the input itself, not impute(input, METHOD) for an input with that policy.
  Resolved ResolveName(const ast::Identifier& name, bool raw = false);
  Resolved ResolveUnary(const ast::UnaryExpr& unary);
  Resolved ResolveChain(const ast::Chain& chain);
  Resolved ResolveCall(const ast::Call& call);
  // A call of a user function: its body, with the arguments for the parameters, resolved
  // where it is called (so with the arguments' units).
  Resolved ResolveUserCall(const ast::Call& call, const UserFunction& function);
  Resolved ResolvePrev(const ast::Call& call);
  Resolved ResolveMissing(const ast::Call& call);
  // round(x, d): d is a whole number written in the rule (E0218).
  Resolved ResolveRound(const ast::Call& call);
  Resolved ResolveWeightedMean(const ast::Call& call, Op op, bool weighted);
  Resolved ResolveCohort(const ast::Call& call, Op op);
  Resolved ResolveImpute(const ast::Call& call);
  // E0215 for an option (or, unless `allow_cohort`, a `by` or `across periods`) at `arg`.
  void NoClauses(const ast::Call& call, std::size_t arg, bool allow_cohort = false);
  CohortSpec CohortOf(const ast::ArgClauses* clauses);
  // E0216 when `subject` cannot be imputed by `method` (an enum, a truth value's mean).
  bool CheckImputable(const Resolved& subject, ImputeMethod method, Span span);
  // Whether an expression is a truth value (a comparison, a bool input, ...).
  bool IsTruthValue(ExprId id, int depth = 0) const;
  Resolved ResolveLookup(const ast::LookupExpr& lookup);
  Resolved ResolvePiecewise(const ast::PiecewiseExpr& piecewise);
  Resolved ResolveIf(const ast::IfExpr& if_expr);
  // band(e) { ... }, lowered to comparisons and ifs (E0225, E0226).
  Resolved ResolveBand(const ast::BandExpr& band);
  ExprId Numeric(const Resolved& resolved, Span span);
  Resolved ResolveQuantity(const ast::Expr& expr);  // a number, with its unit

  // Brings `operands` to one unit (the first operand's that has one), converting within a
  // dimension; E0210 when two dimensions meet (`what` names the operation, or with
  // `function`, it is "mixed in FUNCTION()"). The common unit.
  const Unit* Unify(std::span<Resolved> operands, std::string_view what, Span span,
                    std::string_view function = {});
  ExprId Convert(ExprId id, double factor);

  ExprId Add(Expr expr);
  ExprId Constant(double value, Span span);
  // Every declared name, sorted: suggestions do not depend on the hash order.
  std::vector<std::string_view> SortedNames() const;

  Model* model_;
  const SymbolTable* symbols_;
  UnitTable* units_;
  DiagnosticSink* sink_;

  enum class LetState { kPending, kResolving, kDone };
  std::vector<const ast::Expr*> let_exprs_;
  std::vector<LetState> let_states_;
  std::vector<const Unit*> let_units_;
  int let_nesting_ = 0;  // lets resolved inside one another, bounded (kMaxLetNesting)
  const FunctionTable* functions_ = nullptr;
  std::vector<std::string> expanding_;  // the user functions being expanded, outermost first
  std::vector<Span> expansion_spans_;   // their calls' spans (which the bodies' nodes take)
  int expansions_ = 0;                  // calls expanded so far (kMaxFunctionExpansions)
};

// The unit `name` (trimmed), or nullptr for none. A unit nobody declared is warning W0201
// at `span` and becomes a dimension of its own, so it is reported once.
const Unit* FindOrAddUnit(const std::string& name, Span span, UnitTable* units,
                          DiagnosticSink* sink);

// The byte span of any expression.
Span SpanOf(const ast::Expr& expr);

}  // namespace rubric::sema

#endif  // RUBRIC_LIB_SEMA_EXPR_RESOLVER_H_
