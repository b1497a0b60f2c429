// Replaying a decision log (include/rubric/audit.h): every run re-scored in a session of
// its own, every recorded result compared.
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <set>

#include "audit/record_json.h"
#include "rubric/audit.h"
#include "rubric/missing.h"

namespace rubric {
namespace {

bool SameNumber(double a, double b) {
  if (IsMissing(a) || IsMissing(b)) return IsMissing(a) && IsMissing(b);
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b) || (a == 0 && b == 0);
}

std::string Joined(const std::vector<std::string>& items) {
  if (items.empty()) return "none";
  std::string text;
  for (const std::string& item : items) text += (text.empty() ? "" : ", ") + item;
  return text;
}

// Sets one recorded value; a note when the standard cannot take it.
Status SetRecorded(Session& session, std::size_t row, std::size_t input,
                   const RecordedValue& value) {
  const InputInfo& info = session.standard().inputs()[input];
  switch (value.kind) {
    case RecordedValue::Kind::kMissing:
      return Status();
    case RecordedValue::Kind::kNumber:
      if (info.type == InputType::kEnum || info.type == InputType::kText) {
        return session.SetFromString(row, input, audit::NumberText(value.number));
      }
      return session.SetNumber(row, input, value.number);
    case RecordedValue::Kind::kOption:
    case RecordedValue::Kind::kText:
      if (info.type == InputType::kText) return session.SetText(row, input, value.text);
      if (info.type == InputType::kEnum) {
        const std::optional<std::size_t> option = session.standard().FindOption(input, value.text);
        if (!option) {
          return Status(StatusCode::kInvalidArgument, "'" + value.text + "' is not an option");
        }
        return session.SetOption(row, input, *option);
      }
      return session.SetFromString(row, input, value.text);
  }
  return Status();
}

class Replayer {
 public:
  Replayer(const Standard& standard, ReplayResult* result) : standard_(standard), result_(result) {}

  void Run(const DecisionRun& run) {
    if (!run.complete) {
      result_->notes.push_back(
          "run " + run.id + " is incomplete: " + std::to_string(run.records.size()) + " of " +
          std::to_string(run.records.front().rows) + " records; replayed as found");
    }
    Session session(standard_);
    std::vector<std::size_t> rows;
    for (const DecisionRecord& record : run.records) {
      StatusOr<std::size_t> row = session.AddRow(record.entity, record.period);
      if (!row.ok()) {
        Note("line " + std::to_string(record.line) + ": " + row.status().message());
        rows.push_back(SIZE_MAX);
        continue;
      }
      rows.push_back(*row);
      for (const auto& [id, value] : record.inputs) {
        const std::optional<std::size_t> input = standard_.FindInput(id);
        if (!input) {
          Note("the recorded input '" + id + "' is not in the standard replayed with: ignored");
          continue;
        }
        const Status status = SetRecorded(session, *row, *input, value);
        if (!status.ok()) {
          Note("line " + std::to_string(record.line) + ": input '" + id + "': " + status.message());
        }
      }
    }
    session.Evaluate();
    for (std::size_t i = 0; i < run.records.size(); ++i) {
      if (rows[i] == SIZE_MAX) continue;
      Compare(run, run.records[i], session, rows[i]);
      ++result_->rows;
    }
    ++result_->runs;
  }

 private:
  void Note(const std::string& note) {
    if (noted_.insert(note).second) result_->notes.push_back(note);
  }

  void Differ(const DecisionRun& run, const DecisionRecord& record, std::string what,
              std::string recorded, std::string replayed) {
    result_->differences.push_back({run.id, record.entity, record.period, std::move(what),
                                    std::move(recorded), std::move(replayed)});
  }

  void Compare(const DecisionRun& run, const DecisionRecord& record, const Session& session,
               std::size_t row) {
    const bool scorable = session.scorable(row);
    if (scorable != record.scorable) {
      Differ(run, record, "scorable", record.scorable ? "yes" : "no", scorable ? "yes" : "no");
    }
    if (scorable && record.scorable && !SameNumber(record.total, session.total(row))) {
      Differ(run, record, "total", audit::NumberText(record.total),
             audit::NumberText(session.total(row)));
    }
    const std::string* grade = session.grade(row);
    const std::string recorded_grade = record.grade.value_or("none");
    const std::string replayed_grade = grade != nullptr ? *grade : "none";
    if (recorded_grade != replayed_grade) {
      Differ(run, record, "grade", recorded_grade, replayed_grade);
    }
    std::vector<std::string> vetoes;
    for (std::size_t veto : session.fired_vetoes(row)) {
      vetoes.push_back(standard_.vetoes()[veto].id);
    }
    if (vetoes != record.vetoes)
      Differ(run, record, "vetoes", Joined(record.vetoes), Joined(vetoes));
    if (!scorable || !record.scorable) return;
    for (const auto& [id, value] : record.nodes) {
      const std::optional<std::size_t> node = standard_.FindNode(id);
      const double replayed = node ? session.node_value(row, *node) : MissingValue();
      if (!node) {
        Differ(run, record, "node " + id, audit::NumberText(value), "not in the standard");
      } else if (!SameNumber(value, replayed)) {
        Differ(run, record, "node " + id, audit::NumberText(value), audit::NumberText(replayed));
      }
    }
    for (const auto& [id, value] : record.outputs) {
      std::optional<std::size_t> output;
      for (std::size_t o = 0; o < standard_.outputs().size(); ++o) {
        if (standard_.outputs()[o].id == id) output = o;
      }
      if (!output) {
        Differ(run, record, "output " + id, audit::NumberText(value), "not in the standard");
      } else if (!SameNumber(value, session.output_value(row, *output))) {
        Differ(run, record, "output " + id, audit::NumberText(value),
               audit::NumberText(session.output_value(row, *output)));
      }
    }
  }

  const Standard& standard_;
  ReplayResult* result_;
  std::set<std::string> noted_;
};

}  // namespace

ReplayResult Replay(const DecisionLog& log, const Standard& standard) {
  ReplayResult result;
  result.replayed_hash = standard.content_hash();
  for (const DecisionRun& run : log.runs) {
    for (const DecisionRecord& record : run.records) {
      if (std::find(result.recorded_hashes.begin(), result.recorded_hashes.end(),
                    record.standard_hash) == result.recorded_hashes.end()) {
        result.recorded_hashes.push_back(record.standard_hash);
      }
    }
  }
  result.notes = log.problems;
  Replayer replayer(standard, &result);
  for (const DecisionRun& run : log.runs) {
    if (!run.records.empty()) replayer.Run(run);
  }
  return result;
}

}  // namespace rubric
