// Full evaluation of a cohort kernel shared between the threads of EvaluateAll.
//
// Three phases, separated by barriers, give the same results as RunCohortKernelFully bit
// for bit: (1) each thread gathers the members of its own rows, cohort by cohort, and
// writes the results of the rows that take no part; (2) each cohort's members are joined in
// thread order, which is row order as in the one-thread gathering, then sorted when the
// kernel reads them in order and summarised, each cohort by one thread; (3) every member is
// scored: for kernels that read only the summary, each thread scores its own rows; for
// those that read the members in order, each thread a slice of each cohort.
#include <algorithm>
#include <barrier>

#include "eval/engine.h"
#include "rubric/missing.h"

namespace rubric::eval {

bool Engine::SharesCohortKernel(std::uint32_t k) const {
  const plan::Kernel& kernel = plan_.kernels[k];
  // impute(e, previous | NUMBER) reads one entity's rows only; keyed cohorts are numbered
  // as they are met, which only one thread may do.
  return kernel.kind == plan::KernelKind::kImputePrevious ||
         kernel.kind == plan::KernelKind::kImputeConstant || kernel.key_slot == plan::kNone;
}

void Engine::RunCohortKernelShare(std::uint32_t k, const RowLinks& links, double* const* columns,
                                  unsigned t, unsigned threads, std::size_t first, std::size_t last,
                                  std::barrier<>& sync) {
  const plan::Kernel& kernel = plan_.kernels[k];
  const double* src = columns[kernel.src_slot];
  double* dst = columns[kernel.dst_slot];
  if (kernel.kind == plan::KernelKind::kImputePrevious ||
      kernel.kind == plan::KernelKind::kImputeConstant) {
    for (std::size_t row = first; row < last; ++row) {
      dst[row] = ImputedInRow(kernel, static_cast<std::uint32_t>(row), links, columns);
    }
    return;
  }
  const std::size_t groups = kernel.across_periods ? 1 : links.period_count;
  const bool imputes = MissingRowsAreMembers(kernel.kind);
  const bool order = NeedsOrder(kernel.kind);

  // (1) This thread's rows, by cohort.
  std::vector<std::vector<CohortEntry>>& mine = shares_[t];
  mine.resize(groups);
  for (auto& members : mine) members.clear();
  for (std::size_t row = first; row < last; ++row) {
    const double value = src[row];
    const auto r = static_cast<std::uint32_t>(row);
    if (links.scorable[row] == 0 || (!imputes && IsMissing(value))) {
      dst[row] = OutsideValue(kernel, r, links, columns);
      continue;
    }
    mine[kernel.across_periods ? 0 : links.period_of[row]].emplace_back(value, r);
  }
  if (t == 0) {
    joined_.resize(groups);
    summaries_.resize(groups);
  }
  sync.arrive_and_wait();

  // (2) Each cohort joined, sorted and summarised by one thread.
  for (std::size_t g = t; g < groups; g += threads) {
    std::vector<CohortEntry>& members = joined_[g];
    members.clear();
    for (unsigned from = 0; from < threads; ++from) {
      members.insert(members.end(), shares_[from][g].begin(), shares_[from][g].end());
    }
    if (members.empty()) continue;
    if (order) SortCohort(members);
    summaries_[g] = eval::Summarize(kernel, members, AggregatesOf(kernel, members), order);
  }
  sync.arrive_and_wait();

  // (3) Every member scored.
  for (std::size_t g = 0; g < groups; ++g) {
    const std::vector<CohortEntry>& members = joined_[g];
    if (members.empty()) continue;
    if (order) {
      const std::size_t begin = t * members.size() / threads;
      const std::size_t end = (t + 1) * members.size() / threads;
      for (std::size_t i = begin; i < end; ++i) {
        dst[members[i].second] = ScoreMember(kernel, summaries_[g], members, members[i].first);
      }
    } else {
      for (const CohortEntry& e : mine[g]) {
        dst[e.second] = ScoreMember(kernel, summaries_[g], members, e.first);
      }
    }
  }
}

}  // namespace rubric::eval
