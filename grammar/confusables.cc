#include "confusables.h"

#include <algorithm>
#include <cstdio>

#include "unicode_tables.h"
#include "utf8.h"

namespace rubric::unicode {
namespace {

bool IsAscii(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

void Append(char32_t c, std::string* out) {
  if (c < 0x80) {
    out->push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (c >> 6)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (c >> 12)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (c >> 18)));
    out->push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

std::string AsciiName(char32_t c) {
  if (c >= 'a' && c <= 'z') {
    return std::string("LATIN SMALL LETTER ") + static_cast<char>(c - 'a' + 'A');
  }
  if (c >= 'A' && c <= 'Z') return std::string("LATIN CAPITAL LETTER ") + static_cast<char>(c);
  static constexpr const char* kDigits[] = {"ZERO", "ONE", "TWO",   "THREE", "FOUR",
                                            "FIVE", "SIX", "SEVEN", "EIGHT", "NINE"};
  if (c >= '0' && c <= '9') return std::string("DIGIT ") + kDigits[c - '0'];
  if (c == '_') return "LOW LINE";
  return "";
}

}  // namespace

std::string Describe(char32_t c) {
  char code[16];
  std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(c));
  std::string name = AsciiName(c);
  const auto it =
      std::lower_bound(kNames.begin(), kNames.end(), c,
                       [](const CodePointName& entry, char32_t x) { return entry.code_point < x; });
  if (it != kNames.end() && it->code_point == c) name = it->name;
  return name.empty() ? std::string(code) : std::string(code) + " " + name;
}

bool IsInvisible(char32_t c) { return std::binary_search(kInvisible.begin(), kInvisible.end(), c); }

bool IsBidiControl(char32_t c) {
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

bool IsCombiningMark(char32_t c) {
  return c >= 0x0300 && c <= 0x036F &&
         std::any_of(kCompositions.begin(), kCompositions.end(),
                     [c](const Composition& entry) { return entry.mark == c; });
}

char AsciiForFullWidth(char32_t c) {
  const auto it =
      std::lower_bound(kFullWidth.begin(), kFullWidth.end(), c,
                       [](const FullWidth& entry, char32_t x) { return entry.code_point < x; });
  return it != kFullWidth.end() && it->code_point == c ? it->ascii : 0;
}

std::string ComposeLatin(std::string_view text) {
  if (IsAscii(text)) return std::string(text);
  std::u32string code_points;
  for (std::size_t pos = 0; pos < text.size();) {
    const char32_t c = utf8::Decode(text, &pos);
    if (!code_points.empty() && c >= 0x0300 && c <= 0x036F) {
      const Composition key{code_points.back(), c, 0};
      const auto it =
          std::lower_bound(kCompositions.begin(), kCompositions.end(), key,
                           [](const Composition& a, const Composition& b) {
                             return a.base != b.base ? a.base < b.base : a.mark < b.mark;
                           });
      if (it != kCompositions.end() && it->base == key.base && it->mark == key.mark) {
        code_points.back() = it->composed;
        continue;
      }
    }
    code_points.push_back(c);
  }
  std::string out;
  out.reserve(text.size());
  for (const char32_t c : code_points) Append(c, &out);
  return out;
}

std::string Skeleton(std::string_view text) {
  if (IsAscii(text)) return std::string(text);
  const std::string composed = ComposeLatin(text);
  std::string out;
  out.reserve(composed.size());
  for (std::size_t pos = 0; pos < composed.size();) {
    const char32_t c = utf8::Decode(composed, &pos);
    const auto it =
        std::lower_bound(kConfusables.begin(), kConfusables.end(), c,
                         [](const Confusable& entry, char32_t x) { return entry.code_point < x; });
    if (it != kConfusables.end() && it->code_point == c) {
      out.push_back(it->ascii);
    } else {
      Append(c, &out);
    }
  }
  return out;
}

}  // namespace rubric::unicode
