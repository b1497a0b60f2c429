#include "rubric/diagnostic.h"

#include <algorithm>

#include "api/source_position.h"
#include "grammar/utf8.h"

namespace rubric {

const char* SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kNote:
      return "note";
  }
  return "error";
}

std::string Render(const Diagnostic& d, std::string_view source) {
  std::string out = d.file.empty() ? std::string("<input>") : d.file;
  if (d.line > 0) {
    out += ":" + std::to_string(d.line);
    if (d.column > 0) out += ":" + std::to_string(d.column);
  }
  out += ": ";
  out += SeverityName(d.severity);
  out += ": " + d.message;
  if (!d.code.empty()) out += " [" + d.code + "]";
  out += "\n";
  std::string_view line;
  std::size_t in_line = 0;  // byte offset of the place in `line`
  bool has_line = false;
  if (!d.source_line.empty() && d.line > 0 && d.column > 0) {
    line = d.source_line;
    for (int column = 1; column < d.column && in_line < line.size(); ++column) {
      utf8::Decode(line, &in_line);
    }
    has_line = true;
  } else if (!source.empty() && d.line > 0 && d.column > 0 && d.offset <= source.size()) {
    const internal::LineIndex index(source);
    line = index.LineAt(d.offset);
    const std::size_t line_start = static_cast<std::size_t>(line.data() - source.data());
    in_line = std::min(d.offset - line_start, line.size());
    has_line = true;
  }
  if (has_line) {
    // Show the line as valid UTF-8: an invalid byte becomes U+FFFD.
    for (std::size_t pos = 0; pos < line.size();) {
      const std::size_t start = pos;
      if (utf8::Decode(line, &pos) == utf8::kInvalid) {
        out += "\xEF\xBF\xBD";
      } else {
        out.append(line.substr(start, pos - start));
      }
    }
    out += "\n";
    // Indent the caret by the display width of what precedes it; keep tabs as tabs.
    std::size_t pos = 0;
    while (pos < in_line) {
      if (line[pos] == '\t') {
        out += '\t';
        ++pos;
        continue;
      }
      out.append(static_cast<std::size_t>(utf8::DisplayWidth(utf8::Decode(line, &pos))), ' ');
    }
    const std::size_t span_end = std::min(line.size(), in_line + d.length);
    const int width = std::max(1, utf8::DisplayWidth(line.substr(in_line, span_end - in_line)));
    out += '^';
    out.append(static_cast<std::size_t>(width - 1), '~');
    out += "\n";
  }
  if (!d.hint.empty()) out += "hint: " + d.hint + "\n";
  return out;
}

std::string RenderAll(const std::vector<Diagnostic>& diagnostics, std::string_view source) {
  std::string out;
  for (const Diagnostic& d : diagnostics) out += Render(d, source);
  return out;
}

bool HasErrors(const std::vector<Diagnostic>& diagnostics) {
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::kError; });
}

}  // namespace rubric
