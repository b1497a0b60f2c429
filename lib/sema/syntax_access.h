// Small helpers for reading the syntax tree in the semantic pass.
#ifndef RUBRIC_LIB_SEMA_SYNTAX_ACCESS_H_
#define RUBRIC_LIB_SEMA_SYNTAX_ACCESS_H_

#include "grammar/ast.h"
#include "sema/model.h"

namespace rubric::sema {

// The node behind a variant alternative, whether or not it is wrapped in forward_ast.
template <typename T>
const T& Unwrap(const T& value) {
  return value;
}
template <typename T>
const T& Unwrap(const boost::spirit::x3::forward_ast<T>& value) {
  return value.get();
}

inline Span ToSpan(const ast::Located& located) { return {located.begin, located.end}; }

}  // namespace rubric::sema

#endif  // RUBRIC_LIB_SEMA_SYNTAX_ACCESS_H_
