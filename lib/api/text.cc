#include "rubric/text.h"

#include "grammar/utf8.h"

namespace rubric {

bool IsValidUtf8(std::string_view text) { return utf8::IsValid(text); }

}  // namespace rubric
