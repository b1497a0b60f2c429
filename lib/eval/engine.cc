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

using Entry = CohortEntry;

// The bits of a key value (-0 as 0), so that equal keys share a cohort.
std::uint64_t KeyBits(double key) {
  const double canonical = key == 0 ? 0.0 : key;
  std::uint64_t bits = 0;
  std::memcpy(&bits, &canonical, sizeof bits);
  return bits;
}

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

double OutsideValue(const plan::Kernel& kernel, std::uint32_t row, const RowLinks& links,
                    double* const* columns) {
  if (links.scorable[row] == 0) return 0.0;
  return MissingRowsAreMembers(kernel.kind) ? columns[kernel.src_slot][row] : MissingValue();
}

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
        if (sync != nullptr && SharesCohortKernel(segment_begin)) {
          RunCohortKernelShare(segment_begin, links, columns, t, threads, first, last, *sync);
        } else if (t == 0) {
          RunCohortKernelFully(segment_begin, links, columns, row_count);
        }
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
    shares_.resize(threads);
    std::barrier<> sync(static_cast<std::ptrdiff_t>(threads));
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, t, &sync);
    work(0, &sync);
    for (std::thread& thread : pool) thread.join();
    shares_ = {};
    joined_ = {};
    summaries_ = {};
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

std::uint32_t Engine::FindGroup(std::uint32_t k, std::uint32_t row, const RowLinks& links,
                                double* const* columns) const {
  const plan::Kernel& kernel = plan_.kernels[k];
  if (kernel.key_slot == plan::kNone) return kernel.across_periods ? 0 : links.period_of[row];
  if (IsMissing(columns[kernel.key_slot][row])) return plan::kNone;
  const std::uint32_t period = kernel.across_periods ? 0 : links.period_of[row];
  const auto& index = cohort_states_[k].group_index;
  auto it = index.find(std::make_pair(period, KeyBits(columns[kernel.key_slot][row])));
  return it == index.end() ? plan::kNone : it->second;
}

void Engine::AddGroups(std::uint32_t k, std::size_t count) {
  CohortState& state = cohort_states_[k];
  const bool aggregates = NeedsAggregates(plan_.kernels[k].kind);
  const bool moments = NeedsMoments(plan_.kernels[k].kind);
  for (std::size_t i = 0; i < count; ++i) {
    state.groups.emplace_back();
    state.groups.back().aggregates.enabled = aggregates;
    state.groups.back().aggregates.with_moments = moments;
    state.stale_since.push_back(0);
  }
}

std::uint32_t Engine::GroupOf(std::uint32_t k, std::uint32_t row, const RowLinks& links,
                              double* const* columns) {
  const plan::Kernel& kernel = plan_.kernels[k];
  CohortState& state = cohort_states_[k];
  if (kernel.key_slot == plan::kNone) {
    const std::uint32_t group = kernel.across_periods ? 0 : links.period_of[row];
    if (state.groups.size() <= group) AddGroups(k, group + 1 - state.groups.size());
    return group;
  }
  if (IsMissing(columns[kernel.key_slot][row])) return plan::kNone;
  const std::uint32_t period = kernel.across_periods ? 0 : links.period_of[row];
  auto [it, inserted] =
      state.group_index.try_emplace(std::make_pair(period, KeyBits(columns[kernel.key_slot][row])),
                                    static_cast<std::uint32_t>(state.groups.size()));
  if (inserted) AddGroups(k, 1);
  return it->second;
}

// Whether `row` takes part in the cohort of kernel `k`: it is scorable, has a key (with
// `by`), and its argument is not missing (unless the kernel imputes it from the cohort).
bool Engine::TakesPart(std::uint32_t k, std::uint32_t row, const RowLinks& links,
                       double* const* columns) const {
  return links.scorable[row] != 0 && Eligible(k, row, columns);
}

bool Engine::Eligible(std::uint32_t k, std::uint32_t row, double* const* columns) const {
  const plan::Kernel& kernel = plan_.kernels[k];
  if (kernel.key_slot != plan::kNone && IsMissing(columns[kernel.key_slot][row])) return false;
  return MissingRowsAreMembers(kernel.kind) || !IsMissing(columns[kernel.src_slot][row]);
}

double Engine::ImputedInRow(const plan::Kernel& kernel, std::uint32_t row, const RowLinks& links,
                            double* const* columns) const {
  if (links.scorable[row] == 0) return 0.0;
  const double* src = columns[kernel.src_slot];
  if (kernel.kind == plan::KernelKind::kImputeConstant) {
    return IsMissing(src[row]) ? kernel.parameter : src[row];
  }
  const auto look_back = static_cast<std::size_t>(kernel.parameter);  // 0: any
  std::int64_t at = row;
  for (std::size_t back = 0; at >= 0 && (look_back == 0 || back <= look_back); ++back) {
    const auto r = static_cast<std::size_t>(at);
    // An earlier row that is not scorable has no value to give, like prev() of a let.
    if (!IsMissing(src[r]) && links.scorable[r] != 0) return src[r];
    at = links.prev_row[r];
  }
  return MissingValue();
}

void Engine::RunCohortKernelFully(std::uint32_t k, const RowLinks& links, double* const* columns,
                                  std::size_t row_count) {
  const plan::Kernel& kernel = plan_.kernels[k];
  const double* src = columns[kernel.src_slot];
  double* dst = columns[kernel.dst_slot];
  if (kernel.kind == plan::KernelKind::kImputePrevious ||
      kernel.kind == plan::KernelKind::kImputeConstant) {
    for (std::size_t row = 0; row < row_count; ++row) {
      dst[row] = ImputedInRow(kernel, static_cast<std::uint32_t>(row), links, columns);
    }
    return;
  }
  // The cohorts are gathered afresh; the incremental state is built later, on first use.
  CohortState& state = cohort_states_[k];
  state = CohortState{};
  const bool keyed = kernel.key_slot != plan::kNone;
  const bool imputes = MissingRowsAreMembers(kernel.kind);
  if (!keyed) AddGroups(k, kernel.across_periods ? 1 : links.period_count);
  for (std::size_t row = 0; row < row_count; ++row) {
    const auto r = static_cast<std::uint32_t>(row);
    const double value = src[row];
    const bool member = links.scorable[row] != 0 && (imputes || !IsMissing(value));
    if (!member) {
      dst[row] = OutsideValue(kernel, r, links, columns);
      continue;
    }
    std::uint32_t group = kernel.across_periods ? 0 : links.period_of[row];
    if (keyed) {
      group = GroupOf(k, r, links, columns);
      if (group == plan::kNone) {  // no key: no cohort
        dst[row] = OutsideValue(kernel, r, links, columns);
        continue;
      }
    }
    state.groups[group].sorted.emplace_back(value, r);
  }
  for (GroupState& group : state.groups) {
    if (group.sorted.empty()) continue;
    // Only the kernels that read their members in order sort them here.
    if (NeedsOrder(kernel.kind)) {
      SortCohort(group.sorted);
    }
    const CohortSummary summary = eval::Summarize(
        kernel, group.sorted, AggregatesOf(kernel, group.sorted), NeedsOrder(kernel.kind));
    for (const Entry& e : group.sorted) {
      dst[e.second] = ScoreMember(kernel, summary, group.sorted, e.first);
    }
  }
  state = CohortState{};
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
    // impute(e, previous) of the next periods may have read this row (which may be leaving).
    for (std::uint32_t k = 0; k < plan_.kernels.size(); ++k) {
      if (plan_.kernels[k].kind == plan::KernelKind::kImputePrevious) {
        MarkDirty(k, static_cast<std::uint32_t>(next));
      }
    }
  }
}

void Engine::BuildCohortStates(const RowLinks& links, double* const* columns,
                               std::size_t row_count) {
  for (std::uint32_t k = 0; k < plan_.kernels.size(); ++k) {
    const plan::Kernel& kernel = plan_.kernels[k];
    if (kernel.kind == plan::KernelKind::kRow) continue;
    CohortState& state = cohort_states_[k];
    state = CohortState{};
    if (kernel.key_slot == plan::kNone && !kernel.across_periods) {
      AddGroups(k, links.period_count);
    }
    state.value.assign(row_count, 0.0);
    state.member.assign(row_count, 0);
    state.group.assign(row_count, plan::kNone);
    state.computed_at.assign(row_count, 0);
    if (kernel.kind == plan::KernelKind::kImputePrevious ||
        kernel.kind == plan::KernelKind::kImputeConstant) {
      continue;  // no cohorts
    }
    const double* src = columns[kernel.src_slot];
    for (std::size_t row = 0; row < row_count && row < member_.size(); ++row) {
      const auto r = static_cast<std::uint32_t>(row);
      // The cohorts the current results were computed with: scorability as it was then
      // (member_), and the computed argument and key, which only kernels change.
      if (!member_[row] || !Eligible(k, r, columns)) continue;
      const std::uint32_t group = GroupOf(k, r, links, columns);
      if (group == plan::kNone) continue;
      state.member[row] = 1;
      state.value[row] = src[row];
      state.group[row] = group;
      state.groups[group].sorted.emplace_back(src[row], r);
    }
    for (GroupState& group : state.groups) {
      SortCohort(group.sorted);
      group.aggregates = AggregatesOf(kernel, group.sorted);
      group.summary = eval::Summarize(kernel, group.sorted, group.aggregates, /*sorted=*/true);
    }
  }
  states_built_ = true;
  stale_kernels_ = 0;
}

Engine::CohortView Engine::Summarize(std::uint32_t k, std::uint32_t row, const RowLinks& links,
                                     double* const* columns, std::size_t row_count) {
  if (!states_built_) BuildCohortStates(links, columns, row_count);
  CohortView view;
  const CohortState& state = cohort_states_[k];
  const bool member = row < state.member.size() && state.member[row] != 0;
  const std::uint32_t group = member ? state.group[row] : FindGroup(k, row, links, columns);
  const plan::Kernel& kernel = plan_.kernels[k];
  view.has_key = kernel.key_slot == plan::kNone || !IsMissing(columns[kernel.key_slot][row]);
  view.takes_part = member;
  if (group == plan::kNone || group >= state.groups.size()) return view;
  const GroupState& g = state.groups[group];
  const double value = columns[kernel.src_slot][row];
  view.size = g.sorted.size();
  view.greater = CountGreater(g.sorted, value);
  view.below = CountSmaller(g.sorted, value);
  view.summary = g.summary;
  return view;
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
    const GroupState& group = cohort_states_[k].groups[cohort_states_[k].group[row]];
    const double value = ScoreMember(plan_.kernels[k], group.summary, group.sorted,
                                     columns[plan_.kernels[k].src_slot][row]);
    StoreCohortValue(k, row, value, links, columns);
  }
  // Only kernels downstream of deferrable ones for this row remain: row kernels.
  if (pending_count_ > 0) RunPending(links, columns, row_count, /*lazy=*/true);
}

bool Engine::StaleIn(std::uint32_t k, std::uint32_t row, const RowLinks& links) const {
  (void)links;
  const CohortState& state = cohort_states_[k];
  if (state.stale_periods == 0) return false;
  // Only members are ever stale: a row leaving a cohort is recomputed at once.
  if (row >= state.member.size() || state.member[row] == 0) return false;
  const std::uint32_t group = state.group[row];
  if (group >= state.stale_since.size() || state.stale_since[group] == 0) return false;
  return row >= state.computed_at.size() || state.computed_at[row] < state.stale_since[group];
}

bool Engine::Stale(std::uint32_t row, const RowLinks& links) const {
  for (std::uint32_t k : deferrable_kernels_) {
    if (StaleIn(k, row, links)) return true;
  }
  return false;
}

void Engine::MarkStale(std::uint32_t k, std::uint32_t group) {
  CohortState& state = cohort_states_[k];
  if (state.stale_since.size() <= group) state.stale_since.resize(group + 1, 0);
  if (state.stale_since[group] == 0 && state.stale_periods++ == 0) ++stale_kernels_;
  state.stale_since[group] = ++epoch_;
}

void Engine::ResolveStale(std::uint32_t k, const RowLinks& links, double* const* columns) {
  CohortState& state = cohort_states_[k];
  const double* src = columns[plan_.kernels[k].src_slot];
  for (std::uint32_t g = 0; g < state.stale_since.size(); ++g) {
    const std::uint64_t since = state.stale_since[g];
    if (since == 0) continue;
    const GroupState& group = state.groups[g];
    // Members only: a row leaves the cohort through a dirty mark, which gives it its result
    // then.
    for (const Entry& e : group.sorted) {
      if (e.second < state.computed_at.size() && state.computed_at[e.second] >= since) continue;
      StoreCohortValue(k, e.second,
                       ScoreMember(plan_.kernels[k], group.summary, group.sorted, src[e.second]),
                       links, columns);
    }
    state.stale_since[g] = 0;
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

void Engine::RunImputeInRowIncrementally(std::uint32_t k, const RowLinks& links,
                                         double* const* columns) {
  const plan::Kernel& kernel = plan_.kernels[k];
  const double* src = columns[kernel.src_slot];
  const bool previous = kernel.kind == plan::KernelKind::kImputePrevious;
  const auto look_back = previous ? static_cast<std::size_t>(kernel.parameter) : 0;
  std::vector<std::uint32_t> rows;
  for (std::uint32_t row : dirty_rows_[k]) {
    // The row, and the entity's next periods that read it: missing ones, up to the look-back.
    rows.push_back(row);
    if (!previous) continue;
    std::int64_t next = links.next_row[row];
    for (std::size_t ahead = 1; next >= 0 && (look_back == 0 || ahead <= look_back); ++ahead) {
      const auto at = static_cast<std::uint32_t>(next);
      if (!IsMissing(src[at])) break;
      rows.push_back(at);
      next = links.next_row[at];
    }
  }
  std::sort(rows.begin(), rows.end());
  rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
  for (std::uint32_t row : rows) {
    StoreCohortValue(k, row, ImputedInRow(kernel, row, links, columns), links, columns);
  }
}

void Engine::RunCohortKernelIncrementally(std::uint32_t k, const RowLinks& links,
                                          double* const* columns, bool lazy) {
  const plan::Kernel& kernel = plan_.kernels[k];
  if (kernel.kind == plan::KernelKind::kImputePrevious ||
      kernel.kind == plan::KernelKind::kImputeConstant) {
    RunImputeInRowIncrementally(k, links, columns);
    return;
  }
  CohortState& state = cohort_states_[k];
  if (kernel.key_slot == plan::kNone && !kernel.across_periods &&
      state.groups.size() < links.period_count) {
    AddGroups(k, links.period_count - state.groups.size());
  }
  if (state.value.size() < member_.size()) {
    state.value.resize(member_.size(), 0.0);
    state.member.resize(member_.size(), 0);
    state.group.resize(member_.size(), plan::kNone);
  }
  const double* src = columns[kernel.src_slot];
  const bool order = ShapeOf(kernel.kind) == CohortShape::kOrder;

  // The cohorts the dirty rows leave or join, in the order they are first touched, with the
  // value ranges that moved in each (for ranks) and whether a member joined or left.
  struct Touched {
    std::uint32_t group;
    std::vector<std::pair<double, double>> moved;
    bool joined_or_left = false;
  };
  std::vector<Touched> touched;
  absl::flat_hash_map<std::uint32_t, std::size_t> touched_index;
  auto touch = [&](std::uint32_t group) -> Touched& {
    auto [it, inserted] = touched_index.try_emplace(group, touched.size());
    if (inserted) touched.push_back(Touched{group, {}, false});
    return touched[it->second];
  };
  std::vector<std::uint32_t> recompute;
  for (std::uint32_t row : dirty_rows_[k]) {  // sorted, unique
    const bool was = state.member[row] != 0;
    const bool now = TakesPart(k, row, links, columns);
    const std::uint32_t old_group = was ? state.group[row] : plan::kNone;
    const std::uint32_t new_group = now ? GroupOf(k, row, links, columns) : plan::kNone;
    const bool in = now && new_group != plan::kNone;
    const double value = src[row];
    if (was && in && old_group == new_group && SameBits(state.value[row], value)) continue;
    if (was) {
      std::vector<Entry>& sorted = state.groups[old_group].sorted;
      const Entry old{state.value[row], row};
      auto it = std::lower_bound(sorted.begin(), sorted.end(), old, CohortEntryLess);
      if (it != sorted.end() && it->second == row) {
        sorted.erase(it);
        state.groups[old_group].aggregates.Erase(old.first);
      }
      Touched& t = touch(old_group);
      t.joined_or_left = t.joined_or_left || !in || old_group != new_group;
      if (!in || old_group != new_group) t.moved.emplace_back(state.value[row], state.value[row]);
    }
    if (in) {
      std::vector<Entry>& sorted = state.groups[new_group].sorted;
      const Entry entry{value, row};
      sorted.insert(std::upper_bound(sorted.begin(), sorted.end(), entry, CohortEntryLess), entry);
      state.groups[new_group].aggregates.Insert(value);
      Touched& t = touch(new_group);
      const bool stays = was && old_group == new_group;
      t.joined_or_left = t.joined_or_left || !stays;
      const double old_value = stays ? state.value[row] : value;
      t.moved.emplace_back(std::min(old_value, value, CohortLess),
                           std::max(old_value, value, CohortLess));
    }
    state.value[row] = value;
    state.member[row] = in ? 1 : 0;
    state.group[row] = in ? new_group : plan::kNone;
    recompute.push_back(row);
  }
  for (Touched& t : touched) {
    GroupState& group = state.groups[t.group];
    CohortSummary after = eval::Summarize(kernel, group.sorted, group.aggregates, /*sorted=*/true);
    // A row that joins or leaves shifts the rank of every row on one side of its value
    // (even when another row leaves or joins in the same update and the count stays).
    const bool everyone = !SameResults(kernel, group.summary, after) || (order && t.joined_or_left);
    group.summary = std::move(after);
    using Range = std::pair<std::vector<Entry>::const_iterator, std::vector<Entry>::const_iterator>;
    std::vector<Range>& ranges = ranges_;
    ranges.clear();
    std::size_t affected = 0;
    if (everyone) {
      ranges.emplace_back(group.sorted.begin(), group.sorted.end());
      affected = group.sorted.size();
    } else if (order) {
      for (const auto& [low, high] : t.moved) {
        auto first =
            std::lower_bound(group.sorted.cbegin(), group.sorted.cend(), low,
                             [](const Entry& e, double v) { return CohortLess(e.first, v); });
        auto last =
            std::upper_bound(group.sorted.cbegin(), group.sorted.cend(), high,
                             [](double v, const Entry& e) { return CohortLess(v, e.first); });
        ranges.emplace_back(first, last);
        affected += static_cast<std::size_t>(last - first);
      }
    }
    // Deferring pays when many rows' results may change: then the edited rows alone are
    // recomputed now, and the others when they are read (FlushRow) or by Flush().
    if (lazy && deferrable_[k] && affected > kEagerRows) {
      MarkStale(k, t.group);
    } else {
      for (const auto& [first, last] : ranges) {
        for (auto it = first; it != last; ++it) recompute.push_back(it->second);
      }
    }
  }
  std::sort(recompute.begin(), recompute.end());
  recompute.erase(std::unique(recompute.begin(), recompute.end()), recompute.end());
  for (std::uint32_t row : recompute) {
    double result = OutsideValue(kernel, row, links, columns);
    if (state.member[row] != 0) {
      const GroupState& group = state.groups[state.group[row]];
      result = ScoreMember(kernel, group.summary, group.sorted, src[row]);
    }
    StoreCohortValue(k, row, result, links, columns);
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
    total += bytes(state.groups) + bytes(state.value) + bytes(state.member) + bytes(state.group) +
             bytes(state.stale_since) + bytes(state.computed_at) +
             state.group_index.capacity() *
                 sizeof(std::pair<std::pair<std::uint32_t, std::uint64_t>, std::uint32_t>);
    for (const GroupState& group : state.groups) {
      total += bytes(group.sorted) + bytes(group.summary.treated);
    }
  }
  return total;
}

}  // namespace rubric::eval
