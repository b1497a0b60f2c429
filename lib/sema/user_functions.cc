#include "sema/user_functions.h"

#include <algorithm>
#include <type_traits>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "sema/syntax_access.h"

namespace rubric::sema {
namespace {

namespace x3 = boost::spirit::x3;

// Walks a function's body: names that are not parameters (E0113), unknown functions (E0105),
// and the user functions it calls.
class BodyChecker {
 public:
  BodyChecker(const ast::FunctionDecl& function, const FunctionTable& functions,
              DiagnosticSink* sink)
      : function_(function), functions_(functions), sink_(sink) {}

  bool Check(std::vector<std::string>* callees) {
    callees_ = callees;
    Visit(function_.body);
    return ok_;
  }

 private:
  void Visit(const ast::Expr& expr) {
    boost::apply_visitor([this](const auto& wrapped) { VisitNode(Unwrap(wrapped)); }, expr);
  }

  void VisitNode(const ast::NumberLit&) {}
  void VisitNode(const ast::BoolLit&) {}
  void VisitNode(const ast::Identifier& name) { Name(name); }
  void VisitNode(const ast::UnaryExpr& unary) { Visit(unary.operand); }
  void VisitNode(const ast::Chain& chain) {
    Visit(chain.first);
    for (const ast::Operation& operation : chain.rest) Visit(operation.operand);
  }
  void VisitNode(const ast::Call& call) {
    const std::string& callee = call.callee.name;
    if (functions_.contains(callee)) {
      callees_->push_back(callee);
    } else if (!IsBuiltinFunction(callee)) {
      ok_ = false;
      sink_->Error("E0105", ToSpan(call.callee), absl::StrCat("unknown function '", callee, "'"),
                   "a function's body may call built-in functions and other functions");
    }
    for (std::size_t i = 0; i < call.args.size(); ++i) {
      Visit(call.args[i]);
      if (const ast::ArgClauses* clauses = call.ClausesOf(i); clauses && clauses->by) {
        Name(*clauses->by);
      }
    }
  }
  void VisitNode(const ast::LookupExpr& lookup) { Visit(lookup.subject); }
  void VisitNode(const ast::PiecewiseExpr& piecewise) { Visit(piecewise.subject); }
  void VisitNode(const ast::BandExpr& band) { Visit(band.subject); }
  void VisitNode(const ast::IfExpr& if_expr) {
    Visit(if_expr.condition);
    Visit(if_expr.then_branch);
    Visit(if_expr.else_branch);
  }

  void Name(const ast::Identifier& name) {
    for (const ast::Identifier& param : function_.params) {
      if (param.name == name.name) return;
    }
    ok_ = false;
    std::vector<std::string> params;
    for (const ast::Identifier& param : function_.params) params.push_back(param.name);
    sink_->Error("E0113", ToSpan(name),
                 absl::StrCat("'", name.name, "' is not a parameter of function '",
                              function_.name.name, "'"),
                 absl::StrCat("a function uses only its parameters (", absl::StrJoin(params, ", "),
                              "): pass '", name.name, "' as an argument"));
  }

  const ast::FunctionDecl& function_;
  const FunctionTable& functions_;
  DiagnosticSink* sink_;
  std::vector<std::string>* callees_ = nullptr;
  bool ok_ = true;
};

// Copies a function's body with parameters replaced by the call's arguments.
class Expander {
 public:
  Expander(const ast::FunctionDecl& function, const ast::Call& call)
      : function_(function), call_(call) {}

  ast::Expr Copy(const ast::Expr& expr) const {
    return boost::apply_visitor(
        [this](const auto& wrapped) -> ast::Expr { return CopyNode(Unwrap(wrapped)); }, expr);
  }

 private:
  template <typename T>
  static ast::Expr Wrap(T node) {
    ast::Expr expr;
    expr = std::move(node);
    return expr;
  }

  template <typename T>
  T At(T node) const {
    node.begin = call_.begin;
    node.end = call_.end;
    return node;
  }

  // A cohort key `by k`, where k is a parameter: the name the call passes for it.
  ast::Identifier Key(const ast::Identifier& key) const {
    for (std::size_t i = 0; i < function_.params.size(); ++i) {
      if (function_.params[i].name != key.name) continue;
      if (const ast::Identifier* name = AsName(call_.args[i])) return *name;
    }
    return At(key);  // not a name: resolving the key reports it at the call
  }

  // The name an argument consists of, looking through one-operand chains.
  static const ast::Identifier* AsName(const ast::Expr& expr) {
    if (const auto* id = boost::get<ast::Identifier>(&expr)) return id;
    if (const auto* chain = boost::get<x3::forward_ast<ast::Chain>>(&expr)) {
      if (chain->get().rest.empty()) return AsName(chain->get().first);
    }
    return nullptr;
  }

  ast::Expr CopyNode(const ast::NumberLit& number) const { return Wrap(At(number)); }
  ast::Expr CopyNode(const ast::BoolLit& value) const { return Wrap(At(value)); }
  ast::Expr CopyNode(const ast::Identifier& name) const {
    for (std::size_t i = 0; i < function_.params.size(); ++i) {
      if (function_.params[i].name == name.name) return call_.args[i];
    }
    return Wrap(At(name));  // not expanded: CheckFunctions reported it
  }
  ast::Expr CopyNode(const ast::UnaryExpr& unary) const {
    ast::UnaryExpr copy = At(unary);
    copy.operand = Copy(unary.operand);
    return Wrap(std::move(copy));
  }
  ast::Expr CopyNode(const ast::Chain& chain) const {
    ast::Chain copy = At(chain);
    copy.first = Copy(chain.first);
    for (ast::Operation& operation : copy.rest) {
      operation = At(operation);
      operation.operand = Copy(operation.operand);
    }
    return Wrap(std::move(copy));
  }
  ast::Expr CopyNode(const ast::Call& call) const {
    ast::Call copy = At(call);
    copy.callee = At(call.callee);
    for (ast::Expr& arg : copy.args) arg = Copy(arg);
    for (ast::ArgClauses& clauses : copy.clauses) {
      clauses = At(clauses);
      if (clauses.by) clauses.by = Key(*clauses.by);
    }
    return Wrap(std::move(copy));
  }
  ast::Expr CopyNode(const ast::LookupExpr& lookup) const {
    ast::LookupExpr copy = At(lookup);
    copy.subject = Copy(lookup.subject);
    for (ast::LookupEntry& entry : copy.entries) {
      entry = At(entry);
      entry.option = At(entry.option);
    }
    return Wrap(std::move(copy));
  }
  ast::Expr CopyNode(const ast::PiecewiseExpr& piecewise) const {
    ast::PiecewiseExpr copy = At(piecewise);
    copy.subject = Copy(piecewise.subject);
    for (ast::Knot& knot : copy.knots) knot = At(knot);
    return Wrap(std::move(copy));
  }
  ast::Expr CopyNode(const ast::BandExpr& band) const {
    ast::BandExpr copy = At(band);
    copy.subject = Copy(band.subject);
    for (ast::BandEntry& entry : copy.entries) {
      entry = At(entry);
      entry.name = At(entry.name);
    }
    return Wrap(std::move(copy));
  }
  ast::Expr CopyNode(const ast::IfExpr& if_expr) const {
    ast::IfExpr copy = At(if_expr);
    copy.condition = Copy(if_expr.condition);
    copy.then_branch = Copy(if_expr.then_branch);
    copy.else_branch = Copy(if_expr.else_branch);
    return Wrap(std::move(copy));
  }

  const ast::FunctionDecl& function_;
  const ast::Call& call_;
};

}  // namespace

void CheckFunctions(FunctionTable* functions, DiagnosticSink* sink) {
  // Declaration order, so that diagnostics do not depend on the hash order.
  std::vector<std::string> names;
  for (const auto& [name, function] : *functions) names.push_back(name);
  std::sort(names.begin(), names.end(), [&](const std::string& a, const std::string& b) {
    return functions->at(a).decl->begin < functions->at(b).decl->begin;
  });
  absl::flat_hash_map<std::string, std::vector<std::string>> calls;
  for (const std::string& name : names) {
    UserFunction& function = functions->at(name);
    std::vector<std::string>& callees = calls[name];
    if (!BodyChecker(*function.decl, *functions, sink).Check(&callees)) function.valid = false;
  }
  // Recursion: a depth-first search; a call back into the path is a cycle.
  enum class State { kNew, kOnPath, kDone };
  absl::flat_hash_map<std::string, State> state;
  std::vector<std::string> path;
  auto visit = [&](auto& self, const std::string& name) -> void {
    state[name] = State::kOnPath;
    path.push_back(name);
    for (const std::string& callee : calls[name]) {
      const State s = state.contains(callee) ? state[callee] : State::kNew;
      if (s == State::kNew) {
        self(self, callee);
      } else if (s == State::kOnPath) {
        const auto from = std::find(path.begin(), path.end(), callee);
        std::vector<std::string> cycle(from, path.end());
        for (const std::string& member : cycle) functions->at(member).valid = false;
        cycle.push_back(callee);
        const ast::FunctionDecl& head = *functions->at(callee).decl;
        sink->Error(
            "E0302", ToSpan(head.name),
            absl::StrCat("function '", callee, "' calls itself: ", absl::StrJoin(cycle, " -> ")),
            "functions are expanded where they are called, so they cannot recurse");
      }
    }
    path.pop_back();
    state[name] = State::kDone;
  };
  for (const std::string& name : names) {
    if (!state.contains(name)) visit(visit, name);
  }
}

bool UsesName(const ast::Expr& expr, std::string_view name) {
  return boost::apply_visitor(
      [name](const auto& wrapped) -> bool {
        const auto& node = Unwrap(wrapped);
        using T = std::decay_t<decltype(node)>;
        if constexpr (std::is_same_v<T, ast::Identifier>) {
          return node.name == name;
        } else if constexpr (std::is_same_v<T, ast::UnaryExpr>) {
          return UsesName(node.operand, name);
        } else if constexpr (std::is_same_v<T, ast::Chain>) {
          if (UsesName(node.first, name)) return true;
          for (const ast::Operation& operation : node.rest) {
            if (UsesName(operation.operand, name)) return true;
          }
          return false;
        } else if constexpr (std::is_same_v<T, ast::Call>) {
          for (const ast::Expr& arg : node.args) {
            if (UsesName(arg, name)) return true;
          }
          return false;
        } else if constexpr (std::is_same_v<T, ast::LookupExpr> ||
                             std::is_same_v<T, ast::PiecewiseExpr>) {
          return UsesName(node.subject, name);
        } else if constexpr (std::is_same_v<T, ast::IfExpr>) {
          return UsesName(node.condition, name) || UsesName(node.then_branch, name) ||
                 UsesName(node.else_branch, name);
        } else {
          return false;
        }
      },
      expr);
}

ast::Expr ExpandCall(const ast::FunctionDecl& function, const ast::Call& call) {
  return Expander(function, call).Copy(function.body);
}

}  // namespace rubric::sema
