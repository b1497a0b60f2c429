#include "eval/evaluator.h"

#include <algorithm>
#include <cmath>

namespace rubric::eval {
namespace {

// Rows per block: registers of one block stay in the L1/L2 cache.
constexpr std::size_t kBlockRows = 128;

double Truth(bool b) { return b ? 1.0 : 0.0; }

}  // namespace

double Piecewise(double x, const double* knots, std::size_t knot_count) {
  // Same arithmetic, in the same order, as the reference definition in docs/language.md.
  if (x <= knots[0]) return knots[1];
  const std::size_t last = knot_count - 1;
  if (x >= knots[2 * last]) return knots[2 * last + 1];
  for (std::size_t i = 0; i < last; ++i) {
    const double x0 = knots[2 * i], y0 = knots[2 * i + 1];
    const double x1 = knots[2 * i + 2], y1 = knots[2 * i + 3];
    if (x0 <= x && x < x1) return y0 + (y1 - y0) * (x - x0) / (x1 - x0);
  }
  return knots[2 * last + 1];  // only reachable with NaN
}

void RunRowKernel(const plan::Plan& plan, const plan::Kernel& kernel, const RowLinks& links,
                  double* const* columns, std::size_t begin, std::size_t end, double* registers) {
  const std::size_t n = end - begin;
  auto reg = [&](std::uint32_t r) { return registers + static_cast<std::size_t>(r) * n; };
  const plan::Instr* code = plan.instrs.data() + kernel.first_instr;
  for (std::uint32_t k = 0; k < kernel.instr_count; ++k) {
    const plan::Instr& in = code[k];
    double* out = reg(in.dst);
    const double* a = reg(in.a);
    const double* b = reg(in.b);
    switch (in.code) {
      case plan::Code::kConst:
        std::fill(out, out + n, in.imm);
        break;
      case plan::Code::kLoad:
        std::copy(columns[in.a] + begin, columns[in.a] + end, out);
        break;
      case plan::Code::kPrev: {
        const double* column = columns[in.a];
        const bool computed = in.b != 0;
        for (std::size_t i = 0; i < n; ++i) {
          const std::int64_t p = links.prev_row[begin + i];
          const bool usable = p >= 0 && (!computed || links.scorable[static_cast<std::size_t>(p)]);
          out[i] = usable ? column[p] : 0.0;
        }
        break;
      }
      case plan::Code::kNeg: for (std::size_t i = 0; i < n; ++i) out[i] = -a[i]; break;
      case plan::Code::kNot: for (std::size_t i = 0; i < n; ++i) out[i] = Truth(a[i] == 0); break;
      case plan::Code::kBool: for (std::size_t i = 0; i < n; ++i) out[i] = Truth(a[i] != 0); break;
      case plan::Code::kAbs: for (std::size_t i = 0; i < n; ++i) out[i] = std::fabs(a[i]); break;
      case plan::Code::kSqrt: for (std::size_t i = 0; i < n; ++i) out[i] = std::sqrt(a[i]); break;
      case plan::Code::kLn: for (std::size_t i = 0; i < n; ++i) out[i] = std::log(a[i]); break;
      case plan::Code::kExp: for (std::size_t i = 0; i < n; ++i) out[i] = std::exp(a[i]); break;
      case plan::Code::kAdd: for (std::size_t i = 0; i < n; ++i) out[i] = a[i] + b[i]; break;
      case plan::Code::kSub: for (std::size_t i = 0; i < n; ++i) out[i] = a[i] - b[i]; break;
      case plan::Code::kMul: for (std::size_t i = 0; i < n; ++i) out[i] = a[i] * b[i]; break;
      case plan::Code::kDiv:
        // Division by zero gives 0 (docs/language.md).
        for (std::size_t i = 0; i < n; ++i) out[i] = b[i] == 0 ? 0.0 : a[i] / b[i];
        break;
      case plan::Code::kPow:
        for (std::size_t i = 0; i < n; ++i) out[i] = std::pow(a[i], b[i]);
        break;
      case plan::Code::kEq: for (std::size_t i = 0; i < n; ++i) out[i] = Truth(a[i] == b[i]); break;
      case plan::Code::kNe: for (std::size_t i = 0; i < n; ++i) out[i] = Truth(a[i] != b[i]); break;
      case plan::Code::kLt: for (std::size_t i = 0; i < n; ++i) out[i] = Truth(a[i] < b[i]); break;
      case plan::Code::kLe: for (std::size_t i = 0; i < n; ++i) out[i] = Truth(a[i] <= b[i]); break;
      case plan::Code::kGt: for (std::size_t i = 0; i < n; ++i) out[i] = Truth(a[i] > b[i]); break;
      case plan::Code::kGe: for (std::size_t i = 0; i < n; ++i) out[i] = Truth(a[i] >= b[i]); break;
      case plan::Code::kAnd:
        for (std::size_t i = 0; i < n; ++i) out[i] = Truth(a[i] != 0 && b[i] != 0);
        break;
      case plan::Code::kOr:
        for (std::size_t i = 0; i < n; ++i) out[i] = Truth(a[i] != 0 || b[i] != 0);
        break;
      case plan::Code::kMin:
        // The first argument wins ties and NaN comparisons, like a left-to-right scan.
        for (std::size_t i = 0; i < n; ++i) out[i] = b[i] < a[i] ? b[i] : a[i];
        break;
      case plan::Code::kMax:
        for (std::size_t i = 0; i < n; ++i) out[i] = b[i] > a[i] ? b[i] : a[i];
        break;
      case plan::Code::kSelect: {
        const double* c = reg(in.c);
        for (std::size_t i = 0; i < n; ++i) out[i] = a[i] != 0 ? b[i] : c[i];
        break;
      }
      case plan::Code::kClamp: {
        const double* c = reg(in.c);
        for (std::size_t i = 0; i < n; ++i) {
          const double low = b[i] > a[i] ? b[i] : a[i];
          out[i] = c[i] < low ? c[i] : low;
        }
        break;
      }
      case plan::Code::kLookup: {
        const double* table = plan.tables.data() + in.table;
        for (std::size_t i = 0; i < n; ++i) {
          const double index = a[i];
          out[i] = index >= 0 && index < in.size ? table[static_cast<std::size_t>(index)] : 0.0;
        }
        break;
      }
      case plan::Code::kPiecewise: {
        const double* knots = plan.tables.data() + in.table;
        for (std::size_t i = 0; i < n; ++i) out[i] = Piecewise(a[i], knots, in.size);
        break;
      }
    }
  }
  const double* result = reg(kernel.result);
  std::copy(result, result + n, columns[kernel.dst_slot] + begin);
}

void RunCohortKernel(const plan::Kernel& kernel, const RowLinks& links, double* const* columns,
                     std::size_t row_count) {
  const double* src = columns[kernel.src_slot];
  double* dst = columns[kernel.dst_slot];
  std::fill(dst, dst + row_count, 0.0);  // rows outside every cohort (not scorable)
  std::vector<double> sorted;
  for (const std::vector<std::uint32_t>& cohort : links.cohorts) {
    if (cohort.empty()) continue;
    if (kernel.kind == plan::KernelKind::kCohortMinMax) {
      double lo = src[cohort[0]];
      double hi = lo;
      for (std::uint32_t row : cohort) {
        lo = src[row] < lo ? src[row] : lo;
        hi = src[row] > hi ? src[row] : hi;
      }
      for (std::uint32_t row : cohort) dst[row] = hi == lo ? 0.0 : (src[row] - lo) / (hi - lo);
      continue;
    }
    // cohort_rank: rank = 1 + rows with a strictly greater value; 1 - (rank - 1) / (n - 1).
    const std::size_t n = cohort.size();
    if (n == 1) {
      dst[cohort[0]] = 1.0;
      continue;
    }
    sorted.clear();
    for (std::uint32_t row : cohort) sorted.push_back(src[row]);
    std::sort(sorted.begin(), sorted.end());
    for (std::uint32_t row : cohort) {
      const auto greater = static_cast<std::size_t>(
          sorted.end() - std::upper_bound(sorted.begin(), sorted.end(), src[row]));
      dst[row] = 1.0 - static_cast<double>(greater) / static_cast<double>(n - 1);
    }
  }
}

void EvaluateAll(const plan::Plan& plan, const RowLinks& links, double* const* columns,
                 std::size_t row_count) {
  std::vector<double> registers(static_cast<std::size_t>(plan.max_registers) * kBlockRows);
  for (const plan::Kernel& kernel : plan.kernels) {
    if (kernel.kind != plan::KernelKind::kRow) {
      RunCohortKernel(kernel, links, columns, row_count);
      continue;
    }
    for (std::size_t begin = 0; begin < row_count; begin += kBlockRows) {
      const std::size_t end = std::min(row_count, begin + kBlockRows);
      RunRowKernel(plan, kernel, links, columns, begin, end, registers.data());
    }
  }
}

}  // namespace rubric::eval
