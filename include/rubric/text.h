// Text helpers of the public API.
#ifndef RUBRIC_TEXT_H_
#define RUBRIC_TEXT_H_

#include <string_view>

namespace rubric {

// True when `text` is valid UTF-8 (no overlong forms, surrogates or code points past
// U+10FFFF). rubric rejects invalid UTF-8 in sources, data and names.
bool IsValidUtf8(std::string_view text);

}  // namespace rubric

#endif  // RUBRIC_TEXT_H_
