#include "eval/evaluator.h"

#include <algorithm>
#include <cmath>

#include "rubric/missing.h"
#include "util/number_format.h"

namespace rubric::eval {
namespace {

double Truth(bool b) { return b ? 1.0 : 0.0; }

// Three-valued logic (docs/language.md): a known false decides `and`, a known true `or`.
bool KnownFalse(double x) { return !IsMissing(x) && x == 0; }
bool KnownTrue(double x) { return !IsMissing(x) && x != 0; }

// Makes `out` missing where the instruction's operands are (see plan::Instr). A second pass
// over the block, run only by instructions whose operands may be missing, so that the plain
// loops above stay as they are.
void PropagateMissing(const plan::Instr& in, const double* a, const double* b, const double* c,
                      double* out, std::size_t n) {
  const double missing = MissingValue();
  switch (in.code) {
    case plan::Code::kAnd:
      for (std::size_t i = 0; i < n; ++i) {
        if ((IsMissing(a[i]) || IsMissing(b[i])) && !KnownFalse(a[i]) && !KnownFalse(b[i])) {
          out[i] = missing;
        }
      }
      return;
    case plan::Code::kOr:
      for (std::size_t i = 0; i < n; ++i) {
        if ((IsMissing(a[i]) || IsMissing(b[i])) && !KnownTrue(a[i]) && !KnownTrue(b[i])) {
          out[i] = missing;
        }
      }
      return;
    case plan::Code::kSelect:  // the chosen branch is copied, missing or not
    case plan::Code::kNeg:
    case plan::Code::kNot:
    case plan::Code::kBool:
    case plan::Code::kAbs:
    case plan::Code::kSqrt:
    case plan::Code::kLn:
    case plan::Code::kExp:
    case plan::Code::kFloor:
    case plan::Code::kCeil:
    case plan::Code::kTrunc:
    case plan::Code::kRound:  // the digits are a constant, never missing
    case plan::Code::kLookup:
    case plan::Code::kPiecewise:
      for (std::size_t i = 0; i < n; ++i) {
        if (IsMissing(a[i])) out[i] = missing;
      }
      return;
    case plan::Code::kClamp:
      for (std::size_t i = 0; i < n; ++i) {
        if (IsMissing(a[i]) || IsMissing(b[i]) || IsMissing(c[i])) out[i] = missing;
      }
      return;
    case plan::Code::kIsMissing:
    case plan::Code::kConst:
    case plan::Code::kLoad:
    case plan::Code::kPrev:
    case plan::Code::kPrevAbsent:
      return;
    default:  // the binary operators
      for (std::size_t i = 0; i < n; ++i) {
        if (IsMissing(a[i]) || IsMissing(b[i])) out[i] = missing;
      }
      return;
  }
}

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

namespace {

// Runs a row kernel's instructions for rows [begin, end). Computed registers live in
// `registers`; `operands[r]` points at register r's values: into `registers`, straight into
// a column (loads) or into the plan's constant pool (constants), so that loads and
// constants copy nothing.
void RunInstructions(const plan::Plan& plan, const plan::Kernel& kernel, const RowLinks& links,
                     double* const* columns, std::size_t begin, std::size_t end, double* registers,
                     const double** operands) {
  const std::size_t n = end - begin;
  auto reg = [&](std::uint32_t r) { return registers + static_cast<std::size_t>(r) * n; };
  const plan::Instr* code = plan.instrs.data() + kernel.first_instr;
  for (std::uint32_t k = 0; k < kernel.instr_count; ++k) {
    const plan::Instr& in = code[k];
    if (in.code == plan::Code::kConst) {
      operands[in.dst] = plan.constant_pool.data() + in.table * plan::kBlockRows;
      continue;
    }
    if (in.code == plan::Code::kLoad) {
      operands[in.dst] = columns[in.a] + begin;
      continue;
    }
    double* out = reg(in.dst);
    operands[in.dst] = out;
    if (in.code == plan::Code::kPrev) {  // operand `a` is a slot, not a register
      const double* column = columns[in.a];
      const bool computed = in.b != 0;
      for (std::size_t i = 0; i < n; ++i) {
        const std::int64_t p = links.prev_row[begin + i];
        const bool usable = p >= 0 && (!computed || links.scorable[static_cast<std::size_t>(p)]);
        out[i] = usable ? column[p] : 0.0;
      }
      continue;
    }
    if (in.code == plan::Code::kPrevAbsent) {  // no operand
      const bool computed = in.b != 0;
      for (std::size_t i = 0; i < n; ++i) {
        const std::int64_t p = links.prev_row[begin + i];
        const bool usable = p >= 0 && (!computed || links.scorable[static_cast<std::size_t>(p)]);
        out[i] = usable ? 0.0 : 1.0;
      }
      continue;
    }
    const double* a = operands[in.a];
    const double* b = operands[in.b];
    switch (in.code) {
      case plan::Code::kConst:
      case plan::Code::kLoad:
      case plan::Code::kPrev:
      case plan::Code::kPrevAbsent:
        break;
      case plan::Code::kNeg:
        for (std::size_t i = 0; i < n; ++i) out[i] = -a[i];
        break;
      case plan::Code::kNot:
        for (std::size_t i = 0; i < n; ++i) out[i] = Truth(a[i] == 0);
        break;
      case plan::Code::kBool:
        for (std::size_t i = 0; i < n; ++i) out[i] = Truth(a[i] != 0);
        break;
      case plan::Code::kAbs:
        for (std::size_t i = 0; i < n; ++i) out[i] = std::fabs(a[i]);
        break;
      case plan::Code::kSqrt:
        for (std::size_t i = 0; i < n; ++i) out[i] = std::sqrt(a[i]);
        break;
      case plan::Code::kLn:
        for (std::size_t i = 0; i < n; ++i) out[i] = std::log(a[i]);
        break;
      case plan::Code::kExp:
        for (std::size_t i = 0; i < n; ++i) out[i] = std::exp(a[i]);
        break;
      case plan::Code::kFloor:
        for (std::size_t i = 0; i < n; ++i) out[i] = std::floor(a[i]);
        break;
      case plan::Code::kCeil:
        for (std::size_t i = 0; i < n; ++i) out[i] = std::ceil(a[i]);
        break;
      case plan::Code::kTrunc:
        for (std::size_t i = 0; i < n; ++i) out[i] = std::trunc(a[i]);
        break;
      case plan::Code::kRound:  // b: the digits, the same constant in every row
        for (std::size_t i = 0; i < n; ++i) {
          out[i] = util::RoundDecimal(a[i], static_cast<int>(b[i]));
        }
        break;
      case plan::Code::kAdd:
        for (std::size_t i = 0; i < n; ++i) out[i] = a[i] + b[i];
        break;
      case plan::Code::kSub:
        for (std::size_t i = 0; i < n; ++i) out[i] = a[i] - b[i];
        break;
      case plan::Code::kMul:
        for (std::size_t i = 0; i < n; ++i) out[i] = a[i] * b[i];
        break;
      case plan::Code::kDiv:
        // Division by zero gives 0 (docs/language.md).
        for (std::size_t i = 0; i < n; ++i) out[i] = b[i] == 0 ? 0.0 : a[i] / b[i];
        break;
      case plan::Code::kPow:
        for (std::size_t i = 0; i < n; ++i) out[i] = std::pow(a[i], b[i]);
        break;
      case plan::Code::kEq:
        for (std::size_t i = 0; i < n; ++i) out[i] = Truth(a[i] == b[i]);
        break;
      case plan::Code::kNe:
        for (std::size_t i = 0; i < n; ++i) out[i] = Truth(a[i] != b[i]);
        break;
      case plan::Code::kLt:
        for (std::size_t i = 0; i < n; ++i) out[i] = Truth(a[i] < b[i]);
        break;
      case plan::Code::kLe:
        for (std::size_t i = 0; i < n; ++i) out[i] = Truth(a[i] <= b[i]);
        break;
      case plan::Code::kGt:
        for (std::size_t i = 0; i < n; ++i) out[i] = Truth(a[i] > b[i]);
        break;
      case plan::Code::kGe:
        for (std::size_t i = 0; i < n; ++i) out[i] = Truth(a[i] >= b[i]);
        break;
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
        const double* c = operands[in.c];
        for (std::size_t i = 0; i < n; ++i) out[i] = a[i] != 0 ? b[i] : c[i];
        break;
      }
      case plan::Code::kClamp: {
        const double* c = operands[in.c];
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
      case plan::Code::kIsMissing:
        for (std::size_t i = 0; i < n; ++i) out[i] = Truth(IsMissing(a[i]));
        break;
    }
    if (in.propagates_missing) PropagateMissing(in, a, b, operands[in.c], out, n);
  }
}

}  // namespace

void RunRowKernel(const plan::Plan& plan, const plan::Kernel& kernel, const RowLinks& links,
                  double* const* columns, std::size_t begin, std::size_t end, double* registers,
                  const double** operands) {
  RunInstructions(plan, kernel, links, columns, begin, end, registers, operands);
  const double* result = operands[kernel.result];
  std::copy(result, result + (end - begin), columns[kernel.dst_slot] + begin);
}

double ComputeRegister(const plan::Plan& plan, const plan::Kernel& kernel, const RowLinks& links,
                       double* const* columns, std::size_t row, std::uint32_t reg) {
  const std::size_t count = std::max<std::size_t>(1, kernel.register_count);
  std::vector<double> registers(count);
  std::vector<const double*> operands(count);
  RunInstructions(plan, kernel, links, columns, row, row + 1, registers.data(), operands.data());
  return operands[reg][0];
}

double MinMaxScore(double value, double lo, double hi) {
  if (std::isnan(value)) return value;
  return hi == lo ? 0.0 : (value - lo) / (hi - lo);
}

double RankScore(std::size_t greater, std::size_t n) {
  // rank = 1 + greater; 1 - (rank - 1) / (n - 1); 1 when n = 1.
  if (n <= 1) return 1.0;
  return 1.0 - static_cast<double>(greater) / static_cast<double>(n - 1);
}

double PercentileScore(std::size_t below, std::size_t n) {
  // The share of the other rows with a strictly smaller value; 1 when n = 1.
  if (n <= 1) return 1.0;
  return static_cast<double>(below) / static_cast<double>(n - 1);
}

}  // namespace rubric::eval
