// The decision log: one JSON record per scored row, appended to a file (JSON Lines). The
// records of one request go out in a single write(2) on a file opened with O_APPEND, so a
// process killed at any moment leaves whole records only, and records of concurrent
// requests never interleave. Shared by `rubric serve --log` (and meant for `rubric score
// --log`, which writes the same records through rubric::AppendDecisionLog).
#ifndef RUBRIC_SERVICE_DECISION_LOG_H_
#define RUBRIC_SERVICE_DECISION_LOG_H_

#include <cstddef>
#include <mutex>
#include <span>
#include <string>
#include <string_view>

#include "rubric/session.h"
#include "rubric/status.h"

namespace rubric::service {

class DecisionLog {
 public:
  DecisionLog() = default;
  ~DecisionLog();
  DecisionLog(const DecisionLog&) = delete;
  DecisionLog& operator=(const DecisionLog&) = delete;

  // Opens (creating, mode 0600) `path` for appending; a torn last line (a server killed
  // during a write) is removed first.
  Status Open(const std::string& path);
  bool is_open() const { return fd_ >= 0; }

  // One decision record (rubric/audit.h) per row of `rows`, as one run: the standard's id,
  // version and content hash, entity, period, inputs, how missing ones were treated, and
  // the results. Appends them all in one write.
  Status Append(const Session& session, std::span<const std::size_t> rows);
  // Appends `lines` (whole records, each ending in a newline) in one write.
  Status AppendLines(std::string_view lines);

 private:
  Status DropTornTail();

  int fd_ = -1;
  std::mutex mutex_;
};

}  // namespace rubric::service

#endif  // RUBRIC_SERVICE_DECISION_LOG_H_
