#include "rubric/text.h"

#include "grammar/utf8.h"

namespace rubric {

bool IsValidUtf8(std::string_view text) {
  // Short ASCII values (most data values) need no decoding.
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return !utf8::FindInvalid(text).has_value();
  }
  return true;
}

}  // namespace rubric
