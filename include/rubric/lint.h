// Lint: warnings about a standard that compiles but probably does not say what its author
// means: an input nothing reads, a rule that is a constant, a veto that can never fire, a
// threshold outside an input's bounds... Each check has a stable code (L0001...), listed in
// docs/diagnostics.md, and can be silenced or made an error.
#ifndef RUBRIC_LINT_H_
#define RUBRIC_LINT_H_

#include <span>
#include <string>
#include <vector>

#include "rubric/diagnostic.h"
#include "rubric/standard.h"

namespace rubric {

struct LintOptions {
  std::vector<std::string> allow;  // codes whose findings are dropped
  std::vector<std::string> deny;   // codes whose findings are errors, not warnings
  // "all" in either list stands for every code. A code named in a list wins over "all"; a
  // code in both lists (or "all" in both) is denied.
};

struct LintCheck {
  std::string code;         // "L0001"
  std::string name;         // "unread-input"
  std::string description;  // one line: what it finds
};

// Every check, in code order.
std::span<const LintCheck> LintChecks();

// Error L0000 for each code in `options` that is not a lint code or "all", with the closest
// code as a hint; empty when the options are valid.
std::vector<Diagnostic> CheckLintOptions(const LintOptions& options);

// Runs every check that `options` does not allow. A comment `// lint: allow CODE, ...`
// (or `all`) in the source allows those codes on its line and on the next one. Findings
// are warnings (errors when denied) with file, line, column and source line filled in,
// sorted by position; the errors of CheckLintOptions come first. Never throws.
std::vector<Diagnostic> Lint(const Standard& standard, const LintOptions& options = {});

}  // namespace rubric

#endif  // RUBRIC_LINT_H_
