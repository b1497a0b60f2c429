// A diagnostic at a place of a test file (lib/authoring/test_*.cc).
#ifndef RUBRIC_LIB_AUTHORING_TEST_DIAGNOSTIC_H_
#define RUBRIC_LIB_AUTHORING_TEST_DIAGNOSTIC_H_

#include <string>
#include <string_view>

#include "rubric/diagnostic.h"
#include "rubric/standard_test.h"

namespace rubric::internal {

// An error `code` at `at` of `text` (the test file `file_name`), with its source line.
Diagnostic TestDiagnostic(std::string code, std::string message, std::string hint,
                          const TestPosition& at, std::string_view text,
                          std::string_view file_name);

}  // namespace rubric::internal

#endif  // RUBRIC_LIB_AUTHORING_TEST_DIAGNOSTIC_H_
