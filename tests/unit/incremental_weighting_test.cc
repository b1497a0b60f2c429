// Incremental evaluation of weighted groups (entropy, CRITIC, TOPSIS, combinations; some
// `by region`, some `across periods`): random batches of edits (values set and cleared,
// regions changed, rows added and removed) on a session over three periods; after each
// batch every node value and total equal, bit for bit, those of a fresh session loaded with
// the same data and evaluated in full.
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "rubric/diagnostic.h"
#include "rubric/missing.h"
#include "rubric/session.h"
#include "rubric/standard.h"

namespace rubric {
namespace {

constexpr const char* kSource = R"(
standard weighted {
  input x1 : number missing exclude
  input x2 : number missing exclude
  input x3 : number missing exclude
  input x4 : number missing exclude
  input region : enum { north, south, east } missing exclude
  group ge {
    weights entropy
    indicator e1 { value x1 }
    indicator e2 { value x2 }
    indicator e3 { value x3 }
  }
  group gc {
    weights critic by region
    indicator c1 { value x1 }
    indicator c2 { value x2 }
    indicator c3 { value x4 }
  }
  group tg {
    aggregate topsis across periods
    indicator t1 weight 2 { value x1 }
    indicator t2 weight 1 cost { value x2 }
    indicator t3 weight 3 { value x3 }
  }
  group te {
    aggregate topsis by region
    weights entropy by region across periods
    indicator u1 { value x2 }
    indicator u2 cost { value x3 }
    indicator u3 { value x4 }
  }
  group pm {
    aggregate geomean
    coverage >= 60%
    weights product(given, critic across periods)
    indicator p1 weight 2 { value x1 }
    indicator p2 weight 1 { value x3 }
    indicator p3 weight 1 { value x4 }
  }
  group cm {
    aggregate hmean
    weights mean(entropy by region, critic)
    indicator k1 { value cohort_minmax(x1) }
    indicator k2 { value 1 - cohort_minmax(x2 by region) }
    indicator k3 { value x3 / 10 }
  }
}
)";

constexpr int kNumbers = 4;
constexpr std::size_t kRegion = 4;

Standard CompileOrDie(const char* source) {
  CompileResult result = Standard::Compile(source, "weighted.rubric");
  EXPECT_TRUE(result.ok()) << RenderAll(result.diagnostics, source);
  return std::move(*result.standard);
}

bool SameBits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

class Driver {
 public:
  Driver(const Standard& standard, std::uint32_t seed) : session_(standard), random_(seed) {
    for (int e = 0; e < 10; ++e) {
      for (std::int64_t period = 2021; period <= 2023; ++period) {
        if (Chance(10)) continue;
        const std::size_t row = *session_.AddRow("e" + std::to_string(e), period);
        for (int input = 0; input < kNumbers; ++input) {
          if (!Chance(10)) SetNumber(row, static_cast<std::size_t>(input));
        }
        if (!Chance(10)) SetRegion(row);
      }
    }
  }

  Session& session() { return session_; }

  std::string Step() {
    std::vector<std::size_t> live;
    for (std::size_t r = 0; r < session_.row_count(); ++r) {
      if (session_.live(r)) live.push_back(r);
    }
    const int kind = Pick(100);
    if (live.empty() || kind >= 90) {
      const std::string entity = "e" + std::to_string(Pick(14));
      const std::int64_t period = 2021 + Pick(3);
      if (session_.FindRow(entity, period)) return "add (exists)";
      const std::size_t row = *session_.AddRow(entity, period);
      for (int input = 0; input < kNumbers; ++input) {
        if (Chance(80)) SetNumber(row, static_cast<std::size_t>(input));
      }
      if (Chance(85)) SetRegion(row);
      return "add row " + std::to_string(row);
    }
    const std::size_t row = live[static_cast<std::size_t>(Pick(static_cast<int>(live.size())))];
    const std::string at = " row " + std::to_string(row);
    const std::size_t input = static_cast<std::size_t>(Pick(kNumbers));
    if (kind < 55) {
      SetNumber(row, input);
      return "set x" + std::to_string(input + 1) + at;
    }
    if (kind < 72) {
      EXPECT_TRUE(session_.Clear(row, input).ok());
      return "clear x" + std::to_string(input + 1) + at;
    }
    if (kind < 84) {
      if (Chance(15)) {
        EXPECT_TRUE(session_.Clear(row, kRegion).ok());
        return "clear region" + at;
      }
      SetRegion(row);
      return "set region" + at;
    }
    EXPECT_TRUE(session_.RemoveRow(row).ok());
    return "remove" + at;
  }

 private:
  int Pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(random_); }
  bool Chance(int percent) { return Pick(100) < percent; }

  void SetNumber(std::size_t row, std::size_t input) {
    // Small integers (ties, zeros: 0 ln 0, constant cohorts), fractions, the odd outlier
    // and the odd negative (entropy NaN).
    double value = Pick(8);
    if (Chance(30)) value += Pick(1000) / 1000.0;
    if (Chance(4)) value = 100 + Pick(50);
    if (Chance(1)) value = -1;
    EXPECT_TRUE(session_.SetNumber(row, input, value).ok());
  }
  void SetRegion(std::size_t row) {
    EXPECT_TRUE(session_.SetOption(row, kRegion, static_cast<std::size_t>(Pick(3))).ok());
  }

  Session session_;
  std::mt19937 random_;
};

// A fresh session with the live rows of `edited`, in their order, and their values,
// evaluated in full.
Session Reload(const Standard& standard, const Session& edited, unsigned threads) {
  Session fresh(standard);
  for (std::size_t r = 0; r < edited.row_count(); ++r) {
    if (!edited.live(r)) continue;
    const std::size_t row = *fresh.AddRow(edited.entity(r), edited.period(r));
    for (std::size_t input = 0; input < static_cast<std::size_t>(kNumbers); ++input) {
      if (!edited.is_missing(r, input)) {
        EXPECT_TRUE(fresh.SetNumber(row, input, edited.value(r, input)).ok());
      }
    }
    if (!edited.is_missing(r, kRegion)) {
      const auto option = static_cast<std::size_t>(edited.value(r, kRegion));
      EXPECT_TRUE(fresh.SetOption(row, kRegion, option).ok());
    }
  }
  fresh.Evaluate(threads);
  return fresh;
}

// Every node value and total of `edited` equal those of `fresh`, bit for bit.
std::string Compare(const Standard& standard, Session& edited, const Session& fresh,
                    std::size_t* values, std::size_t* nans) {
  const std::size_t nodes = standard.nodes().size();
  for (std::size_t r = 0; r < edited.row_count(); ++r) {
    if (!edited.live(r)) continue;
    const std::optional<std::size_t> f = fresh.FindRow(edited.entity(r), edited.period(r));
    if (!f) return "row " + std::to_string(r) + " not in the fresh session";
    for (std::size_t n = 0; n < nodes; ++n) {
      const double a = edited.node_value(r, n);
      const double b = fresh.node_value(*f, n);
      ++*values;
      if (std::isnan(a) && !IsMissing(a)) ++*nans;
      if (!SameBits(a, b)) {
        char text[200];
        std::snprintf(text, sizeof text,
                      "row %zu (%s %lld), node %s: incremental %.17g, full %.17g", r,
                      edited.entity(r).c_str(), static_cast<long long>(edited.period(r)),
                      standard.nodes()[n].id.c_str(), a, b);
        return text;
      }
    }
    const double a = edited.total(r);
    const double b = fresh.total(*f);
    if (!SameBits(a, b)) return "row " + std::to_string(r) + ": totals differ";
  }
  return "";
}

TEST(IncrementalWeightingTest, RandomEditsMatchAFreshFullEvaluation) {
  const Standard standard = CompileOrDie(kSource);
  std::size_t values = 0, nans = 0, batches = 0;
  for (const std::uint32_t seed : {1u, 2u, 3u, 14u, 2026u}) {
    Driver driver(standard, seed);
    driver.session().Evaluate();
    for (int batch = 0; batch < 40; ++batch) {
      std::string what;
      const int edits = 1 + batch % 5;
      for (int e = 0; e < edits; ++e) what += driver.Step() + "; ";
      // Half of the batches read one node first (the lazy path), then everything.
      if (batch % 2 == 0 && driver.session().row_count() > 0) {
        for (std::size_t r = 0; r < driver.session().row_count(); ++r) {
          if (driver.session().live(r)) {
            (void)driver.session().total(r);
            break;
          }
        }
      }
      // Every other fresh evaluation on two threads (the same results, bit for bit).
      const Session fresh = Reload(standard, driver.session(), batch % 2 == 0 ? 1 : 2);
      const std::string difference = Compare(standard, driver.session(), fresh, &values, &nans);
      ASSERT_EQ(difference, "") << "seed " << seed << ", batch " << batch << " (" << what << ")";
      const Status status = driver.session().VerifyAgainstFullEvaluation();
      ASSERT_TRUE(status.ok()) << "seed " << seed << ", batch " << batch << ": "
                               << status.message();
      ++batches;
    }
  }
  EXPECT_GT(values, 10000u);
  EXPECT_GT(nans, 0u);  // negative values reach the entropy (NaN weights)
  std::printf("%zu batches, %zu node values compared (%zu NaN)\n", batches, values, nans);
}

}  // namespace
}  // namespace rubric
