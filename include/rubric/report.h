// Writing results: the CSV layout of the reference evaluator, JSON, and a ranking table.
#ifndef RUBRIC_REPORT_H_
#define RUBRIC_REPORT_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "rubric/session.h"

namespace rubric {

// A number in the shortest form that reads back to the same double ("2", "0.1", "1e-09").
std::string FormatNumber(double value);

// Rows ordered by entity (byte-wise string order), then period.
std::vector<std::size_t> RowsInOutputOrder(const Session& session);

// Header `entity,period,node,points`; per row every node in pre-order, then `total`,
// `grade`, `vetoed` (true/false) and `veto_ids` (';'-joined). Numbers in shortest
// round-trip form. A row that is not scorable has empty values; a missing value is empty.
// Then one line per output (`output let`): its id and value, a named band's name.
void WriteResultsCsv(const Session& session, std::ostream& out);

// One JSON document: the standard's id and title, and per row its entity, period, whether
// it is scorable (and why not), total, grade, vetoes and every node's value. A missing value
// is `null`; a missing total comes with `missing_reason`; the values `impute` estimated are
// listed under `imputed` (expression, input, value, how); the outputs under `outputs`
// (id: value, or a named band's name).
void WriteResultsJson(const Session& session, std::ostream& out);

// Per period: rank, entity, total, grade and vetoes. Equal totals share a rank (1, 2, 2, 4);
// vetoed rows follow without a rank, then rows without a total (missing, with the reason),
// then rows that are not scorable.
void WriteRankingTable(const Session& session, std::ostream& out);

// Per session row: its rank within its period, or nullopt when it is unranked (not live,
// not scorable, vetoed, or without a finite total). rank = 1 + the number of ranked rows of
// the same period with a strictly greater total, so equal totals share a rank (1, 2, 2, 4):
// the ranks of WriteRankingTable and of the HTML report.
std::vector<std::optional<int>> Ranks(const Session& session);

// How the results writers below shape their output. The overloads without options keep
// the reference evaluator's layout (no rank).
struct ResultsOptions {
  // CSV: one row per entity and period, one column per node (pre-order), then total, rank,
  // grade, vetoed, veto_ids and one column per output. Else the long layout.
  bool wide = false;
  // Wide CSV: the nodes' labels (their ids when they have none) as column headers.
  bool labels = false;
  // Long CSV: a `rank` line per row after `total`; JSON: a "rank" field (null when
  // unranked). The table always shows ranks.
  bool rank = true;
  // Only the rows of the periods first_period..last_period (both included; either may be
  // open). Ranks are per period, so they do not depend on this.
  std::optional<std::int64_t> first_period;
  std::optional<std::int64_t> last_period;
  // Table only: the totals' decimals (fixed-point, for display). nullopt:
  // 2 when the standard declares total points, else 3. CSV and JSON always keep the
  // shortest round-trip form.
  std::optional<int> decimals;
  // CSV: a last column `standard_hash` with the standard's content hash in every line.
  bool stamp = false;
};
void WriteResultsCsv(const Session& session, const ResultsOptions& options, std::ostream& out);
void WriteResultsJson(const Session& session, const ResultsOptions& options, std::ostream& out);
void WriteRankingTable(const Session& session, const ResultsOptions& options, std::ostream& out);

// The SHA-256 digest of `bytes`, as 64 lowercase hexadecimal digits (what `sha256sum`
// prints for a file of those bytes).
std::string Sha256Hex(std::string_view bytes);

// "zh" when the standard's title or a node's label holds CJK characters, else "en".
std::string DefaultReportLanguage(const Standard& standard);

struct HtmlReportOptions {
  // The standard's file as named in the header, and its bytes: the header shows their
  // SHA-256, so that a printed report can be traced to the exact source it was scored with.
  std::string standard_file;
  std::string standard_source;
  std::string data_file;  // the data file's name, shown in the header
  // Only this period's ranking and entities; every period when nullopt.
  std::optional<std::int64_t> period;
  // With `period`, the last period of a range period..last_period (both included).
  std::optional<std::int64_t> last_period;
  // The decimals of the totals and points shown; nullopt: 2 when the standard declares
  // total points, else 3. Sort keys keep full precision.
  std::optional<int> decimals;
  // "zh" or "en"; empty: DefaultReportLanguage.
  std::string language;
  // The generation time (seconds since 1970-01-01 UTC). nullopt: the environment variable
  // SOURCE_DATE_EPOCH when set (reproducible output), else now.
  std::optional<std::int64_t> generated_at;
};

// One self-contained HTML page (inline CSS, JavaScript and SVG; nothing is fetched when it
// is opened; CJK text in the system's fonts): the header (title, version, SHA-256 of the
// standard's source, data file, generation time in UTC), per period the ranking (sortable
// by any column; grades coloured by band) and the distribution of totals with the grade
// bands, then per entity a radar of its level-1 and level-2 groups (as a share of their
// points, against the cohort median of the period), its total over the periods, its
// explanation tree (folded <details>) and its missing, imputed and dropped values. Every
// text is HTML-escaped. A print stylesheet puts each entity on its own page.
// kNotFound when `period` has no row; kInvalidArgument for an unknown language or a
// SOURCE_DATE_EPOCH that is not a whole number of seconds.
StatusOr<std::string> RenderHtmlReport(const Session& session, const HtmlReportOptions& options);

}  // namespace rubric

#endif  // RUBRIC_REPORT_H_
