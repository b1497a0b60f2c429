// The Analytic Hierarchy Process (Saaty): priorities and consistency of a pairwise
// comparison matrix. Pure numerics on a full n x n matrix of positive doubles; reading the
// rows of a `weights ahp` block and reporting its errors is the analyzer's job.
#ifndef RUBRIC_LIB_SEMA_AHP_H_
#define RUBRIC_LIB_SEMA_AHP_H_

#include <optional>
#include <utility>
#include <vector>

namespace rubric::sema::ahp {

// How the priorities are derived from the matrix.
enum class Priority {
  kEigenvector,  // the principal right eigenvector (Saaty's method)
  kApproximate,  // columns normalised to sum 1, then each row averaged
  kGeometric,    // the geometric mean of each row (logarithmic least squares)
};

// The random consistency index: the mean CI of random reciprocal matrices of order n.
enum class RandomIndex {
  kSaaty,   // Saaty (1980), extended to n = 15
  kAlonso,  // Alonso & Lamata (2006)
};

struct Result {
  std::vector<double> weights;  // sum to 1, in the order of the matrix's rows
  double lambda_max = 0;        // mean over i of (A w)_i / w_i
  double ci = 0;                // (lambda_max - n) / (n - 1); 0 when n <= 2. Slightly
                                // negative for judgments rounded off their reciprocals
                                // (0.33 for 1/3): lambda_max >= n only holds for exact ones
  double ri = 0;                // RandomIndexOf(table, n)
  double cr = 0;                // ci / ri; 0 when n <= 2, NaN when n > 15
};

// RI(n) of the table: 0 for n = 1 and 2; -1 when the table has no value (n < 1, n > 15).
double RandomIndexOf(RandomIndex table, int n);

// Priorities and consistency of a positive n x n matrix (every row n long).
Result Priorities(const std::vector<std::vector<double>>& matrix, Priority method,
                  RandomIndex table);

// The first pair (i, j), i < j in row order, with |a_ij * a_ji - 1| > tolerance: the
// default lets judgments rounded to two decimals pass (0.33 for 1/3, 0.14 for 1/7).
std::optional<std::pair<int, int>> FirstNonReciprocalPair(
    const std::vector<std::vector<double>>& matrix, double tolerance = 0.025);

// On Saaty's 1-9 scale: 1/9 <= v <= 9, with room for the rounding of 1/9.
bool OnSaatyScale(double v);

}  // namespace rubric::sema::ahp

#endif  // RUBRIC_LIB_SEMA_AHP_H_
