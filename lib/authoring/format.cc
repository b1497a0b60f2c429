// FormatSource: text -> syntax tree -> canonical text.
#include "rubric/format.h"

#include <utility>

#include "api/source_position.h"
#include "grammar/parser.h"
#include "grammar/printer.h"

namespace rubric {

FormatResult FormatSource(std::string_view source, std::string_view file_name) {
  FormatResult result;
  grammar::ParseOutput parsed = grammar::Parse(source);
  if (parsed.errors.empty() && parsed.standard) {
    result.text = grammar::FormatStandard(source, *parsed.standard, parsed.comments);
    return result;
  }
  const internal::LineIndex index(source);
  for (grammar::SyntaxError& error : parsed.errors) {
    Diagnostic d;
    d.code = std::move(error.code);
    d.message = std::move(error.message);
    d.hint = std::move(error.hint);
    d.file = std::string(file_name);
    d.offset = error.offset;
    d.length = error.length;
    index.Locate(d.offset, &d.line, &d.column);
    result.diagnostics.push_back(std::move(d));
  }
  return result;
}

}  // namespace rubric
