// libFuzzer target: arbitrary bytes as an HTTP request to `rubric serve`, read by the
// server's own parser under its limits (lib/service/http_request.cc) and handled by the
// service (routing, authentication, strict JSON, rows, CSV, sessions, explain, goal). Every
// response must be a status the API documents, with a JSON body that parses; an internal
// error (500) is a finding.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>

#include "fuzz_support.h"
#include "service/http_request.h"
#include "service/service.h"

namespace {

rubric::service::Service& TheService() {
  static rubric::service::Service* const service = [] {
    rubric::service::ServiceOptions options;
    options.standard_paths = {RUBRIC_SOURCE_DIR "/examples/guide/06_grades.rubric",
                              RUBRIC_SOURCE_DIR "/examples/guide/05_vetoes.rubric"};
    options.limits.max_body_bytes = 1 << 16;
    options.limits.max_header_bytes = 4096;
    options.limits.max_rows = 200;
    options.limits.max_sessions = 8;
    options.limits.max_session_bytes = 1 << 20;
    options.limits.session_idle_seconds = 1;
    auto* created = new rubric::service::Service(options);
    rubric::service::LoadOutcome outcome;
    std::string message;
    if (!created->Start(&outcome, &message)) {
      rubric::fuzz::Fail("the bundled standards do not load", message);
    }
    return created;
  }();
  return *service;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  rubric::service::Service& service = TheService();
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  rubric::service::ParsedRequest parsed = ParseHttpRequest(bytes, service.limits());
  if (!parsed.request && !parsed.error) return 0;
  const rubric::service::Response response =
      parsed.request ? service.Handle(*parsed.request) : *parsed.error;
  static const std::set<int> kDocumented = {200, 201, 400, 401, 404, 405, 409,
                                            413, 415, 422, 429, 431, 503};
  if (!kDocumented.count(response.status)) {
    rubric::fuzz::Fail("an undocumented status",
                       std::to_string(response.status) + " " + response.body);
  }
  if (response.content_type == "application/json" && !nlohmann::json::accept(response.body)) {
    rubric::fuzz::Fail("a response that is not JSON", response.body);
  }
  service.Sweep();
  return 0;
}
