// Compile work grows linearly with the standard: the allocations per node stay flat from
// 10^3 to 10^5 indicators (the time curve is in bench/, BM_CompileGenerated). Counted, not
// timed, so the test means the same on any machine.
#include <atomic>
#include <cstdlib>
#include <new>
#include <string>

#include "gtest/gtest.h"
#include "rubric/generate.h"
#include "rubric/standard.h"

// GCC sees the replaced operator delete's free() next to new-expressions and warns of a
// mismatch; the replaced operator new allocates with malloc, so they match.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

namespace {
std::atomic<bool> counting{false};
std::atomic<std::size_t> allocations{0};
}  // namespace

// Every allocation of this test binary (its own executable, for that reason) goes through
// here; only counted while `counting`. Every unaligned form is replaced, so that each
// delete meets a new of the same family.
namespace {
void* Allocate(std::size_t size) {
  if (counting.load(std::memory_order_relaxed)) allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(size == 0 ? 1 : size);
}
}  // namespace
void* operator new(std::size_t size) {
  if (void* p = Allocate(size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) {
  if (void* p = Allocate(size)) return p;
  throw std::bad_alloc();
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept { return Allocate(size); }
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept { return Allocate(size); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }

namespace rubric {
namespace {

struct Work {
  std::size_t nodes = 0;
  std::size_t allocations = 0;
};

Work CompileGenerated(std::size_t indicators) {
  StandardShape shape;
  shape.indicators = indicators;
  const std::string source = GenerateStandardSource(shape);
  allocations = 0;
  counting = true;
  CompileResult result = Standard::Compile(source, "generated.rubric");
  counting = false;
  EXPECT_TRUE(result.ok());
  Work work;
  work.allocations = allocations;
  work.nodes = result.ok() ? result.standard->nodes().size() + result.standard->inputs().size() : 1;
  return work;
}

TEST(CompileScalingTest, AllocationsPerNodeStayFlat) {
  const Work small = CompileGenerated(1000);
  const Work large = CompileGenerated(30000);
  const double per_node_small = static_cast<double>(small.allocations) / small.nodes;
  const double per_node_large = static_cast<double>(large.allocations) / large.nodes;
  RecordProperty("allocations_per_node_1000", std::to_string(per_node_small));
  RecordProperty("allocations_per_node_30000", std::to_string(per_node_large));
  EXPECT_GT(large.nodes, 25 * small.nodes);
  // Linear work: the same allocations per node, give or take the containers' growth.
  EXPECT_LT(per_node_large, per_node_small * 1.25)
      << per_node_small << " allocations per node at 1,000 indicators, " << per_node_large
      << " at 30,000";
  EXPECT_GT(per_node_large, per_node_small * 0.75);
}

// Wide groups and long argument lists: no quadratic blow-up in a group with many children
// or a sum of many terms either. (A chain `a + b + ...` of more than 1,000 operators is
// E0004: LimitsTest.)
TEST(CompileScalingTest, LongChainsAndWideGroupsStayLinear) {
  auto work = [](int n) {
    std::string source = "standard s {\n  group g {\n";
    std::string sum = "sum(0";
    for (int i = 0; i < n; ++i) {
      source += "    input x" + std::to_string(i) + " : number\n";
      source += "    indicator i" + std::to_string(i) + " points 1 { score x" + std::to_string(i) +
                " }\n";
      sum += ", x" + std::to_string(i);
    }
    source += "  }\n  let total_inputs = " + sum + ")\n}\n";
    allocations = 0;
    counting = true;
    CompileResult result = Standard::Compile(source, "wide.rubric");
    counting = false;
    EXPECT_TRUE(result.ok()) << (result.diagnostics.empty() ? "" : result.diagnostics[0].message);
    return static_cast<double>(allocations) / n;
  };
  const double small = work(1000);
  const double large = work(20000);
  EXPECT_LT(large, small * 1.25) << small << " vs " << large << " allocations per child";
}

}  // namespace
}  // namespace rubric
