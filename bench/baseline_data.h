// Copies a session's values into the baseline's columns (for comparisons and benchmarks).
#ifndef RUBRIC_BENCH_BASELINE_DATA_H_
#define RUBRIC_BENCH_BASELINE_DATA_H_

#include <map>
#include <string>
#include <utility>

#include "baseline_consortium.h"
#include "rubric/session.h"

namespace rubric_baseline {

inline Data FromSession(const rubric::Session& session) {
  Data data;
  data.rows = session.row_count();
  data.values.assign(data.rows * kInputs, 0.0);
  std::map<std::pair<std::string, std::int64_t>, std::size_t> row_of;
  std::map<std::int64_t, std::uint32_t> period_index;
  for (std::size_t r = 0; r < data.rows; ++r) {
    row_of[{session.entity(r), session.period(r)}] = r;
    period_index.emplace(session.period(r), static_cast<std::uint32_t>(period_index.size()));
    for (int i = 0; i < kInputs; ++i) {
      data.values[r * kInputs + static_cast<std::size_t>(i)] =
          session.value(r, static_cast<std::size_t>(i));
    }
  }
  data.periods = period_index.size();
  for (std::size_t r = 0; r < data.rows; ++r) {
    auto it = row_of.find({session.entity(r), session.period(r) - 1});
    data.prev_row.push_back(it == row_of.end() ? -1 : static_cast<std::int64_t>(it->second));
    data.period_of.push_back(period_index[session.period(r)]);
  }
  return data;
}

}  // namespace rubric_baseline

#endif  // RUBRIC_BENCH_BASELINE_DATA_H_
