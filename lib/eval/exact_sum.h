// Exact running sums for the cohort statistics: a cohort's sum and sum of squares kept
// exactly as members come and go, so that an edit costs O(1) instead of a pass over the
// cohort, and so that the result depends only on the members, never on the order of the
// edits (incremental evaluation equals full evaluation, bit for bit).
#ifndef RUBRIC_LIB_EVAL_EXACT_SUM_H_
#define RUBRIC_LIB_EVAL_EXACT_SUM_H_

#include <cstddef>
#include <utility>
#include <vector>

namespace rubric::eval {

// The exact sum of finite doubles as Shewchuk's non-overlapping partials (the algorithm of
// Python's math.fsum). Adding -x removes x exactly. Values must be finite and small enough
// that no partial overflows (|x| < 1e300; the caller keeps larger ones out).
class ExactAccumulator {
 public:
  void Add(double x);
  void Remove(double x) { Add(-x); }
  // The sum correctly rounded to a double (round half to even); +0 for an exact zero.
  double Rounded() const;
  // The sum as hi + lo: hi the correctly rounded sum, lo the correctly rounded rest. Unique
  // for a given exact sum, whatever order the values came in.
  std::pair<double, double> TwoTerms() const;
  std::size_t capacity_bytes() const { return partials_.capacity() * sizeof(double); }

 private:
  std::vector<double> partials_;  // increasing magnitude, non-overlapping
};

// The running sums of a cohort: count, sum and sum of squares of its finite members (each
// square added exactly, as its rounded value and the rounding error).
struct RunningMoments {
  std::size_t count = 0;
  ExactAccumulator sum;
  ExactAccumulator sum_of_squares;
  void Insert(double x);
  void Erase(double x);
  // The sample standard deviation from the sums, in double-double arithmetic (about 32
  // significant digits before the final rounding): NaN for fewer than two values.
  double SampleSd() const;
};

// Whether a finite value can enter RunningMoments (its square does not overflow).
inline bool FitsRunningMoments(double x) { return x > -1e150 && x < 1e150; }

}  // namespace rubric::eval

#endif  // RUBRIC_LIB_EVAL_EXACT_SUM_H_
