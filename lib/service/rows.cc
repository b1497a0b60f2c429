#include "service/rows.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>

#include "rubric/missing.h"

namespace rubric::service {
namespace {

using nlohmann::json;

class RowLoader {
 public:
  RowLoader(Session& session, bool update, std::vector<std::size_t>* touched)
      : session_(session), update_(update), touched_(touched) {}

  std::vector<BodyProblem> problems;

  void Load(const json& rows) {
    if (!rows.is_array()) {
      Add("bad_request", "\"rows\" must be an array of rows", "rows");
      return;
    }
    for (std::size_t i = 0; i < rows.size() && problems.size() < kMaxProblems; ++i) {
      LoadRow(rows[i], "rows[" + std::to_string(i) + "]");
    }
  }

 private:
  Session& session_;
  bool update_;
  std::vector<std::size_t>* touched_;

  void Add(const std::string& code, const std::string& message, const std::string& path) {
    if (problems.size() < kMaxProblems) problems.push_back({code, message, path});
  }

  void LoadRow(const json& row, const std::string& path) {
    if (!row.is_object()) {
      Add("bad_request", "a row must be an object with entity, period and values", path);
      return;
    }
    for (const auto& item : row.items()) {
      if (item.key() != "entity" && item.key() != "period" && item.key() != "values") {
        Add("bad_request", "unknown key \"" + item.key() + "\" (entity, period, values)",
            path + "." + item.key());
      }
    }
    const auto entity = row.find("entity");
    if (entity == row.end() || !entity->is_string()) {
      Add("D0006", "the entity must be a string", path + ".entity");
      return;
    }
    const auto period = row.find("period");
    std::int64_t period_value = 0;
    if (period == row.end() ||
        !(period->is_number_integer() &&
          (period->is_number_unsigned()
               ? period->get<std::uint64_t>() <=
                     static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())
               : true))) {
      Add("D0005", "the period must be a whole number (a year)", path + ".period");
      return;
    }
    period_value = period->is_number_unsigned()
                       ? static_cast<std::int64_t>(period->get<std::uint64_t>())
                       : period->get<std::int64_t>();
    const std::string& name = entity->get_ref<const std::string&>();
    std::optional<std::size_t> index;
    if (update_) index = session_.FindRow(name, period_value);
    if (!index) {
      StatusOr<std::size_t> added = session_.AddRow(name, period_value);
      if (!added.ok()) {
        const bool duplicate = added.status().code() == StatusCode::kAlreadyExists;
        Add(duplicate ? "D0104" : "D0006",
            duplicate ? "entity '" + name + "', period " + std::to_string(period_value) +
                            " is given twice"
                      : added.status().message(),
            duplicate ? path : path + ".entity");
        return;
      }
      index = *added;
    }
    if (touched_) touched_->push_back(*index);
    const auto values = row.find("values");
    if (values == row.end()) return;
    if (!values->is_object()) {
      Add("bad_request", "\"values\" must be an object of input: value", path + ".values");
      return;
    }
    for (const auto& item : values->items()) {
      SetValue(*index, item.key(), item.value(), path + ".values." + item.key());
    }
  }

  void SetValue(std::size_t row, const std::string& id, const json& value,
                const std::string& path) {
    const Standard& standard = session_.standard();
    const std::optional<std::size_t> input = standard.FindInput(id);
    if (!input) {
      Add("D0101", "unknown input '" + id + "'", path);
      return;
    }
    const InputType type = standard.inputs()[*input].type;
    Status status;
    if (value.is_null()) {
      status = session_.Clear(row, *input);
    } else if (value.is_boolean()) {
      if (type != InputType::kBool) {
        Add("D0102", "input '" + id + "' is " + InputTypeName(type) + ", not bool", path);
        return;
      }
      status = session_.SetNumber(row, *input, value.get<bool>() ? 1.0 : 0.0);
    } else if (value.is_number()) {
      if (type == InputType::kEnum || type == InputType::kText) {
        Add("D0102", "input '" + id + "' is " + InputTypeName(type) + ": give it as a string",
            path);
        return;
      }
      status = session_.SetNumber(row, *input, value.get<double>());
    } else if (value.is_string()) {
      status = session_.SetFromString(row, *input, value.get_ref<const std::string&>());
    } else {
      Add("D0102", "input '" + id + "' takes a boolean, a number, a string or null", path);
      return;
    }
    if (!status.ok()) Add("D0102", status.message(), path);
  }
};

// A number as JSON: null when missing or not finite (JSON has no NaN).
json Number(double value) {
  if (IsMissing(value) || !std::isfinite(value)) return nullptr;
  return value;
}

}  // namespace

std::vector<BodyProblem> LoadJsonRows(Session& session, const json& rows, bool update,
                                      std::vector<std::size_t>* touched) {
  RowLoader loader(session, update, touched);
  loader.Load(rows);
  return loader.problems;
}

bool HasShapeProblem(const std::vector<BodyProblem>& problems) {
  for (const BodyProblem& problem : problems) {
    if (problem.code == "bad_request") return true;
  }
  return false;
}

json RowResultJson(const Session& session, std::size_t row, const ResultOptions& options) {
  const Standard& standard = session.standard();
  json out = {{"entity", session.entity(row)}, {"period", session.period(row)}};
  const bool scorable = session.scorable(row);
  out["scorable"] = scorable;
  if (!scorable) {
    out["reason"] = session.unscorable_reason(row);
    return out;
  }
  const double total = session.total(row);
  out["total"] = Number(total);
  if (IsMissing(total)) {
    out["missing_reason"] = session.missing_reason(row);
  } else if (!std::isfinite(total)) {
    out["total_not_finite"] = std::isnan(total) ? "nan" : total > 0 ? "inf" : "-inf";
  }
  const std::string* grade = session.grade(row);
  out["grade"] = grade ? json(*grade) : json(nullptr);
  out["vetoed"] = session.vetoed(row);
  json vetoes = json::array();
  for (std::size_t veto : session.fired_vetoes(row)) vetoes.push_back(standard.vetoes()[veto].id);
  out["vetoes"] = std::move(vetoes);
  if (!standard.outputs().empty()) {
    json outputs = json::object();
    for (std::size_t k = 0; k < standard.outputs().size(); ++k) {
      const std::string text = session.output_text(row, k);
      outputs[standard.outputs()[k].id] = standard.outputs()[k].band_names.empty()
                                              ? Number(session.output_value(row, k))
                                          : text.empty() ? json(nullptr)
                                                         : json(text);
    }
    out["outputs"] = std::move(outputs);
  }
  if (options.nodes) {
    json nodes = json::object();
    for (std::size_t n = 0; n < standard.nodes().size(); ++n) {
      nodes[standard.nodes()[n].id] = Number(session.node_value(row, n));
    }
    out["nodes"] = std::move(nodes);
  }
  return out;
}

json RowInputsJson(const Session& session, std::size_t row) {
  const Standard& standard = session.standard();
  json out = json::object();
  for (std::size_t k = 0; k < standard.inputs().size(); ++k) {
    if (session.is_missing(row, k)) continue;
    const InputInfo& input = standard.inputs()[k];
    switch (input.type) {
      case InputType::kBool:
        out[input.id] = session.value(row, k) != 0;
        break;
      case InputType::kEnum: {
        const auto option = static_cast<std::size_t>(session.value(row, k));
        if (option < input.options.size()) out[input.id] = input.options[option];
        break;
      }
      case InputType::kText:
        out[input.id] = session.text(row, k);
        break;
      default:
        out[input.id] = Number(session.value(row, k));
    }
  }
  return out;
}

}  // namespace rubric::service
