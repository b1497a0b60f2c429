// Small helpers for reading the syntax tree in the semantic pass.
#ifndef RUBRIC_LIB_SEMA_SYNTAX_ACCESS_H_
#define RUBRIC_LIB_SEMA_SYNTAX_ACCESS_H_

#include "grammar/ast.h"
#include "sema/model.h"

namespace rubric::sema {

using ast::Unwrap;

inline Span ToSpan(const ast::Located& located) { return {located.begin, located.end}; }

}  // namespace rubric::sema

#endif  // RUBRIC_LIB_SEMA_SYNTAX_ACCESS_H_
