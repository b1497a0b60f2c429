// The text of an explanation, as `rubric explain` prints it (also in `rubric test`'s
// failures): a node's line with its points and rule, the inputs and cohorts its rule reads,
// its vetoes, then its children, indented.
#ifndef RUBRIC_TOOLS_EXPLAIN_TEXT_H_
#define RUBRIC_TOOLS_EXPLAIN_TEXT_H_

#include <cstddef>
#include <optional>
#include <ostream>

#include "rubric/explain.h"
#include "rubric/session.h"

namespace rubric::cli {

struct ExplainStyle {
  std::optional<int> decimals;  // numbers with this many decimals; else shortest form
  int max_depth = -1;           // children printed down to this depth; -1: all
};

// Prints `e` (of `row`) at indentation `depth` (two spaces a level), then its children.
void PrintExplanation(const rubric::Session& session, std::size_t row, const rubric::Explanation& e,
                      int depth, const ExplainStyle& style, std::ostream& out);

}  // namespace rubric::cli

#endif  // RUBRIC_TOOLS_EXPLAIN_TEXT_H_
