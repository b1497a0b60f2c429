// RFC 4180 quoting of one CSV field.
#ifndef RUBRIC_LIB_UTIL_CSV_FIELD_H_
#define RUBRIC_LIB_UTIL_CSV_FIELD_H_

#include <string>

namespace rubric::util {

// `text` as a CSV field: quoted (quotes doubled) when it holds a comma, quote or line break.
inline std::string CsvField(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace rubric::util

#endif  // RUBRIC_LIB_UTIL_CSV_FIELD_H_
