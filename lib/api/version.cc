#include "rubric/version.h"

namespace rubric {

const char* VersionString() { return RUBRIC_VERSION_STRING; }

}  // namespace rubric
