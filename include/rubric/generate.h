// Deterministic synthetic data for any standard: many entities over many periods, for
// benchmarks, load tests and demonstrations.
#ifndef RUBRIC_GENERATE_H_
#define RUBRIC_GENERATE_H_

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>

#include "rubric/session.h"
#include "rubric/standard.h"

namespace rubric {

struct GenerateOptions {
  std::size_t entities = 250;
  std::size_t periods = 4;
  std::int64_t first_period = 2021;
  std::uint64_t seed = 1;
  double missing = 0.02;  // share of values left missing
};

// Each entity gets a latent quality that improves over the periods; every input is drawn
// around it by type: bools true with that probability, enums towards higher options,
// numbers within declared bounds (else on a scale of 0..1000), whole numbers for integer
// and rank inputs. The same standard, options and seed give the same values on every
// platform (the generator does not use the standard library's distributions).

// Adds the rows to `session` and sets their values (columnar, through the API).
Status GenerateInto(Session& session, const GenerateOptions& options);

// Writes the same data as CSV: long (`entity,period,input,value`) or wide.
void GenerateCsv(const Standard& standard, const GenerateOptions& options, bool wide,
                 std::ostream& out);

// The shape of a synthetic standard.
struct StandardShape {
  std::size_t indicators = 1000;  // leaves; each reads 1 to 3 inputs of its own
  std::size_t fanout = 8;         // children per group
  double cohort_share = 0.1;      // share of indicators whose rule uses a cohort function
  double prev_share = 0.05;       // share of indicators whose rule uses prev()
  std::uint64_t seed = 1;
};

// The source of a valid standard of that shape (groups nest as deep as the fan-out needs),
// with points that add up, a grades block and a veto; deterministic by seed.
std::string GenerateStandardSource(const StandardShape& shape);

}  // namespace rubric

#endif  // RUBRIC_GENERATE_H_
