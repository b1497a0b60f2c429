// rubric::Session: the values of many entities over several periods for one Standard, and
// their results. A session belongs to one thread at a time; several sessions may share one
// Standard across threads.
#ifndef RUBRIC_SESSION_H_
#define RUBRIC_SESSION_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rubric/standard.h"
#include "rubric/status.h"

namespace rubric {

namespace internal {
class SessionState;
}

class Session {
 public:
  explicit Session(Standard standard);
  ~Session();
  Session(Session&&) noexcept;
  Session& operator=(Session&&) noexcept;
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  const Standard& standard() const;

  // ---- Rows: one entity in one period. Periods are integers (years). ----

  // Adds a row with every input missing. kAlreadyExists when (entity, period) exists.
  StatusOr<std::size_t> AddRow(std::string_view entity, std::int64_t period);
  std::optional<std::size_t> FindRow(std::string_view entity, std::int64_t period) const;
  std::size_t row_count() const;
  const std::string& entity(std::size_t row) const;
  std::int64_t period(std::size_t row) const;

  // ---- Input values. `input` is an index into standard().inputs(). ----

  // bool (0/1), number, percent, integer and rank inputs; checks the type and the bounds.
  Status SetNumber(std::size_t row, std::size_t input, double value);
  // enum inputs: by option index (0 = lowest) or by label.
  Status SetOption(std::size_t row, std::size_t input, std::size_t option);
  // text inputs.
  Status SetText(std::size_t row, std::size_t input, std::string_view text);
  // Any input from its textual form in data (see docs/language.md); empty text = missing.
  Status SetFromString(std::size_t row, std::size_t input, std::string_view text);
  // Makes the value missing.
  Status Clear(std::size_t row, std::size_t input);

  bool is_missing(std::size_t row, std::size_t input) const;
  // The value used by rules: the default when missing; enum inputs give the option index.
  double value(std::size_t row, std::size_t input) const;
  const std::string& text(std::size_t row, std::size_t input) const;

  // ---- Evaluation and results ----

  // Computes every result from the current values.
  void Evaluate();

  // Results are those of the last Evaluate().
  bool scorable(std::size_t row) const;
  // Why a row is not scorable (names the missing input); empty for a scorable row.
  const std::string& unscorable_reason(std::size_t row) const;
  // The points (or value) of node `node` (index into standard().nodes()).
  double node_value(std::size_t row, std::size_t node) const;
  double total(std::size_t row) const;
  // The grade's name, or nullptr when the standard has no grades.
  const std::string* grade(std::size_t row) const;
  bool vetoed(std::size_t row) const;
  // Indices into standard().vetoes() of the vetoes that fired, in declaration order.
  std::vector<std::size_t> fired_vetoes(std::size_t row) const;

 private:
  std::unique_ptr<internal::SessionState> state_;
};

}  // namespace rubric

#endif  // RUBRIC_SESSION_H_
