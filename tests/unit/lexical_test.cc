// Characters a reader can misread: invisible characters in names (E0010), NUL in labels
// (E0011), bidirectional controls in labels and comments (W0003), full-width punctuation in
// code (E0002 with a hint), names that differ only in normalisation (E0110) or look alike
// (E0111, W0102). docs/diagnostics.md.
#include <string>
#include <vector>

#include "grammar/confusables.h"
#include "gtest/gtest.h"
#include "rubric/format.h"
#include "rubric/standard.h"

namespace rubric {
namespace {

// The codes of the diagnostics of compiling `source`, in order.
std::vector<std::string> Codes(const CompileResult& result) {
  std::vector<std::string> codes;
  for (const Diagnostic& d : result.diagnostics) codes.push_back(d.code);
  return codes;
}

std::string Utf8(char32_t c) {
  std::string out;
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
  return out;
}

TEST(LexicalTest, CharactersAreNamed) {
  EXPECT_EQ(unicode::Describe(0x200B), "U+200B ZERO WIDTH SPACE");
  EXPECT_EQ(unicode::Describe(0xFEFF), "U+FEFF ZERO WIDTH NO-BREAK SPACE");
  EXPECT_EQ(unicode::Describe(0x0430), "U+0430 CYRILLIC SMALL LETTER A");
  EXPECT_EQ(unicode::Describe('a'), "U+0061 LATIN SMALL LETTER A");
  EXPECT_EQ(unicode::Describe(0x0301), "U+0301 COMBINING ACUTE ACCENT");
  EXPECT_EQ(unicode::Describe(0x4E00), "U+4E00");
  EXPECT_EQ(unicode::AsciiForFullWidth(0xFF0C), ',');
  EXPECT_EQ(unicode::AsciiForFullWidth(0x4E00), 0);
}

TEST(LexicalTest, SkeletonsAndComposition) {
  EXPECT_EQ(unicode::ComposeLatin("cafe\u0301"), "caf\u00e9");
  EXPECT_EQ(unicode::ComposeLatin("nu\u0308\u0304"), "n\u01d6");  // pinyin ǖ
  EXPECT_EQ(unicode::ComposeLatin("就业率"), "就业率");
  EXPECT_EQ(unicode::Skeleton("p\u0430ss"), "pass");                 // Cyrillic а
  EXPECT_EQ(unicode::Skeleton("\u03bfk"), "ok");                     // Greek ο
  EXPECT_EQ(unicode::Skeleton("\uff50\uff41\uff53\uff53"), "pass");  // full-width
  EXPECT_EQ(unicode::Skeleton("l1"), "l1");  // ASCII look-alikes are left to the reader
}

// Before, U+200B and the other characters of U+2000-U+206F ended a name and gave a syntax
// error naming nothing; U+FEFF went unnoticed inside a name.
TEST(LexicalTest, InvisibleCharacterInANameIsNamed) {
  for (const char32_t c : {0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD, 0x202E, 0x2066}) {
    const std::string name = "pa" + Utf8(c) + "ss";
    const std::string source = "standard s {\n  input pass : bool\n  input " + name +
                               " : bool\n  indicator t points 1 { score pass }\n}\n";
    const CompileResult result = Standard::Compile(source);
    ASSERT_EQ(Codes(result), std::vector<std::string>{"E0010"}) << unicode::Describe(c);
    EXPECT_NE(result.diagnostics[0].message.find(unicode::Describe(c)), std::string::npos)
        << result.diagnostics[0].message;
    EXPECT_EQ(result.diagnostics[0].line, 3);
    EXPECT_EQ(result.diagnostics[0].column, 11);
  }
  // A byte-order mark at the start of the file is not part of any name.
  EXPECT_TRUE(
      Standard::Compile("\xEF\xBB\xBFstandard s { indicator t points 1 { score 1 } }").ok());
  // Joiners in labels are text (emoji, some scripts need them).
  EXPECT_TRUE(
      Standard::Compile("standard s \"a\u200db\" { indicator t points 1 { score 1 } }").ok());
}

TEST(LexicalTest, NulInALabelIsAnError) {
  const std::string source = std::string("standard s {\n  input a \"x") + '\0' +
                             "y\" : bool\n  indicator t points 1 { score a }\n}\n";
  const CompileResult result = Standard::Compile(source);
  ASSERT_EQ(Codes(result), std::vector<std::string>{"E0011"});
  EXPECT_EQ(result.diagnostics[0].column, 13);
}

TEST(LexicalTest, BidirectionalControlsInLabelsAndCommentsAreWarnings) {
  for (const char32_t c :
       {0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069}) {
    const std::string source = "standard s {\n  // a " + Utf8(c) + " b\n  input a \"x" + Utf8(c) +
                               "y\" : bool\n  indicator t points 1 { score a }\n}\n";
    const CompileResult result = Standard::Compile(source);
    EXPECT_TRUE(result.ok()) << unicode::Describe(c);
    ASSERT_EQ(Codes(result), (std::vector<std::string>{"W0003", "W0003"})) << unicode::Describe(c);
    EXPECT_EQ(result.diagnostics[0].severity, Severity::kWarning);
    EXPECT_EQ(result.diagnostics[0].line, 2);
    EXPECT_NE(result.diagnostics[0].message.find("comment"), std::string::npos);
    EXPECT_EQ(result.diagnostics[1].line, 3);
    EXPECT_NE(result.diagnostics[1].message.find("label"), std::string::npos);
    // The formatter keeps them: a warning does not stop it.
    EXPECT_TRUE(FormatSource(source).ok());
  }
}

TEST(LexicalTest, FullWidthPunctuationGetsTheAsciiCharacter) {
  struct Case {
    const char* source;
    char ascii;
  };
  for (const Case& c : std::vector<Case>{
           {"standard s {\n  input a：bool\n}\n", ':'},
           {"standard s {\n  input a : bool\n  input b : bool\n  let x = mean(a，b)\n}\n", ','},
           {"standard s {\n  input a : bool\n  let x = （a)\n}\n", '('},
           {"standard s {\n  input a : bool\n  let x = (a）\n}\n", ')'},
           {"standard s {\n  let x ＝ 1\n}\n", '='},
           {"standard s {\n  let x = 1；let y = 2\n}\n", ';'},
           {"standard s {\n  input a : number　>= 0\n}\n", ' '},
       }) {
    const CompileResult result = Standard::Compile(c.source);
    ASSERT_FALSE(result.diagnostics.empty()) << c.source;
    const Diagnostic& d = result.diagnostics.front();
    EXPECT_EQ(d.code, "E0002") << c.source;
    const std::string expected =
        c.ascii == ' ' ? "write an ASCII space" : std::string("write the ASCII '") + c.ascii + "'";
    EXPECT_NE(d.hint.find(expected), std::string::npos) << c.source << "\n" << d.hint;
  }
}

TEST(LexicalTest, NamesThatDifferOnlyInNormalisation) {
  // A use in NFD of a name declared in NFC.
  CompileResult use = Standard::Compile(
      "standard s {\n  input caf\u00e9 : bool\n  indicator t points 1 { score cafe\u0301 }\n}\n");
  ASSERT_EQ(Codes(use), std::vector<std::string>{"E0110"});
  EXPECT_NE(use.diagnostics[0].hint.find("NFD: 'e' followed by U+0301 COMBINING ACUTE ACCENT"),
            std::string::npos)
      << use.diagnostics[0].hint;
  EXPECT_NE(use.diagnostics[0].hint.find("NFC: U+00E9 LATIN SMALL LETTER E WITH ACUTE"),
            std::string::npos)
      << use.diagnostics[0].hint;
  // Two declarations, pinyin with two marks.
  CompileResult declared = Standard::Compile(
      "standard s {\n  input l\u01dc : bool\n  input lu\u0308\u0300 : bool\n"
      "  indicator t points 1 { score l\u01dc }\n}\n");
  ASSERT_EQ(Codes(declared), std::vector<std::string>{"E0110"});
  EXPECT_EQ(declared.diagnostics[0].line, 3);
}

TEST(LexicalTest, LookAlikeNames) {
  // A use with a Cyrillic а where the declaration has a Latin a.
  CompileResult use = Standard::Compile(
      "standard s {\n  input pass : bool\n  indicator t points 1 { score p\u0430ss }\n}\n");
  ASSERT_EQ(Codes(use), std::vector<std::string>{"E0111"});
  EXPECT_NE(use.diagnostics[0].hint.find("U+0430 CYRILLIC SMALL LETTER A"), std::string::npos);
  // Two declarations: a warning on the later one; both names work.
  CompileResult declared = Standard::Compile(
      "standard s {\n  input pass : bool\n  input p\u0430ss : bool\n"
      "  indicator t points 1 { score mean(pass, p\u0430ss) }\n}\n");
  EXPECT_TRUE(declared.ok());
  ASSERT_EQ(Codes(declared), std::vector<std::string>{"W0102"});
  EXPECT_EQ(declared.diagnostics[0].line, 3);
  // Names of one script that merely resemble each other are not look-alikes.
  CompileResult distinct = Standard::Compile(
      "standard s {\n  input l1 : bool\n  input I1 : bool\n  input 甲 : bool\n  input 申 : bool\n"
      "  indicator t points 1 { score mean(l1, I1, 甲, 申) }\n}\n");
  EXPECT_TRUE(distinct.ok());
  EXPECT_TRUE(distinct.diagnostics.empty());
  // A typo in ASCII is still E0101 with its suggestion.
  CompileResult typo = Standard::Compile(
      "standard s {\n  input pass : bool\n  indicator t points 1 { score pas }\n}\n");
  EXPECT_EQ(Codes(typo), std::vector<std::string>{"E0101"});
}

}  // namespace
}  // namespace rubric
