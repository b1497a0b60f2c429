// The syntax of cohorts, statistics, winsorize, impute, missing(e) and coverage: what the
// analyzer makes of each construct (the model's operators and specs), and its errors.
#include <algorithm>
#include <string>
#include <vector>

#include "api/compiled_standard.h"
#include "grammar/parser.h"
#include "grammar/printer.h"
#include "gtest/gtest.h"
#include "rubric/format.h"
#include "rubric/lint.h"
#include "rubric/standard.h"
#include "sema/expr_text.h"
#include "sema/model.h"

namespace rubric {
namespace {

constexpr const char* kInputs = R"(
  input x : number [元]
  input flag : bool
  input province : enum { 东, 西 }
  input region : text
  input size : number
)";

Standard CompileOrDie(const std::string& source) {
  CompileResult result = Standard::Compile(source, "s.rubric");
  EXPECT_TRUE(result.ok()) << RenderAll(result.diagnostics, source);
  return std::move(*result.standard);
}

// The standard `s` with the test inputs and `body`.
std::string Source(const std::string& body) {
  return "standard s {" + std::string(kInputs) + body + "\n}\n";
}

const sema::Model& ModelOf(const Standard& standard) { return standard.compiled().model; }

// The expression of let `name`.
const sema::Expr& LetExpr(const sema::Model& model, const std::string& name) {
  for (const sema::Let& let : model.lets) {
    if (let.id == name) return model.expr(let.expr);
  }
  ADD_FAILURE() << "no let " << name;
  return model.exprs.front();
}

int InputIndex(const sema::Model& model, const std::string& name) {
  for (std::size_t i = 0; i < model.inputs.size(); ++i) {
    if (model.inputs[i].info.id == name) return static_cast<int>(i);
  }
  return -1;
}

// The codes of the diagnostics of compiling `body`.
std::vector<std::string> Codes(const std::string& body) {
  const CompileResult result = Standard::Compile(Source(body), "s.rubric");
  std::vector<std::string> codes;
  for (const Diagnostic& d : result.diagnostics) codes.push_back(d.code);
  return codes;
}

bool Has(const std::vector<std::string>& codes, const std::string& code) {
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

TEST(CohortSyntaxTest, ByAndAcrossPeriods) {
  const Standard standard = CompileOrDie(Source(R"(
  let a = cohort_rank(x by province)
  let b = cohort_minmax(x across periods)
  let c = cohort_minmax(x by region across periods)
  let d = cohort_percentile(x))"));
  const sema::Model& model = ModelOf(standard);
  const sema::Expr& a = LetExpr(model, "a");
  EXPECT_EQ(a.op, sema::Op::kCohortRank);
  EXPECT_EQ(a.cohort.key_input, InputIndex(model, "province"));
  EXPECT_FALSE(a.cohort.across_periods);
  const sema::Expr& b = LetExpr(model, "b");
  EXPECT_EQ(b.op, sema::Op::kCohortMinMax);
  EXPECT_EQ(b.cohort.key_input, -1);
  EXPECT_TRUE(b.cohort.across_periods);
  const sema::Expr& c = LetExpr(model, "c");
  EXPECT_EQ(c.cohort.key_input, InputIndex(model, "region"));
  EXPECT_TRUE(c.cohort.across_periods);
  const sema::Expr& d = LetExpr(model, "d");
  EXPECT_EQ(d.op, sema::Op::kCohortPercentile);
  EXPECT_EQ(d.cohort.key_input, -1);
  EXPECT_FALSE(d.cohort.across_periods);
  EXPECT_EQ(sema::ExprText(model, model.lets[2].expr), "cohort_minmax(x by region across periods)");
}

TEST(CohortSyntaxTest, Statistics) {
  const struct {
    const char* call;
    sema::Op op;
  } cases[] = {
      {"cohort_min(x)", sema::Op::kCohortMin},
      {"cohort_max(x)", sema::Op::kCohortMax},
      {"cohort_sum(x)", sema::Op::kCohortSum},
      {"cohort_count(x)", sema::Op::kCohortCount},
      {"cohort_mean(x by province)", sema::Op::kCohortMean},
      {"cohort_sd(x)", sema::Op::kCohortSd},
      {"cohort_median(x across periods)", sema::Op::kCohortMedian},
      {"cohort_zscore(x)", sema::Op::kCohortZscore},
      {"cohort_skew(x)", sema::Op::kCohortSkew},
      {"cohort_kurt(x)", sema::Op::kCohortKurt},
  };
  for (const auto& c : cases) {
    const Standard standard = CompileOrDie(Source(std::string("  let a = ") + c.call));
    const sema::Model& model = ModelOf(standard);
    const sema::Expr& a = LetExpr(model, "a");
    EXPECT_EQ(a.op, c.op) << c.call;
    ASSERT_EQ(a.args.size(), 1u) << c.call;
    EXPECT_EQ(model.expr(a.args[0]).op, sema::Op::kRef) << c.call;
    EXPECT_EQ(sema::ExprText(model, model.lets[0].expr), c.call);
  }
}

TEST(CohortSyntaxTest, Quantile) {
  const Standard standard = CompileOrDie(Source("  let q = cohort_quantile(x by region, 0.25)"));
  const sema::Model& model = ModelOf(standard);
  const sema::Expr& q = LetExpr(model, "q");
  EXPECT_EQ(q.op, sema::Op::kCohortQuantile);
  EXPECT_EQ(q.number, 0.25);
  EXPECT_EQ(q.args.size(), 1u);
  EXPECT_EQ(q.cohort.key_input, InputIndex(model, "region"));
  EXPECT_EQ(sema::ExprText(model, model.lets[0].expr), "cohort_quantile(x by region, 0.25)");
  EXPECT_TRUE(Has(Codes("  let q = cohort_quantile(x, 1.5)"), "E0215"));
  EXPECT_TRUE(Has(Codes("  let q = cohort_quantile(x, size)"), "E0215"));
}

TEST(CohortSyntaxTest, Winsorize) {
  const Standard standard = CompileOrDie(Source(R"(
  let w = winsorize(x)
  let v = winsorize(x by province, kurtosis 4, points 3)
  let u = winsorize(x across periods, skew 1.5))"));
  const sema::Model& model = ModelOf(standard);
  const sema::Expr& w = LetExpr(model, "w");
  EXPECT_EQ(w.op, sema::Op::kWinsorize);
  EXPECT_EQ(w.winsorize.max_points, 5);
  EXPECT_EQ(w.winsorize.skew, 2.0);
  EXPECT_EQ(w.winsorize.kurtosis, 3.5);
  const sema::Expr& v = LetExpr(model, "v");
  EXPECT_EQ(v.winsorize.max_points, 3);
  EXPECT_EQ(v.winsorize.skew, 2.0);
  EXPECT_EQ(v.winsorize.kurtosis, 4.0);
  EXPECT_EQ(v.cohort.key_input, InputIndex(model, "province"));
  EXPECT_EQ(v.args.size(), 1u);
  const sema::Expr& u = LetExpr(model, "u");
  EXPECT_EQ(u.winsorize.skew, 1.5);
  EXPECT_TRUE(u.cohort.across_periods);
  EXPECT_EQ(sema::ExprText(model, model.lets[1].expr),
            "winsorize(x by province, points 3, kurtosis 4)");

  EXPECT_TRUE(Has(Codes("  let w = winsorize(flag)"), "E0216"));
  EXPECT_TRUE(Has(Codes("  let w = winsorize(x > 1)"), "E0216"));
  EXPECT_TRUE(Has(Codes("  let w = winsorize(x, points 2.5)"), "E0215"));
  EXPECT_TRUE(Has(Codes("  let w = winsorize(x, points 0)"), "E0215"));
  EXPECT_TRUE(Has(Codes("  let w = winsorize(x, skew -1)"), "E0215"));
  EXPECT_TRUE(Has(Codes("  let w = winsorize(x, tails 2)"), "E0215"));
  EXPECT_TRUE(Has(Codes("  let w = winsorize(x, 2)"), "E0215"));
  EXPECT_TRUE(Has(Codes("  let w = winsorize(x, points 2, points 3)"), "E0215"));
}

TEST(CohortSyntaxTest, ImputeCall) {
  const Standard standard = CompileOrDie(Source(R"(
  let a = impute(x, cohort_mean by region)
  let b = impute(x, cohort_median)
  let c = impute(x, previous)
  let d = impute(x, previous 2)
  let e = impute(x, 5 [万元])
  let f = impute(x, -1)
  let g = lookup(impute(province, previous)) { 东: 1, 西: 2 })"));
  const sema::Model& model = ModelOf(standard);
  const sema::Expr& a = LetExpr(model, "a");
  EXPECT_EQ(a.op, sema::Op::kImpute);
  EXPECT_EQ(a.impute.method, sema::ImputeMethod::kCohortMean);
  EXPECT_EQ(a.cohort.key_input, InputIndex(model, "region"));
  EXPECT_EQ(model.expr(a.args[0]).op, sema::Op::kRef);
  EXPECT_EQ(LetExpr(model, "b").impute.method, sema::ImputeMethod::kCohortMedian);
  EXPECT_EQ(LetExpr(model, "b").cohort.key_input, -1);
  EXPECT_EQ(LetExpr(model, "c").impute.method, sema::ImputeMethod::kPrevious);
  EXPECT_EQ(LetExpr(model, "c").impute.look_back, 0);
  EXPECT_EQ(LetExpr(model, "d").impute.look_back, 2);
  EXPECT_EQ(LetExpr(model, "e").impute.method, sema::ImputeMethod::kConstant);
  EXPECT_EQ(LetExpr(model, "e").impute.constant, 50000);  // in x's unit, 元
  EXPECT_EQ(LetExpr(model, "f").impute.constant, -1);
  EXPECT_EQ(sema::ExprText(model, model.lets[0].expr), "impute(x, cohort_mean by region)");
  EXPECT_EQ(sema::ExprText(model, model.lets[3].expr), "impute(x, previous 2)");

  EXPECT_TRUE(Has(Codes("  let a = impute(province, cohort_mean)"), "E0216"));
  EXPECT_TRUE(Has(Codes("  let a = impute(province, cohort_median by region)"), "E0216"));
  EXPECT_TRUE(Has(Codes("  let a = impute(flag, cohort_mean)"), "E0216"));
  EXPECT_TRUE(Codes("  let a = impute(flag, cohort_median)").empty());
  EXPECT_TRUE(Has(Codes("  let a = impute(x, previous 0)"), "E0215"));
  EXPECT_TRUE(Has(Codes("  let a = impute(x, size)"), "E0215"));
  EXPECT_TRUE(Has(Codes("  let a = impute(x, cohort_mean across periods)"), "E0215"));
  EXPECT_TRUE(Has(Codes("  let a = impute(x, cohort_mean by size)"), "E0214"));
}

TEST(CohortSyntaxTest, ImputePolicyWrapsReferences) {
  const Standard standard = CompileOrDie(R"(
standard s {
  input y : number missing impute cohort_mean by region
  input z : number missing impute previous 3
  input w : number missing impute 7
  input region : text
  let a = y + z + w
  let b = prev(y)
  let c = missing(y)
})");
  const sema::Model& model = ModelOf(standard);
  EXPECT_EQ(model.inputs[0].info.missing, MissingPolicy::kImpute);
  EXPECT_EQ(model.inputs[0].impute.method, sema::ImputeMethod::kCohortMean);
  EXPECT_EQ(model.inputs[0].impute_cohort.key_input, 3);
  EXPECT_EQ(model.inputs[1].impute.method, sema::ImputeMethod::kPrevious);
  EXPECT_EQ(model.inputs[1].impute.look_back, 3);
  EXPECT_EQ(model.inputs[2].impute.method, sema::ImputeMethod::kConstant);
  EXPECT_EQ(model.inputs[2].impute.constant, 7);
  EXPECT_EQ(sema::ExprText(model, model.lets[0].expr),
            "impute(y, cohort_mean by region) + impute(z, previous 3) + impute(w, 7)");
  EXPECT_EQ(LetExpr(model, "b").op, sema::Op::kPrev);
  EXPECT_EQ(LetExpr(model, "c").op, sema::Op::kMissing);
  // The wrapper carries the input's spec.
  const sema::Expr& sum = LetExpr(model, "a");
  const sema::Expr& left = model.expr(model.expr(sum.args[0]).args[0]);
  EXPECT_EQ(left.op, sema::Op::kImpute);
  EXPECT_EQ(left.cohort.key_input, 3);
}

TEST(CohortSyntaxTest, ImputePolicyErrors) {
  EXPECT_TRUE(Has(Codes("  input e : enum { a, b } missing impute cohort_mean"), "E0216"));
  EXPECT_TRUE(Has(Codes("  input e : enum { a, b } missing impute cohort_median"), "E0216"));
  EXPECT_TRUE(Codes("  input e : enum { a, b } missing impute previous").empty());
  EXPECT_TRUE(Has(Codes("  input e : bool missing impute cohort_mean"), "E0216"));
  EXPECT_TRUE(Has(Codes("  input e : number missing impute cohort_mean by size"), "E0214"));
  EXPECT_TRUE(Has(Codes("  input e : number missing impute previous 1.5"), "E0215"));
  const CompileResult wide =
      Standard::Compile("standard s {\n  missing impute previous\n  input x : number\n}\n");
  ASSERT_EQ(wide.diagnostics.size(), 1u);
  EXPECT_EQ(wide.diagnostics[0].code, "E0103");
}

TEST(CohortSyntaxTest, MissingOfAnyExpression) {
  const Standard standard = CompileOrDie(Source(R"(
  let y = x * 2
  let a = missing(x)
  let b = missing(prev(x))
  let c = missing(x + 1)
  let d = missing(y)
  let e = missing(cohort_mean(x by province)))"));
  const sema::Model& model = ModelOf(standard);
  EXPECT_EQ(LetExpr(model, "a").op, sema::Op::kMissing);
  EXPECT_EQ(LetExpr(model, "b").op, sema::Op::kMissingPrev);
  const sema::Expr& c = LetExpr(model, "c");
  EXPECT_EQ(c.op, sema::Op::kIsMissing);
  ASSERT_EQ(c.args.size(), 1u);
  EXPECT_EQ(model.expr(c.args[0]).op, sema::Op::kAdd);
  EXPECT_EQ(LetExpr(model, "d").op, sema::Op::kIsMissing);
  EXPECT_EQ(LetExpr(model, "e").op, sema::Op::kIsMissing);
  EXPECT_EQ(sema::ExprText(model, model.lets[3].expr), "missing(x + 1)");
}

TEST(CohortSyntaxTest, Keys) {
  EXPECT_TRUE(Codes("  let a = cohort_rank(x by region)").empty());
  EXPECT_TRUE(Has(Codes("  let a = cohort_rank(x by size)"), "E0214"));
  EXPECT_TRUE(Has(Codes("  let k = 1\n  let a = cohort_rank(x by k)"), "E0214"));
  EXPECT_TRUE(Has(Codes("  let a = cohort_rank(x by nowhere)"), "E0214"));
  // A text input is a key and nothing else.
  EXPECT_TRUE(Has(Codes("  let a = cohort_rank(region)"), "E0204"));
  // Clauses only after the argument of a cohort function.
  EXPECT_TRUE(Has(Codes("  let a = max(x by region)"), "E0215"));
  EXPECT_TRUE(Has(Codes("  let a = abs(x across periods)"), "E0215"));
  EXPECT_TRUE(Has(Codes("  let a = cohort_rank(points 3)"), "E0215"));
}

TEST(CohortSyntaxTest, Coverage) {
  const Standard standard = CompileOrDie(Source("  coverage >= 90%"));
  ASSERT_TRUE(ModelOf(standard).coverage.has_value());
  EXPECT_DOUBLE_EQ(*ModelOf(standard).coverage, 0.9);
  const Standard spaced = CompileOrDie(Source("  coverage >= 100 %"));
  EXPECT_DOUBLE_EQ(*ModelOf(spaced).coverage, 1.0);
  EXPECT_FALSE(ModelOf(CompileOrDie(Source(""))).coverage.has_value());
  EXPECT_TRUE(Has(Codes("  coverage >= 120%"), "E0217"));
  EXPECT_TRUE(Has(Codes("  coverage >= 0%"), "E0217"));
  EXPECT_TRUE(Has(Codes("  coverage >= 0.9"), "E0002"));
  EXPECT_TRUE(Has(Codes("  coverage >= 50%\n  coverage >= 60%"), "E0104"));
  // In a group, a coverage counts its children (docs/language.md); not in an indicator.
  EXPECT_FALSE(Has(Codes("  group g { coverage >= 50%\n indicator i }"), "E0103"));
  EXPECT_TRUE(Has(Codes("  indicator i { coverage >= 50% }"), "E0103"));
}

// The new cohort functions read every row of their cohort: prev does not break a cycle
// through them (as for cohort_rank), and a recurrence outside them stays fine.
TEST(CohortSyntaxTest, CyclesThroughCohortStatistics) {
  EXPECT_TRUE(Has(Codes("  let a = cohort_mean(prev(a) + x by province)"), "E0301"));
  EXPECT_TRUE(Has(Codes("  let a = winsorize(prev(a) + x across periods)"), "E0301"));
  EXPECT_TRUE(Has(Codes("  let a = impute(prev(a) + x, cohort_median by region)"), "E0301"));
  EXPECT_TRUE(Codes("  let a = impute(prev(a) + x, previous)").empty());
  EXPECT_TRUE(Codes("  let a = prev(a) + cohort_sd(x by province)").empty());
}

// Lint knows the ranges of the new operators: a count and a standard deviation are never
// negative, missing(e) is 0 or 1, a statistic stays within its argument's bounds.
TEST(CohortSyntaxTest, LintIntervals) {
  const Standard standard = CompileOrDie(R"(
standard s {
  input x : number >= 0 <= 10
  input y : number
  veto a "a" when cohort_count(y) < 0
  veto b "b" when cohort_sd(y) < 0
  veto c "c" when missing(x + y) > 1
  veto d "d" when cohort_median(x) > 10
  veto e "e" when impute(x, 20) > 15
  veto f "f" when cohort_zscore(y) > 3
  veto g "g" when winsorize(x) > 10
})");
  std::vector<std::string> flagged;
  for (const Diagnostic& d : Lint(standard, {})) {
    if (d.code == "L0003") flagged.push_back(d.message);
  }
  std::string all;
  for (const std::string& message : flagged) all += message + "\n";
  EXPECT_EQ(flagged.size(), 4u) << all;
  for (const char* veto : {"'a'", "'b'", "'c'", "'d'"}) {
    EXPECT_NE(all.find(veto), std::string::npos) << veto << "\n" << all;
  }
}

// A variant's coverage replaces the base's, like the other header statements.
TEST(CohortSyntaxTest, VariantReplacesCoverage) {
  CompileOptions options;
  options.file_name = "variant.rubric";
  options.load_base = [](std::string_view, std::string_view from_path,
                         std::string_view) -> StatusOr<SourceFile> {
    return SourceFile{std::string(from_path),
                      "standard base {\n  coverage >= 80%\n  input x : number\n}\n"};
  };
  const CompileResult result = Standard::Compile(
      "standard v extends base from \"base.rubric\" {\n  coverage >= 95%\n}\n", options);
  ASSERT_TRUE(result.ok()) << RenderAll(result.diagnostics);
  EXPECT_DOUBLE_EQ(*ModelOf(*result.standard).coverage, 0.95);
}

TEST(CohortSyntaxTest, FormatRoundTrips) {
  const std::string source = R"(standard s {
  coverage >= 90%
  input x : number missing impute cohort_mean by region
  input y : number missing impute previous 2
  input z : number missing impute -1 [万元]
  input region : text
  let a = cohort_rank(x by region)
  let b = cohort_minmax(x by region across periods)
  let c = cohort_quantile(x by region, 0.25)
  let d = winsorize(x across periods, points 3, skew 1.5, kurtosis 4)
  let e = impute(y, cohort_median by region) + impute(y, previous 2) + impute(y, 5 [元])
  let f = missing(x + y)
}
)";
  const FormatResult result = FormatSource(source);
  ASSERT_TRUE(result.ok()) << RenderAll(result.diagnostics, source);
  EXPECT_EQ(result.text.value_or(""), source);
}

// A name followed by a signed number is an expression, not an option.
TEST(CohortSyntaxTest, NameThenNegativeNumberIsASubtraction) {
  const Standard standard = CompileOrDie(Source("  let a = max(x, size -1)"));
  const sema::Model& model = ModelOf(standard);
  EXPECT_EQ(sema::ExprText(model, model.lets[0].expr), "max(x, size - 1)");
}

}  // namespace
}  // namespace rubric
