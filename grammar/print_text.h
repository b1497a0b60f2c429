// The printer's vocabulary: one-line texts of tree parts (expressions, names, types, points)
// and the precedence rules that decide where an expression needs parentheses.
#ifndef RUBRIC_GRAMMAR_PRINT_TEXT_H_
#define RUBRIC_GRAMMAR_PRINT_TEXT_H_

#include <string>
#include <string_view>

#include "ast.h"

namespace rubric::grammar::print {

// Binding strength, loosest first (docs/language.md, "Expressions").
enum Precedence : int {
  kIf = 0,
  kOr,
  kAnd,
  kNot,
  kComparison,
  kSum,
  kProduct,
  kNegation,
  kPrimary,
};

using ast::Unwrap;

// Calls `visit` with the node `expr` holds, unwrapped.
template <typename Visit>
decltype(auto) VisitExpr(const ast::Expr& expr, Visit&& visit) {
  return boost::apply_visitor(
      [&](const auto& node) -> decltype(auto) { return visit(Unwrap(node)); }, expr);
}

ast::Located SpanOf(const ast::Expr& expr);
int PrecedenceOf(const ast::Expr& expr);
int ChainLevel(const ast::Chain& chain);

// Whether an operand of a chain of `level` needs parentheses: the first operand may bind as
// loosely as the chain (left associativity), except for comparisons, which do not associate.
bool OperandNeedsParens(const ast::Expr& operand, int level, bool first);
// Whether the operand of a unary operator needs parentheses (`-(-a)` is kept readable).
bool UnaryOperandNeedsParens(const ast::UnaryExpr& unary);
// Whether the condition or the `then` branch of an `if` needs parentheses (another `if`).
bool IfPartNeedsParens(const ast::Expr& part);

// Appends the one-line text of `expr`.
void AppendFlat(const ast::Expr& expr, std::string* out);
std::string FlatText(const ast::Expr& expr);

// An enum option or grade name: bare when it reads back as a name, else quoted.
std::string NameText(std::string_view name);
std::string UnaryOpText(ast::UnaryOp op);
std::string TypeText(const ast::TypeSpec& type);
std::string PolicyText(ast::MissingPolicy policy);
// `exclude`, `impute cohort_mean by region`, ...
std::string MissingText(ast::MissingPolicy policy, const std::optional<ast::ImputeDecl>& impute);
// What the printer writes before and after argument `arg` of `call`: `points `, ` by KEY`,
// ` across periods`.
std::string ArgPrefix(const ast::Call& call, std::size_t arg);
std::string ArgSuffix(const ast::Call& call, std::size_t arg);
std::string PointsText(const ast::PointsSpec& points);  // `points 3 normalize`
// `topsis by province across periods` (after `aggregate`).
std::string AggregateText(const ast::AggregateDecl& aggregate);
// `entropy by province`, `ahp approximate` (an AHP matrix's rows are printed apart).
std::string WeightTermHead(const ast::WeightTerm& term);
std::string AhpRowText(const ast::AhpRow& row);  // `a: 1 3 1/5`
std::string LookupEntryText(const ast::LookupEntry& entry);
std::string KnotText(const ast::Knot& knot);
// `NAME <= EDGE`, `NAME >= EDGE` or `NAME otherwise` (a numeric name as written).
std::string BandEntryText(const ast::BandEntry& entry);
std::string BandText(const ast::GradeBand& band);

}  // namespace rubric::grammar::print

#endif  // RUBRIC_GRAMMAR_PRINT_TEXT_H_
