// rubric::Session: row storage (one column per slot), value parsing and checks, and the call
// into the evaluator.
#include "rubric/session.h"

#include <cmath>
#include <map>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "api/compiled_standard.h"
#include "eval/evaluator.h"
#include "util/number_format.h"
#include "util/strings.h"

namespace rubric {
namespace internal {

class SessionState {
 public:
  explicit SessionState(Standard s)
      : standard(std::move(s)),
        compiled(standard.compiled()),
        columns(compiled.plan.slot_count),
        missing(compiled.inputs.size()),
        texts(compiled.inputs.size()) {}

  Standard standard;
  const CompiledStandard& compiled;
  std::vector<std::string> entities;
  std::vector<std::int64_t> periods;
  absl::flat_hash_map<std::pair<std::string, std::int64_t>, std::size_t> row_of;
  std::vector<std::vector<double>> columns;           // per slot, one value per row
  std::vector<std::vector<std::uint8_t>> missing;     // per input, one flag per row
  std::vector<std::vector<std::string>> texts;        // per text input, one string per row

  eval::RowLinks links;
  std::vector<std::string> reasons;  // per row: why it is not scorable
  std::vector<int> grade;            // per row: index into grades(), -1 for none
  std::vector<std::uint8_t> vetoed;

  std::size_t rows() const { return entities.size(); }

  Status CheckCell(std::size_t row, std::size_t input) const {
    if (row >= rows()) {
      return Status(StatusCode::kOutOfRange,
                    absl::StrCat("row ", row, " is out of range (", rows(), " rows)"));
    }
    if (input >= compiled.inputs.size()) {
      return Status(StatusCode::kOutOfRange,
                    absl::StrCat("input ", input, " is out of range (", compiled.inputs.size(),
                                 " inputs)"));
    }
    return Status::Ok();
  }

  void Store(std::size_t row, std::size_t input, double value) {
    columns[input][row] = value;
    missing[input][row] = 0;
  }

  void Evaluate();
  int GradeOf(double total, bool is_vetoed) const;
};

void SessionState::Evaluate() {
  const std::size_t n = rows();
  links.prev_row.assign(n, -1);
  links.scorable.assign(n, 1);
  reasons.assign(n, std::string());
  for (std::size_t row = 0; row < n; ++row) {
    auto it = row_of.find(std::make_pair(entities[row], periods[row] - 1));
    if (it != row_of.end()) links.prev_row[row] = static_cast<std::int64_t>(it->second);
    for (std::size_t input : compiled.unscorable_inputs) {
      if (missing[input][row]) {
        links.scorable[row] = 0;
        reasons[row] = absl::StrCat("missing input '", compiled.inputs[input].id, "'");
        break;
      }
    }
  }
  std::map<std::int64_t, std::vector<std::uint32_t>> by_period;
  for (std::size_t row = 0; row < n; ++row) {
    if (links.scorable[row]) by_period[periods[row]].push_back(static_cast<std::uint32_t>(row));
  }
  links.cohorts.clear();
  for (auto& [period, cohort] : by_period) links.cohorts.push_back(std::move(cohort));

  std::vector<double*> pointers(columns.size());
  for (std::size_t s = 0; s < columns.size(); ++s) pointers[s] = columns[s].data();
  eval::EvaluateAll(compiled.plan, links, pointers.data(), n);

  grade.assign(n, -1);
  vetoed.assign(n, 0);
  for (std::size_t row = 0; row < n; ++row) {
    if (!links.scorable[row]) continue;
    for (std::uint32_t slot : compiled.plan.veto_slots) {
      if (columns[slot][row] != 0) vetoed[row] = 1;
    }
    grade[row] = GradeOf(columns[compiled.plan.total_slot][row], vetoed[row] != 0);
  }
}

int SessionState::GradeOf(double total, bool is_vetoed) const {
  const std::vector<GradeInfo>& grades = compiled.model.grades;
  if (is_vetoed) {
    for (std::size_t i = 0; i < grades.size(); ++i) {
      if (grades[i].rule == GradeRule::kVetoed) return static_cast<int>(i);
    }
  }
  const double tolerance = compiled.model.grade_tolerance;
  for (std::size_t i = 0; i < grades.size(); ++i) {
    if (grades[i].rule == GradeRule::kAtLeast && total >= grades[i].min - tolerance) {
      return static_cast<int>(i);
    }
  }
  for (std::size_t i = 0; i < grades.size(); ++i) {
    if (grades[i].rule == GradeRule::kOtherwise) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace internal

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
  auto [it, inserted] = s.row_of.try_emplace(std::make_pair(std::string(entity), period), row);
  if (!inserted) {
    return Status(StatusCode::kAlreadyExists,
                  absl::StrCat("entity '", util::Absl(entity), "' already has a row for period ", period));
  }
  s.entities.emplace_back(entity);
  s.periods.push_back(period);
  for (auto& column : s.columns) column.push_back(0.0);
  for (auto& flags : s.missing) flags.push_back(1);
  for (std::size_t i = 0; i < s.texts.size(); ++i) {
    if (s.compiled.inputs[i].type == InputType::kText) s.texts[i].emplace_back();
  }
  return row;
}

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
    return Status(StatusCode::kInvalidArgument,
                  absl::StrCat("input '", info.id, "' is ", InputTypeName(info.type),
                               ", not a number"));
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
                               " is below its declared minimum ",
                               util::FormatShortest(*info.min)));
  }
  if (info.max && value > *info.max) {
    return Status(StatusCode::kInvalidArgument,
                  absl::StrCat("input '", info.id, "': ", util::FormatShortest(value),
                               " is above its declared maximum ",
                               util::FormatShortest(*info.max)));
  }
  s.Store(row, input, value);
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
  s.Store(row, input, static_cast<double>(option));
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
  s.texts[input][row] = std::string(text);
  s.missing[input][row] = text.empty() ? 1 : 0;
  return Status::Ok();
}

Status Session::SetFromString(std::size_t row, std::size_t input, std::string_view text) {
  auto& s = *state_;
  if (Status status = s.CheckCell(row, input); !status.ok()) return status;
  const InputInfo& info = s.compiled.inputs[input];
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
        for (const std::string& o : info.options) absl::StrAppend(&list, list.empty() ? "" : ", ", o);
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
  s.columns[input][row] = 0.0;  // every type's default is 0: false, the lowest option, 0
  s.missing[input][row] = 1;
  if (!s.texts[input].empty()) s.texts[input][row].clear();
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

void Session::Evaluate() { state_->Evaluate(); }

bool Session::scorable(std::size_t row) const {
  return row < state_->links.scorable.size() && state_->links.scorable[row] != 0;
}

const std::string& Session::unscorable_reason(std::size_t row) const {
  return row < state_->reasons.size() ? state_->reasons[row] : kEmpty;
}

double Session::node_value(std::size_t row, std::size_t node) const {
  const auto& plan = state_->compiled.plan;
  if (row >= state_->rows() || node >= plan.node_slots.size()) return 0;
  return state_->columns[plan.node_slots[node]][row];
}

double Session::total(std::size_t row) const {
  if (row >= state_->rows()) return 0;
  return state_->columns[state_->compiled.plan.total_slot][row];
}

const std::string* Session::grade(std::size_t row) const {
  if (row >= state_->grade.size() || state_->grade[row] < 0) return nullptr;
  return &state_->compiled.model.grades[static_cast<std::size_t>(state_->grade[row])].name;
}

bool Session::vetoed(std::size_t row) const {
  return row < state_->vetoed.size() && state_->vetoed[row] != 0;
}

std::vector<std::size_t> Session::fired_vetoes(std::size_t row) const {
  std::vector<std::size_t> fired;
  if (row >= state_->rows() || !scorable(row)) return fired;
  const auto& slots = state_->compiled.plan.veto_slots;
  for (std::size_t i = 0; i < slots.size(); ++i) {
    if (state_->columns[slots[i]][row] != 0) fired.push_back(i);
  }
  return fired;
}

}  // namespace rubric
