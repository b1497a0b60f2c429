// Where the base of a variant may be read from: inside the folder tree of the standard being
// compiled (`..` and symbolic links resolved) unless the caller allows any base; and a file
// that is not a standard is refused without a word of its text.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "rubric/diagnostic.h"
#include "rubric/standard.h"

namespace rubric {
namespace {

namespace fs = std::filesystem;

constexpr const char* kBase =
    "standard national {\n  indicator a points 1 {\n    input x : bool\n    score x\n  }\n}\n";
constexpr const char* kSecret = "root:$6$secret-first-line:19000:0:99999:7:::\n";

// A folder tree for one test: TOP/base.rubric, TOP/secret.txt and TOP/tree/ (the folder of
// the standards being compiled).
class BasePathTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static int counter = 0;
    top_ = fs::temp_directory_path() /
           ("rubric-bases-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::create_directories(top_ / "tree/sub");
    Write("base.rubric", kBase);
    Write("secret.txt", kSecret);
    Write("tree/base.rubric", kBase);
    Write("tree/secret.txt", kSecret);
  }
  void TearDown() override { fs::remove_all(top_); }

  fs::path Write(const std::string& name, const std::string& text) const {
    std::ofstream(top_ / name, std::ios::binary) << text;
    return top_ / name;
  }

  // Compiles TOP/tree/NAME, a variant of national read from `from`.
  CompileResult Variant(const std::string& name, const std::string& from,
                        bool allow_any_base = false) const {
    const fs::path file =
        Write("tree/" + name, "standard v extends national from \"" + from + "\" { }\n");
    CompileFileOptions options;
    options.allow_any_base = allow_any_base;
    return Standard::CompileFile(file.string(), options);
  }

  fs::path top_;
};

std::string Messages(const CompileResult& result) {
  std::string out;
  for (const Diagnostic& d : result.diagnostics) out += d.code + ": " + d.message + "\n";
  return out;
}

TEST_F(BasePathTest, BasesInsideTheStandardsFolderAreRead) {
  EXPECT_TRUE(Variant("v.rubric", "base.rubric").ok());
  EXPECT_TRUE(Variant("v.rubric", "sub/../base.rubric").ok());
  // A base in a subfolder may name a file beside the standard being compiled.
  Write("tree/sub/middle.rubric", "standard middle extends national from \"../base.rubric\" { }");
  const CompileResult through = Standard::CompileFile(
      Write("tree/w.rubric", "standard w extends middle from \"sub/middle.rubric\" { }").string());
  EXPECT_TRUE(through.ok()) << Messages(through);
}

TEST_F(BasePathTest, AbsolutePathsAndPathsThatLeaveTheFolderAreRefused) {
  for (const std::string& from :
       {std::string("../base.rubric"), std::string("sub/../../base.rubric"),
        (top_ / "base.rubric").string(), (top_ / "tree/base.rubric").string()}) {
    SCOPED_TRACE(from);
    const CompileResult refused = Variant("v.rubric", from);
    ASSERT_EQ(refused.diagnostics.size(), 1u) << Messages(refused);
    EXPECT_EQ(refused.diagnostics[0].code, "E0109");
    EXPECT_EQ(refused.diagnostics[0].message,
              "refused to read '" + from +
                  "': a base must be inside the folder of the standard being compiled");
    EXPECT_NE(refused.diagnostics[0].hint.find("--allow-any-base"), std::string::npos);
    EXPECT_TRUE(Variant("v.rubric", from, /*allow_any_base=*/true).ok());
  }
}

TEST_F(BasePathTest, SymbolicLinksAreResolvedBeforeDeciding) {
  fs::create_symlink(top_ / "base.rubric", top_ / "tree/link.rubric");
  fs::create_directory_symlink(top_, top_ / "tree/up");
  fs::create_symlink(top_ / "tree/base.rubric", top_ / "tree/sub/inside.rubric");
  EXPECT_EQ(Messages(Variant("v.rubric", "link.rubric")).substr(0, 24), "E0109: refused to read '");
  EXPECT_EQ(Messages(Variant("v.rubric", "up/base.rubric")).substr(0, 24),
            "E0109: refused to read '");
  EXPECT_TRUE(Variant("v.rubric", "sub/inside.rubric").ok());
  EXPECT_TRUE(Variant("v.rubric", "link.rubric", /*allow_any_base=*/true).ok());
}

// The reported problem: `from "/etc/shadow"` printed the file's first line in the error.
TEST_F(BasePathTest, AFileThatIsNotAStandardIsNeverQuoted) {
  for (const CompileResult& result :
       {Variant("v.rubric", "secret.txt"), Variant("v.rubric", "../secret.txt", true),
        Variant("v.rubric", (top_ / "secret.txt").string(), true)}) {
    ASSERT_EQ(result.diagnostics.size(), 1u) << Messages(result);
    EXPECT_EQ(result.diagnostics[0].code, "E0109");
    EXPECT_NE(result.diagnostics[0].message.find("is not a rubric standard"), std::string::npos)
        << Messages(result);
    EXPECT_EQ(RenderAll(result.diagnostics).find("secret-first-line"), std::string::npos)
        << RenderAll(result.diagnostics);
  }
}

// Allowing any base does not make devices or folders readable: never read forever.
TEST_F(BasePathTest, AnyBaseIsStillARegularFile) {
  const std::pair<std::string, std::string> cases[] = {
      {"/dev/zero", "a character device, not a regular file"}, {top_.string(), "Is a directory"}};
  for (const auto& [from, reason] : cases) {
    const CompileResult result = Variant("v.rubric", from, /*allow_any_base=*/true);
    ASSERT_EQ(result.diagnostics.size(), 1u) << Messages(result);
    EXPECT_EQ(result.diagnostics[0].message, "cannot read " + from + ": " + reason);
  }
}

TEST_F(BasePathTest, StandardsStartWithTheWordStandard) {
  Write("tree/commented.rubric", "\xEF\xBB\xBF// a comment\n# another\n\n" + std::string(kBase));
  EXPECT_TRUE(Variant("v.rubric", "commented.rubric").ok());
  Write("tree/standards.rubric", "standards national { }\n");
  EXPECT_NE(Messages(Variant("v.rubric", "standards.rubric")).find("is not a rubric standard"),
            std::string::npos);
}

TEST_F(BasePathTest, ReadingBasesCanBeTurnedOff) {
  const fs::path file =
      Write("tree/v.rubric", "standard v extends national from \"base.rubric\" { }");
  CompileFileOptions options;
  options.read_bases = false;
  const CompileResult result = Standard::CompileFile(file.string(), options);
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].code, "E0109");
}

// FileBaseLoader without a root keeps each base inside the folder of the file naming it.
TEST_F(BasePathTest, FileBaseLoaderWithoutARootUsesTheIncludingFilesFolder) {
  const BaseLoader load = FileBaseLoader();
  const std::string including = (top_ / "tree/v.rubric").string();
  EXPECT_TRUE(load("national", "base.rubric", including).ok());
  const StatusOr<SourceFile> refused = load("national", "../base.rubric", including);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kFailedPrecondition);
  FileBaseOptions any;
  any.allow_any_base = true;
  EXPECT_TRUE(FileBaseLoader(any)("national", "../base.rubric", including).ok());
}

}  // namespace
}  // namespace rubric
