#include "service/http_request.h"

#include <algorithm>
#include <boost/asio/buffer.hpp>
#include <cstdint>
#include <string>

#include "service/errors.h"

namespace rubric::service {

namespace http = boost::beast::http;

namespace {

std::string Str(boost::beast::string_view text) { return std::string(text.data(), text.size()); }

}  // namespace

void ConfigureParser(RequestParser& parser, const Limits& limits) {
  parser.header_limit(
      static_cast<std::uint32_t>(std::min<std::size_t>(limits.max_header_bytes, UINT32_MAX)));
  parser.body_limit(limits.max_body_bytes);
}

Request ToRequest(RequestParser& parser) {
  http::request<http::string_body>& message = parser.get();
  Request request;
  request.method = Str(message.method_string());
  request.target = Str(message.target());
  request.authorization = Str(message[http::field::authorization]);
  request.content_type = Str(message[http::field::content_type]);
  request.body = std::move(message.body());
  return request;
}

std::optional<Response> ReadErrorResponse(const boost::beast::error_code& error,
                                          const Limits& limits) {
  Response response;
  if (error == http::error::body_limit) {
    response = ErrorResponse(413, "body_too_large",
                             "the body is larger than " + std::to_string(limits.max_body_bytes) +
                                 " bytes (--max-body-bytes)");
  } else if (error == http::error::header_limit) {
    response =
        ErrorResponse(431, "headers_too_large",
                      "the request's headers are larger than " +
                          std::to_string(limits.max_header_bytes) + " bytes (--max-header-bytes)");
  } else if (error.category() == boost::beast::error_code(http::error::bad_method).category() &&
             error != http::error::end_of_stream && error != http::error::partial_message) {
    response = ErrorResponse(400, "bad_http", "malformed HTTP request: " + error.message());
  } else {
    return std::nullopt;
  }
  response.route = "http";
  return response;
}

ParsedRequest ParseHttpRequest(std::string_view bytes, const Limits& limits) {
  ParsedRequest result;
  RequestParser parser;
  ConfigureParser(parser, limits);
  boost::beast::error_code error;
  while (!bytes.empty() && !parser.is_done()) {
    const std::size_t used = parser.put(boost::asio::buffer(bytes.data(), bytes.size()), error);
    if (error == http::error::need_more) break;
    if (error) {
      result.error = ReadErrorResponse(error, limits);
      return result;
    }
    if (used == 0) break;
    bytes.remove_prefix(used);
  }
  if (parser.is_done()) result.request = ToRequest(parser);
  return result;
}

}  // namespace rubric::service
