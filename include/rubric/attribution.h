// What moved a score: the change of one entity's total between two rows (two periods of one
// session, or the same entity and period in two sessions: two data files, or a standard and
// its variant), split into contributions that add up to the change exactly, per input and
// per node, and the rank change with the entities that passed it or that it passed.
// Method and formulas: docs/analysis.md "What moved a score".
#ifndef RUBRIC_ATTRIBUTION_H_
#define RUBRIC_ATTRIBUTION_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rubric/data.h"
#include "rubric/session.h"
#include "rubric/status.h"

namespace rubric {

struct AttributionOptions {
  std::string entity;
  std::int64_t from = 0;  // period of the "from" row
  std::int64_t to = 0;    // period of the "to" row
  // Exact Shapley values (every subset of the players, 2^k totals) up to this many players;
  // above it, sampled permutations. At most 20.
  std::size_t exact_players = 12;
  // Sampled path: permutations drawn (in antithetic pairs: a permutation and its reverse, so
  // an odd count is rounded up). At least 2.
  std::size_t samples = 1000;
  std::uint64_t seed = 1;
};

// One player of the per-input Shapley game: an input whose value differs between the two
// rows, or the context (input == nullopt).
struct InputContribution {
  std::optional<std::size_t> input;  // index into standard().inputs(); nullopt: context
  std::string id;                    // the input's id, or "(context)"
  std::string label;                 // the input's label, or what the context is, in words
  std::string from, to;              // values as an author reads them ("" when missing)
  double contribution = 0;
  // Standard error of the contribution on the sampled path; 0 when exact.
  double standard_error = 0;
};

// A node's change and its share of the change of the total.
struct NodeContribution {
  std::size_t node = 0;  // index into standard().nodes() (of the "from" standard)
  std::string id;
  std::string label;
  int depth = 1;
  double from = 0, to = 0;  // earned points (missing value when missing)
  double change = 0;        // to - from (missing when either is)
  // Its share of the change of the total: the Shapley values of the inputs its subtree's
  // rules read (an input read by several nodes split equally among them). For a sum of
  // points this equals `change`; `contribution - change` is what redistribution, caps,
  // weights or a non-additive parent did with it.
  double contribution = 0;
  // A node only the "to" standard has (a variant's addition): `node` indexes the "to"
  // standard's nodes, `from` and `change` are missing, `contribution` 0. Listed after the
  // others. A node the "to" standard removed has `to` missing.
  bool only_in_to = false;
  // Why `contribution` differs from `change` (empty when they agree to 1e-9): its rules
  // read other rows (the context's part is not in its share); missing data redistributed
  // a dropped sibling's points; or a non-additive step (weights, a mean, a cap, a value
  // rule) on its path.
  std::string note;
};

// Another entity whose order against this one flipped between the two rows' periods.
struct RankMover {
  std::string entity;
  std::optional<double> total_from, total_to;  // nullopt: no ranked row on that side
  double change = 0;                           // total_to - total_from (0 when either is missing)
  // "passed": it was not above and now is; "passed by": this entity went above it;
  // "entered above": new on the "to" side, above; "left from above": above on the "from"
  // side only.
  std::string how;
};

struct AttributionResult {
  std::string entity;
  std::int64_t from_period = 0, to_period = 0;
  double total_from = 0, total_to = 0;
  double change = 0;  // total_to - total_from
  // "exact" (every subset) or "sampled" (permutations).
  std::string method;
  std::size_t players = 0;
  std::size_t evaluations = 0;   // totals read
  std::size_t permutations = 0;  // sampled path
  bool context_player = false;   // the context is a player
  // Largest |change - sum of contributions| before the rounding residual was assigned
  // (sampled and exact paths; a telescoping sum, so of the order of 1e-15 x |change|).
  double residual = 0;
  std::vector<InputContribution> inputs;  // by |contribution| descending, then id
  std::vector<NodeContribution> nodes;    // pre-order
  // Contributions not inside a node: inputs read only by vetoes, grades or the standard's
  // own value rule, and the context; with `nodes` at depth 1 they add up to `change`.
  double unassigned = 0;
  // Ranks: 1 + ranked rows of the period with a strictly greater total; 0 when the row is
  // not ranked (not scorable, vetoed, or total missing).
  int rank_from = 0, rank_to = 0;
  std::vector<RankMover> movers;  // by entity
};

// Between periods `options.from` and `options.to` of one session. The session's values are
// restored before it returns (its results are the same as before the call).
StatusOr<AttributionResult> Attribute(Session& session, const AttributionOptions& options);

// Between (entity, options.from) of `from` and (entity, options.to) of `to`: two data files
// (same standard), or a standard and its variant (inputs matched by id). May be the same
// session. Both are restored.
StatusOr<AttributionResult> Attribute(Session& from, Session& to,
                                      const AttributionOptions& options);

// Between a standard and its variant (or two versions of a standard): `data_from` scored by
// `from` and `data_to` by `to` (pass the same text twice for one data file), each loaded
// without the inputs only the other standard knows, as DiffScores does. Data errors are
// kDataError with the rendered diagnostics.
StatusOr<AttributionResult> AttributeStandards(const Standard& from, const Standard& to,
                                               std::string_view data_from,
                                               std::string_view file_from, std::string_view data_to,
                                               std::string_view file_to, const CsvOptions& csv,
                                               const AttributionOptions& options);

// JSON object (nlohmann ordered): the fields above; missing numbers are null.
std::string AttributionToJson(const AttributionResult& result);

// Options from JSON: {"entity": "E", "from": 2023, "to": 2024, "exact_players": 12,
// "samples": 1000, "seed": 7}; unknown keys and wrong types are kInvalidArgument.
StatusOr<AttributionOptions> AttributionOptionsFromJson(std::string_view json);

// A readable table (what the CLI prints with --format table).
std::string RenderAttribution(const AttributionResult& result, std::size_t max_inputs = 20);

}  // namespace rubric

#endif  // RUBRIC_ATTRIBUTION_H_
