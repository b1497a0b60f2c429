// Columnar loading (Session::SetNumbers) gives exactly what SetNumber cell by cell gives,
// before and after an evaluation, and fails atomically. Also: the session's memory
// accounting (memory_bytes, raw_value_bytes).
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "rubric/session.h"
#include "rubric/standard.h"
#include "test_support.h"

namespace rubric {
namespace {

using testing::ReadFileOrDie;
using testing::SourceDir;

// Every number type, declared bounds, the three missing policies, a cohort function and
// prev(), and an enum and a text input that SetNumbers refuses.
constexpr const char* kSource = R"(
standard col {
  input flag : bool
  input x : number >= 0 <= 100
  input share : percent missing exclude
  input n : integer >= 1
  input place : rank
  input need : number missing unscorable
  input level : enum { low, high }
  input note : text
  let spread = cohort_minmax(x)
  let standing = cohort_rank(n)
  group g points 25 {
    indicator a points 10 { score spread }
    indicator b points 5 { score standing }
    indicator c points 5 { score if flag then share / 100 else 0 }
    indicator d points 5 { score if place > 0 then 1 / place else 0 }
  }
  indicator e { value need + prev(x) }
}
)";

constexpr std::size_t kFlag = 0, kX = 1, kShare = 2, kN = 3, kPlace = 4, kNeed = 5, kLevel = 6,
                      kNote = 7;

Standard Compile(const std::string& source) {
  CompileResult result = Standard::Compile(source, "col.rubric");
  EXPECT_TRUE(result.ok()) << RenderAll(result.diagnostics, source);
  return std::move(*result.standard);
}

// Rows for entities E0.. over periods 2020..: `entities` x `periods` rows.
void AddRows(Session& session, int entities, int periods) {
  for (int e = 0; e < entities; ++e) {
    for (int p = 0; p < periods; ++p) {
      ASSERT_TRUE(session.AddRow("E" + std::to_string(e), 2020 + p).ok());
    }
  }
}

// A valid value of a number input, a few distinct ones so that ties happen.
double RandomValue(const InputInfo& info, std::mt19937_64& random) {
  switch (info.type) {
    case InputType::kBool:
      return static_cast<double>(random() % 2);
    case InputType::kInteger:
      return static_cast<double>(1 + random() % 6);
    case InputType::kRank:
      return static_cast<double>(random() % 5);
    default:
      return static_cast<double>(random() % 9) * 12.5;
  }
}

bool IsNumber(const InputInfo& info) {
  return info.type != InputType::kEnum && info.type != InputType::kText;
}

bool SameBits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

// Values, missing flags and every result of every row agree, bit for bit.
void ExpectSameSessions(const Session& a, const Session& b) {
  ASSERT_EQ(a.row_count(), b.row_count());
  const std::size_t inputs = a.standard().inputs().size();
  const std::size_t nodes = a.standard().nodes().size();
  for (std::size_t row = 0; row < a.row_count(); ++row) {
    ASSERT_EQ(a.live(row), b.live(row));
    if (!a.live(row)) continue;
    for (std::size_t input = 0; input < inputs; ++input) {
      EXPECT_EQ(a.is_missing(row, input), b.is_missing(row, input)) << row << " " << input;
      EXPECT_TRUE(SameBits(a.value(row, input), b.value(row, input))) << row << " " << input;
    }
    EXPECT_EQ(a.scorable(row), b.scorable(row)) << row;
    EXPECT_TRUE(SameBits(a.total(row), b.total(row))) << row;
    for (std::size_t node = 0; node < nodes; ++node) {
      EXPECT_TRUE(SameBits(a.node_value(row, node), b.node_value(row, node)))
          << row << " node " << node;
    }
    EXPECT_EQ(a.fired_vetoes(row), b.fired_vetoes(row));
  }
}

// A snapshot of every input value and flag, to show that a failed call changed nothing.
struct Snapshot {
  std::vector<double> values;
  std::vector<bool> missing;
  std::vector<bool> scorable;
  std::uint64_t ops = 0;
};

Snapshot Take(const Session& session) {
  Snapshot snapshot;
  for (std::size_t row = 0; row < session.row_count(); ++row) {
    for (std::size_t input = 0; input < session.standard().inputs().size(); ++input) {
      snapshot.values.push_back(session.value(row, input));
      snapshot.missing.push_back(session.is_missing(row, input));
    }
    snapshot.scorable.push_back(session.scorable(row));
  }
  snapshot.ops = session.ops();
  return snapshot;
}

void ExpectUnchanged(const Snapshot& before, const Session& session) {
  const Snapshot after = Take(session);
  ASSERT_EQ(before.values.size(), after.values.size());
  for (std::size_t i = 0; i < before.values.size(); ++i) {
    EXPECT_TRUE(SameBits(before.values[i], after.values[i])) << i;
  }
  EXPECT_EQ(before.missing, after.missing);
  EXPECT_EQ(before.scorable, after.scorable);
  EXPECT_EQ(before.ops, after.ops);
}

TEST(ColumnarTest, SameAsSetNumberCellByCellBeforeAndAfterEvaluation) {
  const Standard standard = Compile(kSource);
  Session cells(standard);
  Session columns(standard);
  AddRows(cells, 6, 3);
  AddRows(columns, 6, 3);
  std::mt19937_64 random(1);
  const std::size_t rows = cells.row_count();

  // Before any evaluation: whole columns, some inputs left missing in some rows.
  for (std::size_t input = 0; input < standard.inputs().size(); ++input) {
    if (!IsNumber(standard.inputs()[input])) continue;
    std::vector<std::size_t> which;
    std::vector<double> values;
    for (std::size_t row = 0; row < rows; ++row) {
      if (random() % 5 == 0) continue;  // stays missing
      which.push_back(row);
      values.push_back(RandomValue(standard.inputs()[input], random));
      ASSERT_TRUE(cells.SetNumber(row, input, values.back()).ok());
    }
    ASSERT_TRUE(columns.SetNumbers(input, which, values).ok());
  }
  for (std::size_t row = 0; row < rows; ++row) {
    ASSERT_TRUE(cells.SetOption(row, kLevel, row % 2).ok());
    ASSERT_TRUE(columns.SetOption(row, kLevel, row % 2).ok());
  }
  cells.Evaluate();
  columns.Evaluate();
  ExpectSameSessions(cells, columns);

  // After the evaluation: edits go incrementally, in any row order, repeats included.
  for (int round = 0; round < 30; ++round) {
    const std::size_t input = random() % standard.inputs().size();
    if (!IsNumber(standard.inputs()[input])) continue;
    std::vector<std::size_t> which;
    std::vector<double> values;
    const std::size_t count = 1 + random() % rows;
    for (std::size_t i = 0; i < count; ++i) {
      which.push_back(random() % rows);
      values.push_back(RandomValue(standard.inputs()[input], random));
      ASSERT_TRUE(cells.SetNumber(which.back(), input, values.back()).ok());
    }
    ASSERT_TRUE(columns.SetNumbers(input, which, values).ok());
    if (round % 3 == 0) ExpectSameSessions(cells, columns);
    if (round % 7 == 0) {
      const std::size_t row = random() % rows;
      ASSERT_TRUE(cells.Clear(row, input).ok());
      ASSERT_TRUE(columns.Clear(row, input).ok());
    }
  }
  ExpectSameSessions(cells, columns);
  EXPECT_EQ(cells.ops(), columns.ops());
  const Status verified = columns.VerifyAgainstFullEvaluation();
  EXPECT_TRUE(verified.ok()) << verified.message();
}

TEST(ColumnarTest, MissingValuesBecomePresentAsWithSetNumber) {
  const Standard standard = Compile(kSource);
  Session session(standard);
  AddRows(session, 2, 1);
  EXPECT_FALSE(session.scorable(0));  // `need` is missing: unscorable
  const std::vector<std::size_t> rows = {0, 1};
  const std::vector<double> needs = {1, 2};
  ASSERT_TRUE(session.SetNumbers(kNeed, rows, needs).ok());
  EXPECT_TRUE(session.scorable(0));
  EXPECT_TRUE(session.scorable(1));
  EXPECT_FALSE(session.is_missing(1, kNeed));
  // An `exclude` input: its presence follows too (before and after an evaluation).
  EXPECT_TRUE(session.is_missing(0, kShare));
  const std::vector<double> shares = {50, 25};
  ASSERT_TRUE(session.SetNumbers(kShare, shares).ok());
  EXPECT_FALSE(session.is_missing(0, kShare));
  const Status verified = session.VerifyAgainstFullEvaluation();
  EXPECT_TRUE(verified.ok()) << verified.message();
}

TEST(ColumnarTest, AllRowsInOrder) {
  const Standard standard = Compile(kSource);
  Session cells(standard);
  Session columns(standard);
  AddRows(cells, 4, 2);
  AddRows(columns, 4, 2);
  ASSERT_TRUE(cells.RemoveRow(3).ok());
  ASSERT_TRUE(columns.RemoveRow(3).ok());
  std::vector<double> xs(cells.row_count());
  for (std::size_t row = 0; row < xs.size(); ++row) {
    xs[row] = 10.0 * static_cast<double>(row);
    if (cells.live(row)) {
      ASSERT_TRUE(cells.SetNumber(row, kX, xs[row]).ok());
    }
  }
  xs[3] = 1e9;  // a removed row: ignored, even out of bounds
  ASSERT_TRUE(columns.SetNumbers(kX, xs).ok());
  EXPECT_TRUE(columns.is_missing(3, kX));
  ExpectSameSessions(cells, columns);

  // The size must be row_count().
  xs.pop_back();
  const Status short_column = columns.SetNumbers(kX, xs);
  EXPECT_EQ(short_column.code(), StatusCode::kInvalidArgument);
}

TEST(ColumnarTest, FailsAtomicallyNamingTheRowAndInput) {
  const Standard standard = Compile(kSource);
  for (const bool evaluated : {false, true}) {
    SCOPED_TRACE(evaluated ? "after an evaluation" : "before an evaluation");
    Session session(standard);
    AddRows(session, 3, 2);
    const std::vector<std::size_t> rows = {0, 1, 2, 3, 4, 5};
    ASSERT_TRUE(session.SetNumbers(kX, rows, std::vector<double>{1, 2, 3, 4, 5, 6}).ok());
    ASSERT_TRUE(session.SetNumbers(kNeed, rows, std::vector<double>{1, 1, 1, 1, 1, 1}).ok());
    ASSERT_TRUE(session.RemoveRow(5).ok());
    if (evaluated) session.Evaluate();
    const Snapshot before = Take(session);

    // A value above the declared maximum, after good ones.
    Status status =
        session.SetNumbers(kX, std::vector<std::size_t>{0, 1, 2}, std::vector<double>{50, 60, 101});
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
    EXPECT_NE(status.message().find("row 2"), std::string::npos) << status.message();
    EXPECT_NE(status.message().find("'x'"), std::string::npos) << status.message();
    EXPECT_NE(status.message().find("101"), std::string::npos) << status.message();
    ExpectUnchanged(before, session);

    // The other value checks of SetNumber.
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    const std::vector<std::size_t> two = {0, 1};
    EXPECT_EQ(session.SetNumbers(kX, two, std::vector<double>{1, -1}).code(),
              StatusCode::kInvalidArgument);  // below the minimum
    EXPECT_EQ(session.SetNumbers(kX, two, std::vector<double>{1, nan}).code(),
              StatusCode::kInvalidArgument);
    EXPECT_EQ(session.SetNumbers(kShare, two, std::vector<double>{1, inf}).code(),
              StatusCode::kInvalidArgument);
    EXPECT_EQ(session.SetNumbers(kFlag, two, std::vector<double>{1, 0.5}).code(),
              StatusCode::kInvalidArgument);
    EXPECT_EQ(session.SetNumbers(kN, two, std::vector<double>{2, 2.5}).code(),
              StatusCode::kInvalidArgument);
    EXPECT_EQ(session.SetNumbers(kN, two, std::vector<double>{2, 0}).code(),
              StatusCode::kInvalidArgument);  // below the minimum 1
    EXPECT_EQ(session.SetNumbers(kPlace, two, std::vector<double>{1, -1}).code(),
              StatusCode::kInvalidArgument);
    ExpectUnchanged(before, session);

    // Each message is SetNumber's, after the row.
    for (const auto& [input, value] : std::vector<std::pair<std::size_t, double>>{
             {kX, -1}, {kX, nan}, {kFlag, 2}, {kN, 1.5}, {kPlace, -3}}) {
      const Status one = session.SetNumber(1, input, value);
      const Status many = session.SetNumbers(input, two, std::vector<double>{1, value});
      EXPECT_EQ(many.code(), one.code());
      EXPECT_EQ(many.message(), "row 1: " + one.message());
    }
    ExpectUnchanged(before, session);

    // Bad rows: past the end, removed.
    status = session.SetNumbers(kX, std::vector<std::size_t>{0, 99}, std::vector<double>{7, 7});
    EXPECT_EQ(status.code(), StatusCode::kOutOfRange);
    EXPECT_NE(status.message().find("row 99"), std::string::npos) << status.message();
    EXPECT_NE(status.message().find("'x'"), std::string::npos) << status.message();
    status = session.SetNumbers(kX, std::vector<std::size_t>{0, 5}, std::vector<double>{7, 7});
    EXPECT_EQ(status.code(), StatusCode::kOutOfRange);
    EXPECT_NE(status.message().find("row 5"), std::string::npos) << status.message();

    // Wrong type, bad input index, spans of different sizes.
    EXPECT_EQ(session.SetNumbers(kLevel, two, std::vector<double>{0, 1}).code(),
              StatusCode::kInvalidArgument);
    EXPECT_EQ(session.SetNumbers(kNote, two, std::vector<double>{0, 1}).code(),
              StatusCode::kInvalidArgument);
    EXPECT_EQ(session.SetNumbers(99, two, std::vector<double>{0, 1}).code(),
              StatusCode::kOutOfRange);
    EXPECT_EQ(session.SetNumbers(kX, two, std::vector<double>{1, 2, 3}).code(),
              StatusCode::kInvalidArgument);
    EXPECT_EQ(
        session.SetNumbers(kX, std::vector<std::size_t>{0, 1, 2}, std::vector<double>{1}).code(),
        StatusCode::kInvalidArgument);
    ExpectUnchanged(before, session);

    // Empty spans: nothing to do.
    EXPECT_TRUE(session.SetNumbers(kX, std::span<const std::size_t>(), {}).ok());
    ExpectUnchanged(before, session);
    if (evaluated) {
      const Status verified = session.VerifyAgainstFullEvaluation();
      EXPECT_TRUE(verified.ok()) << verified.message();
    }
  }
}

TEST(ColumnarTest, ConsortiumByColumnsEqualsByCells) {
  const Standard standard =
      Compile(ReadFileOrDie(SourceDir() / "examples/consortium/standard.rubric"));
  Session cells(standard);
  Session columns(standard);
  AddRows(cells, 40, 3);
  AddRows(columns, 40, 3);
  std::mt19937_64 random(5);
  const std::size_t rows = cells.row_count();
  for (std::size_t input = 0; input < standard.inputs().size(); ++input) {
    const InputInfo& info = standard.inputs()[input];
    if (!IsNumber(info)) {
      for (std::size_t row = 0; row < rows && info.type == InputType::kEnum; ++row) {
        const std::size_t option = random() % info.options.size();
        ASSERT_TRUE(cells.SetOption(row, input, option).ok());
        ASSERT_TRUE(columns.SetOption(row, input, option).ok());
      }
      continue;
    }
    std::vector<double> values(rows);
    for (std::size_t row = 0; row < rows; ++row) {
      double value = RandomValue(info, random);
      if (info.min) value = std::max(value, *info.min);
      if (info.max) value = std::min(value, *info.max);
      values[row] = value;
      ASSERT_TRUE(cells.SetNumber(row, input, value).ok());
    }
    ASSERT_TRUE(columns.SetNumbers(input, values).ok());
  }
  ExpectSameSessions(cells, columns);
}

TEST(SessionMemoryTest, AtLeastTheRawValuesAndLinearInRows) {
  const Standard standard =
      Compile(ReadFileOrDie(SourceDir() / "examples/consortium/standard.rubric"));
  const auto filled = [&](int entities) {
    Session session(standard);
    AddRows(session, entities, 4);
    for (std::size_t input = 0; input < standard.inputs().size(); ++input) {
      if (!IsNumber(standard.inputs()[input])) continue;
      std::vector<double> values(session.row_count(), 0.0);
      if (standard.inputs()[input].min) values.assign(values.size(), *standard.inputs()[input].min);
      EXPECT_TRUE(session.SetNumbers(input, values).ok());
    }
    session.Evaluate();
    return session;
  };
  const Session empty(standard);
  EXPECT_EQ(empty.raw_value_bytes(), 0u);
  EXPECT_GT(empty.memory_bytes(), 0u);

  const Session small = filled(500);   // 2,000 rows
  const Session large = filled(5000);  // 20,000 rows
  // One 8-byte value per slot and row; at least a slot per input and per node.
  EXPECT_EQ(small.raw_value_bytes() % (small.row_count() * 8), 0u);
  EXPECT_GE(small.raw_value_bytes() / (small.row_count() * 8),
            standard.inputs().size() + standard.nodes().size());
  EXPECT_EQ(large.raw_value_bytes(), 10 * small.raw_value_bytes());
  EXPECT_GE(small.memory_bytes(), small.raw_value_bytes());
  EXPECT_GE(large.memory_bytes(), large.raw_value_bytes());
  // Per row, the large session holds about what the small one does (growth is linear;
  // containers' spare room differs by at most a factor 2).
  const double small_per_row = static_cast<double>(small.memory_bytes()) / 2000.0;
  const double large_per_row = static_cast<double>(large.memory_bytes()) / 20000.0;
  EXPECT_GT(large_per_row, 0.5 * small_per_row);
  EXPECT_LT(large_per_row, 2.0 * small_per_row);
  // And a sane ratio to the raw values: containers at most double their contents, and the
  // rest (flags, names, links) is small next to hundreds of slots.
  EXPECT_LT(
      static_cast<double>(large.memory_bytes()) / static_cast<double>(large.raw_value_bytes()),
      3.0);
}

}  // namespace
}  // namespace rubric
