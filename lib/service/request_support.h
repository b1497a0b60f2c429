// What the handlers of the service share: the query string, JSON bodies, which standard a
// request names, and the standard's description.
#ifndef RUBRIC_SERVICE_REQUEST_SUPPORT_H_
#define RUBRIC_SERVICE_REQUEST_SUPPORT_H_

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "service/http_types.h"
#include "service/standard_set.h"

namespace rubric::service {

// A path segment with its %XX escapes decoded; nullopt when malformed or not UTF-8.
std::optional<std::string> PercentDecode(std::string_view text);

// The value of `key` in a query string ("a=1&b=x%20y"), percent-decoded; nullopt when
// absent. Sets *bad on a malformed escape or a value that is not UTF-8.
std::optional<std::string> QueryValue(std::string_view query, std::string_view key, bool* bad);

// "true"/"1" and "false"/"0" (or absent: `fallback`); nullopt for anything else.
std::optional<bool> QueryFlag(std::string_view query, std::string_view key, bool fallback);

// Whether the request's Content-Type is JSON (application/json, or none) or CSV (text/csv).
bool IsJsonContent(const Request& request);
bool IsCsvContent(const Request& request);

// The body as a JSON object with only the `allowed` keys, or the error response (400 for
// malformed JSON, invalid UTF-8, duplicated keys, out-of-range numbers, unknown keys; 415
// for another content type; 413 for a "rows" array longer than `max_rows`, found before
// the rows are built).
std::optional<Response> ReadJsonObject(const Request& request,
                                       std::initializer_list<const char*> allowed,
                                       nlohmann::json* out, std::size_t max_rows = SIZE_MAX);

// The standard a request names (by id; none: the only one loaded), checked against the
// content hash it pins (when not empty): 404 unknown, 400 ambiguous, 409 changed.
const LoadedStandard* ResolveStandard(const Catalog& catalog, const std::string& id,
                                      const std::string& content_hash, Response* error);
// The same with "standard" and "content_hash" read from a JSON body.
const LoadedStandard* ResolveStandard(const Catalog& catalog, const nlohmann::json& body,
                                      Response* error);

// id, title, version, content_hash.
nlohmann::json StandardJson(const LoadedStandard& loaded);

// The JSON text of `value`, invalid UTF-8 replaced, and a newline.
std::string Dump(const nlohmann::json& value);

// A 200 response with a JSON body.
Response JsonResponse(const nlohmann::json& value, int status = 200);

}  // namespace rubric::service

#endif  // RUBRIC_SERVICE_REQUEST_SUPPORT_H_
