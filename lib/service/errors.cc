#include "service/errors.h"

#include <utility>

namespace rubric::service {

nlohmann::json DiagnosticJson(const Diagnostic& diagnostic) {
  nlohmann::json out = {{"severity", SeverityName(diagnostic.severity)},
                        {"code", diagnostic.code},
                        {"message", diagnostic.message}};
  if (!diagnostic.hint.empty()) out["hint"] = diagnostic.hint;
  if (!diagnostic.file.empty()) out["file"] = diagnostic.file;
  if (diagnostic.line > 0) {
    out["line"] = diagnostic.line;
    out["column"] = diagnostic.column;
  }
  return out;
}

nlohmann::json ProblemJson(const BodyProblem& problem) {
  nlohmann::json out = {
      {"severity", "error"}, {"code", problem.code}, {"message", problem.message}};
  if (!problem.path.empty()) out["path"] = problem.path;
  return out;
}

Response ErrorResponse(int status, const std::string& code, const std::string& message,
                       nlohmann::json diagnostics) {
  Response response;
  response.status = status;
  nlohmann::json error = {{"status", status}, {"code", code}, {"message", message}};
  if (!diagnostics.empty()) error["diagnostics"] = std::move(diagnostics);
  response.body = nlohmann::json{{"error", std::move(error)}}.dump(
                      -1, ' ', false, nlohmann::json::error_handler_t::replace) +
                  "\n";
  return response;
}

}  // namespace rubric::service
