// L0003: a veto whose condition cannot change its outcome: false (or true) for every value
// the inputs it reads can take, by their types and declared bounds. Vetoes that read no
// input at all are L0002's.
#include "absl/strings/str_cat.h"
#include "lint/checks.h"

namespace rubric::lint {

void CheckFixedVetoes(const Context& context, std::vector<Diagnostic>* out) {
  for (const sema::Veto& veto : context.model.vetoes) {
    if (!ReadsInput(context, veto.condition)) continue;
    const Interval& condition = context.intervals.of(veto.condition);
    const sema::Span span = context.model.expr(veto.condition).span;
    if (!condition.CanBeTrue()) {
      Report(out, "L0003", span,
             absl::StrCat("veto '", veto.info.id,
                          "' can never fire: its condition is false for "
                          "every value its inputs can take"),
             "check the condition against the inputs' types and declared bounds (a missing value "
             "counts as 0)");
    } else if (!condition.CanBeFalse()) {
      Report(out, "L0003", span,
             absl::StrCat("veto '", veto.info.id,
                          "' always fires: its condition is true for every "
                          "value its inputs can take"),
             "every row would be vetoed; check the condition (a missing value counts as 0)");
    }
  }
}

}  // namespace rubric::lint
