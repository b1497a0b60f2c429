// The parser of test files (include/rubric/standard_test.h): a small hand-written lexer of
// words, strings and `{ } =`, and one function per statement.
#include <charconv>
#include <cmath>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "authoring/test_diagnostic.h"
#include "rubric/standard_test.h"
#include "rubric/text.h"

namespace rubric {
namespace {

struct Token {
  enum class Kind { kWord, kString, kOpen, kClose, kEquals, kEnd, kBad };
  Kind kind = Kind::kEnd;
  std::string text;  // a word, or a string's contents
  TestPosition at;
};

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool IsPunct(char c) { return c == '{' || c == '}' || c == '=' || c == '"'; }

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  Token Next() {
    SkipSpaceAndComments();
    Token token;
    token.at = Here();
    if (pos_ >= text_.size()) return token;
    const char c = text_[pos_];
    if (c == '{' || c == '}' || c == '=') {
      token.kind = c == '{'   ? Token::Kind::kOpen
                   : c == '}' ? Token::Kind::kClose
                              : Token::Kind::kEquals;
      token.text = std::string(1, c);
      Advance();
    } else if (c == '"') {
      Advance();
      token.kind = Token::Kind::kString;
      while (pos_ < text_.size() && text_[pos_] != '"' && text_[pos_] != '\n') {
        token.text += text_[pos_];
        Advance();
      }
      if (pos_ >= text_.size() || text_[pos_] != '"') {
        token.kind = Token::Kind::kBad;
      } else {
        Advance();
      }
    } else {
      token.kind = Token::Kind::kWord;
      while (pos_ < text_.size() && !IsSpace(text_[pos_]) && !IsPunct(text_[pos_]) &&
             !(text_[pos_] == '/' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '/')) {
        token.text += text_[pos_];
        Advance();
      }
    }
    token.at.length = pos_ - token.at.offset;
    return token;
  }

 private:
  TestPosition Here() const { return {line_, column_, pos_, 0}; }

  void Advance() {
    const char c = text_[pos_++];
    if (c == '\n') {
      ++line_;
      column_ = 1;
    } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++column_;  // a code point starts here; UTF-8 continuation bytes add no column
    }
  }

  void SkipSpaceAndComments() {
    while (pos_ < text_.size()) {
      if (IsSpace(text_[pos_])) {
        Advance();
      } else if (text_[pos_] == '/' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '/') {
        while (pos_ < text_.size() && text_[pos_] != '\n') Advance();
      } else {
        return;
      }
    }
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
};

class Parser {
 public:
  Parser(std::string_view text, std::string_view file_name)
      : text_(text), file_name_(file_name), lexer_(text) {
    token_ = lexer_.Next();
  }

  TestFile Parse() {
    while (token_.kind != Token::Kind::kEnd && !failed_) {
      if (!IsWord("test")) {
        Error("expected `test \"NAME\" {`", "a test file is a list of `test \"NAME\" { ... }`");
        break;
      }
      Take();
      TestCase test;
      test.at = token_.at;
      if (token_.kind != Token::Kind::kString) {
        Error("expected the test's name in quotes", "write `test \"NAME\" {`");
        break;
      }
      test.name = Take().text;
      if (!Expect(Token::Kind::kOpen, "expected `{` after the test's name")) break;
      while (!failed_ && token_.kind != Token::Kind::kClose) {
        if (token_.kind == Token::Kind::kEnd) {
          Error("the test has no closing `}`", "close the test with `}`");
          break;
        }
        Statement(test);
      }
      if (failed_) break;
      Take();
      if (!test.data.empty() && !test.period) {
        ErrorAt(test.at, "a test on a data file names the row's period",
                "add `period P` after `data \"FILE\" entity \"E\"`");
      } else if (!test.data.empty() && test.entity.empty()) {
        ErrorAt(test.at, "a test on a data file names the row's entity",
                "add `entity \"E\"` after `data \"FILE\"`");
      } else if (test.expectations.empty()) {
        ErrorAt(test.at, "the test expects nothing",
                "add `expect total X`, `expect grade G`, `expect points NODE = X`, ...");
      }
      if (failed_) break;
      file_.cases.push_back(std::move(test));
    }
    return std::move(file_);
  }

 private:
  bool IsWord(std::string_view word) const {
    return token_.kind == Token::Kind::kWord && token_.text == word;
  }

  Token Take() {
    Token taken = token_;
    token_ = lexer_.Next();
    return taken;
  }

  bool Expect(Token::Kind kind, const char* message) {
    if (token_.kind != kind) {
      Error(message, "");
      return false;
    }
    Take();
    return true;
  }

  void Error(const std::string& message, const std::string& hint) {
    if (token_.kind == Token::Kind::kBad) {
      ErrorAt(token_.at, "a string has no closing quote", "end the string with `\"` on its line");
      return;
    }
    ErrorAt(token_.at, message, hint);
  }

  void ErrorAt(const TestPosition& at, const std::string& message, const std::string& hint) {
    if (failed_) return;
    failed_ = true;
    Diagnostic d = internal::TestDiagnostic("T0001", message, hint, at, text_, file_name_);
    file_.diagnostics.push_back(std::move(d));
  }

  // A word or a string: an entity, a grade, a value.
  std::optional<std::string> Name(const char* what) {
    if (token_.kind == Token::Kind::kWord || token_.kind == Token::Kind::kString) {
      return Take().text;
    }
    Error(std::string("expected ") + what, "");
    return std::nullopt;
  }

  std::optional<double> Number(const char* what) {
    if (token_.kind == Token::Kind::kWord) {
      double value = 0;
      const std::string& text = token_.text;
      const char* first = text.data() + (!text.empty() && text[0] == '+' ? 1 : 0);
      auto [ptr, ec] = std::from_chars(first, text.data() + text.size(), value);
      if (ec == std::errc() && ptr == text.data() + text.size() && std::isfinite(value)) {
        Take();
        return value;
      }
    }
    Error(std::string("expected ") + what + ", a number",
          "write the number as data does: 91.2, -3, 1e3");
    return std::nullopt;
  }

  // [within T]
  bool Tolerance(TestExpectation& e) {
    if (!IsWord("within")) return true;
    Take();
    const TestPosition at = token_.at;
    std::optional<double> tolerance = Number("the tolerance");
    if (!tolerance) return false;
    if (*tolerance < 0) {
      ErrorAt(at, "the tolerance is negative", "write how far the value may be, e.g. within 0.01");
      return false;
    }
    e.tolerance = *tolerance;
    e.text += " within " + FormatWord(*tolerance);
    return true;
  }

  static std::string FormatWord(double value) {
    char buffer[64];
    auto [ptr, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    return ec == std::errc() ? std::string(buffer, ptr) : std::string();
  }

  void Statement(TestCase& test) {
    if (token_.kind != Token::Kind::kWord) {
      Error("expected `data`, `entity`, `period`, `given` or `expect`", "");
      return;
    }
    const std::string word = token_.text;
    if (word == "data") {
      Take();
      if (token_.kind != Token::Kind::kString) {
        Error("expected the data file's name in quotes", "write `data \"cities.csv\"`");
        return;
      }
      test.data = Take().text;
    } else if (word == "entity") {
      Take();
      if (std::optional<std::string> entity = Name("the entity")) test.entity = *entity;
      Column(test.entity_column);
    } else if (word == "period") {
      Take();
      std::int64_t period = 0;
      const std::string& text = token_.text;
      auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), period);
      if (token_.kind != Token::Kind::kWord || ec != std::errc() ||
          ptr != text.data() + text.size()) {
        Error("expected the period, a whole number", "write `period 2024`");
        return;
      }
      Take();
      test.period = period;
      Column(test.period_column);
    } else if (word == "given") {
      Take();
      Given(test);
    } else if (word == "expect") {
      Take();
      Expectation(test);
    } else {
      Error("unknown statement `" + word + "`",
            "a test holds `data`, `entity`, `period`, `given { ... }` and `expect ...`");
    }
  }

  // [column "NAME"] after an entity or a period: the column of a wide data file.
  void Column(std::string& column) {
    if (failed_ || !IsWord("column")) return;
    Take();
    if (token_.kind != Token::Kind::kString) {
      Error("expected the column's name in quotes", "write `entity \"AFG\" column \"iso3\"`");
      return;
    }
    column = Take().text;
  }

  void Given(TestCase& test) {
    if (!Expect(Token::Kind::kOpen, "expected `{` after `given`")) return;
    while (!failed_ && token_.kind != Token::Kind::kClose) {
      if (token_.kind != Token::Kind::kWord) {
        Error("expected an input's name", "write `given { INPUT = VALUE ... }`");
        return;
      }
      TestGiven given;
      given.at = token_.at;
      given.input = Take().text;
      if (!Expect(Token::Kind::kEquals, "expected `=` after the input's name")) return;
      std::optional<std::string> value = Name("the input's value");
      if (!value) return;
      given.value = *value == "missing" ? std::string() : *value;
      test.given.push_back(std::move(given));
    }
    if (!failed_) Take();
  }

  void Expectation(TestCase& test) {
    TestExpectation e;
    e.at = token_.at;
    const std::string what = token_.kind == Token::Kind::kWord ? token_.text : std::string();
    if (what == "total") {
      Take();
      std::optional<double> value = Number("the total");
      if (!value) return;
      e.kind = TestExpectation::Kind::kTotal;
      e.value = *value;
      e.text = "total " + FormatWord(*value);
      if (!Tolerance(e)) return;
    } else if (what == "grade") {
      Take();
      std::optional<std::string> grade = Name("the grade's name (or `none`)");
      if (!grade) return;
      e.kind = TestExpectation::Kind::kGrade;
      e.name = *grade;
      e.text = "grade " + *grade;
    } else if (what == "points") {
      Take();
      if (token_.kind != Token::Kind::kWord) {
        Error("expected a node's id", "write `expect points T6_1 = 2`");
        return;
      }
      e.kind = TestExpectation::Kind::kPoints;
      e.at = token_.at;
      e.name = Take().text;
      if (!Expect(Token::Kind::kEquals, "expected `=` after the node's id")) return;
      std::optional<double> value = Number("the points");
      if (!value) return;
      e.value = *value;
      e.text = "points " + e.name + " = " + FormatWord(*value);
      if (!Tolerance(e)) return;
    } else if (what == "vetoes") {
      Take();
      if (!IsWord("none")) {
        Error("expected `none`", "`expect vetoes none`; a veto that fires: `expect veto ID`");
        return;
      }
      Take();
      e.kind = TestExpectation::Kind::kNoVetoes;
      e.text = "vetoes none";
    } else if (what == "veto") {
      Take();
      if (token_.kind != Token::Kind::kWord) {
        Error("expected a veto's id", "write `expect veto T16_1`");
        return;
      }
      e.kind = TestExpectation::Kind::kVeto;
      e.at = token_.at;
      e.name = Take().text;
      e.text = "veto " + e.name;
    } else if (what == "missing") {
      Take();
      if (token_.kind != Token::Kind::kWord) {
        Error("expected `total` or a node's id", "write `expect missing total`");
        return;
      }
      e.kind = TestExpectation::Kind::kMissing;
      e.at = token_.at;
      e.name = Take().text;
      if (e.name == "total") e.name.clear();
      e.text = "missing " + (e.name.empty() ? std::string("total") : e.name);
    } else {
      Error(
          "expected what is expected: `total`, `grade`, `points`, `vetoes`, `veto` or "
          "`missing`",
          "");
      return;
    }
    test.expectations.push_back(std::move(e));
  }

  std::string_view text_;
  std::string_view file_name_;
  Lexer lexer_;
  Token token_;
  TestFile file_;
  bool failed_ = false;
};

}  // namespace

TestFile ParseTestFile(std::string_view text, std::string_view file_name) {
  if (!IsValidUtf8(text)) {
    TestFile file;
    Diagnostic d;
    d.code = "T0001";
    d.message = "the test file is not valid UTF-8";
    d.hint = "save it as UTF-8, as the standard";
    d.file = std::string(file_name);
    file.diagnostics.push_back(std::move(d));
    return file;
  }
  return Parser(text, file_name).Parse();
}

}  // namespace rubric
