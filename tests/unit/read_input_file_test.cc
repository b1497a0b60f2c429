// ReadInputFile: every file rubric reads is a regular file within a size limit, checked
// before it is read, and a refusal says why.
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include "gtest/gtest.h"
#include "rubric/file.h"
#include "rubric/standard.h"

namespace rubric {
namespace {

class ReadInputFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("rubric-read-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& text) const {
    std::ofstream(dir_ / name, std::ios::binary) << text;
    return (dir_ / name).string();
  }
  // A sparse file of `bytes`: large on paper, nothing on disk.
  std::string Sparse(const std::string& name, std::uintmax_t bytes) const {
    std::ofstream(dir_ / name, std::ios::binary).close();
    std::filesystem::resize_file(dir_ / name, bytes);
    return (dir_ / name).string();
  }
  std::filesystem::path dir_;
};

TEST_F(ReadInputFileTest, ARegularFileIsReadWhole) {
  const std::string path = Write("a.csv", std::string(100000, 'x') + "end");
  StatusOr<std::string> text = ReadInputFile(path, kMaxDataFileBytes);
  ASSERT_TRUE(text.ok()) << text.status().message();
  EXPECT_EQ(text->size(), 100003u);
  EXPECT_EQ(text->substr(100000), "end");
  StatusOr<std::string> empty = ReadInputFile(Write("empty.csv", ""), 10);
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*empty, "");
}

TEST_F(ReadInputFileTest, AMissingFileSaysWhy) {
  const std::string path = (dir_ / "absent.csv").string();
  StatusOr<std::string> text = ReadInputFile(path, kMaxDataFileBytes);
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.status().code(), StatusCode::kIoError);
  EXPECT_EQ(text.status().message(), "cannot read " + path + ": No such file or directory");
}

TEST_F(ReadInputFileTest, FoldersDevicesAndPipesAreRefused) {
  StatusOr<std::string> folder = ReadInputFile(dir_.string(), kMaxDataFileBytes);
  ASSERT_FALSE(folder.ok());
  EXPECT_EQ(folder.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(folder.status().message(), "cannot read " + dir_.string() + ": Is a directory");

  StatusOr<std::string> zero = ReadInputFile("/dev/zero", kMaxDataFileBytes);
  ASSERT_FALSE(zero.ok());
  EXPECT_EQ(zero.status().message(),
            "cannot read /dev/zero: a character device, not a regular file");

  // A pipe without a writer: refused at once, not waited for.
  const std::string fifo = (dir_ / "pipe.csv").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const auto start = std::chrono::steady_clock::now();
  StatusOr<std::string> pipe = ReadInputFile(fifo, kMaxDataFileBytes);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  ASSERT_FALSE(pipe.ok());
  EXPECT_EQ(pipe.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(pipe.status().message(), "cannot read " + fifo + ": a pipe, not a regular file");
}

TEST_F(ReadInputFileTest, AFileOverTheLimitIsOutOfRange) {
  EXPECT_TRUE(ReadInputFile(Write("limit.csv", std::string(100, 'x')), 100).ok());
  const std::string over = Write("over.csv", std::string(101, 'x'));
  StatusOr<std::string> text = ReadInputFile(over, 100);
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.status().code(), StatusCode::kOutOfRange);
  EXPECT_EQ(text.status().message(),
            "cannot read " + over + ": the file is larger than 100 bytes (101 bytes)");

  const std::string huge = Sparse("huge.csv", kMaxDataFileBytes + 1);
  StatusOr<std::string> data = ReadInputFile(huge, kMaxDataFileBytes);
  ASSERT_FALSE(data.ok());
  EXPECT_EQ(data.status().message(),
            "cannot read " + huge + ": the file is larger than 4 GiB (4294967297 bytes)");
}

// A standard's file over the source limit is the documented E0005, not "cannot read".
TEST_F(ReadInputFileTest, AStandardOverTheSourceLimitIsE0005) {
  const std::string huge = Sparse("huge.rubric", std::uintmax_t{270} << 20);
  const CompileResult result = Standard::CompileFile(huge);
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].code, "E0005");
  EXPECT_EQ(result.diagnostics[0].message, "the file is larger than 256 MiB (283115520 bytes)");
  EXPECT_EQ(result.diagnostics[0].hint, "split the standard");
  EXPECT_EQ(result.diagnostics[0].file, huge);

  const CompileResult missing = Standard::CompileFile((dir_ / "absent.rubric").string());
  ASSERT_EQ(missing.diagnostics.size(), 1u);
  EXPECT_EQ(missing.diagnostics[0].code, "E0009");
  EXPECT_EQ(missing.diagnostics[0].message, "cannot read the file: No such file or directory");
}

// A base is read by the same function: a base that is a folder says so.
TEST_F(ReadInputFileTest, BasesAreCheckedTheSameWay) {
  std::filesystem::create_directories(dir_ / "base.rubric");
  const std::string variant =
      Write("v.rubric", "standard v extends base from \"base.rubric\" { }\n");
  const CompileResult result = Standard::CompileFile(variant);
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].code, "E0109");
  EXPECT_NE(result.diagnostics[0].message.find("base.rubric: Is a directory"), std::string::npos)
      << result.diagnostics[0].message;
}

}  // namespace
}  // namespace rubric
