// Error responses: a JSON body {"error": {"status", "code", "message", "diagnostics"}} whose
// diagnostics carry rubric's codes and positions (docs/service.md, "Errors").
#ifndef RUBRIC_SERVICE_ERRORS_H_
#define RUBRIC_SERVICE_ERRORS_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "rubric/diagnostic.h"
#include "service/http_types.h"

namespace rubric::service {

// A diagnostic as JSON: severity, code, message, hint, and file/line/column when it has a
// position.
nlohmann::json DiagnosticJson(const Diagnostic& diagnostic);

// A problem in a JSON request body: a rubric data code (D0101, ...) or a request code, and
// where in the body (a JSON path such as "rows[3].values.p1").
struct BodyProblem {
  std::string code;
  std::string message;
  std::string path;
};

nlohmann::json ProblemJson(const BodyProblem& problem);

// `code` names the kind of error ("bad_request", "unknown_standard", "invalid_data", ...).
Response ErrorResponse(int status, const std::string& code, const std::string& message,
                       nlohmann::json diagnostics = nlohmann::json::array());

}  // namespace rubric::service

#endif  // RUBRIC_SERVICE_ERRORS_H_
