#include "sema/ahp.h"

#include <cmath>
#include <cstddef>
#include <limits>
#include <utility>

namespace rubric::sema::ahp {
namespace {

using Matrix = std::vector<std::vector<double>>;

// RI for n = 1..15. Saaty, The Analytic Hierarchy Process (1980), n <= 10, with the values
// for 11..15 of his later simulations; Alonso & Lamata, IJUFKBS 14(4) 2006.
constexpr double kSaatyRi[] = {0,    0,    0.58, 0.90, 1.12, 1.24, 1.32, 1.41,
                               1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59};
constexpr double kAlonsoRi[] = {0,      0,      0.5245, 0.8815, 1.1086, 1.2479, 1.3417, 1.4056,
                                1.4499, 1.4854, 1.5141, 1.5365, 1.5551, 1.5713, 1.5838};
constexpr int kMaxOrder = 15;

constexpr double kTolerance = 1e-15;  // on max |w_k+1 - w_k|
constexpr int kMaxSteps = 10000;

std::vector<double> Times(const Matrix& a, const std::vector<double>& w) {
  std::vector<double> out(a.size(), 0.0);
  for (std::size_t i = 0; i < a.size(); ++i) {
    for (std::size_t j = 0; j < w.size(); ++j) out[i] += a[i][j] * w[j];
  }
  return out;
}

void NormaliseToSumOne(std::vector<double>& w) {
  double sum = 0;
  for (double x : w) sum += x;
  for (double& x : w) x /= sum;
}

// Power iteration from the uniform vector. A positive matrix has a simple dominant
// eigenvalue with a positive eigenvector (Perron), so the iteration converges from any
// positive start, at the rate |lambda_2 / lambda_max|: small for AHP matrices, and 0 for a
// consistent one (rank 1), which is done after one step.
std::vector<double> Eigenvector(const Matrix& a) {
  const std::size_t n = a.size();
  std::vector<double> w(n, 1.0 / static_cast<double>(n));
  for (int step = 0; step < kMaxSteps; ++step) {
    std::vector<double> next = Times(a, w);
    NormaliseToSumOne(next);
    double delta = 0;
    for (std::size_t i = 0; i < n; ++i) delta = std::fmax(delta, std::fabs(next[i] - w[i]));
    w = std::move(next);
    if (delta < kTolerance) break;
  }
  return w;
}

std::vector<double> ColumnAverage(const Matrix& a) {
  const std::size_t n = a.size();
  std::vector<double> column_sum(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) column_sum[j] += a[i][j];
  }
  std::vector<double> w(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) w[i] += a[i][j] / column_sum[j];
    w[i] /= static_cast<double>(n);
  }
  return w;
}

std::vector<double> RowGeometricMean(const Matrix& a) {
  const std::size_t n = a.size();
  std::vector<double> w(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    // exp of the mean logarithm rather than the n-th root of the product: the same value,
    // and no overflow or underflow whatever the order.
    double log_sum = 0;
    for (std::size_t j = 0; j < n; ++j) log_sum += std::log(a[i][j]);
    w[i] = std::exp(log_sum / static_cast<double>(n));
  }
  NormaliseToSumOne(w);
  return w;
}

}  // namespace

double RandomIndexOf(RandomIndex table, int n) {
  if (n < 1 || n > kMaxOrder) return -1;
  return table == RandomIndex::kSaaty ? kSaatyRi[n - 1] : kAlonsoRi[n - 1];
}

Result Priorities(const Matrix& matrix, Priority method, RandomIndex table) {
  Result result;
  const std::size_t n = matrix.size();
  if (n == 0) return result;
  switch (method) {
    case Priority::kEigenvector:
      result.weights = Eigenvector(matrix);
      break;
    case Priority::kApproximate:
      result.weights = ColumnAverage(matrix);
      break;
    case Priority::kGeometric:
      result.weights = RowGeometricMean(matrix);
      break;
  }
  // lambda_max from the weights of whichever method: for the eigenvector every ratio is
  // lambda_max itself; for the others the mean ratio is the usual estimate.
  const std::vector<double> aw = Times(matrix, result.weights);
  double ratio_sum = 0;
  for (std::size_t i = 0; i < n; ++i) ratio_sum += aw[i] / result.weights[i];
  result.lambda_max = ratio_sum / static_cast<double>(n);
  result.ri = RandomIndexOf(table, static_cast<int>(n));
  if (n <= 2) return result;  // every reciprocal 2 x 2 matrix is consistent: CI = CR = 0
  const double order = static_cast<double>(n);
  result.ci = (result.lambda_max - order) / (order - 1);
  result.cr = result.ri > 0 ? result.ci / result.ri : std::numeric_limits<double>::quiet_NaN();
  return result;
}

std::optional<std::pair<int, int>> FirstNonReciprocalPair(const Matrix& matrix, double tolerance) {
  const int n = static_cast<int>(matrix.size());
  for (int i = 0; i < n; ++i) {
    for (int j = i + 1; j < n; ++j) {
      if (std::fabs(matrix[i][j] * matrix[j][i] - 1) > tolerance) return std::make_pair(i, j);
    }
  }
  return std::nullopt;
}

// 1/9 written to two decimals (0.11) is on the scale: the same 2.5% as FirstNonReciprocalPair.
bool OnSaatyScale(double v) { return v >= (1.0 / 9) * (1 - 0.025) && v <= 9 + 1e-9; }

}  // namespace rubric::sema::ahp
