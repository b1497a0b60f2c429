// What synthetic data must respect beyond types and declared bounds to look like real data,
// read from a standard's own rules: the range of percentages, inputs that are part of a
// whole, and the negative list (vetoes fire in a few rows, not in half of them).
#ifndef RUBRIC_LIB_IO_GENERATOR_PLAN_H_
#define RUBRIC_LIB_IO_GENERATOR_PLAN_H_

#include <cstddef>
#include <vector>

#include "rubric/standard.h"

namespace rubric::io {

// `part` never exceeds the sum of `whole` (inputs, indices into standard.inputs()).
struct PartOfWhole {
  std::size_t part = 0;
  std::vector<std::size_t> whole;
};

// An input read only by vetoes: `safe` fires none of them, `firing` fires one (values as
// the session holds them: 0/1 for bools, option indices for enums). `alone`: it fires in a
// single period (not only with prev(), two periods in a row).
struct VetoInput {
  std::size_t input = 0;
  double safe = 0;
  double firing = 1;
  bool alone = true;
};

struct GeneratorPlan {
  // Per input: the range numbers are drawn from (declared bounds; else 0 to 100 for
  // percentages, 0 to 1000 for other numbers).
  std::vector<double> lo, hi;
  // Where the rules say so: a share `a / b` of inputs of one unit (b a sum, perhaps inside
  // max(1, ...)) means a <= b; `veto when a > b` means a <= b in rows that are not vetoed.
  std::vector<PartOfWhole> parts;
  std::vector<VetoInput> veto_inputs;
  std::size_t alone_vetoes = 0;  // of veto_inputs, those with `alone`
};

GeneratorPlan PlanGeneration(const Standard& standard);

}  // namespace rubric::io

#endif  // RUBRIC_LIB_IO_GENERATOR_PLAN_H_
