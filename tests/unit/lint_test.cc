// rubric::Lint: each check finds what it should and nothing else (the tricky negatives
// included), and allow / deny / "all" / unknown codes behave as documented.
#include "rubric/lint.h"

#include <algorithm>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "rubric/standard.h"

namespace rubric {
namespace {

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::vector<Diagnostic> LintSource(const std::string& body, const LintOptions& options = {}) {
  const std::string source = "standard s {\n" + body + "\n}\n";
  CompileResult compiled = Standard::Compile(source, "s.rubric");
  if (!compiled.ok()) {
    ADD_FAILURE() << "does not compile:\n" << RenderAll(compiled.diagnostics);
    return {};
  }
  return Lint(*compiled.standard, options);
}

std::vector<Diagnostic> WithCode(const std::vector<Diagnostic>& findings, const std::string& code) {
  std::vector<Diagnostic> out;
  std::copy_if(findings.begin(), findings.end(), std::back_inserter(out),
               [&](const Diagnostic& d) { return d.code == code; });
  return out;
}

std::vector<std::string> Codes(const std::vector<Diagnostic>& findings) {
  std::vector<std::string> codes;
  for (const Diagnostic& d : findings) codes.push_back(d.code);
  return codes;
}

// --- L0001 unread input -------------------------------------------------------------------

TEST(LintTest, UnreadInputIsReportedAtItsDeclaration) {
  const auto findings = WithCode(LintSource(R"(
  input used : bool
  input unused "未使用" : number
  indicator a points 1 { score used })"),
                                 "L0001");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].message, "input 'unused' is never read");
  EXPECT_EQ(findings[0].severity, Severity::kWarning);
  EXPECT_EQ(findings[0].line, 4);
  EXPECT_EQ(findings[0].column, 3);
  EXPECT_EQ(findings[0].file, "s.rubric");
  EXPECT_EQ(findings[0].source_line, "  input unused \"未使用\" : number");
}

TEST(LintTest, InputReadOnlyByAnUnreadLetIsUnread) {
  const auto findings = WithCode(LintSource(R"(
  input x : number
  let doubled = x * 2
  input y : bool
  indicator a points 1 { score y })"),
                                 "L0001");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].message, "input 'x' is never read");
  EXPECT_EQ(findings[0].hint, "let 'doubled' reads it, but no rule or veto reads 'doubled'");
}

TEST(LintTest, InputsReadThroughPrevVetoesLetsAndTheRootValueAreRead) {
  EXPECT_TRUE(WithCode(LintSource(R"(
  input through_prev : bool
  input through_veto : bool
  input through_let : number
  input through_root : number
  input kind : enum { low, high }
  input note : text
  let share = through_let / 100
  value through_root + a + b + c
  indicator a points 1 { score prev(through_prev) }
  indicator b points 1 { score share }
  indicator c points 1 { score lookup(kind) { high: 1 } }
  veto V "v" when through_veto)"),
                       "L0001")
                  .empty());
}

// --- L0002 constant rule ------------------------------------------------------------------

TEST(LintTest, ConstantScoresAreReportedWithTheirValue) {
  const auto findings = WithCode(LintSource(R"(
  indicator a points 1 { score 1 }
  indicator b points 1 { score 0.5 * 2 }
  indicator c { value min(3, 4) - 1 })"),
                                 "L0002");
  ASSERT_EQ(findings.size(), 3u);
  EXPECT_EQ(findings[0].message, "the score of 'a' is always 1: it reads no input");
  EXPECT_EQ(findings[1].message, "the score of 'b' is always 1: it reads no input");
  EXPECT_EQ(findings[1].length, std::string("0.5 * 2").size());
  EXPECT_EQ(findings[2].message, "the value of 'c' is always 2: it reads no input");
}

TEST(LintTest, ConstantVetoesRootValuesAndRulesOverConstantLetsAreReported) {
  const auto findings = WithCode(LintSource(R"(
  let rate = 5
  value a * 2
  indicator a points 1 { score rate / 10 }
  indicator b points 1 { score prev(rate) }
  veto V "v" when 1 > 2)"),
                                 "L0002");
  ASSERT_EQ(findings.size(), 4u);
  EXPECT_EQ(findings[0].message, "the value of the standard is always 1: it reads no input");
  EXPECT_EQ(findings[1].message, "the score of 'a' is always 0.5: it reads no input");
  // prev of a constant is 0 in an entity's first period: constant in what it reads, not value.
  EXPECT_EQ(findings[2].message, "the score of 'b' reads no input");
  EXPECT_EQ(findings[3].message, "the condition of veto 'V' is always 0: it reads no input");
}

TEST(LintTest, NamedConstantsGroupsAndRulesReadingInputsAreNotConstant) {
  EXPECT_TRUE(WithCode(LintSource(R"(
  input x : number
  let goal = 5
  let span = 85 - 20
  indicator a points 1 { score x / goal }
  indicator b points 1 { score a / span }
  group g points 2 {
    indicator c points 2 { score prev(x) }
  })"),
                       "L0002")
                  .empty());
}

// --- L0003 veto that never fires, or always fires -----------------------------------------

TEST(LintTest, VetoThatCanNeverFire) {
  const auto findings = WithCode(LintSource(R"(
  input bad : bool
  input rate : percent >= 0 <= 100
  indicator a points 1 { score bad }
  veto V "v" when bad and rate > 100)"),
                                 "L0003");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].message,
            "veto 'V' can never fire: its condition is false for every value its inputs can take");
}

TEST(LintTest, VetoThatAlwaysFires) {
  const auto findings = WithCode(LintSource(R"(
  input bad : bool
  input count : integer >= 0
  veto V "v" when bad or count >= 0)"),
                                 "L0003");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_TRUE(Contains(findings[0].message, "veto 'V' always fires")) << findings[0].message;
}

TEST(LintTest, VetoesThatCanFireAreNotReported) {
  EXPECT_TRUE(WithCode(LintSource(R"(
  input x : number >= 10 <= 20
  input bad : bool
  input level : enum { low, mid, high }
  // prev of an absent row is 0, below the bounds: this can fire
  veto V1 "v1" when prev(x) < 5
  // a missing x reads as 0 too
  veto V2 "v2" when x < 5
  veto V3 "v3" when bad and prev(bad)
  veto V4 "v4" when x >= 15
  veto V5 "v5" when lookup(level) { high: 1 } > 0.5
  veto V6 "v6" when piecewise(x) { 10 -> 0, 20 -> 1 } > 0.5)"),
                       "L0003")
                  .empty());
}

TEST(LintTest, UnscorableInputsKeepToTheirBoundsInTheirOwnRow) {
  const auto findings = WithCode(LintSource(R"(
  input x : number >= 10 <= 20 missing unscorable
  veto V1 "v1" when x < 5
  veto V2 "v2" when prev(x) < 5)"),
                                 "L0003");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_TRUE(Contains(findings[0].message, "'V1' can never fire")) << findings[0].message;
}

TEST(LintTest, IntervalsFollowTheEvaluatorThroughEveryFunction) {
  const auto findings = WithCode(LintSource(R"(
  input x : number >= 0 <= 10
  input flag : bool
  input level : enum { low, mid, high }
  input n : integer >= 0
  veto V1 "division by zero gives 0" when x / 0 > 0.5
  veto V2 "min" when min(x, 5) > 6
  veto V3 "clamp" when clamp(x, 2, 4) < 1
  veto V4 "if" when (if flag then 1 else 2) == 0
  veto V5 "lookup" when lookup(level) { mid: 1, high: 2 } > 2
  veto V6 "piecewise" when piecewise(x) { 0 -> 0, 10 -> 1 } > 1
  veto V7 "cohort" when cohort_rank(x) > 1
  veto V8 "whole divisor" when flag / n > 1
  veto V9 "not" when not (x >= 0)
  veto V10 "mean" when mean(x, flag) > 5.5
  veto V11 "sqrt" when sqrt(x) > 4
  veto V12 "always" when abs(x - 20) > 9)"),
                                 "L0003");
  std::vector<std::string> messages;
  for (const Diagnostic& d : findings) messages.push_back(d.message);
  ASSERT_EQ(findings.size(), 12u) << ::testing::PrintToString(messages);
  EXPECT_TRUE(Contains(findings[11].message, "'V12' always fires")) << findings[11].message;
}

TEST(LintTest, IntervalsAreNotNarrowerThanTheValues) {
  EXPECT_TRUE(WithCode(LintSource(R"(
  input x : number >= 0 <= 10
  input y : number
  input n : integer >= 0 <= 3
  veto V1 "a quotient grows near 0" when 1 / x > 1000
  veto V2 "sums" when x + y > 100
  veto V3 "a missing value" when x == 0
  veto V4 "whole" when n == 2
  veto V5 "geomean" when geomean(x, 10) > 9.9
  veto V6 "ln" when ln(x) < -100
  veto V7 "cohort" when cohort_minmax(x) == 1)"),
                       "L0003")
                  .empty());
}

// --- L0004 normalize doing work ---------------------------------------------------------------

TEST(LintTest, NormalizeThatScalesIsReportedWithBothSums) {
  const auto findings = WithCode(LintSource(R"(
  input a : bool
  group g points 12 normalize {
    indicator x points 1 { score a }
    indicator y points 2 { score a }
  })"),
                                 "L0004");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].message,
            "the children of 'g' add up to 3 points; normalize scales them to 12");
  EXPECT_EQ(findings[0].line, 4);
}

TEST(LintTest, NormalizeWhereTheSumsMatchIsNotReported) {
  EXPECT_TRUE(WithCode(LintSource(R"(
  input a : bool
  group g points 0.3 normalize {
    indicator x points 0.1 { score a }
    indicator y points 0.2 { score a }
  }
  group h points 3 {
    indicator z points 3 { score a }
  })"),
                       "L0004")
                  .empty());
}

// --- L0005 threshold outside the bounds -----------------------------------------------------

TEST(LintTest, ThresholdsOutsideTheBoundsAreReported) {
  const auto findings = WithCode(LintSource(R"(
  input rate : percent >= 0 <= 100
  input flag : bool
  input n : integer >= 0 <= 10
  input r : rank
  indicator a points 1 { score rate >= 120 }
  indicator b points 1 { score flag > 1 }
  indicator c points 1 { score threshold(rate, 120) }
  indicator d points 1 { score 120 <= prev(rate) }
  indicator e points 1 { score n == 2.5 }
  indicator f points 1 { score r >= -1 })"),
                                 "L0005");
  ASSERT_EQ(findings.size(), 6u);
  EXPECT_EQ(findings[0].message,
            "comparing 'rate' with 120 is never true: 'rate' is declared >= 0 <= 100");
  EXPECT_EQ(findings[1].message,
            "comparing 'flag' with 1 is never true: 'flag' is a bool (0 or 1)");
  EXPECT_EQ(findings[2].message, findings[0].message);
  EXPECT_EQ(findings[3].message,
            "comparing 'prev(rate)' with 120 is never true: 'rate' is declared >= 0 <= 100");
  EXPECT_EQ(findings[4].message,
            "comparing 'n' with 2.5 is never true: 'n' is a whole number declared >= 0 <= 10");
  EXPECT_EQ(findings[5].message,
            "comparing 'r' with -1 is always true: 'r' is a rank (a whole number, never negative)");
}

TEST(LintTest, RatioOfAnInputAlwaysAtItsTarget) {
  const auto findings = WithCode(LintSource(R"(
  input x : number >= 10 <= 20 missing unscorable
  indicator a points 1 { score ratio(x, 5) })"),
                                 "L0005");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].message, "the ratio of 'x' to 5 is always 1: 'x' is declared >= 10 <= 20");
}

TEST(LintTest, ConstantsAreComparedAfterUnitConversion) {
  const auto findings = WithCode(LintSource(R"(
  input invest : number [万元] >= 0 <= 100
  indicator a points 1 { score threshold(invest, 5 [亿元]) })"),
                                 "L0005");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_TRUE(Contains(findings[0].message, "with 50000 [万元] is never true"))
      << findings[0].message;
}

TEST(LintTest, ReachableThresholdsAreNotReported) {
  EXPECT_TRUE(WithCode(LintSource(R"(
  input rate : percent >= 0 <= 100
  input other : number
  input big : number >= 10 <= 20
  input flag : bool
  indicator a points 1 { score rate >= 50 }
  indicator b points 1 { score other > 1000000 }
  indicator c points 1 { score rate > other }
  indicator d points 1 { score flag == 1 }
  indicator e points 1 { score big <= 5 }
  indicator f points 1 { score ratio(rate, 50) }
  indicator g points 1 { score rate >= 100 })"),
                       "L0005")
                  .empty());
}

TEST(LintTest, AWholeVetoConditionIsReportedOnceAsTheVetos) {
  const auto findings = LintSource(R"(
  input rate : percent >= 0 <= 100
  veto V "v" when rate > 100)");
  EXPECT_EQ(Codes(findings), std::vector<std::string>{"L0003"});
}

// --- L0006 repeated labels ------------------------------------------------------------------

TEST(LintTest, RepeatedLabelsPointAtTheSecondAndNameTheFirst) {
  const auto findings = WithCode(LintSource(R"(
  input p "是否召开会议" : bool
  input q " 是否召开会议 " : bool
  indicator a "1.1 省级" points 1 { score p }
  indicator b "1.1 省级　" points 1 { score q })"),
                                 "L0006");
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].message, "input 'q' has the same label as 'p': \"是否召开会议\"");
  EXPECT_EQ(findings[0].line, 4);
  EXPECT_EQ(findings[1].message, "indicator 'b' has the same label as 'a': \"1.1 省级\"");
  EXPECT_EQ(findings[1].line, 6);
}

TEST(LintTest, DistinctEmptyOrCrossKindLabelsAreNotRepeated) {
  EXPECT_TRUE(WithCode(LintSource(R"(
  input p "会议" : bool
  input q : bool
  input r : bool
  indicator a "会议" points 1 { score p }
  indicator b points 1 { score q }
  indicator c points 1 { score r }
  indicator d "会议 2" points 1 { score r })"),
                       "L0006")
                  .empty());
}

// --- L0007 unguarded growth -----------------------------------------------------------------

TEST(LintTest, GrowthWithoutAFirstPeriodIsReportedOncePerTerm) {
  const auto findings = WithCode(LintSource(R"(
  input x : number
  input y : number
  let growth = x - prev(x)
  indicator a points 1 { score growth / 10 }
  indicator b points 1 { score growth / 20 }
  indicator c { value prev(y) - y }
  veto v "下降" when y - prev(y) < 0 and missing(x))"),
                                 "L0007");
  ASSERT_EQ(findings.size(), 3u);
  EXPECT_EQ(findings[0].message,
            "the score of 'a' reads `x - prev(x)` but never tests missing(prev(x)): in a first "
            "period prev(x) is 0, and all of x counts as growth");
  EXPECT_EQ(findings[0].line, 5);
  EXPECT_EQ(findings[0].column, 16);
  EXPECT_EQ(findings[0].hint,
            "say what a first period earns: `if missing(prev(x)) then ... else ...`");
  EXPECT_TRUE(Contains(findings[1].message, "the value of 'c' reads `prev(y) - y`"));
  EXPECT_TRUE(Contains(findings[2].message, "the condition of veto 'v' reads `y - prev(y)`"));
}

TEST(LintTest, GrowthGuardedByMissingPrevOrOfOtherNamesIsNotReported) {
  EXPECT_TRUE(WithCode(LintSource(R"(
  input x : number
  input y : number
  let first = missing(prev(x))
  let growth = x - prev(x)
  indicator a points 1 { score if first then 0.5 else growth / 10 }
  indicator b points 1 { score x - prev(y) }
  indicator c points 1 { score x - y }
  let run = prev(run) + x
  indicator d { value if missing(prev(run)) then 0 else run - prev(run) })"),
                       "L0007")
                  .empty());
}

TEST(LintTest, FindingsInTheBaseOfAVariantArePlacedInTheBaseFile) {
  CompileOptions options;
  options.file_name = "variant.rubric";
  options.load_base = [](std::string_view, std::string_view,
                         std::string_view) -> StatusOr<SourceFile> {
    return SourceFile{"base.rubric",
                      "standard base {\n  input a \"甲\" : bool\n  input b \"甲\" : bool\n"
                      "  indicator T1 points 1 { score a + b }\n}\n"};
  };
  CompileResult compiled =
      Standard::Compile("standard v extends base {\n  input unused : number\n}\n", options);
  ASSERT_TRUE(compiled.ok()) << RenderAll(compiled.diagnostics);
  const auto findings = Lint(*compiled.standard);
  ASSERT_EQ(Codes(findings), (std::vector<std::string>{"L0001", "L0006"}));
  EXPECT_EQ(findings[0].file, "variant.rubric");
  EXPECT_EQ(findings[0].line, 2);
  EXPECT_EQ(findings[1].file, "base.rubric");
  EXPECT_EQ(findings[1].line, 3);
  EXPECT_EQ(findings[1].source_line, "  input b \"甲\" : bool");
}

// --- options --------------------------------------------------------------------------------

constexpr const char* kTwoFindings = R"(
  input unused : number
  input x : bool
  indicator a "A" points 1 { score x }
  indicator b "A" points 1 { score x })";

TEST(LintTest, FindingsAreSortedByPosition) {
  const auto findings = LintSource(kTwoFindings);
  EXPECT_EQ(Codes(findings), (std::vector<std::string>{"L0001", "L0006"}));
  EXPECT_LT(findings[0].line, findings[1].line);
}

TEST(LintTest, AllowSilencesAndDenyMakesErrors) {
  EXPECT_EQ(Codes(LintSource(kTwoFindings, {.allow = {"L0001"}, .deny = {}})),
            std::vector<std::string>{"L0006"});
  EXPECT_TRUE(LintSource(kTwoFindings, {.allow = {"all"}, .deny = {}}).empty());
  const auto denied = LintSource(kTwoFindings, {.allow = {}, .deny = {"L0006"}});
  ASSERT_EQ(denied.size(), 2u);
  EXPECT_EQ(denied[0].severity, Severity::kWarning);
  EXPECT_EQ(denied[1].severity, Severity::kError);
}

TEST(LintTest, ACodeNamedWinsOverAllAndDenyWinsATie) {
  const auto all_but_one = LintSource(kTwoFindings, {.allow = {"L0001"}, .deny = {"all"}});
  ASSERT_EQ(Codes(all_but_one), std::vector<std::string>{"L0006"});
  EXPECT_EQ(all_but_one[0].severity, Severity::kError);
  const auto only_one = LintSource(kTwoFindings, {.allow = {"all"}, .deny = {"L0001"}});
  ASSERT_EQ(Codes(only_one), std::vector<std::string>{"L0001"});
  EXPECT_EQ(only_one[0].severity, Severity::kError);
  const auto both = LintSource(kTwoFindings, {.allow = {"L0001"}, .deny = {"L0001"}});
  ASSERT_EQ(both.size(), 2u);
  EXPECT_EQ(both[0].severity, Severity::kError);
}

TEST(LintTest, UnknownCodesAreErrorsWithTheClosestCode) {
  const auto findings = LintSource(
      kTwoFindings, {.allow = {"L00001", "l0006", "repeated-label", "L0010"}, .deny = {}});
  ASSERT_EQ(findings.size(), 6u);  // the four errors, then the findings, still linted
  EXPECT_EQ(findings[0].code, "L0000");
  EXPECT_EQ(findings[0].severity, Severity::kError);
  EXPECT_EQ(findings[0].message, "unknown lint code 'L00001'");
  EXPECT_EQ(findings[0].hint, "did you mean 'L0001'?");
  EXPECT_EQ(findings[1].hint, "did you mean 'L0006'?");
  EXPECT_EQ(findings[2].hint, "'repeated-label' is the name of L0006");
  EXPECT_EQ(findings[3].hint, "the codes are L0001 to L0007 (rubric lint --list), or 'all'");
  EXPECT_EQ(findings[4].code, "L0001");
  EXPECT_TRUE(CheckLintOptions({.allow = {"all", "L0003"}, .deny = {"L0005"}}).empty());
  EXPECT_EQ(CheckLintOptions({.allow = {}, .deny = {"L9"}}).size(), 1u);
}

TEST(LintTest, EveryCheckIsListedInCodeOrder) {
  const std::span<const LintCheck> checks = LintChecks();
  ASSERT_EQ(checks.size(), 7u);
  for (std::size_t i = 0; i < checks.size(); ++i) {
    EXPECT_EQ(checks[i].code, "L000" + std::to_string(i + 1));
    EXPECT_FALSE(checks[i].name.empty());
    EXPECT_FALSE(checks[i].description.empty());
  }
}

TEST(LintTest, ACommentAllowsFindingsOnItsLineAndTheNext) {
  const std::string unread = R"(
  input a : number
  input b : number  // lint: allow L0001
  // lint: allow L0006, L0001
  input c : number
  indicator t points 1 { score 1 }  # lint: allow all
)";
  // Only `a` is reported: b's comment covers b (and c's line), c has its own.
  const std::vector<Diagnostic> findings = LintSource(unread);
  ASSERT_EQ(Codes(findings), std::vector<std::string>{"L0001"});
  EXPECT_TRUE(Contains(findings[0].message, "'a'"));
  EXPECT_EQ(Codes(LintSource(R"(
  input a : number  // lint: allow L0006
)")),
            std::vector<std::string>{"L0001"});
  // Only comments count: the same words in a label allow nothing.
  EXPECT_EQ(Codes(LintSource(R"(
  input a "// lint: allow L0001" : number
)")),
            std::vector<std::string>{"L0001"});
}

}  // namespace
}  // namespace rubric
