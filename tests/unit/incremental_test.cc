// Incremental evaluation equals full evaluation, bit for bit, after every step of thousands
// of random edit sequences, on the consortium standard and on randomly generated standards.
// Also: a one-value edit runs a handful of ops, not the whole plan.
#include <cstring>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "rubric/data.h"
#include "rubric/session.h"
#include "rubric/standard.h"
#include "test_support.h"

namespace rubric {
namespace {

using testing::ReadFileOrDie;
using testing::SourceDir;

Standard CompileOrDie(const std::string& source) {
  CompileResult result = Standard::Compile(source, "random.rubric");
  if (!result.ok()) {
    ADD_FAILURE() << RenderAll(result.diagnostics, source) << "\n" << source;
    throw std::runtime_error("does not compile");
  }
  return std::move(*result.standard);
}

Standard Consortium() {
  return CompileOrDie(ReadFileOrDie(SourceDir() / "examples/consortium/standard.rubric"));
}

// Sets a random value (or makes it missing) for `input` of `row`, within its type and bounds.
void RandomEdit(Session& session, std::size_t row, std::size_t input, std::mt19937_64& random) {
  const InputInfo& info = session.standard().inputs()[input];
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  if (unit(random) < 0.1) {
    ASSERT_TRUE(session.Clear(row, input).ok());
    return;
  }
  Status status;
  switch (info.type) {
    case InputType::kBool:
      status = session.SetNumber(row, input, unit(random) < 0.5);
      break;
    case InputType::kEnum:
      status = session.SetOption(row, input, random() % info.options.size());
      break;
    case InputType::kText:
      status = session.SetText(row, input, "t");
      break;
    case InputType::kInteger:
    case InputType::kRank:
      status = session.SetNumber(row, input, double(random() % 20));
      break;
    default: {
      // Few distinct values, so that ties, unchanged minima and equal ranks happen often.
      double value = std::floor(unit(random) * 12) * 25 - 50;
      if (info.min) value = std::max(value, *info.min);
      if (info.max) value = std::min(value, *info.max);
      status = session.SetNumber(row, input, value);
    }
  }
  ASSERT_TRUE(status.ok()) << status.message();
}

// Every result of one row, read through the public API: reading one row brings only that
// row up to date (other rows of a period may stay stale after a cohort edit).
struct RowResults {
  std::size_t row = 0;
  std::vector<double> values;  // total, then every node
  std::vector<std::size_t> fired;
  const std::string* grade = nullptr;
};

RowResults ReadRow(const Session& session, std::size_t row) {
  RowResults read;
  read.row = row;
  read.values.push_back(session.total(row));
  for (std::size_t node = 0; node < session.standard().nodes().size(); ++node) {
    read.values.push_back(session.node_value(row, node));
  }
  read.fired = session.fired_vetoes(row);
  read.grade = session.grade(row);
  return read;
}

// What was read for one row before a full update must equal what the full update gives.
void ExpectSameResults(const RowResults& lazy, const RowResults& full) {
  ASSERT_EQ(lazy.values.size(), full.values.size());
  for (std::size_t i = 0; i < lazy.values.size(); ++i) {
    EXPECT_EQ(std::memcmp(&lazy.values[i], &full.values[i], sizeof(double)), 0)
        << "row " << lazy.row << ", value " << i << ": read " << lazy.values[i] << ", then "
        << full.values[i];
  }
  EXPECT_EQ(lazy.fired, full.fired);
  EXPECT_EQ(lazy.grade, full.grade);
}

// One random step: edit a value, clear one, add a row or remove one. Reads the results of
// one row after most steps (which brings that row up to date incrementally) and returns
// them, for the caller to compare after verifying the whole session.
std::optional<RowResults> RandomStep(Session& session, std::mt19937_64& random, int entities,
                                     int first_period, int periods) {
  const std::size_t inputs = session.standard().inputs().size();
  std::vector<std::size_t> live;
  for (std::size_t row = 0; row < session.row_count(); ++row) {
    if (session.live(row)) live.push_back(row);
  }
  const int choice = static_cast<int>(random() % 100);
  if (choice < 80 && !live.empty()) {
    const std::size_t edits = 1 + random() % 3;  // sometimes several edits before a read
    for (std::size_t i = 0; i < edits; ++i) {
      RandomEdit(session, live[random() % live.size()], random() % inputs, random);
    }
    if (random() % 2 == 0) {  // then often a row of the same period as an edit
      const std::size_t edited = live[random() % live.size()];
      for (std::size_t row : live) {
        if (session.period(row) == session.period(edited) && random() % 3 == 0) {
          return ReadRow(session, row);
        }
      }
    }
  } else if (choice < 92) {
    const std::string entity = "E" + std::to_string(random() % (entities + 3));
    const auto period = static_cast<std::int64_t>(first_period + random() % (periods + 1));
    if (!session.FindRow(entity, period)) {
      StatusOr<std::size_t> row = session.AddRow(entity, period);
      EXPECT_TRUE(row.ok());
      if (!row.ok()) return std::nullopt;
      for (std::size_t input = 0; input < inputs; ++input) {
        if (random() % 4 != 0) RandomEdit(session, *row, input, random);
      }
    }
  } else if (!live.empty()) {
    EXPECT_TRUE(session.RemoveRow(live[random() % live.size()]).ok());
  }
  std::vector<std::size_t> now_live;
  for (std::size_t row = 0; row < session.row_count(); ++row) {
    if (session.live(row)) now_live.push_back(row);
  }
  if (random() % 4 != 0 && !now_live.empty()) {
    return ReadRow(session, now_live[random() % now_live.size()]);
  }
  return std::nullopt;
}

// A step, then the whole session against a full evaluation, then the row read during the
// step against the now fully updated session.
void StepAndVerify(Session& session, std::mt19937_64& random, int entities, int first_period,
                   int periods, const std::string& where) {
  const std::optional<RowResults> read =
      RandomStep(session, random, entities, first_period, periods);
  const Status verified = session.VerifyAgainstFullEvaluation();
  ASSERT_TRUE(verified.ok()) << where << ": " << verified.message();
  if (read) ExpectSameResults(*read, ReadRow(session, read->row));
}

TEST(IncrementalTest, ConsortiumRandomEditsMatchFullEvaluation) {
  const Standard standard = Consortium();
  Session session(standard);
  const auto data = ReadFileOrDie(SourceDir() / "tests/golden/oracle/s4.csv");
  ASSERT_TRUE(LoadCsv(session, data, "s4.csv").ok());
  session.Evaluate();
  std::mt19937_64 random(20261128);
  for (int step = 0; step < 2000; ++step) {
    StepAndVerify(session, random, 40, 2023, 5, "step " + std::to_string(step));
    if (HasFatalFailure() || HasNonfatalFailure()) return;
  }
}

TEST(IncrementalTest, EditsBeforeTheFirstReadNeedNoEvaluateCall) {
  const Standard standard = Consortium();
  Session session(standard);
  ASSERT_TRUE(
      LoadCsv(session, ReadFileOrDie(SourceDir() / "tests/golden/oracle/s1.csv"), "s1.csv").ok());
  const std::size_t row = *session.FindRow("C0001", 2024);
  const double before = session.total(row);  // evaluates everything once
  const std::size_t input = *standard.FindInput("p4_1_1");
  const double flipped = session.value(row, input) == 0 ? 1 : 0;
  ASSERT_TRUE(session.SetNumber(row, input, flipped).ok());
  EXPECT_DOUBLE_EQ(session.total(row), before + (flipped == 1 ? 2.5 : -2.5));
  EXPECT_TRUE(session.VerifyAgainstFullEvaluation().ok());
}

// A per-row input feeds one indicator and its ancestors: a handful of ops, not the plan.
TEST(IncrementalTest, OneRowOnlyEditRunsAHandfulOfOps) {
  const Standard standard = Consortium();
  Session session(standard);
  ASSERT_TRUE(
      LoadCsv(session, ReadFileOrDie(SourceDir() / "tests/golden/oracle/s2.csv"), "s2.csv").ok());
  session.Evaluate();
  const std::uint64_t full = session.ops();
  const std::size_t row = *session.FindRow("C0010", 2024);
  const std::size_t input = *standard.FindInput("p1_1_1");
  const std::uint64_t before = session.ops();
  ASSERT_TRUE(session.SetNumber(row, input, session.value(row, input) == 0 ? 1 : 0).ok());
  (void)session.total(row);
  const std::uint64_t ops = session.ops() - before;
  // T1_1, I1, G1 and the total.
  EXPECT_EQ(ops, 4u);
  EXPECT_LT(ops * 1000, full);
  EXPECT_TRUE(session.VerifyAgainstFullEvaluation().ok());
}

TEST(IncrementalTest, UnchangedValueRunsNothing) {
  const Standard standard = Consortium();
  Session session(standard);
  ASSERT_TRUE(
      LoadCsv(session, ReadFileOrDie(SourceDir() / "tests/golden/oracle/s1.csv"), "s1.csv").ok());
  session.Evaluate();
  const std::size_t row = *session.FindRow("C0003", 2023);
  const std::size_t input = *standard.FindInput("p9_1_1");
  const std::uint64_t before = session.ops();
  ASSERT_TRUE(session.SetNumber(row, input, session.value(row, input)).ok());
  (void)session.total(row);
  EXPECT_EQ(session.ops(), before);
}

// An input under a cohort function: when the period's minimum and maximum stay, only the
// edited row's cohort value changes.
TEST(IncrementalTest, CohortEditInsideTheRangeTouchesOneRow) {
  const Standard standard = Consortium();
  Session session(standard);
  ASSERT_TRUE(
      LoadCsv(session, ReadFileOrDie(SourceDir() / "tests/golden/oracle/s2.csv"), "s2.csv").ok());
  session.Evaluate();
  // p13_3_5 feeds cohort_minmax in T13_3 (13.3 共享成果).
  const std::size_t input = *standard.FindInput("p13_3_5");
  double lo = 1e300, hi = -1e300;
  std::size_t middle = 0;
  for (std::size_t row = 0; row < session.row_count(); ++row) {
    if (session.period(row) != 2024) continue;
    lo = std::min(lo, session.value(row, input));
    hi = std::max(hi, session.value(row, input));
  }
  for (std::size_t row = 0; row < session.row_count(); ++row) {
    const double v = session.value(row, input);
    if (session.period(row) == 2024 && v > lo && v < hi) middle = row;
  }
  const std::uint64_t before = session.ops();
  ASSERT_TRUE(session.SetNumber(middle, input, (lo + hi) / 2).ok());
  (void)session.total(middle);
  const std::uint64_t ops = session.ops() - before;
  EXPECT_LE(ops, 8u) << "argument, cohort value, T13_3, I13, G2, total";
  EXPECT_TRUE(session.VerifyAgainstFullEvaluation().ok());
}

// An input under a rank: a new extreme value changes the rank of every other row of the
// period, but reading the edited row's total recomputes that row only; the other rows are
// brought up to date when they are read, and then equal a full evaluation.
TEST(IncrementalTest, RankEditThenReadOneRowLeavesTheOthersForLater) {
  const Standard standard = Consortium();
  Session session(standard);
  ASSERT_TRUE(
      LoadCsv(session, ReadFileOrDie(SourceDir() / "tests/golden/oracle/s2.csv"), "s2.csv").ok());
  session.Evaluate();
  const std::size_t input = *standard.FindInput("p8_2_2");  // feeds cohort_rank
  std::vector<std::size_t> period_rows;
  double lowest = 1e300;
  for (std::size_t row = 0; row < session.row_count(); ++row) {
    if (session.period(row) != 2024 || !session.scorable(row)) continue;
    period_rows.push_back(row);
    lowest = std::min(lowest, session.value(row, input));
  }
  ASSERT_GE(period_rows.size(), 40u);
  // The row with the highest value drops to the bottom: everyone else moves up one place.
  std::size_t edited = period_rows[0];
  for (std::size_t row : period_rows) {
    if (session.value(row, input) > session.value(edited, input)) edited = row;
  }
  std::vector<double> before;
  for (std::size_t row : period_rows) before.push_back(session.total(row));
  const std::uint64_t ops_before = session.ops();
  ASSERT_TRUE(session.SetNumber(edited, input, lowest - 1).ok());
  const double edited_total = session.total(edited);
  EXPECT_LE(session.ops() - ops_before, 12u) << "the edited row's chain only";
  std::vector<RowResults> lazy;
  for (std::size_t row : period_rows) lazy.push_back(ReadRow(session, row));
  std::size_t changed = 0;
  for (std::size_t i = 0; i < period_rows.size(); ++i) {
    changed += lazy[i].values[0] != before[i] ? 1 : 0;
  }
  EXPECT_GT(changed, period_rows.size() / 2) << "most ranks moved";
  ASSERT_TRUE(session.VerifyAgainstFullEvaluation().ok());
  EXPECT_EQ(session.total(edited), edited_total);
  for (const RowResults& read : lazy) ExpectSameResults(read, ReadRow(session, read.row));
}

// ---- Randomly generated standards ----

class StandardGenerator {
 public:
  // cohort_heavy: most inputs `missing exclude` and cohort functions, nested too, in most
  // rules, so that rows join and leave cohorts as values come and go.
  // periods: rules also read missing(x) and missing(prev(x)), and some values are
  // recurrences: running totals through prev() of lets and of a group from inside it.
  StandardGenerator(std::uint64_t seed, bool cohort_heavy, bool periods)
      : random_(seed), cohort_heavy_(cohort_heavy), periods_(periods) {}

  std::string Generate() {
    std::ostringstream out;
    out << "standard generated \"random\" {\n";
    const int inputs = 3 + static_cast<int>(random_() % 6);
    for (int i = 0; i < inputs; ++i) {
      const std::string name = "x" + std::to_string(i);
      const int type = static_cast<int>(random_() % 4);
      out << "  input " << name << " : ";
      if (type == 0) {
        out << "bool";
        numeric_.push_back(name);
      } else if (type == 1) {
        out << "enum { lo, mid, hi }";
        enums_.push_back(name);
      } else {
        out << "number";
        numeric_.push_back(name);
      }
      const int policy = static_cast<int>(random_() % 8);
      if (policy == 0) out << " missing unscorable";
      if (policy == 1 || policy == 2 || (cohort_heavy_ && policy < 6)) out << " missing exclude";
      out << "\n";
      if (type != 1 || periods_) inputs_.push_back(name);
    }
    if (periods_) {
      // A running total, and two lets that read each other across periods.
      out << "  let run = prev(run) + " << Expr(2, true) << "\n";
      out << "  let even = if missing(prev(odd)) then " << Expr(1, true)
          << " else prev(odd) * 0.5\n";
      out << "  let odd = even + " << Expr(2, true) << "\n";
      numeric_.push_back("run");
      numeric_.push_back("even");
      numeric_.push_back("odd");
    }
    const int lets = static_cast<int>(random_() % 4);
    for (int i = 0; i < lets; ++i) {
      const std::string name = "l" + std::to_string(i);
      out << "  let " << name << " = " << Expr(3, true) << "\n";
      numeric_.push_back(name);
    }
    const int groups = 1 + static_cast<int>(random_() % 3);
    for (int g = 0; g < groups; ++g) {
      out << "  group g" << g << (random_() % 3 == 0 ? " points 10 normalize" : "") << " {\n";
      const int indicators = 1 + static_cast<int>(random_() % 3);
      for (int i = 0; i < indicators; ++i) {
        out << "    indicator i" << g << "_" << i << " points " << 1 + random_() % 5 << " {\n"
            << "      score " << Expr(3, true);
        if (periods_ && i == 0) out << " + prev(g" << g << ") / 20";  // reads its own group
        out << "\n";
        if (random_() % 4 == 0) out << "      veto when " << Expr(2, false) << " > 0.9\n";
        out << "    }\n";
      }
      out << "  }\n";
    }
    if (random_() % 2 == 0) {
      out << "  grades { top >= 5  mid >= 2  low otherwise  out when vetoed }\n";
    }
    out << "}\n";
    return out.str();
  }

 private:
  std::string Atom() {
    const int pick = static_cast<int>(random_() % 10);
    if (pick < 2 || numeric_.empty()) return std::to_string(random_() % 7);
    if (pick < 3 && !enums_.empty()) {
      const std::string& e = enums_[random_() % enums_.size()];
      return "lookup(" + (random_() % 3 == 0 ? "prev(" + e + ")" : e) +
             ") { lo: 0, hi: 1, mid: 0.5 }";
    }
    if (periods_ && pick == 9 && !inputs_.empty()) {
      const std::string& input = inputs_[random_() % inputs_.size()];
      return random_() % 2 == 0 ? "missing(" + input + ")" : "missing(prev(" + input + "))";
    }
    const std::string& name = numeric_[random_() % numeric_.size()];
    return pick < 5 ? "prev(" + name + ")" : name;
  }

  std::string Expr(int depth, bool cohorts_allowed) {
    if (depth == 0) return Atom();
    const bool cohort = cohort_heavy_ && cohorts_allowed && random_() % 2 == 0;
    const int pick = static_cast<int>(cohort ? 8 + random_() % 3 : random_() % 13);
    // A cohort function's argument may hold another one (staged), less often.
    const bool nested = random_() % 3 == 0;
    const std::string a = Expr(depth - 1, cohorts_allowed);
    switch (pick) {
      case 0:
        return "(" + a + " + " + Expr(depth - 1, cohorts_allowed) + ")";
      case 1:
        return "(" + a + " - " + Expr(depth - 1, cohorts_allowed) + ")";
      case 2:
        return "(" + a + " * " + Expr(depth - 1, cohorts_allowed) + ")";
      case 3:
        return "(" + a + " / " + Expr(depth - 1, cohorts_allowed) + ")";
      case 4:
        return "max(" + a + ", " + Expr(depth - 1, cohorts_allowed) + ")";
      case 5:
        return "(if " + a + " > 2 then " + Expr(depth - 1, cohorts_allowed) + " else " +
               Expr(depth - 1, cohorts_allowed) + ")";
      case 6:
        return "piecewise(" + a + ") { -10 -> 0, 0 -> 0.3, 50 -> 1 }";
      case 7:
        return "(" + a + " >= " + Expr(depth - 1, cohorts_allowed) + " or " + Atom() + ")";
      case 8:
        if (cohorts_allowed) return "cohort_minmax(" + Expr(depth - 1, nested) + ")";
        return a;
      case 9:
        if (cohorts_allowed) return "cohort_rank(" + Expr(depth - 1, nested) + ")";
        return a;
      case 10:
        if (cohort) return "cohort_percentile(" + Expr(depth - 1, nested) + ")";
        return "ratio(" + a + ", 40)";
      default:
        return a;
    }
  }

  std::mt19937_64 random_;
  bool cohort_heavy_ = false;
  bool periods_ = false;
  std::vector<std::string> inputs_;
  std::vector<std::string> numeric_;
  std::vector<std::string> enums_;
};

// Generates `seeds` standards, loads random rows and checks random steps against full
// evaluation.
void GeneratedStandardsRandomEditsMatchFullEvaluation(std::uint64_t seeds, bool cohort_heavy,
                                                      bool periods) {
  for (std::uint64_t seed = 1; seed <= seeds; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    StandardGenerator generator(seed, cohort_heavy, periods);
    const std::string source = generator.Generate();
    const Standard standard = CompileOrDie(source);
    Session session(standard);
    std::mt19937_64 random(seed * 7919);
    // Every fourth standard gets periods large enough for cohort edits to leave rows stale
    // until they are read.
    const int entities = seed % 4 == 0 ? 60 : 6;
    const int periods_count = periods ? 5 : 3;
    for (int e = 0; e < entities; ++e) {
      for (int p = 0; p < periods_count; ++p) {
        if (random() % 6 == 0) continue;  // gaps, so prev meets absent rows
        const std::size_t row = *session.AddRow("E" + std::to_string(e), 2020 + p);
        for (std::size_t input = 0; input < standard.inputs().size(); ++input) {
          if (random() % 5 != 0) RandomEdit(session, row, input, random);
        }
      }
    }
    session.Evaluate();
    for (int step = 0; step < 150; ++step) {
      StepAndVerify(session, random, entities, 2020, periods_count,
                    "step " + std::to_string(step) + " of\n" + source);
      if (::testing::Test::HasFatalFailure() || ::testing::Test::HasNonfatalFailure()) return;
    }
  }
}

TEST(IncrementalTest, GeneratedStandardsRandomEditsMatchFullEvaluation) {
  GeneratedStandardsRandomEditsMatchFullEvaluation(200, /*cohort_heavy=*/false,
                                                   /*periods=*/false);
}

// Rows join and leave cohorts as `exclude` inputs go missing and come back, through lets
// and nested cohort functions.
TEST(IncrementalTest, ExcludedInputsUnderNestedCohortsMatchFullEvaluation) {
  GeneratedStandardsRandomEditsMatchFullEvaluation(100, /*cohort_heavy=*/true,
                                                   /*periods=*/false);
}

// Recurrences and missing(): an edit in one period reaches the entity's later periods.
TEST(IncrementalTest, GeneratedRecurrencesRandomEditsMatchFullEvaluation) {
  GeneratedStandardsRandomEditsMatchFullEvaluation(120, /*cohort_heavy=*/false,
                                                   /*periods=*/true);
}

// Both at once: recurrences beside cohorts whose rows come and go.
TEST(IncrementalTest, RecurrencesBesideExcludingCohortsMatchFullEvaluation) {
  GeneratedStandardsRandomEditsMatchFullEvaluation(60, /*cohort_heavy=*/true,
                                                   /*periods=*/true);
}

}  // namespace
}  // namespace rubric
