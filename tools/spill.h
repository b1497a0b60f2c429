// Sorted runs of records spilled to a temporary file, merged back in order: how
// `rubric score --stream` writes results in the order of the whole file (by entity, then
// period) while it computes them period by period.
#ifndef RUBRIC_TOOLS_SPILL_H_
#define RUBRIC_TOOLS_SPILL_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "rubric/status.h"

namespace rubric::cli {

// A record's key: text (byte-wise order), then a number.
struct SpillKey {
  std::string_view text;
  std::int64_t number = 0;
};

class Spill {
 public:
  // An unnamed temporary file in `folder` (empty: $TMPDIR, else /tmp), removed when the
  // spill goes.
  static StatusOr<Spill> Create(const std::string& folder = {});
  Spill(Spill&& other) noexcept;
  Spill& operator=(Spill&&) = delete;
  Spill(const Spill&) = delete;
  ~Spill();

  // Appends a record to the current run; a run's records come in ascending key order.
  void Add(SpillKey key, std::string_view payload);
  // Ends the current run (an empty one is dropped) and writes it out: Merge reads only
  // ended runs. A write error of Add or EndRun is returned here (and by Merge).
  Status EndRun();
  std::size_t records() const { return records_; }

  // Calls `emit` for every record of every run, in ascending key order (records with
  // equal keys in the order of their runs), reading each run through a small buffer.
  using Emit = std::function<void(SpillKey key, std::string_view payload)>;
  Status Merge(const Emit& emit) const;

 private:
  Spill(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  Status Flush();

  struct Run {
    std::uint64_t offset = 0;
    std::uint64_t size = 0;
  };
  int fd_ = -1;
  std::string path_;  // for messages (the file is unlinked at once)
  std::string buffer_;
  std::uint64_t written_ = 0;  // bytes in the file
  std::uint64_t run_start_ = 0;
  std::vector<Run> runs_;
  std::size_t records_ = 0;
  Status error_;  // the first write error, sticky
};

}  // namespace rubric::cli

#endif  // RUBRIC_TOOLS_SPILL_H_
