// L0004: a group declared `points P normalize` whose children's points do not add up to P,
// so that the scaling changes every child's weight. Authors should know it does.
#include <cmath>

#include "absl/strings/str_cat.h"
#include "lint/checks.h"

namespace rubric::lint {

void CheckNormalization(const Context& context, std::vector<Diagnostic>* out) {
  constexpr double kTolerance = 1e-9;  // as the compiler's own points check (E0401)
  for (const sema::Node& node : context.model.nodes) {
    if (!node.normalize || !node.declared_points || node.rule != sema::NodeRule::kSumChildren) {
      continue;
    }
    const double declared = *node.declared_points;
    if (std::fabs(node.children_points - declared) <= kTolerance) continue;
    Report(out, "L0004", node.span,
           absl::StrCat("the children of '", node.info.id, "' add up to ",
                        Number(node.children_points), " points; normalize scales them to ",
                        Number(declared)),
           absl::StrCat("normalize multiplies every child's points by ", Number(declared), "/",
                        Number(node.children_points), "; make them add up to ", Number(declared),
                        " if that is not meant"));
  }
}

}  // namespace rubric::lint
