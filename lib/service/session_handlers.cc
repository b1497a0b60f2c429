// The session routes: create, set values, read, delete. A session keeps the standard it was
// created with across reloads; a request changes it only after every value it sends has
// been checked (on a scratch session) and found to fit in the memory limit.
#include <mutex>
#include <nlohmann/json.hpp>

#include "service/errors.h"
#include "service/request_support.h"
#include "service/rows.h"
#include "service/service.h"

namespace rubric::service {
namespace {

using nlohmann::json;

Response UnknownSession(const std::string& id) {
  return ErrorResponse(404, "unknown_session",
                       "no session '" + id + "' (deleted, or idle for too long)");
}

json SessionJson(const std::string& id, const StoredSession& stored, double idle_seconds) {
  return {{"session", id},
          {"standard", StandardJson(*stored.loaded)},
          {"idle_timeout_seconds", idle_seconds}};
}

}  // namespace

Response Service::CreateSession(const Request& request) {
  const std::shared_ptr<const Catalog> catalog = standards_.current();
  json body;
  if (auto bad = ReadJsonObject(request, {"standard", "content_hash"}, &body)) return *bad;
  Response error;
  const LoadedStandard* loaded = ResolveStandard(*catalog, body, &error);
  if (!loaded) return error;
  std::string id;
  switch (sessions_.Create(catalog, *loaded, &id)) {
    case SessionStore::Refusal::kTooMany:
      return ErrorResponse(429, "too_many_sessions",
                           "the limit of " + std::to_string(options_.limits.max_sessions) +
                               " sessions is reached (--max-sessions)");
    case SessionStore::Refusal::kMemory:
      return ErrorResponse(429, "session_memory",
                           "the sessions' memory limit is reached (--max-session-memory)");
    case SessionStore::Refusal::kNone:
      break;
  }
  const std::shared_ptr<StoredSession> stored = sessions_.Find(id);
  if (!stored) return UnknownSession(id);
  return JsonResponse(SessionJson(id, *stored, sessions_.idle_seconds()), 201);
}

Response Service::ReadSession(const std::string& id, const std::string& query) {
  const std::optional<bool> nodes = QueryFlag(query, "nodes", false);
  if (!nodes) return ErrorResponse(400, "bad_request", "nodes is true or false");
  const std::shared_ptr<StoredSession> stored = sessions_.Find(id);
  if (!stored) return UnknownSession(id);
  std::lock_guard<std::mutex> lock(stored->mutex);
  json out = SessionJson(id, *stored, sessions_.idle_seconds());
  json rows = json::array();
  for (std::size_t row = 0; row < stored->session.row_count(); ++row) {
    if (stored->session.live(row)) {
      rows.push_back(RowResultJson(stored->session, row, {*nodes}));
    }
  }
  out["rows"] = std::move(rows);
  return JsonResponse(out);
}

Response Service::DeleteSession(const std::string& id) {
  if (!sessions_.Remove(id)) return UnknownSession(id);
  return JsonResponse({{"deleted", id}});
}

Response Service::SetSessionValues(const Request& request, const std::string& id) {
  json body;
  if (auto bad = ReadJsonObject(request, {"rows", "nodes"}, &body, options_.limits.max_rows))
    return *bad;
  const auto rows = body.find("rows");
  if (rows == body.end()) return ErrorResponse(400, "bad_request", "\"rows\" is required");
  const auto flag = body.find("nodes");
  if (flag != body.end() && !flag->is_boolean()) {
    return ErrorResponse(400, "bad_request", "\"nodes\" must be true or false");
  }
  if (rows->is_array() && rows->size() > options_.limits.max_rows) {
    return ErrorResponse(413, "too_many_rows",
                         std::to_string(rows->size()) + " rows in one request; the limit is " +
                             std::to_string(options_.limits.max_rows) + " (--max-rows)");
  }
  const std::shared_ptr<StoredSession> stored = sessions_.Find(id);
  if (!stored) return UnknownSession(id);
  // Check everything on a scratch session first: nothing is applied unless all of it is
  // good, and its memory estimates what the change adds.
  Session scratch(stored->loaded->standard);
  const std::size_t empty_bytes = scratch.memory_bytes();
  std::vector<BodyProblem> problems = LoadJsonRows(scratch, *rows, false, nullptr);
  if (!problems.empty()) {
    json diagnostics = json::array();
    for (const BodyProblem& problem : problems) diagnostics.push_back(ProblemJson(problem));
    const bool shape = HasShapeProblem(problems);
    return ErrorResponse(shape ? 400 : 422, shape ? "bad_request" : "invalid_data",
                         problems.front().message, std::move(diagnostics));
  }
  const std::size_t added = scratch.memory_bytes() - std::min(empty_bytes, scratch.memory_bytes());
  if (!sessions_.Fits(added)) {
    return ErrorResponse(429, "session_memory",
                         "these rows would take the sessions past their memory limit of " +
                             std::to_string(options_.limits.max_session_bytes) +
                             " bytes (--max-session-memory)");
  }
  std::lock_guard<std::mutex> lock(stored->mutex);
  std::vector<std::size_t> touched;
  problems = LoadJsonRows(stored->session, *rows, true, &touched);
  if (!problems.empty()) return ErrorResponse(422, "invalid_data", problems.front().message);
  json results = json::array();
  const bool nodes = flag != body.end() && flag->get<bool>();
  for (std::size_t row : touched) results.push_back(RowResultJson(stored->session, row, {nodes}));
  sessions_.Account(id, stored->session.memory_bytes());
  if (log_.is_open()) {
    const Status logged = log_.Append(stored->session, touched);
    if (!logged.ok()) return ErrorResponse(503, "log_unavailable", logged.message());
  }
  json out = SessionJson(id, *stored, sessions_.idle_seconds());
  out["rows"] = std::move(results);
  return JsonResponse(out);
}

}  // namespace rubric::service
