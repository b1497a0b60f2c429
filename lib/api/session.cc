// rubric::Session: row storage (one column per slot), value parsing and checks, and the call
// into the evaluator.
#include "rubric/session.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <functional>
#include <limits>
#include <map>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "api/compiled_standard.h"
#include "api/session_state.h"
#include "eval/engine.h"
#include "rubric/missing.h"
#include "rubric/text.h"
#include "util/number_format.h"
#include "util/printable.h"
#include "util/strings.h"

namespace rubric {

namespace {

const std::string kEmpty;

bool ParseBool(std::string_view text, double* out) {
  const std::string lower = absl::AsciiStrToLower(util::Absl(text));
  if (lower == "true" || lower == "1" || lower == "yes" || text == "是") {
    *out = 1;
    return true;
  }
  if (lower == "false" || lower == "0" || lower == "no" || text == "否") {
    *out = 0;
    return true;
  }
  return false;
}

// Why `text`, which util::ParseNumber rejects, is no number: a decimal number beyond what a
// double holds (1e309, 1e-400) is out of range; anything else is not a number.
std::string NotANumber(std::string_view text) {
  const std::string copy(text);
  const bool decimal =
      !copy.empty() && copy.find_first_not_of("+-.0123456789eE") == std::string::npos;
  if (decimal) {
    char* end = nullptr;
    errno = 0;
    const double value = std::strtod(copy.c_str(), &end);
    if (end == copy.c_str() + copy.size() && errno == ERANGE) {
      return std::isinf(value) ? "is out of range (numbers go up to about 1.8e308)"
                               : "is out of range (too close to 0: numbers other than 0 are at "
                                 "least about 4.9e-324)";
    }
  }
  return "is not a number";
}

// SetNumber's checks of a value for a number input (any type but enum and text).
Status CheckNumber(const InputInfo& info, double value) {
  if (!std::isfinite(value)) {
    return Status(StatusCode::kInvalidArgument,
                  absl::StrCat("input '", info.id, "': ", util::FormatShortest(value),
                               " is not a finite number"));
  }
  if (info.type == InputType::kBool && value != 0 && value != 1) {
    return Status(StatusCode::kInvalidArgument,
                  absl::StrCat("input '", info.id, "' is bool: ", util::FormatShortest(value),
                               " is neither 0 nor 1"));
  }
  if ((info.type == InputType::kInteger || info.type == InputType::kRank) &&
      value != std::floor(value)) {
    return Status(StatusCode::kInvalidArgument,
                  absl::StrCat("input '", info.id, "' is ", InputTypeName(info.type), ": ",
                               util::FormatShortest(value), " is not a whole number"));
  }
  if (info.type == InputType::kRank && value < 0) {
    return Status(StatusCode::kInvalidArgument,
                  absl::StrCat("input '", info.id, "' is a rank: ", util::FormatShortest(value),
                               " is negative (1 = best, 0 = not ranked)"));
  }
  if (info.min && value < *info.min) {
    return Status(StatusCode::kInvalidArgument,
                  absl::StrCat("input '", info.id, "': ", util::FormatShortest(value),
                               " is below its declared minimum ", util::FormatShortest(*info.min)));
  }
  if (info.max && value > *info.max) {
    return Status(StatusCode::kInvalidArgument,
                  absl::StrCat("input '", info.id, "': ", util::FormatShortest(value),
                               " is above its declared maximum ", util::FormatShortest(*info.max)));
  }
  return Status::Ok();
}

// CheckNumber as a quick test for the columnar setters: true means CheckNumber accepts the
// value. A rejected value goes through CheckNumber, which has the last word and the message.
class NumberLimits {
 public:
  explicit NumberLimits(const InputInfo& info)
      : lo_(std::max(info.min.value_or(kLowest), info.type == InputType::kRank ? 0.0 : kLowest)),
        hi_(std::min(info.max.value_or(kHighest), kHighest)),
        bool_(info.type == InputType::kBool),
        whole_(info.type == InputType::kInteger || info.type == InputType::kRank) {}

  // Finite (NaN fails both comparisons), within the bounds, 0 or 1 for bool, whole for
  // integer and rank (a rank is also at least 0).
  bool Accepts(double value) const {
    return value >= lo_ && value <= hi_ && (!bool_ || value == 0 || value == 1) &&
           (!whole_ || value == std::floor(value));
  }

  // Accepts() for every value: for numbers and bools a branch-free loop, without early
  // exits (values are almost always good).
  bool AcceptsAll(const double* values, std::size_t count) const {
    if (whole_) {
      bool all = true;
      for (std::size_t i = 0; i < count; ++i) all &= Accepts(values[i]);
      return all;
    }
    unsigned bad = 0;
    if (bool_) {
      for (std::size_t i = 0; i < count; ++i) {
        const double v = values[i];
        bad |= static_cast<unsigned>(!((v >= lo_) & (v <= hi_) & ((v == 0) | (v == 1))));
      }
    } else {
      for (std::size_t i = 0; i < count; ++i) {
        const double v = values[i];
        bad |= static_cast<unsigned>(!((v >= lo_) & (v <= hi_)));
      }
    }
    return bad == 0;
  }

 private:
  static constexpr double kLowest = std::numeric_limits<double>::lowest();
  static constexpr double kHighest = std::numeric_limits<double>::max();
  double lo_, hi_;
  bool bool_, whole_;
};

// The columnar setters: values[i] on rows[i] for i < count, or on row i when `rows` is null
// (every row in order; removed rows are passed over, their values ignored). Everything is
// checked before anything is stored, so that an error changes nothing.
Status SetNumberColumn(internal::SessionState& s, std::size_t input, const std::size_t* rows,
                       const double* values, std::size_t count) {
  if (input >= s.compiled.inputs.size()) {
    return Status(StatusCode::kOutOfRange, absl::StrCat("input ", input, " is out of range (",
                                                        s.compiled.inputs.size(), " inputs)"));
  }
  const InputInfo& info = s.compiled.inputs[input];
  if (info.type == InputType::kEnum || info.type == InputType::kText) {
    return Status(
        StatusCode::kInvalidArgument,
        absl::StrCat("input '", info.id, "' is ", InputTypeName(info.type), ", not a number"));
  }
  if (count == 0) return Status::Ok();
  const std::size_t row_count = s.rows();
  const std::uint8_t* alive = s.alive.data();
  const bool all_rows = rows == nullptr;
  // row_of indexes the live rows: when it has them all, none was removed.
  const bool every_row_live = all_rows && s.row_of.size() == row_count;
  const auto row_at = [rows](std::size_t i) { return rows == nullptr ? i : rows[i]; };

  // Quick checks first; only when one fails, find the first problem, in order.
  const NumberLimits limits(info);
  bool ok = limits.AcceptsAll(values, count) && (all_rows ? every_row_live : true);
  for (std::size_t i = 0; ok && !all_rows && i < count; ++i) {
    ok = rows[i] < row_count && alive[rows[i]] != 0;
  }
  for (std::size_t i = 0; !ok && i < count; ++i) {
    const std::size_t row = row_at(i);
    if (row >= row_count || !alive[row]) {
      if (all_rows) continue;  // a removed row: its value is ignored
      return Status(StatusCode::kOutOfRange,
                    absl::StrCat("input '", info.id, "': row ", row, " is not a live row (",
                                 row_count, " rows)"));
    }
    if (limits.Accepts(values[i])) continue;
    if (Status status = CheckNumber(info, values[i]); !status.ok()) {
      return Status(status.code(), absl::StrCat("row ", row, ": ", status.message()));
    }
  }

  if (s.evaluated) {
    // Edits after an evaluation are tracked value by value, for the incremental update.
    for (std::size_t i = 0; i < count; ++i) {
      const std::size_t row = row_at(i);
      if (alive[row]) s.Store(row, input, values[i], false);
    }
    return Status::Ok();
  }
  // Nothing to track yet: what Store does, with the column's arrays looked up once.
  double* column = s.columns[input].data();
  std::uint8_t* missing = s.missing[input].data();
  const std::uint32_t presence = s.compiled.plan.input_presence_slot[input];
  double* presence_column = presence != plan::kNone ? s.columns[presence].data() : nullptr;
  const auto now_present = [&](std::size_t row) {
    missing[row] = 0;
    if (presence_column != nullptr) presence_column[row] = 1.0;
    s.MissingChanged(row, input, false);  // not evaluated yet: only counts and scorability
  };
  if (every_row_live) {
    std::memcpy(column, values, count * sizeof(double));
    // Usually no row was missing the value (it is being replaced): find the first that was.
    const void* first_missing = std::memchr(missing, 1, count);
    if (first_missing == nullptr) return Status::Ok();
    for (auto row =
             static_cast<std::size_t>(static_cast<const std::uint8_t*>(first_missing) - missing);
         row < count; ++row) {
      if (missing[row] != 0) now_present(row);
    }
    return Status::Ok();
  }
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t row = row_at(i);
    if (!alive[row]) continue;  // only removed rows of the all-rows form get here
    column[row] = values[i];
    if (missing[row] != 0) now_present(row);
  }
  return Status::Ok();
}

template <typename T>
std::size_t VectorBytes(const std::vector<T>& v) {
  return v.capacity() * sizeof(T);
}

// Heap bytes of a string: none when it is short enough to live inside the object.
std::size_t StringHeapBytes(const std::string& s) {
  const char* data = s.data();
  const char* self = reinterpret_cast<const char*>(&s);
  const bool inline_buffer = std::greater_equal<const char*>()(data, self) &&
                             std::less<const char*>()(data, self + sizeof s);
  return inline_buffer ? 0 : s.capacity() + 1;
}

template <typename T>
std::size_t NestedVectorBytes(const std::vector<std::vector<T>>& v) {
  std::size_t bytes = VectorBytes(v);
  for (const std::vector<T>& inner : v) bytes += VectorBytes(inner);
  return bytes;
}

// A deque allocates fixed blocks (512 bytes in libstdc++) and a map of pointers to them.
template <typename T>
std::size_t DequeBytes(const std::deque<T>& d) {
  constexpr std::size_t kBlockBytes = 512;
  const std::size_t per_block = sizeof(T) < kBlockBytes ? kBlockBytes / sizeof(T) : 1;
  const std::size_t blocks = d.size() / per_block + 1;
  return blocks * (std::max(kBlockBytes, sizeof(T)) + sizeof(void*));
}

// An absl flat hash map: one slot and one control byte per bucket, plus a group of control
// bytes.
template <typename Map>
std::size_t FlatHashMapBytes(const Map& map) {
  if (map.capacity() == 0) return 0;
  return map.capacity() * (sizeof(typename Map::value_type) + 1) + 16;
}

}  // namespace

Session::Session(Standard standard)
    : state_(std::make_unique<internal::SessionState>(std::move(standard))) {}
Session::~Session() = default;
Session::Session(Session&&) noexcept = default;
Session& Session::operator=(Session&&) noexcept = default;

namespace internal {
SessionState& StateOf(const Session& session) { return *session.state_; }
}  // namespace internal

const Standard& Session::standard() const { return state_->standard; }

void Session::Reserve(std::size_t rows) {
  auto& s = *state_;
  if (rows <= s.rows()) return;
  for (auto& column : s.columns) column.reserve(rows);
  s.column_pointers_stale = true;
  for (auto& flags : s.missing) flags.reserve(rows);
  for (std::size_t i = 0; i < s.texts.size(); ++i) {
    if (s.compiled.inputs[i].type == InputType::kText) s.texts[i].reserve(rows);
  }
  s.periods.reserve(rows);
  s.alive.reserve(rows);
  s.row_of.reserve(rows);
  s.links.prev_row.reserve(rows);
  s.links.next_row.reserve(rows);
  s.links.scorable.reserve(rows);
  s.links.period_of.reserve(rows);
}

StatusOr<std::size_t> Session::AddRow(std::string_view entity, std::int64_t period) {
  auto& s = *state_;
  const std::size_t row = s.rows();
  if (!IsValidUtf8(entity)) {
    return Status(StatusCode::kInvalidUtf8, "the entity name is not valid UTF-8");
  }
  // One rule for every front end (files, the C ABI, Python): an entity is printable text.
  if (absl::StripAsciiWhitespace(util::Absl(entity)).empty()) {
    return Status(StatusCode::kInvalidArgument, "empty entity");
  }
  if (std::optional<char32_t> control = util::FirstControl(entity)) {
    return Status(StatusCode::kInvalidArgument,
                  absl::StrCat("entity '", util::Printable(entity),
                               "' contains the control character ", util::CodePointName(*control)));
  }
  if (row >= UINT32_MAX - 1) {
    return Status(StatusCode::kOutOfRange, "a session holds at most 2^32 - 2 rows");
  }
  auto [it, inserted] = s.row_of.try_emplace(std::make_pair(std::string(entity), period), row);
  if (!inserted) {
    return Status(
        StatusCode::kAlreadyExists,
        absl::StrCat("entity '", util::Absl(entity), "' already has a row for period ", period));
  }
  s.entities.emplace_back(entity);
  s.periods.push_back(period);
  s.alive.push_back(1);
  for (auto& column : s.columns) column.push_back(0.0);
  s.column_pointers_stale = true;
  for (auto& flags : s.missing) flags.push_back(1);
  s.missing_counted.push_back(static_cast<std::uint32_t>(s.compiled.coverage_inputs));
  for (std::size_t i = 0; i < s.texts.size(); ++i) {
    if (s.compiled.inputs[i].type == InputType::kText) s.texts[i].emplace_back();
  }
  // Links to the entity's neighbouring periods, and the row's cohort.
  eval::RowLinks& links = s.links;
  auto [period_it, new_period] =
      s.period_index.try_emplace(period, static_cast<std::uint32_t>(links.period_count));
  if (new_period) ++links.period_count;
  links.period_of.push_back(period_it->second);
  links.prev_row.push_back(-1);
  links.next_row.push_back(-1);
  const std::string key(entity);
  // Neighbouring periods; none past the ends of int64 (no overflow).
  if (auto prev =
          period == INT64_MIN ? s.row_of.end() : s.row_of.find(std::make_pair(key, period - 1));
      prev != s.row_of.end()) {
    links.prev_row[row] = static_cast<std::int64_t>(prev->second);
    links.next_row[prev->second] = static_cast<std::int64_t>(row);
  }
  if (auto next =
          period == INT64_MAX ? s.row_of.end() : s.row_of.find(std::make_pair(key, period + 1));
      next != s.row_of.end()) {
    links.next_row[row] = static_cast<std::int64_t>(next->second);
    links.prev_row[next->second] = static_cast<std::int64_t>(row);
  }
  links.scorable.push_back(s.ComputeScorable(row) ? 1 : 0);
  if (s.evaluated) s.engine.RowAdded(static_cast<std::uint32_t>(row), links);
  return row;
}

Status Session::RemoveRow(std::size_t row) {
  auto& s = *state_;
  if (row >= s.rows() || !s.alive[row]) {
    return Status(StatusCode::kNotFound, absl::StrCat("row ", row, " is not a live row"));
  }
  s.alive[row] = 0;
  s.links.scorable[row] = 0;
  s.row_of.erase(std::make_pair(s.entities[row], s.periods[row]));
  if (s.evaluated) s.engine.MembershipChanged(static_cast<std::uint32_t>(row), s.links);
  s.Unlink(row);
  s.links.prev_row[row] = -1;
  s.links.next_row[row] = -1;
  return Status::Ok();
}

std::size_t Session::RemoveEntity(std::string_view entity) {
  std::size_t removed = 0;
  for (std::size_t row = 0; row < state_->rows(); ++row) {
    if (state_->alive[row] && state_->entities[row] == entity && RemoveRow(row).ok()) ++removed;
  }
  return removed;
}

std::size_t Session::RemovePeriod(std::int64_t period) {
  std::size_t removed = 0;
  for (std::size_t row = 0; row < state_->rows(); ++row) {
    if (state_->alive[row] && state_->periods[row] == period && RemoveRow(row).ok()) ++removed;
  }
  return removed;
}

bool Session::live(std::size_t row) const { return row < state_->rows() && state_->alive[row]; }

std::optional<std::size_t> Session::FindRow(std::string_view entity, std::int64_t period) const {
  auto it = state_->row_of.find(std::make_pair(std::string(entity), period));
  if (it == state_->row_of.end()) return std::nullopt;
  return it->second;
}

std::size_t Session::row_count() const { return state_->rows(); }
const std::string& Session::entity(std::size_t row) const {
  return row < state_->rows() ? state_->entities[row] : kEmpty;
}
std::int64_t Session::period(std::size_t row) const {
  return row < state_->rows() ? state_->periods[row] : 0;
}

Status Session::SetNumber(std::size_t row, std::size_t input, double value) {
  auto& s = *state_;
  if (Status status = s.CheckCell(row, input); !status.ok()) return status;
  const InputInfo& info = s.compiled.inputs[input];
  if (info.type == InputType::kEnum || info.type == InputType::kText) {
    return Status(
        StatusCode::kInvalidArgument,
        absl::StrCat("input '", info.id, "' is ", InputTypeName(info.type), ", not a number"));
  }
  if (Status status = CheckNumber(info, value); !status.ok()) return status;
  s.Store(row, input, value, false);
  return Status::Ok();
}

Status Session::SetNumbers(std::size_t input, std::span<const std::size_t> rows,
                           std::span<const double> values) {
  if (rows.size() != values.size()) {
    return Status(
        StatusCode::kInvalidArgument,
        absl::StrCat("SetNumbers: ", rows.size(), " rows but ", values.size(), " values"));
  }
  return SetNumberColumn(*state_, input, rows.data(), values.data(), rows.size());
}

Status Session::SetNumbers(std::size_t input, std::span<const double> values) {
  if (values.size() != state_->rows()) {
    return Status(
        StatusCode::kInvalidArgument,
        absl::StrCat("SetNumbers: ", values.size(), " values for ", state_->rows(), " rows"));
  }
  return SetNumberColumn(*state_, input, /*rows=*/nullptr, values.data(), values.size());
}

Status Session::SetOption(std::size_t row, std::size_t input, std::size_t option) {
  auto& s = *state_;
  if (Status status = s.CheckCell(row, input); !status.ok()) return status;
  const InputInfo& info = s.compiled.inputs[input];
  if (info.type != InputType::kEnum) {
    return Status(StatusCode::kInvalidArgument,
                  absl::StrCat("input '", info.id, "' is not an enum"));
  }
  if (option >= info.options.size()) {
    return Status(StatusCode::kOutOfRange,
                  absl::StrCat("input '", info.id, "' has ", info.options.size(),
                               " options; option ", option, " does not exist"));
  }
  s.Store(row, input, static_cast<double>(option), false);
  return Status::Ok();
}

Status Session::SetText(std::size_t row, std::size_t input, std::string_view text) {
  auto& s = *state_;
  if (Status status = s.CheckCell(row, input); !status.ok()) return status;
  const InputInfo& info = s.compiled.inputs[input];
  if (info.type != InputType::kText) {
    return Status(StatusCode::kInvalidArgument,
                  absl::StrCat("input '", info.id, "' is not a text input"));
  }
  if (!IsValidUtf8(text)) {
    return Status(StatusCode::kInvalidUtf8,
                  absl::StrCat("input \'", info.id, "\': the text is not valid UTF-8"));
  }
  s.texts[input][row] = std::string(text);
  // Equal texts get equal numbers, so that a text input can be a cohort's key (`by`).
  double id = 0;
  if (!text.empty()) {
    auto& ids = s.text_ids[input];
    id = ids.try_emplace(std::string(text), static_cast<double>(ids.size() + 1)).first->second;
  }
  s.Store(row, input, id, text.empty());
  return Status::Ok();
}

Status Session::SetFromString(std::size_t row, std::size_t input, std::string_view text) {
  auto& s = *state_;
  if (Status status = s.CheckCell(row, input); !status.ok()) return status;
  const InputInfo& info = s.compiled.inputs[input];
  if (!IsValidUtf8(text)) {
    return Status(StatusCode::kInvalidUtf8,
                  absl::StrCat("input '", info.id, "': the value is not valid UTF-8"));
  }
  if (info.type == InputType::kText) return SetText(row, input, text);
  const std::string_view trimmed = util::Std(absl::StripAsciiWhitespace(util::Absl(text)));
  if (trimmed.empty()) return Clear(row, input);
  switch (info.type) {
    case InputType::kBool: {
      double value = 0;
      if (!ParseBool(trimmed, &value)) {
        return Status(StatusCode::kInvalidArgument,
                      absl::StrCat("input '", info.id, "' is bool: '", util::Shortened(trimmed),
                                   "' is not true or false"));
      }
      return SetNumber(row, input, value);
    }
    case InputType::kEnum: {
      std::optional<std::size_t> option = s.standard.FindOption(input, trimmed);
      if (!option) {
        std::string list;
        for (const std::string& o : info.options)
          absl::StrAppend(&list, list.empty() ? "" : ", ", o);
        return Status(StatusCode::kInvalidArgument,
                      absl::StrCat("input '", info.id, "': '", util::Shortened(trimmed),
                                   "' is not one of its options (", list, ")"));
      }
      return SetOption(row, input, *option);
    }
    default: {
      double value = 0;
      if (!util::ParseNumber(trimmed, &value)) {
        return Status(StatusCode::kInvalidArgument,
                      absl::StrCat("input '", info.id, "' is ", InputTypeName(info.type), ": '",
                                   util::Shortened(trimmed), "' ", NotANumber(trimmed)));
      }
      return SetNumber(row, input, value);
    }
  }
}

Status Session::Clear(std::size_t row, std::size_t input) {
  auto& s = *state_;
  if (Status status = s.CheckCell(row, input); !status.ok()) return status;
  if (!s.texts[input].empty()) s.texts[input][row].clear();
  s.Store(row, input, 0.0, true);  // every type's default is 0: false, the lowest option, 0
  return Status::Ok();
}

bool Session::is_missing(std::size_t row, std::size_t input) const {
  if (!state_->CheckCell(row, input).ok()) return true;
  return state_->missing[input][row] != 0;
}

double Session::value(std::size_t row, std::size_t input) const {
  if (!state_->CheckCell(row, input).ok()) return 0;
  // A text input's column holds the text's number (a `by` key's value): not a value rules use.
  if (state_->compiled.inputs[input].type == InputType::kText) return 0;
  return state_->columns[input][row];
}

const std::string& Session::text(std::size_t row, std::size_t input) const {
  if (!state_->CheckCell(row, input).ok() || state_->texts[input].empty()) return kEmpty;
  return state_->texts[input][row];
}

void Session::Evaluate(unsigned threads) { state_->FullEvaluate(threads); }
void Session::Update() { state_->Update(); }
std::uint64_t Session::ops() const { return state_->engine.ops(); }

bool Session::scorable(std::size_t row) const {
  return row < state_->rows() && state_->links.scorable[row] != 0;
}

std::string Session::unscorable_reason(std::size_t row) const {
  if (row >= state_->rows() || scorable(row)) return std::string();
  return state_->Reason(row);
}

double Session::node_value(std::size_t row, std::size_t node) const {
  const auto& plan = state_->compiled.plan;
  if (row >= state_->rows() || node >= plan.node_slots.size()) return 0;
  state_->UpdateRow(row);
  return state_->columns[plan.node_slots[node]][row];
}

double Session::total(std::size_t row) const {
  if (row >= state_->rows()) return 0;
  state_->UpdateRow(row);
  return state_->columns[state_->compiled.plan.total_slot][row];
}

double Session::output_value(std::size_t row, std::size_t output) const {
  const auto& compiled = state_->compiled;
  if (row >= state_->rows() || output >= compiled.output_lets.size()) return 0;
  state_->UpdateRow(row);
  return state_->columns[compiled.plan.let_slots[compiled.output_lets[output]]][row];
}

std::string Session::output_text(std::size_t row, std::size_t output) const {
  const auto& compiled = state_->compiled;
  if (output >= compiled.outputs.size() || !scorable(row)) return std::string();
  const double value = output_value(row, output);
  if (IsMissing(value)) return std::string();
  const std::vector<std::string>& names = compiled.outputs[output].band_names;
  if (!names.empty()) {
    // A named band's value is its number, 1 to the count; anything else (NaN) has no name.
    if (value >= 1 && value <= static_cast<double>(names.size()) && value == std::trunc(value)) {
      return names[static_cast<std::size_t>(value) - 1];
    }
    return std::string();
  }
  return util::FormatShortest(value);
}

std::string Session::missing_reason(std::size_t row) const {
  if (row >= state_->rows() || !scorable(row) || !IsMissing(total(row))) return std::string();
  const auto& s = *state_;
  std::vector<std::string> missing;
  for (std::size_t i = 0; i < s.compiled.inputs.size(); ++i) {
    const MissingPolicy policy = s.compiled.inputs[i].missing;
    if ((policy == MissingPolicy::kExclude || policy == MissingPolicy::kImpute) &&
        s.missing[i][row] != 0) {
      missing.push_back(s.compiled.inputs[i].id);
    }
  }
  std::string reason = "no part of the total has a value";
  if (!missing.empty()) {
    constexpr std::size_t kNamed = 5;
    absl::StrAppend(&reason, ": missing ");
    for (std::size_t i = 0; i < missing.size() && i < kNamed; ++i) {
      absl::StrAppend(&reason, i > 0 ? ", " : "", missing[i]);
    }
    if (missing.size() > kNamed)
      absl::StrAppend(&reason, " and ", missing.size() - kNamed, " more");
  }
  return reason;
}

const std::string* Session::grade(std::size_t row) const {
  if (row >= state_->rows()) return nullptr;
  state_->UpdateRow(row);
  const int grade = state_->GradeOf(row);
  if (grade < 0) return nullptr;
  return &state_->compiled.model.grades[static_cast<std::size_t>(grade)].name;
}

bool Session::vetoed(std::size_t row) const {
  if (row >= state_->rows() || !scorable(row)) return false;
  state_->UpdateRow(row);
  return state_->Vetoed(row);
}

Status Session::VerifyAgainstFullEvaluation() const {
  auto& s = *state_;
  s.Update();
  std::vector<std::vector<double>> fresh = s.columns;
  std::vector<double*> pointers(fresh.size());
  for (std::size_t i = 0; i < fresh.size(); ++i) pointers[i] = fresh[i].data();
  eval::Engine engine(s.compiled.plan);
  engine.EvaluateAll(s.links, pointers.data(), s.rows());
  const auto& plan = s.compiled.plan;
  for (std::size_t slot = plan.input_count; slot < fresh.size(); ++slot) {
    for (std::size_t row = 0; row < s.rows(); ++row) {
      if (!s.alive[row]) continue;
      const double expected = fresh[slot][row];
      const double actual = s.columns[slot][row];
      if (std::memcmp(&expected, &actual, sizeof actual) != 0) {
        return Status(StatusCode::kInternal,
                      absl::StrCat("slot ", slot, " of entity '", s.entities[row], "', period ",
                                   s.periods[row], ": incremental ", util::FormatShortest(actual),
                                   ", full evaluation ", util::FormatShortest(expected)));
      }
    }
  }
  return Status::Ok();
}

std::size_t Session::memory_bytes() const {
  const auto& s = *state_;
  std::size_t bytes = sizeof(internal::SessionState);
  bytes += NestedVectorBytes(s.columns) + VectorBytes(s.column_pointers);
  bytes += NestedVectorBytes(s.missing);
  bytes += NestedVectorBytes(s.texts);
  bytes += VectorBytes(s.missing_counted);
  for (const auto& texts : s.texts) {
    for (const std::string& text : texts) bytes += StringHeapBytes(text);
  }
  bytes += DequeBytes(s.entities);
  for (const std::string& entity : s.entities) bytes += StringHeapBytes(entity);
  bytes += VectorBytes(s.periods) + VectorBytes(s.alive);
  bytes += FlatHashMapBytes(s.row_of);
  for (const auto& [key, row] : s.row_of) bytes += StringHeapBytes(key.first);
  bytes += FlatHashMapBytes(s.period_index);
  bytes += VectorBytes(s.links.prev_row) + VectorBytes(s.links.next_row) +
           VectorBytes(s.links.scorable) + VectorBytes(s.links.period_of);
  bytes += s.engine.memory_bytes();
  return bytes;
}

std::size_t Session::raw_value_bytes() const {
  return static_cast<std::size_t>(state_->compiled.plan.slot_count) * state_->rows() *
         sizeof(double);
}

std::vector<std::size_t> Session::fired_vetoes(std::size_t row) const {
  std::vector<std::size_t> fired;
  if (row >= state_->rows() || !scorable(row)) return fired;
  state_->UpdateRow(row);
  const auto& slots = state_->compiled.plan.veto_slots;
  for (std::size_t i = 0; i < slots.size(); ++i) {
    if (state_->columns[slots[i]][row] != 0) fired.push_back(i);
  }
  return fired;
}

}  // namespace rubric
