#include "eval/engine.h"

#include <algorithm>
#include <barrier>
#include <cmath>
#include <cstring>
#include <thread>

#include "rubric/missing.h"

namespace rubric::eval {
namespace {

using plan::kBlockRows;

// A cohort edit that changes the results of at most this many other rows recomputes them
// at once, even when it could leave them stale.
constexpr std::size_t kEagerRows = 16;

bool SameBits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

using Entry = std::pair<double, std::uint32_t>;

bool EntryLess(const Entry& a, const Entry& b) {
  if (CohortLess(a.first, b.first)) return true;
  if (CohortLess(b.first, a.first)) return false;
  return a.second < b.second;
}

// Whether `row` takes part in the cohort of a cohort kernel: it is scorable, and its
// argument is not missing.
bool TakesPart(const plan::Kernel& kernel, std::uint32_t row, const RowLinks& links,
               double* const* columns) {
  return links.scorable[row] != 0 && !IsMissing(columns[kernel.src_slot][row]);
}

// The result of a row that takes no part: missing, or 0 for a row that is not scorable
// (whose results nobody reads).
double OutsideValue(std::uint32_t row, const RowLinks& links) {
  return links.scorable[row] != 0 ? MissingValue() : 0.0;
}

// The smallest and largest non-NaN values of a sorted period (NaN sorts first).
bool Extremes(const std::vector<Entry>& sorted, double* lo, double* hi) {
  auto first = std::find_if(sorted.begin(), sorted.end(),
                            [](const Entry& e) { return !std::isnan(e.first); });
  if (first == sorted.end()) return false;
  *lo = CanonicalZero(first->first);
  *hi = CanonicalZero(sorted.back().first);
  return true;
}

// Number of entries whose value is strictly smaller than `value`.
std::size_t CountSmaller(const std::vector<Entry>& sorted, double value) {
  auto it = std::lower_bound(sorted.begin(), sorted.end(), value,
                             [](const Entry& e, double v) { return CohortLess(e.first, v); });
  return static_cast<std::size_t>(it - sorted.begin());
}

// Number of entries whose value is strictly greater than `value`.
std::size_t CountGreater(const std::vector<Entry>& sorted, double value) {
  auto it = std::upper_bound(sorted.begin(), sorted.end(), value,
                             [](double v, const Entry& e) { return CohortLess(v, e.first); });
  return static_cast<std::size_t>(sorted.end() - it);
}

// Scores values against one period of a cohort kernel's sorted state.
class PeriodScorer {
 public:
  PeriodScorer(plan::KernelKind kind, const std::vector<Entry>& sorted)
      : kind_(kind), sorted_(sorted) {
    if (kind == plan::KernelKind::kCohortMinMax) Extremes(sorted, &lo_, &hi_);
  }
  double operator()(double value) const {
    switch (kind_) {
      case plan::KernelKind::kCohortMinMax:
        return MinMaxScore(value, lo_, hi_);
      case plan::KernelKind::kCohortRank:
        return RankScore(CountGreater(sorted_, value), sorted_.size());
      default:
        return PercentileScore(CountSmaller(sorted_, value), sorted_.size());
    }
  }

 private:
  plan::KernelKind kind_;
  const std::vector<Entry>& sorted_;
  double lo_ = 0, hi_ = 0;
};

// The cohort kernels that may leave rows stale: those on which no other cohort function and
// no prev() depends, so that a row's results never need another row's stale result. Kernels
// are in topological order, so one backward pass finds, for every kernel, whether anything
// downstream of it reads other rows.
std::vector<std::uint8_t> DeferrableKernels(const plan::Plan& plan) {
  std::vector<std::uint8_t> reaches_other_rows(plan.kernels.size(), 0);
  std::vector<std::uint8_t> deferrable(plan.kernels.size(), 0);
  for (std::size_t k = plan.kernels.size(); k-- > 0;) {
    const std::uint32_t slot = plan.kernels[k].dst_slot;
    bool reaches = !plan.slot_prev_readers[slot].empty() || !plan.slot_cohort_readers[slot].empty();
    for (std::uint32_t reader : plan.slot_readers[slot])
      reaches = reaches || reaches_other_rows[reader];
    reaches_other_rows[k] = reaches ? 1 : 0;
    deferrable[k] = plan.kernels[k].kind != plan::KernelKind::kRow && !reaches ? 1 : 0;
  }
  return deferrable;
}

// Splits the kernels into segments that full evaluation can run block by block: runs of
// row kernels that only read other rows' values computed before the run (a kernel that
// reads, through prev(), a slot written inside the run starts a new one), and each cohort
// kernel alone.
std::vector<std::pair<std::uint32_t, std::uint32_t>> Segments(const plan::Plan& plan) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> segments;
  const auto count = static_cast<std::uint32_t>(plan.kernels.size());
  std::uint32_t start = 0;
  std::size_t recurrence = 0;  // the next one, in kernel order
  for (std::uint32_t k = 0; k < count; ++k) {
    if (recurrence < plan.recurrences.size() && plan.recurrences[recurrence].first == k) {
      // A recurrence is a segment of its own, run period after period.
      const auto [first, last] = plan.recurrences[recurrence++];
      if (first > start) segments.emplace_back(start, first);
      segments.emplace_back(first, last);
      start = last;
      k = last - 1;
      continue;
    }
    const plan::Kernel& kernel = plan.kernels[k];
    bool split = kernel.kind != plan::KernelKind::kRow;
    for (std::uint32_t i = 0; !split && i < kernel.instr_count; ++i) {
      const plan::Instr& instr = plan.instrs[kernel.first_instr + i];
      if (instr.code != plan::Code::kPrev) continue;
      const std::uint32_t writer = plan.kernel_of_slot[instr.a];
      split = writer != plan::kNone && writer >= start;
    }
    if (split && k > start) segments.emplace_back(start, k);
    if (kernel.kind != plan::KernelKind::kRow) {
      segments.emplace_back(k, k + 1);
      start = k + 1;
    } else if (split) {
      start = k;
    }
  }
  if (start < count) segments.emplace_back(start, count);
  return segments;
}

// Rows ordered so that each comes after the entity's previous one: by the number of
// previous periods the entity has without a gap (heads of chains first).
std::vector<std::vector<std::uint32_t>> RowsByChainDepth(const RowLinks& links,
                                                         std::size_t row_count) {
  std::vector<std::vector<std::uint32_t>> levels;
  for (std::size_t head = 0; head < row_count; ++head) {
    if (links.prev_row[head] >= 0) continue;
    std::size_t depth = 0;
    for (std::int64_t row = static_cast<std::int64_t>(head); row >= 0;
         row = links.next_row[static_cast<std::size_t>(row)]) {
      if (levels.size() <= depth) levels.emplace_back();
      levels[depth++].push_back(static_cast<std::uint32_t>(row));
    }
  }
  for (auto& rows : levels) std::sort(rows.begin(), rows.end());
  return levels;
}

}  // namespace

Engine::Engine(const plan::Plan& plan)
    : plan_(plan),
      dirty_rows_(plan.kernels.size()),
      first_pending_(static_cast<std::uint32_t>(plan.kernels.size())),
      cohort_states_(plan.kernels.size()),
      deferrable_(DeferrableKernels(plan)),
      segments_(Segments(plan)),
      registers_(std::max<std::size_t>(1, plan.max_registers)),
      operands_(std::max<std::size_t>(1, plan.max_registers)) {
  for (std::uint32_t k = 0; k < deferrable_.size(); ++k) {
    if (deferrable_[k]) deferrable_kernels_.push_back(k);
  }
  recurrence_end_.assign(plan.kernels.size(), plan::kNone);
  for (const auto& [first, last] : plan.recurrences) {
    for (std::uint32_t k = first; k < last; ++k) recurrence_end_[k] = last;
  }
}

void Engine::EvaluateAll(const RowLinks& links, double* const* columns, std::size_t row_count,
                         unsigned threads) {
  const std::size_t blocks = (row_count + kBlockRows - 1) / kBlockRows;
  threads = static_cast<unsigned>(std::max<std::size_t>(1, std::min<std::size_t>(threads, blocks)));
  // Thread t evaluates blocks [t * blocks / threads, (t + 1) * blocks / threads).
  auto work = [&](unsigned t, std::barrier<>* sync) {
    std::vector<double> registers(static_cast<std::size_t>(plan_.max_registers) * kBlockRows);
    std::vector<const double*> operands(std::max<std::size_t>(1, plan_.max_registers));
    const std::size_t first = t * blocks / threads * kBlockRows;
    const std::size_t last = std::min(row_count, (t + 1) * blocks / threads * kBlockRows);
    for (const auto& [segment_begin, segment_end] : segments_) {
      const plan::Kernel& head = plan_.kernels[segment_begin];
      if (head.kind != plan::KernelKind::kRow) {
        if (t == 0) RunCohortKernelFully(head, links, columns, row_count);
      } else if (recurrence_end_[segment_begin] != plan::kNone) {
        if (t == 0) {
          RunRecurrenceFully(segment_begin, segment_end, links, columns, row_count,
                             registers.data(), operands.data());
        }
      } else {
        // Each block of rows goes through the whole segment while it is in cache.
        for (std::size_t begin = first; begin < last; begin += kBlockRows) {
          const std::size_t end = std::min(last, begin + kBlockRows);
          for (std::uint32_t k = segment_begin; k < segment_end; ++k) {
            RunRowKernel(plan_, plan_.kernels[k], links, columns, begin, end, registers.data(),
                         operands.data());
          }
        }
      }
      if (sync != nullptr) sync->arrive_and_wait();  // prev() and cohorts read other rows
    }
  };
  if (threads == 1) {
    work(0, nullptr);
  } else {
    std::barrier<> sync(static_cast<std::ptrdiff_t>(threads));
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, t, &sync);
    work(0, &sync);
    for (std::thread& thread : pool) thread.join();
  }
  ops_ += row_count * plan_.kernels.size();
  for (auto& rows : dirty_rows_) rows.clear();
  pending_count_ = 0;
  first_pending_ = static_cast<std::uint32_t>(plan_.kernels.size());
  membership_changes_.clear();
  member_.assign(links.scorable.begin(), links.scorable.begin() + row_count);
  states_built_ = false;
  stale_kernels_ = 0;
}

void Engine::RunCohortKernelFully(const plan::Kernel& kernel, const RowLinks& links,
                                  double* const* columns, std::size_t row_count) {
  const double* src = columns[kernel.src_slot];
  double* dst = columns[kernel.dst_slot];
  std::vector<std::vector<Entry>> periods(links.period_count);
  for (std::size_t row = 0; row < row_count; ++row) {
    dst[row] = OutsideValue(static_cast<std::uint32_t>(row), links);
    if (TakesPart(kernel, static_cast<std::uint32_t>(row), links, columns)) {
      periods[links.period_of[row]].emplace_back(src[row], static_cast<std::uint32_t>(row));
    }
  }
  for (std::vector<Entry>& members : periods) {
    if (members.empty()) continue;
    if (kernel.kind == plan::KernelKind::kCohortMinMax) {
      bool any = false;
      double lo = 0, hi = 0;
      for (const Entry& e : members) {
        if (std::isnan(e.first)) continue;
        const double v = CanonicalZero(e.first);
        lo = !any || v < lo ? v : lo;
        hi = !any || v > hi ? v : hi;
        any = true;
      }
      for (const Entry& e : members) dst[e.second] = MinMaxScore(e.first, lo, hi);
      continue;
    }
    std::sort(members.begin(), members.end(), EntryLess);
    const bool rank = kernel.kind == plan::KernelKind::kCohortRank;
    for (const Entry& e : members) {
      dst[e.second] = rank ? RankScore(CountGreater(members, e.first), members.size())
                           : PercentileScore(CountSmaller(members, e.first), members.size());
    }
  }
}

void Engine::RunRecurrenceFully(std::uint32_t first, std::uint32_t last, const RowLinks& links,
                                double* const* columns, std::size_t row_count, double* registers,
                                const double** operands) {
  for (const std::vector<std::uint32_t>& rows : RowsByChainDepth(links, row_count)) {
    // Runs of consecutive rows go together, a block at most.
    for (std::size_t begin = 0; begin < rows.size();) {
      std::size_t end = begin + 1;
      while (end < rows.size() && end - begin < kBlockRows && rows[end] == rows[end - 1] + 1) {
        ++end;
      }
      for (std::uint32_t k = first; k < last; ++k) {
        RunRowKernel(plan_, plan_.kernels[k], links, columns, rows[begin], rows[end - 1] + 1,
                     registers, operands);
      }
      begin = end;
    }
  }
}

void Engine::RunRecurrenceIncrementally(std::uint32_t first, std::uint32_t last,
                                        const RowLinks& links, double* const* columns) {
  // Rounds until nothing changes: a change reaches the entity's next period through prev(),
  // which the next round recomputes. Every row ends computed from final values.
  std::vector<std::uint32_t> rows;
  for (bool again = true; again;) {
    again = false;
    for (std::uint32_t k = first; k < last; ++k) {
      if (dirty_rows_[k].empty()) continue;
      rows.swap(dirty_rows_[k]);
      --pending_count_;
      std::sort(rows.begin(), rows.end());
      rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
      const plan::Kernel& kernel = plan_.kernels[k];
      double* dst = columns[kernel.dst_slot];
      for (std::uint32_t row : rows) {
        const double old = dst[row];
        RunRowKernel(plan_, kernel, links, columns, row, row + 1, registers_.data(),
                     operands_.data());
        ++ops_;
        if (!SameBits(old, dst[row])) Propagate(kernel.dst_slot, row, links);
      }
      rows.clear();
      again = true;
    }
  }
}

void Engine::MarkDirty(std::uint32_t kernel, std::uint32_t row) {
  std::vector<std::uint32_t>& rows = dirty_rows_[kernel];
  if (rows.empty()) {
    ++pending_count_;
    first_pending_ = std::min(first_pending_, kernel);
  }
  rows.push_back(row);
}

void Engine::Propagate(std::uint32_t slot, std::uint32_t row, const RowLinks& links) {
  for (std::uint32_t k : plan_.slot_readers[slot]) MarkDirty(k, row);
  for (std::uint32_t k : plan_.slot_cohort_readers[slot]) MarkDirty(k, row);
  const std::int64_t next = links.next_row[row];
  if (next >= 0) {
    for (std::uint32_t k : plan_.slot_prev_readers[slot]) {
      MarkDirty(k, static_cast<std::uint32_t>(next));
    }
  }
}

void Engine::InputChanged(std::uint32_t slot, std::uint32_t row, const RowLinks& links) {
  Propagate(slot, row, links);
}

void Engine::RowAdded(std::uint32_t row, const RowLinks& links) {
  if (member_.size() <= row) member_.resize(row + 1, 0);
  for (std::uint32_t k : plan_.row_kernels) MarkDirty(k, row);
  MembershipChanged(row, links);
}

void Engine::MembershipChanged(std::uint32_t row, const RowLinks& links) {
  membership_changes_.push_back(row);
  const std::int64_t next = links.next_row[row];
  if (next >= 0) {
    for (std::uint32_t k : plan_.prev_kernels) MarkDirty(k, static_cast<std::uint32_t>(next));
  }
}

void Engine::BuildCohortStates(const RowLinks& links, double* const* columns,
                               std::size_t row_count) {
  for (std::uint32_t k = 0; k < plan_.kernels.size(); ++k) {
    const plan::Kernel& kernel = plan_.kernels[k];
    if (kernel.kind == plan::KernelKind::kRow) continue;
    CohortState& state = cohort_states_[k];
    state.periods.assign(links.period_count, {});
    state.value.assign(row_count, 0.0);
    state.member.assign(row_count, 0);
    const double* src = columns[kernel.src_slot];
    for (std::size_t row = 0; row < row_count && row < member_.size(); ++row) {
      if (!member_[row] || IsMissing(src[row])) continue;
      state.member[row] = 1;
      state.value[row] = src[row];
      state.periods[links.period_of[row]].sorted.emplace_back(src[row],
                                                              static_cast<std::uint32_t>(row));
    }
    for (PeriodState& period : state.periods) {
      std::sort(period.sorted.begin(), period.sorted.end(), EntryLess);
    }
    state.stale_since.assign(links.period_count, 0);
    state.computed_at.assign(row_count, 0);
    state.stale_periods = 0;
  }
  states_built_ = true;
  stale_kernels_ = 0;
}

Engine::CohortSummary Engine::Summarize(std::uint32_t k, std::uint32_t row, const RowLinks& links,
                                        double* const* columns, std::size_t row_count) {
  if (!states_built_) BuildCohortStates(links, columns, row_count);
  CohortSummary summary;
  const CohortState& state = cohort_states_[k];
  const std::uint32_t period = links.period_of[row];
  if (period >= state.periods.size()) return summary;
  const std::vector<Entry>& sorted = state.periods[period].sorted;
  const double value = columns[plan_.kernels[k].src_slot][row];
  summary.size = sorted.size();
  summary.takes_part = row < state.member.size() && state.member[row] != 0;
  summary.greater = CountGreater(sorted, value);
  summary.below = CountSmaller(sorted, value);
  summary.has_extremes = Extremes(sorted, &summary.min, &summary.max);
  return summary;
}

void Engine::Flush(const RowLinks& links, double* const* columns, std::size_t row_count) {
  if (!pending()) return;
  RunPending(links, columns, row_count, /*lazy=*/false);
}

void Engine::FlushRow(std::uint32_t row, const RowLinks& links, double* const* columns,
                      std::size_t row_count) {
  if (pending_count_ > 0 || !membership_changes_.empty()) {
    RunPending(links, columns, row_count, /*lazy=*/true);
  }
  if (stale_kernels_ == 0) return;
  for (std::uint32_t k : deferrable_kernels_) {
    if (!StaleIn(k, row, links)) continue;
    const CohortState& state = cohort_states_[k];
    const double value =
        TakesPart(plan_.kernels[k], row, links, columns)
            ? PeriodScorer(plan_.kernels[k].kind, state.periods[links.period_of[row]].sorted)(
                  columns[plan_.kernels[k].src_slot][row])
            : OutsideValue(row, links);
    StoreCohortValue(k, row, value, links, columns);
  }
  // Only kernels downstream of deferrable ones for this row remain: row kernels.
  if (pending_count_ > 0) RunPending(links, columns, row_count, /*lazy=*/true);
}

bool Engine::StaleIn(std::uint32_t k, std::uint32_t row, const RowLinks& links) const {
  const CohortState& state = cohort_states_[k];
  if (state.stale_periods == 0) return false;
  const std::uint32_t period = links.period_of[row];
  if (period >= state.stale_since.size() || state.stale_since[period] == 0) return false;
  return row >= state.computed_at.size() || state.computed_at[row] < state.stale_since[period];
}

bool Engine::Stale(std::uint32_t row, const RowLinks& links) const {
  for (std::uint32_t k : deferrable_kernels_) {
    if (StaleIn(k, row, links)) return true;
  }
  return false;
}

void Engine::MarkStale(std::uint32_t k, std::uint32_t period) {
  CohortState& state = cohort_states_[k];
  if (state.stale_since.size() <= period) state.stale_since.resize(period + 1, 0);
  if (state.stale_since[period] == 0 && state.stale_periods++ == 0) ++stale_kernels_;
  state.stale_since[period] = ++epoch_;
}

void Engine::ResolveStale(std::uint32_t k, const RowLinks& links, double* const* columns) {
  CohortState& state = cohort_states_[k];
  const double* src = columns[plan_.kernels[k].src_slot];
  for (std::uint32_t period = 0; period < state.stale_since.size(); ++period) {
    const std::uint64_t since = state.stale_since[period];
    if (since == 0) continue;
    const std::vector<Entry>& sorted = state.periods[period].sorted;
    const PeriodScorer score(plan_.kernels[k].kind, sorted);
    // Members only: a row leaves the cohort through a dirty mark, which gives it 0 then.
    for (const Entry& e : sorted) {
      if (e.second < state.computed_at.size() && state.computed_at[e.second] >= since) continue;
      StoreCohortValue(k, e.second, score(src[e.second]), links, columns);
    }
    state.stale_since[period] = 0;
  }
  state.stale_periods = 0;
  --stale_kernels_;
}

void Engine::RunPending(const RowLinks& links, double* const* columns, std::size_t row_count,
                        bool lazy) {
  if (!states_built_) BuildCohortStates(links, columns, row_count);
  if (member_.size() < row_count) member_.resize(row_count, 0);
  // Every cohort kernel re-examines rows whose membership may have changed.
  for (std::uint32_t row : membership_changes_) {
    for (std::uint32_t k = 0; k < plan_.kernels.size(); ++k) {
      if (plan_.kernels[k].kind != plan::KernelKind::kRow) MarkDirty(k, row);
    }
  }
  std::uint32_t start = first_pending_;
  if (!lazy && stale_kernels_ > 0) {
    for (std::uint32_t k : deferrable_kernels_) {
      if (cohort_states_[k].stale_periods > 0) start = std::min(start, k);
    }
  }
  for (std::uint32_t k = start; k < plan_.kernels.size(); ++k) {
    if (recurrence_end_[k] != plan::kNone) {
      const std::uint32_t end = recurrence_end_[k];
      std::uint32_t first = k;
      while (first > 0 && recurrence_end_[first - 1] == end) --first;
      RunRecurrenceIncrementally(first, end, links, columns);
      k = end - 1;
      continue;
    }
    if (!dirty_rows_[k].empty()) {
      std::vector<std::uint32_t>& rows = dirty_rows_[k];
      std::sort(rows.begin(), rows.end());
      rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
      if (plan_.kernels[k].kind == plan::KernelKind::kRow) {
        RunRowKernelIncrementally(k, links, columns);
      } else {
        RunCohortKernelIncrementally(k, links, columns, lazy);
      }
      rows.clear();
      --pending_count_;
    }
    if (!lazy && deferrable_[k] && cohort_states_[k].stale_periods > 0) {
      ResolveStale(k, links, columns);
    }
  }
  for (std::uint32_t row : membership_changes_) member_[row] = links.scorable[row];
  membership_changes_.clear();
  first_pending_ = static_cast<std::uint32_t>(plan_.kernels.size());
}

void Engine::RunRowKernelIncrementally(std::uint32_t k, const RowLinks& links,
                                       double* const* columns) {
  const plan::Kernel& kernel = plan_.kernels[k];
  double* dst = columns[kernel.dst_slot];
  for (std::uint32_t row : dirty_rows_[k]) {
    const double old = dst[row];
    RunRowKernel(plan_, kernel, links, columns, row, row + 1, registers_.data(), operands_.data());
    ++ops_;
    if (!SameBits(old, dst[row])) Propagate(kernel.dst_slot, row, links);
  }
}

void Engine::StoreCohortValue(std::uint32_t k, std::uint32_t row, double value,
                              const RowLinks& links, double* const* columns) {
  const plan::Kernel& kernel = plan_.kernels[k];
  double* dst = columns[kernel.dst_slot];
  ++ops_;
  if (deferrable_[k]) {
    std::vector<std::uint64_t>& computed_at = cohort_states_[k].computed_at;
    if (computed_at.size() <= row)
      computed_at.resize(member_.size() > row ? member_.size() : row + 1, 0);
    computed_at[row] = epoch_;
  }
  if (SameBits(dst[row], value)) return;
  dst[row] = value;
  Propagate(kernel.dst_slot, row, links);
}

void Engine::RunCohortKernelIncrementally(std::uint32_t k, const RowLinks& links,
                                          double* const* columns, bool lazy) {
  const plan::Kernel& kernel = plan_.kernels[k];
  CohortState& state = cohort_states_[k];
  if (state.periods.size() < links.period_count) state.periods.resize(links.period_count);
  const double* src = columns[kernel.src_slot];
  const bool minmax = kernel.kind == plan::KernelKind::kCohortMinMax;

  // Dirty rows grouped by period (rows are sorted; periods interleave, so bucket them).
  std::vector<std::uint32_t>& rows = dirty_rows_[k];  // cleared by Flush afterwards
  std::stable_sort(rows.begin(), rows.end(), [&](std::uint32_t a, std::uint32_t b) {
    return links.period_of[a] < links.period_of[b];
  });
  std::vector<std::uint32_t> recompute;
  std::vector<std::pair<double, double>> moved;  // value ranges that changed (rank)
  for (std::size_t begin = 0; begin < rows.size();) {
    const std::uint32_t period = links.period_of[rows[begin]];
    std::size_t end = begin;
    while (end < rows.size() && links.period_of[rows[end]] == period) ++end;
    std::vector<Entry>& sorted = state.periods[period].sorted;
    if (state.value.size() < member_.size()) {
      state.value.resize(member_.size(), 0.0);
      state.member.resize(member_.size(), 0);
    }

    double lo0 = 0, hi0 = 0, lo1 = 0, hi1 = 0;
    const bool had = Extremes(sorted, &lo0, &hi0);
    const std::size_t n0 = sorted.size();
    recompute.clear();
    moved.clear();
    bool joined_or_left = false;
    for (std::size_t i = begin; i < end; ++i) {
      const std::uint32_t row = rows[i];
      const bool was = state.member[row] != 0;
      const bool now = TakesPart(kernel, row, links, columns);
      const double value = src[row];
      if (was && now && SameBits(state.value[row], value)) continue;
      if (was) {
        const Entry old{state.value[row], row};
        auto it = std::lower_bound(sorted.begin(), sorted.end(), old, EntryLess);
        if (it != sorted.end() && it->second == row) sorted.erase(it);
      }
      if (now) {
        const Entry entry{value, row};
        sorted.insert(std::upper_bound(sorted.begin(), sorted.end(), entry, EntryLess), entry);
      }
      joined_or_left = joined_or_left || was != now;
      const double old_value = was ? state.value[row] : value;
      moved.emplace_back(std::min(old_value, value, CohortLess),
                         std::max(old_value, value, CohortLess));
      state.value[row] = value;
      state.member[row] = now ? 1 : 0;
      recompute.push_back(row);
    }
    const bool has = Extremes(sorted, &lo1, &hi1);
    const std::size_t n1 = sorted.size();
    // A row that joins or leaves shifts the rank of every row on one side of its value (even
    // when another row leaves or joins in the same update and the count stays).
    bool everyone = n0 != n1 || (joined_or_left && !minmax);
    if (minmax) everyone = everyone || had != has || !SameBits(lo0, lo1) || !SameBits(hi0, hi1);
    // The rows of `sorted` whose results may change besides the edited ones.
    using Range = std::pair<std::vector<Entry>::const_iterator, std::vector<Entry>::const_iterator>;
    std::vector<Range>& ranges = ranges_;
    ranges.clear();
    std::size_t affected = 0;
    if (everyone) {
      ranges.emplace_back(sorted.begin(), sorted.end());
      affected = sorted.size();
    } else if (!minmax) {
      for (const auto& [low, high] : moved) {
        auto first =
            std::lower_bound(sorted.cbegin(), sorted.cend(), low,
                             [](const Entry& e, double v) { return CohortLess(e.first, v); });
        auto last =
            std::upper_bound(sorted.cbegin(), sorted.cend(), high,
                             [](double v, const Entry& e) { return CohortLess(v, e.first); });
        ranges.emplace_back(first, last);
        affected += static_cast<std::size_t>(last - first);
      }
    }
    // Deferring pays when many rows' results may change: then the edited rows alone are
    // recomputed now, and the others when they are read (FlushRow) or by Flush().
    if (lazy && deferrable_[k] && affected > kEagerRows) {
      MarkStale(k, period);
    } else {
      for (const auto& [first, last] : ranges) {
        for (auto it = first; it != last; ++it) recompute.push_back(it->second);
      }
    }
    std::sort(recompute.begin(), recompute.end());
    recompute.erase(std::unique(recompute.begin(), recompute.end()), recompute.end());
    const PeriodScorer score(kernel.kind, sorted);
    for (std::uint32_t row : recompute) {
      StoreCohortValue(k, row, state.member[row] != 0 ? score(src[row]) : OutsideValue(row, links),
                       links, columns);
    }
    begin = end;
  }
}

std::size_t Engine::memory_bytes() const {
  auto bytes = [](const auto& v) { return v.capacity() * sizeof(v[0]); };
  std::size_t total = bytes(dirty_rows_) + bytes(membership_changes_) + bytes(member_) +
                      bytes(cohort_states_) + bytes(deferrable_) + bytes(deferrable_kernels_) +
                      bytes(recurrence_end_) + bytes(segments_) + bytes(registers_) +
                      bytes(ranges_) + bytes(operands_);
  for (const auto& rows : dirty_rows_) total += bytes(rows);
  for (const CohortState& state : cohort_states_) {
    total += bytes(state.periods) + bytes(state.value) + bytes(state.member) +
             bytes(state.stale_since) + bytes(state.computed_at);
    for (const PeriodState& period : state.periods) total += bytes(period.sorted);
  }
  return total;
}

}  // namespace rubric::eval
