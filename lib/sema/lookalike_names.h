// Names that a reader cannot tell apart: the same letters in another Unicode normalisation
// (NFC é or NFD e + U+0301: E0110), or look-alike letters of other scripts (a Cyrillic а in
// `pаss` beside `pass`: W0102 between declarations, E0111 for a use).
#ifndef RUBRIC_LIB_SEMA_LOOKALIKE_NAMES_H_
#define RUBRIC_LIB_SEMA_LOOKALIKE_NAMES_H_

#include <string_view>
#include <vector>

#include "grammar/ast.h"
#include "sema/diagnostic_sink.h"

namespace rubric::sema {

// Reports each declaration (in source order) that differs from an earlier one only in
// normalisation (E0110) or looks like it (W0102).
void CheckLookAlikeDeclarations(const std::vector<const ast::Identifier*>& declared,
                                DiagnosticSink* sink);

// For the use of an undeclared name: reports E0110 or E0111 and returns true when a name of
// `declared` (sorted, for a deterministic choice) is the same name in another normalisation
// or looks like it; returns false, reporting nothing, otherwise. An ASCII use can only look
// like an ASCII name, which is E0101's case.
bool ReportLookAlikeUse(const ast::Identifier& use, const std::vector<std::string_view>& declared,
                        DiagnosticSink* sink);

}  // namespace rubric::sema

#endif  // RUBRIC_LIB_SEMA_LOOKALIKE_NAMES_H_
