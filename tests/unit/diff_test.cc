// DiffStandards (every kind of change, in order), the canonical expression text it compares
// rules by (ExprText, which must read back to itself), and DiffScores on hand-checked data.
#include "rubric/diff.h"

#include <string>
#include <vector>

#include "api/compiled_standard.h"
#include "gtest/gtest.h"
#include "rubric/standard.h"
#include "sema/expr_text.h"
#include "test_support.h"

namespace rubric {
namespace {

Standard Compile(const std::string& source) {
  CompileResult result = Standard::Compile(source, "d.rubric");
  if (!result.ok()) {
    ADD_FAILURE() << RenderAll(result.diagnostics, source);
    return *Standard::Compile("standard empty {}").standard;
  }
  return *result.standard;
}

std::string DiffText(const std::string& a, const std::string& b) {
  return RenderStandardDiff(DiffStandards(Compile(a), Compile(b)));
}

// ---- ExprText ----

// The canonical text of `expr`, compiled as the score of an indicator beside `declarations`.
std::string Canonical(const std::string& declarations, const std::string& expr) {
  const Standard standard =
      Compile("standard t {\n" + declarations + "\n  indicator roundtrip_rule points 1 { score " +
              expr + " }\n}\n");
  const sema::Model& model = standard.compiled().model;
  for (const sema::Node& node : model.nodes) {
    if (node.info.id == "roundtrip_rule") return sema::ExprText(model, node.expr);
  }
  return "(no rule)";
}

const char* kDeclarations = R"(
  input x : number
  input y : number
  input a : bool
  input b : bool
  input c : bool
  input lvl : enum { 低, 高 }
  input odd : enum { "a b", "if", 选项 }
  input money : number [万元]
  input grant : number [亿元])";

TEST(ExprTextTest, MinimalParenthesesAndCanonicalForms) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"(1 + 2) * 3", "(1 + 2) * 3"},
      {"1 + (2 * 3)", "1 + 2 * 3"},
      {"10 - (4 - 3)", "10 - (4 - 3)"},
      {"(10 - 4) - 3", "10 - 4 - 3"},
      {"x / (y * 2)", "x / (y * 2)"},
      {"-(x + 1)", "-(x + 1)"},
      {"- -x", "- -x"},
      {"-x * y", "-x * y"},
      {"not (a and b)", "not (a and b)"},
      {"(not a) and b", "not a and b"},
      {"(a or b) and c", "(a or b) and c"},
      {"a or (b and c)", "a or b and c"},
      {"(x > 1) + 1", "(x > 1) + 1"},
      {"(x + 1) >= (y * 2)", "x + 1 >= y * 2"},
      {"not x == y", "not x == y"},
      {"if a then if b then 1 else 2 else 3", "if a then (if b then 1 else 2) else 3"},
      {"if a then 1 else if b then 2 else 3", "if a then 1 else if b then 2 else 3"},
      {"(if a then 1 else 2) + 1", "(if a then 1 else 2) + 1"},
      {"min(if a then 1 else 2, x)", "min(if a then 1 else 2, x)"},
      {"threshold(x, 5)", "x >= 5"},
      {"ratio(x, 4)", "ratio(x, 4)"},
      {"clamp(x / 4, 0, 1)", "ratio(x, 4)"},
      {"clamp(x, 0, 1)", "clamp(x, 0, 1)"},
      {"lookup(lvl) { 高: 1 }", "lookup(lvl) {低: 0, 高: 1}"},
      {"lookup(prev(odd)) { \"if\": -0.5 }",
       "lookup(prev(odd)) {\"a b\": 0, \"if\": -0.5, 选项: 0}"},
      {"piecewise(x) { -1 -> 0, 10 -> 1 }", "piecewise(x) {-1 -> 0, 10 -> 1}"},
      {"100000 + 0.25 + 1e-9 + true", "100000 + 0.25 + 1e-09 + 1"},
      {"prev(x) + cohort_rank(x - prev(x))", "prev(x) + cohort_rank(x - prev(x))"},
      {"mean(bool(x), abs(y), sqrt(x), ln(x), exp(y), pow(x, 2))",
       "mean(bool(x), abs(y), sqrt(x), ln(x), exp(y), pow(x, 2))"},
      {"geomean(x, y) + sum(x) + cohort_minmax(x) + cohort_percentile(y)",
       "geomean(x, y) + sum(x) + cohort_minmax(x) + cohort_percentile(y)"},
      // Units are converted: the model's numbers are in the first quantity's unit.
      {"threshold(money, 5 [亿元])", "money >= 50000"},
      {"money + grant", "money + grant * 10000"},
  };
  for (const auto& [source, text] : cases) {
    EXPECT_EQ(Canonical(kDeclarations, source), text) << source;
    if (source.find("grant") == std::string::npos) {  // reads back unchanged
      EXPECT_EQ(Canonical(kDeclarations, text), text) << text;
    }
  }
}

// Every expression of the bundled consortium standard prints to a text that compiles back
// (with every name it uses declared) to the same text.
TEST(ExprTextTest, EveryRuleOfTheConsortiumStandardReadsBack) {
  const Standard consortium =
      Compile(testing::ReadFileOrDie(testing::SourceDir() / "examples/consortium/standard.rubric"));
  const sema::Model& model = consortium.compiled().model;
  // Every name as a plain input (units would convert again), enums with their options.
  std::string declarations;
  for (const sema::Input& input : model.inputs) {
    if (input.info.type == InputType::kText) continue;
    declarations += "  input " + input.info.id + " : ";
    if (input.info.type == InputType::kEnum) {
      declarations += "enum {";
      for (std::size_t i = 0; i < input.info.options.size(); ++i) {
        declarations += (i > 0 ? ", " : " ") + sema::StringLiteral(input.info.options[i]);
      }
      declarations += " }\n";
    } else {
      declarations += "number\n";
    }
  }
  for (const sema::Let& let : model.lets) declarations += "  input " + let.id + " : number\n";
  for (const sema::Node& node : model.nodes) {
    declarations += "  input " + node.info.id + " : number\n";
  }
  std::vector<sema::ExprId> exprs;
  for (const sema::Let& let : model.lets) exprs.push_back(let.expr);
  for (const sema::Node& node : model.nodes) {
    if (node.expr != sema::kNoExpr) exprs.push_back(node.expr);
  }
  for (const sema::Veto& veto : model.vetoes) exprs.push_back(veto.condition);
  if (model.root_value != sema::kNoExpr) exprs.push_back(model.root_value);
  ASSERT_GT(exprs.size(), 40u);
  for (sema::ExprId id : exprs) {
    const std::string text = sema::ExprText(model, id);
    EXPECT_EQ(Canonical(declarations, text), text);
  }
  // One of them, in full.
  const std::size_t t2_1 = *consortium.FindNode("T2_1");
  EXPECT_EQ(sema::ExprText(model, model.nodes[t2_1].expr),
            "0.4 * lookup(p2_1_1) {其他: 0, 省级: 0.6, 国家级: 1} + 0.3 * cohort_minmax(p2_1_2a) "
            "+ 0.3 * (if p2_1_2b >= 1 then piecewise(p2_1_2b) {1 -> 1, 3 -> 0.8, 10 -> 0.4, "
            "30 -> 0} else 0)");
}

// ---- DiffStandards ----

const char* kBase = R"(
standard base "基础" {
  version "1"
  total 10
  grades { 好 >= 6  中 >= 3  差 otherwise  差 when vetoed }
  let k "系数" = 2
  veto V "两年" when flag and prev(flag)
  group G "组" points 10 {
    input x "投入" : number [万元] >= 0
    input flag : bool
    input lvl : enum { 低, 高 }
    group H "小组" points 6 {
      indicator A "甲" points 4 { score ratio(x, 100) * k }
      indicator B "乙" points 2 { score lookup(lvl) { 高: 1 } }
    }
    indicator C "丙" points 4 {
      score not flag
      veto when flag
    }
  }
}
)";

TEST(DiffStandardsTest, IdenticalStandardsHaveNoChanges) {
  EXPECT_TRUE(DiffStandards(Compile(kBase), Compile(kBase)).empty());
  const Standard consortium =
      Compile(testing::ReadFileOrDie(testing::SourceDir() / "examples/consortium/standard.rubric"));
  EXPECT_TRUE(DiffStandards(consortium, consortium).empty());
  EXPECT_EQ(RenderStandardDiff({}), "");
}

// `kBase` with `from` replaced by `to`.
std::string Edited(const std::string& from, const std::string& to) {
  std::string source = kBase;
  const std::size_t at = source.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) source.replace(at, from.size(), to);
  return source;
}

TEST(DiffStandardsTest, Header) {
  const std::string b = Edited("standard base \"基础\" {\n  version \"1\"\n  total 10\n",
                               "standard other \"别的\" {\n  version \"2\"\n  total 10\n"
                               "  missing exclude\n  value G * 10\n");
  EXPECT_EQ(DiffText(kBase, b),
            "~ standard: base -> other\n"
            "~ title: \"基础\" -> \"别的\"\n"
            "~ version: \"1\" -> \"2\"\n"
            "~ missing: default -> exclude\n"
            "~ value: sum of the top-level nodes -> value G * 10\n");
  const std::vector<StandardChange> changes = DiffStandards(Compile(kBase), Compile(b));
  ASSERT_EQ(changes.size(), 5u);
  EXPECT_EQ(changes[0].kind, StandardChange::Kind::kHeader);
  EXPECT_EQ(changes[0].what, "standard");
  EXPECT_EQ(changes[0].before, "base");
  EXPECT_EQ(changes[0].after, "other");
  EXPECT_EQ(changes[4].kind, StandardChange::Kind::kRule);
}

TEST(DiffStandardsTest, TotalPoints) {
  const std::string a = Edited("  total 10\n", "");
  EXPECT_EQ(DiffText(a, kBase), "~ total: (none) -> 10\n");
}

TEST(DiffStandardsTest, GradeBandsAndTolerance) {
  const std::string b =
      Edited("grades { 好 >= 6  中 >= 3  差 otherwise  差 when vetoed }",
             "grades (tolerance 0.01) { 优 >= 9  好 >= 5  差 otherwise  差 when vetoed }");
  EXPECT_EQ(DiffText(kBase, b),
            "+ grade band 优 >= 9\n"
            "~ grades: 好 >= 6 -> 好 >= 5\n"
            "~ grade tolerance: 1e-09 -> 0.01\n"
            "- grade band 中 >= 3\n");
  const std::vector<StandardChange> changes = DiffStandards(Compile(kBase), Compile(b));
  ASSERT_EQ(changes.size(), 4u);
  EXPECT_EQ(changes[1].kind, StandardChange::Kind::kGrades);
  EXPECT_EQ(changes[1].id, "好");
  EXPECT_EQ(changes[3].kind, StandardChange::Kind::kRemoved);
  EXPECT_EQ(changes[3].what, "grade band");
}

TEST(DiffStandardsTest, NodesAddedRemovedAndChanged) {
  std::string b = Edited("group H \"小组\" points 6 {", "group H \"小组二\" points 6 normalize {");
  b.replace(b.find("indicator B \"乙\" points 2 { score lookup(lvl) { 高: 1 } }"),
            std::string("indicator B \"乙\" points 2 { score lookup(lvl) { 高: 1 } }").size(),
            "indicator D \"丁\" points 2 { score 1 }");
  b.replace(b.find("score ratio(x, 100) * k"), std::string("score ratio(x, 100) * k").size(),
            "score ratio(x, 200) * k");
  EXPECT_EQ(DiffText(kBase, b),
            "~ label H: \"小组\" -> \"小组二\"\n"
            "~ points H: 6 -> 6 normalize\n"
            "~ rule A: score ratio(x, 100) * k -> score ratio(x, 200) * k\n"
            "+ indicator D \"丁\" (2 points, in H)\n"
            "- indicator B \"乙\" (2 points, in H)\n");
}

TEST(DiffStandardsTest, FunctionsAddedRemovedAndChanged) {
  const std::string a = R"(standard s {
  function half(v) = v / 2
  function twice "两倍" (v) = v * 2
  input x : number
  indicator r { value half(x) }
}
)";
  const std::string b = R"(standard s {
  function half(v) = v * 0.5
  function third(v) = v / 3
  input x : number
  indicator r { value half(x) }
}
)";
  EXPECT_EQ(DiffText(a, b),
            "~ function half: (v) = v / 2 -> (v) = v * 0.5\n"
            "+ function third (v) = v / 3\n"
            "~ rule r: value x / 2 -> value x * 0.5\n"
            "- function twice \"两倍\" (v) = v * 2\n");
}

TEST(DiffStandardsTest, MovedNodesAndNodesThatChangeKind) {
  // A moves up to G (H keeps its points through normalize); C becomes a group.
  std::string b = Edited(
      "    group H \"小组\" points 6 {\n      indicator A \"甲\" points 4 { score ratio(x, 100) * "
      "k }\n",
      "    indicator A \"甲\" points 4 { score ratio(x, 100) * k }\n"
      "    group H \"小组\" points 2 {\n");
  b.replace(b.find("group G \"组\" points 10"), std::string("group G \"组\" points 10").size(),
            "group G \"组\" points 10 normalize");
  b.replace(b.find("indicator C \"丙\" points 4 {"),
            std::string("indicator C \"丙\" points 4 {").size(),
            "group C \"丙\" { indicator C1 points 4 {");
  b.replace(b.find("veto when flag\n    }"), std::string("veto when flag\n    }").size(),
            "veto when flag\n    } }");
  EXPECT_EQ(DiffText(kBase, b),
            "~ points G: 10 -> 10 normalize\n"
            "~ parent A: H -> G\n"
            "~ points H: 6 -> 2\n"
            "+ group C \"丙\" (4 points, in G)\n"
            "+ indicator C1 (4 points, in C)\n"
            "+ veto C1 when flag\n"
            "- indicator C \"丙\" (4 points, in G)\n"
            "- veto C when flag\n");
}

TEST(DiffStandardsTest, Vetoes) {
  std::string b = Edited("veto V \"两年\" when flag and prev(flag)",
                         "veto W \"新\" when x > 100\n  veto V \"两年半\" when flag");
  b.replace(b.find("score not flag\n      veto when flag"),
            std::string("score not flag\n      veto when flag").size(),
            "score not flag\n      veto \"丙否决\" when flag or x > 1000");
  b.replace(b.find("score lookup(lvl) { 高: 1 } }"),
            std::string("score lookup(lvl) { 高: 1 } }").size(),
            "score lookup(lvl) { 高: 1 }  veto when lookup(lvl) { 高: 1 } == 0 }");
  EXPECT_EQ(DiffText(kBase, b),
            "+ veto W \"新\" when x > 100\n"
            "~ label V: \"两年\" -> \"两年半\"\n"
            "~ veto V: flag and prev(flag) -> flag\n"
            "~ veto B: (none) -> lookup(lvl) {低: 0, 高: 1} == 0\n"
            "~ veto C: flag -> flag or x > 1000\n"
            "~ veto label C: \"丙\" -> \"丙否决\"\n");
}

TEST(DiffStandardsTest, AnIndicatorsVetoFollowsItsLabel) {
  const std::string b = Edited("indicator C \"丙\"", "indicator C \"丙丙\"");
  EXPECT_EQ(DiffText(kBase, b), "~ label C: \"丙\" -> \"丙丙\"\n");
}

TEST(DiffStandardsTest, Inputs) {
  std::string b = Edited("input x \"投入\" : number [万元] >= 0",
                         "input x \"投入金额\" : integer [亿元] >= 0 <= 10 missing unscorable");
  b.replace(
      b.find("input lvl : enum { 低, 高 }"), std::string("input lvl : enum { 低, 高 }").size(),
      "input lvl : enum { 低, 中, 高 }\n    input extra \"新\" : percent >= 0 missing exclude");
  EXPECT_EQ(
      DiffText(kBase, b),
      "~ label x: \"投入\" -> \"投入金额\"\n"
      "~ type x: number -> integer\n"
      "~ unit x: 万元 -> 亿元\n"
      "~ bounds x: >= 0 -> >= 0 <= 10\n"
      "~ missing x: default -> unscorable\n"
      "~ options lvl: 低, 高 -> 低, 中, 高\n"
      "+ input extra \"新\" (percent >= 0, missing exclude)\n"
      "~ rule B: score lookup(lvl) {低: 0, 高: 1} -> score lookup(lvl) {低: 0, 中: 0, 高: 1}\n");
}

TEST(DiffStandardsTest, AStandardWidePolicyIsReportedOnce) {
  const std::string b = Edited("  total 10\n", "  total 10\n  missing exclude\n");
  EXPECT_EQ(DiffText(kBase, b), "~ missing: default -> exclude\n");
}

TEST(DiffStandardsTest, LetsAndRemovedInputs) {
  std::string b = Edited("let k \"系数\" = 2", "let k \"倍数\" = 3\n  let j = k + 1");
  b.replace(b.find("    input flag : bool\n"), std::string("    input flag : bool\n").size(), "");
  b.replace(b.find("veto V \"两年\" when flag and prev(flag)"),
            std::string("veto V \"两年\" when flag and prev(flag)").size(), "");
  b.replace(b.find("score not flag\n      veto when flag"),
            std::string("score not flag\n      veto when flag").size(), "score j");
  EXPECT_EQ(DiffText(kBase, b),
            "~ label k: \"系数\" -> \"倍数\"\n"
            "~ let k: 2 -> 3\n"
            "+ let j = k + 1\n"
            "~ rule C: score not flag -> score j\n"
            "~ veto C: flag -> (none)\n"
            "- veto V \"两年\" when flag and prev(flag)\n"
            "- input flag (bool)\n");
  const std::vector<StandardChange> changes = DiffStandards(Compile(kBase), Compile(b));
  ASSERT_EQ(changes.size(), 7u);
  EXPECT_EQ(changes[1].kind, StandardChange::Kind::kRule);
  EXPECT_EQ(changes[1].what, "let");
  EXPECT_EQ(changes[4].kind, StandardChange::Kind::kVeto);
  EXPECT_EQ(changes[6].kind, StandardChange::Kind::kRemoved);
  EXPECT_EQ(changes[6].before, "(bool)");
}

TEST(DiffStandardsTest, Json) {
  const std::string b = Edited("indicator C \"丙\"", "indicator C \"丙丙\"");
  EXPECT_EQ(RenderDiffJson(DiffStandards(Compile(kBase), Compile(b))),
            "{\n"
            "  \"changes\": [\n"
            "    {\n"
            "      \"kind\": \"label\",\n"
            "      \"what\": \"label\",\n"
            "      \"id\": \"C\",\n"
            "      \"before\": \"丙\",\n"
            "      \"after\": \"丙丙\"\n"
            "    }\n"
            "  ]\n"
            "}\n");
}

// ---- DiffScores ----

const char* kScoresA = R"(
standard a {
  total 10
  grades { 好 >= 6  差 otherwise }
  indicator T1 points 5 { input x : number  score x / 10 }
  indicator T2 points 5 { input y : number  score y / 10 }
}
)";

// T1 weighs more, the 好 band starts lower, and z is a new input.
const char* kScoresB = R"(
standard b {
  total 10
  grades { 好 >= 5  差 otherwise }
  indicator T1 points 8 { input x : number  score x / 10 }
  indicator T2 points 2 { input y : number  input z : number  score max(y, z) / 10 }
}
)";

TEST(DiffScoresTest, GradesAndRanksThatMove) {
  // 2024: A totals 甲 5, 乙 5, 丙 6 (ranks 2, 2, 1; grades 差 差 好);
  //       B totals 甲 8, 乙 2, 丙 6 (ranks 1, 3, 2; grades 好 差 好).
  // 2025: one row, same rank and grade under both.
  const std::string csv =
      "entity,period,x,y,z\n"
      "乙,2024,0,10,\n"
      "甲,2024,10,0,\n"
      "丙,2024,6,6,\n"
      "甲,2025,10,10,\n";
  StatusOr<ScoreDiff> diff = DiffScores(Compile(kScoresA), Compile(kScoresB), csv, "d.csv");
  ASSERT_TRUE(diff.ok()) << diff.status().message();
  EXPECT_EQ(diff->rows, 4u);
  EXPECT_EQ(diff->grade_changes, 1u);
  EXPECT_EQ(diff->rank_changes, 3u);
  ASSERT_EQ(diff->rows_changed.size(), 3u);
  // By period, then entity (byte order: 丙 U+4E19 < 乙 U+4E59 < 甲 U+7532).
  const RowChange& bing = diff->rows_changed[0];
  const RowChange& yi = diff->rows_changed[1];
  const RowChange& jia = diff->rows_changed[2];
  EXPECT_EQ(bing.entity, "丙");
  EXPECT_EQ(yi.entity, "乙");
  EXPECT_EQ(jia.entity, "甲");
  EXPECT_EQ(jia.period, 2024);
  EXPECT_EQ(jia.grade_a, "差");
  EXPECT_EQ(jia.grade_b, "好");
  EXPECT_EQ(jia.rank_a, 2);
  EXPECT_EQ(jia.rank_b, 1);
  EXPECT_DOUBLE_EQ(*jia.total_a, 5);
  EXPECT_DOUBLE_EQ(*jia.total_b, 8);
  EXPECT_EQ(yi.grade_a, "差");
  EXPECT_EQ(yi.grade_b, "差");
  EXPECT_EQ(yi.rank_a, 2);
  EXPECT_EQ(yi.rank_b, 3);
  EXPECT_EQ(bing.grade_a, "好");
  EXPECT_EQ(bing.grade_b, "好");
  EXPECT_EQ(bing.rank_a, 1);
  EXPECT_EQ(bing.rank_b, 2);
  EXPECT_NEAR(*bing.total_b, 6, 1e-9);

  EXPECT_EQ(RenderScoreDiff(*diff),
            "4 rows; 1 change grade; 3 change rank\n"
            "ENTITY  PERIOD  GRADE A -> B  TOTAL A -> B  RANK A -> B\n"
            "丙        2024  好 -> 好      6.00 -> 6.00  1 -> 2\n"
            "乙        2024  差 -> 差      5.00 -> 2.00  2 -> 3\n"
            "甲        2024  差 -> 好      5.00 -> 8.00  2 -> 1\n");
}

TEST(DiffScoresTest, LongFormatInputsOfOneStandardOnlyKeepTheirLineNumbers) {
  // z is unknown to A: its lines are skipped for A. The bad value on line 6 is reported
  // with its own line number.
  const std::string csv =
      "entity,period,input,value\n"
      "e,2024,x,1\n"
      "e,2024,z,\"3\"\n"
      "e,2024,z2,4\n"
      "e,2024,y,2\n"
      "f,2024,x,abc\n";
  StatusOr<ScoreDiff> diff = DiffScores(Compile(kScoresA), Compile(kScoresB), csv, "long.csv");
  ASSERT_FALSE(diff.ok());
  EXPECT_EQ(diff.status().code(), StatusCode::kDataError);
  const std::string& message = diff.status().message();
  // z2 is unknown to both: reported once, on its line; nothing about z or line 3.
  const std::string z2 = "long.csv:4: error: unknown input 'z2'";
  ASSERT_NE(message.find(z2), std::string::npos) << message;
  EXPECT_EQ(message.find(z2, message.find(z2) + 1), std::string::npos) << message;
  EXPECT_NE(message.find("long.csv:6: error:"), std::string::npos) << message;
  EXPECT_EQ(message.find("long.csv:3:"), std::string::npos) << message;

  const std::string good =
      "entity,period,input,value\n"
      "e,2024,x,1\n"
      "e,2024,z,\"3\"\n"
      "f,2024,x,6\n"
      "f,2024,y,6\n";
  StatusOr<ScoreDiff> clean = DiffScores(Compile(kScoresA), Compile(kScoresB), good, "long.csv");
  ASSERT_TRUE(clean.ok()) << clean.status().message();
  EXPECT_EQ(clean->rows, 2u);
}

TEST(DiffScoresTest, RowsGivenOnlyInputsOfOneStandard) {
  // Row g gives only z: B has the row, A does not.
  const std::string csv =
      "entity,period,input,value\n"
      "e,2024,x,10\n"
      "g,2024,z,10\n";
  StatusOr<ScoreDiff> diff = DiffScores(Compile(kScoresA), Compile(kScoresB), csv, "rows.csv");
  ASSERT_TRUE(diff.ok()) << diff.status().message();
  EXPECT_EQ(diff->rows, 2u);
  ASSERT_EQ(diff->rows_changed.size(), 2u);
  const RowChange& g = diff->rows_changed[1];
  EXPECT_EQ(g.entity, "g");
  EXPECT_FALSE(g.total_a.has_value());
  EXPECT_EQ(g.rank_a, 0);
  EXPECT_EQ(g.grade_a, "");
  EXPECT_DOUBLE_EQ(*g.total_b, 2);
  EXPECT_EQ(g.rank_b, 2);
  // e: 5 (差) under A, 8 (好) under B, first in both; g: only B scores it.
  EXPECT_EQ(RenderScoreDiff(*diff),
            "2 rows; 2 change grade; 1 change rank\n"
            "ENTITY  PERIOD  GRADE A -> B  TOTAL A -> B  RANK A -> B\n"
            "e         2024  差 -> 好      5.00 -> 8.00  1 -> 1\n"
            "g         2024  -  -> 差         - -> 2.00  - -> 2\n");
}

TEST(DiffScoresTest, SameStandardNoChanges) {
  const std::string csv =
      testing::ReadFileOrDie(testing::SourceDir() / "examples/consortium/cities.csv");
  const Standard consortium =
      Compile(testing::ReadFileOrDie(testing::SourceDir() / "examples/consortium/standard.rubric"));
  StatusOr<ScoreDiff> diff = DiffScores(consortium, consortium, csv, "cities.csv");
  ASSERT_TRUE(diff.ok()) << diff.status().message();
  EXPECT_GT(diff->rows, 0u);
  EXPECT_EQ(diff->grade_changes, 0u);
  EXPECT_EQ(diff->rank_changes, 0u);
  EXPECT_TRUE(diff->rows_changed.empty());
  EXPECT_EQ(RenderScoreDiff(*diff),
            std::to_string(diff->rows) + " rows; 0 change grade; 0 change rank\n");
}

}  // namespace
}  // namespace rubric
