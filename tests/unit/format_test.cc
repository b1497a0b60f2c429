// The formatter: expressions print with only the parentheses precedence needs; formatting
// is idempotent, keeps every comment where it was, and never changes what a standard means
// (every bundled standard scores bit for bit the same after formatting).
#include "rubric/format.h"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "grammar/parser.h"
#include "grammar/printer.h"
#include "gtest/gtest.h"
#include "rubric/generate.h"
#include "rubric/session.h"
#include "rubric/standard.h"
#include "test_support.h"

namespace rubric {
namespace {

// The expression of `value TEXT`, parsed and printed back.
std::string Reprint(const std::string& text) {
  const std::string source = "standard s {\n  value " + text + "\n}\n";
  const grammar::ParseOutput parsed = grammar::Parse(source);
  EXPECT_TRUE(parsed.errors.empty()) << text;
  if (!parsed.standard || parsed.standard->body.empty()) return "<no parse>";
  const auto* rule = boost::get<ast::RuleDecl>(&parsed.standard->body.front().get());
  if (rule == nullptr) return "<not a rule>";
  return grammar::PrintExpr(rule->expr);
}

std::string Format(const std::string& source) {
  const FormatResult result = FormatSource(source);
  EXPECT_TRUE(result.ok()) << RenderAll(result.diagnostics, source);
  return result.text.value_or("");
}

// The texts of a source's comments, sorted, without trailing spaces.
std::vector<std::string> CommentTexts(const std::string& source) {
  const grammar::ParseOutput parsed = grammar::Parse(source);
  std::vector<std::string> texts;
  for (const ast::Comment& comment : parsed.comments) {
    std::string text = source.substr(comment.begin, comment.end - comment.begin);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.pop_back();
    texts.push_back(text);
  }
  std::sort(texts.begin(), texts.end());
  return texts;
}

TEST(PrintExprTest, KeepsOnlyTheParenthesesPrecedenceNeeds) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"a+b*c", "a + b * c"},
      {"(a - b) - c", "a - b - c"},  // left associative: the parentheses say nothing
      {"a - (b - c)", "a - (b - c)"},
      {"a / (b * c)", "a / (b * c)"},
      {"(a * b) + (c / d)", "a * b + c / d"},
      {"(a + b) * c", "(a + b) * c"},
      {"(a < b) == c", "(a < b) == c"},  // comparisons do not associate
      {"a == (b < c)", "a == (b < c)"},
      {"a<b", "a < b"},
      {"(a or b) and c", "(a or b) and c"},
      {"a or (b and c)", "a or b and c"},
      {"(not a) and b", "not a and b"},
      {"not (a and b)", "not (a and b)"},
      {"not (a < b)", "not a < b"},
      {"(not a) < b", "(not a) < b"},
      {"-(a + b)", "-(a + b)"},
      {"(-a) * b", "-a * b"},
      {"- -a", "-(-a)"},
      {"a - -b", "a - -b"},
      {"(if a then b else c) + 1", "(if a then b else c) + 1"},
      {"if a then b else if c then d else e", "if a then b else if c then d else e"},
      {"if (if a then b else c) then d else e", "if (if a then b else c) then d else e"},
      {"max( a ,b,  (c) )", "max(a, b, c)"},
      {"f()", "f()"},
      {"lookup(e){a:1,\"b c\":-0.5}", "lookup(e) { a: 1, \"b c\": -0.5 }"},
      {"lookup(e) { \"国家级\": 1, \"true\": 2 }", "lookup(e) { 国家级: 1, \"true\": 2 }"},
      {"piecewise(x){-3->0,.5->1e-9}", "piecewise(x) { -3 -> 0, 0.5 -> 1e-9 }"},
      {"5[亿元] + 2.50 [万元]", "5 [亿元] + 2.5 [万元]"},
      {"true and false", "true and false"},
  };
  for (const auto& [input, expected] : cases) {
    EXPECT_EQ(Reprint(input), expected) << input;
    EXPECT_EQ(Reprint(expected), expected) << "reprinting " << expected;
  }
}

TEST(PrintExprTest, PrintsATreeBuiltByHand) {
  auto name = [](const char* text) {
    ast::Identifier identifier;
    identifier.name = text;
    return ast::Expr(identifier);
  };
  auto chain = [](ast::Expr first, ast::BinaryOp op, ast::Expr operand) {
    ast::Chain chain;
    chain.first = std::move(first);
    ast::Operation operation;
    operation.op = op;
    operation.operand = std::move(operand);
    chain.rest.push_back(std::move(operation));
    return ast::Expr(std::move(chain));
  };
  ast::NumberLit minus_two;
  minus_two.value = -2;
  const ast::Expr sum = chain(name("a"), ast::BinaryOp::kAdd, name("b"));
  EXPECT_EQ(grammar::PrintExpr(chain(sum, ast::BinaryOp::kMul, ast::Expr(minus_two))),
            "(a + b) * -2");
  EXPECT_EQ(grammar::PrintExpr(chain(name("c"), ast::BinaryOp::kSub, sum)), "c - (a + b)");
  EXPECT_EQ(grammar::PrintExpr(chain(sum, ast::BinaryOp::kSub, name("c"))), "a + b - c");
}

TEST(PrintExprTest, NumbersAreTheShortestTextThatReadsBack) {
  EXPECT_EQ(grammar::FormatNumber(1e-9), "1e-9");
  EXPECT_EQ(grammar::FormatNumber(0.5), "0.5");
  EXPECT_EQ(grammar::FormatNumber(100), "100");
  EXPECT_EQ(grammar::FormatNumber(2.5), "2.5");
  EXPECT_EQ(grammar::FormatNumber(0), "0");
  EXPECT_EQ(grammar::FormatNumber(-0.0), "-0");
  EXPECT_EQ(grammar::FormatNumber(-3), "-3");
  EXPECT_EQ(grammar::FormatNumber(10000), "10000");
  EXPECT_EQ(grammar::FormatNumber(100000000), "100000000");
  EXPECT_EQ(grammar::FormatNumber(0.0001), "0.0001");
  EXPECT_EQ(grammar::FormatNumber(0.00001), "1e-5");
  EXPECT_EQ(grammar::FormatNumber(1.5e20), "1.5e20");
  EXPECT_EQ(grammar::FormatNumber(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(grammar::FormatNumber(5e-324), "5e-324");
  std::mt19937_64 random(7);
  for (int i = 0; i < 10000; ++i) {
    const double value = std::bit_cast<double>(random() & 0x7FEFFFFFFFFFFFFFull);
    const std::string text = grammar::FormatNumber(value);
    EXPECT_EQ(std::strtod(text.c_str(), nullptr), value) << text;
  }
}

TEST(PrintExprTest, StringsAreEscapedAgain) {
  EXPECT_EQ(grammar::QuoteString("a\"b\\c\nd\te 中文"), R"("a\"b\\c\nd\te 中文")");
  const std::string source = "standard s \"say \\\"hi\\\"\\t\\\\\" {\n}\n";
  EXPECT_EQ(Format(source), source);
}

TEST(FormatTest, CommentsStayWhereTheyWere) {
  const std::string source =
      "// top of the file\n"
      "standard s {  // on the standard's line\n"
      "  // before the input\n"
      "  input a : bool  // after the input\n"
      "  indicator i points 1 {\n"
      "    score a  // after the rule\n"
      "    // before the closing brace\n"
      "  }  // after the brace\n"
      "  grades {\n"
      "    A >= 1  // after a band\n"
      "    // before a band\n"
      "    B otherwise\n"
      "  }\n"
      "}\n"
      "// after the standard\n";
  EXPECT_EQ(Format(source), source);
  const std::string messy =
      "// top of the file\n"
      "standard s{// on the standard's line\n"
      "     // before the input\n"
      "input a:bool// after the input\n"
      "indicator i points 1 { score a // after the rule\n"
      "        // before the closing brace\n"
      "}// after the brace\n"
      "grades { A >= 1 // after a band\n"
      "// before a band\n"
      "B otherwise }\n"
      "}\n"
      "// after the standard";
  EXPECT_EQ(Format(messy), source);
}

TEST(FormatTest, CommentsInsideExpressionsStayBetweenTheirParts) {
  const std::string source =
      "standard s {\n"
      "  input e : enum { a, b }\n"
      "  input x : number\n"
      "  value 0.5 * x  // half\n"
      "      // the other half\n"
      "      + 0.5 * lookup(e) {  // by option\n"
      "          a: 1,  // the first\n"
      "          b: 2\n"
      "          // none of the others\n"
      "        }\n"
      "}\n";
  EXPECT_EQ(Format(source), source);
  // A comment where no line may break (inside a call's parentheses) moves before the
  // statement: kept, not lost.
  EXPECT_EQ(Format("standard s {\n  value max( // why\n 1, 2)\n}\n"),
            "standard s {\n  // why\n  value max(1, 2)\n}\n");
}

TEST(FormatTest, ParenthesesLeftOutDoNotChangeTheLayoutOfTheNextRun) {
  // `(a - b) - c` prints as `a - b - c`, which the next run reads as one chain: broken by
  // the author anywhere, it is broken everywhere, the first time too.
  const std::string formatted = Format("standard s {\n  value ((a - b) - c) +\n d\n}\n");
  EXPECT_EQ(formatted, "standard s {\n  value a\n      - b\n      - c\n      + d\n}\n");
  EXPECT_EQ(Format(formatted), formatted);
}

TEST(FormatTest, BlankLinesAreKeptOnceAndNeverAtBlockEdges) {
  EXPECT_EQ(Format("standard s {\n\n\n  total 1\n\n\n\n  // c\n\n  missing default\n\n}\n"),
            "standard s {\n  total 1\n\n  // c\n\n  missing default\n}\n");
}

TEST(FormatTest, IndicatorsWithoutBodyHaveNoBraces) {
  EXPECT_EQ(Format("standard s { indicator i points 0 { } group g { indicator j } }"),
            "standard s {\n  indicator i points 0\n  group g {\n    indicator j\n  }\n}\n");
}

TEST(FormatTest, SyntaxErrorsAreDiagnosticsAndNoText) {
  const FormatResult result = FormatSource("standard s {\n  input : bool\n}\n", "bad.rubric");
  EXPECT_FALSE(result.ok());
  ASSERT_FALSE(result.diagnostics.empty());
  EXPECT_EQ(result.diagnostics.front().file, "bad.rubric");
  EXPECT_EQ(result.diagnostics.front().line, 2);
  EXPECT_EQ(result.diagnostics.front().column, 9);
  EXPECT_EQ(result.diagnostics.front().code, "E0002");
}

TEST(FormatTest, NamesAreNotResolved) {
  // An unknown name, and a variant whose base does not exist: formatted all the same.
  EXPECT_EQ(Format("standard s { value nope }"), "standard s {\n  value nope\n}\n");
  EXPECT_EQ(Format("standard v extends missing_base { remove A,B change C points 2 }"),
            "standard v extends missing_base {\n  remove A, B\n  change C points 2\n}\n");
}

// Every .rubric file the repository holds that parses.
std::vector<std::filesystem::path> ParsableSources() {
  std::vector<std::filesystem::path> paths;
  for (const char* folder : {"examples", "tests/fuzz/corpus", "tests/golden"}) {
    for (const auto& entry :
         std::filesystem::recursive_directory_iterator(testing::SourceDir() / folder)) {
      if (entry.path().extension() != ".rubric") continue;
      if (!grammar::Parse(testing::ReadFileOrDie(entry.path())).errors.empty()) continue;
      paths.push_back(entry.path());
    }
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

TEST(FormatCorpusTest, IdempotentAndKeepsEveryComment) {
  const std::vector<std::filesystem::path> paths = ParsableSources();
  ASSERT_GT(paths.size(), 30u);
  for (const std::filesystem::path& path : paths) {
    SCOPED_TRACE(path.string());
    const std::string source = testing::ReadFileOrDie(path);
    const std::string once = Format(source);
    EXPECT_EQ(Format(once), once);
    EXPECT_EQ(CommentTexts(once), CommentTexts(source));
    ASSERT_FALSE(once.empty());
    EXPECT_EQ(once.back(), '\n');
    EXPECT_NE(once.substr(once.size() - 2), "\n\n");
  }
}

// Every value of every row, bit for bit.
void ExpectSameResults(const Session& a, const Session& b) {
  ASSERT_EQ(a.row_count(), b.row_count());
  const std::size_t nodes = a.standard().nodes().size();
  ASSERT_EQ(nodes, b.standard().nodes().size());
  for (std::size_t row = 0; row < a.row_count(); ++row) {
    ASSERT_EQ(a.scorable(row), b.scorable(row)) << row;
    EXPECT_EQ(std::bit_cast<std::uint64_t>(a.total(row)),
              std::bit_cast<std::uint64_t>(b.total(row)))
        << "row " << row;
    for (std::size_t node = 0; node < nodes; ++node) {
      EXPECT_EQ(std::bit_cast<std::uint64_t>(a.node_value(row, node)),
                std::bit_cast<std::uint64_t>(b.node_value(row, node)))
          << "row " << row << ", node " << a.standard().nodes()[node].id;
    }
    EXPECT_EQ(a.vetoed(row), b.vetoed(row));
    const std::string* grade_a = a.grade(row);
    const std::string* grade_b = b.grade(row);
    ASSERT_EQ(grade_a == nullptr, grade_b == nullptr);
    if (grade_a != nullptr) {
      EXPECT_EQ(*grade_a, *grade_b);
    }
  }
}

TEST(FormatCorpusTest, FormattedExamplesScoreBitForBit) {
  int compared = 0;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(testing::SourceDir() / "examples")) {
    if (entry.path().extension() != ".rubric") continue;
    SCOPED_TRACE(entry.path().string());
    const std::string source = testing::ReadFileOrDie(entry.path());
    CompileOptions options;
    options.file_name = entry.path().string();
    options.load_base = FileBaseLoader();
    const CompileResult original = Standard::Compile(source, options);
    if (!original.ok()) continue;  // the guide's examples of errors
    const std::string formatted = Format(source);
    const CompileResult reformatted = Standard::Compile(formatted, options);
    ASSERT_TRUE(reformatted.ok()) << RenderAll(reformatted.diagnostics, formatted);
    ASSERT_EQ(original.standard->inputs().size(), reformatted.standard->inputs().size());
    for (std::size_t i = 0; i < original.standard->inputs().size(); ++i) {
      EXPECT_EQ(original.standard->inputs()[i].id, reformatted.standard->inputs()[i].id);
      EXPECT_EQ(original.standard->inputs()[i].options, reformatted.standard->inputs()[i].options);
    }
    Session before(*original.standard);
    Session after(*reformatted.standard);
    GenerateOptions data;
    data.entities = 60;
    data.periods = 3;
    data.seed = 11;
    ASSERT_TRUE(GenerateInto(before, data).ok());
    ASSERT_TRUE(GenerateInto(after, data).ok());
    before.Evaluate();
    after.Evaluate();
    ExpectSameResults(before, after);
    ++compared;
  }
  EXPECT_GE(compared, 2);  // the consortium and the HDI at least
}

}  // namespace
}  // namespace rubric
