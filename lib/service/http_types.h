// A request and a response as the service sees them: no sockets, so that routing, parsing
// and validation are tested (and fuzzed) on their own.
#ifndef RUBRIC_SERVICE_HTTP_TYPES_H_
#define RUBRIC_SERVICE_HTTP_TYPES_H_

#include <string>
#include <utility>
#include <vector>

namespace rubric::service {

struct Request {
  std::string method;         // "GET", "POST", ...
  std::string target;         // path and query: "/v1/score?standard=x"
  std::string authorization;  // the Authorization header, or empty
  std::string content_type;   // the Content-Type header, or empty
  std::string body;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // besides Content-Type
  std::string route = "unknown";  // the route's name, for metrics ("score", "healthz", ...)
};

}  // namespace rubric::service

#endif  // RUBRIC_SERVICE_HTTP_TYPES_H_
