// L0007: a rule that reads growth, `x - prev(x)`, without ever testing missing(prev(x)). In an
// entity's first period (or after a gap) prev(x) reads 0, so the whole of x counts as growth
// over nothing; the rule should say what such a period earns.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "lint/checks.h"
#include "sema/expr_text.h"

namespace rubric::lint {
namespace {

bool SameSymbol(sema::SymbolRef a, sema::SymbolRef b) {
  return a.kind == b.kind && a.index == b.index;
}

// What one rule reads, through the lets it reads in the same row: its growth terms
// (`x - prev(x)` or `prev(x) - x`) and the names it tests with missing(prev(...)).
struct Growth {
  std::vector<sema::ExprId> terms;
  std::vector<sema::SymbolRef> tested;
};

void Collect(const sema::Model& model, sema::ExprId id, std::vector<bool>* lets_seen,
             Growth* growth) {
  if (id == sema::kNoExpr) return;
  const sema::Expr& e = model.expr(id);
  if (e.op == sema::Op::kSub) {
    const sema::Expr& left = model.expr(e.args[0]);
    const sema::Expr& right = model.expr(e.args[1]);
    const bool forward = left.op == sema::Op::kRef && right.op == sema::Op::kPrev;
    const bool backward = left.op == sema::Op::kPrev && right.op == sema::Op::kRef;
    if ((forward || backward) && SameSymbol(left.ref, right.ref)) growth->terms.push_back(id);
  }
  if (e.op == sema::Op::kMissingPrev) growth->tested.push_back(e.ref);
  if (e.op == sema::Op::kRef && e.ref.kind == sema::SymbolKind::kLet) {
    const auto let = static_cast<std::size_t>(e.ref.index);
    if (!(*lets_seen)[let]) {
      (*lets_seen)[let] = true;
      Collect(model, model.lets[let].expr, lets_seen, growth);
    }
  }
  for (sema::ExprId arg : e.args) Collect(model, arg, lets_seen, growth);
}

}  // namespace

void CheckUnguardedGrowth(const Context& context, std::vector<Diagnostic>* out) {
  const sema::Model& model = context.model;
  std::vector<sema::ExprId> reported;  // a let's term read by several rules: once
  auto check = [&](sema::ExprId rule, const std::string& what) {
    if (rule == sema::kNoExpr) return;
    std::vector<bool> lets_seen(model.lets.size(), false);
    Growth growth;
    Collect(model, rule, &lets_seen, &growth);
    // One finding per rule, at its first unguarded term not reported for another rule.
    std::vector<std::string> names;
    sema::ExprId first = sema::kNoExpr;
    for (sema::ExprId term : growth.terms) {
      const sema::SymbolRef x = model.expr(model.expr(term).args[0]).ref;
      const bool guarded = std::any_of(growth.tested.begin(), growth.tested.end(),
                                       [&](sema::SymbolRef t) { return SameSymbol(t, x); });
      if (guarded || std::find(reported.begin(), reported.end(), term) != reported.end()) {
        continue;
      }
      reported.push_back(term);
      if (first == sema::kNoExpr) first = term;
      const std::string& name = sema::SymbolName(model, x);
      if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    }
    if (first == sema::kNoExpr) return;
    const std::string& name = names.front();
    std::string more;
    if (names.size() > 1) {
      more = absl::StrCat(" (and the growth of ",
                          absl::StrJoin(names.begin() + 1, names.end(), ", "), ")");
    }
    Report(out, "L0007", model.expr(first).span,
           absl::StrCat(what, " reads `", sema::ExprText(model, first), "`", more,
                        " but never tests missing(prev(", name, ")): in a first period prev(", name,
                        ") is 0, and all of ", name, " counts as growth"),
           absl::StrCat("say what a first period earns: `if missing(prev(", name,
                        ")) then ... else ...`"));
  };
  for (const sema::Node& node : model.nodes) {
    if (node.rule == sema::NodeRule::kScore) {
      check(node.expr, absl::StrCat("the score of '", node.info.id, "'"));
    } else if (node.rule == sema::NodeRule::kValue) {
      check(node.expr, absl::StrCat("the value of '", node.info.id, "'"));
    }
  }
  for (const sema::Veto& veto : model.vetoes) {
    check(veto.condition, absl::StrCat("the condition of veto '", veto.info.id, "'"));
  }
  check(model.root_value, "the value of the standard");
}

}  // namespace rubric::lint
