// The expected values of examples/consortium/standard.tests are the reference model's: the
// independent oracle (oracle.py, beside the repository) scores cities.csv, and every
// `expect total`, `expect points`, `expect grade` and `expect veto` of the file must agree with
// it. Skipped (visibly) where the reference material is not next to the repository.
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <tuple>

#include "gtest/gtest.h"
#include "rubric/standard_test.h"
#include "test_support.h"

namespace rubric {
namespace {

using testing::Quote;
using testing::ReadFileOrDie;
using testing::SourceDir;

// (entity, period, node) -> the oracle's text: points, grade, vetoed, veto_ids.
using OracleResults = std::map<std::tuple<std::string, std::string, std::string>, std::string>;

OracleResults ReadOracle(const std::string& csv) {
  OracleResults results;
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line);  // entity,period,node,points
  while (std::getline(in, line)) {
    std::string fields[4];
    std::istringstream cells(line);
    for (std::string& field : fields) std::getline(cells, field, ',');
    results[{fields[0], fields[1], fields[2]}] = fields[3];
  }
  return results;
}

TEST(StandardTestOracle, ConsortiumTestsAgreeWithTheReferenceModel) {
  const auto reference = testing::SharedDir() / "reference";
  if (!std::filesystem::exists(reference / "oracle.py")) {
    GTEST_SKIP() << "reference evaluator not found at " << reference.string();
  }
  if (std::system("python3 --version >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "python3 is not available";
  }
  const auto out = std::filesystem::temp_directory_path() /
                   ("rubric-tests-oracle-" + std::to_string(::getpid()) + ".csv");
  const std::string oracle = "python3 " + Quote(reference / "oracle.py") + " " +
                             Quote(SourceDir() / "tests/data/reference/consortium-standard.json") +
                             " " + Quote(SourceDir() / "examples/consortium/cities.csv") +
                             " --out " + Quote(out);
  ASSERT_EQ(testing::RunCommand(oracle).exit_code, 0) << oracle;
  const OracleResults results = ReadOracle(ReadFileOrDie(out));
  std::filesystem::remove(out);

  const std::string path = "examples/consortium/standard.tests";
  const TestFile file = ParseTestFile(ReadFileOrDie(SourceDir() / path), path);
  ASSERT_TRUE(file.ok()) << RenderAll(file.diagnostics);
  ASSERT_GE(file.cases.size(), 5u);
  int compared = 0;
  for (const TestCase& test : file.cases) {
    SCOPED_TRACE(test.name);
    ASSERT_EQ(test.data, "cities.csv");
    ASSERT_TRUE(test.given.empty());  // the oracle scores the file as it is
    const std::string period = std::to_string(*test.period);
    auto oracle_value = [&](const std::string& node) {
      const auto found = results.find({test.entity, period, node});
      EXPECT_NE(found, results.end()) << test.entity << " " << period << " " << node;
      return found == results.end() ? std::string() : found->second;
    };
    for (const TestExpectation& e : test.expectations) {
      switch (e.kind) {
        case TestExpectation::Kind::kTotal:
        case TestExpectation::Kind::kPoints: {
          const std::string node = e.kind == TestExpectation::Kind::kTotal ? "total" : e.name;
          EXPECT_NEAR(std::stod(oracle_value(node)), e.value, e.tolerance) << e.text;
          break;
        }
        case TestExpectation::Kind::kGrade:
          EXPECT_EQ(oracle_value("grade"), e.name) << e.text;
          break;
        case TestExpectation::Kind::kVeto:
          EXPECT_NE(oracle_value("veto_ids").find(e.name), std::string::npos) << e.text;
          break;
        case TestExpectation::Kind::kNoVetoes:
          EXPECT_EQ(oracle_value("vetoed"), "false") << e.text;
          break;
        case TestExpectation::Kind::kMissing:
          ADD_FAILURE() << "the reference model has no missing results: " << e.text;
          break;
      }
      ++compared;
    }
  }
  EXPECT_GE(compared, 30);
}

}  // namespace
}  // namespace rubric
