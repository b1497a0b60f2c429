// Request bodies as JSON, read strictly: valid UTF-8, no duplicated keys, finite numbers,
// bounded nesting. What nlohmann::json accepts silently (the last of two equal keys wins,
// 1e400 becomes infinity) is refused here with a message saying where.
#ifndef RUBRIC_SERVICE_STRICT_JSON_H_
#define RUBRIC_SERVICE_STRICT_JSON_H_

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace rubric::service {

inline constexpr std::size_t kMaxJsonDepth = 64;

struct JsonParse {
  nlohmann::json value;
  std::string error;       // empty when the text parsed
  std::size_t offset = 0;  // byte offset of the problem, when known
  // The top-level object's "rows" array has more than `max_rows` items: the parse stopped
  // there, before building them all.
  bool too_many_rows = false;
  bool ok() const { return error.empty(); }
};

// The byte offset of the first byte of `text` that is not well-formed UTF-8 (overlong
// forms, surrogates and code points past U+10FFFF included), or npos.
std::size_t FindInvalidUtf8(std::string_view text);

// Parses `text`; a top-level "rows" array longer than `max_rows` stops the parse early
// (too_many_rows), so that a huge batch costs no memory.
JsonParse ParseStrictJson(std::string_view text, std::size_t max_rows = SIZE_MAX);

}  // namespace rubric::service

#endif  // RUBRIC_SERVICE_STRICT_JSON_H_
