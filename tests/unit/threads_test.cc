// A compiled Standard is immutable and shared: sessions on several threads, one each, give
// the same results as one thread. Run under ThreadSanitizer in CI (the `tsan` preset).
#include <cstring>
#include <thread>
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

// Loads the data, evaluates, applies a few edits incrementally, and returns every total.
std::vector<double> Work(const Standard& standard, const std::string& data, int seed) {
  Session session(standard);
  EXPECT_TRUE(LoadCsv(session, data, "s2.csv").ok());
  session.Evaluate();
  const std::size_t input = *standard.FindInput("p8_2_2");
  for (std::size_t row = static_cast<std::size_t>(seed); row < session.row_count(); row += 7) {
    EXPECT_TRUE(session.SetNumber(row, input, static_cast<double>(row % 50)).ok());
  }
  std::vector<double> totals;
  for (std::size_t row = 0; row < session.row_count(); ++row) totals.push_back(session.total(row));
  EXPECT_TRUE(session.Explain(0).ok());
  return totals;
}

TEST(ThreadsTest, SessionsOnManyThreadsShareOneStandard) {
  CompileResult compiled = Standard::Compile(
      ReadFileOrDie(SourceDir() / "examples/consortium/standard.rubric"), "standard.rubric");
  ASSERT_TRUE(compiled.ok());
  const Standard standard = *compiled.standard;
  const std::string data = ReadFileOrDie(SourceDir() / "tests/golden/oracle/s2.csv");

  constexpr int kThreads = 4;
  std::vector<std::vector<double>> expected;
  for (int t = 0; t < kThreads; ++t) expected.push_back(Work(standard, data, t));

  std::vector<std::vector<double>> results(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    // Each thread copies the Standard handle: copies share the compiled data.
    threads.emplace_back([&, t, copy = standard] { results[t] = Work(copy, data, t); });
  }
  for (std::thread& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(results[t], expected[t]) << "thread " << t;
}

// Parallel batch evaluation gives the same bits as one thread, for any thread count.
TEST(ThreadsTest, ParallelEvaluationIsIdenticalForAnyThreadCount) {
  CompileResult compiled = Standard::Compile(
      ReadFileOrDie(SourceDir() / "examples/consortium/standard.rubric"), "standard.rubric");
  ASSERT_TRUE(compiled.ok());
  const std::string data = ReadFileOrDie(SourceDir() / "tests/golden/oracle/s5.csv");
  std::vector<double> expected;
  for (unsigned threads : {1u, 2u, 3u, 8u}) {
    Session session(*compiled.standard);
    ASSERT_TRUE(LoadCsv(session, data, "s5.csv").ok());
    session.Evaluate(threads);
    std::vector<double> totals;
    for (std::size_t row = 0; row < session.row_count(); ++row) {
      totals.push_back(session.total(row));
      for (std::size_t node = 0; node < compiled.standard->nodes().size(); ++node) {
        totals.push_back(session.node_value(row, node));
      }
    }
    if (threads == 1) {
      expected = totals;
    } else {
      ASSERT_EQ(totals.size(), expected.size());
      EXPECT_EQ(std::memcmp(totals.data(), expected.data(), totals.size() * sizeof(double)), 0)
          << threads << " threads";
    }
    EXPECT_TRUE(session.VerifyAgainstFullEvaluation().ok()) << threads << " threads";
  }
}

TEST(ThreadsTest, CompilingConcurrentlyGivesIdenticalStandards) {
  const std::string source = ReadFileOrDie(SourceDir() / "examples/consortium/standard.rubric");
  std::vector<std::size_t> nodes(4);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      CompileResult result = Standard::Compile(source, "standard.rubric");
      nodes[t] = result.ok() ? result.standard->nodes().size() : 0;
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (std::size_t n : nodes) EXPECT_EQ(n, 63u);
}

}  // namespace
}  // namespace rubric
