// Standard::content_hash(): the SHA-256 of the canonical form, which formatting, comments,
// units and variants do not change and any change of meaning does.
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "rubric/standard.h"
#include "test_support.h"
#include "util/sha256.h"

namespace rubric {
namespace {

constexpr const char* kStandard = R"(standard national "全国" {
  version "1"
  total 10
  grades {
    好 >= 8
    差 otherwise
  }
  let 目标 = 500
  group g "一" points 10 {
    indicator a "甲" points 4 {
      input x : bool
      score x
    }
    indicator b "乙" points 6 {
      input y : number [万元]
      score ratio(y, 目标)
    }
  }
  veto v "否决" when not x and y > 10000
}
)";

// The same standard, laid out differently, with comments, a limit in another unit and
// the threshold written the long way round.
constexpr const char* kSameMeaning = R"(// 全国标准
standard national "全国" {
  version "1"    total 10
  grades { 好 >= 8   差 otherwise }
  let 目标 = 500   // 万元
  group g "一" points 10 {
    indicator a "甲" points 4 { input x : bool
      score x }
    // 经费
    indicator b "乙" points 6 {
      input y : number [万元]
      score clamp(y / 目标, 0, 1)
    }
  }
  veto v "否决" when not x and y > 1 [亿元]
}
)";

std::string HashOf(const std::string& source) {
  const CompileResult result = Standard::Compile(source);
  EXPECT_TRUE(result.ok()) << RenderAll(result.diagnostics);
  return result.ok() ? result.standard->content_hash() : std::string();
}

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

TEST(Sha256Test, MatchesTheFipsExamples) {
  // FIPS 180-4, appendix B (the one- and two-block messages) and the empty message.
  EXPECT_EQ(util::Sha256Hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(util::Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(util::Sha256Hex(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(ContentHashTest, IsTheSha256OfTheCanonicalForm) {
  const CompileResult result = Standard::Compile(kStandard);
  ASSERT_TRUE(result.ok()) << RenderAll(result.diagnostics);
  const std::string& hash = result.standard->content_hash();
  ASSERT_EQ(hash.size(), 7u + 64u);
  EXPECT_EQ(hash.substr(0, 7), "sha256:");
  EXPECT_EQ(hash.substr(7), util::Sha256Hex(result.standard->canonical_form()));
  EXPECT_EQ(hash.find_first_not_of("0123456789abcdef", 7), std::string::npos);
}

TEST(ContentHashTest, FormattingCommentsAndUnitsLeaveItUnchanged) {
  EXPECT_EQ(HashOf(kStandard), HashOf(kSameMeaning));
}

TEST(ContentHashTest, EveryChangeOfMeaningChangesIt) {
  const std::string base = HashOf(kStandard);
  const std::map<std::string, std::string> changes = {
      {"a number in a rule", Replace(kStandard, "let 目标 = 500", "let 目标 = 501")},
      {"a label", Replace(kStandard, "\"甲\"", "\"甲（修订）\"")},
      {"the version", Replace(kStandard, "version \"1\"", "version \"2\"")},
      {"a grade line", Replace(kStandard, "好 >= 8", "好 >= 8.5")},
      {"points", Replace(Replace(kStandard, "points 4", "points 5"), "points 6", "points 5")},
      {"a veto", Replace(kStandard, "y > 10000", "y >= 10000")},
      {"a unit", Replace(kStandard, "number [万元]", "number [亿元]")},
      {"a bound", Replace(kStandard, "number [万元]", "number [万元] >= 0")},
      {"a missing policy",
       Replace(kStandard, "input x : bool", "input x : bool missing unscorable")},
      {"the order of declarations",
       Replace(Replace(kStandard,
                       "indicator a \"甲\" points 4 {\n      input x : bool\n      "
                       "score x\n    }\n",
                       ""),
               "    }\n  }\n  veto",
               "    }\n    indicator a \"甲\" points 4 {\n      input x : bool\n      score x\n"
               "    }\n  }\n  veto")},
  };
  for (const auto& [what, source] : changes) {
    EXPECT_NE(HashOf(source), base) << what;
  }
}

// A standard that does not change keeps its hash from one rubric version to the next: an
// audit trail depends on it. A change of the canonical form must get a new header line.
TEST(ContentHashTest, TheBundledStandardKeepsItsHash) {
  const CompileResult result = Standard::CompileFile(
      (testing::SourceDir() / "examples/consortium/standard.rubric").string());
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result.standard->content_hash(),
            "sha256:44fe5396cc7d19fe5a2f6307ffd52c2a46d20e7ede04f135366b83c37c5a2f58");
}

// Compile leaves the hash to its first request, which may come from several threads at once
// on one shared standard (Standard copies share it, as do C ABI handles): all get the one
// hash, computed once (checked for races under ThreadSanitizer in CI).
TEST(ContentHashTest, TheFirstRequestsFromSeveralThreadsGetOneHash) {
  const CompileResult result = Standard::CompileFile(
      (testing::SourceDir() / "examples/consortium/standard.rubric").string());
  ASSERT_TRUE(result.ok());
  const Standard shared = *result.standard;
  std::vector<const std::string*> seen(4, nullptr);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < seen.size(); ++i) {
    threads.emplace_back([&shared, &seen, i] {
      const Standard copy = shared;
      seen[i] = &copy.content_hash();
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const std::string* hash : seen) {
    ASSERT_NE(hash, nullptr);
    EXPECT_EQ(hash, seen.front());  // one string, computed once
    EXPECT_EQ(*hash, "sha256:44fe5396cc7d19fe5a2f6307ffd52c2a46d20e7ede04f135366b83c37c5a2f58");
  }
}

TEST(ContentHashTest, AVariantHashesAsTheStandardItResolvesTo) {
  CompileOptions options;
  options.file_name = "province.rubric";
  options.load_base = [](std::string_view, std::string_view,
                         std::string_view) -> StatusOr<SourceFile> {
    return SourceFile{"base.rubric", kStandard};
  };
  const CompileResult variant = Standard::Compile(
      R"(standard province "省" extends national from "base.rubric" { change 目标 = 800 })",
      options);
  ASSERT_TRUE(variant.ok()) << RenderAll(variant.diagnostics);
  const std::string written_out = Replace(Replace(kStandard, "let 目标 = 500", "let 目标 = 800"),
                                          "national \"全国\"", "province \"省\"");
  EXPECT_EQ(variant.standard->content_hash(), HashOf(written_out));
  EXPECT_NE(variant.standard->content_hash(), HashOf(kStandard));
}

}  // namespace
}  // namespace rubric
