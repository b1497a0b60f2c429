#include "util/printable.h"

#include <cstdio>

namespace rubric::util {
namespace {

// The control character at text[i] and its length in bytes, or 0 when there is none.
std::size_t ControlAt(std::string_view text, std::size_t i, char32_t* c) {
  const auto byte = static_cast<unsigned char>(text[i]);
  if (byte < 0x20 || byte == 0x7F) {
    *c = byte;
    return 1;
  }
  // C1 controls are U+0080-U+009F: 0xC2 0x80-0x9F in UTF-8.
  if (byte == 0xC2 && i + 1 < text.size()) {
    const auto next = static_cast<unsigned char>(text[i + 1]);
    if (next >= 0x80 && next <= 0x9F) {
      *c = next;
      return 2;
    }
  }
  return 0;
}

std::string Escape(char32_t c) {
  switch (c) {
    case '\t':
      return "\\t";
    case '\n':
      return "\\n";
    case '\r':
      return "\\r";
    case 0:
      return "\\0";
    default:
      break;
  }
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, c < 0x80 ? "\\x%02X" : "\\u{%02X}",
                static_cast<unsigned>(c));
  return buffer;
}

}  // namespace

std::optional<char32_t> FirstControl(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    char32_t c = 0;
    if (ControlAt(text, i, &c) != 0) return c;
  }
  return std::nullopt;
}

std::string Printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    char32_t c = 0;
    if (const std::size_t length = ControlAt(text, i, &c); length != 0) {
      out += Escape(c);
      i += length;
    } else {
      out += text[i++];
    }
  }
  return out;
}

std::string Shortened(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return Printable(text);
  std::size_t cut = max_bytes;
  // Back to the start of a code point (continuation bytes are 10xxxxxx).
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return Printable(text.substr(0, cut)) + "...(" + std::to_string(text.size()) + " bytes)";
}

std::string CodePointName(char32_t c) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "U+%04X", static_cast<unsigned>(c));
  return buffer;
}

}  // namespace rubric::util
