#include "utf8.h"

#include <cstdint>
#include <cstring>

namespace rubric::utf8 {
namespace {

bool InRange(char32_t c, char32_t lo, char32_t hi) { return c >= lo && c <= hi; }

bool IsNonAsciiPunctuationOrSpace(char32_t c) {
  return InRange(c, 0x0080, 0x00BF) ||  // Latin-1 controls, spaces and signs
         c == 0x00D7 || c == 0x00F7 ||  // × ÷
         InRange(c, 0x2000, 0x206F) ||  // general punctuation, including “ ” and spaces
         InRange(c, 0x3000, 0x303F) ||  // CJK symbols and punctuation: 、。「」【】 and U+3000
         InRange(c, 0xFE30, 0xFE4F) ||  // CJK compatibility forms
         InRange(c, 0xFF00, 0xFF20) ||  // full-width ！＂＃…（）＊＋，－．／０-９：；＜＝＞？＠
         InRange(c, 0xFF3B, 0xFF40) ||  // full-width ［＼］＾＿｀
         InRange(c, 0xFF5B, 0xFF65) ||  // full-width ｛｜｝～ and half-width punctuation
         c == 0xFEFF;                   // byte-order mark
}

}  // namespace

char32_t Decode(std::string_view text, std::size_t* pos) {
  const std::size_t i = *pos;
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char b0 = byte(i);
  if (b0 < 0x80) {
    *pos = i + 1;
    return b0;
  }
  int length = 0;
  char32_t c = 0;
  char32_t min = 0;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    length = 2, c = b0 & 0x1F, min = 0x80;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    length = 3, c = b0 & 0x0F, min = 0x800;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    length = 4, c = b0 & 0x07, min = 0x10000;
  } else {
    *pos = i + 1;
    return kInvalid;
  }
  if (i + length > text.size()) {
    *pos = i + 1;
    return kInvalid;
  }
  for (int k = 1; k < length; ++k) {
    const unsigned char b = byte(i + k);
    if ((b & 0xC0) != 0x80) {
      *pos = i + 1;
      return kInvalid;
    }
    c = (c << 6) | (b & 0x3F);
  }
  if (c < min || c > 0x10FFFF || InRange(c, 0xD800, 0xDFFF)) {
    *pos = i + 1;
    return kInvalid;
  }
  *pos = i + length;
  return c;
}

namespace {

// The position of the first byte >= 0x80 at or after `pos`, or text.size().
std::size_t SkipAscii(std::string_view text, std::size_t pos) {
  const char* data = text.data();
  const std::size_t size = text.size();
  for (; pos + 8 <= size; pos += 8) {  // eight bytes at a time: data files are mostly ASCII
    std::uint64_t word;
    std::memcpy(&word, data + pos, sizeof word);
    if ((word & 0x8080808080808080ull) != 0) break;
  }
  while (pos < size && static_cast<unsigned char>(data[pos]) < 0x80) ++pos;
  return pos;
}

}  // namespace

std::optional<std::size_t> FindInvalid(std::string_view text) {
  std::size_t pos = SkipAscii(text, 0);
  while (pos < text.size()) {
    const std::size_t start = pos;
    if (Decode(text, &pos) == kInvalid) return start;
    pos = SkipAscii(text, pos);
  }
  return std::nullopt;
}

bool IsValid(std::string_view text) {
  return SkipAscii(text, 0) == text.size() || !FindInvalid(text).has_value();
}

bool IsIdentifierStart(char32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  return c != kInvalid && !IsNonAsciiPunctuationOrSpace(c);
}

bool IsIdentifierContinue(char32_t c) { return IsIdentifierStart(c) || (c >= '0' && c <= '9'); }

int DisplayWidth(char32_t c) {
  if (c == kInvalid) return 1;
  if (InRange(c, 0x0300, 0x036F) || InRange(c, 0x200B, 0x200F) || c == 0xFEFF) return 0;
  if (InRange(c, 0x1100, 0x115F) ||    // Hangul Jamo
      InRange(c, 0x2E80, 0x303E) ||    // CJK radicals, punctuation
      InRange(c, 0x3041, 0x33FF) ||    // kana, CJK compatibility
      InRange(c, 0x3400, 0x4DBF) ||    // CJK extension A
      InRange(c, 0x4E00, 0x9FFF) ||    // CJK unified ideographs
      InRange(c, 0xA000, 0xA4CF) ||    // Yi
      InRange(c, 0xAC00, 0xD7A3) ||    // Hangul syllables
      InRange(c, 0xF900, 0xFAFF) ||    // CJK compatibility ideographs
      InRange(c, 0xFE30, 0xFE4F) ||    // CJK compatibility forms
      InRange(c, 0xFF00, 0xFF60) ||    // full-width forms
      InRange(c, 0xFFE0, 0xFFE6) ||    // full-width signs
      InRange(c, 0x1F300, 0x1F64F) ||  // pictographs, emoticons
      InRange(c, 0x1F900, 0x1F9FF) || InRange(c, 0x20000, 0x3FFFD)) {
    return 2;
  }
  return 1;
}

int DisplayWidth(std::string_view text) {
  int width = 0;
  std::size_t pos = 0;
  while (pos < text.size()) width += DisplayWidth(Decode(text, &pos));
  return width;
}

std::size_t CountCodePoints(std::string_view text) {
  std::size_t count = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    Decode(text, &pos);
    ++count;
  }
  return count;
}

}  // namespace rubric::utf8
