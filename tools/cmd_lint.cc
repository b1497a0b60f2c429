// rubric lint [--allow CODE,...] [--deny CODE,...] [--list] STANDARD...: warnings about
// standards that compile but probably do not say what their authors mean.
#include <algorithm>
#include <string_view>

#include "cli_support.h"
#include "rubric/lint.h"

namespace rubric::cli {
namespace {

void PrintChecks() {
  std::size_t width = 0;
  for (const LintCheck& check : LintChecks()) width = std::max(width, check.name.size());
  for (const LintCheck& check : LintChecks()) {
    std::cout << check.code << "  " << check.name << std::string(width - check.name.size(), ' ')
              << "  " << check.description << "\n";
  }
}

std::string Plural(std::size_t count, const char* noun) {
  return std::to_string(count) + " " + noun + (count == 1 ? "" : "s");
}

// `FILE: 2 warnings`, `FILE: 1 error, 3 warnings` or `FILE: clean`.
std::string Summary(const std::string& path, const std::vector<Diagnostic>& findings) {
  const auto errors = static_cast<std::size_t>(
      std::count_if(findings.begin(), findings.end(),
                    [](const Diagnostic& d) { return d.severity == Severity::kError; }));
  const std::size_t warnings = findings.size() - errors;
  if (findings.empty()) return path + ": clean";
  if (errors == 0) return path + ": " + Plural(warnings, "warning");
  if (warnings == 0) return path + ": " + Plural(errors, "error");
  return path + ": " + Plural(errors, "error") + ", " + Plural(warnings, "warning");
}

// Parses the arguments; false (after saying why) on a usage error.
bool ParseArguments(const std::vector<std::string>& args, LintOptions* options, bool* list,
                    std::vector<std::string>* files) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i];
    std::string value;
    const std::size_t equals = arg.find('=');
    const bool inline_value = arg.rfind("--", 0) == 0 && equals != std::string::npos;
    if (inline_value) {
      value = arg.substr(equals + 1);
      arg.resize(equals);
    }
    if (arg == "--list" && !inline_value) {
      *list = true;
    } else if (arg == "--allow" || arg == "--deny") {
      if (!inline_value) {
        if (i + 1 >= args.size()) {
          std::cerr << "rubric: " << arg << " needs a list of codes\n" << kUsageText;
          return false;
        }
        value = args[++i];
      }
      std::vector<std::string>& codes = arg == "--allow" ? options->allow : options->deny;
      for (std::string& code : SplitCommas(value)) codes.push_back(std::move(code));
    } else if (arg.size() > 1 && arg[0] == '-') {
      std::cerr << "rubric: unknown option " << args[i] << "\n" << kUsageText;
      return false;
    } else {
      files->push_back(arg);
    }
  }
  return true;
}

}  // namespace

int Lint(const std::vector<std::string>& args) {
  LintOptions options;
  bool list = false;
  std::vector<std::string> files;
  if (!ParseArguments(args, &options, &list, &files)) return kUsage;
  std::vector<Diagnostic> option_errors = CheckLintOptions(options);
  if (!option_errors.empty()) {
    for (Diagnostic& d : option_errors) d.file = "rubric";
    std::cerr << RenderAll(option_errors);
    return kUsage;
  }
  if (list) {
    PrintChecks();
    if (files.empty()) return kOk;
  }
  if (files.empty()) {
    std::cerr << kUsageText;
    return kUsage;
  }
  int worst = kOk;
  for (const std::string& path : files) {
    int status = kOk;
    std::optional<Standard> standard = CompileFile(path, &status);
    if (!standard) {
      worst = std::max(worst, status);
      continue;
    }
    const std::vector<Diagnostic> findings = rubric::Lint(*standard, options);
    std::cout << RenderAll(findings) << Summary(path, findings) << "\n";
    if (!findings.empty()) worst = std::max(worst, kErrors);
  }
  std::cout.flush();
  return worst;
}

}  // namespace rubric::cli
