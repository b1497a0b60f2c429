#include "eval/engine.h"

#include <algorithm>
#include <barrier>
#include <cmath>
#include <cstring>
#include <thread>

namespace rubric::eval {
namespace {

using plan::kBlockRows;

bool SameBits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

using Entry = std::pair<double, std::uint32_t>;

bool EntryLess(const Entry& a, const Entry& b) {
  if (CohortLess(a.first, b.first)) return true;
  if (CohortLess(b.first, a.first)) return false;
  return a.second < b.second;
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

// Splits the kernels into segments that full evaluation can run block by block: runs of
// row kernels that only read other rows' values computed before the run (a kernel that
// reads, through prev(), a slot written inside the run starts a new one), and each cohort
// kernel alone.
std::vector<std::pair<std::uint32_t, std::uint32_t>> Segments(const plan::Plan& plan) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> segments;
  const auto count = static_cast<std::uint32_t>(plan.kernels.size());
  std::uint32_t start = 0;
  for (std::uint32_t k = 0; k < count; ++k) {
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

}  // namespace

Engine::Engine(const plan::Plan& plan)
    : plan_(plan),
      dirty_rows_(plan.kernels.size()),
      first_pending_(static_cast<std::uint32_t>(plan.kernels.size())),
      cohort_states_(plan.kernels.size()),
      segments_(Segments(plan)),
      registers_(std::max<std::size_t>(1, plan.max_registers)),
      operands_(std::max<std::size_t>(1, plan.max_registers)) {}

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
}

void Engine::RunCohortKernelFully(const plan::Kernel& kernel, const RowLinks& links,
                                  double* const* columns, std::size_t row_count) {
  const double* src = columns[kernel.src_slot];
  double* dst = columns[kernel.dst_slot];
  std::vector<std::vector<Entry>> periods(links.period_count);
  for (std::size_t row = 0; row < row_count; ++row) {
    dst[row] = 0.0;  // rows outside every cohort (not scorable)
    if (links.scorable[row]) {
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
    const double* src = columns[kernel.src_slot];
    for (std::size_t row = 0; row < row_count && row < member_.size(); ++row) {
      if (!member_[row]) continue;
      state.value[row] = src[row];
      state.periods[links.period_of[row]].sorted.emplace_back(src[row],
                                                              static_cast<std::uint32_t>(row));
    }
    for (PeriodState& period : state.periods) {
      std::sort(period.sorted.begin(), period.sorted.end(), EntryLess);
    }
  }
  states_built_ = true;
}

void Engine::Flush(const RowLinks& links, double* const* columns, std::size_t row_count) {
  if (pending_count_ == 0 && membership_changes_.empty()) return;
  if (!states_built_) BuildCohortStates(links, columns, row_count);
  if (member_.size() < row_count) member_.resize(row_count, 0);
  // Every cohort kernel re-examines rows whose membership may have changed.
  for (std::uint32_t row : membership_changes_) {
    for (std::uint32_t k = 0; k < plan_.kernels.size(); ++k) {
      if (plan_.kernels[k].kind != plan::KernelKind::kRow) MarkDirty(k, row);
    }
  }
  for (std::uint32_t k = first_pending_; k < plan_.kernels.size(); ++k) {
    if (dirty_rows_[k].empty()) continue;
    std::vector<std::uint32_t>& rows = dirty_rows_[k];
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    if (plan_.kernels[k].kind == plan::KernelKind::kRow) {
      RunRowKernelIncrementally(k, links, columns);
    } else {
      RunCohortKernelIncrementally(k, links, columns);
    }
    rows.clear();
    --pending_count_;
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
  if (SameBits(dst[row], value)) return;
  dst[row] = value;
  Propagate(kernel.dst_slot, row, links);
}

void Engine::RunCohortKernelIncrementally(std::uint32_t k, const RowLinks& links,
                                          double* const* columns) {
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
    if (state.value.size() < member_.size()) state.value.resize(member_.size(), 0.0);

    double lo0 = 0, hi0 = 0, lo1 = 0, hi1 = 0;
    const bool had = Extremes(sorted, &lo0, &hi0);
    const std::size_t n0 = sorted.size();
    recompute.clear();
    moved.clear();
    for (std::size_t i = begin; i < end; ++i) {
      const std::uint32_t row = rows[i];
      const bool was = member_[row] != 0;
      const bool now = links.scorable[row] != 0;
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
      const double old_value = was ? state.value[row] : value;
      moved.emplace_back(std::min(old_value, value, CohortLess),
                         std::max(old_value, value, CohortLess));
      state.value[row] = value;
      recompute.push_back(row);
    }
    const bool has = Extremes(sorted, &lo1, &hi1);
    const std::size_t n1 = sorted.size();
    // Membership flags change at the end of Flush; the other cohort kernels need the old ones.
    auto member_now = [&](std::uint32_t row) { return links.scorable[row] != 0; };
    bool everyone = n0 != n1;
    if (minmax) everyone = everyone || had != has || !SameBits(lo0, lo1) || !SameBits(hi0, hi1);
    if (everyone) {
      for (const Entry& e : sorted) recompute.push_back(e.second);
    } else if (!minmax) {
      for (const auto& [low, high] : moved) {
        auto first =
            std::lower_bound(sorted.begin(), sorted.end(), low,
                             [](const Entry& e, double v) { return CohortLess(e.first, v); });
        auto last =
            std::upper_bound(sorted.begin(), sorted.end(), high,
                             [](double v, const Entry& e) { return CohortLess(v, e.first); });
        for (auto it = first; it != last; ++it) recompute.push_back(it->second);
      }
    }
    std::sort(recompute.begin(), recompute.end());
    recompute.erase(std::unique(recompute.begin(), recompute.end()), recompute.end());
    for (std::uint32_t row : recompute) {
      double value = 0.0;
      if (member_now(row)) {
        if (minmax) {
          value = MinMaxScore(src[row], lo1, hi1);
        } else if (kernel.kind == plan::KernelKind::kCohortRank) {
          value = RankScore(CountGreater(sorted, src[row]), n1);
        } else {
          value = PercentileScore(CountSmaller(sorted, src[row]), n1);
        }
      }
      StoreCohortValue(k, row, value, links, columns);
    }
    begin = end;
  }
}

}  // namespace rubric::eval
