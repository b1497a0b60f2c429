// Full and incremental evaluation of a plan over a session's columns.
//
// Full evaluation runs every kernel over every row, column-wise in blocks. Incremental
// evaluation propagates changes: an edited input marks the kernels that read it dirty for
// that row (and, through prev(), for the entity's next period); a kernel whose result really
// changes (bit for bit) marks its own readers; kernels run in topological order, once each.
// Cohort functions keep, per period, the sorted values of their argument (order statistics),
// so an edit costs O(log n) plus the rows whose result really changes: for min-max every row
// of the period only when the minimum or maximum moves; for ranks the rows whose value lies
// between the old and the new value. A cohort's members are the scorable rows of the period
// that take part (the kernel's membership slot, when it has one, is 1); each cohort kernel
// remembers which rows it holds, so a row joins or leaves as its membership changes.
//
// Reading one row need not wait for a whole period: when a cohort function's result may
// change for many rows (a rank moves, the minimum or maximum of a min-max moves), and no
// other cohort function and no prev() depends on it, FlushRow() recomputes those rows only
// when they are read. Such a (kernel, period) is marked stale with an epoch; a row of it is
// current when it was computed at or after that epoch. Flush() brings every row up to date.
#ifndef RUBRIC_LIB_EVAL_ENGINE_H_
#define RUBRIC_LIB_EVAL_ENGINE_H_

#include <barrier>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "eval/cohort_scoring.h"
#include "eval/evaluator.h"
#include "plan/plan.h"

namespace rubric::eval {

// The result of a row that takes no part in cohort kernel `kernel`'s cohorts: missing (an
// imputation keeps a present argument: "e where present"), or 0 for a row that is not
// scorable (whose results nobody reads).
double OutsideValue(const plan::Kernel& kernel, std::uint32_t row, const RowLinks& links,
                    double* const* columns);

class Engine {
 public:
  explicit Engine(const plan::Plan& plan);

  // Evaluates everything from scratch; afterwards nothing is pending.
  // With threads > 1, each row kernel's rows are split between the threads, which meet at
  // a barrier after every segment; cohort kernels without `by` are shared too (each thread
  // gathers its rows, each cohort is summarised by one thread, each thread scores its share,
  // engine_parallel.cc); keyed cohort kernels and recurrences run on one thread. The
  // arithmetic per row and the order of every cohort's members are the same, so results
  // are identical, bit for bit, for any thread count.
  void EvaluateAll(const RowLinks& links, double* const* columns, std::size_t row_count,
                   unsigned threads = 1);

  // ---- Incremental: record what changed, then Flush(). ----
  // Input slot `slot` of `row` has a new value.
  void InputChanged(std::uint32_t slot, std::uint32_t row, const RowLinks& links);
  // A row was added (every kernel must run for it).
  void RowAdded(std::uint32_t row, const RowLinks& links);
  // A row's membership in its cohort may have changed (removed, or its scorability changed);
  // also re-runs prev() readers in the entity's next period.
  void MembershipChanged(std::uint32_t row, const RowLinks& links);

  // Brings every value up to date. Requires a previous EvaluateAll().
  void Flush(const RowLinks& links, double* const* columns, std::size_t row_count);
  // Brings the values of `row` up to date; other rows may stay stale (see above).
  void FlushRow(std::uint32_t row, const RowLinks& links, double* const* columns,
                std::size_t row_count);
  bool pending() const {
    return pending_count_ > 0 || !membership_changes_.empty() || stale_kernels_ > 0;
  }
  bool pending(std::uint32_t row, const RowLinks& links) const {
    return pending_count_ > 0 || !membership_changes_.empty() ||
           (stale_kernels_ > 0 && Stale(row, links));
  }

  // The cohort of `row` under cohort kernel `k`, for explanations: in O(log n) from the
  // order statistics (built on first use). Requires that nothing is pending.
  struct CohortView {
    std::size_t size = 0;     // members of the row's cohort
    bool takes_part = false;  // the row is one of them
    bool has_key = true;      // the row has a value of the cohort's key (`by`)
    std::size_t greater = 0;  // members with a strictly greater argument
    std::size_t below = 0;    // members with a strictly smaller argument
    CohortSummary summary;    // the cohort's statistics (cohort_scoring.h)
  };
  CohortView Summarize(std::uint32_t k, std::uint32_t row, const RowLinks& links,
                       double* const* columns, std::size_t row_count);

  // Kernel runs for one row (or one cohort value) since construction.
  std::uint64_t ops() const { return ops_; }

  // Bytes of per-row state the engine holds on the heap (dirty lists, cohort states,
  // scratch), counted by capacity; the plan is not counted.
  std::size_t memory_bytes() const;

 private:
  // One cohort of a cohort kernel: the sorted (value, row) pairs of its members, and their
  // summary (kept current for kernels whose results depend on it).
  struct GroupState {
    std::vector<CohortEntry> sorted;
    CohortAggregates aggregates;
    CohortSummary summary;
  };
  // A cohort kernel's cohorts. Without `by` and `across periods`, cohort g is period g;
  // otherwise cohorts are numbered as they are met, `group_index` mapping (period, or 0
  // across periods; the key's bits) to the number.
  struct CohortState {
    std::vector<GroupState> groups;
    absl::flat_hash_map<std::pair<std::uint32_t, std::uint64_t>, std::uint32_t> group_index;
    std::vector<double> value;         // per row: the value held in `sorted` (members only)
    std::vector<std::uint8_t> member;  // per row: held in `sorted` (takes part)
    std::vector<std::uint32_t> group;  // per row: the cohort it is held in (members only)
    // Lazy results (deferrable kernels only): per cohort the epoch since which its rows'
    // results may be stale (0: none are), per row the epoch its result was computed at.
    std::vector<std::uint64_t> stale_since;
    std::vector<std::uint64_t> computed_at;
    std::size_t stale_periods = 0;  // cohorts with stale rows
  };

  // Runs the dirty rows of every kernel in order; `lazy` lets deferrable cohort kernels
  // leave the rows they did not have to touch stale.
  void RunPending(const RowLinks& links, double* const* columns, std::size_t row_count, bool lazy);
  bool Stale(std::uint32_t row, const RowLinks& links) const;
  bool StaleIn(std::uint32_t k, std::uint32_t row, const RowLinks& links) const;
  double CohortResult(std::uint32_t k, std::uint32_t row, const RowLinks& links,
                      double* const* columns) const;
  void MarkStale(std::uint32_t k, std::uint32_t group);
  // The cohort `row` belongs to under kernel `k` (created when new), or kNone when the row
  // has no key; FindGroup does not create one.
  std::uint32_t GroupOf(std::uint32_t k, std::uint32_t row, const RowLinks& links,
                        double* const* columns);
  void AddGroups(std::uint32_t k, std::size_t count);  // empty cohorts at the end
  std::uint32_t FindGroup(std::uint32_t k, std::uint32_t row, const RowLinks& links,
                          double* const* columns) const;
  bool TakesPart(std::uint32_t k, std::uint32_t row, const RowLinks& links,
                 double* const* columns) const;
  // TakesPart but for scorability: a key (with `by`), and an argument that is not missing
  // (unless the kernel imputes it).
  bool Eligible(std::uint32_t k, std::uint32_t row, double* const* columns) const;
  // impute(e, previous) and impute(e, NUMBER): the argument, or the entity's latest
  // present one, or the number.
  double ImputedInRow(const plan::Kernel& kernel, std::uint32_t row, const RowLinks& links,
                      double* const* columns) const;
  void RunImputeInRowIncrementally(std::uint32_t k, const RowLinks& links, double* const* columns);
  void ResolveStale(std::uint32_t k, const RowLinks& links, double* const* columns);
  void MarkDirty(std::uint32_t kernel, std::uint32_t row);
  void Propagate(std::uint32_t slot, std::uint32_t row, const RowLinks& links);
  void RunRowKernelIncrementally(std::uint32_t k, const RowLinks& links, double* const* columns);
  void RunCohortKernelIncrementally(std::uint32_t k, const RowLinks& links, double* const* columns,
                                    bool lazy);
  // A recurrence's row kernels [first, last): every row after the entity's previous one.
  void RunRecurrenceFully(std::uint32_t first, std::uint32_t last, const RowLinks& links,
                          double* const* columns, std::size_t row_count, double* registers,
                          const double** operands);
  void RunRecurrenceIncrementally(std::uint32_t first, std::uint32_t last, const RowLinks& links,
                                  double* const* columns);
  void RunCohortKernelFully(std::uint32_t k, const RowLinks& links, double* const* columns,
                            std::size_t row_count);
  // Whether all threads can share cohort kernel `k` in EvaluateAll (engine_parallel.cc).
  bool SharesCohortKernel(std::uint32_t k) const;
  // Thread `t` of `threads`'s part of cohort kernel `k`, its own rows [first, last).
  void RunCohortKernelShare(std::uint32_t k, const RowLinks& links, double* const* columns,
                            unsigned t, unsigned threads, std::size_t first, std::size_t last,
                            std::barrier<>& sync);
  void BuildCohortStates(const RowLinks& links, double* const* columns, std::size_t row_count);
  void StoreCohortValue(std::uint32_t k, std::uint32_t row, double value, const RowLinks& links,
                        double* const* columns);

  const plan::Plan& plan_;
  std::vector<std::vector<std::uint32_t>> dirty_rows_;  // per kernel
  std::size_t pending_count_ = 0;
  std::uint32_t first_pending_ = 0;
  std::vector<std::uint32_t> membership_changes_;
  std::vector<std::uint8_t> member_;        // per row: scorable when the states were updated
  std::vector<CohortState> cohort_states_;  // per kernel (empty for row kernels)
  std::vector<std::uint8_t> deferrable_;    // per kernel: may leave rows stale
  std::vector<std::uint32_t> deferrable_kernels_;
  std::vector<std::uint32_t> recurrence_end_;  // per kernel: the end of its recurrence, or kNone
  std::uint64_t epoch_ = 0;
  std::size_t stale_kernels_ = 0;  // deferrable kernels with a stale period
  bool states_built_ = false;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> segments_;  // for EvaluateAll
  std::vector<double> registers_;
  std::vector<std::pair<std::vector<CohortEntry>::const_iterator,
                        std::vector<CohortEntry>::const_iterator>>
      ranges_;  // scratch for RunCohortKernelIncrementally
  std::vector<const double*> operands_;
  // Scratch of RunCohortKernelShare: per thread, its rows' members by cohort; per cohort,
  // the members of all threads and their summary. Emptied after EvaluateAll.
  std::vector<std::vector<std::vector<CohortEntry>>> shares_;
  std::vector<std::vector<CohortEntry>> joined_;
  std::vector<CohortSummary> summaries_;
  std::uint64_t ops_ = 0;
};

}  // namespace rubric::eval

#endif  // RUBRIC_LIB_EVAL_ENGINE_H_
