// The audit trail: decision logs that tie every published result to the standard that
// produced it (its id, version and content hash), and replays that re-score the recorded
// inputs to show what, if anything, comes out differently (docs/audit.md).
//
// A decision log is a JSON Lines file: one record per scored row. A run (one `rubric score
// --log`, one service request) appends all its records at once, each naming the run and how
// many rows it has, so a reader can tell a run that was cut short.
#ifndef RUBRIC_AUDIT_H_
#define RUBRIC_AUDIT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rubric/session.h"
#include "rubric/standard.h"
#include "rubric/status.h"

namespace rubric {

// A new run id: 32 random hexadecimal digits.
std::string NewDecisionRunId();

// The decision records of every live row of `session`, in row order: one JSON object per
// line, each ending in '\n'. Reads results (evaluating the session if needed). A record
// holds only the standard's id, version and content hash, the run id and the row's place
// in it, the row's entity, period and inputs, how its missing inputs were treated, and its
// results: scorable, total, grade, vetoes, the points of every node and the outputs.
std::string DecisionRecords(const Session& session, std::string_view run_id);

// The records of the rows `rows` only (indices into the session), in that order.
std::string DecisionRecords(const Session& session, std::string_view run_id,
                            const std::vector<std::size_t>& rows);

// Appends `records` (whole lines) to the log at `path`, creating it (mode 0644) when absent,
// in one write and then flushed to disk (fsync), so that a run is in the log whole or, if
// the machine fails during the write, as a torn tail that readers report and skip. When the
// log ends in a torn line, a line break is written first, so later runs stay readable.
// The log must be a regular file: devices, folders and symbolic links to them are refused.
Status AppendDecisionLog(const std::string& path, std::string_view records);

// One recorded input value: missing, a number (bool inputs 0/1), an enum option or a text.
struct RecordedValue {
  enum class Kind { kMissing, kNumber, kOption, kText } kind = Kind::kMissing;
  double number = 0;
  std::string text;  // the option's label, or the text
};

struct DecisionRecord {
  std::string run;
  std::size_t row = 0;   // its place in the run, from 0
  std::size_t rows = 0;  // how many rows the run has
  std::string standard_id;
  std::string standard_version;
  std::string standard_hash;
  std::string entity;
  std::int64_t period = 0;
  std::vector<std::pair<std::string, RecordedValue>> inputs;  // in the standard's order
  bool scorable = false;
  double total = 0;                                     // rubric::MissingValue() when missing
  std::optional<std::string> grade;                     // none when the row has no grade
  std::vector<std::string> vetoes;                      // ids of the vetoes that fired
  std::vector<std::pair<std::string, double>> nodes;    // id -> points or value
  std::vector<std::pair<std::string, double>> outputs;  // id -> value
  std::size_t line = 0;                                 // where it was read, from 1
};

// A run read back from a log: its records in row order.
struct DecisionRun {
  std::string id;
  std::vector<DecisionRecord> records;
  bool complete = true;  // false when fewer records were found than the run announced
};

struct DecisionLog {
  std::vector<DecisionRun> runs;  // in the order they first appear
  // Lines that are not records (a torn tail, an edited line), with why: "line 12: ...".
  std::vector<std::string> problems;
};

// Reads a decision log. A file that cannot be read is an error; lines that do not parse are
// listed in problems and skipped.
StatusOr<DecisionLog> ReadDecisionLog(const std::string& path);
// The same for a log's text already in memory.
DecisionLog ParseDecisionLog(std::string_view text);

// One result that came out differently on replay.
struct ReplayDifference {
  std::string run;
  std::string entity;
  std::int64_t period = 0;
  std::string what;      // "total", "grade", "scorable", "vetoes", "node T1_1", "output x"
  std::string recorded;  // as text ("85.5", "良好", "none", "v1, v3")
  std::string replayed;
};

struct ReplayResult {
  std::size_t runs = 0;
  std::size_t rows = 0;
  // The hashes the records name, each once, in order of appearance.
  std::vector<std::string> recorded_hashes;
  std::string replayed_hash;  // the content hash of the standard replayed with
  std::vector<ReplayDifference> differences;
  // What the replay could not use: recorded inputs the standard does not have, runs
  // that were cut short, lines of the log that were not records.
  std::vector<std::string> notes;
};

// Re-scores every run of `log` with `standard` (each run in a session of its own, as it
// was scored: cohort functions see the same rows) and compares every recorded result,
// numbers bit for bit (a missing value equals a missing value).
ReplayResult Replay(const DecisionLog& log, const Standard& standard);

}  // namespace rubric

#endif  // RUBRIC_AUDIT_H_
