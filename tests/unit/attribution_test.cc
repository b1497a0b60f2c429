// What moved a score (rubric/attribution.h): contributions that add up to the change, exact
// and sampled Shapley values against an independent brute force, cohorts, missing values,
// ranks, and the session left as it was.
#include "rubric/attribution.h"

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "rubric/data.h"
#include "rubric/missing.h"
#include "rubric/session.h"
#include "rubric/standard.h"
#include "test_support.h"

namespace rubric {
namespace {

Standard CompileOrDie(const char* source) {
  CompileResult result = Standard::Compile(source, "a.rubric");
  EXPECT_TRUE(result.ok()) << RenderAll(result.diagnostics, source);
  return std::move(*result.standard);
}

// Sets (entity, period)'s inputs by id; NaN leaves the input missing.
std::size_t AddRow(Session& s, const std::string& entity, std::int64_t period,
                   const std::map<std::string, double>& values) {
  const std::size_t row = *s.AddRow(entity, period);
  for (const auto& [id, v] : values) {
    if (std::isnan(v)) continue;
    EXPECT_TRUE(s.SetNumber(row, *s.standard().FindInput(id), v).ok()) << id;
  }
  return row;
}

double SumInputs(const AttributionResult& r) {
  double sum = 0;
  for (const InputContribution& c : r.inputs) sum += c.contribution;
  return sum;
}

double SumTopNodes(const AttributionResult& r) {
  double sum = r.unassigned;
  for (const NodeContribution& n : r.nodes) {
    if (n.depth == 1) sum += n.contribution;
  }
  return sum;
}

double Contribution(const AttributionResult& r, const std::string& id) {
  for (const InputContribution& c : r.inputs) {
    if (c.id == id) return c.contribution;
  }
  return NAN;
}

const NodeContribution& Node(const AttributionResult& r, const std::string& id) {
  for (const NodeContribution& n : r.nodes) {
    if (n.id == id) return n;
  }
  static NodeContribution none;
  ADD_FAILURE() << "no node " << id;
  return none;
}

void ExpectAddsUp(const AttributionResult& r) {
  EXPECT_NEAR(r.change, r.total_to - r.total_from, 0);
  EXPECT_NEAR(SumInputs(r), r.change, 1e-9);
  EXPECT_NEAR(SumTopNodes(r), r.change, 1e-9);
}

// Independent Shapley values by the permutation definition: the average over every order
// of the players of each one's marginal contribution (n! orders; small n only).
std::vector<double> BruteShapley(std::size_t n,
                                 const std::function<double(const std::vector<bool>&)>& f) {
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  std::vector<double> phi(n, 0.0);
  double count = 0;
  do {
    std::vector<bool> in(n, false);
    double previous = f(in);
    for (std::size_t p : order) {
      in[p] = true;
      const double v = f(in);
      phi[p] += v - previous;
      previous = v;
    }
    ++count;
  } while (std::next_permutation(order.begin(), order.end()));
  for (double& v : phi) v /= count;
  return phi;
}

TEST(AttributionTest, SumsOfPointsAreExactPerNode) {
  Standard standard = CompileOrDie(R"(
standard s {
  total 10
  group g "G" points 10 {
    indicator a "A" points 4 {
      input x : number
      score x / 10
    }
    indicator b "B" points 6 {
      input y : number
      input z : number
      score (y + z) / 20
    }
  }
})");
  Session session(standard);
  AddRow(session, "e", 2023, {{"x", 2}, {"y", 3}, {"z", 4}});
  AddRow(session, "e", 2024, {{"x", 5}, {"y", 1}, {"z", 4}});
  AddRow(session, "f", 2023, {{"x", 3}, {"y", 3}, {"z", 4}});
  AddRow(session, "f", 2024, {{"x", 1}, {"y", 1}, {"z", 1}});
  StatusOr<AttributionResult> r = Attribute(session, {.entity = "e", .from = 2023, .to = 2024});
  ASSERT_TRUE(r.ok()) << r.status().message();
  ExpectAddsUp(*r);
  EXPECT_EQ(r->method, "exact");
  EXPECT_EQ(r->players, 2u);  // x and y; z did not change
  EXPECT_FALSE(r->context_player);
  EXPECT_NEAR(Contribution(*r, "x"), 4 * 0.3, 1e-12);
  EXPECT_NEAR(Contribution(*r, "y"), 6 * (-2.0 / 20), 1e-12);
  // Each child's share is its change of earned points.
  EXPECT_NEAR(Node(*r, "a").contribution, Node(*r, "a").change, 1e-12);
  EXPECT_NEAR(Node(*r, "b").contribution, Node(*r, "b").change, 1e-12);
  EXPECT_NEAR(Node(*r, "g").contribution, r->change, 1e-12);
  // Ranks: e 2023 = 0.8 + 2.1 = 2.9 below f (1.2 + 2.1 = 3.3); 2024: e 2 + 1.5 = 3.5 above
  // f (0.4 + 0.6 = 1.0).
  EXPECT_EQ(r->rank_from, 2);
  EXPECT_EQ(r->rank_to, 1);
  ASSERT_EQ(r->movers.size(), 1u);
  EXPECT_EQ(r->movers[0].entity, "f");
  EXPECT_EQ(r->movers[0].how, "passed by");
  EXPECT_NEAR(r->movers[0].change, 1.0 - 3.3, 1e-12);
}

TEST(AttributionTest, TinyCaseByHand) {
  // f = x * y from (1, 1) to (3, 2): f(∅) = 1, f({x}) = 3, f({y}) = 2, f({x, y}) = 6.
  // φx = ½ (3 - 1) + ½ (6 - 2) = 3, φy = ½ (2 - 1) + ½ (6 - 3) = 2.
  Standard standard = CompileOrDie(R"(
standard h {
  input x : number
  input y : number
  indicator v { value x * y }
})");
  Session session(standard);
  AddRow(session, "e", 1, {{"x", 1}, {"y", 1}});
  AddRow(session, "e", 2, {{"x", 3}, {"y", 2}});
  StatusOr<AttributionResult> r = Attribute(session, {.entity = "e", .from = 1, .to = 2});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_DOUBLE_EQ(r->change, 5);
  EXPECT_DOUBLE_EQ(Contribution(*r, "x"), 3);
  EXPECT_DOUBLE_EQ(Contribution(*r, "y"), 2);
  EXPECT_EQ(r->evaluations, 5u);  // the check that the context plays no part, then 4
  EXPECT_DOUBLE_EQ(Node(*r, "v").contribution, 5);
}

TEST(AttributionTest, GeometricMeanMatchesBruteForce) {
  Standard standard = CompileOrDie(R"(
standard g {
  input x : number
  input y : number
  input z : number
  input w : number
  indicator m { value 10 * geomean(x, y, z) + w }
})");
  Session session(standard);
  const double from[] = {1, 4, 2, 7}, to[] = {3, 5, 9, 7};
  AddRow(session, "e", 1, {{"x", from[0]}, {"y", from[1]}, {"z", from[2]}, {"w", from[3]}});
  AddRow(session, "e", 2, {{"x", to[0]}, {"y", to[1]}, {"z", to[2]}, {"w", to[3]}});
  StatusOr<AttributionResult> r = Attribute(session, {.entity = "e", .from = 1, .to = 2});
  ASSERT_TRUE(r.ok()) << r.status().message();
  ExpectAddsUp(*r);
  const std::vector<double> phi = BruteShapley(3, [&](const std::vector<bool>& in) {
    double p = 1;
    for (int i = 0; i < 3; ++i) p *= in[i] ? to[i] : from[i];
    return 10 * std::cbrt(p) + 7;
  });
  EXPECT_NEAR(Contribution(*r, "x"), phi[0], 1e-12);
  EXPECT_NEAR(Contribution(*r, "y"), phi[1], 1e-12);
  EXPECT_NEAR(Contribution(*r, "z"), phi[2], 1e-12);
  EXPECT_TRUE(std::isnan(Contribution(*r, "w")));  // unchanged: not a player
}

constexpr const char* kCohort = R"(
standard c {
  input x : number
  indicator a points 10 { score cohort_minmax(x) }
})";

TEST(AttributionTest, AnotherCityRaisingTheMaximumIsTheContext) {
  Standard standard = CompileOrDie(kCohort);
  Session session(standard);
  AddRow(session, "e0", 2023, {{"x", 0}});
  AddRow(session, "e1", 2023, {{"x", 5}});
  AddRow(session, "e2", 2023, {{"x", 10}});
  AddRow(session, "e3", 2023, {{"x", 4}});
  AddRow(session, "e0", 2024, {{"x", 0}});
  AddRow(session, "e1", 2024, {{"x", 5}});
  AddRow(session, "e2", 2024, {{"x", 20}});  // raises the maximum
  AddRow(session, "e3", 2024, {{"x", 8}});   // passes e1
  StatusOr<AttributionResult> r = Attribute(session, {.entity = "e1", .from = 2023, .to = 2024});
  ASSERT_TRUE(r.ok()) << r.status().message();
  ExpectAddsUp(*r);
  EXPECT_DOUBLE_EQ(r->change, 2.5 - 5);
  EXPECT_TRUE(r->context_player);
  ASSERT_EQ(r->inputs.size(), 1u);  // x did not change: the context is the only player
  EXPECT_FALSE(r->inputs[0].input.has_value());
  EXPECT_DOUBLE_EQ(r->inputs[0].contribution, -2.5);
  EXPECT_EQ(r->rank_from, 2);
  EXPECT_EQ(r->rank_to, 3);
  ASSERT_EQ(r->movers.size(), 1u);
  EXPECT_EQ(r->movers[0].entity, "e3");
  EXPECT_EQ(r->movers[0].how, "passed");
  EXPECT_DOUBLE_EQ(r->movers[0].change, 0);  // 4/10 -> 8/20: it passed because e1 fell

  // Its own x changes too: two players, f(x, context) by hand.
  // f(∅) = 5, f({x}) = 6 (x = 6 in 2023's cohort: 6/10), f({c}) = 2.5, f({x, c}) = 3.
  ASSERT_TRUE(session.SetNumber(*session.FindRow("e1", 2024), 0, 6).ok());
  r = Attribute(session, {.entity = "e1", .from = 2023, .to = 2024});
  ASSERT_TRUE(r.ok()) << r.status().message();
  ExpectAddsUp(*r);
  EXPECT_DOUBLE_EQ(Contribution(*r, "x"), 0.5 * (6 - 5) + 0.5 * (3 - 2.5));
  EXPECT_DOUBLE_EQ(Contribution(*r, "(context)"), 0.5 * (2.5 - 5) + 0.5 * (3 - 6));
  // The indicator's share is x's; the context is outside any node.
  EXPECT_DOUBLE_EQ(Node(*r, "a").contribution, Contribution(*r, "x"));
  EXPECT_DOUBLE_EQ(r->unassigned, Contribution(*r, "(context)"));
}

TEST(AttributionTest, MissingValuesAreValues) {
  Standard standard = CompileOrDie(R"(
standard m {
  total 10
  missing default
  indicator a points 5 {
    input x : number
    score x / 10
  }
  indicator b points 5 {
    input y : number
    score y / 10
  }
})");
  Session session(standard);
  AddRow(session, "e", 1, {{"x", 4}, {"y", NAN}});
  AddRow(session, "e", 2, {{"x", NAN}, {"y", 8}});
  StatusOr<AttributionResult> r = Attribute(session, {.entity = "e", .from = 1, .to = 2});
  ASSERT_TRUE(r.ok()) << r.status().message();
  ExpectAddsUp(*r);
  EXPECT_EQ(r->players, 2u);
  EXPECT_DOUBLE_EQ(Contribution(*r, "x"), -2);
  EXPECT_DOUBLE_EQ(Contribution(*r, "y"), 4);
  for (const InputContribution& c : r->inputs) {
    if (c.id == "x") {
      EXPECT_EQ(c.from, "4");
      EXPECT_EQ(c.to, "");
    }
  }
}

// 16 changed inputs in products of pairs: the sampled path, against the exact values.
constexpr const char* kMany = R"(
standard many {
  input x0 : number
  input x1 : number
  input x2 : number
  input x3 : number
  input x4 : number
  input x5 : number
  input x6 : number
  input x7 : number
  input x8 : number
  input x9 : number
  input x10 : number
  input x11 : number
  input x12 : number
  input x13 : number
  input x14 : number
  input x15 : number
  indicator a { value x0 * x1 + x2 * x3 + x4 * x5 + x6 * x7 }
  indicator b { value geomean(x8, x9, x10, x11) + max(x12, x13) * min(x14, x15) }
})";

TEST(AttributionTest, ManyInputsAreSampledAndStillAddUp) {
  Standard standard = CompileOrDie(kMany);
  Session session(standard);
  std::map<std::string, double> v1, v2;
  for (int i = 0; i < 16; ++i) {
    v1["x" + std::to_string(i)] = 1 + (i * 7) % 5;
    v2["x" + std::to_string(i)] = 2 + (i * 3) % 7;
  }
  AddRow(session, "e", 1, v1);
  AddRow(session, "e", 2, v2);
  AttributionOptions options{.entity = "e", .from = 1, .to = 2, .samples = 400, .seed = 7};
  StatusOr<AttributionResult> r = Attribute(session, options);
  ASSERT_TRUE(r.ok()) << r.status().message();
  ExpectAddsUp(*r);
  EXPECT_EQ(r->method, "sampled");
  EXPECT_EQ(r->permutations, 400u);
  EXPECT_EQ(r->players, 16u);
  // Deterministic for a seed.
  StatusOr<AttributionResult> again = Attribute(session, options);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(AttributionToJson(*r), AttributionToJson(*again));
  // Within a few standard errors of the exact values (2^16 subsets).
  options.exact_players = 16;
  StatusOr<AttributionResult> exact = Attribute(session, options);
  ASSERT_TRUE(exact.ok());
  EXPECT_EQ(exact->method, "exact");
  ExpectAddsUp(*exact);
  for (const InputContribution& c : r->inputs) {
    EXPECT_NEAR(c.contribution, Contribution(*exact, c.id), 5 * c.standard_error + 1e-9) << c.id;
  }
  // Products of pairs: each pair's Shapley values are exact from the four corners; the
  // product x0 * x1 (from 1 * 3 to 2 * 5): φx0 = ½ (1 * 3) + ½ (1 * 5) = 4.
  EXPECT_NEAR(Contribution(*exact, "x0"), 4, 1e-12);
  // With antithetic pairs a pair of interacting players is exact too: in every pair, x0
  // comes once before x1 and once after.
  EXPECT_NEAR(Contribution(*r, "x0"), 4, 1e-9);
}

// A dropped indicator's points go to its present sibling: the sibling's change includes
// them, its share (its inputs' Shapley values) does not; the note says why.
TEST(AttributionTest, RedistributionIsNamed) {
  Standard standard = CompileOrDie(R"(
standard r {
  group g points 10 {
    indicator a points 5 {
      input x : number missing exclude
      score x / 10
    }
    indicator b points 5 {
      input y : number
      score y / 10
    }
  }
})");
  Session session(standard);
  AddRow(session, "e", 1, {{"x", 4}, {"y", 6}});
  AddRow(session, "e", 2, {{"x", NAN}, {"y", 6}});
  StatusOr<AttributionResult> r = Attribute(session, {.entity = "e", .from = 1, .to = 2});
  ASSERT_TRUE(r.ok()) << r.status().message();
  ExpectAddsUp(*r);
  EXPECT_EQ(r->players, 1u);  // x: present -> missing
  EXPECT_DOUBLE_EQ(r->total_from, 2 + 3);
  EXPECT_DOUBLE_EQ(Contribution(*r, "x"), r->change);
  EXPECT_DOUBLE_EQ(Node(*r, "g").contribution, r->change);
  EXPECT_DOUBLE_EQ(Node(*r, "b").contribution, 0);  // y did not change
  // a is dropped in period 2: x's contribution (+1) is what its dropping did (b's points
  // scaled to the group's 10); the note quotes the engine.
  EXPECT_DOUBLE_EQ(Node(*r, "a").contribution, 1);
  EXPECT_NE(Node(*r, "a").note.find("dropped in the \"to\" row"), std::string::npos)
      << Node(*r, "a").note;
  EXPECT_NE(RenderAttribution(*r).find("where the contribution is not the change"),
            std::string::npos)
      << RenderAttribution(*r);
}

// More players than a 64-bit mask holds: a weighted sum, where every marginal contribution
// is the same, so that sampled values are exact.
TEST(AttributionTest, SeventyInputs) {
  std::string source = "standard seventy {\n";
  std::string sum;
  for (int i = 0; i < 70; ++i) {
    source += "  input x" + std::to_string(i) + " : number\n";
    sum += (i ? " + " : "") + std::to_string(i + 1) + " * x" + std::to_string(i);
  }
  source += "  indicator s { value " + sum + " }\n}\n";
  Standard standard = CompileOrDie(source.c_str());
  Session session(standard);
  std::map<std::string, double> v1, v2;
  for (int i = 0; i < 70; ++i) {
    v1["x" + std::to_string(i)] = i % 3;
    v2["x" + std::to_string(i)] = i % 3 + (i % 2 ? 1 : -2);
  }
  AddRow(session, "e", 1, v1);
  AddRow(session, "e", 2, v2);
  StatusOr<AttributionResult> r =
      Attribute(session, {.entity = "e", .from = 1, .to = 2, .samples = 10});
  ASSERT_TRUE(r.ok()) << r.status().message();
  ExpectAddsUp(*r);
  EXPECT_EQ(r->method, "sampled");
  EXPECT_EQ(r->players, 70u);
  for (int i = 0; i < 70; ++i) {
    EXPECT_NEAR(Contribution(*r, "x" + std::to_string(i)), (i + 1) * (i % 2 ? 1 : -2), 1e-9);
  }
}

TEST(AttributionTest, LeavesTheSessionAsItWas) {
  Standard standard = CompileOrDie(kCohort);
  Session session(standard);
  AddRow(session, "e0", 1, {{"x", 0}});
  AddRow(session, "e1", 1, {{"x", 5}});
  AddRow(session, "e0", 2, {{"x", 3}});
  AddRow(session, "e1", 2, {{"x", NAN}});
  std::vector<double> before;
  for (std::size_t row = 0; row < 4; ++row) before.push_back(session.total(row));
  // e1's total in period 2 is missing (x missing: no part in the cohort): an error, and
  // nothing changes either way.
  (void)Attribute(session, {.entity = "e1", .from = 1, .to = 2});
  ASSERT_TRUE(Attribute(session, {.entity = "e0", .from = 1, .to = 2}).ok());
  for (std::size_t row = 0; row < 4; ++row) {
    const double t = session.total(row);
    EXPECT_TRUE(t == before[row] || (IsMissing(t) && IsMissing(before[row]))) << row;
  }
  EXPECT_TRUE(session.is_missing(3, 0));
  EXPECT_EQ(session.value(2, 0), 3);
  EXPECT_TRUE(session.VerifyAgainstFullEvaluation().ok());
}

TEST(AttributionTest, TwoDataFiles) {
  Standard standard = CompileOrDie(kCohort);
  Session a(standard), b(standard);
  AddRow(a, "e0", 1, {{"x", 0}});
  AddRow(a, "e1", 1, {{"x", 5}});
  AddRow(a, "e2", 1, {{"x", 10}});
  AddRow(b, "e0", 1, {{"x", 0}});
  AddRow(b, "e1", 1, {{"x", 7}});
  AddRow(b, "e2", 1, {{"x", 14}});
  StatusOr<AttributionResult> r = Attribute(a, b, {.entity = "e1", .from = 1, .to = 1});
  ASSERT_TRUE(r.ok()) << r.status().message();
  ExpectAddsUp(*r);
  EXPECT_TRUE(r->context_player);
  // f(∅) = 5, f({x}) = 7, f({c}) = 5/14 * 10, f({x, c}) = 5.
  EXPECT_NEAR(Contribution(*r, "x"), 0.5 * 2 + 0.5 * (5 - 50.0 / 14), 1e-12);
}

TEST(AttributionTest, RankIdentity) {
  Standard standard = CompileOrDie(kCohort);
  Session session(standard);
  const double x1[] = {1, 9, 3, 7, 5, 2, 8}, x2[] = {6, 2, 9, 1, 5, 7, 3};
  for (int i = 0; i < 7; ++i) {
    AddRow(session, "e" + std::to_string(i), 1, {{"x", x1[i]}});
    if (i != 6) AddRow(session, "e" + std::to_string(i), 2, {{"x", x2[i]}});
  }
  AddRow(session, "new", 2, {{"x", 10}});
  for (int i = 0; i < 6; ++i) {
    StatusOr<AttributionResult> r =
        Attribute(session, {.entity = "e" + std::to_string(i), .from = 1, .to = 2});
    ASSERT_TRUE(r.ok()) << r.status().message();
    ExpectAddsUp(*r);
    int moved = 0;
    for (const RankMover& m : r->movers) {
      moved += m.how == "passed" || m.how == "entered above" ? 1 : -1;
    }
    EXPECT_EQ(r->rank_to - r->rank_from, moved) << i;
  }
}

TEST(AttributionTest, OptionsAndJson) {
  StatusOr<AttributionOptions> o =
      AttributionOptionsFromJson(R"({"entity": "A", "from": 2023, "to": 2024, "samples": 50,
                                     "seed": 3, "exact_players": 4})");
  ASSERT_TRUE(o.ok()) << o.status().message();
  EXPECT_EQ(o->entity, "A");
  EXPECT_EQ(o->to, 2024);
  EXPECT_EQ(o->samples, 50u);
  EXPECT_EQ(o->seed, 3u);
  EXPECT_EQ(o->exact_players, 4u);
  EXPECT_EQ(AttributionOptionsFromJson(R"({"entity": "A", "bogus": 1})").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(AttributionOptionsFromJson(R"({"entity": "A", "samples": 1})").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(AttributionOptionsFromJson(R"({"from": 1})").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(AttributionOptionsFromJson("[").status().code(), StatusCode::kInvalidArgument);

  Standard standard = CompileOrDie(kCohort);
  Session session(standard);
  AddRow(session, "e0", 1, {{"x", 1}});
  EXPECT_EQ(Attribute(session, {.entity = "e0", .from = 1, .to = 2}).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(Attribute(session, {.entity = "e0", .from = 1, .to = 1}).status().code(),
            StatusCode::kInvalidArgument);
}

// A standard and its variant on one data file: the inputs are the same, so the whole change
// is the context (the standard); nodes show where it comes from, removed and added ones too.
TEST(AttributionTest, StandardAndVariant) {
  const std::string base = R"(
standard base {
  indicator a points 4 {
    input x : number
    score x / 10
  }
  indicator b points 6 {
    input y : number
    score y / 10
  }
})";
  CompileOptions options;
  options.file_name = "variant.rubric";
  options.load_base = [base](std::string_view, std::string_view,
                             std::string_view) -> StatusOr<SourceFile> {
    return SourceFile{"base.rubric", base};
  };
  CompileResult variant = Standard::Compile(R"(
standard v extends base from "base.rubric" {
  change a points 8
  remove b
  indicator c points 2 {
    input z : number
    score z / 10
  }
})",
                                            options);
  ASSERT_TRUE(variant.ok()) << RenderAll(variant.diagnostics);
  Standard standard = CompileOrDie(base.c_str());
  const std::string csv =
      "entity,period,input,value\ne,1,x,5\ne,1,y,5\ne,1,z,5\nf,1,x,1\nf,1,y,9\n";
  StatusOr<AttributionResult> r =
      AttributeStandards(standard, *variant.standard, csv, "d.csv", csv, "d.csv", {},
                         {.entity = "e", .from = 1, .to = 1});
  ASSERT_TRUE(r.ok()) << r.status().message();
  ExpectAddsUp(*r);
  EXPECT_DOUBLE_EQ(r->total_from, 2 + 3);
  EXPECT_DOUBLE_EQ(r->total_to, 4 + 1);
  ASSERT_EQ(r->inputs.size(), 1u);
  EXPECT_EQ(r->inputs[0].label, "the standard (v) and the other rows");
  EXPECT_DOUBLE_EQ(Node(*r, "a").change, 2);
  EXPECT_TRUE(IsMissing(Node(*r, "b").to));
  EXPECT_TRUE(Node(*r, "c").only_in_to);
  EXPECT_DOUBLE_EQ(Node(*r, "c").to, 1);
  // The points add up: each node's share is its change (a removed one loses its points).
  EXPECT_DOUBLE_EQ(Node(*r, "a").contribution, 2);
  EXPECT_DOUBLE_EQ(Node(*r, "b").contribution, -3);
  EXPECT_DOUBLE_EQ(Node(*r, "c").contribution, 1);
  EXPECT_DOUBLE_EQ(r->unassigned, 0);
  // f: 0.4 + 5.4 = 5.8 above e (5) in the base; 0.8 + 0 = 0.8 below e in the variant.
  EXPECT_EQ(r->rank_from, 2);
  EXPECT_EQ(r->rank_to, 1);
  // A bad value is a data error.
  EXPECT_EQ(AttributeStandards(standard, *variant.standard, "entity,period,input,value\ne,1,x,a\n",
                               "d.csv", csv, "d.csv", {}, {.entity = "e", .from = 1, .to = 1})
                .status()
                .code(),
            StatusCode::kDataError);
}

// The bundled consortium standard (cohort_minmax, cohort_rank, prev()) on its cities:
// about 100 changed inputs, the sampled path with the context; every city adds up, and the
// session is left as it was.
TEST(AttributionTest, ConsortiumCitiesAddUp) {
  CompileResult compiled = Standard::CompileFile(
      (testing::SourceDir() / "examples/consortium/standard.rubric").string());
  ASSERT_TRUE(compiled.ok());
  Session session(*compiled.standard);
  const std::string csv =
      testing::ReadFileOrDie(testing::SourceDir() / "examples/consortium/cities.csv");
  ASSERT_TRUE(LoadCsv(session, csv, "cities.csv").ok());
  std::vector<double> before;
  for (std::size_t row = 0; row < session.row_count(); ++row) before.push_back(session.total(row));
  for (const char* entity : {"C0001", "C0002", "C0017"}) {
    StatusOr<AttributionResult> r =
        Attribute(session, {.entity = entity, .from = 2024, .to = 2025, .samples = 100});
    ASSERT_TRUE(r.ok()) << r.status().message();
    ExpectAddsUp(*r);
    EXPECT_EQ(r->method, "sampled");
    EXPECT_TRUE(r->context_player);
    int moved = 0;
    for (const RankMover& m : r->movers) {
      moved += m.how == "passed" || m.how == "entered above" ? 1 : -1;
    }
    EXPECT_EQ(r->rank_to - r->rank_from, moved) << entity;
  }
  for (std::size_t row = 0; row < session.row_count(); ++row) {
    EXPECT_EQ(session.total(row), before[row]) << row;
  }
  EXPECT_TRUE(session.VerifyAgainstFullEvaluation().ok());
}

// The command: table and JSON of a cohort case, and the usage errors.
class AttributeCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("rubric_attribute_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    std::ofstream(dir_ / "c.rubric") << kCohort;
    std::ofstream(dir_ / "a.csv") << "entity,period,input,value\n"
                                     "e0,2023,x,0\ne1,2023,x,5\ne2,2023,x,10\ne3,2023,x,4\n"
                                     "e0,2024,x,0\ne1,2024,x,6\ne2,2024,x,20\ne3,2024,x,8\n";
    std::ofstream(dir_ / "b.csv") << "entity,period,input,value\n"
                                     "e0,2023,x,0\ne1,2023,x,7\ne2,2023,x,14\ne3,2023,x,4\n";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Args(const std::string& rest) {
    return testing::Cli() + " attribute " + testing::Quote(dir_ / "c.rubric") + " " +
           testing::Quote(dir_ / "a.csv") + " " + rest;
  }
  std::filesystem::path dir_;
};

TEST_F(AttributeCliTest, Table) {
  const auto result = testing::RunCommand(Args("--entity e1 --from 2023 --to 2024"));
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out,
            "e1: 2023 -> 2024: total 5.0000 -> 3.0000 (-2.0000)\n"
            "method: Shapley values over 2 players (changed inputs and the context), exact, 4 "
            "totals\n"
            "\n"
            "by input\n"
            "  INPUT                                                   FROM  TO  CONTRIBUTION\n"
            "  (context) the other rows: cohorts and previous periods                 -2.7500\n"
            "  x                                                          5   6       +0.7500\n"
            "\n"
            "by node\n"
            "  NODE               FROM      TO   CHANGE  CONTRIBUTION\n"
            "  a                5.0000  3.0000  -2.0000       +0.7500\n"
            "  (not in a node)                                -2.7500\n"
            "  where the contribution is not the change:\n"
            "    a: its rules read other rows (cohort, prev()): that part is the context's\n"
            "\n"
            "rank: 2 -> 3\n"
            "  ENTITY  HOW       FROM      TO   CHANGE\n"
            "  e3      passed  4.0000  4.0000  +0.0000\n");
}

TEST_F(AttributeCliTest, JsonAndTwoDataFiles) {
  auto result = testing::RunCommand(Args("--entity e1 --from 2023 --to 2024 --format json"));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  nlohmann::json j = nlohmann::json::parse(result.out);
  EXPECT_EQ(j["change"], -2.0);
  EXPECT_EQ(j["method"], "exact");
  EXPECT_EQ(j["rank"]["from"], 2);
  EXPECT_EQ(j["rank"]["movers"][0]["entity"], "e3");
  result = testing::RunCommand(Args("--entity e1 --period 2023 --data-to " +
                                    testing::Quote(dir_ / "b.csv") + " --format json"));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  j = nlohmann::json::parse(result.out);
  EXPECT_NEAR(
      j["inputs"][0]["contribution"].get<double>() + j["inputs"][1]["contribution"].get<double>(),
      j["change"].get<double>(), 1e-9);
}

TEST_F(AttributeCliTest, StandardAndVariant) {
  const auto result = testing::RunCommand(
      testing::Cli() + " attribute " + testing::ConsortiumStandardArg() + " " +
      testing::CitiesArg() + " --entity C0001 --period 2024 --standard-to " +
      testing::Quote(testing::SourceDir() / "examples/consortium/jiangsu.rubric") +
      " --format json");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const nlohmann::json j = nlohmann::json::parse(result.out);
  EXPECT_EQ(j["inputs"].size(), 1u);
  EXPECT_EQ(j["inputs"][0]["label"], "the standard (jiangsu) and the other rows");
  double sum = j["unassigned"].get<double>();
  for (const auto& node : j["nodes"]) {
    if (node["depth"] == 1) sum += node["contribution"].get<double>();
  }
  EXPECT_NEAR(sum, j["change"].get<double>(), 1e-9);
}

TEST_F(AttributeCliTest, Errors) {
  EXPECT_EQ(testing::RunCommand(Args("--entity e1 --from 2023")).exit_code, 2);
  EXPECT_EQ(testing::RunCommand(Args("--entity e1 --from 2023 --to x")).exit_code, 2);
  EXPECT_EQ(testing::RunCommand(Args("--entity e1 --from 2023 --to 2024 --format csv")).exit_code,
            2);
  EXPECT_EQ(testing::RunCommand(Args("--entity nobody --from 2023 --to 2024")).exit_code, 1);
  EXPECT_EQ(testing::RunCommand(Args("--entity e1 --from 2023 --to 2024 --samples 1")).exit_code,
            2);
}

}  // namespace
}  // namespace rubric
