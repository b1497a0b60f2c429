// rubric replay LOG [STANDARD] [--format text|json]: re-scores the inputs a decision log
// recorded (`rubric score --log`) and lists every result that comes out differently.
// Without STANDARD, the standard the log names is looked for among the *.rubric files
// beside the log and in the current folder, by its content hash. Exit 0: nothing differs;
// 1: something does; 2: the log or the standard cannot be used.
#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli_support.h"
#include "rubric/audit.h"

namespace rubric::cli {
namespace {

// The first *.rubric file beside the log or in the current folder whose content hash is
// `hash`, compiled; nullopt when there is none.
std::optional<rubric::Standard> FindRecordedStandard(const std::string& log_path,
                                                     const std::string& hash,
                                                     std::string* found_path) {
  namespace fs = std::filesystem;
  std::vector<fs::path> folders = {fs::path(log_path).parent_path(), fs::path(".")};
  if (folders[0].empty()) folders.erase(folders.begin());
  for (const fs::path& folder : folders) {
    std::error_code error;
    std::vector<fs::path> candidates;
    for (const fs::directory_entry& entry : fs::directory_iterator(folder, error)) {
      if (entry.path().extension() == ".rubric" && entry.is_regular_file(error)) {
        candidates.push_back(entry.path());
      }
    }
    std::sort(candidates.begin(), candidates.end());
    for (const fs::path& candidate : candidates) {
      rubric::CompileResult result = rubric::Standard::CompileFile(candidate.string());
      if (result.ok() && result.standard->content_hash() == hash) {
        *found_path = candidate.lexically_normal().string();
        return std::move(result.standard);
      }
    }
  }
  return std::nullopt;
}

void PrintText(const rubric::ReplayResult& result, const std::string& standard_path,
               std::ostream& out) {
  out << "replayed " << result.rows << (result.rows == 1 ? " row" : " rows") << " in "
      << result.runs << (result.runs == 1 ? " run" : " runs") << " with " << standard_path << " ("
      << result.replayed_hash << ")\n";
  for (const std::string& hash : result.recorded_hashes) {
    out << "recorded with " << hash
        << (hash == result.replayed_hash ? " (the same standard)" : " (another standard)") << "\n";
  }
  for (const std::string& note : result.notes) out << "note: " << note << "\n";
  if (result.differences.empty()) {
    out << "no result differs\n";
    return;
  }
  for (const rubric::ReplayDifference& d : result.differences) {
    out << d.entity << " " << d.period << ": " << d.what << " " << d.recorded << " -> "
        << d.replayed << "\n";
  }
  out << result.differences.size() << " results differ\n";
}

void PrintJson(const rubric::ReplayResult& result, const std::string& standard_path,
               std::ostream& out) {
  nlohmann::ordered_json doc;
  doc["standard"] = standard_path;
  doc["hash"] = result.replayed_hash;
  doc["recorded_hashes"] = result.recorded_hashes;
  doc["runs"] = result.runs;
  doc["rows"] = result.rows;
  doc["notes"] = result.notes;
  nlohmann::ordered_json differences = nlohmann::ordered_json::array();
  for (const rubric::ReplayDifference& d : result.differences) {
    differences.push_back({{"run", d.run},
                           {"entity", d.entity},
                           {"period", d.period},
                           {"what", d.what},
                           {"recorded", d.recorded},
                           {"replayed", d.replayed}});
  }
  doc["differences"] = std::move(differences);
  out << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

}  // namespace

int Replay(const std::vector<std::string>& args) {
  std::string format = "text";
  std::vector<std::string> positional;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--format" && i + 1 < args.size()) {
      format = args[++i];
    } else if (args[i].size() > 1 && args[i][0] == '-') {
      std::cerr << "rubric: replay: unknown option '" << args[i] << "'\n";
      return kUsage;
    } else {
      positional.push_back(args[i]);
    }
  }
  if (positional.empty() || positional.size() > 2 || (format != "text" && format != "json")) {
    std::cerr << "usage: rubric replay LOG.jsonl [STANDARD] [--format text|json]\n";
    return kUsage;
  }
  const std::string& log_path = positional[0];
  rubric::StatusOr<rubric::DecisionLog> log = rubric::ReadDecisionLog(log_path);
  if (!log.ok()) {
    std::cerr << "rubric: " << log.status().message() << "\n";
    return kUsage;
  }
  if (log->runs.empty()) {
    std::cerr << "rubric: " << log_path << " holds no decision record";
    if (!log->problems.empty()) std::cerr << " (" << log->problems.front() << ")";
    std::cerr << "\n";
    return kUsage;
  }
  std::optional<rubric::Standard> standard;
  std::string standard_path;
  if (positional.size() == 2) {
    int status = kOk;
    standard_path = positional[1];
    standard = CompileFile(standard_path, &status);
    if (!standard) return status;
  } else {
    const std::string& hash = log->runs.front().records.front().standard_hash;
    standard = FindRecordedStandard(log_path, hash, &standard_path);
    if (!standard) {
      std::cerr << "rubric: the standard the log names ("
                << log->runs.front().records.front().standard_id << ", " << hash
                << ") is not among the .rubric files beside the log or here; name it: "
                   "rubric replay LOG STANDARD\n";
      return kUsage;
    }
  }
  const rubric::ReplayResult result = rubric::Replay(*log, *standard);
  if (format == "json") {
    PrintJson(result, standard_path, std::cout);
  } else {
    PrintText(result, standard_path, std::cout);
  }
  return result.differences.empty() ? kOk : kErrors;
}

}  // namespace rubric::cli
