// Weighted groups: `aggregate` and `weights` in a group's body (docs/language.md "Weights
// and aggregation"). A weighted group's value rule is built here from its children, their
// weights and the aggregation, out of the model's ordinary expressions: AHP weights are
// computed now (they are constants), entropy and CRITIC weights become lets over cohort
// sums (so they follow the data, incrementally, like any cohort function), and TOPSIS a
// closeness over cohort sums, minima and maxima.
#ifndef RUBRIC_LIB_SEMA_WEIGHTING_H_
#define RUBRIC_LIB_SEMA_WEIGHTING_H_

#include <functional>
#include <vector>

#include "grammar/ast.h"
#include "sema/diagnostic_sink.h"
#include "sema/model.h"

namespace rubric::sema {

// What the analyzer collected for one weighted group.
struct WeightedGroupDecl {
  int node = -1;
  const ast::AggregateDecl* aggregate = nullptr;
  const ast::WeightsDecl* weights = nullptr;
  const ast::CoverageDecl* coverage = nullptr;
};

// Resolves a cohort key (`by KEY`) to an input index, reporting errors; -1 when invalid.
using KeyResolver = std::function<int(const ast::Identifier&)>;

// Builds every weighted group's value rule (the group's `expr`, rule kValue) and
// `model->weighted_groups`; reports misuse of `weight` and `cost` on the children of
// groups that do not weigh them. `node_decls` has the declaration of every model node.
void BuildWeightedGroups(const std::vector<WeightedGroupDecl>& groups,
                         const std::vector<const ast::NodeDecl*>& node_decls,
                         const KeyResolver& resolve_key, Model* model, DiagnosticSink* sink);

}  // namespace rubric::sema

#endif  // RUBRIC_LIB_SEMA_WEIGHTING_H_
