// Comparing two standards (a base and a regional variant, two versions): what changed, item
// by item, and, on the same data, whose grades and ranks move.
#ifndef RUBRIC_DIFF_H_
#define RUBRIC_DIFF_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rubric/data.h"
#include "rubric/standard.h"
#include "rubric/status.h"

namespace rubric {

// One difference between standard A and standard B. Items are matched by id.
//
// `what` is the word its line of RenderStandardDiff starts with:
//   kAdded, kRemoved: the kind of item: "group", "indicator", "input", "let", "veto",
//     "grade band"; `after` (added) or `before` (removed) describes it: its label, points
//     and parent, an input's type, a let's or veto's expression, a band's rule.
//   kLabel:  "label" (of a node, input, let or standalone veto), "veto label" (an
//     indicator's own veto, when it is not just the indicator's label).
//   kPoints: "points" (declared points: "4", "4 normalize", "(none)").
//   kRule:   "rule" (a node's rule: "score EXPR", "value EXPR", "sum of children",
//     "no rule"), "let" (a let's expression), "value" (the standard's own value rule).
//   kVeto:   "veto": a veto's condition; "(none)" when an indicator gains or loses its veto.
//   kInput:  "type", "unit", "bounds", "options", "missing" (an input's policy, when it
//     does not just follow a changed standard-wide policy).
//   kGrades: "grades" (a band whose minimum changed; `id` is the band's name, before and
//     after are the bands: "优秀 >= 90"), "grade tolerance".
//   kHeader: "standard" (the id), "title", "version", "total", "missing".
//   kMoved:  "parent": a node now sits under another parent ("(top level)" at the top).
// Expressions are written by the language's canonical printer, so equal texts compute
// alike; labels, titles and versions are given as they are (the renderer quotes them).
struct StandardChange {
  enum class Kind {
    kAdded,
    kRemoved,
    kLabel,
    kPoints,
    kRule,
    kVeto,
    kInput,
    kGrades,
    kHeader,
    kMoved
  };
  Kind kind = Kind::kHeader;
  std::string id;  // the item's id (a grade band's name); empty for the standard's own
  std::string what;
  std::string before;  // empty for kAdded
  std::string after;   // empty for kRemoved
};

const char* StandardChangeKindName(StandardChange::Kind kind);  // "added", "removed", ...

// What changed from `a` to `b`: header and grades first, then B's inputs, lets, nodes and
// vetoes in source order (each item's changes together), then what B no longer has, in A's
// order. Empty when the standards are the same.
std::vector<StandardChange> DiffStandards(const Standard& a, const Standard& b);

// One row (entity and period) scored by both standards.
struct RowChange {
  std::string entity;
  std::int64_t period = 0;
  std::optional<double> total_a, total_b;  // nullopt: no row, or not scorable
  std::string grade_a, grade_b;            // empty: no grade
  // 1-based within the period by total, descending; equal totals share a rank (1, 2, 2, 4).
  // As in `rubric score`, only scorable rows that are not vetoed are ranked: 0 otherwise.
  int rank_a = 0, rank_b = 0;
};

struct ScoreDiff {
  std::size_t rows = 0;                 // rows in either session
  std::size_t grade_changes = 0;        // rows whose grade differs
  std::size_t rank_changes = 0;         // rows whose rank differs
  std::vector<RowChange> rows_changed;  // grade or rank differs; by period, then entity
  // W0002 for each input a standard reads that the file never gives (a variant's new input
  // in data collected for its base, say), each once: scored as missing, which is said.
  std::vector<Diagnostic> warnings;
};

// Loads `csv` (as LoadCsv reads it) into a session of each standard, evaluates both and
// compares the rows. Inputs that only one standard knows are skipped for the other (wide
// columns ignored, long-format lines left out), so a variant that adds or removes inputs
// reads the same file; wide columns that neither knows are ignored too. Data errors are
// kDataError with the rendered diagnostics (each once, when both standards report it).
StatusOr<ScoreDiff> DiffScores(const Standard& a, const Standard& b, std::string_view csv,
                               std::string_view file_name, const CsvOptions& options = {});

// One line per change: `+ ...` added, `- ...` removed, `~ WHAT ID: BEFORE -> AFTER`:
//   - indicator T1_2 "1.2 市级" (2 points, in I1)
//   + indicator T99 "99 新增指标" (2 points, in G2)
//   ~ points I1: 4 -> 2
//   ~ rule T5_2: score ratio(p5_2_1, 50000) -> score p5_2_1 >= 80000
//   ~ grades: 优秀 >= 90 -> 优秀 >= 85
// Empty when there are no changes.
std::string RenderStandardDiff(const std::vector<StandardChange>& changes);

// A summary line (`120 rows; 7 change grade; 31 change rank`), then, when rows changed, a
// table aligned by display width: ENTITY, PERIOD, GRADE A -> B, TOTAL A -> B, RANK A -> B
// ("-" for no value).
std::string RenderScoreDiff(const ScoreDiff& diff);

// JSON: {"changes": [{"kind", "what", "id", "before", "after"}]}, and with `scores`,
// "scores": {"rows", "grade_changes", "rank_changes", "rows_changed": [{"entity", "period",
// "total_a", "total_b", "grade_a", "grade_b", "rank_a", "rank_b"}]} (null for no total or
// no rank). Indented, with a final newline.
std::string RenderDiffJson(const std::vector<StandardChange>& changes,
                           const ScoreDiff* scores = nullptr);

}  // namespace rubric

#endif  // RUBRIC_DIFF_H_
