#include "service/decision_log.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <nlohmann/json.hpp>

#include "service/rows.h"

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

std::string DecisionRecords(const Session& session, std::span<const std::size_t> rows,
                            const DecisionSource& source) {
  const double now =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  std::string lines;
  for (std::size_t row : rows) {
    nlohmann::json record = RowResultJson(session, row, {});
    record["time"] = now;
    record["standard"] = source.standard_id;
    record["version"] = source.version;
    record["content_hash"] = source.content_hash;
    record["inputs"] = RowInputsJson(session, row);
    lines += record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    lines += '\n';
  }
  return lines;
}

Status DecisionLog::Append(const Session& session, std::span<const std::size_t> rows,
                           const DecisionSource& source) {
  if (fd_ < 0 || rows.empty()) return Status::Ok();
  return AppendLines(DecisionRecords(session, rows, source));
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
