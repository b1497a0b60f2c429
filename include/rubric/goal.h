// rubric::FindGoal: what would it take for a row to reach a grade (or a total)? For each
// input, the smallest change that alone gets the row there, or why none does; for a vetoed
// row, which inputs clear which veto; and a cheap combined plan. Every answer is applied on
// the session (the incremental path) and read back before it is reported; every value the
// search changed is restored before FindGoal returns. docs/analysis.md ("What would it
// take") documents the method.
#ifndef RUBRIC_GOAL_H_
#define RUBRIC_GOAL_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rubric/session.h"
#include "rubric/status.h"

namespace rubric {

struct GoalOptions {
  // The target: a grade by name, or a total. Neither: the row's next grade up.
  std::optional<std::string> grade;
  std::optional<double> total;
  // Search a combined plan (greedy, docs/analysis.md).
  bool plan = true;
  // Cost per unit of change, by input id; an input not listed costs its relative change
  // |delta| / max(|value|, 1). Costs are finite and positive.
  std::map<std::string, double> cost;
  // Inputs without a declared bound are searched up to `range` x max(|value|, 1) away.
  double range = 1073741824.0;  // 2^30
};

// One change of one input (a single change that reaches the target, one step of a plan, or
// a change that clears a veto).
struct GoalChange {
  std::size_t input = 0;  // index into standard().inputs()
  std::string id;
  std::string type;        // "bool", "number", ...
  bool reachable = false;  // false: `reason` says why no change of this input alone does
  bool from_missing = false;
  double from = 0;  // the value used (the default when missing); enums: option index
  double to = 0;
  std::string from_text;  // as data would write it: true/false, the option's label, number
  std::string to_text;
  double delta = 0;     // to - from
  double relative = 0;  // |delta| / max(|from|, 1)
  double cost = 0;      // under GoalOptions::cost (the relative change by default)
  double total = 0;     // the row's total with the change applied (read from the session)
  std::string grade;    // and its grade ("" when none)
  std::string method;   // "flip", "option", "exact (linear segment)", "bisection", "whole numbers"
  std::string reason;   // when not reachable
};

struct GoalVeto {
  std::size_t veto = 0;  // index into standard().vetoes()
  std::string id;
  std::string label;
  std::vector<GoalChange> clearing;  // the inputs whose change alone clears it, nearest each
};

struct GoalPlan {
  bool found = false;
  std::vector<GoalChange> changes;  // from/to against the row's values; total/grade after all
  double cost = 0;
  double total = 0;  // verified: read from the session with every change applied
  std::string grade;
  std::string note;  // how it was found, or why none was
};

struct GoalResult {
  std::string entity;
  std::int64_t period = 0;
  double total = 0;
  std::string grade;
  bool vetoed = false;
  std::vector<std::string> fired_vetoes;  // ids
  // The target: a grade (its name, and its minimum: the searches aim at the minimum, the
  // grade itself is given from the minimum less the standard's grade tolerance), or a total
  // (target_grade empty).
  std::string target_grade;
  double target_total = 0;
  bool already = false;             // the row is there already
  std::string note;                 // e.g. "already at the highest grade"
  std::vector<GoalChange> changes;  // one per input, in the standard's order
  std::vector<GoalVeto> vetoes;     // one per fired veto
  // With the nearest clearing change of every fired veto applied together:
  bool vetoes_cleared = false;    // every veto is cleared
  bool clearing_reaches = false;  // and the target is reached
  double clearing_total = 0;
  std::string clearing_grade;
  GoalPlan plan;
  std::uint64_t probes = 0;  // values set and read back on the session
};

// The goal analysis of `row`. kInvalidArgument for bad options (an unknown grade, a cost
// for an unknown input, no grades and no total), kFailedPrecondition for a row that is not
// scorable or has no total, kNotFound for a row that is not live. The session's values are
// the same on return as on entry (results are brought up to date lazily, as always).
StatusOr<GoalResult> FindGoal(Session& session, std::size_t row, const GoalOptions& options);

// The result as JSON (nlohmann::ordered_json text; missing numbers are null).
std::string GoalToJson(const GoalResult& result);

// Options from JSON: {"grade": "良好"} or {"total": 80}, "plan": bool, "cost": {"input":
// cost per unit}, "range": number. Unknown keys are kInvalidArgument.
StatusOr<GoalOptions> GoalOptionsFromJson(std::string_view json);

}  // namespace rubric

#endif  // RUBRIC_GOAL_H_
