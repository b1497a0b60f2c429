#include "audit/record_json.h"

#include <charconv>
#include <cmath>

#include "rubric/missing.h"

namespace rubric::audit {

nlohmann::ordered_json NumberJson(double value) {
  if (IsMissing(value)) return nullptr;
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  return value;
}

std::optional<double> NumberFromJson(const nlohmann::ordered_json& json) {
  if (json.is_null()) return MissingValue();
  if (json.is_number()) return json.get<double>();
  if (json.is_string()) {
    const std::string& text = json.get_ref<const std::string&>();
    if (text == "NaN") return std::nan("");
    if (text == "Infinity") return HUGE_VAL;
    if (text == "-Infinity") return -HUGE_VAL;
  }
  return std::nullopt;
}

std::string NumberText(double value) {
  if (IsMissing(value)) return "missing";
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  char text[64];
  const auto result = std::to_chars(text, text + sizeof text, value);
  return std::string(text, result.ptr);
}

}  // namespace rubric::audit
