// The canonical text of a model expression, in the language's own syntax: names by their
// ids, operators with only the parentheses the grammar needs, functions by name, numbers in
// their shortest exact form. The text reads back (in a standard with the same names) to an
// expression with the same text, so two expressions compute alike when their texts are
// equal, and tools compare rules by comparing texts.
//
// It is the text of the model, not of the source: `ratio(x, t)` and `clamp(x / t, 0, 1)`
// are one expression and print as `ratio(x, t)`; `threshold(x, t)` and `x >= t` print as
// `x >= t`; units are gone (`5 [亿元]` beside an input in 万元 prints as `50000`); every
// option of a lookup is listed, in the enum's order.
#ifndef RUBRIC_LIB_SEMA_EXPR_TEXT_H_
#define RUBRIC_LIB_SEMA_EXPR_TEXT_H_

#include <string>
#include <string_view>

#include "sema/model.h"

namespace rubric::sema {

std::string ExprText(const Model& model, ExprId id);

// A number as ExprText writes it: integers in plain digits (`50000`), others in the
// shortest form that reads back exactly (`0.25`, `1e-09`).
std::string NumberText(double value);

// `text` as a string literal of the language: in double quotes, with `"`, `\`, line breaks
// and tabs escaped.
std::string StringLiteral(std::string_view text);

}  // namespace rubric::sema

#endif  // RUBRIC_LIB_SEMA_EXPR_TEXT_H_
