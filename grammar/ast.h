// The syntax tree of a rubric source file, as the parser produces it.
//
// Every node records the byte range of the source it came from (`Located`), so that later
// stages can point at it in diagnostics. The tree is deliberately close to the grammar in
// docs/language.md: binary operators of one precedence level form a `Chain` (first operand,
// then operator/operand pairs), and placement rules (which statement may appear where) are
// checked by the semantic pass, not by the parser, so that authors get precise messages.
#ifndef RUBRIC_GRAMMAR_AST_H_
#define RUBRIC_GRAMMAR_AST_H_

#include <boost/spirit/home/x3/support/ast/variant.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rubric::ast {

namespace x3 = boost::spirit::x3;

// A half-open byte range [begin, end) in the source text.
struct Located {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
};

enum class BinaryOp { kAdd, kSub, kMul, kDiv, kEq, kNe, kLt, kLe, kGt, kGe, kAnd, kOr };
enum class UnaryOp { kNeg, kNot };

const char* ToString(BinaryOp op);

// A number, with an optional unit: `5`, `5 [亿元]`.
struct NumberLit : Located {
  double value = 0;
  std::optional<std::string> unit;
};

struct BoolLit : Located {
  bool value = false;
};

struct Identifier : Located {
  std::string name;
};

struct UnaryExpr;
struct Chain;
struct Call;
struct LookupExpr;
struct PiecewiseExpr;
struct IfExpr;
struct BandExpr;

struct Expr : x3::variant<NumberLit, BoolLit, Identifier, x3::forward_ast<UnaryExpr>,
                          x3::forward_ast<Chain>, x3::forward_ast<Call>,
                          x3::forward_ast<LookupExpr>, x3::forward_ast<PiecewiseExpr>,
                          x3::forward_ast<IfExpr>, x3::forward_ast<BandExpr>> {
  using base_type::base_type;
  using base_type::operator=;
};

struct Operation : Located {
  BinaryOp op = BinaryOp::kAdd;
  Expr operand;
};

// `first op1 operand1 op2 operand2 ...`, all operators of one precedence level, left to right.
struct Chain : Located {
  Expr first;
  std::vector<Operation> rest;
};

struct UnaryExpr : Located {
  UnaryOp op = UnaryOp::kNeg;
  Expr operand;
};

// What may follow or precede an argument of a call: `points 5` (a named option: `option`
// is its name, the argument its number), `x by province across periods` (the cohort of a
// cohort function: `by` its key).
struct ArgClauses : Located {
  std::optional<std::string> option;
  std::optional<Identifier> by;
  bool across_periods = false;

  bool empty() const { return !option && !by && !across_periods; }
};

struct Call : Located {
  Identifier callee;
  std::vector<Expr> args;
  // One per argument (or none at all, when no argument has any).
  std::vector<ArgClauses> clauses;

  const ArgClauses* ClausesOf(std::size_t arg) const {
    return arg < clauses.size() && !clauses[arg].empty() ? &clauses[arg] : nullptr;
  }
};

// An enum option or grade name: an identifier or a quoted string.
struct Name : Located {
  std::string text;
};

struct LookupEntry : Located {
  Name option;
  double value = 0;
};

struct LookupExpr : Located {
  Expr subject;
  std::vector<LookupEntry> entries;
};

struct Knot : Located {
  double x = 0;
  double y = 0;
};

struct PiecewiseExpr : Located {
  Expr subject;
  std::vector<Knot> knots;
};

struct IfExpr : Located {
  Expr condition;
  Expr then_branch;
  Expr else_branch;
};

// One band of `band(e) { ... }`: `NAME <= EDGE`, `NAME >= EDGE` or `NAME otherwise`. A name
// written as a number (`1 <= 0.025`) is `numeric`.
enum class BandEdge { kAtMost, kAtLeast, kOtherwise };

struct BandEntry : Located {
  Name name;
  bool numeric = false;
  BandEdge edge = BandEdge::kOtherwise;
  double bound = 0;
};

// `band(e) { 1 <= 0.025  2 <= 0.05  3 otherwise }`: the first band whose edge `e` meets.
struct BandExpr : Located {
  Expr subject;
  std::optional<double> tolerance;  // `band(e, tolerance T)`; else 1e-9
  std::vector<BandEntry> entries;
};

// ---- Declarations ----

enum class TypeKind { kBool, kNumber, kPercent, kInteger, kRank, kEnum, kText };
enum class MissingPolicy { kDefault, kExclude, kUnscorable, kImpute };
enum class ImputeKind { kConstant, kCohortMean, kCohortMedian, kPrevious };

// `impute METHOD` of a missing-data policy: `cohort_mean [by KEY]`, `cohort_median [by KEY]`,
// `previous [N]` or a number.
struct ImputeDecl : Located {
  ImputeKind kind = ImputeKind::kConstant;
  std::optional<Identifier> by;
  std::optional<double> look_back;  // previous N
  std::optional<NumberLit> constant;
};
enum class BoundKind { kAtLeast, kAtMost };

struct Bound : Located {
  BoundKind kind = BoundKind::kAtLeast;
  double value = 0;
};

struct TypeSpec : Located {
  TypeKind kind = TypeKind::kNumber;
  std::optional<std::string> unit;
  std::vector<Bound> bounds;
  std::vector<Name> options;  // enum only, lowest first
};

struct InputDecl : Located {
  Identifier name;
  std::optional<std::string> label;
  TypeSpec type;
  std::optional<MissingPolicy> missing;
  std::optional<ImputeDecl> impute;  // with MissingPolicy::kImpute
};

struct LetDecl : Located {
  bool output = false;  // `output let x = ...`: written by `rubric score` beside the nodes
  Identifier name;
  std::optional<std::string> label;
  Expr value;
};

struct PointsSpec : Located {
  double value = 0;
  bool normalize = false;
};

// `veto ID "label" when e` (standalone) or `veto when e` inside an indicator (no name).
struct VetoDecl : Located {
  std::optional<Identifier> name;
  std::optional<std::string> label;
  Expr condition;
};

enum class RuleKind { kScore, kValue };

struct RuleDecl : Located {
  RuleKind kind = RuleKind::kScore;
  Expr expr;
};

struct VersionDecl : Located {
  std::string text;
};

struct TotalDecl : Located {
  double value = 0;
};

struct MissingDecl : Located {
  MissingPolicy policy = MissingPolicy::kDefault;
  std::optional<ImputeDecl> impute;  // with MissingPolicy::kImpute
};

// `coverage >= 90%`: the least share of its inputs a row needs to be scored.
struct CoverageDecl : Located {
  double percent = 0;
};

enum class BandKind { kAtLeast, kOtherwise, kVetoed };

struct GradeBand : Located {
  Name name;
  BandKind kind = BandKind::kAtLeast;
  double min = 0;
};

struct GradesDecl : Located {
  std::optional<double> tolerance;
  std::vector<GradeBand> bands;
};

// `unit [万人] = 10000 [人]` (a multiple of another unit) or `unit [床位]` (a dimension of
// its own): a unit the standard declares, beside the built-in table.
struct UnitDecl : Located {
  std::string name;
  std::optional<double> factor;     // set with `base`
  std::optional<std::string> base;  // the unit this one is a multiple of
};

// `function NAME ["label"] (P1, P2, ...) = expr`: a pure function of its parameters, expanded
// (inlined) at every call by the semantic pass.
struct FunctionDecl : Located {
  Identifier name;
  std::optional<std::string> label;
  std::vector<Identifier> params;
  Expr body;
};

// ---- Weighted groups ----

// `aggregate mean|geomean|hmean|topsis [by KEY] [across periods]`: how a group combines its
// children's values with their weights (instead of adding them up).
enum class AggregateKind { kMean, kGeomean, kHmean, kTopsis };
struct AggregateDecl : Located {
  AggregateKind kind = AggregateKind::kMean;
  std::optional<Identifier> by;  // topsis: its cohort
  bool across_periods = false;
};

// One entry of an AHP comparison row: `3`, `1/3` or `0.33`.
struct AhpEntry : Located {
  double numerator = 0;
  std::optional<double> denominator;
};
// `a: 1 3 5`: a row of the pairwise comparison matrix, full or from the diagonal on.
struct AhpRow : Located {
  Identifier name;
  std::vector<AhpEntry> entries;
};
// One source of weights: `given` (the children's `weight W`), `ahp [OPTIONS] { ROWS }`,
// `entropy [by KEY] [across periods]` or `critic [by KEY] [across periods]`.
enum class WeightMethod { kGiven, kAhp, kEntropy, kCritic };
struct WeightTerm : Located {
  WeightMethod method = WeightMethod::kGiven;
  std::vector<Identifier> options;  // ahp: eigenvector | approximate | geometric, saaty | alonso
  std::optional<Identifier> by;
  bool across_periods = false;
  std::vector<AhpRow> rows;  // ahp
};
// `weights TERM`, or `weights mean(TERM, TERM, ...)` / `weights product(TERM, TERM, ...)`.
enum class WeightCombination { kSingle, kMean, kProduct };
struct WeightsDecl : Located {
  WeightCombination combination = WeightCombination::kSingle;
  std::vector<WeightTerm> terms;
};

// `remove A, B`: in a variant, drops named nodes, inputs, lets or vetoes of the base.
struct RemoveDecl : Located {
  std::vector<Identifier> names;
};

enum class NodeKind { kGroup, kIndicator };

struct NodeDecl;
struct ChangeDecl;

struct Item
    : x3::variant<InputDecl, LetDecl, x3::forward_ast<NodeDecl>, VetoDecl, RuleDecl, VersionDecl,
                  TotalDecl, MissingDecl, CoverageDecl, GradesDecl, UnitDecl, RemoveDecl,
                  x3::forward_ast<ChangeDecl>, FunctionDecl, AggregateDecl, WeightsDecl> {
  using base_type::base_type;
  using base_type::operator=;
};

struct NodeDecl : Located {
  NodeKind kind = NodeKind::kGroup;
  Identifier name;
  std::optional<std::string> label;
  std::optional<PointsSpec> points;
  std::optional<NumberLit> weight;  // `weight 2`: its weight in a weighted group
  bool cost = false;                // `cost`: a criterion where less is better (TOPSIS)
  std::vector<Item> body;
};

// `change ID ["label"] [points P [normalize]] [= expr] [{ items }]`: in a variant, changes
// a named node of the base (label, points; rules, vetoes and new children in the body) or
// redefines a let (`= expr`).
struct ChangeDecl : Located {
  Identifier name;
  std::optional<std::string> label;
  std::optional<PointsSpec> points;
  std::optional<Expr> value;
  std::vector<Item> body;
};

// `extends ID [from "FILE"]`: the standard this one is a variant of.
struct BaseRef : Located {
  Identifier name;
  std::optional<std::string> path;  // relative to the variant's file
};

struct Standard : Located {
  Identifier name;
  std::optional<std::string> title;
  std::optional<BaseRef> base;  // set for a variant
  std::vector<Item> body;
};

// The node behind a variant alternative, whether or not it is wrapped in forward_ast.
template <typename T>
const T& Unwrap(const T& value) {
  return value;
}
template <typename T>
const T& Unwrap(const x3::forward_ast<T>& value) {
  return value.get();
}

// A comment (`// ...` or `# ...`), kept beside the tree for the formatter: [begin, end) is
// the comment's text without the line break.
struct Comment : Located {};

}  // namespace rubric::ast

#endif  // RUBRIC_GRAMMAR_AST_H_
