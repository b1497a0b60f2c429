#include "sema/closest_name.h"

#include <algorithm>
#include <cstdlib>

#include "grammar/utf8.h"

namespace rubric::sema {
namespace {

std::u32string Decode(std::string_view text) {
  std::u32string out;
  std::size_t pos = 0;
  while (pos < text.size()) out.push_back(utf8::Decode(text, &pos));
  return out;
}

}  // namespace

int EditDistance(std::string_view a, std::string_view b) {
  const std::u32string x = Decode(a);
  const std::u32string y = Decode(b);
  std::vector<int> row(y.size() + 1);
  for (std::size_t j = 0; j <= y.size(); ++j) row[j] = static_cast<int>(j);
  for (std::size_t i = 1; i <= x.size(); ++i) {
    int diagonal = row[0];
    row[0] = static_cast<int>(i);
    for (std::size_t j = 1; j <= y.size(); ++j) {
      const int above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (x[i - 1] == y[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[y.size()];
}

std::string ClosestName(std::string_view name, const std::vector<std::string_view>& candidates) {
  // A likely typo keeps most of the name: at most a third of it changed, and never all of it
  // (so one-letter names get no suggestion).
  const int length = static_cast<int>(utf8::CountCodePoints(name));
  const int limit = std::min(std::max(1, length / 3), length - 1);
  int best = limit + 1;
  std::string_view best_name;
  for (std::string_view candidate : candidates) {
    // The distance is at least the difference in length: a huge name costs no quadratic work.
    const int other = static_cast<int>(utf8::CountCodePoints(candidate));
    if (std::abs(other - length) >= best) continue;
    const int d = EditDistance(name, candidate);
    if (d < best) {
      best = d;
      best_name = candidate;
    }
  }
  return std::string(best_name);
}

std::string DidYouMean(std::string_view name, const std::vector<std::string_view>& candidates) {
  const std::string closest = ClosestName(name, candidates);
  return closest.empty() ? std::string() : "did you mean '" + closest + "'?";
}

}  // namespace rubric::sema
