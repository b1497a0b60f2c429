// Formatting: a standard's source in the canonical layout (what `rubric fmt` writes).
#ifndef RUBRIC_FORMAT_H_
#define RUBRIC_FORMAT_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rubric/diagnostic.h"

namespace rubric {

struct FormatResult {
  std::optional<std::string> text;      // the formatted source; none on syntax errors
  std::vector<Diagnostic> diagnostics;  // the syntax errors, with file, line and column
  bool ok() const { return text.has_value(); }
};

// Formats `source`: one statement per line, two spaces per block, the canonical spacing of
// expressions, at most one blank line where the source had blank lines, every comment kept
// next to what it was next to (docs/tools.md). Only the syntax is read: names are not
// resolved, so a standard with semantic errors, or a variant whose base is absent, is
// formatted all the same. Formatting the result again gives the same text. Never throws for
// bad input.
FormatResult FormatSource(std::string_view source, std::string_view file_name = "<input>");

}  // namespace rubric

#endif  // RUBRIC_FORMAT_H_
