// Resolves expressions of the syntax tree into the model's expression arena: names to
// symbols, function calls to operators, with type checks (text and enum inputs, lookups,
// piecewise knots, nested cohort functions).
#ifndef RUBRIC_LIB_SEMA_EXPR_RESOLVER_H_
#define RUBRIC_LIB_SEMA_EXPR_RESOLVER_H_

#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "grammar/ast.h"
#include "sema/diagnostic_sink.h"
#include "sema/model.h"

namespace rubric::sema {

using SymbolTable = absl::flat_hash_map<std::string, SymbolRef>;

class ExprResolver {
 public:
  ExprResolver(Model* model, const SymbolTable* symbols, DiagnosticSink* sink)
      : model_(model), symbols_(symbols), sink_(sink) {}

  // Resolves an expression whose value is used as a number (or truth value).
  ExprId ResolveNumeric(const ast::Expr& expr);

 private:
  // What an expression yields: a number, or an enum input's option index (only usable by
  // lookup), or text (never usable).
  enum class Kind { kNumber, kEnum, kText };
  struct Resolved {
    ExprId id = kNoExpr;
    Kind kind = Kind::kNumber;
    int enum_input = -1;
  };

  Resolved Resolve(const ast::Expr& expr);
  Resolved ResolveName(const ast::Identifier& name);
  Resolved ResolveUnary(const ast::UnaryExpr& unary);
  Resolved ResolveChain(const ast::Chain& chain);
  Resolved ResolveCall(const ast::Call& call);
  Resolved ResolvePrev(const ast::Call& call);
  Resolved ResolveLookup(const ast::LookupExpr& lookup);
  Resolved ResolvePiecewise(const ast::PiecewiseExpr& piecewise);
  Resolved ResolveIf(const ast::IfExpr& if_expr);
  ExprId Numeric(const Resolved& resolved, Span span);

  ExprId Add(Expr expr);
  ExprId Constant(double value, Span span);
  std::string DidYouMeanName(std::string_view name) const;

  Model* model_;
  const SymbolTable* symbols_;
  DiagnosticSink* sink_;
  int cohort_depth_ = 0;
};

// The byte span of any expression.
Span SpanOf(const ast::Expr& expr);

}  // namespace rubric::sema

#endif  // RUBRIC_LIB_SEMA_EXPR_RESOLVER_H_
