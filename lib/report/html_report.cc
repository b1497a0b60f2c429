// The HTML report (`rubric report`): one self-contained page with inline CSS, JavaScript and
// SVG charts written here; nothing is fetched when it is opened.
#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <map>
#include <numbers>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "grammar/utf8.h"
#include "rubric/missing.h"
#include "rubric/report.h"
#include "rubric/session.h"
#include "util/number_format.h"
#include "util/sha256.h"

namespace rubric {
namespace {

// ---- Text ----

std::string Esc(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

bool IsCjk(char32_t c) {
  return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF00 && c <= 0xFFEF) ||
         (c >= 0x20000 && c <= 0x3FFFF);
}

bool HasCjk(std::string_view text) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    if (IsCjk(utf8::Decode(text, &pos))) return true;
  }
  return false;
}

// `text` cut to at most `code_points` code points, with "…" when cut.
std::string Shortened(std::string_view text, std::size_t code_points) {
  std::size_t pos = 0;
  for (std::size_t n = 0; n < code_points && pos < text.size(); ++n) utf8::Decode(text, &pos);
  return pos >= text.size() ? std::string(text) : std::string(text.substr(0, pos)) + "…";
}

// A number to read: at most 4 decimals, no trailing zeros.
std::string Short(double value) { return util::FormatShortest(util::RoundDecimal(value, 4)); }

// A number for SVG coordinates.
std::string Coord(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", std::abs(v) < 0.05 ? 0.0 : v);
  return buffer;
}

// The UI's words, in the report's language.
struct Words {
  const char* lang_attr;
  const char* report;
  const char* standard;
  const char* version;
  const char* hash;
  const char* content_hash;
  const char* data;
  const char* generated;
  const char* contents;
  const char* period;
  const char* rank;
  const char* entity;
  const char* total;
  const char* grade;
  const char* vetoes;
  const char* ranked;
  const char* vetoed;
  const char* not_scorable;
  const char* no_total;
  const char* distribution;
  const char* rows_with_total;
  const char* count;
  const char* entities;
  const char* radar;
  const char* this_entity;
  const char* cohort_median;
  const char* over_periods;
  const char* explanation;
  const char* missing_values;
  const char* imputed_values;
  const char* dropped_nodes;
  const char* none;
  const char* input;
  const char* label;
  const char* policy;
  const char* value;
  const char* how;
  const char* effect;
  const char* rule;
  const char* weights;
  const char* weight;
  const char* fired;
  const char* not_fired;
  const char* missing;
  const char* defaulted;
  const char* score;
  const char* sort_hint;
  const char* no_points;
};

constexpr Words kEnglish = {
    "en",
    "Report",
    "Standard",
    "Version",
    "Source SHA-256",
    "Content hash",
    "Data",
    "Generated (UTC)",
    "Contents",
    "Period",
    "Rank",
    "Entity",
    "Total",
    "Grade",
    "Vetoes",
    "ranked",
    "vetoed",
    "not scorable",
    "without a total",
    "Distribution of totals",
    "rows with a total",
    "rows",
    "Entities",
    "Groups as a share of their points, against the cohort median",
    "this entity",
    "cohort median",
    "Total over the periods",
    "Explanation",
    "Missing values",
    "Imputed values",
    "Dropped nodes",
    "none",
    "Input",
    "Label",
    "Policy",
    "Value",
    "How",
    "Effect",
    "rule",
    "weights",
    "weight",
    "FIRED",
    "not fired",
    "missing",
    "default used",
    "score",
    "Click a column header to sort.",
    "groups without points are not drawn",
};

constexpr Words kChinese = {
    "zh-CN",
    "评估报告",
    "标准",
    "版本",
    "标准源文件 SHA-256",
    "标准内容哈希",
    "数据",
    "生成时间（UTC）",
    "目录",
    "周期",
    "排名",
    "对象",
    "总分",
    "等级",
    "否决项",
    "参与排名",
    "被否决",
    "无法评分",
    "无总分",
    "总分分布",
    "有总分的行",
    "行数",
    "各评估对象",
    "各组得分率（占该组分值）与同期中位数对比",
    "本对象",
    "同期中位数",
    "各周期总分",
    "得分说明",
    "缺失值",
    "插补值",
    "剔除的节点",
    "无",
    "输入",
    "名称",
    "缺失处理",
    "值",
    "方法",
    "影响",
    "规则",
    "权重来源",
    "权重",
    "已触发",
    "未触发",
    "缺失",
    "使用默认值",
    "得分率",
    "点击列标题可排序。",
    "无分值的组不绘制",
};

const char* PolicyName(MissingPolicy policy) {
  switch (policy) {
    case MissingPolicy::kDefault:
      return "default";
    case MissingPolicy::kExclude:
      return "exclude";
    case MissingPolicy::kUnscorable:
      return "unscorable";
    case MissingPolicy::kImpute:
      return "impute";
  }
  return "";
}

double Median(std::vector<double> values) {
  if (values.empty()) return MissingValue();
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

constexpr const char* kStyle = R"css(
:root { --ink: #1d2430; --muted: #5b6573; --line: #d6dbe2; --accent: #1f6fb2; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1180px; padding: 24px 32px 64px; color: var(--ink);
  font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "Hiragino Sans GB",
    "Source Han Sans SC", "Noto Sans", "Segoe UI", sans-serif;
  font-size: 14px; line-height: 1.5; background: #fff; }
h1 { font-size: 26px; margin: 0 0 8px; }
h2 { font-size: 20px; margin: 32px 0 8px; border-bottom: 2px solid var(--accent); padding-bottom: 4px; }
h3 { font-size: 16px; margin: 20px 0 6px; }
header.report { border-bottom: 1px solid var(--line); padding-bottom: 12px; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; }
code, .hash { font-family: "Noto Sans Mono", "DejaVu Sans Mono", Consolas, monospace; font-size: 12px; }
.hash { word-break: break-all; }
nav.toc { margin: 16px 0; font-size: 13px; }
nav.toc a { margin-right: 10px; white-space: nowrap; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
.muted { color: var(--muted); }
table { border-collapse: collapse; margin: 8px 0; }
th, td { border-bottom: 1px solid var(--line); padding: 3px 10px; text-align: left; vertical-align: top; }
th { background: #f3f5f8; font-weight: 600; }
table.sortable th { cursor: pointer; user-select: none; white-space: nowrap; }
table.sortable th::after { content: " \2195"; color: #9aa3ae; font-size: 11px; }
table.sortable th[aria-sort="ascending"]::after { content: " \25B2"; color: var(--accent); }
table.sortable th[aria-sort="descending"]::after { content: " \25BC"; color: var(--accent); }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.unranked td { color: var(--muted); }
.grade { display: inline-block; padding: 0 8px; border-radius: 9px; color: #fff; font-weight: 600;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.period-body { display: flex; flex-wrap: wrap; gap: 8px 32px; align-items: flex-start; }
.period-body figure { position: sticky; top: 8px; flex: 1 1 360px; max-width: 680px; }
.period-body figure svg { width: 100%; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
figure { margin: 8px 0; }
figcaption { color: var(--muted); font-size: 12px; }
svg { max-width: 100%; height: auto; font-family: inherit; }
svg text { fill: var(--ink); }
details { margin: 2px 0 2px 14px; }
details > summary { cursor: pointer; margin-left: -14px; }
details .rule { color: var(--muted); font-size: 12px; }
ul.facts { margin: 2px 0 4px; padding-left: 18px; font-size: 13px; }
.fired { color: #b3261e; font-weight: 600; }
.dropped { color: #b3261e; }
section.entity { border-top: 1px solid var(--line); margin-top: 28px; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  nav.toc, .sort-hint { display: none; }
  section.period { break-before: page; page-break-before: always; }
  section.entity { break-before: page; page-break-before: always; border-top: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  tr, figure { break-inside: avoid; page-break-inside: avoid; }
  a { color: inherit; }
  table.sortable th::after { content: ""; }
  /* A period's ranking beside its histogram, an entity's charts side by side: one page. */
  .period-body, .charts { flex-wrap: nowrap; gap: 16px; }
  .period-body figure { position: static; }
  th, td { padding: 1px 8px; }
  h2#entities { break-before: page; page-break-before: always; }
  h2#entities + section.entity { break-before: auto; page-break-before: auto; }
  svg.histogram { width: 390px; }
  svg.radar { width: 400px; }
  svg.trend { width: 290px; }
}
)css";

// Catches script errors into data-js-errors on <body> (read by the browser test).
constexpr const char* kErrorCatcher = R"js(
window.addEventListener('error', function (e) {
  var b = document.body;
  b.setAttribute('data-js-errors', (b.getAttribute('data-js-errors') || '') + (e.message || 'error') + '\n');
});
)js";

// Sorting the tables by any column.
constexpr const char* kScript = R"js(
(function () {
  function key(cell, numeric) {
    var v = cell.getAttribute('data-value');
    if (v === null) v = cell.textContent;
    if (!numeric) return v;
    if (v === '') return null;
    var x = parseFloat(v);
    return isNaN(x) ? null : x;
  }
  Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), function (table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, col) {
      th.tabIndex = 0;
      function sort() {
        var numeric = th.getAttribute('data-type') === 'num';
        var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = key(a.cells[col], numeric), y = key(b.cells[col], numeric);
          if (x === null || x === '') return (y === null || y === '') ? 0 : 1;
          if (y === null || y === '') return -1;
          return dir * (numeric ? x - y : String(x).localeCompare(String(y)));
        });
        rows.forEach(function (r) { body.appendChild(r); });
      }
      th.addEventListener('click', sort);
      th.addEventListener('keydown', function (e) {
        if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sort(); }
      });
    });
  });
  document.body.setAttribute('data-js-ok', '1');
})();
)js";

class Renderer {
 public:
  Renderer(const Session& session, const HtmlReportOptions& options, const Words& words)
      : session_(session), standard_(session.standard()), options_(options), w_(words) {}

  Status Render(std::int64_t generated_at, std::string* html);

 private:
  struct Axis {
    std::size_t node;
    double points;
  };

  std::string Number(double value) const {
    return IsMissing(value) ? std::string() : util::RoundHalfUp(value, decimals_);
  }
  std::string GradeSpan(const std::string* grade) const;
  std::string GradeColour(std::size_t index) const;
  void Header(std::int64_t generated_at);
  void Period(std::int64_t period, const std::vector<std::size_t>& rows);
  void Histogram(std::int64_t period, const std::vector<std::size_t>& rows);
  void Entity(const std::string& entity, const std::string& anchor);
  void Radar(std::size_t row);
  void Line(const std::string& entity, std::size_t focus_row);
  void ExplanationTree(std::size_t row, const Explanation& e, int depth);
  void MissingImputedDropped(std::size_t row);
  double Share(std::size_t row, const Axis& axis) const;

  const Session& session_;
  const Standard& standard_;
  const HtmlReportOptions& options_;
  const Words& w_;
  int decimals_ = 2;
  std::string out_;
  std::map<std::int64_t, std::vector<std::size_t>> periods_;      // shown periods: live rows
  std::map<std::int64_t, std::vector<std::size_t>> all_periods_;  // every period
  std::map<std::string, std::size_t> grade_index_;                // grade name -> band
  std::vector<Axis> axes_;
  std::map<std::size_t, std::pair<int, std::size_t>> ranks_;  // row -> rank, rows ranked
  std::map<std::string, std::string> anchors_;                // entity -> element id
  std::vector<std::pair<std::string, std::string>> dropped_;  // per entity: node, effect
};

std::string Renderer::GradeColour(std::size_t index) const {
  const std::size_t n = grade_index_.empty() ? 1 : grade_index_.size();
  // Green for the best grade through amber to red for the worst.
  const double hue = n <= 1 ? 140.0 : 140.0 * (1.0 - static_cast<double>(index) / (n - 1));
  return absl::StrCat("hsl(", static_cast<int>(hue), ", 62%, 40%)");
}

std::string Renderer::GradeSpan(const std::string* grade) const {
  if (!grade) return "";
  const auto found = grade_index_.find(*grade);
  const std::size_t index = found == grade_index_.end() ? 0 : found->second;
  return absl::StrCat("<span class=\"grade grade-", index, "\">", Esc(*grade), "</span>");
}

double Renderer::Share(std::size_t row, const Axis& axis) const {
  if (!session_.scorable(row)) return MissingValue();
  const double value = session_.node_value(row, axis.node);
  if (IsMissing(value) || !std::isfinite(value)) return MissingValue();
  return value / axis.points;
}

Status Renderer::Render(std::int64_t generated_at, std::string* html) {
  decimals_ = options_.decimals ? *options_.decimals : standard_.total_points() ? 2 : 3;
  const std::optional<std::int64_t> last =
      options_.last_period ? options_.last_period : options_.period;
  for (std::size_t row = 0; row < session_.row_count(); ++row) {
    if (!session_.live(row)) continue;
    all_periods_[session_.period(row)].push_back(row);
    const std::int64_t period = session_.period(row);
    if (!options_.period || (*options_.period <= period && period <= *last)) {
      periods_[period].push_back(row);
    }
  }
  if (options_.period && periods_.empty()) {
    return Status(StatusCode::kNotFound,
                  *last == *options_.period
                      ? absl::StrCat("no row in period ", *options_.period)
                      : absl::StrCat("no row in periods ", *options_.period, "..", *last));
  }
  for (const GradeInfo& grade : standard_.grades()) {
    grade_index_.emplace(grade.name, grade_index_.size());
  }
  const auto nodes = standard_.nodes();
  for (std::size_t n = 0; n < nodes.size(); ++n) {
    if (nodes[n].kind == NodeKind::kGroup && nodes[n].depth <= 2 && nodes[n].points &&
        *nodes[n].points > 0) {
      axes_.push_back({n, *nodes[n].points});
    }
  }
  // Entities in byte order, each with a stable element id: its name when that is a plain
  // word, else its position.
  std::set<std::string> entities;
  for (const auto& [period, rows] : periods_) {
    for (std::size_t row : rows) entities.insert(session_.entity(row));
  }
  std::set<std::string> used;
  std::size_t position = 0;
  for (const std::string& entity : entities) {
    ++position;
    const bool plain = !entity.empty() && entity.size() <= 64 &&
                       std::all_of(entity.begin(), entity.end(), [](char c) {
                         return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                                (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
                       });
    std::string anchor = absl::StrCat("entity-", plain ? entity : absl::StrCat("n", position));
    while (used.count(anchor)) anchor += "-";
    used.insert(anchor);
    anchors_[entity] = anchor;
  }

  const std::string title = standard_.title().empty() ? standard_.id() : standard_.title();
  absl::StrAppend(&out_, "<!DOCTYPE html>\n<html lang=\"", w_.lang_attr,
                  "\">\n<head>\n<meta charset=\"utf-8\">\n"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                  "<meta name=\"generator\" content=\"rubric report\">\n"
                  "<meta name=\"rubric-content-hash\" content=\"",
                  standard_.content_hash(), "\">\n<title>", Esc(title), " · ", w_.report,
                  "</title>\n<style>", kStyle);
  for (const auto& [name, index] : grade_index_) {
    absl::StrAppend(&out_, ".grade-", index, " { background: ", GradeColour(index), "; }\n");
  }
  absl::StrAppend(&out_, "</style>\n</head>\n<body data-js-ok=\"0\">\n<script>", kErrorCatcher,
                  "</script>\n");
  Header(generated_at);
  for (const auto& [period, rows] : periods_) Period(period, rows);
  absl::StrAppend(&out_, "<h2 id=\"entities\">", w_.entities, "</h2>\n");
  for (const std::string& entity : entities) Entity(entity, anchors_[entity]);
  absl::StrAppend(&out_, "<script>", kScript, "</script>\n</body>\n</html>\n");
  *html = std::move(out_);
  return Status::Ok();
}

void Renderer::Header(std::int64_t generated_at) {
  const std::string title = standard_.title().empty() ? standard_.id() : standard_.title();
  char time_text[64] = "";
  const std::time_t t = static_cast<std::time_t>(generated_at);
  std::tm tm{};
  if (gmtime_r(&t, &tm)) std::strftime(time_text, sizeof time_text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  absl::StrAppend(
      &out_, "<header class=\"report\">\n<h1>", Esc(title), "</h1>\n<dl class=\"meta\">\n", "<dt>",
      w_.standard, "</dt><dd><code>", Esc(standard_.id()), "</code>",
      options_.standard_file.empty() ? "" : " · ", Esc(options_.standard_file), "</dd>\n<dt>",
      w_.version, "</dt><dd>", Esc(standard_.version()), "</dd>\n", "<dt>", w_.hash,
      "</dt><dd class=\"hash\" id=\"source-sha256\">sha256:", Sha256Hex(options_.standard_source),
      "</dd>\n<dt>", w_.content_hash, "</dt><dd class=\"hash\" id=\"content-hash\">",
      Esc(standard_.content_hash()), "</dd>\n<dt>", w_.data, "</dt><dd>", Esc(options_.data_file),
      "</dd>\n<dt>", w_.generated, "</dt><dd><time id=\"generated\" datetime=\"", time_text, "\">",
      time_text, "</time></dd>\n</dl>\n</header>\n<nav class=\"toc\"><strong>", w_.contents,
      "</strong>: ");
  for (const auto& [period, rows] : periods_) {
    absl::StrAppend(&out_, "<a href=\"#period-", period, "\">", w_.period, " ", period, "</a>\n");
  }
  absl::StrAppend(&out_, "<a href=\"#entities\">", w_.entities, "</a><br>");
  for (const auto& [entity, anchor] : anchors_) {
    absl::StrAppend(&out_, "<a href=\"#", anchor, "\">", Esc(entity), "</a>\n");
  }
  absl::StrAppend(&out_, "</nav>\n");
}

void Renderer::Period(std::int64_t period, const std::vector<std::size_t>& all) {
  std::vector<std::size_t> ranked, vetoed, no_total, unscorable;
  for (std::size_t row : all) {
    if (!session_.scorable(row)) {
      unscorable.push_back(row);
    } else if (std::isnan(session_.total(row)) && !session_.vetoed(row)) {
      no_total.push_back(row);  // missing, or not a number: nothing to rank by
    } else if (session_.vetoed(row)) {
      vetoed.push_back(row);
    } else {
      ranked.push_back(row);
    }
  }
  auto by_total = [&](std::size_t a, std::size_t b) {
    if (session_.total(a) != session_.total(b)) return session_.total(a) > session_.total(b);
    return session_.entity(a) < session_.entity(b);
  };
  auto by_entity = [&](std::size_t a, std::size_t b) {
    return session_.entity(a) < session_.entity(b);
  };
  std::sort(ranked.begin(), ranked.end(), by_total);
  std::sort(vetoed.begin(), vetoed.end(), by_total);
  std::sort(no_total.begin(), no_total.end(), by_entity);
  std::sort(unscorable.begin(), unscorable.end(), by_entity);

  absl::StrAppend(&out_, "<section class=\"period\" id=\"period-", period, "\" data-period=\"",
                  period, "\">\n<h2>", w_.period, " ", period, "</h2>\n<p class=\"summary\">",
                  ranked.size(), " ", w_.ranked, " · ", vetoed.size(), " ", w_.vetoed, " · ",
                  unscorable.size(), " ", w_.not_scorable);
  if (!no_total.empty()) absl::StrAppend(&out_, " · ", no_total.size(), " ", w_.no_total);
  absl::StrAppend(&out_, " <span class=\"muted sort-hint\">", w_.sort_hint, "</span></p>\n",
                  "<div class=\"period-body\">\n<table class=\"ranking sortable\" data-period=\"",
                  period, "\">\n<thead><tr><th data-type=\"num\">", w_.rank, "</th><th>", w_.entity,
                  "</th><th data-type=\"num\">", w_.total, "</th><th data-type=\"num\">", w_.grade,
                  "</th><th>", w_.vetoes, "</th></tr></thead>\n<tbody>\n");
  auto row_html = [&](std::size_t row, const std::string& rank, const std::string& note) {
    const std::string& entity = session_.entity(row);
    const std::string* grade = session_.grade(row);
    std::string vetoes;
    for (std::size_t veto : session_.fired_vetoes(row)) {
      const VetoInfo& info = standard_.vetoes()[veto];
      absl::StrAppend(&vetoes, vetoes.empty() ? "" : "; ", "<span class=\"fired\" title=\"",
                      Esc(info.label), "\">", Esc(info.id), " ", Esc(Shortened(info.label, 24)),
                      "</span>");
    }
    if (!note.empty()) absl::StrAppend(&vetoes, vetoes.empty() ? "" : "; ", Esc(note));
    const double total = session_.scorable(row) ? session_.total(row) : MissingValue();
    // Grades sort by band (best first), not by name.
    std::string grade_key;
    if (grade) grade_key = absl::StrCat(grade_index_[*grade]);
    absl::StrAppend(&out_, "<tr data-entity=\"", Esc(entity), "\"",
                    rank.empty() ? " class=\"unranked\"" : "", "><td class=\"num\" data-value=\"",
                    rank, "\">", rank.empty() ? "–" : rank, "</td><td data-value=\"", Esc(entity),
                    "\"><a href=\"#", anchors_[entity], "\">", Esc(entity),
                    "</a></td><td class=\"num\" data-value=\"",
                    IsMissing(total) ? std::string() : util::FormatShortest(total), "\">",
                    Number(total), "</td><td data-value=\"", grade_key, "\">", GradeSpan(grade),
                    "</td><td>", vetoes, "</td></tr>\n");
  };
  int rank = 0;
  for (std::size_t i = 0; i < ranked.size(); ++i) {
    if (i == 0 || session_.total(ranked[i]) != session_.total(ranked[i - 1])) {
      rank = static_cast<int>(i) + 1;  // equal totals share a rank: 1, 2, 2, 4
    }
    row_html(ranked[i], absl::StrCat(rank), "");
    ranks_[ranked[i]] = {rank, ranked.size()};
  }
  for (std::size_t row : vetoed) row_html(row, "", "");
  for (std::size_t row : no_total) {
    const std::string reason = session_.missing_reason(row);
    row_html(row, "", absl::StrCat(w_.no_total, ": ", reason.empty() ? "NaN" : reason));
  }
  for (std::size_t row : unscorable) {
    row_html(row, "", absl::StrCat(w_.not_scorable, ": ", session_.unscorable_reason(row)));
  }
  absl::StrAppend(&out_, "</tbody>\n</table>\n");
  Histogram(period, all);
  absl::StrAppend(&out_, "</div>\n</section>\n");
}

void Renderer::Histogram(std::int64_t period, const std::vector<std::size_t>& rows) {
  std::vector<double> totals;
  for (std::size_t row : rows) {
    if (!session_.scorable(row)) continue;
    const double total = session_.total(row);
    if (!IsMissing(total) && std::isfinite(total)) totals.push_back(total);
  }
  double lo = 0, hi = 1;
  const bool declared = standard_.total_points() && *standard_.total_points() > 0;
  if (declared) {
    hi = *standard_.total_points();
  } else if (!totals.empty()) {
    lo = *std::min_element(totals.begin(), totals.end());
    hi = *std::max_element(totals.begin(), totals.end());
  }
  for (double t : totals) {  // totals past the declared points widen the range
    lo = std::min(lo, t);
    hi = std::max(hi, t);
  }
  if (hi <= lo) hi = lo + 1;
  if (!declared) {  // a free-form index: its range widened to round numbers
    const double step = std::pow(10.0, std::floor(std::log10(hi - lo)));
    lo = std::floor(lo / step) * step;
    hi = std::ceil(hi / step) * step;
  }
  constexpr int kBins = 20;
  std::array<int, kBins> counts{};
  for (double t : totals) {
    int bin = static_cast<int>(std::floor((t - lo) / (hi - lo) * kBins));
    counts[static_cast<std::size_t>(std::clamp(bin, 0, kBins - 1))]++;
  }
  const int most = std::max(1, *std::max_element(counts.begin(), counts.end()));
  constexpr double kW = 680, kH = 260, kLeft = 40, kRight = 16, kTop = 26, kBottom = 34;
  const double plot_w = kW - kLeft - kRight, plot_h = kH - kTop - kBottom;
  auto x_of = [&](double v) { return kLeft + (v - lo) / (hi - lo) * plot_w; };
  absl::StrAppend(&out_, "<figure class=\"histogram\"><svg xmlns=\"http://www.w3.org/2000/svg\" ",
                  "class=\"histogram\" data-period=\"", period, "\" data-count=\"", totals.size(),
                  "\" viewBox=\"0 0 ", kW, " ", kH, "\" width=\"", kW, "\" height=\"", kH,
                  "\" role=\"img\" aria-label=\"", w_.distribution, " ", period, "\">\n");
  // Grade bands: shaded spans and a line at each threshold.
  std::vector<const GradeInfo*> thresholds;
  for (const GradeInfo& grade : standard_.grades()) {
    if (grade.rule == GradeRule::kAtLeast) thresholds.push_back(&grade);
  }
  std::sort(thresholds.begin(), thresholds.end(),
            [](const GradeInfo* a, const GradeInfo* b) { return a->min < b->min; });
  const GradeInfo* otherwise = nullptr;
  for (const GradeInfo& grade : standard_.grades()) {
    if (grade.rule == GradeRule::kOtherwise) otherwise = &grade;
  }
  for (std::size_t i = 0; i <= thresholds.size(); ++i) {
    const GradeInfo* band = i == 0 ? otherwise : thresholds[i - 1];
    if (!band) continue;
    const double from = std::clamp(i == 0 ? lo : thresholds[i - 1]->min, lo, hi);
    const double to = std::clamp(i < thresholds.size() ? thresholds[i]->min : hi, lo, hi);
    if (to <= from) continue;
    const std::string colour = GradeColour(grade_index_[band->name]);
    absl::StrAppend(&out_, "<g class=\"band\" data-grade=\"", Esc(band->name), "\"><rect x=\"",
                    Coord(x_of(from)), "\" y=\"", kTop, "\" width=\"", Coord(x_of(to) - x_of(from)),
                    "\" height=\"", plot_h, "\" fill=\"", colour,
                    "\" fill-opacity=\"0.12\"/><text x=\"", Coord((x_of(from) + x_of(to)) / 2),
                    "\" y=\"", kTop - 8, "\" text-anchor=\"middle\" font-size=\"12\" fill=\"",
                    colour, "\">", Esc(band->name), "</text></g>\n");
  }
  for (const GradeInfo* t : thresholds) {
    if (t->min < lo || t->min > hi) continue;
    absl::StrAppend(&out_, "<line class=\"threshold\" x1=\"", Coord(x_of(t->min)), "\" x2=\"",
                    Coord(x_of(t->min)), "\" y1=\"", kTop, "\" y2=\"", kTop + plot_h,
                    "\" stroke=\"", GradeColour(grade_index_[t->name]),
                    "\" stroke-dasharray=\"4 3\"/><text x=\"", Coord(x_of(t->min)), "\" y=\"",
                    kH - 6, "\" text-anchor=\"middle\" font-size=\"11\">",
                    util::FormatShortest(t->min), "</text>\n");
  }
  // Bars.
  const double bin_w = plot_w / kBins;
  for (int b = 0; b < kBins; ++b) {
    if (counts[b] == 0) continue;
    const double h = plot_h * counts[b] / most;
    const double from = lo + (hi - lo) * b / kBins, to = lo + (hi - lo) * (b + 1) / kBins;
    absl::StrAppend(&out_, "<rect class=\"bar\" x=\"", Coord(kLeft + b * bin_w + 1), "\" y=\"",
                    Coord(kTop + plot_h - h), "\" width=\"", Coord(bin_w - 2), "\" height=\"",
                    Coord(h), "\" fill=\"#1f6fb2\"><title>[", util::RoundHalfUp(from, decimals_),
                    ", ", util::RoundHalfUp(to, decimals_), "): ", counts[b], "</title></rect>\n");
  }
  // Axes: the range's ends and the largest count.
  absl::StrAppend(
      &out_, "<line x1=\"", kLeft, "\" x2=\"", kLeft + plot_w, "\" y1=\"", kTop + plot_h,
      "\" y2=\"", kTop + plot_h, "\" stroke=\"#5b6573\"/>", "<text x=\"", kLeft, "\" y=\"", kH - 6,
      "\" font-size=\"11\">", util::FormatShortest(util::RoundDecimal(lo, 6)), "</text><text x=\"",
      kLeft + plot_w, "\" y=\"", kH - 6, "\" text-anchor=\"end\" font-size=\"11\">",
      util::FormatShortest(util::RoundDecimal(hi, 6)), "</text><text x=\"", kLeft - 6, "\" y=\"",
      kTop + 4, "\" text-anchor=\"end\" font-size=\"11\">", most, "</text><text x=\"", kLeft - 6,
      "\" y=\"", kTop + plot_h, "\" text-anchor=\"end\" font-size=\"11\">0",
      "</text>\n</svg><figcaption>", w_.distribution, " · ", w_.period, " ", period, " · ",
      totals.size(), " ", w_.rows_with_total, "</figcaption></figure>\n");
}

void Renderer::Radar(std::size_t row) {
  const std::size_t n = axes_.size();
  if (n == 0) return;  // no group carries points
  const std::vector<std::size_t>& cohort = all_periods_[session_.period(row)];
  std::vector<double> mine, median;
  for (const Axis& axis : axes_) {
    mine.push_back(Share(row, axis));
    std::vector<double> shares;
    for (std::size_t other : cohort) {
      const double share = Share(other, axis);
      if (!IsMissing(share)) shares.push_back(share);
    }
    median.push_back(Median(std::move(shares)));
  }
  constexpr double kW = 600, kH = 480, kCx = 300, kCy = 240, kR = 165;
  const auto nodes = standard_.nodes();
  auto point = [&](std::size_t i, double share) {
    const double angle = -std::numbers::pi / 2 +
                         2 * std::numbers::pi * static_cast<double>(i) / static_cast<double>(n);
    const double r = kR * std::clamp(share, 0.0, 1.2);
    return std::make_pair(kCx + r * std::cos(angle), kCy + r * std::sin(angle));
  };
  absl::StrAppend(&out_, "<figure class=\"radar\"><svg xmlns=\"http://www.w3.org/2000/svg\" ",
                  "class=\"radar\" data-axes=\"", n, "\" data-period=\"", session_.period(row),
                  "\" viewBox=\"0 0 ", kW, " ", kH, "\" width=\"", kW, "\" height=\"", kH,
                  "\" role=\"img\" aria-label=\"", w_.radar, "\">\n");
  for (double ring : {0.25, 0.5, 0.75, 1.0}) {
    std::string points;
    for (std::size_t i = 0; i < n; ++i) {
      const auto [x, y] = point(i, ring);
      absl::StrAppend(&points, i ? " " : "", Coord(x), ",", Coord(y));
    }
    absl::StrAppend(&out_, "<polygon class=\"ring\" points=\"", points,
                    "\" fill=\"none\" stroke=\"#d6dbe2\"/>");
  }
  // The rings' shares, beside the first axis, inside the chart.
  for (int ring : {50, 100}) {
    absl::StrAppend(&out_, "<text x=\"", kCx - 4, "\" y=\"", Coord(kCy - kR * ring / 100 + 12),
                    "\" text-anchor=\"end\" font-size=\"9\" fill=\"#8a94a0\">", ring, "%</text>");
  }
  absl::StrAppend(&out_, "\n");
  for (std::size_t i = 0; i < n; ++i) {
    const NodeInfo& node = nodes[axes_[i].node];
    const auto [x, y] = point(i, 1.0);
    const double dx = x - kCx;
    const auto [lx, ly] = point(i, 1.1);
    const char* anchor = dx > 5 ? "start" : dx < -5 ? "end" : "middle";
    absl::StrAppend(&out_, "<g class=\"axis\" data-node=\"", Esc(node.id), "\"><line x1=\"", kCx,
                    "\" y1=\"", kCy, "\" x2=\"", Coord(x), "\" y2=\"", Coord(y),
                    "\" stroke=\"#c3c9d1\"/><text x=\"", Coord(lx), "\" y=\"", Coord(ly + 4),
                    "\" text-anchor=\"", anchor, "\" font-size=\"", node.depth == 1 ? 13 : 11, "\"",
                    node.depth == 1 ? " font-weight=\"600\"" : "", ">",
                    Esc(node.label.empty() ? node.id : node.label), "</text><title>", Esc(node.id),
                    " ", Esc(node.label), ": ",
                    IsMissing(mine[i]) ? w_.missing : util::RoundHalfUp(mine[i] * 100, 1) + "%",
                    " (", w_.cohort_median, " ",
                    IsMissing(median[i]) ? "–" : util::RoundHalfUp(median[i] * 100, 1) + "%",
                    ")</title></g>\n");
  }
  auto polygon = [&](const std::vector<double>& shares, const char* cls, const char* style) {
    std::string points;
    for (std::size_t i = 0; i < n; ++i) {
      const auto [x, y] = point(i, IsMissing(shares[i]) ? 0.0 : shares[i]);
      absl::StrAppend(&points, i ? " " : "", Coord(x), ",", Coord(y));
    }
    absl::StrAppend(&out_, "<polygon class=\"", cls, "\" points=\"", points, "\" ", style, "/>\n");
  };
  polygon(median, "median",
          "fill=\"none\" stroke=\"#8a6d00\" stroke-width=\"2\" stroke-dasharray=\"5 3\"");
  polygon(mine, "entity",
          "fill=\"#1f6fb2\" fill-opacity=\"0.18\" stroke=\"#1f6fb2\" stroke-width=\"2\"");
  for (std::size_t i = 0; i < n; ++i) {
    const auto [x, y] = point(i, IsMissing(mine[i]) ? 0.0 : mine[i]);
    absl::StrAppend(&out_, "<circle cx=\"", Coord(x), "\" cy=\"", Coord(y), "\" r=\"3\" fill=\"",
                    IsMissing(mine[i]) ? "#fff" : "#1f6fb2", "\" stroke=\"#1f6fb2\"/>");
  }
  absl::StrAppend(&out_, "\n<g class=\"legend\" font-size=\"12\"><rect x=\"10\" y=\"", kH - 36,
                  "\" width=\"14\" height=\"10\" fill=\"#1f6fb2\" fill-opacity=\"0.4\"/>",
                  "<text x=\"30\" y=\"", kH - 27, "\">", w_.this_entity,
                  "</text><line x1=\"10\" x2=\"24\" y1=\"", kH - 14, "\" y2=\"", kH - 14,
                  "\" stroke=\"#8a6d00\" stroke-width=\"2\" stroke-dasharray=\"5 3\"/>",
                  "<text x=\"30\" y=\"", kH - 10, "\">", w_.cohort_median, " (", w_.period, " ",
                  session_.period(row), ")</text></g>\n</svg><figcaption>", w_.radar, " · ",
                  w_.period, " ", session_.period(row), " · ", w_.no_points,
                  "</figcaption></figure>\n");
}

void Renderer::Line(const std::string& entity, std::size_t focus_row) {
  std::vector<std::int64_t> periods;
  std::vector<double> mine, median;
  double lo = 0, hi = standard_.total_points().value_or(0);
  const bool declared = standard_.total_points() && *standard_.total_points() > 0;
  bool any = false;
  for (const auto& [period, rows] : all_periods_) {
    periods.push_back(period);
    std::vector<double> totals;
    double value = MissingValue();
    for (std::size_t row : rows) {
      if (!session_.scorable(row)) continue;
      const double total = session_.total(row);
      if (IsMissing(total) || !std::isfinite(total)) continue;
      totals.push_back(total);
      if (session_.entity(row) == entity) value = total;
      if (!declared && !any) lo = hi = total;
      any = true;
      lo = std::min(lo, total);
      hi = std::max(hi, total);
    }
    mine.push_back(value);
    median.push_back(Median(std::move(totals)));
  }
  if (hi <= lo) hi = lo + 1;
  constexpr double kW = 460, kH = 260, kLeft = 44, kRight = 20, kTop = 20, kBottom = 52;
  const double plot_w = kW - kLeft - kRight, plot_h = kH - kTop - kBottom;
  const std::size_t n = periods.size();
  auto x_of = [&](std::size_t i) {
    return n == 1 ? kLeft + plot_w / 2 : kLeft + plot_w * static_cast<double>(i) / (n - 1);
  };
  auto y_of = [&](double v) { return kTop + plot_h * (1 - (v - lo) / (hi - lo)); };
  absl::StrAppend(&out_, "<figure class=\"trend\"><svg xmlns=\"http://www.w3.org/2000/svg\" ",
                  "class=\"trend\" data-points=\"", n, "\" viewBox=\"0 0 ", kW, " ", kH,
                  "\" width=\"", kW, "\" height=\"", kH, "\" role=\"img\" aria-label=\"",
                  w_.over_periods, "\">\n");
  for (double v : {lo, (lo + hi) / 2, hi}) {
    absl::StrAppend(&out_, "<line x1=\"", kLeft, "\" x2=\"", kLeft + plot_w, "\" y1=\"",
                    Coord(y_of(v)), "\" y2=\"", Coord(y_of(v)), "\" stroke=\"#e3e7ec\"/><text x=\"",
                    kLeft - 6, "\" y=\"", Coord(y_of(v) + 4),
                    "\" text-anchor=\"end\" font-size=\"11\">",
                    util::FormatShortest(std::round(v * 10) / 10), "</text>\n");
  }
  for (std::size_t i = 0; i < n; ++i) {
    const bool focus = periods[i] == session_.period(focus_row);
    absl::StrAppend(&out_, "<text x=\"", Coord(x_of(i)), "\" y=\"", kTop + plot_h + 18,
                    "\" text-anchor=\"middle\" font-size=\"11\"",
                    focus ? " font-weight=\"700\"" : "", ">", periods[i], "</text>");
  }
  auto series = [&](const std::vector<double>& values, const char* cls, const char* colour,
                    const char* dash) {
    std::string path;
    bool pen = false;
    for (std::size_t i = 0; i < n; ++i) {
      if (IsMissing(values[i])) {
        pen = false;
        continue;
      }
      absl::StrAppend(&path, pen ? " L" : " M", Coord(x_of(i)), " ", Coord(y_of(values[i])));
      pen = true;
    }
    absl::StrAppend(&out_, "<path class=\"", cls, "\" d=\"", path, "\" fill=\"none\" stroke=\"",
                    colour, "\" stroke-width=\"2\"", dash, "/>\n");
    for (std::size_t i = 0; i < n; ++i) {
      if (IsMissing(values[i])) continue;
      absl::StrAppend(&out_, "<circle cx=\"", Coord(x_of(i)), "\" cy=\"", Coord(y_of(values[i])),
                      "\" r=\"3.5\" fill=\"", colour, "\"><title>", periods[i], ": ",
                      Number(values[i]), "</title></circle>");
    }
    absl::StrAppend(&out_, "\n");
  };
  series(median, "median", "#8a6d00", " stroke-dasharray=\"5 3\"");
  series(mine, "entity", "#1f6fb2", "");
  absl::StrAppend(&out_, "<g font-size=\"12\"><line x1=\"", kLeft, "\" x2=\"", kLeft + 14,
                  "\" y1=\"", kH - 10, "\" y2=\"", kH - 10,
                  "\" stroke=\"#1f6fb2\" stroke-width=\"2\"/><text x=\"", kLeft + 18, "\" y=\"",
                  kH - 6, "\">", Esc(entity), "</text><line x1=\"", kLeft + 180, "\" x2=\"",
                  kLeft + 194, "\" y1=\"", kH - 10, "\" y2=\"", kH - 10,
                  "\" stroke=\"#8a6d00\" stroke-width=\"2\" stroke-dasharray=\"5 3\"/><text x=\"",
                  kLeft + 198, "\" y=\"", kH - 6, "\">", w_.cohort_median,
                  "</text></g>\n</svg><figcaption>", w_.over_periods, "</figcaption></figure>\n");
}

void Renderer::ExplanationTree(std::size_t row, const Explanation& e, int depth) {
  std::string points = util::FormatShortest(e.earned);
  if (e.possible)
    points = util::RoundHalfUp(e.earned, decimals_) + " / " + util::FormatShortest(*e.possible);
  absl::StrAppend(&out_, "<details class=\"node\" data-node=\"", Esc(e.node ? e.id : ""),
                  "\"><summary><code>", Esc(e.id), "</code> ", Esc(e.label), ": <strong>", points,
                  "</strong>");
  if (e.score) absl::StrAppend(&out_, " (", w_.score, " ", Short(*e.score), ")");
  if (e.weight) absl::StrAppend(&out_, " (", w_.weight, " ", Short(*e.weight), ")");
  if (e.dropped) {
    absl::StrAppend(&out_, " <span class=\"dropped\">(", Esc(e.dropped_effect), ")</span>");
    dropped_.emplace_back(absl::StrCat(e.id, " ", e.label), e.dropped_effect);
  }
  if (!e.node) {
    absl::StrAppend(&out_, " ", GradeSpan(e.grade),
                    e.vetoed ? " <span class=\"fired\">✗</span>" : "");
  }
  absl::StrAppend(&out_, "</summary>\n<div class=\"rule\">", w_.rule, ": ", Esc(e.rule),
                  "</div>\n");
  if (!e.weights.empty()) {
    absl::StrAppend(&out_, "<div class=\"rule\">", w_.weights, ": ", Esc(e.weights), "</div>\n");
  }
  if (!e.missing_reason.empty()) {
    absl::StrAppend(&out_, "<div class=\"dropped\">", w_.no_total, ": ", Esc(e.missing_reason),
                    "</div>\n");
  }
  if (!e.inputs.empty() || !e.cohorts.empty() || !e.vetoes.empty()) {
    absl::StrAppend(&out_, "<ul class=\"facts\">");
    for (const InputUse& use : e.inputs) {
      absl::StrAppend(
          &out_, "<li><code>", use.previous_period ? "prev(" : "", Esc(use.id),
          use.previous_period ? ")" : "", "</code> ", Esc(use.label), " = ", Esc(use.shown),
          use.missing
              ? absl::StrCat(" <em class=\"dropped\">(", w_.missing,
                             use.defaulted ? std::string("; ") + w_.defaulted : std::string(),
                             ")</em>")
              : std::string(),
          "</li>");
    }
    for (const CohortUse& c : e.cohorts) {
      absl::StrAppend(&out_, "<li>", Esc(c.function), " [", Esc(c.cohort), "]: ", Short(c.argument),
                      " → ", Short(c.result), c.treatment.empty() ? "" : " · ", Esc(c.treatment),
                      "</li>");
    }
    for (const VetoUse& v : e.vetoes) {
      absl::StrAppend(&out_, "<li>", w_.vetoes, " <code>", Esc(v.id), "</code> ", Esc(v.label),
                      ": ", v.fired ? "<span class=\"fired\">" : "",
                      v.fired ? w_.fired : w_.not_fired, v.fired ? "</span>" : "", "</li>");
    }
    absl::StrAppend(&out_, "</ul>\n");
  }
  if (depth < 16) {
    for (const ChildContribution& child : e.children) {
      StatusOr<Explanation> sub = session_.Explain(row, child.node);
      if (!sub.ok()) continue;
      ExplanationTree(row, *sub, depth + 1);
    }
  }
  absl::StrAppend(&out_, "</details>\n");
}

void Renderer::MissingImputedDropped(std::size_t row) {
  const auto inputs = standard_.inputs();
  std::vector<std::size_t> missing;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (session_.is_missing(row, i)) missing.push_back(i);
  }
  absl::StrAppend(&out_, "<h4>", w_.missing_values, " (", missing.size(), ")</h4>\n");
  if (!session_.missing_reason(row).empty()) {
    absl::StrAppend(&out_, "<p class=\"dropped\">", w_.no_total, ": ",
                    Esc(session_.missing_reason(row)), "</p>\n");
  }
  if (missing.empty()) {
    absl::StrAppend(&out_, "<p class=\"muted\">", w_.none, "</p>\n");
  } else {
    absl::StrAppend(&out_, "<table class=\"missing\"><thead><tr><th>", w_.input, "</th><th>",
                    w_.label, "</th><th>", w_.policy, "</th></tr></thead><tbody>\n");
    for (std::size_t i : missing) {
      absl::StrAppend(&out_, "<tr><td><code>", Esc(inputs[i].id), "</code></td><td>",
                      Esc(inputs[i].label), "</td><td>", PolicyName(inputs[i].missing),
                      "</td></tr>\n");
    }
    absl::StrAppend(&out_, "</tbody></table>\n");
  }
  const std::vector<Imputation> imputations = session_.imputations(row);
  absl::StrAppend(&out_, "<h4>", w_.imputed_values, " (", imputations.size(), ")</h4>\n");
  if (imputations.empty()) {
    absl::StrAppend(&out_, "<p class=\"muted\">", w_.none, "</p>\n");
  } else {
    absl::StrAppend(&out_, "<table class=\"imputed\"><thead><tr><th>", w_.input, "</th><th>",
                    w_.value, "</th><th>", w_.how, "</th></tr></thead><tbody>\n");
    for (const Imputation& i : imputations) {
      absl::StrAppend(&out_, "<tr><td><code>", Esc(i.input.empty() ? i.expression : i.input),
                      "</code></td><td class=\"num\">", util::FormatShortest(i.value), "</td><td>",
                      Esc(i.how), "</td></tr>\n");
    }
    absl::StrAppend(&out_, "</tbody></table>\n");
  }
  absl::StrAppend(&out_, "<h4>", w_.dropped_nodes, " (", dropped_.size(), ")</h4>\n");
  if (dropped_.empty()) {
    absl::StrAppend(&out_, "<p class=\"muted\">", w_.none, "</p>\n");
  } else {
    absl::StrAppend(&out_, "<table class=\"dropped-nodes\"><thead><tr><th>", w_.label, "</th><th>",
                    w_.effect, "</th></tr></thead><tbody>\n");
    for (const auto& [node, effect] : dropped_) {
      absl::StrAppend(&out_, "<tr><td>", Esc(node), "</td><td>", Esc(effect), "</td></tr>\n");
    }
    absl::StrAppend(&out_, "</tbody></table>\n");
  }
}

void Renderer::Entity(const std::string& entity, const std::string& anchor) {
  // The entity's row in the latest shown period it has.
  std::optional<std::size_t> focus;
  for (const auto& [period, rows] : periods_) {
    for (std::size_t row : rows) {
      if (session_.entity(row) == entity) focus = row;
    }
  }
  if (!focus) return;
  const std::size_t row = *focus;
  const double total = session_.scorable(row) ? session_.total(row) : MissingValue();
  absl::StrAppend(&out_, "<section class=\"entity\" id=\"", anchor, "\" data-entity=\"",
                  Esc(entity), "\" data-period=\"", session_.period(row), "\">\n<h3>", Esc(entity),
                  " · ", w_.period, " ", session_.period(row), "</h3>\n<p>", w_.total, ": <strong>",
                  IsMissing(total) ? std::string("–") : Number(total), "</strong> ",
                  GradeSpan(session_.grade(row)));
  if (const auto ranked = ranks_.find(row); ranked != ranks_.end()) {
    absl::StrAppend(&out_, " · ", w_.rank, " <strong class=\"rank\">", ranked->second.first,
                    "</strong> / ", ranked->second.second);
  }
  if (!session_.scorable(row)) {
    absl::StrAppend(&out_, " <span class=\"dropped\">", w_.not_scorable, ": ",
                    Esc(session_.unscorable_reason(row)), "</span>");
  }
  for (std::size_t veto : session_.fired_vetoes(row)) {
    const VetoInfo& info = standard_.vetoes()[veto];
    absl::StrAppend(&out_, " <span class=\"fired\">", w_.vetoes, " ", Esc(info.id), " ",
                    Esc(info.label), "</span>");
  }
  absl::StrAppend(&out_, "</p>\n<div class=\"charts\">\n");
  Radar(row);
  Line(entity, row);
  absl::StrAppend(&out_, "</div>\n<h4>", w_.explanation, "</h4>\n");
  dropped_.clear();
  StatusOr<Explanation> explanation = session_.Explain(row);
  if (explanation.ok()) {
    if (!explanation->scorable) {
      absl::StrAppend(&out_, "<p class=\"dropped\">", w_.not_scorable, ": ",
                      Esc(explanation->reason), "</p>\n");
    }
    ExplanationTree(row, *explanation, 0);
  }
  MissingImputedDropped(row);
  absl::StrAppend(&out_, "</section>\n");
}

}  // namespace

std::string Sha256Hex(std::string_view bytes) { return util::Sha256Hex(bytes); }

std::string DefaultReportLanguage(const Standard& standard) {
  if (HasCjk(standard.title())) return "zh";
  for (const NodeInfo& node : standard.nodes()) {
    if (HasCjk(node.label)) return "zh";
  }
  return "en";
}

StatusOr<std::string> RenderHtmlReport(const Session& session, const HtmlReportOptions& options) {
  const std::string language =
      options.language.empty() ? DefaultReportLanguage(session.standard()) : options.language;
  if (language != "zh" && language != "en") {
    return Status(StatusCode::kInvalidArgument,
                  absl::StrCat("unknown report language '", language, "' (zh or en)"));
  }
  std::int64_t generated_at = 0;
  if (options.generated_at) {
    generated_at = *options.generated_at;
  } else if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch && *epoch) {
    char* end = nullptr;
    errno = 0;
    const long long value = std::strtoll(epoch, &end, 10);
    if (*end != '\0' || errno != 0 || value < 0) {
      return Status(StatusCode::kInvalidArgument,
                    absl::StrCat("SOURCE_DATE_EPOCH '", epoch,
                                 "' is not a whole number of seconds since 1970"));
    }
    generated_at = value;
  } else {
    generated_at = static_cast<std::int64_t>(std::time(nullptr));
  }
  Renderer renderer(session, options, language == "zh" ? kChinese : kEnglish);
  std::string html;
  const Status status = renderer.Render(generated_at, &html);
  if (!status.ok()) return status;
  return html;
}

}  // namespace rubric
