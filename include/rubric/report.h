// Writing results: the CSV layout of the reference evaluator, JSON, and a ranking table.
#ifndef RUBRIC_REPORT_H_
#define RUBRIC_REPORT_H_

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include "rubric/session.h"

namespace rubric {

// A number in the shortest form that reads back to the same double ("2", "0.1", "1e-09").
std::string FormatNumber(double value);

// Rows ordered by entity (byte-wise string order), then period.
std::vector<std::size_t> RowsInOutputOrder(const Session& session);

// Header `entity,period,node,points`; per row every node in pre-order, then `total`,
// `grade`, `vetoed` (true/false) and `veto_ids` (';'-joined). Numbers in shortest
// round-trip form. A row that is not scorable has empty values; a missing value is empty.
// Then one line per output (`output let`): its id and value, a named band's name.
void WriteResultsCsv(const Session& session, std::ostream& out);

// One JSON document: the standard's id and title, and per row its entity, period, whether
// it is scorable (and why not), total, grade, vetoes and every node's value. A missing value
// is `null`; a missing total comes with `missing_reason`; the values `impute` estimated are
// listed under `imputed` (expression, input, value, how); the outputs under `outputs`
// (id: value, or a named band's name).
void WriteResultsJson(const Session& session, std::ostream& out);

// Per period: rank, entity, total, grade and vetoes. Equal totals share a rank (1, 2, 2, 4);
// vetoed rows follow without a rank, then rows without a total (missing, with the reason),
// then rows that are not scorable.
void WriteRankingTable(const Session& session, std::ostream& out);

}  // namespace rubric

#endif  // RUBRIC_REPORT_H_
