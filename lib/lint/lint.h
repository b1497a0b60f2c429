// Lint: warnings about a standard that compiles but probably does not say what its author
// means (an input nothing reads, a rule that is a constant, a veto that can never fire...).
// Works on the checked model and its dependency graph; every finding has a stable code.
#ifndef RUBRIC_LIB_LINT_LINT_H_
#define RUBRIC_LIB_LINT_LINT_H_

#include <span>
#include <vector>

#include "graph/dependency_graph.h"
#include "rubric/diagnostic.h"
#include "sema/model.h"

namespace rubric::lint {

struct Check {
  const char* code;         // "L0001"
  const char* name;         // "unread-input"
  const char* description;  // one line: what it finds
};

// Every check, in code order.
std::span<const Check> Checks();

// Runs every check. Findings are warnings with a code, message, hint and byte span (offset,
// length); no file, line or column yet. In no particular order.
std::vector<Diagnostic> Run(const sema::Model& model, const graph::DependencyGraph& graph);

}  // namespace rubric::lint

#endif  // RUBRIC_LIB_LINT_LINT_H_
