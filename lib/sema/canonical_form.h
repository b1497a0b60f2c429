// The canonical form of a checked standard: a text that says everything the standard means
// and nothing about how it was written. Formatting, comments, the order of clauses inside
// a declaration, units a value was written in, functions (expanded where used) and a
// variant's `extends` (applied) leave it unchanged; any change of what is computed, shown or
// checked (a rule, a number, a label, a bound, a missing-data policy, a grade, the order of
// declarations, which decides the order of results) changes it. Standard::content_hash() is
// the SHA-256 of this text.
#ifndef RUBRIC_LIB_SEMA_CANONICAL_FORM_H_
#define RUBRIC_LIB_SEMA_CANONICAL_FORM_H_

#include <string>

#include "sema/model.h"

namespace rubric::sema {

// The first line of every canonical form; a new line format gets a new number, so hashes
// of the two forms never meet.
inline constexpr char kCanonicalFormHeader[] = "rubric canonical form 1";

std::string CanonicalForm(const Model& model);

}  // namespace rubric::sema

#endif  // RUBRIC_LIB_SEMA_CANONICAL_FORM_H_
