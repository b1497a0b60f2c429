// The hand-written baseline of the benchmarks computes what rubric computes.
#include <cmath>

#include "baseline_consortium.h"
#include "baseline_data.h"
#include "gtest/gtest.h"
#include "rubric/data.h"
#include "rubric/session.h"
#include "rubric/standard.h"
#include "test_support.h"

namespace rubric {
namespace {

TEST(BaselineTest, HandWrittenConsortiumEqualsRubric) {
  CompileResult compiled = Standard::Compile(
      testing::ReadFileOrDie(testing::SourceDir() / "examples/consortium/standard.rubric"),
      "standard.rubric");
  ASSERT_TRUE(compiled.ok());
  ASSERT_EQ(compiled.standard->inputs().size(), std::size_t{rubric_baseline::kInputs});
  Session session(*compiled.standard);
  ASSERT_TRUE(LoadCsv(session,
                      testing::ReadFileOrDie(testing::SourceDir() / "tests/golden/oracle/s5.csv"),
                      "s5.csv")
                  .ok());
  const rubric_baseline::Results baseline =
      rubric_baseline::Evaluate(rubric_baseline::FromSession(session));
  int vetoed = 0;
  for (std::size_t row = 0; row < session.row_count(); ++row) {
    EXPECT_NEAR(baseline.totals[row], session.total(row), 1e-9) << row;
    for (std::size_t node = 0; node < rubric_baseline::kNodes; ++node) {
      EXPECT_NEAR(baseline.nodes[row * rubric_baseline::kNodes + node],
                  session.node_value(row, node), 1e-9);
    }
    EXPECT_EQ(baseline.vetoed[row] != 0, session.vetoed(row));
    vetoed += session.vetoed(row) ? 1 : 0;
  }
  EXPECT_GT(vetoed, 0);
}

}  // namespace
}  // namespace rubric
