// The AHP kernel (lib/sema/ahp.h): published worked examples, consistent matrices, the
// reciprocity and scale checks, the RI tables, and the cases of the independent Python
// reference (tests/reference/ahp.py -> tests/data/ahp_cases.json).
#include "sema/ahp.h"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace rubric::sema::ahp {
namespace {

using Matrix = std::vector<std::vector<double>>;

// The full matrix with the upper triangle `upper` (row by row) and its exact reciprocals.
Matrix Reciprocal(int n, const std::vector<double>& upper) {
  Matrix a(n, std::vector<double>(n, 1.0));
  std::size_t k = 0;
  for (int i = 0; i < n; ++i) {
    for (int j = i + 1; j < n; ++j) {
      a[i][j] = upper[k++];
      a[j][i] = 1 / a[i][j];
    }
  }
  return a;
}

// Published values are rounded to `decimals` places: equal within half a unit of the last.
void ExpectRounded(const std::vector<double>& published, const std::vector<double>& actual,
                   int decimals) {
  ASSERT_EQ(published.size(), actual.size());
  const double half_unit = 0.5 * std::pow(10.0, -decimals) + 1e-12;
  for (std::size_t i = 0; i < published.size(); ++i) {
    EXPECT_NEAR(published[i], actual[i], half_unit) << "weight " << i;
  }
}

double Sum(const std::vector<double>& w) {
  double s = 0;
  for (double x : w) s += x;
  return s;
}

// ---------------------------------------------------------------------------------------
// Random index tables.

TEST(AhpRandomIndex, SaatyTable) {
  // Saaty, The Analytic Hierarchy Process (McGraw-Hill, 1980), n = 1..10; 11..15 as
  // extended in his later simulations. The table as printed, e.g.
  // https://iwaponline.com/view-large/3120630 (n = 1..8), and the complete list of 15 in
  // https://hackage.haskell.org/package/hahp-0.1.0/candidate/src/src/HAHP/Algorithm/Consistency.hs
  const double saaty[] = {0,    0,    0.58, 0.90, 1.12, 1.24, 1.32, 1.41,
                          1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59};
  for (int n = 1; n <= 15; ++n) {
    EXPECT_EQ(RandomIndexOf(RandomIndex::kSaaty, n), saaty[n - 1]) << "n = " << n;
  }
}

TEST(AhpRandomIndex, AlonsoLamataTable) {
  // Alonso & Lamata, "Consistency in the analytic hierarchy process: a new approach",
  // IJUFKBS 14(4) 2006, 445-459 (100,000 matrices per order),
  // https://slideblast.com/download/consistency-in-the-analytic-hierarchy-semantic-scholar_594919b31723dd4c2389920a.html
  const double alonso[] = {0,      0,      0.5245, 0.8815, 1.1086, 1.2479, 1.3417, 1.4056,
                           1.4499, 1.4854, 1.5141, 1.5365, 1.5551, 1.5713, 1.5838};
  for (int n = 1; n <= 15; ++n) {
    EXPECT_EQ(RandomIndexOf(RandomIndex::kAlonso, n), alonso[n - 1]) << "n = " << n;
  }
}

TEST(AhpRandomIndex, OutsideTheTables) {
  for (RandomIndex table : {RandomIndex::kSaaty, RandomIndex::kAlonso}) {
    EXPECT_EQ(RandomIndexOf(table, 16), -1);
    EXPECT_EQ(RandomIndexOf(table, 100), -1);
    EXPECT_EQ(RandomIndexOf(table, 0), -1);
  }
}

// ---------------------------------------------------------------------------------------
// Published examples (eigenvector method, Saaty's RI).

// Saaty, "How to make a decision: the analytic hierarchy process", European Journal of
// Operational Research 48 (1990) 9-26, doi:10.1016/0377-2217(90)90057-I, Table 2: the
// eight criteria of choosing a house. Printed: w = .173 .054 .188 .018 .031 .036 .167 .333,
// lambda_max = 9.669, C.I. = 0.238, C.R. = 0.169.
// https://www.scribd.com/doc/152351928/AHP-Decisions (the paper);
// https://studopedia.info/4-100870.html (the matrix, in Russian translation).
TEST(AhpPublished, SaatyHouse) {
  const Matrix house = {
      {1, 5, 3, 7, 6, 6, 1.0 / 3, 1.0 / 4},
      {1.0 / 5, 1, 1.0 / 3, 5, 3, 3, 1.0 / 5, 1.0 / 7},
      {1.0 / 3, 3, 1, 6, 3, 4, 6, 1.0 / 5},
      {1.0 / 7, 1.0 / 5, 1.0 / 6, 1, 1.0 / 3, 1.0 / 4, 1.0 / 7, 1.0 / 8},
      {1.0 / 6, 1.0 / 3, 1.0 / 3, 3, 1, 1.0 / 2, 1.0 / 5, 1.0 / 6},
      {1.0 / 6, 1.0 / 3, 1.0 / 4, 4, 2, 1, 1.0 / 5, 1.0 / 6},
      {3, 5, 1.0 / 6, 7, 5, 5, 1, 1.0 / 2},
      {4, 7, 5, 8, 6, 6, 2, 1},
  };
  const Result r = Priorities(house, Priority::kEigenvector, RandomIndex::kSaaty);
  ExpectRounded({.173, .054, .188, .018, .031, .036, .167, .333}, r.weights, 3);
  EXPECT_NEAR(r.lambda_max, 9.669, 0.0005);
  EXPECT_NEAR(r.ci, 0.238, 0.0005);
  EXPECT_EQ(r.ri, 1.41);
  EXPECT_NEAR(r.cr, 0.169, 0.0005);
  EXPECT_GT(r.cr, 0.1);  // Saaty's example itself needs its judgments revised
}

// Saaty, "Decision making with the analytic hierarchy process", Int. J. Services Sciences
// 1(1) 2008, 83-98, doi:10.1504/IJSSCI.2008.017590: the relative consumption of drinks in
// the US (coffee, wine, tea, beer, sodas, milk, water). Printed: .177 .019 .042 .116 .190
// .129 .327; reproduced with C.R. = 0.022 in the AHPy README,
// https://github.com/PhilipGriffith/AHPy#relative-consumption-of-drinks-in-the-united-states
TEST(AhpPublished, SaatyDrinks) {
  const Matrix drinks = {
      {1, 9, 5, 2, 1, 1, 1.0 / 2},
      {1.0 / 9, 1, 1.0 / 3, 1.0 / 9, 1.0 / 9, 1.0 / 9, 1.0 / 9},
      {1.0 / 5, 3, 1, 1.0 / 3, 1.0 / 4, 1.0 / 3, 1.0 / 9},
      {1.0 / 2, 9, 3, 1, 1.0 / 2, 1, 1.0 / 3},
      {1, 9, 4, 2, 1, 2, 1.0 / 2},
      {1, 9, 3, 1, 1.0 / 2, 1, 1.0 / 3},
      {2, 9, 9, 3, 2, 3, 1},
  };
  const Result r = Priorities(drinks, Priority::kEigenvector, RandomIndex::kSaaty);
  ExpectRounded({.177, .019, .042, .116, .190, .129, .327}, r.weights, 3);
  EXPECT_NEAR(r.cr, 0.022, 0.0005);
  EXPECT_EQ(r.ri, 1.32);
}

// Wikipedia, "Analytic hierarchy process - leader example": the criteria experience,
// education, charisma, age,
// https://en.wikipedia.org/wiki/Analytic_hierarchy_process_%E2%80%93_leader_example The article
// prints .547 .127 .270 .056 from an online calculator "designed for convenience, not accuracy";
// the eigenvector gives 0.5476, printed as 0.548 with C.R. 0.044 by AHPy,
// https://github.com/PhilipGriffith/AHPy#choosing-a-leader
TEST(AhpPublished, WikipediaLeaderCriteria) {
  const Matrix criteria = Reciprocal(4, {4, 3, 7, 1.0 / 3, 3, 5});
  const Result r = Priorities(criteria, Priority::kEigenvector, RandomIndex::kSaaty);
  ExpectRounded({.548, .127, .270, .056}, r.weights, 3);
  ExpectRounded({.547, .127, .270, .056}, r.weights, 2);  // the article, to 2 decimals
  EXPECT_NEAR(r.cr, 0.044, 0.0005);
}

// Wikipedia, "Analytic hierarchy process - car example": the criteria cost, safety, style,
// capacity, https://en.wikipedia.org/wiki/Analytic_hierarchy_process_%E2%80%93_car_example
// Eigenvector priorities as printed by AHPy (0.51, 0.234, 0.041, 0.215),
// https://github.com/PhilipGriffith/AHPy#purchasing-a-vehicle (its C.R. of 0.08 uses
// Donegan & Dodd's RI, not compared here).
TEST(AhpPublished, WikipediaCarCriteria) {
  const Matrix criteria = Reciprocal(4, {3, 7, 3, 9, 1, 1.0 / 7});
  const Result r = Priorities(criteria, Priority::kEigenvector, RandomIndex::kSaaty);
  ExpectRounded({.510, .234, .041, .215}, r.weights, 3);
  EXPECT_LT(r.cr, 0.1);
}

// ---------------------------------------------------------------------------------------
// Consistent matrices: a_ij = w_i / w_j. Every method returns w exactly (to rounding),
// lambda_max = n and CR = 0.

TEST(AhpConsistent, EveryMethodRecoversTheRatios) {
  const std::vector<double> w = {9, 6, 3, 2, 1};  // sum 21
  Matrix a(5, std::vector<double>(5));
  for (int i = 0; i < 5; ++i) {
    for (int j = 0; j < 5; ++j) a[i][j] = w[i] / w[j];
  }
  for (Priority method : {Priority::kEigenvector, Priority::kApproximate, Priority::kGeometric}) {
    for (RandomIndex table : {RandomIndex::kSaaty, RandomIndex::kAlonso}) {
      const Result r = Priorities(a, method, table);
      ASSERT_EQ(r.weights.size(), 5u);
      for (int i = 0; i < 5; ++i) EXPECT_NEAR(r.weights[i], w[i] / 21, 1e-15);
      EXPECT_NEAR(r.lambda_max, 5, 1e-14);
      EXPECT_NEAR(r.ci, 0, 1e-14);
      EXPECT_NEAR(r.cr, 0, 1e-14);
    }
  }
}

TEST(AhpConsistent, AllEqual) {
  const Matrix ones(6, std::vector<double>(6, 1.0));
  const Result r = Priorities(ones, Priority::kEigenvector, RandomIndex::kSaaty);
  for (double x : r.weights) EXPECT_DOUBLE_EQ(x, 1.0 / 6);  // within 4 ulps
  EXPECT_DOUBLE_EQ(r.lambda_max, 6);
  EXPECT_NEAR(r.cr, 0, 1e-15);
}

// ---------------------------------------------------------------------------------------
// Small orders.

TEST(AhpSmall, OrderOne) {
  const Result r = Priorities({{1}}, Priority::kEigenvector, RandomIndex::kSaaty);
  ASSERT_EQ(r.weights.size(), 1u);
  EXPECT_EQ(r.weights[0], 1);
  EXPECT_EQ(r.lambda_max, 1);
  EXPECT_EQ(r.ci, 0);
  EXPECT_EQ(r.cr, 0);
}

TEST(AhpSmall, OrderTwoIsAlwaysConsistent) {
  for (Priority method : {Priority::kEigenvector, Priority::kApproximate, Priority::kGeometric}) {
    const Result r = Priorities(Reciprocal(2, {3}), method, RandomIndex::kSaaty);
    ASSERT_EQ(r.weights.size(), 2u);
    EXPECT_NEAR(r.weights[0], 0.75, 1e-15);
    EXPECT_NEAR(r.weights[1], 0.25, 1e-15);
    EXPECT_EQ(r.ci, 0);
    EXPECT_EQ(r.cr, 0);
  }
}

TEST(AhpSmall, Empty) {
  const Result r = Priorities({}, Priority::kEigenvector, RandomIndex::kSaaty);
  EXPECT_TRUE(r.weights.empty());
  EXPECT_EQ(r.cr, 0);
}

TEST(AhpSmall, AboveTheTablesCrIsNaN) {
  const Matrix ones(16, std::vector<double>(16, 1.0));
  const Result r = Priorities(ones, Priority::kEigenvector, RandomIndex::kSaaty);
  EXPECT_EQ(r.ri, -1);
  EXPECT_TRUE(std::isnan(r.cr));
  EXPECT_NEAR(Sum(r.weights), 1, 1e-15);
}

// ---------------------------------------------------------------------------------------
// The approximate and geometric methods, worked by hand on A = [1 3 5; 1/3 1 2; 1/5 1/2 1].

const Matrix kThree = Reciprocal(3, {3, 5, 2});

TEST(AhpMethods, ApproximateByHand) {
  // Column sums 23/15, 9/2, 8; each row of the column-normalised matrix averaged.
  const std::vector<double> expected = {
      (15.0 / 23 + 2.0 / 3 + 5.0 / 8) / 3,
      (5.0 / 23 + 2.0 / 9 + 2.0 / 8) / 3,
      (3.0 / 23 + 1.0 / 9 + 1.0 / 8) / 3,
  };
  const Result r = Priorities(kThree, Priority::kApproximate, RandomIndex::kSaaty);
  for (int i = 0; i < 3; ++i) EXPECT_NEAR(r.weights[i], expected[i], 1e-15);
  EXPECT_NEAR(Sum(r.weights), 1, 1e-15);
  // lambda_max from these weights, as for the eigenvector
  double lambda = 0;
  for (int i = 0; i < 3; ++i) {
    double aw = 0;
    for (int j = 0; j < 3; ++j) aw += kThree[i][j] * expected[j];
    lambda += aw / expected[i] / 3;
  }
  EXPECT_NEAR(r.lambda_max, lambda, 1e-14);
  EXPECT_NEAR(r.cr, (lambda - 3) / 2 / 0.58, 1e-13);
}

TEST(AhpMethods, GeometricByHand) {
  // Row products 15, 2/3, 1/10; their cube roots, normalised.
  const double g[] = {std::cbrt(15.0), std::cbrt(2.0 / 3), std::cbrt(0.1)};
  const double sum = g[0] + g[1] + g[2];
  const Result r = Priorities(kThree, Priority::kGeometric, RandomIndex::kSaaty);
  for (int i = 0; i < 3; ++i) EXPECT_NEAR(r.weights[i], g[i] / sum, 1e-15);
}

TEST(AhpMethods, GeometricIsTheEigenvectorForOrderThree) {
  // For a reciprocal 3 x 3 matrix the normalised row geometric means are the principal
  // eigenvector (Saaty; Crawford & Williams 1985).
  for (const Matrix& a : {kThree, Reciprocal(3, {9, 1.0 / 9, 9}), Reciprocal(3, {2, 7, 1.0 / 4})}) {
    const Result e = Priorities(a, Priority::kEigenvector, RandomIndex::kSaaty);
    const Result g = Priorities(a, Priority::kGeometric, RandomIndex::kSaaty);
    for (int i = 0; i < 3; ++i) EXPECT_NEAR(e.weights[i], g.weights[i], 1e-14);
    EXPECT_NEAR(e.lambda_max, g.lambda_max, 1e-13);
  }
}

TEST(AhpMethods, EigenvectorSatisfiesTheEigenEquation) {
  // (A w)_i / w_i is the same for every i: the iteration has converged.
  const Result r = Priorities(kThree, Priority::kEigenvector, RandomIndex::kSaaty);
  for (int i = 0; i < 3; ++i) {
    double aw = 0;
    for (int j = 0; j < 3; ++j) aw += kThree[i][j] * r.weights[j];
    EXPECT_NEAR(aw / r.weights[i], r.lambda_max, 1e-13);
  }
  EXPECT_GT(r.lambda_max, 3);  // lambda_max >= n for a positive reciprocal matrix
}

// ---------------------------------------------------------------------------------------
// Reciprocity and the scale.

TEST(AhpReciprocity, ExactReciprocalsPass) {
  EXPECT_FALSE(FirstNonReciprocalPair(kThree).has_value());
  EXPECT_FALSE(FirstNonReciprocalPair({{1}}).has_value());
  EXPECT_FALSE(FirstNonReciprocalPair({}).has_value());
}

TEST(AhpReciprocity, TwoDecimalRoundingPasses) {
  // 0.33 x 3 = 0.99 and 0.14 x 7 = 0.98: within 0.025.
  const Matrix rounded = {{1, 3, 7}, {0.33, 1, 2}, {0.14, 0.5, 1}};
  EXPECT_FALSE(FirstNonReciprocalPair(rounded).has_value());
  // 0.3 x 3 = 0.9 is not.
  const Matrix wrong = {{1, 3, 7}, {0.3, 1, 2}, {0.14, 0.5, 1}};
  const auto pair = FirstNonReciprocalPair(wrong);
  ASSERT_TRUE(pair.has_value());
  EXPECT_EQ(*pair, std::make_pair(0, 1));
}

TEST(AhpReciprocity, FirstPairInRowOrder) {
  Matrix a = Reciprocal(4, {2, 3, 4, 5, 6, 7});
  a[3][1] = 6;  // pair (1, 3): 6 x 6
  a[2][1] = 5;  // pair (1, 2): 5 x 5, reported first
  const auto pair = FirstNonReciprocalPair(a);
  ASSERT_TRUE(pair.has_value());
  EXPECT_EQ(*pair, std::make_pair(1, 2));
}

TEST(AhpReciprocity, ToleranceIsAnArgument) {
  const Matrix rounded = {{1, 3}, {0.33, 1}};
  EXPECT_FALSE(FirstNonReciprocalPair(rounded).has_value());
  EXPECT_TRUE(FirstNonReciprocalPair(rounded, 0.005).has_value());
  EXPECT_TRUE(FirstNonReciprocalPair({{1, 2}, {2, 1}}).has_value());
}

TEST(AhpScale, SaatyScale) {
  EXPECT_TRUE(OnSaatyScale(1));
  EXPECT_TRUE(OnSaatyScale(9));
  EXPECT_TRUE(OnSaatyScale(1.0 / 9));
  EXPECT_TRUE(OnSaatyScale(0.5));
  EXPECT_TRUE(OnSaatyScale(2.5));  // not an integer judgment, but on the scale's range
  EXPECT_FALSE(OnSaatyScale(9.01));
  EXPECT_FALSE(OnSaatyScale(10));
  EXPECT_FALSE(OnSaatyScale(0.1));
  EXPECT_TRUE(OnSaatyScale(0.11));  // 1/9 rounded to 2 decimals, as published matrices write it
  EXPECT_FALSE(OnSaatyScale(0.108));
  EXPECT_FALSE(OnSaatyScale(0));
  EXPECT_FALSE(OnSaatyScale(-3));
  EXPECT_FALSE(OnSaatyScale(std::nan("")));
}

// ---------------------------------------------------------------------------------------
// The cases of the Python reference (60-digit decimals, eigenvector by repeated squaring).

double Entry(const std::string& text) {
  const std::size_t slash = text.find('/');
  if (slash == std::string::npos) return std::strtod(text.c_str(), nullptr);
  return std::strtod(text.substr(0, slash).c_str(), nullptr) /
         std::strtod(text.substr(slash + 1).c_str(), nullptr);
}

TEST(AhpReference, MatchesThePythonReference) {
  const std::string path = std::string(RUBRIC_SOURCE_DIR) + "/tests/data/ahp_cases.json";
  std::ifstream in(path);
  ASSERT_TRUE(in) << "cannot read " << path;
  const nlohmann::json doc = nlohmann::json::parse(in);
  for (int n = 1; n <= 15; ++n) {
    EXPECT_EQ(RandomIndexOf(RandomIndex::kSaaty, n), doc["saaty_ri"][n - 1].get<double>());
    EXPECT_EQ(RandomIndexOf(RandomIndex::kAlonso, n), doc["alonso_ri"][n - 1].get<double>());
  }
  ASSERT_GE(doc["cases"].size(), 10u);
  const std::pair<const char*, Priority> methods[] = {{"eigenvector", Priority::kEigenvector},
                                                      {"approximate", Priority::kApproximate},
                                                      {"geometric", Priority::kGeometric}};
  for (const auto& c : doc["cases"]) {
    SCOPED_TRACE(c["name"].get<std::string>());
    Matrix a;
    for (const auto& row : c["matrix"]) {
      a.emplace_back();
      for (const auto& x : row) a.back().push_back(Entry(x.get<std::string>()));
    }
    for (const auto& [name, method] : methods) {
      SCOPED_TRACE(name);
      const nlohmann::json& e = c["expected"][name];
      const Result saaty = Priorities(a, method, RandomIndex::kSaaty);
      const Result alonso = Priorities(a, method, RandomIndex::kAlonso);
      const std::vector<double> weights = e["weights"].get<std::vector<double>>();
      ASSERT_EQ(saaty.weights.size(), weights.size());
      for (std::size_t i = 0; i < weights.size(); ++i) {
        EXPECT_NEAR(saaty.weights[i], weights[i], 1e-12) << "weight " << i;
      }
      const double lambda = e["lambda_max"].get<double>();
      EXPECT_NEAR(saaty.lambda_max, lambda, 1e-12 * lambda);
      EXPECT_NEAR(saaty.ci, e["ci"].get<double>(), 1e-12);
      if (e.contains("cr_saaty")) {
        EXPECT_NEAR(saaty.cr, e["cr_saaty"].get<double>(), 1e-12);
        EXPECT_NEAR(alonso.cr, e["cr_alonso"].get<double>(), 1e-12);
      }
    }
  }
}

}  // namespace
}  // namespace rubric::sema::ahp
