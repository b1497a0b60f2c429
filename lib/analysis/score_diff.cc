// DiffScores: one data file scored by two standards, row by row.
#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "analysis/variant_data.h"
#include "grammar/utf8.h"
#include "io/csv_reader.h"
#include "rubric/diff.h"
#include "rubric/session.h"
#include "util/csv_field.h"

namespace rubric {
namespace internal {
namespace {

// Line breaks as CsvReader counts them: "\r\n", a lone "\r" and "\n" are one each.
int CountLineBreaks(std::string_view text) {
  int count = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n'))) {
      ++count;
    }
  }
  return count;
}

// Long-format `csv` without the records of `skipped` inputs, which LoadCsv would report as
// unknown. Every other record stays on its line (blank lines, which are no records, take
// the place of the ones left out), so diagnostics name the lines of the original file.
// nullopt when the text is not long-format CSV that reads cleanly: it is then loaded as it
// is, and LoadCsv says what is wrong with it.
std::optional<std::string> WithoutInputs(std::string_view csv,
                                         const absl::flat_hash_set<std::string>& skipped) {
  if (!utf8::IsValid(csv)) return std::nullopt;
  data::CsvReader reader(csv);
  data::CsvRecordView record;
  std::string out;
  int line = 1;  // the line `out` ends on
  bool header = true;
  while (true) {
    absl::StatusOr<bool> more = reader.Next(&record);
    if (!more.ok()) return std::nullopt;
    if (!*more) break;
    if (header) {
      const std::vector<std::string_view> long_header = {"entity", "period", "input", "value"};
      if (record.fields != long_header) return std::nullopt;
      header = false;
    } else if (record.fields.size() == 4 && skipped.contains(std::string(record.fields[2]))) {
      continue;
    }
    out.append(static_cast<std::size_t>(std::max(0, record.line - line)), '\n');
    line = std::max(line, record.line);
    for (std::size_t i = 0; i < record.fields.size(); ++i) {
      const std::string field = util::CsvField(std::string(record.fields[i]));
      if (i > 0) out += ',';
      out += field;
      line += CountLineBreaks(field);
    }
    out += '\n';
    ++line;
  }
  return out;
}

}  // namespace

// `csv` loaded for `standard`; the inputs only `other` knows are skipped.
LoadedSession Load(const Standard& standard, const Standard& other, std::string_view csv,
                   std::string_view file_name, const CsvOptions& options) {
  absl::flat_hash_set<std::string> skipped;
  CsvOptions own = options;
  for (const InputInfo& input : other.inputs()) {
    if (standard.FindInput(input.id)) continue;
    skipped.insert(input.id);
    own.ignore_columns.push_back(input.id);  // the wide layout
  }
  std::optional<std::string> filtered;
  if (!skipped.empty()) filtered = WithoutInputs(csv, skipped);
  LoadedSession loaded;
  loaded.session.emplace(standard);
  LoadReport report = LoadCsv(*loaded.session, filtered ? *filtered : csv, file_name, own);
  for (Diagnostic& d : report.diagnostics) {
    if (d.severity == Severity::kError) {
      loaded.errors.push_back(std::move(d));
    } else if (d.code == "W0002") {
      loaded.absent_inputs.push_back(std::move(d));
    }
  }
  return loaded;
}

}  // namespace internal

namespace {

using internal::Load;
using internal::LoadedSession;

// The rank of every row (0 for rows that are not ranked), as `rubric score` ranks them.
std::vector<int> Ranks(const Session& session) {
  std::map<std::int64_t, std::vector<std::size_t>> by_period;
  for (std::size_t row = 0; row < session.row_count(); ++row) {
    if (session.live(row) && session.scorable(row) && !session.vetoed(row) &&
        !std::isnan(session.total(row))) {
      by_period[session.period(row)].push_back(row);
    }
  }
  std::vector<int> ranks(session.row_count(), 0);
  for (auto& [period, rows] : by_period) {
    std::sort(rows.begin(), rows.end(),
              [&](std::size_t x, std::size_t y) { return session.total(x) > session.total(y); });
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const bool tie = i > 0 && session.total(rows[i]) == session.total(rows[i - 1]);
      ranks[rows[i]] = tie ? ranks[rows[i - 1]] : static_cast<int>(i) + 1;
    }
  }
  return ranks;
}

struct Scored {
  std::optional<double> total;
  std::string grade;
  int rank = 0;
};

Scored ScoreOf(const Session& session, const std::vector<int>& ranks, std::size_t row) {
  Scored scored;
  if (!session.scorable(row)) return scored;
  scored.total = session.total(row);
  if (const std::string* grade = session.grade(row)) scored.grade = *grade;
  scored.rank = ranks[row];
  return scored;
}

}  // namespace

StatusOr<ScoreDiff> DiffScores(const Standard& a, const Standard& b, std::string_view csv,
                               std::string_view file_name, const CsvOptions& options) {
  LoadedSession loaded_a = Load(a, b, csv, file_name, options);
  LoadedSession loaded_b = Load(b, a, csv, file_name, options);
  // Most data errors are the same for both standards: each is reported once.
  std::vector<Diagnostic> errors = std::move(loaded_a.errors);
  const std::size_t from_a = errors.size();
  for (Diagnostic& d : loaded_b.errors) {
    const bool repeated = std::any_of(errors.begin(), errors.begin() + from_a, [&](const auto& e) {
      return e.code == d.code && e.line == d.line && e.message == d.message;
    });
    if (!repeated) errors.push_back(std::move(d));
  }
  if (!errors.empty()) return Status(StatusCode::kDataError, RenderAll(errors));

  Session& session_a = *loaded_a.session;
  Session& session_b = *loaded_b.session;
  session_a.Evaluate();
  session_b.Evaluate();
  const std::vector<int> ranks_a = Ranks(session_a);
  const std::vector<int> ranks_b = Ranks(session_b);

  // Rows by period, then entity; a row may be in one session only (when the file gives it
  // only inputs the other standard does not know).
  using Key = std::pair<std::int64_t, std::string>;
  std::map<Key, std::pair<std::optional<std::size_t>, std::optional<std::size_t>>> rows;
  for (std::size_t row = 0; row < session_a.row_count(); ++row) {
    if (session_a.live(row)) rows[{session_a.period(row), session_a.entity(row)}].first = row;
  }
  for (std::size_t row = 0; row < session_b.row_count(); ++row) {
    if (session_b.live(row)) rows[{session_b.period(row), session_b.entity(row)}].second = row;
  }

  ScoreDiff diff;
  diff.rows = rows.size();
  diff.warnings = std::move(loaded_a.absent_inputs);
  for (Diagnostic& d : loaded_b.absent_inputs) {
    const bool repeated = std::any_of(diff.warnings.begin(), diff.warnings.end(),
                                      [&](const Diagnostic& w) { return w.message == d.message; });
    if (!repeated) diff.warnings.push_back(std::move(d));
  }
  for (const auto& [key, pair] : rows) {
    const Scored in_a = pair.first ? ScoreOf(session_a, ranks_a, *pair.first) : Scored{};
    const Scored in_b = pair.second ? ScoreOf(session_b, ranks_b, *pair.second) : Scored{};
    const bool grade_changed = in_a.grade != in_b.grade;
    const bool rank_changed = in_a.rank != in_b.rank;
    diff.grade_changes += grade_changed ? 1 : 0;
    diff.rank_changes += rank_changed ? 1 : 0;
    if (!grade_changed && !rank_changed) continue;
    RowChange change;
    change.entity = key.second;
    change.period = key.first;
    change.total_a = in_a.total;
    change.total_b = in_b.total;
    change.grade_a = in_a.grade;
    change.grade_b = in_b.grade;
    change.rank_a = in_a.rank;
    change.rank_b = in_b.rank;
    diff.rows_changed.push_back(std::move(change));
  }
  return diff;
}

}  // namespace rubric
