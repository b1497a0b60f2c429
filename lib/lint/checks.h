// The checks of lint.h, one file each, and what they share.
#ifndef RUBRIC_LIB_LINT_CHECKS_H_
#define RUBRIC_LIB_LINT_CHECKS_H_

#include <string>
#include <vector>

#include "graph/dependency_graph.h"
#include "lint/interval.h"
#include "rubric/diagnostic.h"
#include "sema/model.h"

namespace rubric::lint {

struct Context {
  const sema::Model& model;
  const graph::DependencyGraph& graph;
  const IntervalAnalysis& intervals;
  // For each vertex of the graph: whether its value depends on some input (through any
  // chain of names, prev included).
  std::vector<bool> reads_input;
};

// Whether expression `expr` depends on some input (through names and prev too).
bool ReadsInput(const Context& context, sema::ExprId expr);

// Adds a warning with `code` at `span`.
void Report(std::vector<Diagnostic>* out, const char* code, sema::Span span, std::string message,
            std::string hint);

// A number as rubric prints it (shortest form: 0.5, 2, 1e+05).
std::string Number(double value);

// What an input's declared type and bounds allow, for messages: "is a bool (0 or 1)",
// "is declared >= 0 <= 100".
std::string DescribeBounds(const InputInfo& input);

void CheckUnreadInputs(const Context& context, std::vector<Diagnostic>* out);     // L0001
void CheckConstantRules(const Context& context, std::vector<Diagnostic>* out);    // L0002
void CheckFixedVetoes(const Context& context, std::vector<Diagnostic>* out);      // L0003
void CheckNormalization(const Context& context, std::vector<Diagnostic>* out);    // L0004
void CheckThresholdBounds(const Context& context, std::vector<Diagnostic>* out);  // L0005
void CheckRepeatedLabels(const Context& context, std::vector<Diagnostic>* out);   // L0006
void CheckUnguardedGrowth(const Context& context, std::vector<Diagnostic>* out);  // L0007

}  // namespace rubric::lint

#endif  // RUBRIC_LIB_LINT_CHECKS_H_
