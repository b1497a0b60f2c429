// Writing results as an .xlsx workbook with libxlsxwriter.
#include <fcntl.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "output_file.h"
#include "rubric/explain.h"
#include "rubric/graph.h"
#include "rubric/missing.h"
#include "rubric/report.h"
#include "rubric/standard.h"
#include "xlsx.h"

namespace rubric::cli {
namespace {

using Row = lxw_row_t;
using Col = lxw_col_t;

// A row's place in its period's ranking: the rank (0: none) and why there is none.
struct Placed {
  std::size_t row = 0;
  int rank = 0;
};

// Rows of one period as WriteRankingTable orders them: ranked by total, then vetoed rows,
// rows without a total and rows not scorable; the ranks are rubric::Ranks' (those of the
// other formats).
std::vector<Placed> RankPeriod(const Session& session, const std::vector<std::size_t>& rows,
                               const std::vector<std::optional<int>>& ranks) {
  std::vector<std::size_t> ranked, vetoed, no_total, unscorable;
  for (std::size_t row : rows) {
    if (!session.scorable(row)) {
      unscorable.push_back(row);
    } else if (IsMissing(session.total(row)) && !session.vetoed(row)) {
      no_total.push_back(row);
    } else if (session.vetoed(row)) {
      vetoed.push_back(row);
    } else {
      ranked.push_back(row);
    }
  }
  auto by_total = [&](std::size_t a, std::size_t b) {
    if (session.total(a) != session.total(b)) return session.total(a) > session.total(b);
    return session.entity(a) < session.entity(b);
  };
  auto by_entity = [&](std::size_t a, std::size_t b) {
    return session.entity(a) < session.entity(b);
  };
  std::sort(ranked.begin(), ranked.end(), by_total);
  std::sort(vetoed.begin(), vetoed.end(), by_total);
  std::sort(no_total.begin(), no_total.end(), by_entity);
  std::sort(unscorable.begin(), unscorable.end(), by_entity);
  std::vector<Placed> placed;
  for (const auto* group : {&ranked, &vetoed, &no_total, &unscorable}) {
    for (std::size_t row : *group) placed.push_back({row, ranks[row].value_or(0)});
  }
  return placed;
}

std::string VetoIds(const Session& session, std::size_t row) {
  std::string ids;
  for (std::size_t veto : session.fired_vetoes(row)) {
    if (!ids.empty()) ids += ";";
    ids += session.standard().vetoes()[veto].id;
  }
  return ids;
}

std::string NumberFormat(int decimals) {
  decimals = std::clamp(decimals, 0, 15);
  return decimals == 0 ? "0" : "0." + std::string(static_cast<std::size_t>(decimals), '0');
}

class Book {
 public:
  Book(const Session& session, const std::string& path, const XlsxOptions& options)
      : session_(session), workbook_(workbook_new(path.c_str())) {
    if (workbook_ == nullptr) return;
    header_ = workbook_add_format(workbook_);
    format_set_bold(header_);
    format_set_bottom(header_, LXW_BORDER_THIN);
    number_ = workbook_add_format(workbook_);
    format_set_num_format(number_, NumberFormat(options.decimals).c_str());
  }

  Status Write() {
    if (workbook_ == nullptr) return Status(StatusCode::kIoError, "cannot create the workbook");
    std::map<std::int64_t, std::vector<std::size_t>> by_period;
    for (std::size_t row : RowsInOutputOrder(session_)) {
      by_period[session_.period(row)].push_back(row);
    }
    const std::vector<std::optional<int>> ranks = Ranks(session_);
    for (const auto& [period, rows] : by_period) {
      const std::vector<Placed> placed = RankPeriod(session_, rows, ranks);
      for (const Placed& p : placed) rank_[p.row] = p.rank;
      WriteRanking(period, placed);
    }
    WriteScores();
    WriteStandard();
    WriteProperties();
    const lxw_error closed = workbook_close(workbook_);
    workbook_ = nullptr;
    if (closed != LXW_NO_ERROR) {
      return Status(StatusCode::kIoError,
                    std::string("cannot write the workbook: ") + lxw_strerror(closed));
    }
    return Status::Ok();
  }

  ~Book() {
    if (workbook_ != nullptr) workbook_close(workbook_);
  }
  Book(const Book&) = delete;
  Book& operator=(const Book&) = delete;

 private:
  // The document properties Excel shows under File > Info: the standard it was scored with,
  // its content hash (also a custom property, for checks by program) and the generator.
  void WriteProperties() {
    const Standard& standard = session_.standard();
    // libxlsxwriter's fields are char* but only read (it copies them): writable copies.
    std::string title = standard.title().empty() ? standard.id() : standard.title();
    std::string subject = standard.id() + " " + standard.version();
    std::string hash = standard.content_hash();
    std::string keywords = "rubric";
    lxw_doc_properties properties{};
    properties.title = title.data();
    properties.subject = subject.data();
    properties.comments = hash.data();
    properties.keywords = keywords.data();
    workbook_set_properties(workbook_, &properties);
    workbook_set_custom_property_string(workbook_, "rubric standard", standard.id().c_str());
    if (!standard.version().empty()) {
      workbook_set_custom_property_string(workbook_, "rubric standard version",
                                          standard.version().c_str());
    }
    workbook_set_custom_property_string(workbook_, "rubric content hash", hash.c_str());
  }

  lxw_worksheet* AddSheet(const std::string& wanted) {
    std::string name = SheetName(wanted);
    for (int n = 2; used_names_.count(name) > 0; ++n) {
      name = SheetName(wanted.substr(0, 25) + " (" + std::to_string(n) + ")");
    }
    used_names_.insert(name);
    return workbook_add_worksheet(workbook_, name.c_str());
  }

  void Headers(lxw_worksheet* sheet, const std::vector<std::string>& names) {
    for (std::size_t c = 0; c < names.size(); ++c) {
      worksheet_write_string(sheet, 0, static_cast<Col>(c), names[c].c_str(), header_);
    }
    worksheet_freeze_panes(sheet, 1, 0);
  }

  // A number, or an empty cell for a missing or non-finite value.
  void Number(lxw_worksheet* sheet, Row row, Col col, double value) {
    if (std::isfinite(value) && !IsMissing(value)) {
      worksheet_write_number(sheet, row, col, value, number_);
    }
  }

  void Text(lxw_worksheet* sheet, Row row, Col col, const std::string& text) {
    if (!text.empty()) worksheet_write_string(sheet, row, col, text.c_str(), nullptr);
  }

  // The total, grade, vetoed and veto ids of a row, from column `col`.
  void Outcome(lxw_worksheet* sheet, Row r, Col col, std::size_t row) {
    if (!session_.scorable(row)) return;
    Number(sheet, r, col, session_.total(row));
    const std::string* grade = session_.grade(row);
    Text(sheet, r, col + 1, grade ? *grade : std::string());
    worksheet_write_boolean(sheet, r, col + 2, session_.vetoed(row) ? 1 : 0, nullptr);
    Text(sheet, r, col + 3, VetoIds(session_, row));
  }

  void WriteRanking(std::int64_t period, const std::vector<Placed>& placed) {
    lxw_worksheet* sheet = AddSheet("Ranking " + std::to_string(period));
    Headers(sheet, {"rank", "entity", "total", "grade", "vetoed", "veto ids"});
    Row r = 1;
    for (const Placed& p : placed) {
      if (p.rank > 0) worksheet_write_number(sheet, r, 0, p.rank, nullptr);
      Text(sheet, r, 1, session_.entity(p.row));
      Outcome(sheet, r, 2, p.row);
      ++r;
    }
    worksheet_set_column(sheet, 1, 1, 24, nullptr);
    worksheet_set_column(sheet, 2, 2, 12, nullptr);
    worksheet_autofilter(sheet, 0, 0, r - 1, 5);
  }

  void WriteScores() {
    lxw_worksheet* sheet = AddSheet("Scores");
    const auto& nodes = session_.standard().nodes();
    std::vector<std::string> names = {"entity", "period"};
    for (const NodeInfo& node : nodes) names.push_back(node.label.empty() ? node.id : node.label);
    for (const char* name : {"total", "rank", "grade", "vetoed", "veto ids"}) names.push_back(name);
    Headers(sheet, names);
    const Col total = static_cast<Col>(2 + nodes.size());
    Row r = 1;
    for (std::size_t row : RowsInOutputOrder(session_)) {
      Text(sheet, r, 0, session_.entity(row));
      worksheet_write_number(sheet, r, 1, static_cast<double>(session_.period(row)), nullptr);
      if (session_.scorable(row)) {
        for (std::size_t n = 0; n < nodes.size(); ++n) {
          Number(sheet, r, static_cast<Col>(2 + n), session_.node_value(row, n));
        }
      }
      if (session_.scorable(row)) {
        Number(sheet, r, total, session_.total(row));
        auto rank = rank_.find(row);
        if (rank != rank_.end() && rank->second > 0) {
          worksheet_write_number(sheet, r, total + 1, rank->second, nullptr);
        }
        const std::string* grade = session_.grade(row);
        Text(sheet, r, total + 2, grade ? *grade : std::string());
        worksheet_write_boolean(sheet, r, total + 3, session_.vetoed(row) ? 1 : 0, nullptr);
        Text(sheet, r, total + 4, VetoIds(session_, row));
      }
      ++r;
    }
    worksheet_set_column(sheet, 0, 0, 24, nullptr);
    worksheet_set_column(sheet, 2, static_cast<Col>(total), 12, nullptr);
    worksheet_freeze_panes(sheet, 1, 2);
  }

  void WriteStandard() {
    lxw_worksheet* sheet = AddSheet("Standard");
    const Standard& standard = session_.standard();
    Headers(sheet, {"id", "label", "kind", "points", "rule", "reads"});
    // What each node's rule reads (inputs, lets, prev(x), cohort(x)), from the graph.
    std::map<std::string, std::string> reads;
    const DependencyGraphView graph = DescribeDependencies(standard);
    for (const GraphEdge& edge : graph.edges) {
      if (edge.kind == GraphEdgeKind::kChild) continue;
      const std::string& from = graph.vertices[static_cast<std::size_t>(edge.from)].id;
      std::string& list = reads[graph.vertices[static_cast<std::size_t>(edge.to)].id];
      const std::string name = edge.kind == GraphEdgeKind::kPrev     ? "prev(" + from + ")"
                               : edge.kind == GraphEdgeKind::kCohort ? "cohort(" + from + ")"
                                                                     : from;
      list += (list.empty() ? "" : ", ") + name;
    }
    // A rule in words needs a row to explain: the first one there is.
    std::optional<std::size_t> any_row;
    for (std::size_t row = 0; row < session_.row_count() && !any_row; ++row) {
      if (session_.live(row)) any_row = row;
    }
    std::vector<lxw_format*> indents;
    Row r = 1;
    // Pre-order: each node, then its children.
    std::vector<int> stack;
    for (auto it = standard.nodes().size(); it-- > 0;) {
      if (standard.nodes()[it].parent < 0) stack.push_back(static_cast<int>(it));
    }
    while (!stack.empty()) {
      const auto n = static_cast<std::size_t>(stack.back());
      stack.pop_back();
      const NodeInfo& node = standard.nodes()[n];
      for (auto c = node.children.rbegin(); c != node.children.rend(); ++c) stack.push_back(*c);
      const auto level = static_cast<std::size_t>(std::clamp(node.depth - 1, 0, 15));
      while (indents.size() <= level) {
        lxw_format* format = workbook_add_format(workbook_);
        format_set_indent(format, static_cast<uint8_t>(indents.size()));
        indents.push_back(format);
      }
      worksheet_write_string(sheet, r, 0, node.id.c_str(), indents[level]);
      Text(sheet, r, 1, node.label);
      Text(sheet, r, 2, node.kind == NodeKind::kGroup ? "group" : "indicator");
      if (node.points) worksheet_write_number(sheet, r, 3, *node.points, nullptr);
      if (any_row) {
        StatusOr<Explanation> explained = session_.Explain(*any_row, n);
        if (explained.ok()) Text(sheet, r, 4, explained->rule);
      }
      if (auto read = reads.find(node.id); read != reads.end()) Text(sheet, r, 5, read->second);
      ++r;
    }
    ++r;
    Text(sheet, r++, 0, "standard");
    Text(sheet, r - 1, 1, standard.title().empty() ? standard.id() : standard.title());
    if (!standard.version().empty()) {
      Text(sheet, r++, 0, "version");
      Text(sheet, r - 1, 1, standard.version());
    }
    worksheet_set_column(sheet, 0, 0, 18, nullptr);
    worksheet_set_column(sheet, 1, 1, 36, nullptr);
    worksheet_set_column(sheet, 4, 5, 40, nullptr);
  }

  const Session& session_;
  lxw_workbook* workbook_;
  lxw_format* header_ = nullptr;
  lxw_format* number_ = nullptr;
  std::set<std::string> used_names_;
  std::map<std::size_t, int> rank_;
};

}  // namespace

std::string SheetName(std::string_view name) {
  std::string out;
  std::size_t characters = 0;
  for (std::size_t i = 0; i < name.size() && characters < 31;) {
    const auto lead = static_cast<unsigned char>(name[i]);
    const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    std::string piece(name.substr(i, length));
    if (piece.size() == 1 && std::string_view("[]:*?/\\").find(piece[0]) != std::string::npos) {
      piece = "_";
    }
    out += piece;
    i += length;
    ++characters;
  }
  if (!out.empty() && out.front() == '\'') out.front() = '_';
  if (!out.empty() && out.back() == '\'') out.back() = '_';
  return out.empty() ? std::string("Sheet") : out;
}

Status WriteResultsXlsx(const Session& session, const std::string& path,
                        const XlsxOptions& options) {
  return Book(session, path, options).Write();
}

Status WriteResultsXlsxFile(const Session& session, const std::string& out,
                            const XlsxOptions& options) {
  // libxlsxwriter writes a path: a private temporary file, whose bytes then go to `out`
  // through WriteOutputFile (a temporary file beside it, renamed over it; never over a
  // device).
  std::error_code error;
  std::string scratch =
      (std::filesystem::temp_directory_path(error) / "rubric-xlsx-XXXXXX").string();
  if (error) scratch = "/tmp/rubric-xlsx-XXXXXX";
  const int fd = ::mkstemp(scratch.data());
  if (fd < 0) {
    return Status(StatusCode::kIoError, "cannot create a temporary file for " + out);
  }
  ::close(fd);
  const Status written = WriteResultsXlsx(session, scratch, options);
  std::string bytes;
  if (written.ok()) {
    std::ifstream in(scratch, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    bytes = buffer.str();
  }
  ::unlink(scratch.c_str());
  if (!written.ok())
    return Status(written.code(), "cannot write " + out + ": " + written.message());
  return WriteOutputFile(out, [&](std::ostream& stream) {
    stream.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  });
}

}  // namespace rubric::cli
