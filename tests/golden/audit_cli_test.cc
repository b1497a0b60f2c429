// The audit trail from the command line: `rubric check` prints the content hash, `rubric
// score --stamp` and `--log` carry it, `rubric replay` re-scores a log (exit 0 when nothing
// differs, 1 when something does, 2 when it cannot).
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "gtest/gtest.h"
#include "rubric/standard.h"
#include "test_support.h"

namespace rubric {
namespace {

using testing::Cli;
using testing::Quote;
using testing::RunCommand;

class AuditCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("rubric-audit-cli-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    const auto example = testing::SourceDir() / "examples/consortium";
    std::filesystem::copy_file(example / "standard.rubric", dir_ / "standard.rubric");
    std::filesystem::copy_file(example / "cities.csv", dir_ / "cities.csv");
    hash_ = Standard::CompileFile((dir_ / "standard.rubric").string()).standard->content_hash();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  testing::CommandResult Run(const std::string& args) const {
    return RunCommand("cd " + Quote(dir_.string()) + " && " + Cli() + " " + args);
  }

  std::filesystem::path dir_;
  std::string hash_;
};

TEST_F(AuditCliTest, CheckPrintsTheContentHash) {
  const auto check = Run("check standard.rubric");
  EXPECT_EQ(check.exit_code, 0) << check.err;
  EXPECT_NE(check.out.find("content hash " + hash_ + "\n"), std::string::npos) << check.out;
  const auto canonical = Run("check --canonical standard.rubric");
  EXPECT_EQ(canonical.out.rfind("rubric canonical form 1\nstandard \"consortium\"", 0), 0u);
}

TEST_F(AuditCliTest, EveryOutputCarriesTheHash) {
  const auto csv = Run("score standard.rubric cities.csv --format csv --wide --stamp");
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  std::istringstream lines(csv.out);
  std::string header, first;
  std::getline(lines, header);
  std::getline(lines, first);
  EXPECT_TRUE(header.ends_with(",standard_hash")) << header;
  EXPECT_TRUE(first.ends_with("," + hash_)) << first;
  const auto json = Run("score standard.rubric cities.csv --format json");
  EXPECT_NE(json.out.find("\"hash\": \"" + hash_ + "\""), std::string::npos);
  EXPECT_EQ(Run("score standard.rubric cities.csv --stamp").exit_code, 2);  // table: no column
}

TEST_F(AuditCliTest, ALoggedRunReplaysCleanAndAChangedStandardDoesNot) {
  ASSERT_EQ(Run("score standard.rubric cities.csv --log decisions.jsonl > /dev/null").exit_code, 0);
  ASSERT_EQ(Run("score standard.rubric cities.csv --period 2025 --log decisions.jsonl "
                "> /dev/null")
                .exit_code,
            0);
  std::ifstream log(dir_ / "decisions.jsonl");
  std::size_t records = 0;
  for (std::string line; std::getline(log, line);) records += line.empty() ? 0 : 1;
  EXPECT_EQ(records, 90u + 90u);  // every row scored, --period or not

  // The recorded standard is found beside the log by its hash.
  const auto same = Run("replay decisions.jsonl");
  EXPECT_EQ(same.exit_code, 0) << same.out << same.err;
  EXPECT_NE(same.out.find("replayed 180 rows in 2 runs"), std::string::npos) << same.out;
  EXPECT_NE(same.out.find("no result differs"), std::string::npos) << same.out;

  // A stricter grade line moves grades, and only grades.
  std::ifstream in(dir_ / "standard.rubric");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string line = "优秀 >= 90";
  text.replace(text.find(line), line.size(), "优秀 >= 99");
  std::filesystem::create_directories(dir_ / "v2");
  std::ofstream(dir_ / "v2/standard.rubric") << text;
  const auto changed = Run("replay decisions.jsonl v2/standard.rubric");
  EXPECT_EQ(changed.exit_code, 1) << changed.out << changed.err;
  EXPECT_NE(changed.out.find("(another standard)"), std::string::npos);
  EXPECT_NE(changed.out.find(": grade 优秀 -> "), std::string::npos) << changed.out;
  EXPECT_EQ(changed.out.find(": total "), std::string::npos) << changed.out;

  EXPECT_EQ(Run("replay absent.jsonl").exit_code, 2);
  EXPECT_EQ(Run("replay decisions.jsonl --format yaml").exit_code, 2);
}

TEST_F(AuditCliTest, TheLogIsNeverAnInputOrTheOutput) {
  EXPECT_EQ(Run("score standard.rubric cities.csv --log cities.csv").exit_code, 2);
  EXPECT_EQ(Run("score standard.rubric cities.csv --log r.json --out r.json").exit_code, 2);
  EXPECT_EQ(Run("score standard.rubric cities.csv --log .").exit_code, 1);
  // Nothing was appended to the data.
  EXPECT_EQ(std::filesystem::file_size(dir_ / "cities.csv"),
            std::filesystem::file_size(testing::SourceDir() / "examples/consortium/cities.csv"));
}

}  // namespace
}  // namespace rubric
