// Writing decision records (include/rubric/audit.h) and appending them to a log.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>
#include <random>

#include "audit/record_json.h"
#include "rubric/audit.h"
#include "rubric/explain.h"
#include "rubric/missing.h"

namespace rubric {
namespace {

using nlohmann::ordered_json;

ordered_json InputValue(const Session& session, std::size_t row, std::size_t input) {
  const InputInfo& info = session.standard().inputs()[input];
  if (session.is_missing(row, input)) return nullptr;
  switch (info.type) {
    case InputType::kEnum: {
      const double index = session.value(row, input);
      if (index >= 0 && index < static_cast<double>(info.options.size())) {
        return info.options[static_cast<std::size_t>(index)];
      }
      return audit::NumberJson(index);
    }
    case InputType::kText:
      return session.text(row, input);
    case InputType::kBool:
      return session.value(row, input) != 0;
    default:
      return audit::NumberJson(session.value(row, input));
  }
}

// How a missing input was treated in `row`, in words.
std::string MissingTreatment(const Session& session, std::size_t row, std::size_t input,
                             const std::vector<Imputation>& imputations) {
  const InputInfo& info = session.standard().inputs()[input];
  switch (info.missing) {
    case MissingPolicy::kDefault:
      return "read as " + audit::NumberText(session.value(row, input)) + " (missing default)";
    case MissingPolicy::kExclude:
      return "left out of what reads it (missing exclude)";
    case MissingPolicy::kUnscorable:
      return "the row is not scorable (missing unscorable)";
    case MissingPolicy::kImpute:
      for (const Imputation& imputation : imputations) {
        if (imputation.input == info.id) {
          return "imputed " + audit::NumberText(imputation.value) + ": " + imputation.how;
        }
      }
      return "not imputed: the row is not scorable";
  }
  return "";
}

ordered_json Record(const Session& session, std::string_view run_id, std::size_t place,
                    std::size_t rows, std::size_t row) {
  const Standard& standard = session.standard();
  ordered_json record;
  record["run"] = run_id;
  record["row"] = place;
  record["rows"] = rows;
  record["standard"] = {
      {"id", standard.id()}, {"version", standard.version()}, {"hash", standard.content_hash()}};
  record["entity"] = session.entity(row);
  record["period"] = session.period(row);
  ordered_json inputs = ordered_json::object();
  ordered_json missing = ordered_json::object();
  const std::vector<Imputation> imputations = session.imputations(row);
  for (std::size_t i = 0; i < standard.inputs().size(); ++i) {
    const std::string& id = standard.inputs()[i].id;
    inputs[id] = InputValue(session, row, i);
    if (session.is_missing(row, i)) missing[id] = MissingTreatment(session, row, i, imputations);
  }
  record["inputs"] = std::move(inputs);
  record["missing"] = std::move(missing);
  const bool scorable = session.scorable(row);
  record["scorable"] = scorable;
  if (!scorable) record["why"] = session.unscorable_reason(row);
  record["total"] = scorable ? audit::NumberJson(session.total(row)) : ordered_json(nullptr);
  const std::string* grade = session.grade(row);
  record["grade"] = grade != nullptr ? ordered_json(*grade) : ordered_json(nullptr);
  ordered_json vetoes = ordered_json::array();
  for (std::size_t veto : session.fired_vetoes(row)) vetoes.push_back(standard.vetoes()[veto].id);
  record["vetoes"] = std::move(vetoes);
  ordered_json nodes = ordered_json::object();
  ordered_json outputs = ordered_json::object();
  if (scorable) {
    for (std::size_t n = 0; n < standard.nodes().size(); ++n) {
      nodes[standard.nodes()[n].id] = audit::NumberJson(session.node_value(row, n));
    }
    for (std::size_t o = 0; o < standard.outputs().size(); ++o) {
      outputs[standard.outputs()[o].id] = audit::NumberJson(session.output_value(row, o));
    }
  }
  record["nodes"] = std::move(nodes);
  record["outputs"] = std::move(outputs);
  return record;
}

Status ErrnoStatus(const std::string& what, const std::string& path) {
  return Status(StatusCode::kIoError, what + " '" + path + "': " + std::strerror(errno));
}

}  // namespace

std::string NewDecisionRunId() {
  std::random_device device;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  for (int i = 0; i < 8; ++i) {
    std::uint32_t word = device();
    for (int j = 0; j < 4; ++j, word >>= 4) id += kHex[word & 0xF];
  }
  return id;
}

std::string DecisionRecords(const Session& session, std::string_view run_id,
                            const std::vector<std::size_t>& rows) {
  std::string text;
  for (std::size_t place = 0; place < rows.size(); ++place) {
    // error_handler::replace: a text that is not UTF-8 cannot reach here (the session
    // refuses it), but a log must never fail half-way.
    text += Record(session, run_id, place, rows.size(), rows[place])
                .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    text += '\n';
  }
  return text;
}

std::string DecisionRecords(const Session& session, std::string_view run_id) {
  std::vector<std::size_t> rows;
  for (std::size_t row = 0; row < session.row_count(); ++row) {
    if (session.live(row)) rows.push_back(row);
  }
  return DecisionRecords(session, run_id, rows);
}

Status AppendDecisionLog(const std::string& path, std::string_view records) {
  // O_NOFOLLOW | O_NONBLOCK: no symbolic link is followed and a FIFO cannot block us; the
  // fstat below then refuses anything but a regular file before a byte is written.
  const int fd =
      ::open(path.c_str(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0644);
  if (fd < 0) return ErrnoStatus("cannot open the decision log", path);
  struct stat info {};
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    ::close(fd);
    return Status(StatusCode::kInvalidArgument,
                  "the decision log '" + path + "' is not a regular file");
  }
  std::string text;
  if (info.st_size > 0) {
    char last = '\n';
    if (::pread(fd, &last, 1, info.st_size - 1) == 1 && last != '\n') text += '\n';  // torn
  }
  text.append(records);
  std::size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const Status status = ErrnoStatus("cannot write the decision log", path);
      ::close(fd);
      return status;
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    const Status status = ErrnoStatus("cannot flush the decision log", path);
    ::close(fd);
    return status;
  }
  if (::close(fd) != 0) return ErrnoStatus("cannot close the decision log", path);
  return Status();
}

}  // namespace rubric
