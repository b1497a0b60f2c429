// Embedding rubric: compile a standard, load values, score, edit one figure, read the
// incrementally updated result and explain it.
//
//   embed STANDARD.rubric DATA.csv
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "rubric/data.h"
#include "rubric/explain.h"
#include "rubric/report.h"
#include "rubric/session.h"
#include "rubric/standard.h"

static std::string ReadFile(const char* path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: embed STANDARD.rubric DATA.csv\n";
    return 2;
  }
  // 1. Compile once. Diagnostics are values; render them for authors.
  const std::string source = ReadFile(argv[1]);
  rubric::CompileResult compiled = rubric::Standard::Compile(source, argv[1]);
  if (!compiled.ok()) {
    std::cerr << rubric::RenderAll(compiled.diagnostics, source);
    return 1;
  }
  const rubric::Standard& standard = *compiled.standard;  // immutable, shareable

  // 2. A session holds the values of many entities over several periods.
  rubric::Session session(standard);
  rubric::LoadReport report = rubric::LoadCsv(session, ReadFile(argv[2]), argv[2]);
  if (!report.ok()) {
    std::cerr << rubric::RenderAll(report.diagnostics);
    return 1;
  }
  session.Evaluate();  // optional: the first read evaluates everything anyway

  // 3. Read results. Indices are resolved once, by id.
  const std::size_t row = session.FindRow("C0001", 2024).value();
  const std::size_t node = standard.FindNode("I8").value();
  std::cout << "total " << rubric::FormatNumber(session.total(row)) << ", grade "
            << *session.grade(row) << ", I8 " << rubric::FormatNumber(session.node_value(row, node))
            << "\n";

  // 4. Edit one figure: only what depends on it is recomputed, on the next read.
  const std::size_t input = standard.FindInput("p8_2_2").value();  // 8.2.2 联合开发课程数
  const std::uint64_t ops_before = session.ops();
  if (rubric::Status status = session.SetFromString(row, input, "40"); !status.ok()) {
    std::cerr << status.message() << "\n";
    return 1;
  }
  std::cout << "after the edit: total " << rubric::FormatNumber(session.total(row)) << " ("
            << session.ops() - ops_before << " ops)\n";

  // 5. Explain a score: points, contributions, inputs, cohort context.
  rubric::StatusOr<rubric::Explanation> why = session.Explain(row, standard.FindNode("T8_2"));
  if (!why.ok()) return 1;
  std::cout << why->id << " earned " << rubric::FormatNumber(why->earned) << " of "
            << rubric::FormatNumber(why->possible.value_or(0)) << "\n";
  for (const rubric::CohortUse& cohort : why->cohorts) {
    std::cout << "  " << cohort.function << " rank " << cohort.rank << " of " << cohort.cohort_size
              << "\n";
  }
  return session.VerifyAgainstFullEvaluation().ok() ? 0 : 1;
}
