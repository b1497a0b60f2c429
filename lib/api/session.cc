// rubric::Session: row storage (one column per slot), value parsing and checks, and the call
// into the evaluator.
#include "rubric/session.h"

#include <cmath>
#include <cstring>
#include <map>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "api/compiled_standard.h"
#include "api/session_state.h"
#include "eval/engine.h"
#include "rubric/text.h"
#include "util/number_format.h"
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

}  // namespace

Session::Session(Standard standard)
    : state_(std::make_unique<internal::SessionState>(std::move(standard))) {}
Session::~Session() = default;
Session::Session(Session&&) noexcept = default;
Session& Session::operator=(Session&&) noexcept = default;

const Standard& Session::standard() const { return state_->standard; }

StatusOr<std::size_t> Session::AddRow(std::string_view entity, std::int64_t period) {
  auto& s = *state_;
  const std::size_t row = s.rows();
  if (!IsValidUtf8(entity)) {
    return Status(StatusCode::kInvalidUtf8, "the entity name is not valid UTF-8");
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
  s.Store(row, input, value, false);
  return Status::Ok();
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
  s.Store(row, input, 0.0, text.empty());
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
                      absl::StrCat("input '", info.id, "' is bool: '", util::Absl(trimmed),
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
                      absl::StrCat("input '", info.id, "': '", util::Absl(trimmed),
                                   "' is not one of its options (", list, ")"));
      }
      return SetOption(row, input, *option);
    }
    default: {
      double value = 0;
      if (!util::ParseNumber(trimmed, &value)) {
        return Status(StatusCode::kInvalidArgument,
                      absl::StrCat("input '", info.id, "' is ", InputTypeName(info.type), ": '",
                                   util::Absl(trimmed), "' is not a number"));
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
