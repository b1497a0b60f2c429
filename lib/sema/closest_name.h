// "Did you mean ...?" suggestions for unknown names.
#ifndef RUBRIC_LIB_SEMA_CLOSEST_NAME_H_
#define RUBRIC_LIB_SEMA_CLOSEST_NAME_H_

#include <string>
#include <string_view>
#include <vector>

namespace rubric::sema {

// Edit distance between two UTF-8 strings, counted in code points.
int EditDistance(std::string_view a, std::string_view b);

// The candidate closest to `name`, or "" when none is close enough to be a likely typo
// (distance at most max(1, length / 3), ties broken by the first candidate).
std::string ClosestName(std::string_view name, const std::vector<std::string_view>& candidates);

// `did you mean 'X'?` or "" when there is no close candidate.
std::string DidYouMean(std::string_view name, const std::vector<std::string_view>& candidates);

}  // namespace rubric::sema

#endif  // RUBRIC_LIB_SEMA_CLOSEST_NAME_H_
