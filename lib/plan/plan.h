// The compiled plan: an immutable, flat program that evaluates a model over rows.
//
// Values live in numbered slots (one column of doubles per slot): inputs first, then every
// computed value (lets, nodes, vetoes, the total) and the hoisted arguments, memberships and
// results of cohort functions. A cohort function inside another one's argument is computed
// first, into a slot of its own that the outer argument reads, as if it were a let. The plan is a
// list of kernels in topological order. A row kernel runs a short register program for a block of
// rows at a time; a cohort kernel computes a cohort function (min-max, rank) for every period from
// one slot into another. The evaluator (lib/eval) never sees names or the syntax tree: only these
// arrays.
#ifndef RUBRIC_LIB_PLAN_PLAN_H_
#define RUBRIC_LIB_PLAN_PLAN_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "graph/dependency_graph.h"
#include "rubric/diagnostic.h"
#include "sema/model.h"

namespace rubric::plan {

enum class Code : std::uint8_t {
  kConst,       // r[dst] = the constant at Plan::constant_pool[table * kBlockRows]
  kLoad,        // r[dst] = slot[a][row]
  kPrev,        // r[dst] = slot[a][prev row], or 0 when there is no usable previous row
  kPrevAbsent,  // r[dst] = 1 when there is no usable previous row, else 0
  kNeg,
  kNot,
  kBool,
  kAbs,
  kSqrt,
  kLn,
  kExp,
  kFloor,
  kCeil,
  kTrunc,  // r[dst] = f(r[a])
  kRound,  // r[dst] = util::RoundDecimal(r[a], r[b]) (r[b]: the digits, a whole constant)
  kAdd,
  kSub,
  kMul,
  kDiv,
  kPow,
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kAnd,
  kOr,  // f(r[a], r[b])
  kMin,
  kMax,        // f(r[a], r[b])
  kSelect,     // r[dst] = r[a] != 0 ? r[b] : r[c]
  kClamp,      // r[dst] = min(max(r[a], r[b]), r[c])
  kLookup,     // r[dst] = tables[table + r[a]] (0 outside [0, size))
  kPiecewise,  // r[dst] = piecewise(r[a]) over knots tables[table .. table + 2 * size)
  kIsMissing,  // r[dst] = 1 when r[a] is the missing value, else 0
};

struct Instr {
  Code code = Code::kConst;
  std::uint32_t dst = 0;
  std::uint32_t a = 0;
  std::uint32_t b = 0;
  std::uint32_t c = 0;
  std::uint32_t table = 0;  // offset into Plan::tables
  std::uint32_t size = 0;   // table entries (lookup) or knots (piecewise)
  // An operand may be missing (rubric/missing.h): after computing, the evaluator makes the
  // result missing where an operand is (docs/language.md: arithmetic, comparisons and
  // functions propagate it; `and`/`or` are three-valued; `if` on a missing condition is
  // missing). Instructions whose operands can never be missing skip that pass.
  bool propagates_missing = false;
};

// "No such slot / kernel / register".
inline constexpr std::uint32_t kNone = 0xFFFFFFFFu;

enum class KernelKind : std::uint8_t {
  kRow,
  // Cohort functions (docs/language.md): per-row scores against the cohort ...
  kCohortMinMax,
  kCohortRank,
  kCohortPercentile,
  kCohortZscore,
  kWinsorize,
  // ... one statistic of the cohort, the same for every member ...
  kCohortMin,
  kCohortMax,
  kCohortSum,
  kCohortCount,
  kCohortMean,
  kCohortSd,
  kCohortMedian,
  kCohortQuantile,
  kCohortSkew,
  kCohortKurt,
  // ... or the argument where present, else the mean or median of the cohort's present
  // values (missing rows are members of these cohorts, left out of the statistic) ...
  kImputeMean,
  kImputeMedian,
  // ... or the argument where present, else its latest present value among the entity's
  // previous periods (`parameter` periods back at most; 0: any) ...
  kImputePrevious,
  // ... or the argument where present, else `parameter`. (A kernel of its own, though it
  // reads only its row, so that imputed values can be listed like the others.)
  kImputeConstant,
};

struct Kernel {
  KernelKind kind = KernelKind::kRow;
  std::uint32_t dst_slot = 0;
  // kRow: instructions [first_instr, first_instr + instr_count), result in `result` register.
  std::uint32_t first_instr = 0;
  std::uint32_t instr_count = 0;
  std::uint32_t register_count = 0;
  std::uint32_t result = 0;
  // Cohort kernels: the slot holding the function's argument. The members of a cohort are
  // its scorable rows whose argument is not missing; the others get the missing value
  // (rows that are not scorable get 0, and no result is read from them).
  std::uint32_t src_slot = 0;
  // `by KEY`: a computed slot holding the key input's value, or the missing value where it
  // has none (such a row takes no part), or kNone; `across periods`: one cohort for every
  // period. Computed, like the argument, so that it changes only when kernels run.
  std::uint32_t key_slot = kNone;
  std::uint32_t key_input = kNone;  // the key input (for explanations)
  bool across_periods = false;
  // kCohortQuantile: q; kImputePrevious: the look-back; kImputeConstant: the value;
  // kWinsorize: the points limit.
  double parameter = 0;
  double skew_limit = 0;      // kWinsorize
  double kurtosis_limit = 0;  // kWinsorize
};

// Rows evaluated together by full evaluation; the constant pool holds blocks of this size.
inline constexpr std::size_t kBlockRows = 128;

struct Plan {
  std::uint32_t slot_count = 0;
  std::uint32_t input_count = 0;  // slots [0, input_count) are the inputs
  std::vector<Kernel> kernels;    // in evaluation order
  std::vector<Instr> instrs;
  std::vector<double> tables;
  // Every distinct constant, repeated kBlockRows times (constant `i` at i * kBlockRows), so
  // that instructions read constants like any other operand, without filling registers.
  std::vector<double> constant_pool;
  std::uint32_t max_registers = 0;

  // Where results are.
  std::vector<std::uint32_t> node_slots;  // per model node
  std::vector<std::uint32_t> veto_slots;  // per veto (1 when it fired)
  std::vector<std::uint32_t> let_slots;   // per let
  std::uint32_t total_slot = 0;

  // Who reads each slot, for incremental evaluation (kernel indices, ascending).
  std::vector<std::vector<std::uint32_t>> slot_readers;         // in the same row
  std::vector<std::vector<std::uint32_t>> slot_prev_readers;    // through prev(): next period
  std::vector<std::vector<std::uint32_t>> slot_cohort_readers;  // cohort kernels over the slot
  // (its argument or its membership)
  std::vector<std::uint32_t> prev_kernels;    // kernels that read any slot through prev()
  std::vector<std::uint32_t> row_kernels;     // every row kernel
  std::vector<std::uint32_t> kernel_of_slot;  // the kernel writing a computed slot

  // Recurrences (values reading each other through prev()): row kernels [first, last) that
  // must run period after period, each row after the entity's previous one.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> recurrences;

  // Presence flags (1 present, 0 absent) of the inputs whose policy is `exclude` or that
  // missing() tests.
  std::vector<std::uint32_t> input_presence_slot;  // per input; kNone when not needed
  // Slots whose value may be missing (a static over-approximation), per slot.
  std::vector<std::uint8_t> slot_may_be_missing;

  // For explanations.
  std::vector<std::uint32_t> expr_cohort_kernel;   // per model expression: its cohort kernel
  std::vector<sema::ExprId> kernel_expr;           // per kernel: the expression of a cohort kernel
  std::vector<std::uint32_t> node_score_register;  // per node: the raw score's register
};

// Lowers a checked model to a plan, following the graph's evaluation order.
Plan BuildPlan(const sema::Model& model, const graph::DependencyGraph& graph);

}  // namespace rubric::plan

#endif  // RUBRIC_LIB_PLAN_PLAN_H_
