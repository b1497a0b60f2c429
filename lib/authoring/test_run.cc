// Running test files (include/rubric/standard_test.h): their names checked against the
// standard, their inputs set on a row, their expectations compared with the row's results.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "authoring/test_diagnostic.h"
#include "rubric/missing.h"
#include "rubric/report.h"
#include "rubric/standard_test.h"
#include "sema/closest_name.h"

namespace rubric {

namespace internal {

Diagnostic TestDiagnostic(std::string code, std::string message, std::string hint,
                          const TestPosition& at, std::string_view text,
                          std::string_view file_name) {
  Diagnostic d;
  d.code = std::move(code);
  d.message = std::move(message);
  d.hint = std::move(hint);
  d.file = std::string(file_name);
  d.line = at.line;
  d.column = at.column;
  d.offset = at.offset;
  d.length = at.length;
  if (at.offset <= text.size()) {
    const std::size_t start =
        at.offset == 0 ? std::string_view::npos : text.rfind('\n', at.offset - 1);
    const std::size_t first = start == std::string_view::npos ? 0 : start + 1;
    const std::size_t end = text.find('\n', first);
    d.source_line = std::string(
        text.substr(first, end == std::string_view::npos ? std::string_view::npos : end - first));
    if (!d.source_line.empty() && d.source_line.back() == '\r') d.source_line.pop_back();
  }
  return d;
}

}  // namespace internal

namespace {

using internal::TestDiagnostic;

std::string Shown(double value) {
  return IsMissing(value) ? std::string("missing") : FormatNumber(value);
}

bool Close(double actual, double expected, double tolerance) {
  return !IsMissing(actual) && std::isfinite(actual) && std::fabs(actual - expected) <= tolerance;
}

}  // namespace

std::vector<Diagnostic> CheckTestNames(const Standard& standard, const TestFile& file,
                                       std::string_view text, std::string_view file_name) {
  std::vector<std::string_view> inputs, nodes, vetoes, grades;
  for (const InputInfo& input : standard.inputs()) inputs.push_back(input.id);
  for (const NodeInfo& node : standard.nodes()) nodes.push_back(node.id);
  for (const VetoInfo& veto : standard.vetoes()) vetoes.push_back(veto.id);
  for (const GradeInfo& grade : standard.grades()) {
    // A name may have several bands (`不合格 otherwise`, `不合格 when vetoed`): once.
    if (std::find(grades.begin(), grades.end(), grade.name) == grades.end()) {
      grades.push_back(grade.name);
    }
  }
  std::vector<Diagnostic> out;
  auto unknown = [&](const char* code, const std::string& what, const std::string& name,
                     const std::vector<std::string_view>& names, const TestPosition& at) {
    for (std::string_view known : names) {
      if (known == name) return;
    }
    std::string hint = sema::DidYouMean(name, names);
    if (hint.empty() && names.empty()) hint = "the standard has no " + what + "s";
    if (hint.empty() && names.size() <= 12) {
      hint = "the standard's " + what + "s: ";
      for (std::size_t i = 0; i < names.size(); ++i) {
        hint += (i > 0 ? ", " : "") + std::string(names[i]);
      }
    }
    out.push_back(TestDiagnostic(code, "the standard has no " + what + " '" + name + "'", hint, at,
                                 text, file_name));
  };
  for (const TestCase& test : file.cases) {
    for (const TestGiven& given : test.given) {
      unknown("T0002", "input", given.input, inputs, given.at);
    }
    for (const TestExpectation& e : test.expectations) {
      switch (e.kind) {
        case TestExpectation::Kind::kPoints:
          unknown("T0003", "node", e.name, nodes, e.at);
          break;
        case TestExpectation::Kind::kMissing:
          if (!e.name.empty()) unknown("T0003", "node", e.name, nodes, e.at);
          break;
        case TestExpectation::Kind::kVeto:
          unknown("T0004", "veto", e.name, vetoes, e.at);
          break;
        case TestExpectation::Kind::kGrade:
          if (e.name != "none") unknown("T0005", "grade", e.name, grades, e.at);
          break;
        default:
          break;
      }
    }
  }
  return out;
}

std::vector<Diagnostic> ApplyGiven(Session& session, std::size_t row, const TestCase& test,
                                   std::string_view text, std::string_view file_name) {
  std::vector<Diagnostic> out;
  for (const TestGiven& given : test.given) {
    const std::optional<std::size_t> input = session.standard().FindInput(given.input);
    if (!input) continue;  // CheckTestNames reports it
    const Status set = session.SetFromString(row, *input, given.value);
    if (!set.ok()) {
      out.push_back(TestDiagnostic("T0006", "the value of '" + given.input + "' is refused",
                                   set.message(), given.at, text, file_name));
    }
  }
  return out;
}

std::vector<TestMismatch> CheckExpectations(const Session& session, std::size_t row,
                                            const TestCase& test) {
  const Standard& standard = session.standard();
  std::vector<TestMismatch> out;
  for (std::size_t i = 0; i < test.expectations.size(); ++i) {
    const TestExpectation& e = test.expectations[i];
    TestMismatch m;
    m.expectation = i;
    m.expected = e.text;
    bool met = true;
    switch (e.kind) {
      case TestExpectation::Kind::kTotal: {
        const double total = session.scorable(row) ? session.total(row) : MissingValue();
        met = Close(total, e.value, e.tolerance);
        m.actual = "total " + (session.scorable(row) ? Shown(total) : "- (not scorable)");
        break;
      }
      case TestExpectation::Kind::kGrade: {
        const std::string* grade = session.grade(row);
        const std::string actual = grade ? *grade : std::string("none");
        met = actual == e.name;
        m.actual = "grade " + actual;
        break;
      }
      case TestExpectation::Kind::kPoints: {
        const std::optional<std::size_t> node = standard.FindNode(e.name);
        if (!node) continue;  // CheckTestNames reports it
        const double value = session.node_value(row, *node);
        met = Close(value, e.value, e.tolerance);
        m.actual = "points " + e.name + " = " + Shown(value);
        m.node = node;
        break;
      }
      case TestExpectation::Kind::kNoVetoes:
      case TestExpectation::Kind::kVeto: {
        const std::vector<std::size_t> fired = session.fired_vetoes(row);
        std::string names;
        bool found = false;
        for (std::size_t veto : fired) {
          const std::string& id = standard.vetoes()[veto].id;
          names += (names.empty() ? "" : " ") + id;
          found = found || id == e.name;
        }
        met = e.kind == TestExpectation::Kind::kNoVetoes ? fired.empty() : found;
        m.actual = fired.empty() ? "vetoes none" : "vetoes " + names;
        break;
      }
      case TestExpectation::Kind::kMissing: {
        if (e.name.empty()) {
          const double total = session.total(row);
          met = IsMissing(total);
          m.actual = "total " + Shown(total);
        } else {
          const std::optional<std::size_t> node = standard.FindNode(e.name);
          if (!node) continue;
          const double value = session.node_value(row, *node);
          met = IsMissing(value);
          m.actual = "points " + e.name + " = " + Shown(value);
          m.node = node;
        }
        break;
      }
    }
    if (!met) out.push_back(std::move(m));
  }
  return out;
}

std::string TestFileFor(std::string_view standard_path) {
  const std::size_t slash = standard_path.find_last_of("/\\");
  const std::size_t dot = standard_path.rfind('.');
  const bool has_extension = dot != std::string_view::npos && dot > 0 &&
                             (slash == std::string_view::npos || dot > slash + 1);
  return std::string(has_extension ? standard_path.substr(0, dot) : standard_path) + ".tests";
}

}  // namespace rubric
