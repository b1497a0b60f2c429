// Rows in and results out: JSON rows (or CSV text, long or wide) into a rubric::Session,
// and a row's results as JSON.
//
//   {"entity": "苏州", "period": 2024, "values": {"p1": true, "p2": 320.5, "p3": "国家级"}}
//
// A value is a JSON boolean (bool inputs), a number, a string in the textual form of data
// files (enum labels, texts, "12.5"), or null for missing.
#ifndef RUBRIC_SERVICE_ROWS_H_
#define RUBRIC_SERVICE_ROWS_H_

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "rubric/session.h"
#include "service/errors.h"

namespace rubric::service {

inline constexpr std::size_t kMaxProblems = 50;

// Adds (or, with `update`, finds) each row of `rows` (a JSON array) and sets its values.
// Problems are rubric data codes with the path of the bad part: D0005 period, D0006
// entity, D0101 unknown input, D0102 bad value, D0104 duplicate row; request codes
// ("bad_request") for a body of the wrong shape. `touched` gets the rows set, in order.
std::vector<BodyProblem> LoadJsonRows(Session& session, const nlohmann::json& rows, bool update,
                                      std::vector<std::size_t>* touched);

// Whether any problem is of the request's shape (400) rather than of its data (422).
bool HasShapeProblem(const std::vector<BodyProblem>& problems);

struct ResultOptions {
  bool nodes = false;  // every node's value under "nodes"
};

// entity, period, scorable (and reason), total (null when missing, with missing_reason),
// grade, vetoed, vetoes (ids), outputs, and nodes on request.
nlohmann::json RowResultJson(const Session& session, std::size_t row, const ResultOptions& options);

// A row's inputs as JSON: each input with a value (bool, number, or text), missing ones
// left out. For the decision log.
nlohmann::json RowInputsJson(const Session& session, std::size_t row);

}  // namespace rubric::service

#endif  // RUBRIC_SERVICE_ROWS_H_
