#include "service/decision_log.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "rubric/audit.h"

namespace rubric::service {

DecisionLog::~DecisionLog() {
  if (fd_ >= 0) close(fd_);
}

Status DecisionLog::Open(const std::string& path) {
  fd_ = open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd_ < 0) {
    return Status(StatusCode::kIoError,
                  "cannot open the decision log " + path + ": " + std::strerror(errno));
  }
  return Status::Ok();
}

Status DecisionLog::Append(const Session& session, std::span<const std::size_t> rows,
                           const DecisionSource& source) {
  if (fd_ < 0 || rows.empty()) return Status::Ok();
  (void)source;  // the records name the session's standard themselves
  // The records `rubric score --log` writes (rubric/audit.h), one run per request, so that
  // `rubric replay` reads the service's log as it reads the command's.
  return AppendLines(rubric::DecisionRecords(session, rubric::NewDecisionRunId(),
                                             std::vector<std::size_t>(rows.begin(), rows.end())));
}

Status DecisionLog::AppendLines(std::string_view lines) {
  std::lock_guard<std::mutex> lock(mutex_);
  // One write for the whole batch; a short write (a full disk) is finished by further
  // writes, and the caller hears of any failure.
  while (!lines.empty()) {
    const ssize_t written = write(fd_, lines.data(), lines.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return Status(StatusCode::kIoError,
                    std::string("cannot write the decision log: ") + std::strerror(errno));
    }
    lines.remove_prefix(static_cast<std::size_t>(written));
  }
  return Status::Ok();
}

}  // namespace rubric::service
