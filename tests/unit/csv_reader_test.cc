#include "io/csv_reader.h"

#include <cstddef>
#include <ostream>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gtest/gtest.h"

namespace rubric::data {
namespace {

// Returns `text` preceded by a UTF-8 byte-order mark.
std::string WithBom(std::string_view text) { return "\xEF\xBB\xBF" + std::string(text); }

struct Row {
  std::vector<std::string> fields;
  int line;
  bool operator==(const Row&) const = default;
};

void PrintTo(const Row& row, std::ostream* os) {
  *os << "line " << row.line << ": " << ::testing::PrintToString(row.fields);
}

// Reads every record of `text`, which must be valid CSV.
std::vector<Row> ReadAll(std::string_view text) {
  CsvReader reader(text);
  CsvRecord record;
  std::vector<Row> rows;
  while (true) {
    absl::StatusOr<bool> more = reader.Next(&record);
    if (!more.ok()) {
      ADD_FAILURE() << more.status() << " in: " << ::testing::PrintToString(std::string(text));
      return rows;
    }
    if (!*more) return rows;
    rows.push_back({record.fields, record.line});
  }
}

// Reads `text`, which must fail, and returns the error message after checking
// the code. The records read before the error are stored in *rows if not null.
std::string ReadError(std::string_view text, std::vector<Row>* rows = nullptr) {
  CsvReader reader(text);
  CsvRecord record;
  while (true) {
    absl::StatusOr<bool> more = reader.Next(&record);
    if (!more.ok()) {
      EXPECT_EQ(more.status().code(), absl::StatusCode::kInvalidArgument);
      return std::string(more.status().message());
    }
    if (!*more) {
      ADD_FAILURE() << "no error in: " << ::testing::PrintToString(std::string(text));
      return "";
    }
    if (rows != nullptr) rows->push_back({record.fields, record.line});
  }
}

TEST(CsvReaderTest, SimpleRecords) {
  EXPECT_EQ(ReadAll("a,b,c\n1,2,3\n"),
            (std::vector<Row>{{{"a", "b", "c"}, 1}, {{"1", "2", "3"}, 2}}));
}

TEST(CsvReaderTest, LastRecordWithoutLineBreak) {
  EXPECT_EQ(ReadAll("a,b\n1,2"), (std::vector<Row>{{{"a", "b"}, 1}, {{"1", "2"}, 2}}));
  EXPECT_EQ(ReadAll("x"), (std::vector<Row>{{{"x"}, 1}}));
}

TEST(CsvReaderTest, EmptyInputHasNoRecords) {
  CsvReader reader("");
  CsvRecord record;
  EXPECT_FALSE(*reader.Next(&record));
  EXPECT_FALSE(*reader.Next(&record));  // end of input is stable
}

TEST(CsvReaderTest, OnlyLineBreaksHaveNoRecords) {
  EXPECT_EQ(ReadAll("\n"), std::vector<Row>{});
  EXPECT_EQ(ReadAll("\n\r\n\r\r\n\n"), std::vector<Row>{});
}

TEST(CsvReaderTest, SkipsBom) {
  EXPECT_EQ(ReadAll(WithBom("a,b\nc\n")), (std::vector<Row>{{{"a", "b"}, 1}, {{"c"}, 2}}));
  EXPECT_EQ(ReadAll(WithBom("\"q\"\n")), (std::vector<Row>{{{"q"}, 1}}));
  EXPECT_EQ(ReadAll(WithBom("")), std::vector<Row>{});
  EXPECT_EQ(ReadAll(WithBom("\n\n")), std::vector<Row>{});
}

TEST(CsvReaderTest, BomElsewhereIsData) {
  EXPECT_EQ(ReadAll("a\n" + WithBom("b")), (std::vector<Row>{{{"a"}, 1}, {{WithBom("b")}, 2}}));
  EXPECT_EQ(ReadAll(WithBom(WithBom("a"))), (std::vector<Row>{{{WithBom("a")}, 1}}));
  const std::string partial_bom = WithBom("").substr(0, 2) + "a";
  EXPECT_EQ(ReadAll(partial_bom), (std::vector<Row>{{{partial_bom}, 1}}));
}

TEST(CsvReaderTest, CrLfLineBreaks) {
  EXPECT_EQ(ReadAll("a,b\r\nc,d\r\n"), (std::vector<Row>{{{"a", "b"}, 1}, {{"c", "d"}, 2}}));
  EXPECT_EQ(ReadAll("a,b\r\nc,d"), (std::vector<Row>{{{"a", "b"}, 1}, {{"c", "d"}, 2}}));
}

TEST(CsvReaderTest, LoneCrLineBreaks) {
  EXPECT_EQ(ReadAll("a\rb,c\rd\r"), (std::vector<Row>{{{"a"}, 1}, {{"b", "c"}, 2}, {{"d"}, 3}}));
  // "\r\r\n" is a lone "\r" then "\r\n": two breaks around an empty line.
  EXPECT_EQ(ReadAll("a\r\r\nb"), (std::vector<Row>{{{"a"}, 1}, {{"b"}, 3}}));
}

TEST(CsvReaderTest, MixedLineBreaks) {
  EXPECT_EQ(ReadAll("a\r\nb\nc\rd"),
            (std::vector<Row>{{{"a"}, 1}, {{"b"}, 2}, {{"c"}, 3}, {{"d"}, 4}}));
}

TEST(CsvReaderTest, SkipsEmptyLinesButCountsThem) {
  EXPECT_EQ(ReadAll("\n\na\n\n\nb\n\n"), (std::vector<Row>{{{"a"}, 3}, {{"b"}, 6}}));
  EXPECT_EQ(ReadAll("a\r\n\r\nb\n\nc\r\rd"),
            (std::vector<Row>{{{"a"}, 1}, {{"b"}, 3}, {{"c"}, 5}, {{"d"}, 7}}));
}

TEST(CsvReaderTest, EmptyFields) {
  EXPECT_EQ(ReadAll(",,"), (std::vector<Row>{{{"", "", ""}, 1}}));
  EXPECT_EQ(ReadAll("a,,b\n"), (std::vector<Row>{{{"a", "", "b"}, 1}}));
  EXPECT_EQ(ReadAll(",a\n"), (std::vector<Row>{{{"", "a"}, 1}}));
}

TEST(CsvReaderTest, TrailingCommaGivesEmptyLastField) {
  EXPECT_EQ(ReadAll("a,\n"), (std::vector<Row>{{{"a", ""}, 1}}));
  EXPECT_EQ(ReadAll("a,\r\nb,"), (std::vector<Row>{{{"a", ""}, 1}, {{"b", ""}, 2}}));
  EXPECT_EQ(ReadAll(","), (std::vector<Row>{{{"", ""}, 1}}));
  EXPECT_EQ(ReadAll("\"a\",\n"), (std::vector<Row>{{{"a", ""}, 1}}));
}

TEST(CsvReaderTest, SpacesAreData) {
  EXPECT_EQ(ReadAll(" a , b \n"), (std::vector<Row>{{{" a ", " b "}, 1}}));
  EXPECT_EQ(ReadAll(" \n"), (std::vector<Row>{{{" "}, 1}}));  // not an empty line
}

TEST(CsvReaderTest, QuotedFields) {
  EXPECT_EQ(ReadAll("\"a,b\",c\n"), (std::vector<Row>{{{"a,b", "c"}, 1}}));
  EXPECT_EQ(ReadAll("a,\"b\",c"), (std::vector<Row>{{{"a", "b", "c"}, 1}}));
  EXPECT_EQ(ReadAll("\" x \""), (std::vector<Row>{{{" x "}, 1}}));
  EXPECT_EQ(ReadAll("\"\xE5\xB0\xB1\xE4\xB8\x9A\xE7\x8E\x87\",1"),
            (std::vector<Row>{{{"\xE5\xB0\xB1\xE4\xB8\x9A\xE7\x8E\x87", "1"}, 1}}));
}

TEST(CsvReaderTest, DoubledQuotes) {
  EXPECT_EQ(ReadAll("\"he said \"\"hi\"\"\"\n"), (std::vector<Row>{{{"he said \"hi\""}, 1}}));
  EXPECT_EQ(ReadAll("\"\"\"\""), (std::vector<Row>{{{"\""}, 1}}));
  EXPECT_EQ(ReadAll("\"\"\"\"\"\""), (std::vector<Row>{{{"\"\""}, 1}}));
  EXPECT_EQ(ReadAll("\"a\"\"\",\"\"\"b\""), (std::vector<Row>{{{"a\"", "\"b"}, 1}}));
}

TEST(CsvReaderTest, EmptyQuotedFieldIsARecord) {
  EXPECT_EQ(ReadAll("a\n\"\"\nb"), (std::vector<Row>{{{"a"}, 1}, {{""}, 2}, {{"b"}, 3}}));
  EXPECT_EQ(ReadAll("\"\",\"\""), (std::vector<Row>{{{"", ""}, 1}}));
}

TEST(CsvReaderTest, EmbeddedLineBreaksAndLineNumbers) {
  EXPECT_EQ(ReadAll("\"x\ny\",z\nnext\n"), (std::vector<Row>{{{"x\ny", "z"}, 1}, {{"next"}, 3}}));
  // Line breaks inside quotes are kept verbatim and counted like outside.
  EXPECT_EQ(ReadAll("\"x\r\ny\"\r\nq"), (std::vector<Row>{{{"x\r\ny"}, 1}, {{"q"}, 3}}));
  EXPECT_EQ(ReadAll("\"x\ry\"\rq"), (std::vector<Row>{{{"x\ry"}, 1}, {{"q"}, 3}}));
  // Empty lines inside quotes are data.
  EXPECT_EQ(ReadAll("\"a\n\n\nb\"\nc"), (std::vector<Row>{{{"a\n\n\nb"}, 1}, {{"c"}, 5}}));
  EXPECT_EQ(ReadAll("\"\n\"\n\n\"\r\n\r\n\""), (std::vector<Row>{{{"\n"}, 1}, {{"\r\n\r\n"}, 4}}));
  // A '\r' just before a doubled quote is a lone '\r'.
  EXPECT_EQ(ReadAll("\"a\r\"\"\nb\"\nc"), (std::vector<Row>{{{"a\r\"\nb"}, 1}, {{"c"}, 4}}));
  // Several multi-line fields in one record.
  EXPECT_EQ(ReadAll("1,\"a\nb\",\"c\nd\ne\",2\nz"),
            (std::vector<Row>{{{"1", "a\nb", "c\nd\ne", "2"}, 1}, {{"z"}, 5}}));
}

TEST(CsvReaderTest, NulBytesAreData) {
  const std::string text("a\0b,\"\0\"", 7);
  EXPECT_EQ(ReadAll(text), (std::vector<Row>{{{std::string("a\0b", 3), std::string(1, '\0')}, 1}}));
}

TEST(CsvReaderTest, DoesNotReadPastTheView) {
  const std::string buffer = "a,b\"tail";
  EXPECT_EQ(ReadAll(std::string_view(buffer).substr(0, 3)), (std::vector<Row>{{{"a", "b"}, 1}}));
  const std::string quoted = "\"ab\"\"";
  EXPECT_EQ(ReadAll(std::string_view(quoted).substr(0, 4)), (std::vector<Row>{{{"ab"}, 1}}));
}

TEST(CsvReaderTest, ErrorQuoteInUnquotedField) {
  std::vector<Row> before;
  const std::string message = ReadError("a\nb\"c\n", &before);
  EXPECT_EQ(message, "line 2: quote inside unquoted field");
  EXPECT_EQ(before, (std::vector<Row>{{{"a"}, 1}}));

  EXPECT_EQ(ReadError("a\""), "line 1: quote inside unquoted field");
  EXPECT_EQ(ReadError("x,ab\"\"\n"), "line 1: quote inside unquoted field");
  // A space before the opening quote makes the field unquoted.
  EXPECT_EQ(ReadError("\n\n\n \"a\""), "line 4: quote inside unquoted field");
  // The line is the physical line of the quote, not the record's first line.
  EXPECT_EQ(ReadError("\"x\ny\",b\"c"), "line 2: quote inside unquoted field");
}

TEST(CsvReaderTest, ErrorTextAfterClosingQuote) {
  std::vector<Row> before;
  const std::string message = ReadError("ok\r\n\"a\"b\n", &before);
  EXPECT_EQ(message, "line 2: unexpected character after closing quote");
  EXPECT_EQ(before, (std::vector<Row>{{{"ok"}, 1}}));

  EXPECT_EQ(ReadError("\"a\" ,b"), "line 1: unexpected character after closing quote");
  EXPECT_EQ(ReadError("\"a\nb\"c"), "line 2: unexpected character after closing quote");
  EXPECT_EQ(ReadError("x\n\"a\"\"\"b\""), "line 2: unexpected character after closing quote");
}

TEST(CsvReaderTest, ErrorUnterminatedQuotedField) {
  std::vector<Row> before;
  const std::string message = ReadError("a\n\"abc\ndef\n", &before);
  EXPECT_EQ(message, "line 2: unterminated quoted field");
  EXPECT_EQ(before, (std::vector<Row>{{{"a"}, 1}}));

  EXPECT_EQ(ReadError("\""), "line 1: unterminated quoted field");
  EXPECT_EQ(ReadError("a,\""), "line 1: unterminated quoted field");
  EXPECT_EQ(ReadError("\"a\"\""), "line 1: unterminated quoted field");
  // The line is where the field opens, after a multi-line record.
  EXPECT_EQ(ReadError("\"1\n2\"\n\n\"x\ny\nz"), "line 4: unterminated quoted field");
  // Line breaks inside the field before a doubled quote do not move the line.
  EXPECT_EQ(ReadError("\"a\nb\"\"c\nd"), "line 1: unterminated quoted field");
  // A second field opening on a later line of the same record.
  EXPECT_EQ(ReadError("\"1\n2\",\"x\ny"), "line 2: unterminated quoted field");
}

TEST(CsvReaderTest, ErrorIsSticky) {
  CsvReader reader("a\"\nb\n");
  CsvRecord record;
  absl::StatusOr<bool> first = reader.Next(&record);
  ASSERT_FALSE(first.ok());
  absl::StatusOr<bool> second = reader.Next(&record);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status(), first.status());
}

TEST(CsvReaderTest, ReusesRecordStorage) {
  const std::string long_a(100, 'a');
  const std::string long_b(50, 'b');
  const std::string text = long_a + ",x,y\n" + long_b + "\n\"" + long_b + "\"\"\",z\n";
  CsvReader reader(text);
  CsvRecord record;
  ASSERT_TRUE(*reader.Next(&record));
  EXPECT_EQ(record.fields, (std::vector<std::string>{long_a, "x", "y"}));
  const char* storage = record.fields[0].data();
  ASSERT_TRUE(*reader.Next(&record));
  EXPECT_EQ(record.fields, (std::vector<std::string>{long_b}));
  EXPECT_EQ(record.line, 2);
  EXPECT_EQ(record.fields[0].data(), storage);
  ASSERT_TRUE(*reader.Next(&record));
  EXPECT_EQ(record.fields, (std::vector<std::string>{long_b + "\"", "z"}));
  EXPECT_EQ(record.line, 3);
  EXPECT_EQ(record.fields[0].data(), storage);
  EXPECT_FALSE(*reader.Next(&record));
}

// Writes `rows` as CSV with random line breaks and random optional quoting, and
// checks that reading it back gives the same fields and line numbers.
TEST(CsvReaderTest, RandomRoundTrip) {
  std::mt19937 rng(20240601);
  const std::string alphabet = "ab ,\"\n\r1\xE4";
  const std::vector<std::string> breaks = {"\n", "\r\n", "\r"};
  auto pick = [&rng](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); };
  std::string text = pick(2) ? WithBom("") : "";
  int line = 1;
  auto add_break = [&] {
    // "\r" then "\n" would be a single "\r\n" break.
    const bool after_cr = !text.empty() && text.back() == '\r';
    text += after_cr ? breaks[pick(2) + 1] : breaks[pick(breaks.size())];
    ++line;
  };

  std::vector<Row> expected;
  for (int r = 0; r < 2000; ++r) {
    const size_t empty_lines = pick(5) == 0 ? 1 + pick(2) : 0;
    for (size_t e = 0; e < empty_lines; ++e) add_break();
    Row row{{}, line};
    const size_t field_count = 1 + pick(5);
    for (size_t f = 0; f < field_count; ++f) {
      std::string field;
      for (size_t len = pick(8); len > 0; --len) field += alphabet[pick(alphabet.size())];
      const bool special = field.find_first_of(",\"\r\n") != std::string::npos;
      const bool sole_empty = field_count == 1 && field.empty();
      if (f > 0) text += ',';
      if (special || sole_empty || pick(4) == 0) {
        text += '"';
        for (size_t i = 0; i < field.size(); ++i) {
          const char c = field[i];
          text += c;
          if (c == '"') text += '"';
          if (c == '\n' || (c == '\r' && (i + 1 == field.size() || field[i + 1] != '\n'))) ++line;
        }
        text += '"';
      } else {
        text += field;
      }
      row.fields.push_back(field);
    }
    expected.push_back(row);
    if (r + 1 < 2000 || pick(2)) add_break();
  }
  const std::vector<Row> rows = ReadAll(text);
  ASSERT_EQ(rows.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) ASSERT_EQ(rows[i], expected[i]) << "row " << i;
}

}  // namespace
}  // namespace rubric::data
