// The UNDP Human Development Index written in the language reproduces every published value.
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "io/csv_reader.h"
#include "rubric/data.h"
#include "rubric/session.h"
#include "rubric/standard.h"
#include "test_support.h"
#include "util/number_format.h"

namespace rubric {
namespace {

using testing::ReadFileOrDie;
using testing::SourceDir;

struct Published {
  std::string iso3;
  std::int64_t year = 0;
  std::string hdi;  // as published, three decimals; empty when there is none
};

std::vector<Published> ReadPublished(const std::string& text) {
  data::CsvReader reader(text);
  data::CsvRecord record;
  std::vector<Published> out;
  bool header = true;
  std::size_t hdi_column = 0;
  while (*reader.Next(&record)) {
    if (header) {
      for (std::size_t i = 0; i < record.fields.size(); ++i) {
        if (record.fields[i] == "hdi_published") hdi_column = i;
      }
      header = false;
      continue;
    }
    out.push_back({record.fields[0], std::stoll(record.fields[2]), record.fields[hdi_column]});
  }
  return out;
}

class HdiTest : public ::testing::TestWithParam<std::string> {};

TEST_P(HdiTest, ReproducesEveryPublishedValue) {
  const auto dir = SourceDir() / "examples/hdi";
  const std::string source = ReadFileOrDie(dir / "hdi.rubric");
  CompileResult compiled = Standard::Compile(source, "hdi.rubric");
  ASSERT_TRUE(compiled.ok()) << RenderAll(compiled.diagnostics, source);
  EXPECT_FALSE(compiled.standard->total_points().has_value());
  EXPECT_TRUE(compiled.standard->grades().empty());
  EXPECT_TRUE(compiled.standard->vetoes().empty());
  ASSERT_EQ(compiled.standard->outputs().size(), 2u);
  EXPECT_EQ(compiled.standard->outputs()[0].id, "hdi_rounded");
  EXPECT_EQ(compiled.standard->outputs()[1].id, "hdi_group");

  const std::string data = ReadFileOrDie(dir / GetParam());
  Session session(*compiled.standard);
  CsvOptions options;
  options.entity_column = "iso3";
  options.period_column = "year";
  options.ignore_columns = {"country", "hdi_published", "note"};
  LoadReport report = LoadCsv(session, data, GetParam(), options);
  ASSERT_TRUE(report.ok()) << RenderAll(report.diagnostics);
  EXPECT_TRUE(report.diagnostics.empty()) << RenderAll(report.diagnostics);
  session.Evaluate();

  int compared = 0;
  for (const Published& p : ReadPublished(data)) {
    SCOPED_TRACE(p.iso3 + " " + std::to_string(p.year));
    std::optional<std::size_t> row = session.FindRow(p.iso3, p.year);
    ASSERT_TRUE(row.has_value());
    if (p.hdi.empty()) {
      // PRK and MCO lack inputs: not scorable, never scored as zero.
      EXPECT_FALSE(session.scorable(*row));
      EXPECT_NE(session.unscorable_reason(*row).find("missing input"), std::string::npos);
      continue;
    }
    ASSERT_TRUE(session.scorable(*row)) << session.unscorable_reason(*row);
    // Published values drop trailing zeros (0.76 for 0.760): compare as numbers.
    EXPECT_EQ(std::stod(util::RoundHalfUp(session.total(*row), 3)), std::stod(p.hdi))
        << util::RoundHalfUp(session.total(*row), 3) << " vs " << p.hdi;
    // The outputs: the published value, and UNDP's group of it.
    const double published = std::stod(p.hdi);
    EXPECT_EQ(session.output_value(*row, 0), published);
    const char* group = published >= 0.8    ? "very high"
                        : published >= 0.7  ? "high"
                        : published >= 0.55 ? "medium"
                                            : "low";
    EXPECT_EQ(session.output_text(*row, 1), group);
    ++compared;
  }
  EXPECT_EQ(compared, GetParam() == "hdi.csv" ? 193 : 4);
}

INSTANTIATE_TEST_SUITE_P(DataFiles, HdiTest, ::testing::Values("hdi.csv", "hdi_extra_cases.csv"),
                         [](const auto& info) {
                           return info.param == "hdi.csv" ? std::string("Countries2022")
                                                          : std::string("HongKongCap");
                         });

TEST(HdiTest, UnscorableCountriesAreNamed) {
  const auto dir = SourceDir() / "examples/hdi";
  CompileResult compiled = Standard::Compile(ReadFileOrDie(dir / "hdi.rubric"), "hdi.rubric");
  ASSERT_TRUE(compiled.ok());
  Session session(*compiled.standard);
  CsvOptions options;
  options.entity_column = "iso3";
  options.period_column = "year";
  options.ignore_columns = {"country", "hdi_published"};
  ASSERT_TRUE(LoadCsv(session, ReadFileOrDie(dir / "hdi.csv"), "hdi.csv", options).ok());
  session.Evaluate();
  for (const char* iso3 : {"PRK", "MCO"}) {
    std::optional<std::size_t> row = session.FindRow(iso3, 2022);
    ASSERT_TRUE(row.has_value());
    EXPECT_FALSE(session.scorable(*row));
    EXPECT_EQ(session.grade(*row), nullptr);
  }
}

}  // namespace
}  // namespace rubric
