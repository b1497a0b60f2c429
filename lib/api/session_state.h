// The storage behind rubric::Session: one column per slot, missing flags, row links and the
// evaluation engine. Shared by the Session methods and the explanation builder.
#ifndef RUBRIC_LIB_API_SESSION_STATE_H_
#define RUBRIC_LIB_API_SESSION_STATE_H_

#include <cstdint>
#include <cstring>
#include <deque>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "api/compiled_standard.h"
#include "eval/engine.h"
#include "rubric/session.h"
#include "rubric/status.h"

namespace rubric {
namespace internal {

class SessionState {
 public:
  explicit SessionState(Standard s)
      : standard(std::move(s)),
        compiled(standard.compiled()),
        columns(compiled.plan.slot_count),
        missing(compiled.inputs.size()),
        texts(compiled.inputs.size()),
        text_ids(compiled.inputs.size()),
        engine(compiled.plan) {}

  Standard standard;
  const CompiledStandard& compiled;
  std::deque<std::string> entities;  // a deque: names keep their address as rows are added
  std::vector<std::int64_t> periods;
  std::vector<std::uint8_t> alive;
  absl::flat_hash_map<std::pair<std::string, std::int64_t>, std::size_t> row_of;
  absl::flat_hash_map<std::int64_t, std::uint32_t> period_index;
  std::vector<std::vector<double>> columns;        // per slot, one value per row
  std::vector<std::vector<std::uint8_t>> missing;  // per input, one flag per row
  std::vector<std::vector<std::string>> texts;     // per text input, one string per row
  std::vector<std::uint32_t> missing_counted;      // per row: counted inputs missing
  // Per text input: each distinct text's number, the value a `by` key compares (from 1;
  // the empty text is missing).
  std::vector<absl::flat_hash_map<std::string, double>> text_ids;

  eval::RowLinks links;
  eval::Engine engine;
  bool evaluated = false;  // a full evaluation has run; later edits go incrementally

  std::size_t rows() const { return entities.size(); }

  Status CheckCell(std::size_t row, std::size_t input) const {
    if (row >= rows() || !alive[row]) {
      return Status(StatusCode::kOutOfRange,
                    absl::StrCat("row ", row, " is not a live row (", rows(), " rows)"));
    }
    if (input >= compiled.inputs.size()) {
      return Status(StatusCode::kOutOfRange, absl::StrCat("input ", input, " is out of range (",
                                                          compiled.inputs.size(), " inputs)"));
    }
    return Status::Ok();
  }

  // Each slot's column, for the evaluator. Rebuilt only after rows were added (which may
  // move columns), not on every incremental read.
  double* const* ColumnPointers() {
    if (column_pointers_stale) {
      column_pointers.resize(columns.size());
      for (std::size_t s = 0; s < columns.size(); ++s) column_pointers[s] = columns[s].data();
      column_pointers_stale = false;
    }
    return column_pointers.data();
  }
  std::vector<double*> column_pointers;
  bool column_pointers_stale = true;  // set whenever a column may have moved

  // A live row is scorable when no input whose policy is `unscorable` is missing.
  bool ComputeScorable(std::size_t row) const {
    if (!alive[row]) return false;
    for (std::size_t input : compiled.unscorable_inputs) {
      if (missing[input][row]) return false;
    }
    return Covered(row);
  }

  // `coverage >= P%`: whether the row has enough of its inputs present.
  std::size_t PresentCounted(std::size_t row) const {
    return compiled.coverage_inputs - missing_counted[row];
  }
  bool Covered(std::size_t row) const {
    if (!compiled.coverage || compiled.coverage_inputs == 0) return true;
    // In percent, with room for the rounding of P / 100 (0.29 * 100 = 28.999999999999996).
    const double needed =
        *compiled.coverage * 100.0 * static_cast<double>(compiled.coverage_inputs);
    return static_cast<double>(PresentCounted(row)) * 100.0 >= needed - 1e-6;
  }

  // The missing flag of `input` in `row` changed: the count of missing inputs follows, and
  // the row's scorability when it may depend on it.
  void MissingChanged(std::size_t row, std::size_t input, bool is_missing) {
    const bool counted = compiled.counted_for_coverage[input] != 0;
    if (counted) missing_counted[row] += is_missing ? 1 : -1;
    if (compiled.inputs[input].missing == MissingPolicy::kUnscorable ||
        (counted && compiled.coverage)) {
      const std::uint8_t scorable = ComputeScorable(row) ? 1 : 0;
      if (scorable != links.scorable[row]) {
        links.scorable[row] = scorable;
        if (evaluated) engine.MembershipChanged(static_cast<std::uint32_t>(row), links);
      }
    }
  }

  // Records a new value (or missing flag) of `input` in `row` and what depends on it.
  void Store(std::size_t row, std::size_t input, double value, bool is_missing) {
    const bool was_missing = missing[input][row] != 0;
    const double old = columns[input][row];
    columns[input][row] = value;
    missing[input][row] = is_missing ? 1 : 0;
    if (evaluated && std::memcmp(&old, &value, sizeof value) != 0) {
      engine.InputChanged(static_cast<std::uint32_t>(input), static_cast<std::uint32_t>(row),
                          links);
    }
    const std::uint32_t presence = compiled.plan.input_presence_slot[input];
    if (presence != plan::kNone && was_missing != is_missing) {
      columns[presence][row] = is_missing ? 0.0 : 1.0;
      if (evaluated) engine.InputChanged(presence, static_cast<std::uint32_t>(row), links);
    }
    if (was_missing != is_missing) MissingChanged(row, input, is_missing);
  }

  void FullEvaluate(unsigned threads = 1) {
    engine.EvaluateAll(links, ColumnPointers(), rows(), threads);
    evaluated = true;
  }

  // Brings every result up to date.
  void Update() {
    if (!evaluated) return FullEvaluate();
    if (!engine.pending()) return;
    engine.Flush(links, ColumnPointers(), rows());
  }

  // Brings the results of one row up to date (others may stay stale until read).
  void UpdateRow(std::size_t row) {
    if (!evaluated) return FullEvaluate();
    const auto r = static_cast<std::uint32_t>(row);
    if (!engine.pending(r, links)) return;
    engine.FlushRow(r, links, ColumnPointers(), rows());
  }

  void Unlink(std::size_t row) {
    if (links.prev_row[row] >= 0)
      links.next_row[static_cast<std::size_t>(links.prev_row[row])] = -1;
    if (links.next_row[row] >= 0)
      links.prev_row[static_cast<std::size_t>(links.next_row[row])] = -1;
  }

  int GradeOf(std::size_t row) const;
  bool Vetoed(std::size_t row) const;  // any veto slot set (results must be current)
  std::string Reason(std::size_t row) const;
};

}  // namespace internal
}  // namespace rubric

#endif  // RUBRIC_LIB_API_SESSION_STATE_H_
