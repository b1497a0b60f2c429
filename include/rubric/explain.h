// Explanations: why a row earned what it earned.
#ifndef RUBRIC_EXPLAIN_H_
#define RUBRIC_EXPLAIN_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "rubric/standard.h"

namespace rubric {

// An input a rule reads, with the value the rule saw.
struct InputUse {
  std::size_t input = 0;
  std::string id;
  std::string label;
  bool previous_period = false;  // read through prev()
  double value = 0;              // as rules see it (bools 0/1, enums their option index)
  std::string shown;             // as an author reads it: "true", an enum label, a number
  bool missing = false;          // no value in the data
  bool defaulted = false;        // missing, so the type's default was used
};

// A cohort function a rule uses, with the cohort context of this row.
struct CohortUse {
  // "cohort_minmax", "cohort_rank", "cohort_mean", ..., "winsorize" or "impute".
  std::string function;
  // Which rows form the cohort: "period 2024", "period 2024, province = 江苏", "every
  // period", "every period, province = 江苏" (with `by`, the row's key).
  std::string cohort;
  double argument = 0;          // this row's value of the function's argument
  double result = 0;            // the function's value for this row
  std::size_t cohort_size = 0;  // rows of the cohort that take part
  // Whether this row takes part: not when it is not scorable, nor when its argument is
  // missing (impute by a cohort statistic excepted), nor without a key (`by`). A row that
  // takes no part is left out of the others' statistics, and its result is missing.
  bool takes_part = true;
  bool has_key = true;  // the row has a value of the `by` key
  double min = 0;       // the cohort's smallest and largest arguments (cohort_minmax)
  double max = 0;
  std::size_t rank = 0;   // cohort_rank: 1 + rows with a strictly greater value
  std::size_t below = 0;  // cohort_percentile: rows with a strictly smaller value
  // The statistic the function gives (cohort_mean, cohort_sd, ...), the estimate of impute
  // by a cohort statistic, or the mean of cohort_zscore (whose sd is `sd`).
  double statistic = 0;
  double sd = 0;
  std::size_t present = 0;  // members whose argument is not missing
  // What was done to this row's value, in words: "imputed: mean of 12 present values
  // (province = 江苏)", "winsorised: 912 -> 240 (3 points at the maximum)", "log-transformed:
  // ln(x - min + 0.01 (max - min))", "present", "unchanged". Empty for other functions.
  std::string treatment;
  bool imputed = false;  // impute gave an estimate for a missing value
};

// A value `impute` estimated for a row (a missing value replaced by an estimate).
struct Imputation {
  std::string expression;  // what was imputed, as written ("x", "flights / heads")
  std::string input;       // the input, when an input's `missing impute` policy imputed it
  double value = 0;        // the estimate
  // How, in words: "mean of 12 present values (period 2024, region = east)", "the latest
  // present value (period 2022)", "the constant 0".
  std::string how;
};

struct ChildContribution {
  std::size_t node = 0;
  std::string id;
  std::string label;
  double earned = 0;
  std::optional<double> possible;
  bool dropped = false;  // see Explanation::dropped
  // In a weighted group (`aggregate`, `weights`): the child's weight in this row, the
  // weights adding up to 1 over all children.
  std::optional<double> weight;
};

struct VetoUse {
  std::size_t veto = 0;
  std::string id;
  std::string label;
  bool fired = false;
  std::vector<InputUse> inputs;  // what its condition reads
};

struct Explanation {
  std::string entity;
  std::int64_t period = 0;
  bool scorable = true;
  std::string reason;  // why not, when not scorable
  // Why the total is missing (Session::missing_reason), for the whole standard; else empty.
  std::string missing_reason;

  // The node explained; node == nullopt means the whole standard (its total).
  std::optional<std::size_t> node;
  std::string id;
  std::string label;
  std::string rule;  // how the value is computed, in words
  // A weighted group: where its children's weights come from, in words ("entropy by
  // region, from 12 rows of the cohort with every child", "ahp (eigenvector, Saaty 1980),
  // CR 0.032"); else empty.
  std::string weights;
  // A child of a weighted group: its weight there in this row (see ChildContribution).
  std::optional<double> weight;
  double earned = 0;
  std::optional<double> possible;
  std::optional<double> score;  // a score rule's raw fraction, before clamping to [0, 1]
  // Dropped by missing data: an `exclude` input it reads is missing (or every child was
  // dropped). It earns 0. What became of its points is `dropped_effect`.
  bool dropped = false;
  // For a dropped node, what its parent (or the standard) did with it, in words: "missing
  // data; its points go to its siblings" when the parent's sum redistributes them, or that
  // it counts 0 in a value rule, or in a sum that cannot redistribute, or that every sibling
  // was dropped too. Empty when not dropped.
  std::string dropped_effect;

  std::vector<ChildContribution> children;
  std::vector<InputUse> inputs;    // inputs its own rule reads (through lets too)
  std::vector<CohortUse> cohorts;  // cohort functions its own rule uses
  std::vector<VetoUse> vetoes;     // vetoes this node carries (every veto for the standard)

  // For the whole standard.
  const std::string* grade = nullptr;
  bool vetoed = false;
};

// JSON (an object; children as a list of {id, label, earned, possible}). A dropped node or
// child has `"dropped": true` (a dropped node also `"dropped_effect"`); a cohort function in
// which the row takes no part has `"takes_part": false`.
std::string ExplanationToJson(const Explanation& explanation);

}  // namespace rubric

#endif  // RUBRIC_EXPLAIN_H_
