// What the `rubric` command writes and reads: output files are replaced only when they are
// regular files (links are followed, devices and pipes written in place), never through a
// predictable temporary name, never over an input; standard output is checked; input files
// are checked before they are read; every refusal says why.
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "test_support.h"

namespace rubric {
namespace {

using testing::Cli;
using testing::Quote;
using testing::ReadFileOrDie;
using testing::RunCommand;

class OutputCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("rubric-output-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    standard_ = Write("s.rubric",
                      "standard s {\n  input a : bool\n  indicator i points 1 {\n"
                      "    score a\n  }\n}\n");
    data_ = Write("d.csv", "entity,period,input,value\nX,2024,a,true\n");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path Write(const std::string& name, const std::string& text) const {
    std::ofstream(dir_ / name, std::ios::binary) << text;
    return dir_ / name;
  }
  std::string Score(const std::filesystem::path& out) const {
    return Cli() + " score " + Quote(standard_) + " " + Quote(data_) + " --format csv --out " +
           Quote(out);
  }
  // What `score` writes, as written to a new file.
  std::string Expected() const {
    const auto fresh = dir_ / "expected.out";
    const auto run = RunCommand(Score(fresh));
    EXPECT_EQ(run.exit_code, 0) << run.err;
    std::string text = ReadFileOrDie(fresh);
    std::filesystem::remove(fresh);
    return text;
  }
  int TemporaryFiles() const {
    int count = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir_)) {
      if (entry.path().filename().string().find(".rubric-tmp") != std::string::npos) ++count;
    }
    return count;
  }

  std::filesystem::path dir_;
  std::filesystem::path standard_;
  std::filesystem::path data_;
};

TEST_F(OutputCliTest, ALinkIsFollowedAndItsTargetReplaced) {
  const std::string expected = Expected();
  const auto target = Write("target.csv", "old\n");
  std::filesystem::create_symlink("target.csv", dir_ / "link.csv");
  const auto run = RunCommand(Score(dir_ / "link.csv"));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(std::filesystem::is_symlink(dir_ / "link.csv"));
  EXPECT_EQ(ReadFileOrDie(target), expected);
  // A link to a file not yet there creates it.
  std::filesystem::create_symlink("new.csv", dir_ / "dangling.csv");
  ASSERT_EQ(RunCommand(Score(dir_ / "dangling.csv")).exit_code, 0);
  EXPECT_TRUE(std::filesystem::is_symlink(dir_ / "dangling.csv"));
  EXPECT_EQ(ReadFileOrDie(dir_ / "new.csv"), expected);
  EXPECT_EQ(TemporaryFiles(), 0);
}

TEST_F(OutputCliTest, FmtFormatsTheFileALinkNames) {
  const auto real = Write("real.rubric", "standard s {\ninput a:bool\n}\n");
  std::filesystem::create_symlink("real.rubric", dir_ / "link.rubric");
  const auto run = RunCommand(Cli() + " fmt " + Quote(dir_ / "link.rubric"));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(std::filesystem::is_symlink(dir_ / "link.rubric"));
  EXPECT_EQ(ReadFileOrDie(real), "standard s {\n  input a : bool\n}\n");
}

TEST_F(OutputCliTest, APipeIsWrittenInPlace) {
  const std::string expected = Expected();
  const auto fifo = dir_ / "pipe";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const auto received = dir_ / "received.csv";
  const auto run = RunCommand("(timeout 20 cat " + Quote(fifo) + " > " + Quote(received) + " & " +
                              Score(fifo) + "; wait)");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  struct stat info {};
  ASSERT_EQ(::lstat(fifo.c_str(), &info), 0);
  EXPECT_TRUE(S_ISFIFO(info.st_mode));
  EXPECT_EQ(ReadFileOrDie(received), expected);
}

TEST_F(OutputCliTest, DevStdoutIsWrittenInPlace) {
  const std::string expected = Expected();
  const auto run = RunCommand(Score("/dev/stdout"));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, expected);
  const auto piped = RunCommand("(" + Score("/dev/stdout") + " | cat)");
  ASSERT_EQ(piped.exit_code, 0) << piped.err;
  EXPECT_EQ(piped.out, expected);
}

// A character device of our own (the null device's numbers, made in the test's folder:
// nothing of the system's is touched). Needs the right to make devices.
TEST_F(OutputCliTest, ACharacterDeviceIsWrittenInPlace) {
  const auto device = dir_ / "null";
  if (::mknod(device.c_str(), S_IFCHR | 0666, makedev(1, 3)) != 0) {
    GTEST_SKIP() << "cannot make a device here";
  }
  const auto run = RunCommand(Score(device));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  struct stat info {};
  ASSERT_EQ(::lstat(device.c_str(), &info), 0);
  EXPECT_TRUE(S_ISCHR(info.st_mode)) << "the device was replaced";
  EXPECT_EQ(TemporaryFiles(), 0);
}

TEST_F(OutputCliTest, AFolderIsNotAnOutput) {
  const auto run = RunCommand(Score(dir_));
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err.substr(run.err.find("rubric: ")),
            "rubric: cannot write " + dir_.string() + ": Is a directory\n");
  const auto missing = RunCommand(Score(dir_ / "absent" / "out.csv"));
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("cannot write " + (dir_ / "absent" / "out.csv").string() +
                             ": No such file or directory"),
            std::string::npos)
      << missing.err;
}

// The old temporary name, planted as a link to a file the runner can write, is not used.
TEST_F(OutputCliTest, APlantedTemporaryLinkIsNotFollowed) {
  const std::string expected = Expected();
  const auto victim = Write("victim.txt", "precious\n");
  const auto out = Write("out.csv", "old\n");
  std::filesystem::create_symlink(victim, dir_ / "out.csv.rubric-tmp");
  const auto run = RunCommand(Score(out));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(ReadFileOrDie(victim), "precious\n");
  EXPECT_EQ(ReadFileOrDie(out), expected);
}

// Two runs writing the same file: each writes its own temporary file, so the result is one
// of them complete, never a mix.
TEST_F(OutputCliTest, ConcurrentWritersLeaveOneCompleteFile) {
  const std::string generate =
      Cli() + " generate " + Quote(standard_) + " --entities 20000 --missing 0 --seed ";
  ASSERT_EQ(RunCommand(generate + "1 --out " + Quote(dir_ / "one.csv")).exit_code, 0);
  ASSERT_EQ(RunCommand(generate + "2 --out " + Quote(dir_ / "two.csv")).exit_code, 0);
  const std::string one = ReadFileOrDie(dir_ / "one.csv");
  const std::string two = ReadFileOrDie(dir_ / "two.csv");
  ASSERT_NE(one, two);
  const auto out = Quote(dir_ / "both.csv");
  for (int round = 0; round < 3; ++round) {
    const auto run = RunCommand("(" + generate + "1 --out " + out + " & " + generate + "2 --out " +
                                out + " & wait)");
    ASSERT_EQ(run.exit_code, 0) << run.err;
    const std::string both = ReadFileOrDie(dir_ / "both.csv");
    EXPECT_TRUE(both == one || both == two) << "a torn file of " << both.size() << " bytes";
  }
  EXPECT_EQ(TemporaryFiles(), 0);
}

// A termination mid-write leaves the old file and removes the temporary file.
TEST_F(OutputCliTest, TerminatedMidWriteLeavesNoTemporaryFile) {
  const auto out = Write("big.csv", "old\n");
  const auto script = Write("term.sh", Cli() + " generate " + Quote(standard_) +
                                           " --entities 3000000 --out " + Quote(out) +
                                           " &\n"
                                           "p=$!\n"
                                           "while kill -0 $p 2>/dev/null && ! ls " +
                                           Quote(dir_) +
                                           " | grep -q rubric-tmp; do sleep 0.01; done\n"
                                           "kill -TERM $p\nwait $p\nexit 0\n");
  ASSERT_EQ(RunCommand("sh " + Quote(script)).exit_code, 0);
  EXPECT_EQ(ReadFileOrDie(out), "old\n");
  EXPECT_EQ(TemporaryFiles(), 0);
}

TEST_F(OutputCliTest, AnOutputThatIsAnInputIsRefusedBeforeReading) {
  const std::string data = ReadFileOrDie(data_);
  const auto run = RunCommand(Score(data_));
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "rubric: --out " + data_.string() + " is the input " + data_.string() +
                         ": writing it would destroy the input; choose another output file\n");
  EXPECT_EQ(ReadFileOrDie(data_), data);
  // Compared by device and inode: another name of the same file is the same file.
  std::filesystem::create_hard_link(standard_, dir_ / "alias.rubric");
  const auto graph =
      RunCommand(Cli() + " graph " + Quote(standard_) + " --out " + Quote(dir_ / "alias.rubric"));
  EXPECT_EQ(graph.exit_code, 2);
  EXPECT_NE(graph.err.find("is the input"), std::string::npos) << graph.err;
  const auto generate = RunCommand(Cli() + " generate " + Quote(standard_) + " --out " +
                                   Quote(dir_ / "alias.rubric"));
  EXPECT_EQ(generate.exit_code, 2);
  EXPECT_NE(ReadFileOrDie(standard_).find("standard s"), std::string::npos);
}

// Every command that writes to standard output says when it cannot (exit 2).
TEST_F(OutputCliTest, StandardOutputWriteErrorsAreErrors) {
  if (!std::filesystem::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  const std::string s = Quote(standard_);
  const std::string d = Quote(data_);
  const std::string other = Quote(Write("other.rubric", "standard o {\n  input b : bool\n}\n"));
  const std::vector<std::string> commands = {
      "fmt - < " + s,
      "--version",
      "--help",
      "explain " + s + " " + d + " --entity X --period 2024",
      "diff " + s + " " + other,
      "lint " + s,
      "score " + s + " " + d,
      "generate " + s,
      "graph " + s,
  };
  for (const std::string& command : commands) {
    const auto run = RunCommand("(" + Cli() + " " + command + " > /dev/full)");
    EXPECT_EQ(run.exit_code, 2) << command;
    EXPECT_NE(run.err.find("rubric: cannot write standard output: No space left on device\n"),
              std::string::npos)
        << command << ": " << run.err;
  }
}

// Data and edits files are checked as standards are: a pipe, a device or a folder is an
// error at once, with its reason; so is a missing file.
TEST_F(OutputCliTest, DataAndEditsFilesMustBeRegularFiles) {
  const auto fifo = dir_ / "pipe.csv";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const std::string score = "timeout 20 " + Cli() + " score " + Quote(standard_) + " ";
  const auto pipe = RunCommand(score + Quote(fifo));
  EXPECT_EQ(pipe.exit_code, 2);
  EXPECT_NE(pipe.err.find("rubric: cannot read " + fifo.string() + ": a pipe, not a regular file"),
            std::string::npos)
      << pipe.err;
  const auto zero = RunCommand(score + "/dev/zero");
  EXPECT_EQ(zero.exit_code, 2);
  EXPECT_NE(zero.err.find("rubric: cannot read /dev/zero: a character device, not a regular file"),
            std::string::npos)
      << zero.err;
  const auto folder = RunCommand(score + Quote(dir_));
  EXPECT_EQ(folder.exit_code, 2);
  EXPECT_NE(folder.err.find("rubric: cannot read " + dir_.string() + ": Is a directory"),
            std::string::npos)
      << folder.err;
  const auto missing = RunCommand(score + Quote(dir_ / "absent.csv"));
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("rubric: cannot read " + (dir_ / "absent.csv").string() +
                             ": No such file or directory"),
            std::string::npos)
      << missing.err;

  const auto edits = RunCommand("timeout 20 " + Cli() + " whatif " + Quote(standard_) + " " +
                                Quote(data_) + " " + Quote(fifo));
  EXPECT_EQ(edits.exit_code, 2);
  EXPECT_NE(edits.err.find("a pipe, not a regular file"), std::string::npos) << edits.err;
  const auto diff_data = RunCommand("timeout 20 " + Cli() + " diff " + Quote(standard_) + " " +
                                    Quote(standard_) + " --data " + Quote(dir_));
  EXPECT_EQ(diff_data.exit_code, 2);
  EXPECT_NE(diff_data.err.find("Is a directory"), std::string::npos) << diff_data.err;
}

// `rubric fmt -` says why it cannot read standard input, rather than formatting nothing.
TEST_F(OutputCliTest, UnreadableStandardInputSaysWhy) {
  const auto run = RunCommand("(" + Cli() + " fmt - < " + Quote(dir_) + ")");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "rubric: cannot read standard input: Is a directory\n");
  EXPECT_TRUE(run.out.empty()) << run.out;
}

// A standard over the source limit is E0005 for `check` and `fmt` alike (a sparse file).
TEST_F(OutputCliTest, AStandardOverTheLimitIsE0005) {
  const auto huge = dir_ / "huge.rubric";
  std::ofstream(huge).close();
  std::filesystem::resize_file(huge, std::uintmax_t{270} << 20);
  const std::string expected = huge.string() +
                               ": error: the file is larger than 256 MiB (283115520 bytes) "
                               "[E0005]\nhint: split the standard\n";
  const auto check = RunCommand(Cli() + " check " + Quote(huge));
  EXPECT_EQ(check.exit_code, 1);
  EXPECT_EQ(check.err, expected);
  const auto fmt = RunCommand(Cli() + " fmt " + Quote(huge));
  EXPECT_EQ(fmt.exit_code, 1);
  EXPECT_EQ(fmt.err, expected);
}

}  // namespace
}  // namespace rubric
