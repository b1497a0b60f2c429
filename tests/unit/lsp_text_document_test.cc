// LSP positions (line, UTF-16 code unit) <-> byte offsets of UTF-8 text, and incremental
// edits. The expected offsets are counted by hand from the UTF-8 encodings: 中 and 分 are
// three bytes and one UTF-16 unit, 𠮷 (U+20BB7) four bytes and two units (a surrogate pair).
#include "gtest/gtest.h"
#include "lsp/text_document.h"

namespace rubric::lsp {
namespace {

TEST(LspTextDocumentTest, AsciiColumnsAreBytes) {
  const TextDocument doc("ab\ncd\n");
  EXPECT_EQ(doc.OffsetOf({0, 0}), 0u);
  EXPECT_EQ(doc.OffsetOf({0, 2}), 2u);
  EXPECT_EQ(doc.OffsetOf({1, 1}), 4u);
  EXPECT_EQ(doc.OffsetOf({2, 0}), 6u);
  EXPECT_EQ(doc.PositionOf(4).line, 1);
  EXPECT_EQ(doc.PositionOf(4).character, 1);
}

TEST(LspTextDocumentTest, ChineseAndAstralCharacters) {
  // "a中𠮷分b": a@0, 中@1..4, 𠮷@4..8, 分@8..11, b@11.
  const TextDocument doc(
      "a\xE4\xB8\xAD\xF0\xA0\xAE\xB7\xE5\x88\x86"
      "b");
  EXPECT_EQ(doc.OffsetOf({0, 1}), 1u);    // before 中
  EXPECT_EQ(doc.OffsetOf({0, 2}), 4u);    // before 𠮷
  EXPECT_EQ(doc.OffsetOf({0, 3}), 4u);    // inside the surrogate pair: the start of 𠮷
  EXPECT_EQ(doc.OffsetOf({0, 4}), 8u);    // before 分
  EXPECT_EQ(doc.OffsetOf({0, 5}), 11u);   // before b
  EXPECT_EQ(doc.OffsetOf({0, 99}), 12u);  // past the line's end: its end
  EXPECT_EQ(doc.PositionOf(8).character, 4);
  EXPECT_EQ(doc.PositionOf(11).character, 5);
  EXPECT_EQ(doc.PositionOf(6).character, 2);  // inside 𠮷's bytes: its start
}

TEST(LspTextDocumentTest, LineBreaksAndLinesPastTheEnd) {
  const TextDocument doc("ab\r\ncd");
  EXPECT_EQ(doc.OffsetOf({0, 5}), 2u);  // the line ends before \r\n
  EXPECT_EQ(doc.OffsetOf({1, 0}), 4u);
  EXPECT_EQ(doc.OffsetOf({7, 0}), 6u);
  EXPECT_EQ(doc.PositionOf(100).line, 1);
  EXPECT_EQ(doc.PositionOf(100).character, 2);
}

TEST(LspTextDocumentTest, IncrementalEdits) {
  TextDocument doc("let \xF0\xA0\xAE\xB7 = 1\nscore x\n");  // let 𠮷 = 1
  doc.Apply({{0, 6}, {0, 6}}, "\xE5\x88\x86");              // after 𠮷 (columns 4..6): 分
  EXPECT_EQ(doc.text(), "let \xF0\xA0\xAE\xB7\xE5\x88\x86 = 1\nscore x\n");
  doc.Apply({{0, 10}, {1, 6}}, "2\nscore ");  // across the line break
  EXPECT_EQ(doc.text(), "let \xF0\xA0\xAE\xB7\xE5\x88\x86 = 2\nscore x\n");
  doc.Apply({{1, 6}, {1, 7}}, "");  // a deletion
  EXPECT_EQ(doc.text(), "let \xF0\xA0\xAE\xB7\xE5\x88\x86 = 2\nscore \n");
  EXPECT_EQ(doc.PositionOf(doc.text().size()).line, 2);
}

}  // namespace
}  // namespace rubric::lsp
