// Reading a decision log back (include/rubric/audit.h).
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "audit/record_json.h"
#include "rubric/audit.h"
#include "rubric/file.h"

namespace rubric {
namespace {

using nlohmann::ordered_json;

// The record on one line, or why it is not one.
StatusOr<DecisionRecord> ParseRecord(const std::string& line) {
  const ordered_json json = ordered_json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) {
    return Status(StatusCode::kInvalidArgument, "not a JSON object");
  }
  DecisionRecord record;
  try {
    record.run = json.at("run").get<std::string>();
    record.row = json.at("row").get<std::size_t>();
    record.rows = json.at("rows").get<std::size_t>();
    const ordered_json& standard = json.at("standard");
    record.standard_id = standard.at("id").get<std::string>();
    record.standard_version = standard.at("version").get<std::string>();
    record.standard_hash = standard.at("hash").get<std::string>();
    record.entity = json.at("entity").get<std::string>();
    record.period = json.at("period").get<std::int64_t>();
    for (const auto& [id, value] : json.at("inputs").items()) {
      RecordedValue recorded;
      if (value.is_null()) {
        recorded.kind = RecordedValue::Kind::kMissing;
      } else if (value.is_boolean()) {
        recorded.kind = RecordedValue::Kind::kNumber;
        recorded.number = value.get<bool>() ? 1 : 0;
      } else if (value.is_number()) {
        recorded.kind = RecordedValue::Kind::kNumber;
        recorded.number = value.get<double>();
      } else if (value.is_string()) {
        recorded.kind = RecordedValue::Kind::kText;  // an option or a text: the standard tells
        recorded.text = value.get<std::string>();
      } else {
        return Status(StatusCode::kInvalidArgument, "input '" + id + "' is not a value");
      }
      record.inputs.emplace_back(id, std::move(recorded));
    }
    record.scorable = json.at("scorable").get<bool>();
    const std::optional<double> total = audit::NumberFromJson(json.at("total"));
    if (!total) return Status(StatusCode::kInvalidArgument, "total is not a number");
    record.total = *total;
    if (!json.at("grade").is_null()) record.grade = json.at("grade").get<std::string>();
    for (const ordered_json& veto : json.at("vetoes")) {
      record.vetoes.push_back(veto.get<std::string>());
    }
    for (const char* part : {"nodes", "outputs"}) {
      auto& into = std::string_view(part) == "nodes" ? record.nodes : record.outputs;
      for (const auto& [id, value] : json.at(part).items()) {
        const std::optional<double> number = audit::NumberFromJson(value);
        if (!number) return Status(StatusCode::kInvalidArgument, id + " is not a number");
        into.emplace_back(id, *number);
      }
    }
  } catch (const ordered_json::exception& e) {
    return Status(StatusCode::kInvalidArgument, std::string("not a decision record: ") + e.what());
  }
  if (record.row >= record.rows) {
    return Status(StatusCode::kInvalidArgument, "its row is not below the run's row count");
  }
  return record;
}

}  // namespace

StatusOr<DecisionLog> ReadDecisionLog(const std::string& path) {
  StatusOr<std::string> text = ReadInputFile(path, kMaxDataFileBytes);
  if (!text.ok()) return text.status();
  return ParseDecisionLog(*text);
}

DecisionLog ParseDecisionLog(std::string_view text) {
  DecisionLog log;
  std::map<std::string, std::size_t> run_index;
  std::size_t line_number = 0;
  std::size_t begin = 0;
  while (begin < text.size()) {
    std::size_t end = text.find('\n', begin);
    const bool torn = end == std::string_view::npos;
    if (torn) end = text.size();
    const std::string line(text.substr(begin, end - begin));
    begin = end + 1;
    ++line_number;
    if (line.empty()) continue;
    StatusOr<DecisionRecord> record = ParseRecord(line);
    if (!record.ok()) {
      log.problems.push_back(
          "line " + std::to_string(line_number) + ": " +
          (torn ? "an incomplete last line (a write cut short)" : record.status().message()));
      continue;
    }
    record->line = line_number;
    auto [it, added] = run_index.emplace(record->run, log.runs.size());
    if (added) log.runs.push_back(DecisionRun{record->run, {}, true});
    log.runs[it->second].records.push_back(std::move(*record));
  }
  for (DecisionRun& run : log.runs) {
    // The row count comes from the file: never allocate by it.
    const std::size_t rows = run.records.front().rows;
    std::set<std::size_t> seen;
    std::vector<DecisionRecord> ordered;
    for (DecisionRecord& record : run.records) {
      if (record.rows != rows || !seen.insert(record.row).second) {
        log.problems.push_back("line " + std::to_string(record.line) + ": run " + run.id +
                               " repeats row " + std::to_string(record.row) +
                               " or changes its row count");
        continue;
      }
      ordered.push_back(std::move(record));
    }
    std::sort(ordered.begin(), ordered.end(),
              [](const DecisionRecord& a, const DecisionRecord& b) { return a.row < b.row; });
    run.complete = ordered.size() == rows;
    run.records = std::move(ordered);
  }
  return log;
}

}  // namespace rubric
