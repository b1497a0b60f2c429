// Reading an HTTP request with Boost.Beast under the service's limits, shared by the server
// (http_server.cc) and the fuzz target (tests/fuzz/fuzz_service.cc), so that the parsing
// fuzzed is the parsing served.
#ifndef RUBRIC_SERVICE_HTTP_REQUEST_H_
#define RUBRIC_SERVICE_HTTP_REQUEST_H_

#include <boost/beast/http.hpp>
#include <optional>
#include <string_view>

#include "service/http_types.h"
#include "service/limits.h"

namespace rubric::service {

using RequestParser = boost::beast::http::request_parser<boost::beast::http::string_body>;

// The header and body limits.
void ConfigureParser(RequestParser& parser, const Limits& limits);

// The request a parser has read whole (its body moved out).
Request ToRequest(RequestParser& parser);

// The answer to a request that could not be read: 413 (body), 431 (headers) or 400 (not
// HTTP); nullopt for a failure of the connection (the client left, a timeout), which gets
// no answer.
std::optional<Response> ReadErrorResponse(const boost::beast::error_code& error,
                                          const Limits& limits);

// One request parsed from `bytes` as the server reads it: the request, or the error
// response, or neither when the bytes end before the request does.
struct ParsedRequest {
  std::optional<Request> request;
  std::optional<Response> error;
};
ParsedRequest ParseHttpRequest(std::string_view bytes, const Limits& limits);

}  // namespace rubric::service

#endif  // RUBRIC_SERVICE_HTTP_REQUEST_H_
