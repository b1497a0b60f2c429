// The parser goes on after a syntax error (every error in one run) and keeps the comments
// (the formatter's channel), with offsets shifted for multi-file sources.
#include <string>

#include "grammar/parser.h"
#include "gtest/gtest.h"

namespace rubric {
namespace {

TEST(RecoveryTest, EveryBadStatementIsReportedOnce) {
  const grammar::ParseOutput out = grammar::Parse(R"(standard s {
  input a : 
  indicator x points 1 { score a + }
  group g {
    indicator y points { score 1 }
  }
  let ok = 1
  blah
  let bad = (1
}
)");
  ASSERT_EQ(out.errors.size(), 5u);
  for (const grammar::SyntaxError& e : out.errors) EXPECT_EQ(e.code, "E0002");
  EXPECT_FALSE(out.standard.has_value());
}

TEST(RecoveryTest, BracesInStringsAndCommentsDoNotConfuseResynchronisation) {
  const grammar::ParseOutput out = grammar::Parse(R"(standard s {
  indicator x "{" points { score 1 }  // } {
  indicator y points 1 { score 1 + }
  input z : bool
}
)");
  EXPECT_EQ(out.errors.size(), 2u);
}

TEST(RecoveryTest, TheErrorLimitStopsParsing) {
  std::string source = "standard s {\n";
  for (int i = 0; i < 500; ++i) source += "  input a" + std::to_string(i) + " : \n";
  source += "}\n";
  grammar::ParseLimits limits;
  limits.max_errors = 20;
  EXPECT_EQ(grammar::Parse(source, limits).errors.size(), 20u);
}

TEST(RecoveryTest, CommentsAreKeptInOrderOnce) {
  const std::string source = R"(// head
standard s { # hash
  // inside
  input a : number  // after a
  indicator x points 1 { score a + 1 }  // trailing
}
// tail
)";
  const grammar::ParseOutput out = grammar::Parse(source);
  ASSERT_TRUE(out.errors.empty());
  std::vector<std::string> texts;
  for (const ast::Comment& c : out.comments)
    texts.push_back(source.substr(c.begin, c.end - c.begin));
  EXPECT_EQ(texts, (std::vector<std::string>{"// head", "# hash", "// inside", "// after a",
                                             "// trailing", "// tail"}));
}

TEST(RecoveryTest, OffsetsStartAtTheFirstOffset) {
  const grammar::ParseOutput out = grammar::Parse("standard s { // c\n}\n", {}, 1000);
  ASSERT_TRUE(out.standard.has_value());
  EXPECT_EQ(out.standard->begin, 1000u);
  ASSERT_EQ(out.comments.size(), 1u);
  EXPECT_EQ(out.comments[0].begin, 1013u);
  const grammar::ParseOutput bad = grammar::Parse("standard s {\n  input\n}\n", {}, 1000);
  ASSERT_EQ(bad.errors.size(), 1u);
  EXPECT_GT(bad.errors[0].offset, 1000u);
}

TEST(RecoveryTest, SpansEndAtTheLastTokenNotAtSkippedCommentsOrBlanks) {
  const std::string source =
      "standard s {\n  indicator a points 2   // two points\n\n  indicator b points 1\n}\n";
  const grammar::ParseOutput out = grammar::Parse(source);
  ASSERT_TRUE(out.standard.has_value());
  const auto& node =
      boost::get<boost::spirit::x3::forward_ast<ast::NodeDecl>>(out.standard->body.front()).get();
  EXPECT_EQ(source.substr(node.begin, node.end - node.begin), "indicator a points 2");
  EXPECT_EQ(source.substr(node.points->begin, node.points->end - node.points->begin), "points 2");
}

TEST(RecoveryTest, SemicolonsSeparateStatementsOnOneLine) {
  const grammar::ParseOutput out =
      grammar::Parse("standard s { input a : bool; input b : bool;; indicator t points 1 }\n");
  ASSERT_TRUE(out.errors.empty());
  EXPECT_EQ(out.standard->body.size(), 3u);
}

}  // namespace
}  // namespace rubric
