// `rubric score --stream` writes what `rubric score` writes for the whole file, byte for
// byte, and says the same on standard error: for standards that read earlier periods (prev,
// impute previous N), cohorts of a period, missing values, in long and wide layouts, with
// rows as generated (grouped by entity), sorted by period or in random order, for every
// output shape; data errors are the same; what cannot stream exactly is refused.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "test_support.h"

namespace rubric {
namespace {

using testing::Quote;
using testing::RunCommand;

class StreamCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("rubric-stream-cli-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Path(const std::string& name) const { return Quote(dir_ / name); }

  void WriteFile(const std::string& name, const std::string& text) const {
    std::ofstream(dir_ / name, std::ios::binary) << text;
  }

  // `rubric generate` into NAME, with ARGS.
  void Generate(const std::string& standard, const std::string& name, const std::string& args) {
    const auto run =
        RunCommand(testing::Cli() + " generate " + standard + " " + args + " --out " + Path(name));
    ASSERT_EQ(run.exit_code, 0) << run.err;
  }

  // NAME's records in another order: by period (stable), or shuffled.
  void Reorder(const std::string& from, const std::string& to, bool by_period) {
    std::istringstream in(testing::ReadFileOrDie(dir_ / from));
    std::string header, line;
    std::getline(in, header);
    std::vector<std::string> lines;
    while (std::getline(in, line)) lines.push_back(line);
    if (by_period) {
      auto period = [](const std::string& l) { return l.substr(l.find(',') + 1, 4); };
      std::stable_sort(lines.begin(), lines.end(), [&](const std::string& a, const std::string& b) {
        return period(a) < period(b);
      });
    } else {
      std::mt19937 random(7);
      std::shuffle(lines.begin(), lines.end(), random);
    }
    std::string text = header + "\n";
    for (const std::string& l : lines) text += l + "\n";
    WriteFile(to, text);
  }

  // Scores DATA with and without --stream: the same exit status, output and messages.
  void ExpectSame(const std::string& standard, const std::string& data,
                  const std::string& options) {
    const std::string command = testing::Cli() + " score " + standard + " " + data + options;
    const auto whole = RunCommand(command);
    const auto streamed = RunCommand(command + " --stream");
    EXPECT_EQ(streamed.exit_code, whole.exit_code) << data << options << "\n" << streamed.err;
    EXPECT_EQ(streamed.out, whole.out) << data << options;
    EXPECT_EQ(streamed.err, whole.err) << data << options;
    ++compared_;
  }

  std::filesystem::path dir_;
  int compared_ = 0;
};

std::string Panel() { return Quote(testing::SourceDir() / "tests/golden/stream/panel.rubric"); }

TEST_F(StreamCliTest, SameOutputAndMessagesForEveryShapeAndRowOrder) {
  const std::string generate = "--entities 25 --periods 6 --missing 0.2 --seed 5";
  Generate(Panel(), "long.csv", generate);
  Generate(Panel(), "wide.csv", generate + " --wide");
  for (const std::string layout : {"long", "wide"}) {
    Reorder(layout + ".csv", layout + "-by-period.csv", true);
    Reorder(layout + ".csv", layout + "-shuffled.csv", false);
    for (const std::string order : {"", "-by-period", "-shuffled"}) {
      const std::string data = Path(layout + order + ".csv");
      for (const std::string options :
           {"", " --period 2022", " --format csv", " --format csv --stamp --period 2021..2023",
            " --format csv --wide", " --format csv --wide --labels --stamp", " --format json",
            " --format json --period 2023..2026", " --decimals 1 --strict"}) {
        ExpectSame(Panel(), data, options);
      }
    }
  }
  // The messages are there to compare: imputed values, rows without a total.
  const auto run = RunCommand(testing::Cli() + " score " + Panel() + " " + Path("wide.csv") +
                              " --stream --format csv");
  EXPECT_NE(run.err.find("values imputed in"), std::string::npos) << run.err;
  EXPECT_EQ(compared_, 54);
}

TEST_F(StreamCliTest, TheConsortiumExample) {
  for (const std::string options : {"", " --format csv --wide", " --format json --period 2024"}) {
    ExpectSame(testing::ConsortiumStandardArg(), testing::CitiesArg(), options);
  }
}

TEST_F(StreamCliTest, DataErrorsAreThoseOfTheWholeFile) {
  // A value that is no number (line 3), a period that is not one (4), a short record (5),
  // a row given twice (6, of line 2), an unknown column (the header), and more errors than
  // are reported.
  std::string text =
      "entity,period,region,spend,staff,breach,note,extra\n"
      "A,2021,north,10,3,false,t,x\n"
      "B,2021,south,many,3,false,t,x\n"
      "C,20x1,south,1,3,false,t,x\n"
      "D,2021\n"
      "A,2021,north,11,3,false,t,x\n";
  WriteFile("errors.csv", text);
  ExpectSame(Panel(), Path("errors.csv"), " --format csv");
  for (int i = 0; i < 60; ++i) text += "E" + std::to_string(i) + ",2022,east,1,2,false,t,x\n";
  WriteFile("many.csv", text);
  ExpectSame(Panel(), Path("many.csv"), "");
  WriteFile("quote.csv", "entity,period,spend\nA,2021,1\nB,2022,\"2\nC,2021,3\n");
  ExpectSame(Panel(), Path("quote.csv"), "");
  WriteFile("utf8.csv", "entity,period,spend\nA,2021,1\nB,2022,\xff\n");
  ExpectSame(Panel(), Path("utf8.csv"), "");
  WriteFile("empty.csv", "");
  ExpectSame(Panel(), Path("empty.csv"), "");
  WriteFile("no-period.csv", "entity,year,spend\nA,2021,1\n");
  ExpectSame(Panel(), Path("no-period.csv"), "");
  WriteFile("header.csv", "entity,period,spend\n");
  ExpectSame(Panel(), Path("header.csv"), " --format json");
  ExpectSame(Panel(), Path("header.csv"), " --period 2020");
}

TEST_F(StreamCliTest, RefusesWhatCannotStreamExactly) {
  // Grouped by entity: a run of records per row.
  WriteFile("data.csv", "entity,period,spend\nA,2021,1\nA,2022,2\nB,2021,3\nB,2022,4\n");
  WriteFile("across.rubric", R"(standard across {
  input spend : number
  indicator level points 10 { score cohort_percentile(spend across periods) }
})");
  WriteFile("running.rubric", R"(standard running {
  input spend : number
  let so_far = prev(so_far) + spend
  indicator level points 10 { score ratio(so_far, 10) }
})");
  auto run = [&](const std::string& arguments) {
    return RunCommand(testing::Cli() + " score " + arguments + " --stream");
  };
  auto across = run(Path("across.rubric") + " " + Path("data.csv"));
  EXPECT_EQ(across.exit_code, 1);
  EXPECT_EQ(across.out, "");
  EXPECT_NE(across.err.find("cannot be scored period by period: a cohort function in node "
                            "'level' ranges across periods, so each row needs every period's "
                            "rows at once\n  hint: score without --stream"),
            std::string::npos)
      << across.err;
  auto running = run(Path("running.rubric") + " " + Path("data.csv"));
  EXPECT_EQ(running.exit_code, 1);
  EXPECT_NE(running.err.find("let 'so_far' reads its own prev()"), std::string::npos)
      << running.err;
  // Periods interleaved past the index's budget (lowered here): sort the file by period.
  auto interleaved = RunCommand("RUBRIC_STREAM_MAX_RUNS=3 " + testing::Cli() + " score " + Panel() +
                                " " + Path("data.csv") + " --stream");
  EXPECT_EQ(interleaved.exit_code, 1);
  EXPECT_EQ(interleaved.out, "");
  EXPECT_NE(interleaved.err.find("the periods' records are interleaved: more than 3 runs of "
                                 "consecutive records of one period (at line 5)\n  hint: "),
            std::string::npos)
      << interleaved.err;
  EXPECT_NE(interleaved.err.find("sort it by period"), std::string::npos);
  // Outputs written whole, and the decision log.
  auto xlsx = run(Panel() + " " + Path("data.csv") + " --format xlsx --out " + Path("o.xlsx"));
  EXPECT_EQ(xlsx.exit_code, 2);
  EXPECT_NE(xlsx.err.find("--stream writes csv, json or table"), std::string::npos);
  auto log = run(Panel() + " " + Path("data.csv") + " --log " + Path("log.jsonl"));
  EXPECT_EQ(log.exit_code, 2);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "log.jsonl"));
}

}  // namespace
}  // namespace rubric
