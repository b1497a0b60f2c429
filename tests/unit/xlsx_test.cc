// Excel workbooks: results written with libxlsxwriter and read back; data read from .xlsx
// (long and wide) scoring as the same data in CSV, bit for bit; the diagnostics of
// spreadsheet troubles (numbers stored as text, dates, merged headers, a missing sheet, a
// corrupt file).
#include "xlsx.h"

#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "io/csv_reader.h"
#include "rubric/data.h"
#include "rubric/report.h"
#include "rubric/session.h"
#include "rubric/standard.h"
#include "test_support.h"

namespace rubric {
namespace {

using cli::ReadXlsx;
using cli::XlsxSheet;

// A path in the temporary folder, removed at the end of the test.
class ScratchFile {
 public:
  explicit ScratchFile(const std::string& stem)
      : path_((std::filesystem::temp_directory_path() /
               ("rubric-xlsx-test-" + std::to_string(::getpid()) + "-" + stem + ".xlsx"))
                  .string()) {}
  ~ScratchFile() { std::filesystem::remove(path_); }
  ScratchFile(const ScratchFile&) = delete;
  ScratchFile& operator=(const ScratchFile&) = delete;
  const std::string& path() const { return path_; }
  std::string Bytes() const { return testing::ReadFileOrDie(path_); }

 private:
  std::string path_;
};

Standard Consortium() {
  CompileResult compiled = Standard::CompileFile(
      (testing::SourceDir() / "examples/consortium/standard.rubric").string());
  EXPECT_TRUE(compiled.ok()) << RenderAll(compiled.diagnostics);
  return *compiled.standard;
}

std::vector<std::vector<std::string>> CsvRecords(const std::string& text) {
  data::CsvReader reader(text);
  data::CsvRecord record;
  std::vector<std::vector<std::string>> records;
  while (true) {
    absl::StatusOr<bool> more = reader.Next(&record);
    EXPECT_TRUE(more.ok());
    if (!more.ok() || !*more) break;
    records.push_back(record.fields);
  }
  return records;
}

// Writes `text` as a spreadsheet would hold it: numbers as numbers, true/false as booleans,
// the rest as text.
void WriteCell(lxw_worksheet* sheet, lxw_row_t row, lxw_col_t col, const std::string& text) {
  if (text.empty()) return;
  double number = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec == std::errc() && ptr == text.data() + text.size()) {
    worksheet_write_number(sheet, row, col, number, nullptr);
  } else if (text == "true" || text == "false") {
    worksheet_write_boolean(sheet, row, col, text == "true" ? 1 : 0, nullptr);
  } else {
    worksheet_write_string(sheet, row, col, text.c_str(), nullptr);
  }
}

void WriteWorkbook(const std::string& path, const std::string& sheet_name,
                   const std::vector<std::vector<std::string>>& rows) {
  lxw_workbook* workbook = workbook_new(path.c_str());
  ASSERT_NE(workbook, nullptr);
  workbook_add_worksheet(workbook, "Notes");  // not the data: --sheet names the data
  lxw_worksheet* sheet = workbook_add_worksheet(workbook, sheet_name.c_str());
  for (std::size_t r = 0; r < rows.size(); ++r) {
    for (std::size_t c = 0; c < rows[r].size(); ++c) {
      WriteCell(sheet, static_cast<lxw_row_t>(r), static_cast<lxw_col_t>(c), rows[r][c]);
    }
  }
  ASSERT_EQ(workbook_close(workbook), LXW_NO_ERROR);
}

// The long records of cities.csv pivoted to the wide layout.
std::vector<std::vector<std::string>> Wide(const std::vector<std::vector<std::string>>& long_rows) {
  std::vector<std::string> inputs;
  std::map<std::string, std::size_t> column;
  std::vector<std::pair<std::string, std::string>> keys;
  std::map<std::pair<std::string, std::string>, std::map<std::string, std::string>> values;
  for (std::size_t r = 1; r < long_rows.size(); ++r) {
    const auto& f = long_rows[r];
    if (column.emplace(f[2], inputs.size()).second) inputs.push_back(f[2]);
    const auto key = std::make_pair(f[0], f[1]);
    if (!values.count(key)) keys.push_back(key);
    values[key][f[2]] = f[3];
  }
  std::vector<std::vector<std::string>> wide;
  std::vector<std::string> header = {"entity", "period"};
  header.insert(header.end(), inputs.begin(), inputs.end());
  wide.push_back(header);
  for (const auto& key : keys) {
    std::vector<std::string> row = {key.first, key.second};
    for (const std::string& input : inputs) {
      auto found = values[key].find(input);
      row.push_back(found == values[key].end() ? std::string() : found->second);
    }
    wide.push_back(row);
  }
  return wide;
}

bool SameBits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

void ExpectSameScores(const Session& csv, const Session& xlsx) {
  ASSERT_EQ(csv.row_count(), xlsx.row_count());
  const std::size_t nodes = csv.standard().nodes().size();
  for (std::size_t row = 0; row < csv.row_count(); ++row) {
    std::optional<std::size_t> other = xlsx.FindRow(csv.entity(row), csv.period(row));
    ASSERT_TRUE(other.has_value()) << csv.entity(row);
    EXPECT_TRUE(SameBits(csv.total(row), xlsx.total(*other))) << csv.entity(row);
    for (std::size_t n = 0; n < nodes; ++n) {
      EXPECT_TRUE(SameBits(csv.node_value(row, n), xlsx.node_value(*other, n)))
          << csv.entity(row) << " node " << csv.standard().nodes()[n].id;
    }
  }
}

class XlsxRoundTrip : public ::testing::Test {
 protected:
  void SetUp() override {
    csv_text_ = testing::ReadFileOrDie(testing::SourceDir() / "examples/consortium/cities.csv");
    long_rows_ = CsvRecords(csv_text_);
  }

  std::optional<Session> LoadWorkbook(const std::string& path) {
    XlsxSheet read = ReadXlsx(testing::ReadFileOrDie(path), "cities.xlsx", "Cities");
    EXPECT_TRUE(read.ok()) << RenderAll(read.diagnostics);
    EXPECT_EQ(read.table.sheet, "Cities");
    Session session(Consortium());
    const LoadReport report = LoadTable(session, read.table, "cities.xlsx");
    EXPECT_TRUE(report.ok()) << RenderAll(report.diagnostics);
    for (const Diagnostic& d : report.diagnostics) {
      EXPECT_NE(d.code, "W0004") << Render(d);  // numbers were written as numbers
    }
    session.Evaluate();
    return session;
  }

  Session FromCsv() {
    Session session(Consortium());
    const LoadReport report = LoadCsv(session, csv_text_, "cities.csv");
    EXPECT_TRUE(report.ok()) << RenderAll(report.diagnostics);
    session.Evaluate();
    return session;
  }

  std::string csv_text_;
  std::vector<std::vector<std::string>> long_rows_;
};

TEST_F(XlsxRoundTrip, LongLayoutScoresAsTheCsvBitForBit) {
  ScratchFile file("long");
  WriteWorkbook(file.path(), "Cities", long_rows_);
  std::optional<Session> xlsx = LoadWorkbook(file.path());
  ASSERT_TRUE(xlsx.has_value());
  Session csv = FromCsv();
  EXPECT_EQ(csv.row_count(), 90u);
  ExpectSameScores(csv, *xlsx);
}

TEST_F(XlsxRoundTrip, WideLayoutScoresAsTheCsvBitForBit) {
  ScratchFile file("wide");
  WriteWorkbook(file.path(), "Cities", Wide(long_rows_));
  std::optional<Session> xlsx = LoadWorkbook(file.path());
  ASSERT_TRUE(xlsx.has_value());
  ExpectSameScores(FromCsv(), *xlsx);
}

TEST_F(XlsxRoundTrip, ResultsWrittenAndReadBack) {
  Session session = FromCsv();
  ScratchFile file("results");
  cli::XlsxOptions options;
  options.decimals = 3;
  ASSERT_TRUE(cli::WriteResultsXlsx(session, file.path(), options).ok());
  const std::string bytes = file.Bytes();
  EXPECT_TRUE(cli::LooksLikeXlsx("results", bytes));

  // The wide sheet: a row per entity and period, a column per node headed by its label.
  XlsxSheet scores = ReadXlsx(bytes, "results.xlsx", "Scores");
  ASSERT_TRUE(scores.ok()) << RenderAll(scores.diagnostics);
  const auto& nodes = session.standard().nodes();
  ASSERT_EQ(scores.table.rows.size(), session.row_count() + 1);
  const auto& header = scores.table.rows[0];
  ASSERT_GE(header.size(), nodes.size() + 7);
  EXPECT_EQ(header[0].text, "entity");
  EXPECT_EQ(header[1].text, "period");
  EXPECT_EQ(header[2].text, nodes[0].label);
  EXPECT_EQ(header[2 + nodes.size()].text, "total");
  EXPECT_EQ(header[3 + nodes.size()].text, "rank");
  const std::vector<std::size_t> order = RowsInOutputOrder(session);
  for (std::size_t i = 0; i < order.size(); ++i) {
    const auto& cells = scores.table.rows[i + 1];
    EXPECT_EQ(cells[0].text, session.entity(order[i]));
    ASSERT_GT(cells.size(), 2 + nodes.size());
    const TableCell& total = cells[2 + nodes.size()];
    EXPECT_EQ(total.kind, TableCell::Kind::kNumber);
    // libxlsxwriter writes 16 significant digits.
    EXPECT_NEAR(std::stod(total.text), session.total(order[i]),
                1e-13 * std::max(1.0, std::abs(session.total(order[i]))));
  }

  // A ranking sheet per period: rank 1 first.
  std::set<std::int64_t> periods;
  for (std::size_t row = 0; row < session.row_count(); ++row) periods.insert(session.period(row));
  for (std::int64_t period : periods) {
    XlsxSheet ranking = ReadXlsx(bytes, "results.xlsx", "Ranking " + std::to_string(period));
    ASSERT_TRUE(ranking.ok()) << RenderAll(ranking.diagnostics);
    EXPECT_EQ(ranking.table.rows[0][0].text, "rank");
    EXPECT_EQ(ranking.table.rows[0][5].text, "veto ids");
    EXPECT_EQ(ranking.table.rows[1][0].text, "1");
  }

  // The standard: every node, indented by depth.
  XlsxSheet standard = ReadXlsx(bytes, "results.xlsx", "Standard");
  ASSERT_TRUE(standard.ok()) << RenderAll(standard.diagnostics);
  EXPECT_EQ(standard.table.rows[0][0].text, "id");
  EXPECT_EQ(standard.table.rows[0][4].text, "rule");
  EXPECT_GE(standard.table.rows.size(), nodes.size() + 1);
  std::set<std::string> ids;
  for (const auto& row : standard.table.rows) {
    if (!row.empty()) ids.insert(row[0].text);
  }
  for (const NodeInfo& node : nodes) EXPECT_TRUE(ids.count(node.id)) << node.id;
}

// The command line: xlsx out only to a file, data in from a workbook (--sheet), scores as
// from the CSV.
TEST_F(XlsxRoundTrip, TheCommandLineReadsAndWritesWorkbooks) {
  using testing::Cli;
  using testing::ConsortiumStandardArg;
  using testing::Quote;
  using testing::RunCommand;
  const testing::CommandResult no_out = RunCommand(Cli() + " score " + ConsortiumStandardArg() +
                                                   " " + testing::CitiesArg() + " --format xlsx");
  EXPECT_EQ(no_out.exit_code, 2);
  EXPECT_NE(no_out.err.find("--format xlsx writes a binary workbook: name it with --out FILE"),
            std::string::npos);
  EXPECT_TRUE(no_out.out.empty());

  ScratchFile results("cli-results");
  const testing::CommandResult written =
      RunCommand(Cli() + " score " + ConsortiumStandardArg() + " " + testing::CitiesArg() +
                 " --format xlsx --decimals 1 --out " + Quote(results.path()));
  EXPECT_EQ(written.exit_code, 0) << written.err;
  EXPECT_TRUE(written.out.empty());
  EXPECT_TRUE(ReadXlsx(results.Bytes(), "r.xlsx", "Scores").ok());

  ScratchFile data("cli-data");
  WriteWorkbook(data.path(), "Cities", Wide(long_rows_));
  const testing::CommandResult from_csv = RunCommand(Cli() + " score " + ConsortiumStandardArg() +
                                                     " " + testing::CitiesArg() + " --format json");
  const testing::CommandResult from_xlsx =
      RunCommand(Cli() + " score " + ConsortiumStandardArg() + " " + Quote(data.path()) +
                 " --sheet Cities --format json");
  EXPECT_EQ(from_xlsx.exit_code, 0) << from_xlsx.err;
  EXPECT_EQ(from_xlsx.out, from_csv.out);

  const testing::CommandResult no_sheet = RunCommand(Cli() + " score " + ConsortiumStandardArg() +
                                                     " " + Quote(data.path()) + " --sheet Nope");
  EXPECT_EQ(no_sheet.exit_code, 1);
  EXPECT_NE(no_sheet.err.find("the workbook has no sheet 'Nope' [D0011]"), std::string::npos);
  EXPECT_NE(no_sheet.err.find("its sheets: 'Notes', 'Cities'"), std::string::npos);
  // The first sheet (Notes) is empty.
  const testing::CommandResult first =
      RunCommand(Cli() + " score " + ConsortiumStandardArg() + " " + Quote(data.path()));
  EXPECT_EQ(first.exit_code, 1);
  EXPECT_NE(first.err.find("sheet 'Notes', row 1: error: the sheet is empty"), std::string::npos);
  const testing::CommandResult sheet_of_csv = RunCommand(
      Cli() + " score " + ConsortiumStandardArg() + " " + testing::CitiesArg() + " --sheet X");
  EXPECT_EQ(sheet_of_csv.exit_code, 2);
}

constexpr char kSmall[] = R"(standard s {
  input amount "金额" : number >= 0
  indicator a points 10 { score ratio(amount, 100) }
})";

Standard Small() {
  CompileResult compiled = Standard::Compile(kSmall, "s.rubric");
  EXPECT_TRUE(compiled.ok()) << RenderAll(compiled.diagnostics);
  return *compiled.standard;
}

std::vector<std::string> Codes(const std::vector<Diagnostic>& diagnostics) {
  std::vector<std::string> codes;
  for (const Diagnostic& d : diagnostics) codes.push_back(d.code);
  return codes;
}

// A workbook of one sheet "Data" made by `fill`.
template <typename Fill>
std::string Workbook(const std::string& stem, Fill fill) {
  ScratchFile file(stem);
  lxw_workbook* workbook = workbook_new(file.path().c_str());
  lxw_worksheet* sheet = workbook_add_worksheet(workbook, "Data");
  worksheet_write_string(sheet, 0, 0, "entity", nullptr);
  worksheet_write_string(sheet, 0, 1, "period", nullptr);
  worksheet_write_string(sheet, 0, 2, "amount", nullptr);
  fill(workbook, sheet);
  EXPECT_EQ(workbook_close(workbook), LXW_NO_ERROR);
  return file.Bytes();
}

TEST(XlsxDiagnostics, NumbersStoredAsTextAreReadWithAWarningNamingTheCell) {
  const std::string bytes = Workbook("text", [](lxw_workbook*, lxw_worksheet* sheet) {
    worksheet_write_string(sheet, 1, 0, "C1", nullptr);
    worksheet_write_number(sheet, 1, 1, 2024, nullptr);
    worksheet_write_string(sheet, 1, 2, "12.5", nullptr);
  });
  XlsxSheet read = ReadXlsx(bytes, "d.xlsx");
  ASSERT_TRUE(read.ok()) << RenderAll(read.diagnostics);
  Session session(Small());
  const LoadReport report = LoadTable(session, read.table, "d.xlsx");
  ASSERT_TRUE(report.ok()) << RenderAll(report.diagnostics);
  ASSERT_EQ(Codes(report.diagnostics), std::vector<std::string>{"W0004"});
  EXPECT_EQ(report.diagnostics[0].file, "d.xlsx: sheet 'Data', cell C2");
  EXPECT_NE(report.diagnostics[0].message.find("number stored as text"), std::string::npos);
  EXPECT_EQ(session.value(0, 0), 12.5);
}

TEST(XlsxDiagnostics, ADateIsAnErrorNamingTheCell) {
  const std::string bytes = Workbook("date", [](lxw_workbook* workbook, lxw_worksheet* sheet) {
    lxw_format* date = workbook_add_format(workbook);
    format_set_num_format(date, "yyyy-mm-dd");
    worksheet_write_string(sheet, 1, 0, "C1", nullptr);
    worksheet_write_number(sheet, 1, 1, 2024, nullptr);
    worksheet_write_number(sheet, 1, 2, 45000, date);
  });
  XlsxSheet read = ReadXlsx(bytes, "d.xlsx");
  ASSERT_TRUE(read.ok()) << RenderAll(read.diagnostics);
  Session session(Small());
  const LoadReport report = LoadTable(session, read.table, "d.xlsx");
  ASSERT_EQ(Codes(report.diagnostics), std::vector<std::string>{"D0106"});
  EXPECT_EQ(Render(report.diagnostics[0]).substr(0, 46),
            "d.xlsx: sheet 'Data', cell C2: error: the valu");
  EXPECT_NE(report.diagnostics[0].message.find("is a date"), std::string::npos);
}

TEST(XlsxDiagnostics, AValueThatDoesNotParseNamesTheCell) {
  const std::string bytes = Workbook("bad", [](lxw_workbook*, lxw_worksheet* sheet) {
    worksheet_write_string(sheet, 1, 0, "C1", nullptr);
    worksheet_write_number(sheet, 1, 1, 2024, nullptr);
    worksheet_write_string(sheet, 1, 2, "many", nullptr);
    worksheet_write_string(sheet, 2, 0, "C2", nullptr);
    worksheet_write_string(sheet, 2, 1, "next year", nullptr);
  });
  XlsxSheet read = ReadXlsx(bytes, "d.xlsx");
  ASSERT_TRUE(read.ok());
  Session session(Small());
  const LoadReport report = LoadTable(session, read.table, "d.xlsx");
  ASSERT_EQ(Codes(report.diagnostics), (std::vector<std::string>{"D0102", "D0005"}));
  EXPECT_EQ(report.diagnostics[0].file, "d.xlsx: sheet 'Data', cell C2");
  EXPECT_EQ(report.diagnostics[1].file, "d.xlsx: sheet 'Data', cell B3");
}

TEST(XlsxDiagnostics, MergedHeaderCellsAreAnError) {
  const std::string bytes = Workbook("merged", [](lxw_workbook*, lxw_worksheet* sheet) {
    worksheet_merge_range(sheet, 0, 2, 0, 3, "amount", nullptr);
    worksheet_write_string(sheet, 1, 0, "C1", nullptr);
    worksheet_write_number(sheet, 1, 1, 2024, nullptr);
  });
  XlsxSheet read = ReadXlsx(bytes, "d.xlsx");
  ASSERT_EQ(Codes(read.diagnostics), std::vector<std::string>{"D0107"});
  EXPECT_EQ(read.diagnostics[0].file, "d.xlsx: sheet 'Data', cell C1");
  EXPECT_NE(read.diagnostics[0].message.find("merged header cells C1:D1"), std::string::npos);
}

TEST(XlsxDiagnostics, AMissingSheetListsTheSheets) {
  const std::string bytes = Workbook("sheets", [](lxw_workbook*, lxw_worksheet*) {});
  XlsxSheet read = ReadXlsx(bytes, "d.xlsx", "Cities");
  ASSERT_EQ(Codes(read.diagnostics), std::vector<std::string>{"D0011"});
  EXPECT_EQ(read.diagnostics[0].message, "the workbook has no sheet 'Cities'");
  EXPECT_EQ(read.diagnostics[0].hint, "its sheets: 'Data'");
}

TEST(XlsxDiagnostics, CorruptFilesAreErrorsNeverCrashes) {
  const std::string good = Workbook("good", [](lxw_workbook*, lxw_worksheet* sheet) {
    worksheet_write_string(sheet, 1, 0, "C1", nullptr);
    worksheet_write_number(sheet, 1, 1, 2024, nullptr);
    worksheet_write_number(sheet, 1, 2, 5, nullptr);
  });
  ASSERT_TRUE(ReadXlsx(good, "d.xlsx").ok());
  std::vector<std::string> bad = {"", "PK\x03\x04 not really a zip", "entity,period\n",
                                  good.substr(0, good.size() / 2)};
  // Every byte flipped in turn would be slow: every 97th.
  for (std::size_t i = 0; i < good.size(); i += 97) {
    std::string flipped = good;
    flipped[i] = static_cast<char>(flipped[i] ^ 0x5a);
    bad.push_back(flipped);
  }
  int errors = 0;
  for (const std::string& bytes : bad) {
    XlsxSheet read = ReadXlsx(bytes, "d.xlsx");
    if (read.ok()) {  // a flip the ZIP's checks let through: the loader copes too
      Session session(Small());
      LoadTable(session, read.table, "d.xlsx");
      continue;
    }
    ++errors;
    ASSERT_FALSE(read.diagnostics.empty());
    EXPECT_TRUE(read.diagnostics[0].code == "D0010" || read.diagnostics[0].code == "D0011")
        << Render(read.diagnostics[0]);
  }
  EXPECT_GE(errors, 4);
  XlsxSheet read = ReadXlsx("PK\x03\x04 not really a zip", "d.xlsx");
  ASSERT_EQ(Codes(read.diagnostics), std::vector<std::string>{"D0010"});
  EXPECT_NE(read.diagnostics[0].message.find("not an Excel workbook"), std::string::npos);
}

// A package made part by part (libzip), for what libxlsxwriter never writes.
std::string Package(const std::map<std::string, std::string>& parts) {
  ScratchFile file("package");
  int error = 0;
  zip_t* archive = zip_open(file.path().c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  EXPECT_NE(archive, nullptr);
  if (archive == nullptr) return {};
  for (const auto& [name, text] : parts) {
    zip_source_t* source = zip_source_buffer(archive, text.data(), text.size(), 0);
    EXPECT_GE(zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8), 0);
  }
  EXPECT_EQ(zip_close(archive), 0);
  return file.Bytes();
}

constexpr char kWorkbookXml[] =
    R"(<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" )"
    R"(xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">)"
    R"(<sheets><sheet name="Data" sheetId="1" r:id="rId7"/></sheets></workbook>)";
constexpr char kRelsXml[] =
    R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
    R"(<Relationship Id="rId7" Type="worksheet" Target="/xl/worksheets/data.xml"/>)"
    R"(</Relationships>)";

std::string SheetXml(const std::string& rows) {
  return R"(<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)"
         "<sheetData>" +
         rows + "</sheetData></worksheet>";
}

TEST(XlsxPackage, InlineStringsFormulasBooleansAndCellsWithoutReferences) {
  const std::string bytes =
      Package({{"xl/workbook.xml", kWorkbookXml},
               {"xl/_rels/workbook.xml.rels", kRelsXml},
               {"xl/worksheets/data.xml",
                SheetXml(R"(<row><c t="inlineStr"><is><t>entity</t></is></c>)"
                         R"(<c t="inlineStr"><is><r><t>per</t></r><r><t>iod</t></r></is></c>)"
                         R"(<c t="inlineStr"><is><t>amount</t></is></c></row>)"
                         R"(<row><c t="str"><f>"C"&amp;1</f><v>C1</v></c><c><v>2024</v></c>)"
                         R"(<c><f>10/4</f><v>2.5</v></c></row>)"
                         R"(<row r="5"><c r="A5" t="inlineStr"><is><t>C2</t></is></c>)"
                         R"(<c r="B5"><v>2024</v></c><c r="C5" t="e"><v>#DIV/0!</v></c></row>)")}});
  XlsxSheet read = ReadXlsx(bytes, "p.xlsx");
  ASSERT_TRUE(read.ok()) << RenderAll(read.diagnostics);
  ASSERT_EQ(read.table.rows.size(), 3u);
  EXPECT_EQ(read.table.row_numbers, (std::vector<int>{1, 2, 5}));
  EXPECT_EQ(read.table.rows[0][1].text, "period");
  EXPECT_EQ(read.table.rows[1][0].text, "C1");
  EXPECT_EQ(read.table.rows[1][2].text, "2.5");
  EXPECT_EQ(read.table.rows[2][2].kind, TableCell::Kind::kError);
  Session session(Small());
  const LoadReport report = LoadTable(session, read.table, "p.xlsx");
  ASSERT_EQ(Codes(report.diagnostics), std::vector<std::string>{"D0106"});
  EXPECT_EQ(report.diagnostics[0].file, "p.xlsx: sheet 'Data', cell C5");
  EXPECT_EQ(session.value(0, 0), 2.5);
}

TEST(XlsxPackage, MissingPartsBadReferencesAndDoctypesAreErrors) {
  const std::map<std::string, std::string> good = {
      {"xl/workbook.xml", kWorkbookXml},
      {"xl/_rels/workbook.xml.rels", kRelsXml},
      {"xl/worksheets/data.xml", SheetXml(R"(<row><c t="s"><v>0</v></c></row>)")},
      {"xl/sharedStrings.xml", "<sst><si><t>entity</t></si></sst>"}};
  ASSERT_TRUE(ReadXlsx(Package(good), "p.xlsx").ok());
  auto message = [&](const std::string& part, const std::string& text) {
    std::map<std::string, std::string> parts = good;
    if (text.empty()) {
      parts.erase(part);
    } else {
      parts[part] = text;
    }
    XlsxSheet read = ReadXlsx(Package(parts), "p.xlsx");
    EXPECT_EQ(Codes(read.diagnostics), std::vector<std::string>{"D0010"}) << part;
    return read.diagnostics.empty() ? std::string() : Render(read.diagnostics[0]);
  };
  EXPECT_NE(
      message("xl/worksheets/data.xml", "").find("the part xl/worksheets/data.xml is missing"),
      std::string::npos);
  EXPECT_NE(message("xl/workbook.xml", "").find("the part xl/workbook.xml is missing"),
            std::string::npos);
  EXPECT_NE(message("xl/sharedStrings.xml", "<sst></sst>")
                .find("cell A1: error: the cell refers to shared string '0'"),
            std::string::npos);
  EXPECT_NE(message("xl/worksheets/data.xml", SheetXml(R"(<row><c r="XFE1"><v>1</v></c></row>)"))
                .find("cell reference 'XFE1' is not a cell of a sheet"),
            std::string::npos);
  EXPECT_NE(message("xl/worksheets/data.xml", SheetXml(R"(<row r="1048577"></row>)"))
                .find("is not a row of a sheet"),
            std::string::npos);
  EXPECT_NE(message("xl/sharedStrings.xml",
                    "<!DOCTYPE sst [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;\">]>"
                    "<sst><si><t>&b;</t></si></sst>")
                .find("a document type declaration is not allowed"),
            std::string::npos);
  EXPECT_NE(message("xl/workbook.xml", "<workbook><sheets>").find("malformed XML"),
            std::string::npos);
}

// Golden files: each tests/golden/data_diagnostics/*.xlsx, read and loaded against
// standard.rubric there, reports exactly its .expected file (RUBRIC_UPDATE_GOLDEN=1 rewrites
// them). The file is named after the first code it shows.
TEST(XlsxGolden, EachWorkbookReportsExactly) {
  const std::filesystem::path dir = testing::SourceDir() / "tests/golden/data_diagnostics";
  CompileResult compiled =
      Standard::Compile(testing::ReadFileOrDie(dir / "standard.rubric"), "standard.rubric");
  ASSERT_TRUE(compiled.ok()) << RenderAll(compiled.diagnostics);
  int checked = 0;
  for (const std::string& name : testing::FileNames(dir, ".xlsx")) {
    SCOPED_TRACE(name);
    XlsxSheet read = ReadXlsx(testing::ReadFileOrDie(dir / name), name);
    std::vector<Diagnostic> diagnostics = read.diagnostics;
    if (read.ok()) {
      Session session(*compiled.standard);
      const LoadReport report = LoadTable(session, read.table, name);
      diagnostics.insert(diagnostics.end(), report.diagnostics.begin(), report.diagnostics.end());
    }
    ASSERT_FALSE(diagnostics.empty());
    EXPECT_EQ(diagnostics.front().code, name.substr(0, 5));
    const std::string rendered = RenderAll(diagnostics);
    const auto expected = dir / (name.substr(0, name.size() - 5) + ".expected");
    if (std::getenv("RUBRIC_UPDATE_GOLDEN") != nullptr) {
      std::ofstream(expected, std::ios::binary) << rendered;
    } else {
      EXPECT_EQ(rendered, testing::ReadFileOrDie(expected));
    }
    ++checked;
  }
  EXPECT_GE(checked, 4);
}

TEST(XlsxNames, SheetNamesAreValidForExcel) {
  EXPECT_EQ(cli::SheetName("Ranking 2024"), "Ranking 2024");
  EXPECT_EQ(cli::SheetName("a[b]:c*d?e/f\\g"), "a_b__c_d_e_f_g");
  EXPECT_EQ(cli::SheetName(std::string(40, 'x')), std::string(31, 'x'));
  EXPECT_EQ(cli::SheetName(""), "Sheet");
  EXPECT_EQ(cli::SheetName("'quoted'"), "_quoted_");
  EXPECT_EQ(CellReference(0, 1), "A1");
  EXPECT_EQ(CellReference(25, 3), "Z3");
  EXPECT_EQ(CellReference(26, 12), "AA12");
  EXPECT_EQ(CellReference(16383, 1048576), "XFD1048576");
}

}  // namespace
}  // namespace rubric
