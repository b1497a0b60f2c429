// rubric fmt [--check] FILE...: rewrites standards in the canonical layout, or (--check)
// says which ones are not in it. `-` formats standard input to standard output.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <sstream>

#include "cli_support.h"
#include "rubric/file.h"
#include "rubric/format.h"

namespace rubric::cli {
namespace {

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

// `FILE: would be reformatted`, then the first line that differs, before and after.
void ReportWouldChange(const std::string& name, const std::string& before,
                       const std::string& after) {
  const std::vector<std::string> old_lines = Lines(before);
  const std::vector<std::string> new_lines = Lines(after);
  std::size_t line = 0;
  while (line < old_lines.size() && line < new_lines.size() && old_lines[line] == new_lines[line]) {
    ++line;
  }
  std::cout << name << ": would be reformatted\n";
  std::cout << "  first difference at line " << line + 1 << ":\n";
  std::cout << "  - " << (line < old_lines.size() ? old_lines[line] : "(end of file)") << "\n";
  std::cout << "  + " << (line < new_lines.size() ? new_lines[line] : "(end of file)") << "\n";
}

// Formats one file (or standard input for "-"); returns the exit status for it.
int FormatOne(const std::string& path, bool check) {
  const bool standard_streams = path == "-";
  const std::string name = standard_streams ? "<stdin>" : path;
  std::optional<std::string> source;
  if (standard_streams) {
    errno = 0;
    source = std::string(std::istreambuf_iterator<char>(std::cin), {});
    if (std::cin.bad() || std::ferror(stdin)) {
      std::cerr << "rubric: cannot read standard input: " << std::strerror(errno != 0 ? errno : EIO)
                << "\n";
      return kUsage;
    }
  } else {
    // Checked and read as `rubric check` reads it: E0005 when too large, else E0009.
    StatusOr<std::string> text = ReadInputFile(path, kMaxStandardFileBytes);
    if (!text.ok()) {
      const Diagnostic refused = StandardFileDiagnostic(path, text.status());
      std::cerr << Render(refused);
      return refused.code == "E0009" ? kUsage : kErrors;
    }
    source = std::move(*text);
  }
  const FormatResult result = FormatSource(*source, name);
  if (!result.ok()) {
    std::cerr << RenderAll(result.diagnostics, *source);
    return kErrors;
  }
  const std::string& formatted = *result.text;
  if (standard_streams && !check) {
    std::cout << formatted;
    return kOk;
  }
  if (formatted == *source) return kOk;
  if (check) {
    ReportWouldChange(name, *source, formatted);
    return kErrors;
  }
  // A link is followed: its target is formatted, the link stays.
  const Status written = WriteOutputFile(path, [&](std::ostream& out) { out << formatted; });
  if (!written.ok()) {
    std::cerr << "rubric: " << written.message() << "\n";
    return kUsage;
  }
  std::cerr << "formatted " << path << "\n";
  return kOk;
}

}  // namespace

int Fmt(const std::vector<std::string>& args) {
  bool check = false;
  std::vector<std::string> paths;
  for (const std::string& arg : args) {
    if (arg == "--check") {
      check = true;
    } else if (arg.size() > 1 && arg[0] == '-') {
      std::cerr << "rubric: fmt: unknown option '" << arg << "'\n" << kUsageText;
      return kUsage;
    } else {
      paths.push_back(arg);
    }
  }
  if (paths.empty()) {
    std::cerr << kUsageText;
    return kUsage;
  }
  int worst = kOk;
  for (const std::string& path : paths) worst = std::max(worst, FormatOne(path, check));
  return worst;
}

}  // namespace rubric::cli
