// How decision records write numbers: finite numbers as JSON numbers in the shortest form
// that reads back to the same double; the missing value as null; other values JSON cannot
// hold as the strings "NaN", "Infinity" and "-Infinity".
#ifndef RUBRIC_LIB_AUDIT_RECORD_JSON_H_
#define RUBRIC_LIB_AUDIT_RECORD_JSON_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace rubric::audit {

nlohmann::ordered_json NumberJson(double value);

// The inverse of NumberJson; nullopt when `json` is none of its forms.
std::optional<double> NumberFromJson(const nlohmann::ordered_json& json);

// A number for people: shortest exact form, "missing", "NaN", "Infinity".
std::string NumberText(double value);

}  // namespace rubric::audit

#endif  // RUBRIC_LIB_AUDIT_RECORD_JSON_H_
