#include "results_split.h"

#include <algorithm>
#include <sstream>

namespace rubric::cli {
namespace {

// `text` as a CSV field, as the results writers quote it.
std::string CsvField(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

}  // namespace

void WriteResults(const std::string& format, const Session& session, const ResultsOptions& shape,
                  std::ostream& out) {
  if (format == "csv") {
    WriteResultsCsv(session, shape, out);
  } else if (format == "json") {
    WriteResultsJson(session, shape, out);
  } else {
    WriteRankingTable(session, shape, out);
  }
}

ResultsSplitter::ResultsSplitter(const Standard& standard, const ResultsOptions& shape,
                                 std::string format)
    : shape_(shape), format_(std::move(format)) {
  Session empty(standard);
  std::ostringstream text;
  WriteResults(format_, empty, shape_, text);
  empty_ = text.str();
  if (format_ == "csv") {
    head_ = empty_;
  } else if (format_ == "json") {
    constexpr std::string_view kNoRows = "[]\n}\n";
    const std::size_t at = empty_.rfind(kNoRows);
    if (at != std::string::npos) head_ = empty_.substr(0, at + 1);  // up to the '['
  }
}

Status ResultsSplitter::Add(const Session& session, std::int64_t period,
                            const std::vector<std::size_t>& rows, Spill* spill) const {
  ResultsOptions one = shape_;
  one.first_period = period;
  one.last_period = period;
  std::ostringstream out;
  WriteResults(format_, session, one, out);
  const std::string text = out.str();
  if (format_ == "table") {
    spill->Add({"", period}, text);
    return spill->EndRun();
  }
  std::vector<std::string_view> parts;
  if (!Split(text, rows.size(), &parts)) {
    return Status(StatusCode::kInternal, "--stream: the results of period " +
                                             std::to_string(period) +
                                             " do not split into their rows");
  }
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::string& entity = session.entity(rows[i]);
    if (format_ == "csv" && parts[i].rfind(CsvField(entity) + ",", 0) != 0) {
      return Status(StatusCode::kInternal, "--stream: the results of entity '" + entity +
                                               "', period " + std::to_string(period) +
                                               " are not where they were expected");
    }
    spill->Add({entity, period}, parts[i]);
  }
  return spill->EndRun();
}

bool ResultsSplitter::Split(std::string_view text, std::size_t rows,
                            std::vector<std::string_view>* parts) const {
  if (format_ == "csv") {
    if (text.substr(0, head_.size()) != head_) return false;
    text.remove_prefix(head_.size());
    const auto lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
    if (rows == 0) return text.empty();
    if (lines % rows != 0 || (!text.empty() && text.back() != '\n')) return false;
    const std::size_t per_row = lines / rows;
    std::size_t at = 0;
    for (std::size_t r = 0; r < rows; ++r) {
      std::size_t end = at;
      for (std::size_t l = 0; l < per_row; ++l) end = text.find('\n', end) + 1;
      parts->push_back(text.substr(at, end - at));
      at = end;
    }
    return true;
  }
  // JSON (dump with an indent of 2): the rows' objects are at indent 4, one after another.
  constexpr std::string_view kEnd = "\n  ]\n}\n";
  if (head_.empty() || text.substr(0, head_.size()) != head_ || rows == 0 ||
      text.size() < head_.size() + kEnd.size() + 1 ||
      text.substr(text.size() - kEnd.size()) != kEnd) {
    return false;
  }
  std::string_view body = text.substr(head_.size() + 1);  // after "[\n"
  body.remove_suffix(kEnd.size());
  constexpr std::string_view kBetween = "\n    },\n    {\n";
  while (true) {
    const std::size_t at = body.find(kBetween);
    if (at == std::string_view::npos) break;
    parts->push_back(body.substr(0, at + 6));  // through "\n    }"
    body.remove_prefix(at + 8);                // from "    {\n"
  }
  parts->push_back(body);
  return parts->size() == rows;
}

}  // namespace rubric::cli
