// Service: routing, authentication, the standards and their reload, health and metrics.
// Scoring is in score_handlers.cc, sessions in session_handlers.cc.
#include "service/service.h"

#include <chrono>
#include <new>
#include <utility>

#include "rubric/report.h"
#include "service/errors.h"
#include "service/request_support.h"

namespace rubric::service {

const std::vector<Route>& Routes() {
  static const std::vector<Route> routes = {
      {"GET", "/healthz", "healthz"},
      {"GET", "/metrics", "metrics"},
      {"GET", "/v1/standards", "standards"},
      {"GET", "/v1/standards/{id}", "standard"},
      {"POST", "/v1/reload", "reload"},
      {"POST", "/v1/score", "score"},
      {"POST", "/v1/explain", "explain"},
      {"POST", "/v1/goal", "goal"},
      {"POST", "/v1/sessions", "session_create"},
      {"GET", "/v1/sessions/{id}", "session_read"},
      {"DELETE", "/v1/sessions/{id}", "session_delete"},
      {"POST", "/v1/sessions/{id}/values", "session_values"},
  };
  return routes;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  // Compare digests: equal lengths, so neither the length nor the place of the first
  // difference shows in the time taken.
  const std::string da = Sha256Hex(a), db = Sha256Hex(b);
  unsigned char diff = 0;
  for (std::size_t i = 0; i < da.size(); ++i) {
    diff |= static_cast<unsigned char>(da[i] ^ db[i]);
  }
  return diff == 0;
}

namespace {

// Whether `path` matches `pattern`, a {name} segment matching any one non-empty segment
// (put in *param).
bool Matches(std::string_view pattern, std::string_view path, std::string* param) {
  while (!pattern.empty() && !path.empty()) {
    const std::size_t ps = pattern.find('/', 1), qs = path.find('/', 1);
    const std::string_view segment = pattern.substr(0, ps), actual = path.substr(0, qs);
    if (segment.size() > 2 && segment[1] == '{') {
      if (actual.size() < 2) return false;
      *param = std::string(actual.substr(1));
    } else if (segment != actual) {
      return false;
    }
    pattern = ps == std::string_view::npos ? std::string_view() : pattern.substr(ps);
    path = qs == std::string_view::npos ? std::string_view() : path.substr(qs);
  }
  return pattern.empty() && path.empty();
}

}  // namespace

Service::Service(ServiceOptions options)
    : options_(std::move(options)),
      standards_(options_.standard_paths),
      sessions_(options_.limits.max_sessions, options_.limits.max_session_bytes,
                options_.limits.session_idle_seconds) {
  if (options_.token) token_ = *options_.token;
}

bool Service::Start(LoadOutcome* outcome, std::string* message) {
  *outcome = standards_.Load();
  if (!outcome->ok) {
    *message = outcome->message;
    return false;
  }
  if (!options_.log_path.empty()) {
    const Status opened = log_.Open(options_.log_path);
    if (!opened.ok()) {
      *message = opened.message();
      return false;
    }
  }
  return true;
}

LoadOutcome Service::Reload() {
  LoadOutcome outcome = standards_.Load();
  if (!outcome.busy) metrics_.Reload(outcome.ok);
  return outcome;
}

bool Service::Authorized(const Request& request) const {
  if (!options_.token) return true;
  constexpr std::string_view kBearer = "Bearer ";
  std::string_view given = request.authorization;
  if (given.substr(0, kBearer.size()) != kBearer) return false;
  given.remove_prefix(kBearer.size());
  return ConstantTimeEquals(given, token_);
}

Response Service::Handle(const Request& request) {
  const auto start = std::chrono::steady_clock::now();
  const std::size_t question = request.target.find('?');
  const std::string path = request.target.substr(0, question);
  const std::string query =
      question == std::string::npos ? std::string() : request.target.substr(question + 1);
  Response response;
  try {
    response = Dispatch(request, path, query);
  } catch (const std::bad_alloc&) {
    response = ErrorResponse(503, "out_of_memory", "the server ran out of memory");
  } catch (const std::exception& e) {
    response = ErrorResponse(500, "internal", std::string("internal error: ") + e.what());
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  metrics_.Request(response.route, response.status, seconds);
  return response;
}

Response Service::Dispatch(const Request& request, const std::string& path,
                           const std::string& query) {
  const Route* route = nullptr;
  std::string param;
  std::string allowed;
  for (const Route& candidate : Routes()) {
    std::string candidate_param;
    if (!Matches(candidate.path, path, &candidate_param)) continue;
    if (request.method == candidate.method) {
      route = &candidate;
      param = candidate_param;
      break;
    }
    allowed += std::string(allowed.empty() ? "" : ", ") + candidate.method;
  }
  const std::string name = route ? route->name : "unknown";
  auto named = [&](Response response) {
    response.route = name;
    return response;
  };
  if (path != "/healthz" && !Authorized(request)) {
    Response response = ErrorResponse(401, "unauthorized", "a valid bearer token is required");
    response.headers.push_back({"WWW-Authenticate", "Bearer"});
    return named(std::move(response));
  }
  if (!route) {
    if (allowed.empty()) {
      return named(ErrorResponse(404, "no_route", "no route " + path + " (see /v1/standards)"));
    }
    Response response =
        ErrorResponse(405, "method_not_allowed", request.method + " is not allowed on " + path);
    response.headers.push_back({"Allow", allowed});
    return named(std::move(response));
  }
  if (!param.empty()) {
    std::optional<std::string> decoded = PercentDecode(param);
    if (!decoded) {
      return named(ErrorResponse(400, "bad_request", "a malformed %-escape in " + path));
    }
    param = std::move(*decoded);
  }
  const std::string route_name = route->name;
  if (route_name == "healthz") {
    Response response;
    response.content_type = "text/plain; charset=utf-8";
    response.body = "ok\n";
    return named(std::move(response));
  }
  if (route_name == "metrics") {
    const std::shared_ptr<const Catalog> catalog = standards_.current();
    Response response;
    response.content_type = "text/plain; version=0.0.4; charset=utf-8";
    response.body =
        metrics_.Render(sessions_.count(), sessions_.memory(), catalog ? catalog->generation : 0);
    return named(std::move(response));
  }
  const std::shared_ptr<const Catalog> catalog = standards_.current();
  if (!catalog) return named(ErrorResponse(503, "unavailable", "no standard is loaded"));
  if (route_name == "standards") return named(Standards(catalog));
  if (route_name == "standard") return named(StandardDetail(catalog, param));
  if (route_name == "reload") return named(ReloadResponse());
  if (route_name == "score") return named(Score(request, query));
  if (route_name == "explain") return named(Explain(request));
  if (route_name == "goal") return named(Goal(request));
  if (route_name == "session_create") return named(CreateSession(request));
  if (route_name == "session_read") return named(ReadSession(param, query));
  if (route_name == "session_delete") return named(DeleteSession(param));
  return named(SetSessionValues(request, param));
}

Response Service::Standards(const std::shared_ptr<const Catalog>& catalog) const {
  nlohmann::json list = nlohmann::json::array();
  for (const LoadedStandard& loaded : catalog->standards) list.push_back(StandardJson(loaded));
  return JsonResponse({{"generation", catalog->generation}, {"standards", std::move(list)}});
}

Response Service::StandardDetail(const std::shared_ptr<const Catalog>& catalog,
                                 const std::string& id) const {
  Response error;
  const LoadedStandard* loaded = ResolveStandard(*catalog, id, "", &error);
  if (!loaded) return error;
  const Standard& standard = loaded->standard;
  nlohmann::json out = StandardJson(*loaded);
  nlohmann::json inputs = nlohmann::json::array();
  for (const InputInfo& input : standard.inputs()) {
    nlohmann::json item = {
        {"id", input.id}, {"label", input.label}, {"type", InputTypeName(input.type)}};
    if (!input.unit.empty()) item["unit"] = input.unit;
    if (input.min) item["min"] = *input.min;
    if (input.max) item["max"] = *input.max;
    if (!input.options.empty()) item["options"] = input.options;
    inputs.push_back(std::move(item));
  }
  out["inputs"] = std::move(inputs);
  nlohmann::json nodes = nlohmann::json::array();
  for (const NodeInfo& node : standard.nodes()) {
    nlohmann::json item = {
        {"id", node.id},
        {"label", node.label},
        {"kind", node.kind == NodeKind::kGroup ? "group" : "indicator"},
        {"parent", node.parent >= 0
                       ? nlohmann::json(standard.nodes()[static_cast<std::size_t>(node.parent)].id)
                       : nlohmann::json(nullptr)}};
    if (node.points) item["points"] = *node.points;
    nodes.push_back(std::move(item));
  }
  out["nodes"] = std::move(nodes);
  nlohmann::json grades = nlohmann::json::array();
  for (const GradeInfo& grade : standard.grades()) grades.push_back(grade.name);
  out["grades"] = std::move(grades);
  nlohmann::json vetoes = nlohmann::json::array();
  for (const VetoInfo& veto : standard.vetoes()) {
    vetoes.push_back({{"id", veto.id}, {"label", veto.label}});
  }
  out["vetoes"] = std::move(vetoes);
  return JsonResponse(out);
}

Response Service::ReloadResponse() {
  LoadOutcome outcome = Reload();
  if (outcome.busy) return ErrorResponse(409, "reload_running", outcome.message);
  nlohmann::json diagnostics = nlohmann::json::array();
  for (const Diagnostic& diagnostic : outcome.diagnostics) {
    diagnostics.push_back(DiagnosticJson(diagnostic));
  }
  if (!outcome.ok) {
    return ErrorResponse(422, "standard_does_not_compile", outcome.message, std::move(diagnostics));
  }
  const std::shared_ptr<const Catalog> catalog = standards_.current();
  nlohmann::json list = nlohmann::json::array();
  for (const LoadedStandard& loaded : catalog->standards) list.push_back(StandardJson(loaded));
  return JsonResponse({{"generation", catalog->generation},
                       {"standards", std::move(list)},
                       {"diagnostics", std::move(diagnostics)}});
}

}  // namespace rubric::service
