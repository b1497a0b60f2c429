// ParseStrictJson: a SAX handler over nlohmann's parser that builds the document and
// refuses duplicated keys, non-finite numbers and deep nesting.
#include "service/strict_json.h"

#include <cmath>
#include <utility>
#include <vector>

namespace rubric::service {

std::size_t FindInvalidUtf8(std::string_view text) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
  std::size_t i = 0;
  while (i < size) {
    const unsigned char c = bytes[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t length = 0;
    unsigned char low = 0x80, high = 0xBF;  // bounds of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      length = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      length = 3;
      if (c == 0xE0) low = 0xA0;   // overlong
      if (c == 0xED) high = 0x9F;  // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      length = 4;
      if (c == 0xF0) low = 0x90;   // overlong
      if (c == 0xF4) high = 0x8F;  // past U+10FFFF
    } else {
      return i;
    }
    if (i + length > size) return i;
    if (bytes[i + 1] < low || bytes[i + 1] > high) return i;
    for (std::size_t k = 2; k < length; ++k) {
      if ((bytes[i + k] & 0xC0) != 0x80) return i;
    }
    i += length;
  }
  return std::string_view::npos;
}

namespace {

using nlohmann::json;

class StrictSax {
 public:
  explicit StrictSax(std::size_t max_rows) : max_rows_(max_rows) {}
  json root;
  bool too_many_rows = false;
  std::string error;
  std::size_t offset = 0;

  bool null() { return Place(json(nullptr)); }
  bool boolean(bool value) { return Place(json(value)); }
  bool number_integer(json::number_integer_t value) { return Place(json(value)); }
  bool number_unsigned(json::number_unsigned_t value) { return Place(json(value)); }
  bool number_float(json::number_float_t value, const json::string_t& text) {
    if (!std::isfinite(value)) return Fail("the number " + text + " is out of range");
    return Place(json(value));
  }
  bool string(json::string_t& value) { return Place(json(std::move(value))); }
  bool binary(json::binary_t&) { return Fail("binary values are not JSON"); }
  bool start_object(std::size_t) { return Open(json::object()); }
  bool key(json::string_t& key) {
    if (stack_.back()->contains(key)) return Fail("the key \"" + key + "\" appears twice");
    key_ = std::move(key);
    return true;
  }
  bool end_object() { return Close(); }
  bool start_array(std::size_t) { return Open(json::array()); }
  bool end_array() { return Close(); }
  bool parse_error(std::size_t position, const std::string& token,
                   const nlohmann::detail::exception& e) {
    offset = position > 0 ? position - 1 : 0;
    if (e.id == 406) {  // out_of_range.406: a number past the range of a double
      error = "the number " + token + " is out of range";
      return false;
    }
    // nlohmann's message: "[json.exception.parse_error.101] parse error at line 1, column 2:
    // syntax error ..."; what went wrong is after the position.
    std::string message = e.what();
    const std::size_t colon = message.find(": ");
    if (colon != std::string::npos) message = message.substr(colon + 2);
    error = "malformed JSON: " + message;
    return false;
  }

 private:
  std::vector<json*> stack_;
  std::string key_;
  const std::size_t max_rows_;
  const json* rows_ = nullptr;  // the top-level "rows" array
  std::size_t row_count_ = 0;

  bool Fail(std::string message) {
    error = std::move(message);
    return false;
  }
  json* Insert(json value) {
    if (!stack_.empty() && stack_.back() == rows_ && ++row_count_ > max_rows_) {
      too_many_rows = true;
      error = "more than " + std::to_string(max_rows_) + " rows";
      return nullptr;
    }
    if (stack_.empty()) {
      root = std::move(value);
      return &root;
    }
    json& top = *stack_.back();
    if (top.is_array()) {
      top.push_back(std::move(value));
      return &top.back();
    }
    json& slot = top[key_];
    slot = std::move(value);
    return &slot;
  }
  bool Place(json value) { return Insert(std::move(value)) != nullptr; }
  bool Open(json value) {
    if (stack_.size() >= kMaxJsonDepth) {
      return Fail("JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    }
    const bool rows = stack_.size() == 1 && key_ == "rows" && value.is_array();
    json* opened = Insert(std::move(value));
    if (!opened) return false;
    if (rows) rows_ = opened;
    stack_.push_back(opened);
    return true;
  }
  bool Close() {
    stack_.pop_back();
    return true;
  }
};

}  // namespace

JsonParse ParseStrictJson(std::string_view text, std::size_t max_rows) {
  JsonParse result;
  const std::size_t bad = FindInvalidUtf8(text);
  if (bad != std::string_view::npos) {
    result.error = "the body is not valid UTF-8 (byte " + std::to_string(bad) + ")";
    result.offset = bad;
    return result;
  }
  StrictSax sax(max_rows);
  const bool parsed = json::sax_parse(text.begin(), text.end(), &sax);
  if (!parsed || !sax.error.empty()) {
    result.error = sax.error.empty() ? "malformed JSON" : sax.error;
    result.offset = sax.offset;
    result.too_many_rows = sax.too_many_rows;
    return result;
  }
  result.value = std::move(sax.root);
  return result;
}

}  // namespace rubric::service
