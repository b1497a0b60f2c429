// The HTML report (rubric::RenderHtmlReport): structure, escaping, determinism and the
// radar's axes. The real-browser test is tests/browser/report_test.py.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "gtest/gtest.h"
#include "rubric/report.h"
#include "rubric/session.h"
#include "rubric/standard.h"
#include "test_support.h"

namespace rubric {
namespace {

constexpr const char* kSource = R"(
standard demo "Demo <&> \"index\"" {
  version "1.0"
  total 10
  grades {
    good >= 8
    fair >= 5
    poor otherwise
    poor when vetoed
  }
  input a "A <input>" : number missing exclude
  input b : number
  input bad : bool
  group g "Group & co" points 6 {
    group g2 "Inner" points 6 {
      indicator i1 points 3 { score a / 10 }
      indicator i2 points 3 { score b / 10 }
    }
  }
  group h "Other" points 4 {
    indicator j points 4 { score b / 10 }
  }
  group z "No points" points 0 {
    indicator v points 0 { veto when bad }
  }
}
)";

Standard Compile(const char* source) {
  CompileResult result = Standard::Compile(source, "demo.rubric");
  EXPECT_TRUE(result.ok()) << RenderAll(result.diagnostics, source);
  return std::move(*result.standard);
}

Session Loaded(const Standard& standard) {
  Session session(standard);
  const char* rows[][4] = {{"<b>&\"x'", "9", "9", "false"},
                           {"plain", "", "6", "false"},
                           {"vetoed one", "5", "5", "true"}};
  for (std::int64_t period : {2023, 2024}) {
    for (const auto& r : rows) {
      const std::size_t row = *session.AddRow(r[0], period);
      EXPECT_TRUE(session.SetFromString(row, 0, r[1]).ok());
      EXPECT_TRUE(session.SetFromString(row, 1, r[2]).ok());
      EXPECT_TRUE(session.SetFromString(row, 2, r[3]).ok());
    }
  }
  session.Evaluate();
  return session;
}

std::size_t Count(const std::string& text, const std::string& needle) {
  std::size_t count = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos;
       at = text.find(needle, at + needle.size())) {
    ++count;
  }
  return count;
}

HtmlReportOptions Options() {
  HtmlReportOptions options;
  options.standard_file = "demo.rubric";
  options.standard_source = kSource;
  options.data_file = "data <1>.csv";
  options.generated_at = 1700000000;
  return options;
}

TEST(HtmlReportTest, Sha256MatchesTheStandardVectors) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(Sha256Hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(HtmlReportTest, HasTheHeaderRankingsChartsAndAPagePerEntity) {
  const Standard standard = Compile(kSource);
  const Session session = Loaded(standard);
  StatusOr<std::string> html = RenderHtmlReport(session, Options());
  ASSERT_TRUE(html.ok()) << html.status().message();
  EXPECT_EQ(html->rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html->find("<html lang=\"en\">"), std::string::npos);
  EXPECT_NE(html->find("sha256:" + Sha256Hex(kSource)), std::string::npos);
  EXPECT_NE(html->find("2023-11-14T22:13:20Z"), std::string::npos);
  EXPECT_NE(html->find("<dd>1.0</dd>"), std::string::npos);
  // Two periods, each a sortable ranking of its three rows and a histogram.
  EXPECT_EQ(Count(*html, "<table class=\"ranking sortable\""), 2u);
  EXPECT_EQ(Count(*html, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"histogram\""), 2u);
  EXPECT_EQ(Count(*html, "<tr data-entity="), 6u);
  // Ranks in the period, on the entity's page too; the vetoed row has none.
  EXPECT_NE(html->find("Rank <strong class=\"rank\">1</strong> / 2"), std::string::npos);
  EXPECT_EQ(Count(*html, "<strong class=\"rank\">"), 2u);
  EXPECT_NE(html->find("<tr data-entity=\"vetoed one\" class=\"unranked\">"), std::string::npos);
  // Per entity a section with a radar, a line and the explanation, folded.
  EXPECT_EQ(Count(*html, "<section class=\"entity\""), 3u);
  EXPECT_EQ(Count(*html, "class=\"trend\" data-points=\"2\""), 3u);
  EXPECT_NE(html->find("<details class=\"node\""), std::string::npos);
  EXPECT_EQ(html->find("<details open"), std::string::npos);
  // Grade bands: a coloured class per grade; print: one entity per page.
  EXPECT_NE(html->find(".grade-0 {"), std::string::npos);
  EXPECT_NE(html->find("@media print"), std::string::npos);
  EXPECT_NE(html->find("section.entity { break-before: page; page-break-before: always;"),
            std::string::npos);
  // The missing value of `plain` is listed, with the dropped node.
  EXPECT_NE(html->find("<h4>Missing values (1)</h4>"), std::string::npos);
  EXPECT_NE(html->find("<h4>Dropped nodes (1)</h4>"), std::string::npos);
  // Nothing is fetched.
  EXPECT_EQ(html->find("src="), std::string::npos);
  EXPECT_EQ(html->find("http://"), html->find("http://www.w3.org/2000/svg"));
  EXPECT_EQ(html->find("https://"), std::string::npos);
  EXPECT_EQ(html->find("<link"), std::string::npos);
}

TEST(HtmlReportTest, RadarHasOneAxisPerLevelOneAndTwoGroupWithPoints) {
  const Standard standard = Compile(kSource);
  const Session session = Loaded(standard);
  StatusOr<std::string> html = RenderHtmlReport(session, Options());
  ASSERT_TRUE(html.ok());
  // g, g2 and h; z has no points, i1, i2 and j are indicators.
  EXPECT_EQ(Count(*html, "class=\"radar\" data-axes=\"3\""), 3u);
  EXPECT_EQ(Count(*html, "<g class=\"axis\""), 9u);
  EXPECT_EQ(Count(*html, "<g class=\"axis\" data-node=\"g2\">"), 3u);
  EXPECT_EQ(Count(*html, "<g class=\"axis\" data-node=\"z\">"), 0u);
}

TEST(HtmlReportTest, EveryTextIsEscaped) {
  const Standard standard = Compile(kSource);
  const Session session = Loaded(standard);
  StatusOr<std::string> html = RenderHtmlReport(session, Options());
  ASSERT_TRUE(html.ok());
  EXPECT_EQ(html->find("<b>"), std::string::npos);
  EXPECT_EQ(html->find("<input>"), std::string::npos);
  EXPECT_EQ(html->find("<&>"), std::string::npos);
  EXPECT_EQ(html->find("data <1>"), std::string::npos);
  EXPECT_NE(html->find("&lt;b&gt;&amp;&quot;x&#39;"), std::string::npos);
  EXPECT_NE(html->find("Demo &lt;&amp;&gt; &quot;index&quot;"), std::string::npos);
  EXPECT_NE(html->find("data &lt;1&gt;.csv"), std::string::npos);
  EXPECT_NE(html->find("Group &amp; co"), std::string::npos);
  // An entity that is no plain word gets an element id by its position.
  EXPECT_NE(html->find("id=\"entity-n1\""), std::string::npos);
  EXPECT_NE(html->find("id=\"entity-plain\""), std::string::npos);
}

TEST(HtmlReportTest, SourceDateEpochMakesTheReportReproducible) {
  const Standard standard = Compile(kSource);
  const Session session = Loaded(standard);
  HtmlReportOptions options = Options();
  options.generated_at.reset();
  ASSERT_EQ(setenv("SOURCE_DATE_EPOCH", "1704067200", 1), 0);
  StatusOr<std::string> first = RenderHtmlReport(session, options);
  StatusOr<std::string> second = RenderHtmlReport(session, options);
  ASSERT_EQ(setenv("SOURCE_DATE_EPOCH", "soon", 1), 0);
  StatusOr<std::string> bad = RenderHtmlReport(session, options);
  unsetenv("SOURCE_DATE_EPOCH");
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(*first, *second);
  EXPECT_NE(first->find("datetime=\"2024-01-01T00:00:00Z\""), std::string::npos);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
}

TEST(HtmlReportTest, PeriodAndLanguage) {
  const Standard standard = Compile(kSource);
  const Session session = Loaded(standard);
  HtmlReportOptions options = Options();
  options.period = 2024;
  options.language = "zh";
  StatusOr<std::string> html = RenderHtmlReport(session, options);
  ASSERT_TRUE(html.ok());
  EXPECT_NE(html->find("<html lang=\"zh-CN\">"), std::string::npos);
  EXPECT_EQ(Count(*html, "<table class=\"ranking sortable\""), 1u);
  EXPECT_NE(html->find("id=\"period-2024\""), std::string::npos);
  EXPECT_EQ(html->find("id=\"period-2023\""), std::string::npos);
  options.period = 1999;
  EXPECT_EQ(RenderHtmlReport(session, options).status().code(), StatusCode::kNotFound);
  options.period.reset();
  options.language = "fr";
  EXPECT_EQ(RenderHtmlReport(session, options).status().code(), StatusCode::kInvalidArgument);
}

TEST(HtmlReportTest, CjkLabelsChooseChinese) {
  const Standard demo = Compile(kSource);
  EXPECT_EQ(DefaultReportLanguage(demo), "en");
  const CompileResult consortium = Standard::CompileFile(
      (testing::SourceDir() / "examples/consortium/standard.rubric").string());
  ASSERT_TRUE(consortium.ok());
  EXPECT_EQ(DefaultReportLanguage(*consortium.standard), "zh");
}

// The command: the consortium example, reproducible with SOURCE_DATE_EPOCH, and its errors.
TEST(ReportCliTest, WritesTheConsortiumReport) {
  const std::filesystem::path out =
      std::filesystem::temp_directory_path() / ("rubric-report-" + std::to_string(getpid()));
  const std::string command = "SOURCE_DATE_EPOCH=1767225600 " + testing::Cli() + " report " +
                              testing::ConsortiumStandardArg() + " " + testing::CitiesArg();
  const testing::CommandResult first = testing::RunCommand(command + " --out " + out.string());
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const std::string html = testing::ReadFileOrDie(out);
  std::filesystem::remove(out);
  const testing::CommandResult second = testing::RunCommand(command);
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(second.out, html);  // the same bytes, to a file or to standard output
  EXPECT_NE(html.find("<html lang=\"zh-CN\">"), std::string::npos);
  const std::string source =
      testing::ReadFileOrDie(testing::SourceDir() / "examples/consortium/standard.rubric");
  EXPECT_NE(html.find("sha256:" + Sha256Hex(source)), std::string::npos);
  EXPECT_NE(html.find("datetime=\"2026-01-01T00:00:00Z\""), std::string::npos);
  EXPECT_NE(html.find("<dd>cities.csv</dd>"), std::string::npos);
  EXPECT_EQ(Count(html, "<table class=\"ranking sortable\""), 3u);
  EXPECT_EQ(Count(html, "<section class=\"entity\""), 30u);
  EXPECT_EQ(Count(html, "class=\"radar\" data-axes=\"17\""), 30u);

  const testing::CommandResult one = testing::RunCommand(command + " --period 2024 --lang en");
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_EQ(Count(one.out, "<table class=\"ranking sortable\""), 1u);
  EXPECT_NE(one.out.find("<html lang=\"en\">"), std::string::npos);

  const testing::CommandResult none = testing::RunCommand(command + " --period 1999");
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_NE(none.err.find("no row in period 1999"), std::string::npos) << none.err;
  EXPECT_EQ(testing::RunCommand(command + " --lang fr").exit_code, 2);
  EXPECT_EQ(testing::RunCommand(command + " --period soon").exit_code, 2);
  EXPECT_EQ(testing::RunCommand(command + " --out " + testing::CitiesArg()).exit_code, 2);
  const testing::CommandResult bad_epoch =
      testing::RunCommand("SOURCE_DATE_EPOCH=later " + testing::Cli() + " report " +
                          testing::ConsortiumStandardArg() + " " + testing::CitiesArg());
  EXPECT_EQ(bad_epoch.exit_code, 2);
  EXPECT_NE(bad_epoch.err.find("SOURCE_DATE_EPOCH"), std::string::npos);
}

}  // namespace
}  // namespace rubric
