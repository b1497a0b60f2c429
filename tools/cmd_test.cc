// rubric test STANDARD [TESTS...]: runs the tests an author wrote for a standard
// (include/rubric/standard_test.h). Without TESTS, the file beside the standard with the
// extension replaced by `.tests`. Each case prints PASS or FAIL (with what was expected,
// what the standard gives, and the explanation of the node that differs), then a count.
// Exit 0 when every case passes, 1 when one fails (or a test file has errors), 2 on usage
// errors or files that cannot be read.
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli_support.h"
#include "explain_text.h"
#include "rubric/data.h"
#include "rubric/file.h"
#include "rubric/standard_test.h"

namespace rubric::cli {
namespace {

struct Counts {
  std::size_t passed = 0;
  std::size_t failed = 0;
  bool unreadable = false;
};

// The row a case runs on: its data file's row, or a row of its own. nullopt after printing
// why (in `out`).
std::optional<std::size_t> CaseRow(rubric::Session& session, const rubric::TestCase& test,
                                   const std::string& test_path,
                                   std::map<std::string, std::optional<std::string>>& files,
                                   Counts& counts, std::ostream& out) {
  if (test.data.empty()) {
    rubric::StatusOr<std::size_t> row =
        session.AddRow(test.entity.empty() ? "test" : test.entity, test.period.value_or(0));
    if (!row.ok()) {
      out << "  " << row.status().message() << "\n";
      return std::nullopt;
    }
    return *row;
  }
  const std::string path =
      (std::filesystem::path(test_path).parent_path() / test.data).generic_string();
  if (!files.count(path)) {
    rubric::StatusOr<std::string> text = rubric::ReadInputFile(path, rubric::kMaxDataFileBytes);
    files[path] = text.ok() ? std::optional<std::string>(std::move(*text)) : std::nullopt;
    if (!text.ok()) std::cerr << "rubric: " << text.status().message() << "\n";
  }
  if (!files[path]) {
    counts.unreadable = true;
    out << "  cannot read " << path << "\n";
    return std::nullopt;
  }
  rubric::CsvOptions csv;
  if (!test.entity_column.empty()) csv.entity_column = test.entity_column;
  if (!test.period_column.empty()) csv.period_column = test.period_column;
  rubric::LoadReport report = rubric::LoadCsv(session, *files[path], path, csv);
  if (!report.ok()) {
    std::vector<rubric::Diagnostic> errors;
    for (const rubric::Diagnostic& d : report.diagnostics) {
      if (d.severity == rubric::Severity::kError) errors.push_back(d);
    }
    out << rubric::RenderAll(errors);
    return std::nullopt;
  }
  std::optional<std::size_t> row = session.FindRow(test.entity, *test.period);
  if (!row) {
    out << "  " << path << " has no row for entity '" << test.entity << "', period " << *test.period
        << "\n";
  }
  return row;
}

// Runs one case; prints PASS or FAIL and the details.
void RunCase(const rubric::Standard& standard, const rubric::TestCase& test,
             const std::string& test_path, const std::string& text,
             std::map<std::string, std::optional<std::string>>& files, Counts& counts) {
  std::ostringstream details;
  rubric::Session session(standard);
  std::optional<std::size_t> row = CaseRow(session, test, test_path, files, counts, details);
  bool passed = false;
  if (row) {
    std::vector<rubric::Diagnostic> refused =
        rubric::ApplyGiven(session, *row, test, text, test_path);
    details << rubric::RenderAll(refused);
    if (refused.empty()) {
      const std::vector<rubric::TestMismatch> mismatches =
          rubric::CheckExpectations(session, *row, test);
      passed = mismatches.empty();
      std::set<std::optional<std::size_t>> explained;
      for (const rubric::TestMismatch& m : mismatches) {
        const rubric::TestExpectation& e = test.expectations[m.expectation];
        details << "  " << test_path << ":" << e.at.line << ": expected " << m.expected << ", got "
                << m.actual << "\n";
        if (!explained.insert(m.node).second) continue;
        rubric::StatusOr<rubric::Explanation> why = session.Explain(*row, m.node);
        if (!why.ok()) continue;
        if (!why->scorable) details << "    not scorable: " << why->reason << "\n";
        ExplainStyle style;
        style.max_depth = m.node ? 2 : 1;
        PrintExplanation(session, *row, *why, 2, style, details);
      }
    }
  }
  (passed ? counts.passed : counts.failed) += 1;
  std::cout << (passed ? "PASS " : "FAIL ") << test.name << "\n" << details.str();
}

}  // namespace

int Test(const std::vector<std::string>& args) {
  std::vector<std::string> paths;
  for (const std::string& arg : args) {
    if (arg.size() > 1 && arg[0] == '-') {
      std::cerr << "rubric: test: unknown option '" << arg << "'\n";
      return kUsage;
    }
    paths.push_back(arg);
  }
  if (paths.empty()) {
    std::cerr << "usage: rubric test STANDARD [TESTS...]\n";
    return kUsage;
  }
  int status = kOk;
  std::optional<rubric::Standard> standard = CompileFile(paths[0], &status);
  if (!standard) return status;
  std::vector<std::string> test_paths(paths.begin() + 1, paths.end());
  if (test_paths.empty()) test_paths.push_back(rubric::TestFileFor(paths[0]));
  Counts counts;
  bool file_errors = false;
  std::map<std::string, std::optional<std::string>> files;
  for (const std::string& test_path : test_paths) {
    rubric::StatusOr<std::string> text =
        rubric::ReadInputFile(test_path, rubric::kMaxStandardFileBytes);
    if (!text.ok()) {
      std::cerr << "rubric: " << text.status().message() << "\n";
      if (paths.size() == 1) {
        std::cerr << "hint: the tests of " << paths[0] << " are read from " << test_path
                  << " (rubric help test)\n";
      }
      counts.unreadable = true;
      continue;
    }
    rubric::TestFile file = rubric::ParseTestFile(*text, test_path);
    std::vector<rubric::Diagnostic> names =
        rubric::CheckTestNames(*standard, file, *text, test_path);
    file.diagnostics.insert(file.diagnostics.end(), names.begin(), names.end());
    if (!file.ok()) {
      std::cerr << rubric::RenderAll(file.diagnostics);
      file_errors = true;
      continue;
    }
    for (const rubric::TestCase& test : file.cases) {
      RunCase(*standard, test, test_path, *text, files, counts);
    }
  }
  std::cout << counts.passed << " passed, " << counts.failed << " failed\n";
  if (counts.unreadable) return kUsage;
  return counts.failed > 0 || file_errors ? kErrors : kOk;
}

}  // namespace rubric::cli
