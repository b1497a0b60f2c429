// L0002: a score, value or veto condition that reads no input, directly or through lets,
// nodes or prev, so that it says nothing about the data. Lets are not reported themselves:
// a let that holds a number (`let 门槛 = 5 [亿元]`) is a named constant, which is good
// style; the rules that use only such constants are reported instead.
#include "absl/strings/str_cat.h"
#include "lint/checks.h"

namespace rubric::lint {
namespace {

void ReportConstant(const Context& context, sema::ExprId expr, const std::string& what,
                    const char* hint, std::vector<Diagnostic>* out) {
  const Interval& value = context.intervals.of(expr);
  std::string message = absl::StrCat(what, " reads no input");
  if (value.IsPoint()) {
    message = absl::StrCat(what, " is always ", Number(value.lo), ": it reads no input");
  }
  Report(out, "L0002", context.model.expr(expr).span, std::move(message), hint);
}

constexpr char kRuleHint[] =
    "a rule should depend on the data: read an input, or a name that reads one";

}  // namespace

void CheckConstantRules(const Context& context, std::vector<Diagnostic>* out) {
  const sema::Model& model = context.model;
  for (const sema::Node& node : model.nodes) {
    const bool has_rule =
        node.rule == sema::NodeRule::kScore || node.rule == sema::NodeRule::kValue;
    if (!has_rule || node.expr == sema::kNoExpr) continue;
    if (ReadsInput(context, node.expr)) continue;
    const char* rule = node.rule == sema::NodeRule::kScore ? "score" : "value";
    ReportConstant(context, node.expr, absl::StrCat("the ", rule, " of '", node.info.id, "'"),
                   kRuleHint, out);
  }
  for (const sema::Veto& veto : model.vetoes) {
    if (ReadsInput(context, veto.condition)) continue;
    ReportConstant(context, veto.condition,
                   absl::StrCat("the condition of veto '", veto.info.id, "'"),
                   "a veto should test the data: read an input, or a name that reads one", out);
  }
  if (model.root_value != sema::kNoExpr && !ReadsInput(context, model.root_value)) {
    ReportConstant(context, model.root_value, "the value of the standard", kRuleHint, out);
  }
}

}  // namespace rubric::lint
