// The `rubric` command end to end: exit codes, formats, data errors and atomic output.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "gtest/gtest.h"
#include "test_support.h"

namespace rubric {
namespace {

using testing::CliPath;
using testing::Quote;
using testing::RunCommand;
using testing::SourceDir;

class TempDir {
 public:
  TempDir() {
    static int counter = 0;
    path_ = std::filesystem::temp_directory_path() /
            ("rubric-cli-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::filesystem::path Write(const std::string& name, const std::string& text) const {
    std::ofstream(path_ / name, std::ios::binary) << text;
    return path_ / name;
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// The temporary files (`NAME.rubric-tmp.XXXXXX`) left in `folder`.
int TemporaryFiles(const std::filesystem::path& folder) {
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    if (entry.path().filename().string().find(".rubric-tmp") != std::string::npos) ++count;
  }
  return count;
}

TEST(CliTest, CheckAcceptsTheBundledStandards) {
  const auto result = RunCommand(testing::Cli() + " check " + testing::ConsortiumStandardArg() +
                                 " " + Quote(SourceDir() / "examples/hdi/hdi.rubric"));
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("ok: standard 'consortium', 128 inputs, 63 nodes, 6 vetoes"),
            std::string::npos)
      << result.err;
}

TEST(CliTest, CheckReportsErrorsWithExitCodeOne) {
  TempDir dir;
  const auto file =
      dir.Write("bad.rubric", "standard s {\n  indicator a points 1 {\n    score nope\n  }\n}\n");
  const auto result = RunCommand(testing::Cli() + " check " + Quote(file));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("bad.rubric:3:11: error: unknown name 'nope' [E0101]"),
            std::string::npos)
      << result.err;
}

TEST(CliTest, UsageAndIoErrorsExitWithTwo) {
  EXPECT_EQ(RunCommand(testing::Cli()).exit_code, 2);
  EXPECT_EQ(RunCommand(testing::Cli() + " frobnicate").exit_code, 2);
  EXPECT_EQ(RunCommand(testing::Cli() + " check").exit_code, 2);
  const auto unreadable = RunCommand(testing::Cli() + " check /nonexistent/standard.rubric");
  EXPECT_EQ(unreadable.exit_code, 2);
  EXPECT_EQ(unreadable.err,
            "/nonexistent/standard.rubric: error: cannot read the file: No such file or "
            "directory [E0009]\n");
  EXPECT_EQ(RunCommand(testing::Cli() + " score " + testing::ConsortiumStandardArg()).exit_code, 2);
  EXPECT_EQ(RunCommand(testing::Cli() + " score " + testing::ConsortiumStandardArg() +
                       " /nonexistent.csv")
                .exit_code,
            2);
  EXPECT_EQ(RunCommand(testing::Cli() + " score " + testing::ConsortiumStandardArg() + " " +
                       testing::CitiesArg() + " --format xml")
                .exit_code,
            2);
  EXPECT_EQ(RunCommand(testing::Cli() + " score " + testing::ConsortiumStandardArg() + " " +
                       testing::CitiesArg() + " --bogus")
                .exit_code,
            2);
  EXPECT_EQ(RunCommand(testing::Cli() + " --version").exit_code, 0);
}

// Bases are read from the standard's folder tree unless --allow-any-base is given, and a
// file that is not a standard is never quoted (`from "/etc/shadow"` printed its first line).
TEST(CliTest, BasesOutsideTheStandardsFolderNeedAllowAnyBase) {
  TempDir dir;
  dir.Write("national.rubric",
            "standard national {\n  indicator a points 1 {\n    input x : bool\n    score x\n"
            "  }\n}\n");
  dir.Write("secret.txt", "root:$6$secret-first-line:19000:0:99999:7:::\n");
  std::filesystem::create_directory(dir.path() / "tree");
  const std::string variant = Quote(
      dir.Write("tree/v.rubric", "standard v extends national from \"../national.rubric\" { }\n"));
  const auto refused = RunCommand(testing::Cli() + " check " + variant);
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("error: refused to read '../national.rubric': a base must be inside "
                             "the folder of the standard being compiled [E0109]"),
            std::string::npos)
      << refused.err;
  for (const std::string& command :
       {" check --allow-any-base " + variant, " --allow-any-base check " + variant,
        " lint --allow-any-base " + variant, " graph --allow-any-base " + variant,
        " diff --allow-any-base " + variant + " " + variant}) {
    const auto allowed = RunCommand(testing::Cli() + command);
    EXPECT_NE(allowed.exit_code, 2) << command << "\n" << allowed.err;
    EXPECT_EQ(allowed.err.find("E0109"), std::string::npos) << command << "\n" << allowed.err;
  }
  const std::string secret =
      Quote(dir.Write("tree/s.rubric", "standard v extends national from \"../secret.txt\" { }\n"));
  const auto quoted = RunCommand(testing::Cli() + " check --allow-any-base " + secret);
  EXPECT_EQ(quoted.exit_code, 1);
  EXPECT_NE(quoted.err.find("is not a rubric standard [E0109]"), std::string::npos) << quoted.err;
  EXPECT_EQ(quoted.err.find("secret-first-line"), std::string::npos) << quoted.err;
}

TEST(CliTest, DefaultTableRanksEachPeriod) {
  const auto result = RunCommand(testing::Cli() + " score " + testing::ConsortiumStandardArg() +
                                 " " + testing::CitiesArg());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("市域产教联合体建设标准（试行） (consortium), period 2023"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("period 2025"), std::string::npos);
  EXPECT_NE(result.out.find("    1  C"), std::string::npos) << result.out;
  // Run statistics go to stderr, never into the results.
  EXPECT_EQ(result.out.find("records"), std::string::npos);
  EXPECT_NE(result.err.find("90 rows, 30 entities, 3 periods"), std::string::npos) << result.err;
}

TEST(CliTest, VetoedRowsFollowTheRankedOnesWithoutARank) {
  const auto data = Quote(SourceDir() / "tests/golden/oracle/s5.csv");
  const auto result =
      RunCommand(testing::Cli() + " score " + testing::ConsortiumStandardArg() + " " + data);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::istringstream lines(result.out);
  std::string line;
  int vetoed = 0;
  bool in_vetoed_part = false;
  while (std::getline(lines, line)) {
    if (line.empty() || line.find("period") != std::string::npos) {
      in_vetoed_part = false;
      continue;
    }
    const bool is_vetoed = line.find("vetoed: T16_") != std::string::npos;
    if (is_vetoed) {
      ++vetoed;
      in_vetoed_part = true;
      EXPECT_EQ(line.substr(0, 5), "    -") << line;
      EXPECT_NE(line.find("不合格"), std::string::npos) << line;
    } else if (in_vetoed_part && line.find("rank") == std::string::npos) {
      ADD_FAILURE() << "a ranked row after a vetoed one: " << line;
    }
  }
  EXPECT_GT(vetoed, 0);
}

TEST(CliTest, CsvAndJsonFormats) {
  const auto csv = RunCommand(testing::Cli() + " score " + testing::ConsortiumStandardArg() + " " +
                              testing::CitiesArg() + " --format csv");
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(csv.out.rfind("entity,period,node,points\nC0001,2023,G1,", 0), 0u);
  // 90 rows x (63 nodes + total, rank, grade, vetoed, veto_ids) + header
  EXPECT_EQ(std::count(csv.out.begin(), csv.out.end(), '\n'), 90 * 68 + 1);

  const auto json = RunCommand(testing::Cli() + " score " + testing::ConsortiumStandardArg() + " " +
                               testing::CitiesArg() + " --format json");
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const auto doc = nlohmann::json::parse(json.out);
  EXPECT_EQ(doc["standard"]["id"], "consortium");
  ASSERT_EQ(doc["rows"].size(), 90u);
  EXPECT_EQ(doc["rows"][0]["entity"], "C0001");
  EXPECT_EQ(doc["rows"][0]["nodes"].size(), 63u);
}

TEST(CliTest, OutWritesTheFileAndNothingToStdout) {
  TempDir dir;
  const auto out = dir.path() / "results.csv";
  const auto result = RunCommand(testing::Cli() + " score " + testing::ConsortiumStandardArg() +
                                 " " + testing::CitiesArg() + " --format csv --out " + Quote(out));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(result.out.empty());
  const std::string written = testing::ReadFileOrDie(out);
  EXPECT_EQ(written.rfind("entity,period,node,points\n", 0), 0u);
  EXPECT_EQ(TemporaryFiles(dir.path()), 0);
}

TEST(CliTest, BadDataFailsBeforeAnyOutput) {
  TempDir dir;
  const auto data = dir.Write("bad.csv",
                              "entity,period,input,value\n"
                              "C1,2023,p1_1_1,true\n"
                              "C1,2023,p1_1_9,true\n"
                              "C1,2023,p2_1_1,市级\n"
                              "C1,2023,p2_1_2a,lots\n"
                              "C1,2023,p1_1_1,false\n"
                              "C1,20x3,p1_1_2,true\n");
  const auto out = dir.path() / "results.csv";
  const auto result = RunCommand(testing::Cli() + " score " + testing::ConsortiumStandardArg() +
                                 " " + Quote(data) + " --format csv --out " + Quote(out));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(result.out.empty());
  EXPECT_FALSE(std::filesystem::exists(out));
  const std::string name = data.string();
  EXPECT_NE(result.err.find(name + ":3: error: unknown input 'p1_1_9' [D0101]"), std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find(name + ":4: error: input 'p2_1_1': '市级' is not one of its options"),
            std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find(name + ":5: error: input 'p2_1_2a' is number: 'lots' is not a number"),
            std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find(name + ":6: error: duplicate value for input 'p1_1_1'"),
            std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find(name + ":7: error: period '20x3' is not an integer"), std::string::npos)
      << result.err;
}

TEST(CliTest, WideUnknownColumnsAreListedOnceAndCanBeIgnored) {
  const auto hdi = Quote(SourceDir() / "examples/hdi/hdi.rubric");
  const auto data = Quote(SourceDir() / "examples/hdi/hdi.csv");
  const std::string base = testing::Cli() + " score " + hdi + " " + data +
                           " --entity-column iso3 --period-column year --format csv";
  const auto warned = RunCommand(base);
  ASSERT_EQ(warned.exit_code, 0) << warned.err;
  EXPECT_NE(warned.err.find("ignoring columns the standard does not know: country, hdi_published"),
            std::string::npos)
      << warned.err;
  // PRK and MCO are not scorable: empty values, reason on stderr.
  EXPECT_NE(warned.out.find("PRK,2022,total,\n"), std::string::npos);
  EXPECT_NE(warned.out.find("MCO,2022,health,\n"), std::string::npos);
  EXPECT_NE(warned.err.find("entity 'PRK', period 2022 is not scorable: missing input"),
            std::string::npos)
      << warned.err;

  const auto quiet = RunCommand(base + " --ignore country,hdi_published");
  ASSERT_EQ(quiet.exit_code, 0);
  EXPECT_EQ(quiet.err.find("ignoring columns"), std::string::npos) << quiet.err;
  EXPECT_EQ(quiet.out, warned.out);
}

// --strict turns warnings into errors: the data's (unknown columns), the standard's and
// rows that cannot be scored. Nothing is written then.
TEST(CliTest, StrictMakesWarningsErrors) {
  const auto hdi = Quote(SourceDir() / "examples/hdi/hdi.rubric");
  const auto data = Quote(SourceDir() / "examples/hdi/hdi.csv");
  const std::string base = testing::Cli() + " score " + hdi + " " + data +
                           " --entity-column iso3 --period-column year --format csv";
  const auto strict = RunCommand(base + " --strict");
  EXPECT_EQ(strict.exit_code, 1);
  EXPECT_TRUE(strict.out.empty());
  EXPECT_NE(strict.err.find("warnings are errors with --strict"), std::string::npos) << strict.err;
  // Without the unknown columns, the unscorable rows (PRK, MCO) still fail it.
  const auto ignored = RunCommand(base + " --ignore country,hdi_published --strict");
  EXPECT_EQ(ignored.exit_code, 1);
  EXPECT_NE(ignored.err.find("rows not scorable"), std::string::npos) << ignored.err;

  TempDir dir;
  const auto no_otherwise =
      dir.Write("w.rubric",
                "standard s {\n  input a : bool\n  indicator i points 1 { score a }\n"
                "  grades { A >= 1 }\n}\n");
  EXPECT_EQ(RunCommand(testing::Cli() + " check " + Quote(no_otherwise)).exit_code, 0);
  EXPECT_EQ(RunCommand(testing::Cli() + " check --strict " + Quote(no_otherwise)).exit_code, 1);
}

// A total that is not a finite number is never passed off as a score: NaN and infinity are
// both reported per row, naming the first node that holds them; --strict fails the run.
TEST(CliTest, NonFiniteTotalsAreWarnedAbout) {
  TempDir dir;
  const auto standard = dir.Write("s.rubric",
                                  "standard s {\n  input x : number\n"
                                  "  indicator big { value exp(x) }\n"
                                  "  indicator odd { value sqrt(x - 5) }\n}\n");
  const auto data = dir.Write("d.csv",
                              "entity,period,input,value\nA,2024,x,1000\nB,2024,x,1\n"
                              "C,2024,x,5\n");
  const std::string base = testing::Cli() + " score " + Quote(standard) + " " + Quote(data);
  const auto warned = RunCommand(base + " --format json");
  EXPECT_EQ(warned.exit_code, 0) << warned.err;
  EXPECT_NE(warned.err.find("d.csv: warning: entity 'A', period 2024: the total is infinite "
                            "(first in node 'big')"),
            std::string::npos)
      << warned.err;
  EXPECT_NE(warned.err.find("d.csv: warning: entity 'B', period 2024: the total is not a number "
                            "(first in node 'odd')"),
            std::string::npos)
      << warned.err;
  EXPECT_EQ(warned.err.find("entity 'C'"), std::string::npos) << warned.err;
  const auto strict = RunCommand(base + " --strict");
  EXPECT_EQ(strict.exit_code, 1);
  EXPECT_TRUE(strict.out.empty());
  EXPECT_NE(strict.err.find("the total is infinite"), std::string::npos) << strict.err;
}

// Output files are written to a temporary file and renamed: a kill in the middle leaves the
// old file as it was (or, if the program was faster than the kill, the complete new one).
TEST(CliTest, KilledMidWriteLeavesTheOldFileOrTheCompleteNewOne) {
  TempDir dir;
  const auto out = dir.Write("data.csv", "old\n");
  const std::string generate = testing::Cli() + " generate " + testing::ConsortiumStandardArg() +
                               " --entities 20000 --missing 0 --out " + Quote(out);
  const auto script =
      dir.Write("kill.sh", generate + " &\np=$!\nsleep 0.3\nkill -9 $p\nwait $p\nexit 0\n");
  const auto killed = RunCommand("sh " + Quote(script));
  ASSERT_EQ(killed.exit_code, 0) << killed.err;
  std::ifstream in(out, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (text.str() != "old\n") {
    const auto complete = dir.path() / "complete.csv";
    ASSERT_EQ(RunCommand(generate.substr(0, generate.rfind("--out")) + "--out " + Quote(complete))
                  .exit_code,
              0);
    EXPECT_EQ(std::filesystem::file_size(out), std::filesystem::file_size(complete));
  }
}

// rubric fmt --check: 0 when every file is canonical, 1 (naming the file and its first
// differing line) when one is not or does not parse, 2 on usage and I/O errors. It never
// writes.
TEST(CliTest, FmtCheckExitCodes) {
  TempDir dir;
  const std::string canonical =
      "standard s {\n  input a : bool\n  indicator i points 1 {\n"
      "    score a\n  }\n}\n";
  const std::string messy = "standard s {\ninput a:bool\nindicator i points 1 { score a }\n}";
  const auto good = dir.Write("good.rubric", canonical);
  const auto bad = dir.Write("bad.rubric", messy);
  const auto broken = dir.Write("broken.rubric", "standard s {\n  input : bool\n}\n");
  const std::string fmt = testing::Cli() + " fmt --check ";

  const auto ok = RunCommand(fmt + Quote(good));
  EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
  EXPECT_TRUE(ok.out.empty()) << ok.out;

  const auto changed = RunCommand(fmt + Quote(good) + " " + Quote(bad));
  EXPECT_EQ(changed.exit_code, 1);
  EXPECT_NE(changed.out.find(bad.string() + ": would be reformatted"), std::string::npos)
      << changed.out;
  EXPECT_NE(changed.out.find("line 2"), std::string::npos) << changed.out;
  EXPECT_NE(changed.out.find("- input a:bool"), std::string::npos) << changed.out;
  EXPECT_NE(changed.out.find("+   input a : bool"), std::string::npos) << changed.out;
  EXPECT_EQ(changed.out.find("good.rubric"), std::string::npos) << changed.out;
  EXPECT_EQ(testing::ReadFileOrDie(bad), messy);  // --check changes nothing

  const auto syntax = RunCommand(fmt + Quote(broken));
  EXPECT_EQ(syntax.exit_code, 1);
  EXPECT_NE(syntax.err.find("broken.rubric:2:9: error: expected a name"), std::string::npos)
      << syntax.err;

  EXPECT_EQ(RunCommand(fmt + Quote(dir.path() / "absent.rubric")).exit_code, 2);
  EXPECT_EQ(RunCommand(testing::Cli() + " fmt").exit_code, 2);
  EXPECT_EQ(RunCommand(testing::Cli() + " fmt --frobnicate " + Quote(good)).exit_code, 2);
}

// rubric fmt FILE rewrites the file in place when it changes and says so; a canonical file is
// left alone. `rubric fmt -` formats standard input to standard output.
TEST(CliTest, FmtRewritesInPlaceAndFormatsStandardInput) {
  TempDir dir;
  const auto copy = dir.path() / "standard.rubric";
  std::filesystem::copy_file(SourceDir() / "tests/golden/format/comments.rubric", copy);
  const auto mode = std::filesystem::perms::owner_read | std::filesystem::perms::owner_write |
                    std::filesystem::perms::group_read;
  std::filesystem::permissions(copy, mode);
  const std::string expected =
      testing::ReadFileOrDie(SourceDir() / "tests/golden/format/comments.expected");

  const auto first = RunCommand(testing::Cli() + " fmt " + Quote(copy));
  EXPECT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.err.find("formatted " + copy.string()), std::string::npos) << first.err;
  EXPECT_EQ(testing::ReadFileOrDie(copy), expected);
  EXPECT_EQ(TemporaryFiles(dir.path()), 0);
  EXPECT_EQ(std::filesystem::status(copy).permissions(), mode);  // kept

  const auto second = RunCommand(testing::Cli() + " fmt " + Quote(copy));
  EXPECT_EQ(second.exit_code, 0) << second.err;
  EXPECT_TRUE(second.err.empty()) << second.err;
  EXPECT_EQ(RunCommand(testing::Cli() + " fmt --check " + Quote(copy)).exit_code, 0);

  const auto piped = RunCommand("(" + testing::Cli() + " fmt - < " +
                                Quote(SourceDir() / "tests/golden/format/comments.rubric") + ")");
  EXPECT_EQ(piped.exit_code, 0) << piped.err;
  EXPECT_EQ(piped.out, expected);
}

}  // namespace
}  // namespace rubric
