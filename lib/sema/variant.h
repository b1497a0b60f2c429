// Regional variants: `standard jiangsu extends consortium { remove ..., change ..., ... }`.
// A variant is applied to its base's syntax tree, and the result is analysed like any
// standard, so every check (points add up, names resolve, ...) holds for variants too.
#ifndef RUBRIC_LIB_SEMA_VARIANT_H_
#define RUBRIC_LIB_SEMA_VARIANT_H_

#include <vector>

#include "grammar/ast.h"
#include "rubric/diagnostic.h"

namespace rubric::sema {

// The standard `variant` describes: `base` (already resolved, itself no variant) with the
// variant's statements applied in order. Problems (E0107, E0108) are appended to
// `diagnostics`; the statements they concern are skipped.
ast::Standard ApplyVariant(ast::Standard base, const ast::Standard& variant,
                           std::vector<Diagnostic>* diagnostics);

}  // namespace rubric::sema

#endif  // RUBRIC_LIB_SEMA_VARIANT_H_
