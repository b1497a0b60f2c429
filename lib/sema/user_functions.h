// User-defined functions (`function goalpost(x, lo, hi) = ...`): the checks of their bodies
// (purity: only parameters; no recursion) and the substitution that expands a call inline.
#ifndef RUBRIC_LIB_SEMA_USER_FUNCTIONS_H_
#define RUBRIC_LIB_SEMA_USER_FUNCTIONS_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "grammar/ast.h"
#include "sema/diagnostic_sink.h"
#include "sema/model.h"

namespace rubric::sema {

struct UserFunction {
  const ast::FunctionDecl* decl = nullptr;
  bool valid = true;  // false: its body has an error, reported once at the declaration
};

using FunctionTable = absl::flat_hash_map<std::string, UserFunction>;

// Whether `name` is a built-in function (abs, clamp, cohort_rank, ...).
bool IsBuiltinFunction(std::string_view name);

// Checks every function's body: a name that is not a parameter is E0113, an unknown function
// E0105, recursion (direct or through other functions) E0302 naming the cycle. Marks the
// functions with an error invalid: their calls are not expanded.
void CheckFunctions(FunctionTable* functions, DiagnosticSink* sink);

// Whether `expr` names `name` (as a name, not as a function).
bool UsesName(const ast::Expr& expr, std::string_view name);

// The body of `function` with each parameter replaced by the call's argument, and every span
// of the body (not of the arguments) set to the call's: what the call stands for.
ast::Expr ExpandCall(const ast::FunctionDecl& function, const ast::Call& call);

}  // namespace rubric::sema

#endif  // RUBRIC_LIB_SEMA_USER_FUNCTIONS_H_
