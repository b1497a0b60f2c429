// Regional variants: a variant applied to its base is checked and evaluated like a
// standard written out in full (docs/language.md, "Regional variants").
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "gtest/gtest.h"
#include "rubric/session.h"
#include "rubric/standard.h"
#include "test_support.h"

namespace rubric {
namespace {

constexpr const char* kBase = R"(standard national "全国" {
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

// Compiles `source` with bases from `files` (name -> text).
CompileResult CompileWith(const std::string& source, std::map<std::string, std::string> files) {
  CompileOptions options;
  options.file_name = "variant.rubric";
  options.load_base = [files](std::string_view, std::string_view from_path,
                              std::string_view) -> StatusOr<SourceFile> {
    auto it = files.find(std::string(from_path));
    if (it == files.end()) return Status(StatusCode::kNotFound, "no " + std::string(from_path));
    return SourceFile{it->first, it->second};
  };
  return Standard::Compile(source, options);
}

std::vector<std::string> Codes(const CompileResult& result) {
  std::vector<std::string> codes;
  for (const Diagnostic& d : result.diagnostics) codes.push_back(d.code);
  return codes;
}

TEST(VariantTest, ChangesPointsRulesGradesAndAddsIndicators) {
  const CompileResult result = CompileWith(R"(
standard province "省" extends national from "base.rubric" {
  version "2"
  grades {
    好 >= 9
    差 otherwise
  }
  change a "甲（省）" points 3
  change b points 5 { score ratio(y, 0.1 [亿元]) }
  change g { indicator c "丙" points 2 { input z : bool  score z } }
}
)",
                                           {{"base.rubric", kBase}});
  ASSERT_TRUE(result.ok()) << RenderAll(result.diagnostics);
  const Standard& s = *result.standard;
  EXPECT_EQ(s.id(), "province");
  EXPECT_EQ(s.title(), "省");
  EXPECT_EQ(s.version(), "2");
  EXPECT_EQ(s.grades()[0].min, 9);
  const std::size_t a = *s.FindNode("a");
  EXPECT_EQ(s.nodes()[a].label, "甲（省）");
  EXPECT_EQ(s.nodes()[a].points, 3);
  ASSERT_TRUE(s.FindNode("c").has_value());
  EXPECT_EQ(s.nodes()[*s.FindNode("c")].parent, static_cast<int>(*s.FindNode("g")));

  Session session(s);
  const std::size_t row = *session.AddRow("城市", 2024);
  ASSERT_TRUE(session.SetNumber(row, *s.FindInput("x"), 1).ok());
  ASSERT_TRUE(session.SetNumber(row, *s.FindInput("y"), 500).ok());  // half of 1000 万元
  ASSERT_TRUE(session.SetNumber(row, *s.FindInput("z"), 1).ok());
  EXPECT_DOUBLE_EQ(session.total(row), 3 + 2.5 + 2);
  ASSERT_NE(session.grade(row), nullptr);
  EXPECT_EQ(*session.grade(row), "差");
}

TEST(VariantTest, RemovingANodeRemovesItsInputsAndPointsMustStillAddUp) {
  const CompileResult unbalanced = CompileWith(
      R"(standard p extends national from "base.rubric" { remove b })", {{"base.rubric", kBase}});
  // b's input y is gone: g's points do not add up; the veto that reads y no longer resolves.
  EXPECT_EQ(Codes(unbalanced), (std::vector<std::string>{"E0401", "E0101"}));
  EXPECT_EQ(unbalanced.diagnostics[0].file, "base.rubric");

  const CompileResult balanced = CompileWith(R"(standard p extends national from "base.rubric" {
  remove b, v
  change a points 10
})",
                                             {{"base.rubric", kBase}});
  ASSERT_TRUE(balanced.ok()) << RenderAll(balanced.diagnostics);
  EXPECT_FALSE(balanced.standard->FindInput("y").has_value());
  EXPECT_TRUE(balanced.standard->vetoes().empty());
}

TEST(VariantTest, ALetGetsANewExpression) {
  const CompileResult result =
      CompileWith(R"(standard p extends national from "base.rubric" { change 目标 = 1000 })",
                  {{"base.rubric", kBase}});
  ASSERT_TRUE(result.ok()) << RenderAll(result.diagnostics);
  Session session(*result.standard);
  const std::size_t row = *session.AddRow("城市", 2024);
  ASSERT_TRUE(session.SetNumber(row, *result.standard->FindInput("y"), 500).ok());
  EXPECT_DOUBLE_EQ(session.node_value(row, *result.standard->FindNode("b")), 3);
}

TEST(VariantTest, AVariantOfAVariantAppliesBothInOrder) {
  const CompileResult result = CompileWith(
      R"(standard city extends province from "province.rubric" { change a points 2 change b points 8 })",
      {{"base.rubric", kBase},
       {"province.rubric",
        R"(standard province extends national from "base.rubric" { change a points 5 change b points 5 })"}});
  ASSERT_TRUE(result.ok()) << RenderAll(result.diagnostics);
  EXPECT_EQ(result.standard->nodes()[*result.standard->FindNode("a")].points, 2);
}

TEST(VariantTest, BadReferencesAreReportedWithTheirCodes) {
  const std::map<std::string, std::string> files = {{"base.rubric", kBase}};
  EXPECT_EQ(
      Codes(CompileWith(R"(standard p extends national from "base.rubric" { remove q })", files)),
      std::vector<std::string>{"E0107"});
  EXPECT_EQ(Codes(CompileWith(R"(standard p extends national from "base.rubric" { change g = 1 })",
                              files)),
            std::vector<std::string>{"E0108"});
  EXPECT_EQ(Codes(CompileWith(R"(standard p extends national from "nope.rubric" { })", files)),
            std::vector<std::string>{"E0109"});
  EXPECT_EQ(Codes(CompileWith(R"(standard p extends other from "base.rubric" { })", files)),
            std::vector<std::string>{"E0109"});
  // Without a loader, a variant cannot be compiled.
  EXPECT_EQ(Codes(Standard::Compile(R"(standard p extends national { })")),
            std::vector<std::string>{"E0109"});
  // A name declared twice, once in the base and once in the variant.
  EXPECT_EQ(Codes(CompileWith(
                R"(standard p extends national from "base.rubric" { input x : bool })", files)),
            std::vector<std::string>{"E0102"});
}

TEST(VariantTest, BasesThatExtendEachOtherAreACycle) {
  const CompileResult result =
      CompileWith(R"(standard a extends b from "b.rubric" { })",
                  {{"b.rubric", R"(standard b extends a from "a.rubric" { })"},
                   {"a.rubric", R"(standard a extends b from "b.rubric" { })"}});
  ASSERT_EQ(Codes(result), std::vector<std::string>{"E0109"});
  EXPECT_NE(result.diagnostics[0].message.find("cycle"), std::string::npos);
}

TEST(VariantTest, TheBundledProvincialVariantCompilesFromItsFile) {
  const CompileResult result =
      Standard::CompileFile((testing::SourceDir() / "examples/consortium/jiangsu.rubric").string());
  ASSERT_TRUE(result.ok()) << RenderAll(result.diagnostics);
  EXPECT_TRUE(result.diagnostics.empty()) << RenderAll(result.diagnostics);
  EXPECT_EQ(result.standard->id(), "jiangsu");
  EXPECT_FALSE(result.standard->FindNode("T1_2").has_value());
  EXPECT_TRUE(result.standard->FindNode("T16_7").has_value());
  EXPECT_EQ(result.standard->total_points(), 100);
}

// A base that is not a regular file (a device, a folder) is refused, never read forever.
TEST(VariantTest, FileBasesMustBeRegularFiles) {
  const std::filesystem::path variant =
      std::filesystem::temp_directory_path() / "rubric_variant_of_a_device.rubric";
  std::ofstream(variant) << "standard v extends x from \"/dev/zero\" { }\n";
  const CompileResult result = Standard::CompileFile(variant.string());
  std::filesystem::remove(variant);
  EXPECT_EQ(Codes(result), std::vector<std::string>{"E0109"});
  EXPECT_EQ(Codes(Standard::CompileFile("/dev/zero")), std::vector<std::string>{"E0009"});
  EXPECT_EQ(Codes(Standard::CompileFile(testing::SourceDir().string())),
            std::vector<std::string>{"E0009"});
}

}  // namespace
}  // namespace rubric
