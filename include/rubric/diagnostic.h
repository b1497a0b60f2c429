// Diagnostics: problems found in a standard or in data, as values an author can act on.
#ifndef RUBRIC_DIAGNOSTIC_H_
#define RUBRIC_DIAGNOSTIC_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace rubric {

enum class Severity { kError, kWarning, kNote };

struct Diagnostic {
  Severity severity = Severity::kError;
  std::string code;         // stable, e.g. "E0101"; listed in docs/diagnostics.md
  std::string message;      // one line, no trailing period
  std::string hint;         // optional advice ("did you mean 'p1_1_1'?"), may be empty
  std::string file;         // the file name given to the compiler or loader
  int line = 0;             // 1-based; 0 when the diagnostic has no position
  int column = 0;           // 1-based, in Unicode code points
  std::size_t offset = 0;   // byte offset of the place in the source
  std::size_t length = 0;   // bytes to underline (0: a caret only)
  std::string source_line;  // the text of the line `line` of `file`, when known
};

const char* SeverityName(Severity severity);

// `FILE:LINE:COL: error: MESSAGE [CODE]`, then (when the diagnostic has a position and its
// `source_line`, or `source` is given) the source line and a caret line aligned by display
// width (CJK characters are two columns wide), then `hint: ...` when there is a hint. Ends
// with a newline. Compile diagnostics carry their source line, so they need no `source`.
std::string Render(const Diagnostic& diagnostic, std::string_view source = {});

// Renders each diagnostic in turn.
std::string RenderAll(const std::vector<Diagnostic>& diagnostics, std::string_view source = {});

bool HasErrors(const std::vector<Diagnostic>& diagnostics);

}  // namespace rubric

#endif  // RUBRIC_DIAGNOSTIC_H_
