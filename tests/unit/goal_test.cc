// FindGoal: every single change, veto clearing and plan it reports is applied on the session
// through the incremental path (SetNumber / SetOption, as `rubric whatif` does) and the
// target is read back; the values searched are restored; exact answers are checked against
// hand-solved values on small standards (ratio, piecewise, clamp, cohort_minmax, integer,
// enum, bool, bounds, vetoes) and on the consortium example.
#include "rubric/goal.h"

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "rubric/data.h"
#include "rubric/missing.h"
#include "rubric/session.h"
#include "rubric/standard.h"
#include "test_support.h"

namespace rubric {
namespace {

using testing::ReadFileOrDie;
using testing::SourceDir;

Standard CompileOrDie(const std::string& source) {
  CompileResult result = Standard::Compile(source, "goal.rubric");
  if (!result.ok()) {
    ADD_FAILURE() << RenderAll(result.diagnostics, source);
    throw std::runtime_error("does not compile");
  }
  return std::move(*result.standard);
}

struct Snapshot {
  std::vector<double> values;
  std::vector<bool> missing;
  double total = 0;
};

Snapshot Take(const Session& s, std::size_t row) {
  Snapshot snap;
  for (std::size_t i = 0; i < s.standard().inputs().size(); ++i) {
    snap.values.push_back(s.value(row, i));
    snap.missing.push_back(s.is_missing(row, i));
  }
  snap.total = s.total(row);
  return snap;
}

void ExpectSame(const Snapshot& a, const Snapshot& b) {
  ASSERT_EQ(a.values.size(), b.values.size());
  for (std::size_t i = 0; i < a.values.size(); ++i) {
    EXPECT_EQ(a.missing[i], b.missing[i]) << "input " << i;
    if (!a.missing[i]) {
      EXPECT_EQ(a.values[i], b.values[i]) << "input " << i;
    }
  }
  EXPECT_EQ(a.total, b.total);
}

void Set(Session& s, std::size_t row, std::size_t input, double value) {
  if (s.standard().inputs()[input].type == InputType::kEnum) {
    ASSERT_TRUE(s.SetOption(row, input, static_cast<std::size_t>(value)).ok());
  } else {
    ASSERT_TRUE(s.SetNumber(row, input, value).ok()) << value;
  }
}

bool Reached(const Session& s, std::size_t row, const GoalResult& r) {
  const double total = s.total(row);
  if (IsMissing(total)) return false;
  // FindGoal allows rounding of 1e-12 relative (docs/analysis.md).
  const double need = r.target_total - 1e-12 * std::max(1.0, std::fabs(r.target_total));
  if (r.target_grade.empty()) return total >= need;
  return !s.vetoed(row) && total >= need && s.grade(row) != nullptr;
}

// Applies each reachable single change (alone) and the plan (together) on the session,
// checks the target is reached and the reported total is the one read; restores.
void Verify(Session& s, std::size_t row, const GoalResult& r) {
  const Snapshot before = Take(s, row);
  for (const GoalChange& c : r.changes) {
    if (!c.reachable) continue;
    Set(s, row, c.input, c.to);
    EXPECT_TRUE(Reached(s, row, r)) << c.id << " -> " << c.to_text;
    EXPECT_EQ(s.total(row), c.total) << c.id;
    // Minimal: a slightly smaller change does not reach it.
    const InputInfo& info = s.standard().inputs()[c.input];
    if (info.type != InputType::kBool && info.type != InputType::kEnum) {
      const bool whole = info.type == InputType::kInteger || info.type == InputType::kRank;
      const double back = whole ? 1 : 1e-6 * std::max(std::fabs(c.to), 1.0);
      const double smaller = c.to - (c.delta > 0 ? back : -back);
      if ((c.delta > 0) == (smaller > c.from) && smaller != c.from) {
        Set(s, row, c.input, smaller);
        EXPECT_FALSE(Reached(s, row, r)) << c.id << " at " << smaller;
      }
    }
    if (before.missing[c.input]) {
      ASSERT_TRUE(s.Clear(row, c.input).ok());
    } else {
      Set(s, row, c.input, before.values[c.input]);
    }
  }
  if (r.plan.found) {
    for (const GoalChange& c : r.plan.changes) Set(s, row, c.input, c.to);
    EXPECT_TRUE(Reached(s, row, r)) << "plan";
    EXPECT_EQ(s.total(row), r.plan.total);
    for (const GoalChange& c : r.plan.changes) {
      if (before.missing[c.input]) {
        ASSERT_TRUE(s.Clear(row, c.input).ok());
      } else {
        Set(s, row, c.input, before.values[c.input]);
      }
    }
  }
  ExpectSame(before, Take(s, row));
}

const GoalChange& Change(const GoalResult& r, const std::string& id) {
  for (const GoalChange& c : r.changes) {
    if (c.id == id) return c;
  }
  throw std::runtime_error("no change for " + id);
}

GoalResult Goal(Session& s, std::size_t row, const GoalOptions& options = {}) {
  const Snapshot before = Take(s, row);
  StatusOr<GoalResult> r = FindGoal(s, row, options);
  if (!r.ok()) {
    ADD_FAILURE() << r.status().message();
    throw std::runtime_error("FindGoal failed");
  }
  ExpectSame(before, Take(s, row));
  EXPECT_TRUE(s.VerifyAgainstFullEvaluation().ok());
  Verify(s, row, *r);
  return std::move(*r);
}

constexpr const char* kLinear = R"(
standard linear {
  total 10
  grades {
    A >= 8
    B >= 5
    C otherwise
  }
  indicator T1 "ratio" points 6 {
    input x "x" : number >= 0
    score ratio(x, 100)
  }
  indicator T2 "piecewise" points 4 {
    input y "y" : percent >= 0 <= 100
    score piecewise(y) { 0 -> 0, 50 -> 0.5, 100 -> 1 }
  }
}
)";

TEST(GoalTest, NextGradeByRatioAndPiecewiseIsExact) {
  Session s(CompileOrDie(kLinear));
  const std::size_t row = *s.AddRow("a", 2023);
  ASSERT_TRUE(s.SetNumber(row, 0, 50).ok());
  ASSERT_TRUE(s.SetNumber(row, 1, 20).ok());
  const GoalResult r = Goal(s, row);
  EXPECT_EQ(r.grade, "C");
  EXPECT_EQ(r.target_grade, "B");
  EXPECT_FALSE(r.already);
  const GoalChange& x = Change(r, "x");
  ASSERT_TRUE(x.reachable);
  EXPECT_NEAR(x.to, 70, 1e-9);  // 6 * x / 100 + 0.8 = 5
  EXPECT_EQ(x.method, "exact (linear segment)");
  EXPECT_NEAR(x.relative, 0.4, 1e-9);
  EXPECT_EQ(x.grade, "B");
  const GoalChange& y = Change(r, "y");
  ASSERT_TRUE(y.reachable);
  EXPECT_NEAR(y.to, 50, 1e-9);  // 3 + 4 * 0.5 = 5
  EXPECT_TRUE(r.plan.found);
  EXPECT_GE(r.plan.total, 5 - 1e-9);
}

TEST(GoalTest, BoundsAndSaturationSayWhy) {
  Session s(CompileOrDie(kLinear));
  const std::size_t row = *s.AddRow("a", 2023);
  ASSERT_TRUE(s.SetNumber(row, 0, 50).ok());
  ASSERT_TRUE(s.SetNumber(row, 1, 20).ok());
  GoalOptions options;
  options.total = 9;
  const GoalResult r = Goal(s, row, options);
  EXPECT_TRUE(r.target_grade.empty());
  const GoalChange& x = Change(r, "x");
  EXPECT_FALSE(x.reachable);
  EXPECT_NE(x.reason.find("at most 6.8"), std::string::npos) << x.reason;
  const GoalChange& y = Change(r, "y");
  EXPECT_FALSE(y.reachable);
  EXPECT_NE(y.reason.find("declared bounds"), std::string::npos) << y.reason;
  // Together they can: x to 100 gives 6, y to 75 gives 3.
  EXPECT_TRUE(r.plan.found);
  EXPECT_GE(r.plan.total, 9);
}

TEST(GoalTest, AlreadyThere) {
  Session s(CompileOrDie(kLinear));
  const std::size_t row = *s.AddRow("a", 2023);
  ASSERT_TRUE(s.SetNumber(row, 0, 90).ok());
  ASSERT_TRUE(s.SetNumber(row, 1, 100).ok());
  GoalResult r = Goal(s, row);
  EXPECT_TRUE(r.already);
  EXPECT_EQ(r.note, "already at the highest grade");
  GoalOptions options;
  options.grade = "B";
  r = Goal(s, row, options);
  EXPECT_TRUE(r.already);
  EXPECT_TRUE(r.changes.empty());
}

TEST(GoalTest, BadOptions) {
  Session s(CompileOrDie(kLinear));
  const std::size_t row = *s.AddRow("a", 2023);
  GoalOptions options;
  options.grade = "Z";
  EXPECT_EQ(FindGoal(s, row, options).status().code(), StatusCode::kInvalidArgument);
  options = {};
  options.cost["nope"] = 1;
  EXPECT_EQ(FindGoal(s, row, options).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(FindGoal(s, 7, {}).status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(GoalOptionsFromJson("{\"grade\": \"A\", \"total\": 3}").ok());
  EXPECT_FALSE(GoalOptionsFromJson("{\"seed\": 3}").ok());
  StatusOr<GoalOptions> parsed = GoalOptionsFromJson(R"({"total": 7, "cost": {"x": 2}})");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(*parsed->total, 7);
  EXPECT_EQ(parsed->cost.at("x"), 2);
}

constexpr const char* kDiscrete = R"(
standard discrete {
  total 10
  grades {
    A >= 8
    B >= 5
    C otherwise
  }
  indicator T3 "clamp" points 4 {
    input n "n" : integer >= 0 <= 10
    score clamp(n / 4, 0, 1)
  }
  indicator T4 "enum" points 3 {
    input e "e" : enum { low, mid, high }
    score lookup(e) { low: 0, mid: 0.5, high: 1 }
  }
  indicator T5 "bool" points 3 {
    input b "b" : bool
    score b
  }
  indicator T6 "label" points 0 {
    input t "t" : text
    score 0
  }
}
)";

TEST(GoalTest, IntegerEnumBoolAndText) {
  Session s(CompileOrDie(kDiscrete));
  const std::size_t row = *s.AddRow("a", 2023);
  ASSERT_TRUE(s.SetNumber(row, 0, 1).ok());
  ASSERT_TRUE(s.SetOption(row, 1, 0).ok());
  ASSERT_TRUE(s.SetNumber(row, 2, 0).ok());
  GoalOptions options;
  options.total = 3.5;
  const GoalResult r = Goal(s, row, options);
  const GoalChange& n = Change(r, "n");
  ASSERT_TRUE(n.reachable);
  EXPECT_EQ(n.to, 4);  // 3.5 needs n = 3.5: whole numbers give 4
  EXPECT_EQ(n.method, "whole numbers");
  const GoalChange& e = Change(r, "e");
  ASSERT_TRUE(e.reachable);
  EXPECT_EQ(e.to_text, "high");  // mid gives 2.5 only
  const GoalChange& b = Change(r, "b");
  ASSERT_TRUE(b.reachable);
  EXPECT_EQ(b.to_text, "true");
  const GoalChange& t = Change(r, "t");
  EXPECT_FALSE(t.reachable);
  EXPECT_NE(t.reason.find("text"), std::string::npos);

  // The next grade (5) needs two changes: no single one, a plan does.
  const GoalResult next = Goal(s, row);
  EXPECT_EQ(next.target_grade, "B");
  EXPECT_FALSE(Change(next, "n").reachable);
  EXPECT_NE(Change(next, "n").reason.find("declared bounds"), std::string::npos);
  EXPECT_FALSE(Change(next, "e").reachable);
  EXPECT_NE(Change(next, "e").reason.find("any option"), std::string::npos);
  EXPECT_TRUE(next.plan.found);
  EXPECT_GE(next.plan.changes.size(), 2u);
}

TEST(GoalTest, CohortMinMaxMovesOnlyThisRow) {
  Session s(CompileOrDie(R"(
standard cohort {
  total 10
  grades {
    A >= 8
    B >= 4
    C otherwise
  }
  indicator T "minmax" points 10 {
    input x "x" : number
    score cohort_minmax(x)
  }
}
)"));
  for (int k = 0; k < 3; ++k) {
    const std::size_t row = *s.AddRow("e" + std::to_string(k), 2023);
    ASSERT_TRUE(s.SetNumber(row, 0, 50.0 * k).ok());
  }
  const std::size_t mid = *s.FindRow("e1", 2023);
  const GoalResult r = Goal(s, mid);
  EXPECT_EQ(r.target_grade, "A");
  EXPECT_NEAR(Change(r, "x").to, 80, 1e-7);  // (x - 0) / (100 - 0) * 10 = 8
  // The lowest row: raising it to 40 moves the minimum with it; the nearest way up is to
  // pass the others... its own score is 10 * (x - 50) / (100 - 50) once above 50.
  const std::size_t low = *s.FindRow("e0", 2023);
  const GoalResult lr = Goal(s, low);
  EXPECT_EQ(lr.target_grade, "B");
  ASSERT_TRUE(Change(lr, "x").reachable);
  EXPECT_NEAR(Change(lr, "x").to, 70, 1e-7);  // min 50, max 100: (70 - 50) / 50 * 10 = 4
  // The others stay as they were.
  EXPECT_EQ(s.value(*s.FindRow("e2", 2023), 0), 100);
}

constexpr const char* kVetoes = R"(
standard vetoes {
  total 10
  grades {
    A >= 8
    B >= 5
    C otherwise
    C when vetoed
  }
  indicator T1 "ratio" points 10 {
    input x "x" : number >= 0
    score ratio(x, 100)
  }
  indicator V1 "flag" points 0 {
    input v "v" : bool
    veto when v
  }
  indicator V2 "limit" points 0 {
    input z "z" : number
    veto when z > 10
  }
}
)";

TEST(GoalTest, VetoedRowIsToldWhatClearsWhich) {
  Session s(CompileOrDie(kVetoes));
  const std::size_t row = *s.AddRow("a", 2023);
  ASSERT_TRUE(s.SetNumber(row, 0, 60).ok());
  ASSERT_TRUE(s.SetNumber(row, 1, 1).ok());
  ASSERT_TRUE(s.SetNumber(row, 2, 20).ok());
  const GoalResult r = Goal(s, row);
  EXPECT_TRUE(r.vetoed);
  EXPECT_EQ(r.target_grade, "B");  // the band of its total, without the veto
  EXPECT_FALSE(Change(r, "x").reachable);
  EXPECT_NE(Change(r, "x").reason.find("veto"), std::string::npos) << Change(r, "x").reason;
  ASSERT_EQ(r.vetoes.size(), 2u);
  ASSERT_EQ(r.vetoes[0].clearing.size(), 1u);
  EXPECT_EQ(r.vetoes[0].clearing[0].id, "v");
  EXPECT_EQ(r.vetoes[0].clearing[0].to_text, "false");
  ASSERT_EQ(r.vetoes[1].clearing.size(), 1u);
  EXPECT_EQ(r.vetoes[1].clearing[0].id, "z");
  EXPECT_NEAR(r.vetoes[1].clearing[0].to, 10, 1e-7);
  EXPECT_LE(r.vetoes[1].clearing[0].to, 10);
  EXPECT_TRUE(r.vetoes_cleared);
  EXPECT_TRUE(r.clearing_reaches);
  EXPECT_EQ(r.clearing_grade, "B");
  EXPECT_TRUE(r.plan.found);
  EXPECT_EQ(r.plan.changes.size(), 2u);

  // Cleared, but the total is short of A: the plan adds x.
  GoalOptions options;
  options.grade = "A";
  const GoalResult a = Goal(s, row, options);
  EXPECT_FALSE(a.clearing_reaches);
  EXPECT_TRUE(a.plan.found);
  EXPECT_EQ(a.plan.changes.size(), 3u);
}

TEST(GoalTest, RankSearchesDownward) {
  Session s(CompileOrDie(R"(
standard ranks {
  total 10
  indicator T "rank" points 10 {
    input r "r" : rank
    score if r >= 1 then piecewise(r) { 1 -> 1, 10 -> 0 } else 0
  }
}
)"));
  const std::size_t row = *s.AddRow("a", 2023);
  ASSERT_TRUE(s.SetNumber(row, 0, 8).ok());
  GoalOptions options;
  options.total = 5;  // 10 * (10 - r) / 9 >= 5: r <= 5.5, a whole rank: 5
  const GoalResult r = Goal(s, row, options);
  const GoalChange& c = Change(r, "r");
  ASSERT_TRUE(c.reachable);
  EXPECT_EQ(c.to, 5);
  EXPECT_EQ(c.delta, -3);
  // The same query twice gives the same answer, to the last digit.
  EXPECT_EQ(GoalToJson(r), GoalToJson(Goal(s, row, options)));
  // No grades and no total: asked for one.
  EXPECT_EQ(FindGoal(s, row, {}).status().code(), StatusCode::kInvalidArgument);
}

TEST(GoalTest, CostFileChangesThePlan) {
  Session s(CompileOrDie(kLinear));
  const std::size_t row = *s.AddRow("a", 2023);
  ASSERT_TRUE(s.SetNumber(row, 0, 50).ok());
  ASSERT_TRUE(s.SetNumber(row, 1, 20).ok());
  GoalOptions options;
  options.cost["x"] = 1000;  // x is expensive: the plan moves y
  const GoalResult r = Goal(s, row, options);
  ASSERT_TRUE(r.plan.found);
  ASSERT_EQ(r.plan.changes.size(), 1u);
  EXPECT_EQ(r.plan.changes[0].id, "y");
  options.cost = {{"y", 1000}};
  const GoalResult r2 = Goal(s, row, options);
  ASSERT_EQ(r2.plan.changes.size(), 1u);
  EXPECT_EQ(r2.plan.changes[0].id, "x");
  EXPECT_NEAR(r2.plan.changes[0].to, 70, 1e-6);
}

TEST(GoalTest, ConsortiumAnswersVerifyByApplyingThem) {
  Session s(CompileOrDie(ReadFileOrDie(SourceDir() / "examples/consortium/standard.rubric")));
  const LoadReport report =
      LoadCsv(s, ReadFileOrDie(SourceDir() / "examples/consortium/cities.csv"), "cities.csv");
  ASSERT_TRUE(report.ok());
  s.Evaluate();
  int checked = 0, vetoed = 0, reachable = 0, plans = 0;
  for (std::size_t row = 0; row < s.row_count() && checked < 12; row += 7) {
    if (!s.live(row) || !s.scorable(row) || IsMissing(s.total(row))) continue;
    const GoalResult r = Goal(s, row);
    // A total one point up: single inputs get there.
    GoalOptions up;
    up.total = s.total(row) + 1;
    const GoalResult u = Goal(s, row, up);
    for (const GoalChange& c : u.changes) reachable += c.reachable ? 1 : 0;
    ++checked;
    vetoed += r.vetoed ? 1 : 0;
    plans += r.plan.found ? 1 : 0;
    for (const GoalChange& c : r.changes) reachable += c.reachable ? 1 : 0;
    EXPECT_FALSE(GoalToJson(r).empty());
  }
  EXPECT_EQ(checked, 12);
  EXPECT_GT(reachable, 0);
  EXPECT_GT(plans, 0);
  EXPECT_TRUE(s.VerifyAgainstFullEvaluation().ok());
}

TEST(GoalCliTest, TableAndJson) {
  const std::string args =
      " goal " + testing::Quote(SourceDir() / "examples/guide/06_grades.rubric") + " " +
      testing::Quote(SourceDir() / "examples/guide/06_grades.csv") + " --entity 常州 --period 2024";
  const testing::CommandResult table = testing::RunCommand(testing::Cli() + args);
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("target: grade 良好 (total >= 7.5)"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("p6_1_2"), std::string::npos);
  const testing::CommandResult json = testing::RunCommand(testing::Cli() + args + " --format json");
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const nlohmann::json doc = nlohmann::json::parse(json.out);
  EXPECT_EQ(doc["grade"], "合格");
  EXPECT_EQ(doc["target"]["grade"], "良好");
  std::map<std::string, std::string> to;
  for (const auto& c : doc["single_changes"]) {
    if (c["reachable"].get<bool>()) to[c["input"].get<std::string>()] = c["to"].get<std::string>();
  }
  EXPECT_EQ(to["p6_1_2"], "400");   // 3 x / 500 + 5.1 = 7.5
  EXPECT_EQ(to["p7_1_2"], "900");   // integer: 3 x / 1000 + 4.8 = 7.5
  EXPECT_EQ(to["p1_1_2"], "true");  // + 1 point
  EXPECT_TRUE(doc["plan"]["found"].get<bool>());
  EXPECT_EQ(testing::RunCommand(testing::Cli() + args + " --grade 满分").exit_code, 2);
  EXPECT_EQ(testing::RunCommand(testing::Cli() + args + " --grade 良好 --total 3").exit_code, 2);
}

}  // namespace
}  // namespace rubric
