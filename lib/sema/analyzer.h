// Syntax tree -> semantic model: declarations, name resolution, types, points and grades.
#ifndef RUBRIC_LIB_SEMA_ANALYZER_H_
#define RUBRIC_LIB_SEMA_ANALYZER_H_

#include <optional>
#include <vector>

#include "grammar/ast.h"
#include "rubric/diagnostic.h"
#include "sema/model.h"

namespace rubric::sema {

// Checks `standard` and builds its model. Problems are appended to `diagnostics` (with byte
// offsets; the caller fills in file, line and column). Returns nullopt when there were errors.
// Reports as many independent errors as it can find in one run.
std::optional<Model> Analyze(const ast::Standard& standard, std::vector<Diagnostic>* diagnostics);

}  // namespace rubric::sema

#endif  // RUBRIC_LIB_SEMA_ANALYZER_H_
