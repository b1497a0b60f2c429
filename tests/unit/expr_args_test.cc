// sema::ExprArgs: an expression's argument list, up to four kept in place, more in memory
// of its own; it must behave as the std::vector it replaced.
#include "sema/expr_args.h"

#include <utility>
#include <vector>

#include "gtest/gtest.h"

namespace rubric::sema {
namespace {

std::vector<ExprId> Ids(const ExprArgs& args) { return {args.begin(), args.end()}; }

TEST(ExprArgsTest, GrowsPastTheInlineFourKeepingOrder) {
  ExprArgs args;
  EXPECT_TRUE(args.empty());
  std::vector<ExprId> expected;
  for (ExprId id = 10; id < 30; ++id) {
    args.push_back(id);
    expected.push_back(id);
    ASSERT_EQ(Ids(args), expected) << "after " << expected.size();
  }
  EXPECT_EQ(args.size(), 20u);
  EXPECT_EQ(args.front(), 10);
  EXPECT_EQ(args.back(), 29);
  EXPECT_EQ(args[7], 17);
}

TEST(ExprArgsTest, CopiesAndMovesInPlaceAndInMemory) {
  for (const std::vector<ExprId>& ids : {std::vector<ExprId>{}, std::vector<ExprId>{1, 2, 3},
                                         std::vector<ExprId>{1, 2, 3, 4, 5, 6}}) {
    ExprArgs original;
    original.assign(ids.begin(), ids.end());
    ExprArgs copy = original;
    EXPECT_EQ(Ids(copy), ids);
    EXPECT_EQ(Ids(original), ids);
    ExprArgs moved = std::move(copy);
    EXPECT_EQ(Ids(moved), ids);
    EXPECT_TRUE(copy.empty());  // NOLINT: a moved-from list is empty
    ExprArgs assigned = {7, 8, 9, 10, 11};
    assigned = moved;
    EXPECT_EQ(Ids(assigned), ids);
    ExprArgs move_assigned = {7};
    move_assigned = std::move(moved);
    EXPECT_EQ(Ids(move_assigned), ids);
    const ExprArgs& self = move_assigned;
    move_assigned = self;
    EXPECT_EQ(Ids(move_assigned), ids);
  }
}

TEST(ExprArgsTest, AssignsFromBracesAndRanges) {
  ExprArgs args = {4, 5};
  EXPECT_EQ(Ids(args), (std::vector<ExprId>{4, 5}));
  args = {1, 2, 3, 4, 5, 6, 7};
  EXPECT_EQ(Ids(args), (std::vector<ExprId>{1, 2, 3, 4, 5, 6, 7}));
  args = {9};
  EXPECT_EQ(Ids(args), (std::vector<ExprId>{9}));
  const std::vector<ExprId> range = {3, 1, 4, 1, 5, 9, 2, 6};
  args.assign(range.begin(), range.end());
  EXPECT_EQ(Ids(args), range);
  args[0] = 8;
  EXPECT_EQ(args.front(), 8);
}

}  // namespace
}  // namespace rubric::sema
