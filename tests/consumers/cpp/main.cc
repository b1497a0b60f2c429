// Compiles a tiny standard with the installed C++ API and scores one row.
#include <iostream>

#include "rubric/session.h"
#include "rubric/standard.h"
#include "rubric/version.h"

int main() {
  rubric::CompileResult compiled = rubric::Standard::Compile(R"(
standard demo "示例" {
  total 10
  grades { 好 >= 5  差 otherwise }
  indicator a "甲" points 10 {
    input x "数量" : number >= 0
    score ratio(x, 100)
  }
})");
  if (!compiled.ok()) {
    std::cerr << rubric::RenderAll(compiled.diagnostics);
    return 1;
  }
  rubric::Session session(*compiled.standard);
  const std::size_t row = *session.AddRow("城市", 2024);
  if (!session.SetNumber(row, 0, 60).ok()) return 1;
  std::cout << "rubric " << rubric::VersionString() << ": total " << session.total(row)
            << ", grade " << *session.grade(row) << "\n";
  return session.total(row) == 6.0 && *session.grade(row) == "好" ? 0 : 1;
}
