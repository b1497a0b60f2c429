// IndexCsvFile and LoadCsvRuns: a file read period by period, in blocks of any size, gives
// the rows, values and diagnostics LoadCsv gives for the whole text.
#include "rubric/data_stream.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "rubric/data.h"
#include "rubric/standard.h"

namespace rubric {
namespace {

Standard Panel() {
  CompileResult compiled = Standard::Compile(R"(
standard t {
  input x : number
  input note : text
  indicator a { value x }
})",
                                             "t.rubric");
  if (!compiled.ok()) throw std::runtime_error("does not compile");
  return std::move(*compiled.standard);
}

// Every row as "entity|period|x|note", sorted.
std::vector<std::string> Rows(const Session& session) {
  std::vector<std::string> rows;
  for (std::size_t row = 0; row < session.row_count(); ++row) {
    rows.push_back(session.entity(row) + "|" + std::to_string(session.period(row)) + "|" +
                   (session.is_missing(row, 0) ? "-" : std::to_string(session.value(row, 0))) +
                   "|" + session.text(row, 1));
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

// "LINE CODE" per diagnostic.
std::vector<std::string> Said(const std::vector<Diagnostic>& diagnostics) {
  std::vector<std::string> said;
  for (const Diagnostic& d : diagnostics) said.push_back(std::to_string(d.line) + " " + d.code);
  return said;
}

class DataStreamTest : public ::testing::Test {
 protected:
  std::string Write(const std::string& text) {
    path_ = (std::filesystem::temp_directory_path() /
             ("rubric-stream-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
              "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".csv"))
                .string();
    std::ofstream(path_, std::ios::binary) << text;
    return path_;
  }
  void TearDown() override {
    if (!path_.empty()) std::filesystem::remove(path_);
  }

  // Checks the streamed reading of `text` against LoadCsv, for blocks of many sizes.
  void ExpectSameAsWhole(const std::string& text) {
    const Standard standard = Panel();
    Session whole(standard);
    const LoadReport expected = LoadCsv(whole, text, "d.csv");
    const std::string path = Write(text);
    for (std::size_t block : {1, 2, 3, 5, 7, 16, 64, 1 << 20}) {
      SCOPED_TRACE("block " + std::to_string(block));
      CsvIndexOptions options;
      options.block_bytes = block;
      options.max_run_bytes = 3 * block;  // runs cut short too
      StatusOr<CsvFileIndex> index = IndexCsvFile(path, {}, options);
      ASSERT_TRUE(index.ok()) << index.status().message();
      EXPECT_EQ(index->long_format, expected.long_format);
      EXPECT_EQ(index->records, expected.records);
      std::vector<std::string> rows, said = Said(index->diagnostics);
      for (const auto& [period, runs] : index->periods) {
        Session part(standard);
        std::vector<int> lines;
        StatusOr<LoadReport> report = LoadCsvRuns(part, path, *index, runs, "d.csv", {}, &lines);
        ASSERT_TRUE(report.ok());
        for (const std::string& row : Rows(part)) rows.push_back(row);
        // W0002 says what one period lacks: the whole file gives every input.
        for (const std::string& d : Said(report->diagnostics)) {
          if (d.find("W0002") == std::string::npos) said.push_back(d);
        }
        for (std::size_t row = 0; row < part.row_count(); ++row) {
          EXPECT_EQ(part.period(row), period);
          // The first line of the row in the whole file: the whole session's row order.
          const std::optional<std::size_t> in_whole = whole.FindRow(part.entity(row), period);
          ASSERT_TRUE(in_whole.has_value());
          for (std::size_t other = 0; other < part.row_count(); ++other) {
            const std::size_t other_whole = *whole.FindRow(part.entity(other), period);
            EXPECT_EQ(lines[row] < lines[other], *in_whole < other_whole);
          }
        }
      }
      if (!index->unplaced.empty()) {
        Session part(standard);
        StatusOr<LoadReport> report = LoadCsvRuns(part, path, *index, index->unplaced, "d.csv");
        ASSERT_TRUE(report.ok());
        for (const std::string& d : Said(report->diagnostics)) said.push_back(d);
      }
      std::sort(rows.begin(), rows.end());
      EXPECT_EQ(rows, Rows(whole));
      std::vector<std::string> expected_said = Said(expected.diagnostics);
      std::sort(said.begin(), said.end());
      std::sort(expected_said.begin(), expected_said.end());
      EXPECT_EQ(said, expected_said);
    }
  }

  std::string path_;
};

TEST_F(DataStreamTest, WideWithBomCrLfQuotedLineBreaksAndEmptyLines) {
  ExpectSameAsWhole(
      "\xEF\xBB\xBF"
      "entity,period,x,note\r\n"
      "A,2020,1,\"two\r\nlines\"\r\n"
      "\r\n"
      "B,2020,2,plain\r\n"
      "A,2021,3,\"a \"\"quote\"\"\"\r\n"
      "B,2019,,\r\n"
      "\"C, Ltd\",2021,5,x\r\n"
      "C,2020,6,last");
}

TEST_F(DataStreamTest, LongWithLoneCarriageReturns) {
  ExpectSameAsWhole(
      "entity,period,input,value\r"
      "A,2020,x,1\rA,2020,note,hi\r\rB,2021,x,2\rA,2021,x,3\rB,2020,note,\"x\ry\"\r");
}

TEST_F(DataStreamTest, ErrorsAreThoseOfTheWholeFile) {
  // A value that is no number (line 3), a period that is not one (4), a short record (5),
  // a duplicate row (6, of line 2).
  ExpectSameAsWhole(
      "entity,period,x,note\n"
      "A,2020,1,a\n"
      "B,2020,many,b\n"
      "C,20x0,1,c\n"
      "D,2020\n"
      "A,2020,2,d\n");
}

TEST_F(DataStreamTest, MalformedCsvStopsWhereTheWholeFileStops) {
  ExpectSameAsWhole(
      "entity,period,x,note\n"
      "A,2020,1,a\n"
      "B,2021,x\"y,b\n"
      "C,2020,1,c\n");
  ExpectSameAsWhole(
      "entity,period,x,note\n"
      "A,2020,1,a\n"
      "B,2021,1,\"never closed\n"
      "C,2020,1,c\n");
}

TEST_F(DataStreamTest, ARecordLongerThanTheLimitIsRefused) {
  const std::string path =
      Write("entity,period,x,note\nA,2020,1,\"open\n" + std::string(100, 'x') + "\nB,2020,1,b\n");
  CsvIndexOptions options;
  options.block_bytes = 16;
  options.max_record_bytes = 64;
  StatusOr<CsvFileIndex> index = IndexCsvFile(path, {}, options);
  ASSERT_FALSE(index.ok());
  EXPECT_EQ(index.status().code(), StatusCode::kOutOfRange);
  EXPECT_EQ(index.status().message(),
            "the record at line 2 is longer than 64 bytes (a quote left open?): it cannot be "
            "read in parts");
  options.max_record_bytes = 1 << 20;  // then it is read: the quote closes nowhere (D0001)
  index = IndexCsvFile(path, {}, options);
  ASSERT_TRUE(index.ok());
  ASSERT_EQ(index->diagnostics.size(), 1u);
  EXPECT_EQ(index->diagnostics[0].code, "D0001");
  EXPECT_EQ(index->diagnostics[0].line, 2);
}

TEST_F(DataStreamTest, InterleavedPeriodsPastTheBudgetAreRefused) {
  const std::string path =
      Write("entity,period,x,note\nA,2020,1,a\nA,2021,1,a\nB,2020,1,a\nB,2021,1,a\nC,2020,1,a\n");
  CsvIndexOptions options;
  options.max_runs = 4;
  StatusOr<CsvFileIndex> index = IndexCsvFile(path, {}, options);
  ASSERT_FALSE(index.ok());
  EXPECT_EQ(index.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(index.status().message(),
            "the periods' records are interleaved: more than 4 runs of consecutive records of "
            "one period (at line 6)");
  options.max_runs = 5;
  index = IndexCsvFile(path, {}, options);
  ASSERT_TRUE(index.ok());
  EXPECT_EQ(index->runs, 5u);
  ASSERT_EQ(index->periods.size(), 2u);
  EXPECT_EQ(index->periods[0].first, 2020);
  EXPECT_EQ(index->periods[0].second.size(), 3u);
}

}  // namespace
}  // namespace rubric
