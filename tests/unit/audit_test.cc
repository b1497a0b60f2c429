// Decision logs (rubric/audit.h): what a record holds, how runs are appended, read back and
// replayed, and what a replay reports when the standard or the log changed.
#include "rubric/audit.h"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "rubric/missing.h"
#include "rubric/session.h"
#include "rubric/standard.h"
#include "test_support.h"

namespace rubric {
namespace {

constexpr const char* kStandard = R"(standard s "评价" {
  version "2024"
  grades {
    好 >= 6
    差 otherwise
    差 when vetoed
  }
  input 等级 : enum { 无, 省级, 国家级 }
  input 经费 : number [万元] >= 0
  input 备注 : text
  input 补 : number missing impute cohort_mean
  indicator a "甲" points 4 { score lookup(等级) { 无: 0, 省级: 0.5, 国家级: 1 } }
  indicator b "乙" points 6 { score ratio(经费, 500) }
  output let 估计 "估计" = 补
  veto v "否决" when 经费 > 9000
}
)";

Standard Compile(const std::string& source) {
  CompileResult result = Standard::Compile(source);
  EXPECT_TRUE(result.ok()) << RenderAll(result.diagnostics);
  return std::move(*result.standard);
}

Session Scored(const Standard& standard) {
  Session session(standard);
  const std::size_t level = *standard.FindInput("等级");
  const std::size_t money = *standard.FindInput("经费");
  const std::size_t note = *standard.FindInput("备注");
  const std::size_t fill = *standard.FindInput("补");
  const std::size_t x = *session.AddRow("甲市", 2024);
  EXPECT_TRUE(session.SetOption(x, level, 2).ok());
  EXPECT_TRUE(session.SetNumber(x, money, 1.0 / 3.0).ok());  // every digit must survive
  EXPECT_TRUE(session.SetText(x, note, "含\"引号\"").ok());
  EXPECT_TRUE(session.SetNumber(x, fill, 7).ok());
  const std::size_t y = *session.AddRow("乙市", 2024);
  EXPECT_TRUE(session.SetNumber(y, money, 9500).ok());
  EXPECT_TRUE(session.SetNumber(y, fill, 9).ok());
  const std::size_t z = *session.AddRow("丙市", 2024);  // 补 is imputed: mean of 7 and 9
  EXPECT_TRUE(session.SetNumber(z, money, 250).ok());
  session.Evaluate();
  return session;
}

class AuditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("rubric-audit-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    log_ = (dir_ / "decisions.jsonl").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path dir_;
  std::string log_;
};

TEST_F(AuditTest, ARecordHoldsTheStandardTheInputsAsGivenAndTheResults) {
  const Standard standard = Compile(kStandard);
  const Session session = Scored(standard);
  const std::string records = DecisionRecords(session, "run1");
  std::istringstream lines(records);
  std::string line;
  std::vector<nlohmann::json> parsed;
  while (std::getline(lines, line)) parsed.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(parsed.size(), 3u);
  const nlohmann::json& x = parsed[0];
  EXPECT_EQ(x["run"], "run1");
  EXPECT_EQ(x["row"], 0);
  EXPECT_EQ(x["rows"], 3);
  EXPECT_EQ(x["standard"]["id"], "s");
  EXPECT_EQ(x["standard"]["version"], "2024");
  EXPECT_EQ(x["standard"]["hash"], standard.content_hash());
  EXPECT_EQ(x["entity"], "甲市");
  EXPECT_EQ(x["period"], 2024);
  EXPECT_EQ(x["inputs"]["等级"], "国家级");
  EXPECT_EQ(x["inputs"]["经费"].get<double>(), 1.0 / 3.0);
  EXPECT_EQ(x["inputs"]["备注"], "含\"引号\"");
  EXPECT_TRUE(x["missing"].empty());
  EXPECT_EQ(x["scorable"], true);
  EXPECT_EQ(x["total"].get<double>(), session.total(0));
  EXPECT_EQ(x["grade"], "差");
  EXPECT_EQ(x["nodes"]["a"].get<double>(), 4);

  const nlohmann::json& y = parsed[1];
  EXPECT_EQ(y["vetoes"], nlohmann::json::array({"v"}));
  EXPECT_TRUE(y["inputs"]["等级"].is_null());
  EXPECT_EQ(y["missing"]["等级"], "read as 0 (missing default)");

  const nlohmann::json& z = parsed[2];
  ASSERT_TRUE(z["missing"].contains("补"));
  EXPECT_EQ(z["missing"]["补"].get<std::string>().rfind("imputed 8: ", 0), 0u) << z["missing"];
  EXPECT_EQ(z["outputs"]["估计"].get<double>(), 8);
  // Nothing but the fields documented.
  std::vector<std::string> keys;
  for (const auto& [key, value] : x.items()) keys.push_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"entity", "grade", "inputs", "missing", "nodes",
                                            "outputs", "period", "row", "rows", "run", "scorable",
                                            "standard", "total", "vetoes"}));
}

TEST_F(AuditTest, RunsAppendAndReplayWithoutADifference) {
  const Standard standard = Compile(kStandard);
  const Session session = Scored(standard);
  ASSERT_TRUE(AppendDecisionLog(log_, DecisionRecords(session, NewDecisionRunId())).ok());
  ASSERT_TRUE(AppendDecisionLog(log_, DecisionRecords(session, NewDecisionRunId())).ok());
  StatusOr<DecisionLog> log = ReadDecisionLog(log_);
  ASSERT_TRUE(log.ok()) << log.status().message();
  ASSERT_EQ(log->runs.size(), 2u);
  EXPECT_NE(log->runs[0].id, log->runs[1].id);
  EXPECT_TRUE(log->problems.empty());
  const ReplayResult result = Replay(*log, standard);
  EXPECT_EQ(result.runs, 2u);
  EXPECT_EQ(result.rows, 6u);
  EXPECT_TRUE(result.differences.empty()) << result.differences.front().what;
  EXPECT_EQ(result.recorded_hashes, std::vector<std::string>{standard.content_hash()});
}

TEST_F(AuditTest, AChangedStandardShowsEveryResultThatMoved) {
  const Standard standard = Compile(kStandard);
  ASSERT_TRUE(AppendDecisionLog(log_, DecisionRecords(Scored(standard), "r")).ok());
  std::string changed = kStandard;
  changed.replace(changed.find("ratio(经费, 500)"), 18, "ratio(经费, 250)");
  const Standard other = Compile(changed);
  const ReplayResult result = Replay(*ReadDecisionLog(log_), other);
  EXPECT_EQ(result.replayed_hash, other.content_hash());
  std::vector<std::string> moved;
  for (const ReplayDifference& d : result.differences) moved.push_back(d.entity + " " + d.what);
  // 甲市: b goes from 6 * (1/3)/500 to 6 * (1/3)/250; 丙市: from 3 to 6 points and 好.
  EXPECT_EQ(moved, (std::vector<std::string>{"甲市 total", "甲市 node b", "丙市 total",
                                             "丙市 grade", "丙市 node b"}));
}

TEST_F(AuditTest, ATornTailIsReportedAndTheNextRunStaysReadable) {
  const Standard standard = Compile(kStandard);
  const std::string records = DecisionRecords(Scored(standard), "first");
  {
    std::ofstream out(log_, std::ios::binary);
    out << records.substr(0, records.size() - 40);  // the last record cut short
  }
  ASSERT_TRUE(AppendDecisionLog(log_, DecisionRecords(Scored(standard), "second")).ok());
  StatusOr<DecisionLog> log = ReadDecisionLog(log_);
  ASSERT_TRUE(log.ok());
  ASSERT_EQ(log->runs.size(), 2u);
  EXPECT_FALSE(log->runs[0].complete);
  EXPECT_EQ(log->runs[0].records.size(), 2u);
  EXPECT_TRUE(log->runs[1].complete);
  ASSERT_EQ(log->problems.size(), 1u);
  EXPECT_NE(log->problems[0].find("line 3"), std::string::npos) << log->problems[0];
  const ReplayResult result = Replay(*log, standard);
  // The first run replays its two whole records (their results do not depend on the lost
  // third row); the second run replays whole.
  for (const ReplayDifference& d : result.differences) ADD_FAILURE() << d.entity << " " << d.what;
  EXPECT_EQ(result.rows, 5u);
}

TEST_F(AuditTest, AnEditedRecordIsNoticed) {
  const Standard standard = Compile(kStandard);
  std::string records = DecisionRecords(Scored(standard), "r");
  const std::string grade = "\"grade\":\"差\"";
  records.replace(records.find(grade), grade.size(), "\"grade\":\"好\"");
  ASSERT_TRUE(AppendDecisionLog(log_, records).ok());
  const ReplayResult result = Replay(*ReadDecisionLog(log_), standard);
  ASSERT_EQ(result.differences.size(), 1u);
  EXPECT_EQ(result.differences[0].what, "grade");
  EXPECT_EQ(result.differences[0].recorded, "好");
  EXPECT_EQ(result.differences[0].replayed, "差");
}

TEST_F(AuditTest, OnlyARegularFileTakesALog) {
  EXPECT_FALSE(AppendDecisionLog(dir_.string(), "{}\n").ok());
  std::filesystem::create_symlink(dir_ / "elsewhere", dir_ / "link.jsonl");
  EXPECT_FALSE(AppendDecisionLog((dir_ / "link.jsonl").string(), "{}\n").ok());
  EXPECT_FALSE(std::filesystem::exists(dir_ / "elsewhere"));
  EXPECT_FALSE(AppendDecisionLog("/dev/null", "{}\n").ok());
  EXPECT_FALSE(ReadDecisionLog((dir_ / "absent.jsonl").string()).ok());
}

}  // namespace
}  // namespace rubric
