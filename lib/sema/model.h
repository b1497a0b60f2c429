// The semantic model: a standard with every name resolved, every type and point total
// checked. Expressions are stored in one arena (`Model::exprs`) and refer to inputs, lets,
// nodes and vetoes by index. Produced by Analyze() (analyzer.h); consumed by lib/graph and
// lib/plan. Nothing here refers to the syntax tree, only to byte spans in the source.
#ifndef RUBRIC_LIB_SEMA_MODEL_H_
#define RUBRIC_LIB_SEMA_MODEL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "rubric/standard.h"
#include "sema/expr_args.h"

namespace rubric::sema {

inline constexpr ExprId kNoExpr = -1;

// kRoot: the standard's value, `total` in an expression (index 0).
enum class SymbolKind { kInput, kLet, kNode, kVeto, kRoot };

struct SymbolRef {
  SymbolKind kind = SymbolKind::kInput;
  int index = -1;
};

enum class Op {
  kConst,        // number
  kRef,          // ref: this row's value
  kPrev,         // ref: the same entity's value in period - 1 (0 / default when absent)
  kMissing,      // ref (an input): 1 when it has no value in this row, else 0
  kMissingPrev,  // ref: 1 when prev(ref) has no value (no usable row, or the input missing)
  kNeg,
  kNot,
  kBool,
  kAbs,
  kSqrt,
  kLn,
  kExp,
  kFloor,
  kCeil,
  kTrunc,  // one argument
  kRound,  // argument x; `number` = the digits d, a whole number (round(x, d))
  kAdd,
  kSub,
  kMul,
  kDiv,
  kPow,  // two arguments
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kAnd,
  kOr,  // two arguments -> 1/0
  kMin,
  kMax,
  kSum,
  kMean,
  kGeomean,  // one or more arguments
  // Weighted means over the present arguments (missing ones are left out and the weights of
  // the others renormalised); `table` holds one positive constant weight per argument (all
  // 1 for hmean). With an empty `table`, the arguments are pairs (value, weight), the
  // weights computed (a weighted group's derived weights): a weight of 0 leaves its value
  // out, and a zero sum of the present weights gives NaN. `number` > 0: the least count of
  // present values (a group's `coverage`), fewer gives missing.
  kWmean,
  kWgeomean,
  kWhmean,     // hmean and whmean
  kIf,         // condition, then, else
  kClamp,      // x, lo, hi
  kLookup,     // argument: an enum value (option index); table: a number per option
  kPiecewise,  // argument x; table: x0, y0, x1, y1, ...
  kCohortMinMax,
  kCohortRank,
  kCohortPercentile,  // one argument
  // Cohort statistics (docs/language.md "Cohort functions"): one argument, `cohort` says
  // the partition. Each gives every row of a cohort the same value except kCohortZscore.
  kCohortMin,
  kCohortMax,
  kCohortSum,
  kCohortCount,
  kCohortMean,
  kCohortSd,
  kCohortMedian,
  kCohortQuantile,  // argument, and `number` = q in [0, 1]
  kCohortZscore,
  kCohortSkew,
  kCohortKurt,
  kWinsorize,  // argument; `winsorize` holds the thresholds
  kImpute,     // argument; `impute` says how a missing value is estimated
  kIsMissing,  // argument: 1 when its value is missing (any expression), else 0
};

// Which rows a cohort function ranges over: the scorable rows of the row's period (or of
// every period) with the same value of the key input (or all of them).
struct CohortSpec {
  int key_input = -1;  // `by KEY`: an enum or text input, or -1
  bool across_periods = false;
};

// `winsorize(e, points P, skew S, kurtosis K)`: COINr's Treat() defaults.
struct WinsorizeSpec {
  int max_points = 5;
  double skew = 2.0;
  double kurtosis = 3.5;
};

enum class ImputeMethod { kConstant, kCohortMean, kCohortMedian, kPrevious };

// `impute(e, METHOD)`; the cohort of kCohortMean and kCohortMedian is the expression's
// `cohort` (its `by` key; never across periods).
struct ImputeSpec {
  ImputeMethod method = ImputeMethod::kConstant;
  double constant = 0;  // kConstant
  int look_back = 0;    // kPrevious: at most this many periods back; 0 = any
};

struct Span {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
};

struct Expr {
  Op op = Op::kConst;
  double number = 0;
  SymbolRef ref;
  ExprArgs args;
  std::vector<double> table;
  Span span;
  std::uint32_t depth = 1;  // 1 + the deepest argument's depth
  CohortSpec cohort;        // cohort functions, winsorize, impute by a cohort
  WinsorizeSpec winsorize;  // kWinsorize
  ImputeSpec impute;        // kImpute
};

// Whether `op` is a cohort function or winsorize: its argument may take `by KEY` and
// `across periods`, and it reads its argument in every row of the cohort.
inline bool IsCohortOp(Op op) {
  switch (op) {
    case Op::kCohortMinMax:
    case Op::kCohortRank:
    case Op::kCohortPercentile:
    case Op::kCohortMin:
    case Op::kCohortMax:
    case Op::kCohortSum:
    case Op::kCohortCount:
    case Op::kCohortMean:
    case Op::kCohortSd:
    case Op::kCohortMedian:
    case Op::kCohortQuantile:
    case Op::kCohortZscore:
    case Op::kCohortSkew:
    case Op::kCohortKurt:
    case Op::kWinsorize:
      return true;
    default:
      return false;
  }
}

// Whether `e` ranges over a cohort of rows: a cohort function, winsorize, or impute by a
// cohort statistic. What its argument reads is read in every row of the cohort.
inline bool IsCohortExpr(const Expr& e) {
  if (IsCohortOp(e.op)) return true;
  return e.op == Op::kImpute && (e.impute.method == ImputeMethod::kCohortMean ||
                                 e.impute.method == ImputeMethod::kCohortMedian);
}

// The deepest expression tree the later stages walk (recursively): a chain `a + b + c ...`
// is a tree one level deeper per operator, so chains count as well as brackets.
inline constexpr std::uint32_t kMaxExprDepth = 1000;

struct Input {
  InputInfo info;
  Span span;
  // `missing impute METHOD [by KEY]`: every reference to the input reads
  // impute(input, METHOD) (the resolver wraps it in a kImpute expression).
  ImputeSpec impute;
  CohortSpec impute_cohort;
};

struct Let {
  std::string id;
  std::string label;
  ExprId expr = kNoExpr;
  Span span;
  bool output = false;  // `output let`: reported beside the nodes
  // When the let is a band with names (`band(x) { high >= 0.7  low otherwise }`), the
  // names, band k (its value) first at k - 1; empty otherwise.
  std::vector<std::string> band_names;
};

// `function NAME (P, ...) = body`: kept for tools that list declarations (rubric diff);
// its calls are expanded into the expressions that use them, so nothing else reads it.
struct Function {
  std::string id;
  std::string label;
  std::vector<std::string> params;
  std::string body;  // the body's text, one line
  Span span;
};

enum class NodeRule {
  kNone,         // an indicator without a rule: 0
  kScore,        // points x clamp(expr, 0, 1)
  kValue,        // expr
  kSumChildren,  // sum of the children's values (scaled when normalize)
};

struct Node {
  NodeInfo info;
  NodeRule rule = NodeRule::kNone;
  ExprId expr = kNoExpr;
  std::optional<double> declared_points;
  bool normalize = false;
  double children_points = 0;  // the sum used by normalize
  // A group's `coverage >= P%`: with fewer than P of its children present, it is missing.
  std::optional<double> children_coverage;
  Span span;
};

// How a weighted group (`aggregate`, `weights`) weighs its children: for `rubric check`
// and explanations. The group's value rule is built from it (lib/sema/weighting.h).
struct GroupWeights {
  int node = -1;
  std::string aggregate;  // "mean", "geomean", "hmean", "topsis by province"
  std::string method;     // "given", "ahp (eigenvector, Saaty 1980)", "entropy by province", ...
  std::vector<int> children;
  // Per child: its weight (normalised to add up to 1) when it is known at compile time, or
  // the let computing it from the data (`weight(CHILD)`), else -1.
  std::vector<double> constant_weights;
  std::vector<int> weight_lets;
  // Derived weights: the let counting the rows they come from (`rows(GROUP)`), else -1.
  int rows_let = -1;
  // AHP only: the principal eigenvalue, consistency index and ratio of each matrix.
  struct Consistency {
    double lambda_max = 0;
    double ci = 0;
    double ri = 0;
    double cr = 0;
  };
  std::vector<Consistency> consistency;
};

struct Veto {
  VetoInfo info;
  ExprId condition = kNoExpr;
  Span span;
};

struct Model {
  std::string id;
  std::string title;
  std::string version;
  std::optional<double> total_points;
  MissingPolicy missing = MissingPolicy::kDefault;
  // `coverage >= P%`: a row with a smaller share of its inputs present is not scorable.
  std::optional<double> coverage;  // a fraction in [0, 1]
  ExprId root_value = kNoExpr;     // kNoExpr: the sum of the top-level nodes
  std::vector<int> top_nodes;

  std::vector<Input> inputs;
  std::vector<Let> lets;
  std::vector<Node> nodes;  // pre-order
  std::vector<Veto> vetoes;
  std::vector<Function> functions;  // in the order declared
  std::vector<GroupWeights> weighted_groups;
  std::vector<GradeInfo> grades;
  double grade_tolerance = 1e-9;

  std::vector<Expr> exprs;

  const Expr& expr(ExprId id) const { return exprs[static_cast<std::size_t>(id)]; }
};

// A band's edges are met within this much, in the value's favour (as grades are).
inline constexpr double kBandTolerance = 1e-9;

// The display name of a symbol ("p1_1_1").
const std::string& SymbolName(const Model& model, SymbolRef ref);

}  // namespace rubric::sema

#endif  // RUBRIC_LIB_SEMA_MODEL_H_
