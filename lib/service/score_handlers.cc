// POST /v1/score, /v1/explain and /v1/goal: a batch of rows scored in a fresh session (the
// batch is the cohort of cohort functions), on the catalog the request started with.
#include <nlohmann/json.hpp>
#include <span>

#include "rubric/data.h"
#include "rubric/explain.h"
#include "rubric/goal.h"
#include "service/errors.h"
#include "service/request_support.h"
#include "service/rows.h"
#include "service/service.h"

namespace rubric::service {
namespace {

using nlohmann::json;

// The problems of loading rows as a response: 400 for the body's shape, 422 for its data.
Response ProblemsResponse(const std::vector<BodyProblem>& problems) {
  json diagnostics = json::array();
  for (const BodyProblem& problem : problems) diagnostics.push_back(ProblemJson(problem));
  const bool shape = HasShapeProblem(problems);
  return ErrorResponse(
      shape ? 400 : 422, shape ? "bad_request" : "invalid_data",
      problems.front().message +
          (problems.size() > 1 ? " (and " + std::to_string(problems.size() - 1) + " more)" : ""),
      std::move(diagnostics));
}

Response TooManyRows(std::size_t rows, std::size_t limit) {
  return ErrorResponse(413, "too_many_rows",
                       std::to_string(rows) + " rows in one request; the limit is " +
                           std::to_string(limit) + " (--max-rows)");
}

// A session of `loaded` with the rows of `body["rows"]`, or the error response.
std::optional<Response> LoadBatch(const json& body, const LoadedStandard& loaded,
                                  std::size_t max_rows, Session* session,
                                  std::vector<std::size_t>* rows) {
  const auto found = body.find("rows");
  if (found == body.end()) return ErrorResponse(400, "bad_request", "\"rows\" is required");
  if (found->is_array() && found->size() > max_rows) return TooManyRows(found->size(), max_rows);
  if (found->is_array()) session->Reserve(found->size());
  std::vector<BodyProblem> problems = LoadJsonRows(*session, *found, false, rows);
  if (!problems.empty()) return ProblemsResponse(problems);
  (void)loaded;
  return std::nullopt;
}

// The row of `body["entity"]` and `body["period"]`, or the error response.
std::optional<Response> FindBodyRow(const json& body, const Session& session, std::size_t* row) {
  const auto entity = body.find("entity");
  const auto period = body.find("period");
  if (entity == body.end() || !entity->is_string() || period == body.end() ||
      !period->is_number_integer()) {
    return ErrorResponse(400, "bad_request",
                         "\"entity\" (a string) and \"period\" (a whole number) name the row");
  }
  const std::int64_t period_value = period->is_number_unsigned()
                                        ? static_cast<std::int64_t>(period->get<std::uint64_t>())
                                        : period->get<std::int64_t>();
  const std::optional<std::size_t> found =
      session.FindRow(entity->get<std::string>(), period_value);
  if (!found) {
    return ErrorResponse(404, "unknown_row",
                         "no row for entity '" + entity->get<std::string>() + "', period " +
                             std::to_string(period_value) + " in \"rows\"");
  }
  *row = *found;
  return std::nullopt;
}

}  // namespace

Response Service::Score(const Request& request, const std::string& query) {
  const std::shared_ptr<const Catalog> catalog = standards_.current();
  Response error;
  const LoadedStandard* loaded = nullptr;
  bool nodes = false;
  std::optional<Session> session;
  std::vector<std::size_t> rows;
  json warnings = json::array();
  if (IsCsvContent(request)) {
    bool bad = false;
    const std::string id = QueryValue(query, "standard", &bad).value_or("");
    const std::string hash = QueryValue(query, "content_hash", &bad).value_or("");
    const std::optional<bool> flag = QueryFlag(query, "nodes", false);
    if (bad || !flag) {
      return ErrorResponse(400, "bad_request", "a malformed query (standard, content_hash, nodes)");
    }
    nodes = *flag;
    loaded = ResolveStandard(*catalog, id, hash, &error);
    if (!loaded) return error;
    session.emplace(loaded->standard);
    const LoadReport report = LoadCsv(*session, request.body, "body");
    json diagnostics = json::array();
    for (const Diagnostic& diagnostic : report.diagnostics) {
      (diagnostic.severity == Severity::kError ? diagnostics : warnings)
          .push_back(DiagnosticJson(diagnostic));
    }
    if (!report.ok()) {
      return ErrorResponse(422, "invalid_data", report.diagnostics.front().message,
                           std::move(diagnostics));
    }
    if (session->row_count() > options_.limits.max_rows) {
      return TooManyRows(session->row_count(), options_.limits.max_rows);
    }
    for (std::size_t row = 0; row < session->row_count(); ++row) rows.push_back(row);
  } else {
    json body;
    if (auto bad = ReadJsonObject(request, {"standard", "content_hash", "nodes", "rows"}, &body,
                                  options_.limits.max_rows)) {
      return *bad;
    }
    const auto flag = body.find("nodes");
    if (flag != body.end() && !flag->is_boolean()) {
      return ErrorResponse(400, "bad_request", "\"nodes\" must be true or false");
    }
    nodes = flag != body.end() && flag->get<bool>();
    loaded = ResolveStandard(*catalog, body, &error);
    if (!loaded) return error;
    session.emplace(loaded->standard);
    if (auto bad = LoadBatch(body, *loaded, options_.limits.max_rows, &*session, &rows)) {
      return *bad;
    }
  }
  session->Evaluate();
  json results = json::array();
  for (std::size_t row : rows) results.push_back(RowResultJson(*session, row, {nodes}));
  metrics_.RowsScored(rows.size());
  if (log_.is_open()) {
    const Status logged = log_.Append(*session, rows);
    if (!logged.ok()) return ErrorResponse(503, "log_unavailable", logged.message());
  }
  json out = {{"standard", StandardJson(*loaded)}, {"rows", std::move(results)}};
  if (!warnings.empty()) out["warnings"] = std::move(warnings);
  return JsonResponse(out);
}

Response Service::Explain(const Request& request) {
  const std::shared_ptr<const Catalog> catalog = standards_.current();
  json body;
  if (auto bad =
          ReadJsonObject(request, {"standard", "content_hash", "rows", "entity", "period", "node"},
                         &body, options_.limits.max_rows)) {
    return *bad;
  }
  Response error;
  const LoadedStandard* loaded = ResolveStandard(*catalog, body, &error);
  if (!loaded) return error;
  Session session(loaded->standard);
  std::vector<std::size_t> rows;
  if (auto bad = LoadBatch(body, *loaded, options_.limits.max_rows, &session, &rows)) return *bad;
  std::size_t row = 0;
  if (auto bad = FindBodyRow(body, session, &row)) return *bad;
  std::optional<std::size_t> node;
  const auto node_id = body.find("node");
  if (node_id != body.end()) {
    if (!node_id->is_string()) return ErrorResponse(400, "bad_request", "\"node\" is a node's id");
    node = loaded->standard.FindNode(node_id->get<std::string>());
    if (!node) {
      return ErrorResponse(404, "unknown_node", "no node '" + node_id->get<std::string>() + "'");
    }
  }
  session.Evaluate();
  StatusOr<Explanation> explanation = session.Explain(row, node);
  if (!explanation.ok())
    return ErrorResponse(422, "cannot_explain", explanation.status().message());
  return JsonResponse({{"standard", StandardJson(*loaded)},
                       {"explanation", json::parse(ExplanationToJson(*explanation))}});
}

Response Service::Goal(const Request& request) {
  const std::shared_ptr<const Catalog> catalog = standards_.current();
  json body;
  if (auto bad = ReadJsonObject(request,
                                {"standard", "content_hash", "rows", "entity", "period", "target"},
                                &body, options_.limits.max_rows)) {
    return *bad;
  }
  Response error;
  const LoadedStandard* loaded = ResolveStandard(*catalog, body, &error);
  if (!loaded) return error;
  Session session(loaded->standard);
  std::vector<std::size_t> rows;
  if (auto bad = LoadBatch(body, *loaded, options_.limits.max_rows, &session, &rows)) return *bad;
  std::size_t row = 0;
  if (auto bad = FindBodyRow(body, session, &row)) return *bad;
  const auto target = body.find("target");
  if (target != body.end() && !target->is_object()) {
    return ErrorResponse(400, "bad_request",
                         "\"target\" is an object: {\"grade\": G} or {\"total\": X}");
  }
  StatusOr<GoalOptions> options =
      GoalOptionsFromJson(target == body.end() ? std::string("{}") : target->dump());
  if (!options.ok()) return ErrorResponse(422, "invalid_target", options.status().message());
  StatusOr<GoalResult> result = FindGoal(session, row, *options);
  if (!result.ok()) {
    const StatusCode code = result.status().code();
    return ErrorResponse(code == StatusCode::kNotFound ? 404 : 422,
                         code == StatusCode::kInvalidArgument ? "invalid_target" : "cannot_reach",
                         result.status().message());
  }
  return JsonResponse(
      {{"standard", StandardJson(*loaded)}, {"goal", json::parse(GoalToJson(*result))}});
}

}  // namespace rubric::service
