// Tests an author writes for a standard: known cases and what the standard must give them
// (`rubric test`, docs/tools.md). A test file sits beside its standard (`standard.rubric`
// -> `standard.tests`) and reads like the standard:
//
//   test "常州 2024 达到良好" {
//     data "cities.csv" entity "常州" period 2024
//     given { p6_1_2 = 500 }
//     expect total 7.5 within 0.01
//     expect grade 良好
//     expect points T6_1 = 3
//     expect vetoes none
//   }
//
// docs/tools.md `rubric test` describes every statement.
#ifndef RUBRIC_STANDARD_TEST_H_
#define RUBRIC_STANDARD_TEST_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rubric/diagnostic.h"
#include "rubric/session.h"
#include "rubric/standard.h"

namespace rubric {

// The exact match of numbers when no `within` is given.
inline constexpr double kDefaultTestTolerance = 1e-9;

// A place in a test file.
struct TestPosition {
  int line = 0;            // 1-based
  int column = 0;          // 1-based, in code points
  std::size_t offset = 0;  // bytes
  std::size_t length = 0;  // bytes
};

// `given { INPUT = VALUE }`: a value as data writes it; `missing` (or "") for none.
struct TestGiven {
  std::string input;
  std::string value;
  TestPosition at;
};

struct TestExpectation {
  enum class Kind {
    kTotal,     // expect total X [within T]
    kGrade,     // expect grade NAME (`none`: no grade)
    kPoints,    // expect points NODE = X [within T]
    kNoVetoes,  // expect vetoes none
    kVeto,      // expect veto VETO (it fires)
    kMissing,   // expect missing total | expect missing NODE
  };
  Kind kind = Kind::kTotal;
  std::string name;  // the node, veto or grade; empty for the total
  double value = 0;
  double tolerance = kDefaultTestTolerance;
  std::string text;  // the expectation as written, for messages ("total 91.2 within 0.01")
  TestPosition at;
};

struct TestCase {
  std::string name;
  TestPosition at;
  std::string data;    // a CSV file, relative to the test file; empty: one row from `given`
  std::string entity;  // the row; "test" when there is no data file
  std::optional<std::int64_t> period;  // required with data; else 0 when not given
  // A wide data file's columns of the entities and periods (`entity "AFG" column "iso3"`,
  // `period 2022 column "year"`); empty: `entity` and `period`.
  std::string entity_column;
  std::string period_column;
  std::vector<TestGiven> given;
  std::vector<TestExpectation> expectations;
};

struct TestFile {
  std::vector<TestCase> cases;
  std::vector<Diagnostic> diagnostics;  // FILE:LINE:COL, T0001 (syntax)
  bool ok() const { return !HasErrors(diagnostics); }
};

// Reads a test file. Syntax errors are T0001 diagnostics with the source line and a hint.
TestFile ParseTestFile(std::string_view text, std::string_view file_name);

// Names a test uses that `standard` does not have: inputs (T0002), nodes (T0003), vetoes
// (T0004), grades (T0005), each with the closest name as a hint.
std::vector<Diagnostic> CheckTestNames(const Standard& standard, const TestFile& file,
                                       std::string_view text, std::string_view file_name);

// Sets the `given` values of `test` on `row`; a value the input refuses is T0006.
std::vector<Diagnostic> ApplyGiven(Session& session, std::size_t row, const TestCase& test,
                                   std::string_view text, std::string_view file_name);

// An expectation the row does not meet.
struct TestMismatch {
  std::size_t expectation = 0;      // index into TestCase::expectations
  std::string expected;             // as written ("total 91.2 within 0.01")
  std::string actual;               // what the standard gives ("total 90.7")
  std::optional<std::size_t> node;  // the node to explain; nullopt: the whole standard
};

// Compares every expectation of `test` with row `row` of `session`.
std::vector<TestMismatch> CheckExpectations(const Session& session, std::size_t row,
                                            const TestCase& test);

// The test file of a standard: its path with the extension replaced by `.tests`
// (`examples/guide/06_grades.rubric` -> `examples/guide/06_grades.tests`).
std::string TestFileFor(std::string_view standard_path);

}  // namespace rubric

#endif  // RUBRIC_STANDARD_TEST_H_
