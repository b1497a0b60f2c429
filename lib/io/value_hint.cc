#include "io/value_hint.h"

#include <cstddef>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "util/number_format.h"
#include "util/strings.h"

namespace rubric::io {
namespace {

// `text` with full-width digits, signs, comma, point and percent (U+FF05, U+FF0B-U+FF0E,
// U+FF10-U+FF19: EF BC 85 / 8B-8E / 90-99) made ASCII; *changed when any was.
std::string HalfWidth(std::string_view text, bool* changed) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i + 2 < text.size() && text[i] == '\xEF' && text[i + 1] == '\xBC') {
      const auto c = static_cast<unsigned char>(text[i + 2]);
      if ((c >= 0x90 && c <= 0x99) || c == 0x85 || (c >= 0x8B && c <= 0x8E)) {
        out += static_cast<char>(c - 0x90 + '0');  // 0x85 -> '%', 0x8B -> '+', ...
        i += 2;
        *changed = true;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

bool IsNumber(std::string_view text) {
  double value = 0;
  return util::ParseNumber(text, &value);
}

// "13,500" and "1,234,567.5": groups of three digits after the first comma.
bool HasThousandsSeparators(std::string_view text) {
  std::size_t i = (!text.empty() && (text[0] == '+' || text[0] == '-')) ? 1 : 0;
  std::size_t lead = 0;
  while (i < text.size() && absl::ascii_isdigit(static_cast<unsigned char>(text[i]))) {
    ++i;
    ++lead;
  }
  if (lead == 0 || lead > 3 || i >= text.size() || text[i] != ',') return false;
  while (i < text.size() && text[i] == ',') {
    for (int k = 1; k <= 3; ++k) {
      if (i + k >= text.size() || !absl::ascii_isdigit(static_cast<unsigned char>(text[i + k]))) {
        return false;
      }
    }
    i += 4;
  }
  return i == text.size() || (text[i] == '.' && IsNumber(text.substr(i)));
}

std::string WithoutCommas(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c != ',') out += c;
  }
  return out;
}

bool InPercent(const InputInfo& input) {
  return input.type == InputType::kPercent || input.unit == "%";
}

// The longest prefix of `text` that is a number ("1.2" of "1.2万").
std::size_t NumberPrefix(std::string_view text) {
  for (std::size_t n = text.size(); n > 0; --n) {
    if (IsNumber(text.substr(0, n))) return n;
  }
  return 0;
}

std::string UnitOf(const InputInfo& input) {
  if (InPercent(input)) return "percent";
  return input.unit.empty() ? std::string("no unit") : absl::StrCat("[", input.unit, "]");
}

}  // namespace

std::string SpreadsheetHint(std::string_view value, const InputInfo& input) {
  // Spreadsheet cells are short; a long value gets no hint (and costs no quadratic search).
  constexpr std::size_t kLongest = 64;
  if (input.type == InputType::kBool || input.type == InputType::kEnum ||
      input.type == InputType::kText || value.size() > kLongest) {
    return "";
  }
  bool full_width = false;
  const std::string text =
      HalfWidth(util::Std(absl::StripAsciiWhitespace(util::Absl(value))), &full_width);
  const std::string written_as =
      full_width ? " (it is written in full-width characters: use ASCII digits)" : "";
  if (IsNumber(text)) return full_width ? absl::StrCat("write ", text, written_as) : "";
  // Digits, signs, points and exponents alone: out of range or malformed, no habit.
  if (text.find_first_not_of("+-.0123456789eE") == std::string::npos) return "";
  if (HasThousandsSeparators(text)) {
    return absl::StrCat("write ", WithoutCommas(text), ", without thousands separators",
                        written_as);
  }
  if (!text.empty() && text.back() == '%' &&
      IsNumber(util::Std(absl::StripAsciiWhitespace(
          util::Absl(std::string_view(text).substr(0, text.size() - 1)))))) {
    const std::string number(
        absl::StripAsciiWhitespace(util::Absl(std::string_view(text).substr(0, text.size() - 1))));
    if (InPercent(input)) {
      return absl::StrCat("write ", number, ": a percent input takes ", number, " for ", number,
                          "%", written_as);
    }
    return absl::StrCat("write the number without '%': the input is in ", UnitOf(input),
                        written_as);
  }
  if (const std::size_t n = NumberPrefix(text);
      n > 0 && std::string_view("0123456789.,").find(text[n]) == std::string_view::npos) {
    const std::string suffix(absl::StripAsciiWhitespace(util::Absl(text).substr(n)));
    return absl::StrCat("'", suffix,
                        "' looks like a unit written into the value: write the number ",
                        "alone, in the input's unit (", UnitOf(input), ")", written_as);
  }
  return "";
}

}  // namespace rubric::io
