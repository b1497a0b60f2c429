// rubric::Lint: runs lib/lint's checks on a compiled standard, applies allow and deny, and
// places the findings in the standard's source files.
#include "rubric/lint.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <string_view>
#include <utility>

#include "absl/strings/str_cat.h"
#include "api/compiled_standard.h"
#include "api/source_position.h"
#include "lint/lint.h"
#include "sema/closest_name.h"

namespace rubric {
namespace {

constexpr std::string_view kAll = "all";

bool IsKnownCode(std::string_view code) {
  const std::span<const LintCheck> checks = LintChecks();
  return std::any_of(checks.begin(), checks.end(),
                     [&](const LintCheck& check) { return check.code == code; });
}

bool Names(const std::vector<std::string>& codes, std::string_view code) {
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

// What happens to the findings of `code`: dropped, kept as warnings, or made errors.
enum class Treatment { kAllow, kWarn, kDeny };

Treatment TreatmentOf(const LintOptions& options, std::string_view code) {
  if (Names(options.deny, code)) return Treatment::kDeny;
  if (Names(options.allow, code)) return Treatment::kAllow;
  if (Names(options.deny, kAll)) return Treatment::kDeny;
  if (Names(options.allow, kAll)) return Treatment::kAllow;
  return Treatment::kWarn;
}

std::string UnknownCodeHint(std::string_view code) {
  std::vector<std::string_view> codes;
  for (const LintCheck& check : LintChecks()) {
    if (check.name == code) {
      return absl::StrCat("'", std::string(code), "' is the name of ", check.code);
    }
    codes.push_back(check.code);
  }
  std::string upper(code);
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  if (IsKnownCode(upper)) return absl::StrCat("did you mean '", upper, "'?");
  std::string hint = sema::DidYouMean(code, codes);
  if (!hint.empty()) return hint;
  return absl::StrCat("the codes are ", LintChecks().front().code, " to ", LintChecks().back().code,
                      " (rubric lint --list), or 'all'");
}

// A comment `// lint: allow L0004` (or `# lint: allow L0004, L0006`, or `all`) in a source
// file: the codes allowed for findings on its line and on the next one.
class SourceAllowances {
 public:
  explicit SourceAllowances(const internal::SourceSet& sources) {
    for (const internal::SourceSet::File& file : sources.files()) {
      const internal::LineIndex lines(file.text);
      for (const auto& [begin, end] : file.comments) {
        int line = 0;
        int column = 0;
        lines.Locate(begin, &line, &column);
        Scan(file.name, line, std::string_view(file.text).substr(begin, end - begin));
      }
    }
  }

  bool Allows(const Diagnostic& d) const {
    for (const int line : {d.line, d.line - 1}) {
      auto it = allowed_.find({d.file, line});
      if (it != allowed_.end() && (Names(it->second, d.code) || Names(it->second, kAll))) {
        return true;
      }
    }
    return false;
  }

 private:
  // `comment` is the comment's text, from its `//` or `#`.
  void Scan(const std::string& file, int line, std::string_view comment) {
    constexpr std::string_view kMarker = "lint: allow ";
    comment.remove_prefix(comment[0] == '#' ? 1 : 2);
    while (!comment.empty() && (comment.front() == ' ' || comment.front() == '\t')) {
      comment.remove_prefix(1);
    }
    if (comment.substr(0, kMarker.size()) != kMarker) return;
    std::vector<std::string>& codes = allowed_[{file, line}];
    std::string_view rest = comment.substr(kMarker.size());
    while (!rest.empty()) {
      const std::size_t cut = std::min(rest.find_first_of(", \t\r"), rest.size());
      if (cut > 0) codes.emplace_back(rest.substr(0, cut));
      rest.remove_prefix(std::min(cut + 1, rest.size()));
    }
  }

  std::map<std::pair<std::string, int>, std::vector<std::string>> allowed_;
};

}  // namespace

std::span<const LintCheck> LintChecks() {
  static const std::vector<LintCheck> checks = [] {
    std::vector<LintCheck> out;
    for (const lint::Check& check : lint::Checks()) {
      out.push_back({check.code, check.name, check.description});
    }
    return out;
  }();
  return checks;
}

std::vector<Diagnostic> CheckLintOptions(const LintOptions& options) {
  std::vector<Diagnostic> errors;
  for (const std::vector<std::string>* codes : {&options.allow, &options.deny}) {
    for (const std::string& code : *codes) {
      if (code == kAll || IsKnownCode(code)) continue;
      Diagnostic d;
      d.severity = Severity::kError;
      d.code = "L0000";
      d.message = absl::StrCat("unknown lint code '", code, "'");
      d.hint = UnknownCodeHint(code);
      errors.push_back(std::move(d));
    }
  }
  return errors;
}

std::vector<Diagnostic> Lint(const Standard& standard, const LintOptions& options) {
  const internal::CompiledStandard& compiled = standard.compiled();
  std::vector<Diagnostic> findings;
  for (Diagnostic& finding : lint::Run(compiled.model, compiled.graph)) {
    const Treatment treatment = TreatmentOf(options, finding.code);
    if (treatment == Treatment::kAllow) continue;
    finding.severity = treatment == Treatment::kDeny ? Severity::kError : Severity::kWarning;
    findings.push_back(std::move(finding));
  }
  // By position, then by code, so that the order never depends on the order of the checks.
  std::stable_sort(findings.begin(), findings.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return a.offset != b.offset ? a.offset < b.offset : a.code < b.code;
  });
  compiled.sources.Locate(&findings);
  const SourceAllowances allowances(compiled.sources);
  findings.erase(std::remove_if(findings.begin(), findings.end(),
                                [&](const Diagnostic& d) { return allowances.Allows(d); }),
                 findings.end());
  std::vector<Diagnostic> out = CheckLintOptions(options);
  for (Diagnostic& error : out) {
    if (!compiled.sources.empty()) error.file = compiled.sources.files().front().name;
  }
  out.insert(out.end(), std::make_move_iterator(findings.begin()),
             std::make_move_iterator(findings.end()));
  return out;
}

}  // namespace rubric
