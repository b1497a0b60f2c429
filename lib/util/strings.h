// Bridges between std::string_view (rubric's API) and absl::string_view. Debian's Abseil
// 20220623 has its own string_view type, so the two do not convert implicitly.
#ifndef RUBRIC_LIB_UTIL_STRINGS_H_
#define RUBRIC_LIB_UTIL_STRINGS_H_

#include <string_view>

#include "absl/strings/string_view.h"

namespace rubric::util {

inline absl::string_view Absl(std::string_view s) { return absl::string_view(s.data(), s.size()); }
inline std::string_view Std(absl::string_view s) { return std::string_view(s.data(), s.size()); }

}  // namespace rubric::util

#endif  // RUBRIC_LIB_UTIL_STRINGS_H_
