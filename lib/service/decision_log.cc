#include "service/decision_log.h"

#include <fcntl.h>
#include <sys/stat.h>
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
  fd_ = open(path.c_str(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd_ < 0) {
    return Status(StatusCode::kIoError,
                  "cannot open the decision log " + path + ": " + std::strerror(errno));
  }
  return DropTornTail();
}

// A server killed during a write (kill -9, a power cut) can leave the last record cut
// short: the kernel may stop a large write between pages. That record's request never
// got its answer, so the torn line is removed before this server appends; whole records
// are never touched. Readers (rubric replay) also skip a torn last line.
Status DecisionLog::DropTornTail() {
  struct stat info {};
  if (fstat(fd_, &info) != 0 || !S_ISREG(info.st_mode) || info.st_size == 0) return Status::Ok();
  off_t end = info.st_size;
  char buffer[4096];
  while (end > 0) {
    const off_t begin = end > static_cast<off_t>(sizeof buffer) ? end - sizeof buffer : 0;
    const ssize_t got = pread(fd_, buffer, static_cast<std::size_t>(end - begin), begin);
    if (got <= 0) return Status(StatusCode::kIoError, "cannot read the decision log's end");
    for (ssize_t i = got - 1; i >= 0; --i) {
      if (buffer[i] == '\n') {
        const off_t keep = begin + i + 1;
        if (keep == info.st_size) return Status::Ok();
        return ftruncate(fd_, keep) == 0
                   ? Status::Ok()
                   : Status(StatusCode::kIoError, "cannot remove the decision log's torn end");
      }
    }
    end = begin;
  }
  return ftruncate(fd_, 0) == 0
             ? Status::Ok()
             : Status(StatusCode::kIoError, "cannot remove the decision log's torn end");
}

Status DecisionLog::Append(const Session& session, std::span<const std::size_t> rows) {
  if (fd_ < 0 || rows.empty()) return Status::Ok();
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
