// rubric::service::Service: the HTTP API of `rubric serve` without the sockets. Handle()
// takes a parsed request and returns the response; routing, authentication, request
// validation, scoring, sessions, reloads and metrics all live here, so that they are tested
// and fuzzed without a network. docs/service.md documents the API; the routes are listed
// in docs/service.openapi.json, which a test checks against Routes().
#ifndef RUBRIC_SERVICE_SERVICE_H_
#define RUBRIC_SERVICE_SERVICE_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "service/decision_log.h"
#include "service/http_types.h"
#include "service/limits.h"
#include "service/metrics.h"
#include "service/session_store.h"
#include "service/standard_set.h"

namespace rubric::service {

struct ServiceOptions {
  std::vector<std::string> standard_paths;
  std::optional<std::string> token;  // required as "Bearer TOKEN" when set
  std::string log_path;              // the decision log; empty: none
  Limits limits;
};

struct Route {
  const char* method;
  const char* path;  // OpenAPI style: "/v1/sessions/{id}"
  const char* name;  // for metrics
};

// Every route the service answers, in the order of docs/service.md.
const std::vector<Route>& Routes();

class Service {
 public:
  explicit Service(ServiceOptions options);

  // Loads the standards and opens the log; false with `*message` (and the diagnostics in
  // `*outcome`) when a standard does not compile or the log cannot be opened.
  bool Start(LoadOutcome* outcome, std::string* message);

  Response Handle(const Request& request);

  // Reloads every standard (SIGHUP, POST /v1/reload).
  LoadOutcome Reload();
  // Drops idle sessions.
  void Sweep() { sessions_.Sweep(); }

  Metrics& metrics() { return metrics_; }
  const Limits& limits() const { return options_.limits; }

 private:
  ServiceOptions options_;
  StandardSet standards_;
  SessionStore sessions_;
  Metrics metrics_;
  DecisionLog log_;
  std::string token_;

  Response Dispatch(const Request& request, const std::string& path, const std::string& query);
  bool Authorized(const Request& request) const;

  Response Standards(const std::shared_ptr<const Catalog>& catalog) const;
  Response StandardDetail(const std::shared_ptr<const Catalog>& catalog,
                          const std::string& id) const;
  Response ReloadResponse();
  Response Score(const Request& request, const std::string& query);
  Response Explain(const Request& request);
  Response Goal(const Request& request);
  Response CreateSession(const Request& request);
  Response ReadSession(const std::string& id, const std::string& query);
  Response SetSessionValues(const Request& request, const std::string& id);
  Response DeleteSession(const std::string& id);
};

// True when `a` and `b` are equal; the time taken does not depend on where they differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace rubric::service

#endif  // RUBRIC_SERVICE_SERVICE_H_
