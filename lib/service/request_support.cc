#include "service/request_support.h"

#include <algorithm>
#include <cctype>

#include "service/errors.h"
#include "service/strict_json.h"

namespace rubric::service {
namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> Decode(std::string_view text, bool plus_is_space) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (plus_is_space && text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      const int high = HexDigit(text[i + 1]), low = HexDigit(text[i + 2]);
      if (high < 0 || low < 0) return std::nullopt;
      out += static_cast<char>(high * 16 + low);
      i += 2;
    } else {
      out += text[i];
    }
  }
  if (FindInvalidUtf8(out) != std::string_view::npos) return std::nullopt;
  return out;
}

// The media type of a Content-Type header, lower case, without parameters.
std::string MediaType(const std::string& content_type) {
  std::string type = content_type.substr(0, content_type.find(';'));
  type.erase(std::remove_if(type.begin(), type.end(),
                            [](unsigned char c) { return std::isspace(c) != 0; }),
             type.end());
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return type;
}

}  // namespace

std::optional<std::string> PercentDecode(std::string_view text) { return Decode(text, false); }

std::optional<std::string> QueryValue(std::string_view query, std::string_view key, bool* bad) {
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    const std::size_t eq = pair.find('=');
    if (pair.substr(0, eq) != key) continue;
    std::optional<std::string> value =
        Decode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1), true);
    if (!value) *bad = true;
    return value;
  }
  return std::nullopt;
}

std::optional<bool> QueryFlag(std::string_view query, std::string_view key, bool fallback) {
  bool bad = false;
  const std::optional<std::string> value = QueryValue(query, key, &bad);
  if (bad) return std::nullopt;
  if (!value) return fallback;
  if (*value == "true" || *value == "1") return true;
  if (*value == "false" || *value == "0") return false;
  return std::nullopt;
}

bool IsJsonContent(const Request& request) {
  const std::string type = MediaType(request.content_type);
  return type.empty() || type == "application/json";
}

bool IsCsvContent(const Request& request) { return MediaType(request.content_type) == "text/csv"; }

std::optional<Response> ReadJsonObject(const Request& request,
                                       std::initializer_list<const char*> allowed,
                                       nlohmann::json* out, std::size_t max_rows) {
  if (!IsJsonContent(request)) {
    return ErrorResponse(415, "unsupported_media_type",
                         "the body must be application/json, not " + request.content_type);
  }
  JsonParse parsed = ParseStrictJson(
      request.body.empty() ? std::string_view("{}") : std::string_view(request.body), max_rows);
  if (parsed.too_many_rows) {
    return ErrorResponse(
        413, "too_many_rows",
        "more than " + std::to_string(max_rows) + " rows in one request (--max-rows)");
  }
  if (!parsed.ok()) {
    Response error = ErrorResponse(400, "bad_json", parsed.error,
                                   nlohmann::json::array({{{"severity", "error"},
                                                           {"code", "bad_json"},
                                                           {"message", parsed.error},
                                                           {"offset", parsed.offset}}}));
    return error;
  }
  if (!parsed.value.is_object()) {
    return ErrorResponse(400, "bad_request", "the body must be a JSON object");
  }
  for (const auto& item : parsed.value.items()) {
    if (std::none_of(allowed.begin(), allowed.end(),
                     [&](const char* key) { return item.key() == key; })) {
      std::string keys;
      for (const char* key : allowed) keys += std::string(keys.empty() ? "" : ", ") + key;
      return ErrorResponse(400, "bad_request",
                           "unknown key \"" + item.key() + "\" (expected: " + keys + ")");
    }
  }
  *out = std::move(parsed.value);
  return std::nullopt;
}

const LoadedStandard* ResolveStandard(const Catalog& catalog, const std::string& id,
                                      const std::string& content_hash, Response* error) {
  const LoadedStandard* loaded = nullptr;
  if (id.empty()) {
    if (catalog.standards.size() != 1) {
      *error = ErrorResponse(400, "bad_request",
                             "several standards are loaded: name one with \"standard\"");
      return nullptr;
    }
    loaded = &catalog.standards.front();
  } else {
    loaded = catalog.Find(id);
    if (!loaded) {
      *error = ErrorResponse(404, "unknown_standard", "no standard '" + id + "' is loaded");
      return nullptr;
    }
  }
  if (!content_hash.empty() && content_hash != loaded->standard.content_hash()) {
    *error = ErrorResponse(409, "standard_changed",
                           "standard '" + loaded->standard.id() + "' is now " +
                               loaded->standard.content_hash() + ", not " + content_hash);
    return nullptr;
  }
  return loaded;
}

const LoadedStandard* ResolveStandard(const Catalog& catalog, const nlohmann::json& body,
                                      Response* error) {
  std::string id, hash;
  for (const char* key : {"standard", "content_hash"}) {
    const auto found = body.find(key);
    if (found == body.end()) continue;
    if (!found->is_string()) {
      *error = ErrorResponse(400, "bad_request", std::string("\"") + key + "\" must be a string");
      return nullptr;
    }
    (std::string(key) == "standard" ? id : hash) = found->get<std::string>();
  }
  return ResolveStandard(catalog, id, hash, error);
}

nlohmann::json StandardJson(const LoadedStandard& loaded) {
  return {{"id", loaded.standard.id()},
          {"title", loaded.standard.title()},
          {"version", loaded.standard.version()},
          {"content_hash", loaded.standard.content_hash()}};
}

std::string Dump(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

Response JsonResponse(const nlohmann::json& value, int status) {
  Response response;
  response.status = status;
  response.body = Dump(value);
  return response;
}

}  // namespace rubric::service
