// User-defined functions (docs/language.md "Functions"): a call is expanded where it is
// written, so it scores exactly like the expression written inline; its body is unit-checked
// per call; recursion, a wrong number of arguments and a body naming anything but its
// parameters are errors.
#include <bit>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "rubric/diagnostic.h"
#include "rubric/session.h"
#include "rubric/standard.h"

namespace rubric {
namespace {

bool SameBits(double a, double b) {
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

// The value of indicator `r` for one row of (x, y), in a standard with `declarations`.
double Eval(const std::string& declarations, const std::string& rule, const std::string& x,
            const std::string& y) {
  const std::string source = "standard t {\n  input x : number [万元]\n  input y : number\n" +
                             declarations + "  indicator r { value " + rule + " }\n}\n";
  CompileResult compiled = Standard::Compile(source, "t.rubric");
  if (!compiled.ok()) {
    ADD_FAILURE() << RenderAll(compiled.diagnostics, source);
    return std::nan("");
  }
  Session session(*compiled.standard);
  const std::size_t row = *session.AddRow("e", 2024);
  EXPECT_TRUE(session.SetFromString(row, *compiled.standard->FindInput("x"), x).ok());
  EXPECT_TRUE(session.SetFromString(row, *compiled.standard->FindInput("y"), y).ok());
  return session.node_value(row, *compiled.standard->FindNode("r"));
}

// The diagnostics of a standard that does not compile, rendered.
std::string Errors(const std::string& source) {
  CompileResult compiled = Standard::Compile(source, "t.rubric");
  EXPECT_FALSE(compiled.ok());
  return RenderAll(compiled.diagnostics, source);
}

const char kGoalpost[] =
    "  function goalpost(x, lo, hi) = (clamp(x, lo, hi) - lo) / (hi - lo)\n"
    "  function index \"指数\" (v, lo, hi) = clamp((v - lo) / (hi - lo), 0, 1)\n"
    "  function twice(v) = 2 * index(v, 0, 10) + goalpost(v, -5, 5)\n";

TEST(FunctionsTest, ACallScoresLikeTheInlineExpression) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"goalpost(x, 20 [万元], 85 [万元])",
       "(clamp(x, 20 [万元], 85 [万元]) - 20 [万元]) / (85 [万元] - 20 [万元])"},
      {"goalpost(ln(y), ln(100), ln(75000))",
       "(clamp(ln(y), ln(100), ln(75000)) - ln(100)) / (ln(75000) - ln(100))"},
      {"index(y * 3, 1, 7) + 1", "clamp((y * 3 - 1) / (7 - 1), 0, 1) + 1"},
      {"twice(y)", "2 * clamp((y - 0) / (10 - 0), 0, 1) + (clamp(y, -5, 5) - -5) / (5 - -5)"},
      {"goalpost(x, 20 [万元], 850 [千元])",
       "(clamp(x, 20 [万元], 850 [千元]) - 20 [万元]) / (850 [千元] - 20 [万元])"},
  };
  for (const auto& [call, inline_expr] : cases) {
    for (const char* x : {"17.3", "50", "91", ""}) {
      for (const char* y : {"0.37", "4", "1234.5", "90000"}) {
        SCOPED_TRACE(call + " x=" + x + " y=" + y);
        const double expanded = Eval(kGoalpost, call, x, y);
        const double written = Eval(kGoalpost, inline_expr, x, y);
        EXPECT_TRUE(SameBits(expanded, written)) << expanded << " vs " << written;
      }
    }
  }
}

// A body may classify with `band`, and may use the cohort functions and weighted means.
TEST(FunctionsTest, BodiesMayUseBandsAndWeightedMeans) {
  const std::string declarations =
      "  function group_of(v) = band(abs(1 - v)) { 1 <= 0.025  2 <= 0.05  3 otherwise }\n"
      "  function blend(a, b) = wmean(a, 3, b, 1)\n";
  EXPECT_EQ(Eval(declarations, "group_of(y)", "1", "0.975"), 1);
  EXPECT_EQ(Eval(declarations, "group_of(y)", "1", "0.95"), 2);
  EXPECT_EQ(Eval(declarations, "group_of(y)", "1", "0.9"), 3);
  EXPECT_EQ(Eval(declarations, "blend(y, 2 * y)", "1", "4"), (3 * 4 + 8) / 4.0);
}

TEST(FunctionsTest, FunctionsMayBeDeclaredAfterUseAndInGroups) {
  const std::string source = R"(standard t {
  input x : number
  group g {
    function half(v) = v / 2
    indicator a { value half(x) + quarter(x) }
  }
  function quarter(v) = half(v) / 2
}
)";
  CompileResult compiled = Standard::Compile(source, "t.rubric");
  ASSERT_TRUE(compiled.ok()) << RenderAll(compiled.diagnostics, source);
  Session session(*compiled.standard);
  const std::size_t row = *session.AddRow("e", 2024);
  ASSERT_TRUE(session.SetFromString(row, *compiled.standard->FindInput("x"), "8").ok());
  EXPECT_EQ(6, session.node_value(row, *compiled.standard->FindNode("a")));
}

TEST(FunctionsTest, ACohortKeyMayBeAParameter) {
  const std::string source = R"(standard t {
  input x : number
  input region : enum { east, west }
  function share(v, k) = v / cohort_sum(v by k)
  indicator r { value share(x, region) }
  indicator s { value x / cohort_sum(x by region) }
}
)";
  CompileResult compiled = Standard::Compile(source, "t.rubric");
  ASSERT_TRUE(compiled.ok()) << RenderAll(compiled.diagnostics, source);
  Session session(*compiled.standard);
  const std::size_t x = *compiled.standard->FindInput("x");
  const std::size_t region = *compiled.standard->FindInput("region");
  const char* values[][2] = {{"1", "east"}, {"3", "east"}, {"2", "west"}, {"7", "west"}};
  std::vector<std::size_t> rows;
  for (const auto& [value, key] : values) {
    rows.push_back(*session.AddRow(std::string("e") + value, 2024));
    ASSERT_TRUE(session.SetFromString(rows.back(), x, value).ok());
    ASSERT_TRUE(session.SetFromString(rows.back(), region, key).ok());
  }
  for (std::size_t row : rows) {
    EXPECT_TRUE(SameBits(session.node_value(row, *compiled.standard->FindNode("s")),
                         session.node_value(row, *compiled.standard->FindNode("r"))));
  }
  EXPECT_EQ(0.25, session.node_value(rows[0], *compiled.standard->FindNode("r")));
}

TEST(FunctionsTest, UnitsAreCheckedAtEachCall) {
  const std::string source = R"(standard t {
  function gap(a, b) = a - b
  input x : number [万元]
  input m : number [年]
  let ok1 = gap(x, 12 [千元])
  let ok2 = gap(m, 3 [年])
  let bad = gap(x, m)
  indicator r { value ok1 + bad }
  indicator r2 { value ok2 }
}
)";
  const std::string errors = Errors(source);
  EXPECT_NE(errors.find("t.rubric:7:13: error: [万元] and [年] cannot be subtracted: they measure "
                        "different things (in the body of function 'gap') [E0210]"),
            std::string::npos)
      << errors;
  EXPECT_EQ(errors.find("E0210", errors.find("E0210") + 1), std::string::npos) << errors;
  EXPECT_EQ(errors.find(":5:"), std::string::npos) << errors;
  EXPECT_EQ(errors.find(":6:"), std::string::npos) << errors;
}

TEST(FunctionsTest, TheResultHasTheUnitOfTheBodyAtTheCall) {
  // gap(x, 5000 [元]) is in 万元 (x's unit): adding 5000 元 converts them.
  EXPECT_EQ(2, Eval("  function gap(a, b) = a - b\n", "gap(x, 5000 [元]) + 5000 [元]", "2", "0"));
}

TEST(FunctionsTest, ErrorsInNestedCallsNameTheFunctions) {
  const std::string source = R"(standard t {
  function inner(a, b) = a + b
  function outer(a) = inner(a, 1 [元])
  input x : number [年]
  indicator r { value outer(x) }
}
)";
  const std::string errors = Errors(source);
  EXPECT_NE(errors.find("(in the body of function 'inner', called by 'outer') [E0210]"),
            std::string::npos)
      << errors;
  EXPECT_NE(errors.find("t.rubric:5:23:"), std::string::npos) << errors;
}

TEST(FunctionsTest, RecursionIsAnError) {
  const std::string direct = Errors(R"(standard t {
  function f(v) = if v > 0 then f(v - 1) else 0
  input x : number
  indicator r { value f(x) }
}
)");
  EXPECT_NE(direct.find("function 'f' calls itself: f -> f [E0302]"), std::string::npos) << direct;
  const std::string mutual = Errors(R"(standard t {
  function index(v) = norm(v) + 1
  function norm(v) = index(v) * 2
  input x : number
  indicator r { value index(x) }
}
)");
  EXPECT_NE(mutual.find("function 'index' calls itself: index -> norm -> index [E0302]"),
            std::string::npos)
      << mutual;
}

TEST(FunctionsTest, WrongNumberOfArguments) {
  const std::string errors =
      Errors(std::string("standard t {\n  input x : number [年]\n") + "  input y : number\n" +
             kGoalpost + "  indicator r { value goalpost(x, 1) }\n}\n");
  EXPECT_NE(errors.find("'goalpost' takes 3 arguments, not 2 [E0203]"), std::string::npos)
      << errors;
  EXPECT_NE(errors.find("hint: it is declared as goalpost(x, lo, hi)"), std::string::npos)
      << errors;
}

TEST(FunctionsTest, TheBodyUsesOnlyItsParameters) {
  const std::string errors = Errors(R"(standard t {
  input x : number
  let base = 3
  function f(v) = v + x + base
  indicator r { value f(x) }
}
)");
  EXPECT_NE(errors.find("'x' is not a parameter of function 'f' [E0113]"), std::string::npos)
      << errors;
  EXPECT_NE(errors.find("'base' is not a parameter of function 'f' [E0113]"), std::string::npos)
      << errors;
  EXPECT_NE(errors.find("pass 'x' as an argument"), std::string::npos) << errors;
}

TEST(FunctionsTest, NamesCollide) {
  const std::string builtin = Errors(R"(standard t {
  function clamp(v) = v
  input x : number
  indicator r { value x }
}
)");
  EXPECT_NE(builtin.find("'clamp' is a built-in function [E0112]"), std::string::npos) << builtin;
  const std::string declared = Errors(R"(standard t {
  input x : number
  function x(v) = v
  function g(v, v) = v
  function g(w) = w
  indicator r { value x }
}
)");
  EXPECT_NE(declared.find("t.rubric:3:12: error: 'x' is declared twice [E0102]"), std::string::npos)
      << declared;
  EXPECT_NE(declared.find("parameter 'v' is declared twice [E0102]"), std::string::npos)
      << declared;
  EXPECT_NE(declared.find("t.rubric:5:12: error: 'g' is declared twice [E0102]"), std::string::npos)
      << declared;
}

TEST(FunctionsTest, NotInsideAnIndicator) {
  const std::string errors = Errors(R"(standard t {
  input x : number
  indicator r {
    function f(v) = v
    value x
  }
}
)");
  EXPECT_NE(errors.find("a function cannot appear in an indicator [E0103]"), std::string::npos)
      << errors;
}

// A variant adds functions, and removes one to declare it again; `change` of a function is
// E0108.
CompileResult CompileVariant(const std::string& variant) {
  CompileOptions options;
  options.file_name = "v.rubric";
  options.load_base = [](std::string_view, std::string_view,
                         std::string_view) -> StatusOr<SourceFile> {
    return SourceFile{"base.rubric", R"(standard base {
  function half(v) = v / 2
  input x : number
  indicator a { value half(x) }
}
)"};
  };
  return Standard::Compile(variant, options);
}

TEST(FunctionsTest, VariantsAddAndReplaceFunctions) {
  const std::string variant = R"(standard v extends base {
  remove half
  function half(v) = v * 0.5 + third(v) * 0
  function third(v) = v / 3
  indicator b { value third(x) }
}
)";
  CompileResult compiled = CompileVariant(variant);
  ASSERT_TRUE(compiled.ok()) << RenderAll(compiled.diagnostics, variant);
  Session session(*compiled.standard);
  const std::size_t row = *session.AddRow("e", 2024);
  ASSERT_TRUE(session.SetFromString(row, *compiled.standard->FindInput("x"), "9").ok());
  EXPECT_EQ(4.5, session.node_value(row, *compiled.standard->FindNode("a")));
  EXPECT_EQ(3, session.node_value(row, *compiled.standard->FindNode("b")));

  CompileResult changed = CompileVariant("standard v extends base {\n  change half = 1\n}\n");
  ASSERT_FALSE(changed.ok());
  EXPECT_NE(RenderAll(changed.diagnostics).find("'half' is a function: a change cannot modify it"),
            std::string::npos)
      << RenderAll(changed.diagnostics);
}

}  // namespace
}  // namespace rubric
