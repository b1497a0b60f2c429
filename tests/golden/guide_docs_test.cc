// The author's guides (docs/guide.zh.md, docs/guide.md) show only what is true. Two marks,
// each on the line before a fenced block:
//
//   <!-- file: examples/guide/03_rules.rubric -->   the block is that file, byte for byte;
//   <!-- run -->                                    the block is `$ rubric ARGS` and then
//                                                   what that command prints (stderr, then
//                                                   stdout) when run from the repository root.
//
// Command output is compared line by line without trailing spaces, which editors strip.
#include <algorithm>
#include <filesystem>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "test_support.h"

namespace rubric {
namespace {

namespace fs = std::filesystem;
using testing::Quote;
using testing::SourceDir;

constexpr const char* kGuides[] = {"docs/guide.zh.md", "docs/guide.md"};
constexpr std::string_view kFileMark = "<!-- file: ";
constexpr std::string_view kRunMark = "<!-- run -->";
constexpr std::string_view kPrompt = "$ rubric ";

struct MarkedBlock {
  std::string file;  // the path of a file mark; empty for a run mark
  std::string text;  // the block's content, each line ending in '\n'
  int line = 0;      // of the mark, 1-based
};

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// The marked blocks of `doc`, in order. A mark not followed by a complete fenced block is a
// failure of the test.
std::vector<MarkedBlock> MarkedBlocks(const std::string& doc_path) {
  const std::vector<std::string> lines = Lines(testing::ReadFileOrDie(SourceDir() / doc_path));
  std::vector<MarkedBlock> blocks;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    MarkedBlock block;
    block.line = static_cast<int>(i) + 1;
    if (StartsWith(lines[i], kFileMark)) {
      const std::size_t end = lines[i].find(" -->");
      if (end == std::string::npos) {
        ADD_FAILURE() << doc_path << ":" << block.line << ": unterminated file mark";
        continue;
      }
      block.file = lines[i].substr(kFileMark.size(), end - kFileMark.size());
    } else if (lines[i] != kRunMark) {
      continue;
    }
    if (i + 1 >= lines.size() || !StartsWith(lines[i + 1], "```")) {
      ADD_FAILURE() << doc_path << ":" << block.line << ": a mark must precede a fenced block";
      continue;
    }
    std::size_t j = i + 2;
    for (; j < lines.size() && lines[j] != "```"; ++j) block.text += lines[j] + "\n";
    if (j == lines.size()) {
      ADD_FAILURE() << doc_path << ":" << block.line << ": the fenced block does not end";
      continue;
    }
    blocks.push_back(std::move(block));
    i = j;
  }
  return blocks;
}

std::string WithoutTrailingSpaces(const std::string& text) {
  std::string out;
  for (std::string line : Lines(text)) {
    line.erase(line.find_last_not_of(" \t") + 1);
    out += line + "\n";
  }
  return out;
}

TEST(GuideDocs, QuotedFilesAreTheExampleFiles) {
  for (const char* guide : kGuides) {
    int files = 0;
    for (const MarkedBlock& block : MarkedBlocks(guide)) {
      if (block.file.empty()) continue;
      ++files;
      const fs::path path = SourceDir() / block.file;
      ASSERT_TRUE(fs::exists(path)) << guide << ":" << block.line << ": no file " << block.file;
      EXPECT_EQ(block.text, testing::ReadFileOrDie(path)) << guide << ":" << block.line;
    }
    EXPECT_GE(files, 20) << guide;
  }
}

TEST(GuideDocs, QuotedOutputsAreWhatRubricPrints) {
  for (const char* guide : kGuides) {
    int runs = 0;
    for (const MarkedBlock& block : MarkedBlocks(guide)) {
      if (!block.file.empty()) continue;
      ++runs;
      const std::size_t first_end = block.text.find('\n');
      const std::string command = block.text.substr(0, first_end);
      ASSERT_TRUE(StartsWith(command, kPrompt)) << guide << ":" << block.line;
      const testing::CommandResult result =
          testing::RunCommand("cd " + Quote(SourceDir()) + " && " + testing::Cli() + " " +
                              command.substr(kPrompt.size()));
      EXPECT_EQ(WithoutTrailingSpaces(block.text.substr(first_end + 1)),
                WithoutTrailingSpaces(result.err + result.out))
          << guide << ":" << block.line << ": " << command;
    }
    EXPECT_GE(runs, 10) << guide;
  }
}

// The two guides are one guide in two languages: the same files and commands, in order.
TEST(GuideDocs, BothLanguagesQuoteTheSameFilesAndCommands) {
  std::vector<std::vector<std::string>> quoted;
  for (const char* guide : kGuides) {
    quoted.emplace_back();
    for (const MarkedBlock& block : MarkedBlocks(guide)) {
      quoted.back().push_back(block.file.empty() ? block.text.substr(0, block.text.find('\n'))
                                                 : block.file);
    }
  }
  EXPECT_EQ(quoted[0], quoted[1]);
}

// Every example of the guide is shown in it: nothing in examples/guide is left unexplained.
TEST(GuideDocs, EveryGuideExampleIsQuoted) {
  for (const char* guide : kGuides) {
    std::set<std::string> quoted;
    for (const MarkedBlock& block : MarkedBlocks(guide)) quoted.insert(block.file);
    for (const auto& entry : fs::recursive_directory_iterator(SourceDir() / "examples/guide")) {
      if (!entry.is_regular_file()) continue;
      const std::string path = fs::relative(entry.path(), SourceDir()).generic_string();
      EXPECT_TRUE(quoted.count(path)) << guide << " does not quote " << path;
    }
  }
}

}  // namespace
}  // namespace rubric
