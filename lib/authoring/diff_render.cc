// The text and JSON forms of DiffStandards and DiffScores.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "grammar/utf8.h"
#include "rubric/diff.h"
#include "sema/expr_text.h"

namespace rubric {
namespace {

using Kind = StandardChange::Kind;

// Labels, titles and versions are strings in the source, and are shown as such.
bool IsQuoted(const std::string& what) {
  return what == "label" || what == "veto label" || what == "title" || what == "version";
}

std::string Shown(const StandardChange& change, const std::string& text) {
  return IsQuoted(change.what) ? sema::StringLiteral(text) : text;
}

std::string Line(const StandardChange& change) {
  const std::string subject = change.what + (change.id.empty() ? "" : " " + change.id);
  switch (change.kind) {
    case Kind::kAdded:
      return "+ " + subject + (change.after.empty() ? "" : " " + change.after);
    case Kind::kRemoved:
      return "- " + subject + (change.before.empty() ? "" : " " + change.before);
    case Kind::kGrades:
      // The band's name is part of the band (`优秀 >= 90`).
      if (change.what == "grades") return "~ grades: " + change.before + " -> " + change.after;
      break;
    default:
      break;
  }
  return "~ " + subject + ": " + Shown(change, change.before) + " -> " +
         Shown(change, change.after);
}

// `text` padded with spaces to `width` display columns (CJK characters count two).
std::string Pad(const std::string& text, int width, bool right_align) {
  const std::string padding(static_cast<std::size_t>(std::max(0, width - utf8::DisplayWidth(text))),
                            ' ');
  return right_align ? padding + text : text + padding;
}

// One "A -> B" column of the score table: both sides aligned within the column.
struct PairColumn {
  std::string header;
  bool numeric = false;
  std::vector<std::pair<std::string, std::string>> cells;
  int left = 0;
  int right = 0;

  void Measure() {
    for (const auto& [a, b] : cells) {
      left = std::max(left, utf8::DisplayWidth(a));
      right = std::max(right, utf8::DisplayWidth(b));
    }
  }
  int width() const { return std::max(utf8::DisplayWidth(header), left + 4 + right); }
  std::string Cell(std::size_t i) const {
    return Pad(Pad(cells[i].first, left, numeric) + " -> " + Pad(cells[i].second, right, numeric),
               width(), false);
  }
};

std::string TotalText(const std::optional<double>& total, int decimals) {
  if (!total) return "-";
  if (std::isnan(*total)) return "nan";
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, *total);
  return buffer;
}

std::string RankText(int rank) { return rank > 0 ? std::to_string(rank) : "-"; }

std::string GradeText(const std::string& grade) { return grade.empty() ? "-" : grade; }

std::string TrimRight(std::string text) {
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

}  // namespace

std::string RenderStandardDiff(const std::vector<StandardChange>& changes) {
  std::string out;
  for (const StandardChange& change : changes) out += Line(change) + "\n";
  return out;
}

std::string RenderScoreDiff(const ScoreDiff& diff) {
  std::string out = std::to_string(diff.rows) + (diff.rows == 1 ? " row; " : " rows; ") +
                    std::to_string(diff.grade_changes) + " change grade; " +
                    std::to_string(diff.rank_changes) + " change rank\n";
  if (diff.rows_changed.empty()) return out;
  // Two decimals, as `rubric score` shows points; three for indices within [-1, 1].
  bool small = true;
  for (const RowChange& row : diff.rows_changed) {
    for (const std::optional<double>& total : {row.total_a, row.total_b}) {
      if (total && std::fabs(*total) > 1) small = false;
    }
  }
  const int decimals = small ? 3 : 2;
  int entity_width = utf8::DisplayWidth("ENTITY");
  int period_width = utf8::DisplayWidth("PERIOD");
  PairColumn grades{"GRADE A -> B", false, {}};
  PairColumn totals{"TOTAL A -> B", true, {}};
  PairColumn ranks{"RANK A -> B", true, {}};
  for (const RowChange& row : diff.rows_changed) {
    entity_width = std::max(entity_width, utf8::DisplayWidth(row.entity));
    period_width = std::max(period_width, static_cast<int>(std::to_string(row.period).size()));
    grades.cells.emplace_back(GradeText(row.grade_a), GradeText(row.grade_b));
    totals.cells.emplace_back(TotalText(row.total_a, decimals), TotalText(row.total_b, decimals));
    ranks.cells.emplace_back(RankText(row.rank_a), RankText(row.rank_b));
  }
  grades.Measure();
  totals.Measure();
  ranks.Measure();
  out += TrimRight(Pad("ENTITY", entity_width, false) + "  " + Pad("PERIOD", period_width, true) +
                   "  " + Pad(grades.header, grades.width(), false) + "  " +
                   Pad(totals.header, totals.width(), false) + "  " + ranks.header) +
         "\n";
  for (std::size_t i = 0; i < diff.rows_changed.size(); ++i) {
    const RowChange& row = diff.rows_changed[i];
    out += TrimRight(Pad(row.entity, entity_width, false) + "  " +
                     Pad(std::to_string(row.period), period_width, true) + "  " + grades.Cell(i) +
                     "  " + totals.Cell(i) + "  " + ranks.Cell(i)) +
           "\n";
  }
  return out;
}

std::string RenderDiffJson(const std::vector<StandardChange>& changes, const ScoreDiff* scores) {
  using Json = nlohmann::ordered_json;
  Json list = Json::array();
  for (const StandardChange& change : changes) {
    list.push_back({{"kind", StandardChangeKindName(change.kind)},
                    {"what", change.what},
                    {"id", change.id},
                    {"before", change.before},
                    {"after", change.after}});
  }
  Json doc = {{"changes", std::move(list)}};
  if (scores != nullptr) {
    auto total = [](const std::optional<double>& t) -> Json {
      if (!t || !std::isfinite(*t)) return nullptr;
      return *t;
    };
    auto rank = [](int r) -> Json { return r > 0 ? Json(r) : Json(nullptr); };
    Json rows = Json::array();
    for (const RowChange& row : scores->rows_changed) {
      rows.push_back({{"entity", row.entity},
                      {"period", row.period},
                      {"total_a", total(row.total_a)},
                      {"total_b", total(row.total_b)},
                      {"grade_a", row.grade_a},
                      {"grade_b", row.grade_b},
                      {"rank_a", rank(row.rank_a)},
                      {"rank_b", rank(row.rank_b)}});
    }
    doc["scores"] = {{"rows", scores->rows},
                     {"grade_changes", scores->grade_changes},
                     {"rank_changes", scores->rank_changes},
                     {"rows_changed", std::move(rows)}};
  }
  // Texts come from valid UTF-8 sources and data; `replace` keeps dump() from ever throwing.
  return doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace rubric
