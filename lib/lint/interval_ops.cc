#include "lint/interval_ops.h"

#include <algorithm>
#include <cmath>
#include <initializer_list>

namespace rubric::lint {
namespace {

bool IsWhole(double v) { return std::isfinite(v) && v == std::floor(v); }

// Only NaN: what an operation on an interval without numbers gives.
Interval NanOnly() {
  Interval r;
  r.lo = kInfinity;
  r.hi = -kInfinity;
  r.may_be_nan = true;
  return r;
}

// The smallest interval holding `candidates` (the results at the corners of a monotone
// operation). A NaN corner (inf - inf, inf / inf) gives up: anything, NaN included.
Interval Corners(std::initializer_list<double> candidates, bool may_be_nan, bool integral) {
  Interval r;
  r.lo = kInfinity;
  r.hi = -kInfinity;
  for (double c : candidates) {
    if (std::isnan(c)) return Interval{-kInfinity, kInfinity, true, false};
    r.lo = std::min(r.lo, c);
    r.hi = std::max(r.hi, c);
  }
  r.may_be_nan = may_be_nan;
  r.integral = integral;
  return r;
}

// A product of bounds where 0 x infinity is 0: an infinite bound is an unbounded number.
double Times(double a, double b) { return a == 0 || b == 0 ? 0.0 : a * b; }

// a / b for one bound of each, b of the sign given (its zero is approached from that side).
double Quotient(double a, double b, bool b_positive) {
  if (a == 0) return 0.0;
  if (b == 0) return (a > 0) == b_positive ? kInfinity : -kInfinity;
  return a / b;
}

Interval QuotientByPart(const Interval& a, double lo, double hi, bool positive) {
  return Corners({Quotient(a.lo, lo, positive), Quotient(a.lo, hi, positive),
                  Quotient(a.hi, lo, positive), Quotient(a.hi, hi, positive)},
                 a.may_be_nan, false);
}

double PiecewiseAt(double x, const std::vector<double>& knots) {
  // Same arithmetic as the evaluator's Piecewise (and docs/language.md).
  const std::size_t last = knots.size() / 2 - 1;
  if (x <= knots[0]) return knots[1];
  if (x >= knots[2 * last]) return knots[2 * last + 1];
  for (std::size_t i = 0; i < last; ++i) {
    const double x0 = knots[2 * i], y0 = knots[2 * i + 1];
    const double x1 = knots[2 * i + 2], y1 = knots[2 * i + 3];
    if (x0 <= x && x < x1) return y0 + (y1 - y0) * (x - x0) / (x1 - x0);
  }
  return knots[2 * last + 1];
}

}  // namespace

Interval Negate(const Interval& a) {
  if (!a.HasNumbers()) return a;
  return Interval{-a.hi, -a.lo, a.may_be_nan, a.integral};
}

Interval Abs(const Interval& a) {
  if (!a.HasNumbers() || a.lo >= 0) return a;
  if (a.hi <= 0) return Negate(a);
  return Interval{0, std::max(-a.lo, a.hi), a.may_be_nan, a.integral};
}

Interval Sqrt(const Interval& a) {
  if (!a.HasNumbers() || a.hi < 0) return NanOnly();
  return Interval{std::sqrt(std::max(a.lo, 0.0)), std::sqrt(a.hi), a.may_be_nan || a.lo < 0, false};
}

Interval Ln(const Interval& a) {
  if (!a.HasNumbers() || a.hi < 0) return NanOnly();
  return Interval{std::log(std::max(a.lo, 0.0)), std::log(a.hi), a.may_be_nan || a.lo < 0, false};
}

Interval Exp(const Interval& a) {
  if (!a.HasNumbers()) return a;
  return Interval{std::exp(a.lo), std::exp(a.hi), a.may_be_nan, false};
}

Interval Add(const Interval& a, const Interval& b) {
  if (!a.HasNumbers() || !b.HasNumbers()) return NanOnly();
  return Corners({a.lo + b.lo, a.hi + b.hi}, a.may_be_nan || b.may_be_nan,
                 a.integral && b.integral);
}

Interval Sub(const Interval& a, const Interval& b) { return Add(a, Negate(b)); }

Interval Mul(const Interval& a, const Interval& b) {
  if (!a.HasNumbers() || !b.HasNumbers()) return NanOnly();
  return Corners({Times(a.lo, b.lo), Times(a.lo, b.hi), Times(a.hi, b.lo), Times(a.hi, b.hi)},
                 a.may_be_nan || b.may_be_nan, a.integral && b.integral);
}

Interval Div(const Interval& a, const Interval& b) {
  if (!a.HasNumbers() || !b.HasNumbers()) return NanOnly();
  if (b.lo == b.hi && b.lo != 0) {  // by a known number (a mean's count, a unit factor)
    return Corners({a.lo / b.lo, a.hi / b.lo}, a.may_be_nan || b.may_be_nan, false);
  }
  // Split the divisor into its negative and positive parts; a zero divisor gives 0. A whole
  // divisor skips the gap (-1, 1) around 0.
  Interval r = NanOnly();
  r.may_be_nan = false;
  const double step = b.integral ? 1.0 : 0.0;
  if (b.lo < 0) {
    const double hi = std::min(b.hi, -step);
    if (b.lo <= hi) r = r.Hull(QuotientByPart(a, b.lo, hi, false));
  }
  if (b.hi > 0) {
    const double lo = std::max(b.lo, step);
    if (lo <= b.hi) r = r.Hull(QuotientByPart(a, lo, b.hi, true));
  }
  if (b.lo <= 0 && 0 <= b.hi) r = r.Hull(Interval::Point(0));
  r.may_be_nan = r.may_be_nan || a.may_be_nan || b.may_be_nan;
  return r;
}

Interval Pow(const Interval& a, const Interval& b) {
  if (!a.HasNumbers() || !b.HasNumbers()) return NanOnly();
  const bool nan = a.may_be_nan || b.may_be_nan;
  if (a.IsPoint() && b.IsPoint()) return Interval::Point(std::pow(a.lo, b.lo));
  if (b.lo == b.hi && b.lo == 0) return Interval::Point(1);  // pow(x, 0) is 1, NaN too
  if (a.lo >= 0 && b.lo == b.hi) {                           // monotone in the base
    const double e = b.lo;
    const double at_lo = std::pow(a.lo, e), at_hi = std::pow(a.hi, e);
    return Corners({at_lo, at_hi}, nan, false);
  }
  if (a.lo >= 0) return Interval{0, kInfinity, nan, false};
  return Interval{-kInfinity, kInfinity, true, false};
}

Interval Compare(sema::Op op, const Interval& a, const Interval& b) {
  if (!a.HasNumbers() || !b.HasNumbers()) {  // NaN compares false, and unequal
    return op == sema::Op::kNe ? Interval::Truth(false, true) : Interval::Truth(true, false);
  }
  const bool nan = a.may_be_nan || b.may_be_nan;
  // Equal values are possible when the ranges overlap (at a whole number for whole ranges).
  const double overlap_lo = std::max(a.lo, b.lo), overlap_hi = std::min(a.hi, b.hi);
  bool can_equal = overlap_lo <= overlap_hi;
  if (can_equal && (a.integral || b.integral)) {
    can_equal = std::ceil(overlap_lo) <= overlap_hi;
  }
  const bool always_equal = !nan && a.IsPoint() && b.IsPoint() && a.lo == b.lo;
  switch (op) {
    case sema::Op::kEq:
      return Interval::Truth(!always_equal, can_equal);
    case sema::Op::kNe:
      return Interval::Truth(can_equal, !always_equal);
    case sema::Op::kLt:
      return Interval::Truth(nan || a.hi >= b.lo, a.lo < b.hi);
    case sema::Op::kLe:
      return Interval::Truth(nan || a.hi > b.lo, a.lo <= b.hi);
    case sema::Op::kGt:
      return Interval::Truth(nan || a.lo <= b.hi, a.hi > b.lo);
    case sema::Op::kGe:
      return Interval::Truth(nan || a.lo < b.hi, a.hi >= b.lo);
    default:
      return Interval::Truth(true, true);
  }
}

Interval Not(const Interval& a) { return Interval::Truth(a.CanBeTrue(), a.CanBeFalse()); }

Interval ToBool(const Interval& a) { return Interval::Truth(a.CanBeFalse(), a.CanBeTrue()); }

Interval And(const Interval& a, const Interval& b) {
  return Interval::Truth(a.CanBeFalse() || b.CanBeFalse(), a.CanBeTrue() && b.CanBeTrue());
}

Interval Or(const Interval& a, const Interval& b) {
  return Interval::Truth(a.CanBeFalse() && b.CanBeFalse(), a.CanBeTrue() || b.CanBeTrue());
}

// min(a, b) as `b < a ? b : a`: a NaN `a` stays, a NaN `b` gives `a`.
Interval Min(const Interval& a, const Interval& b) {
  if (!a.HasNumbers()) return a;
  if (!b.HasNumbers()) return a;
  Interval r{std::min(a.lo, b.lo), std::min(a.hi, b.hi), a.may_be_nan, a.integral && b.integral};
  return b.may_be_nan ? r.Hull(a) : r;
}

// max(a, b) as `b > a ? b : a`.
Interval Max(const Interval& a, const Interval& b) {
  if (!a.HasNumbers()) return a;
  if (!b.HasNumbers()) return a;
  Interval r{std::max(a.lo, b.lo), std::max(a.hi, b.hi), a.may_be_nan, a.integral && b.integral};
  return b.may_be_nan ? r.Hull(a) : r;
}

Interval Clamp(const Interval& x, const Interval& lo, const Interval& hi) {
  return Min(Max(x, lo), hi);
}

Interval Select(const Interval& condition, const Interval& then, const Interval& otherwise) {
  if (!condition.CanBeFalse()) return then;
  if (!condition.CanBeTrue()) return otherwise;
  return then.Hull(otherwise);
}

Interval Lookup(const Interval& index, const std::vector<double>& table) {
  Interval r = NanOnly();
  r.may_be_nan = false;
  const double last = static_cast<double>(table.size()) - 1;
  if (index.may_be_nan || !index.HasNumbers() || index.lo < 0 || index.hi > last) {
    r = r.Hull(Interval::Point(0));
  }
  if (index.HasNumbers()) {
    const double first = std::max(0.0, std::ceil(index.lo));
    const double end = std::min(last, std::floor(index.hi));
    for (double i = first; i <= end; ++i) {
      r = r.Hull(Interval::Point(table[static_cast<std::size_t>(i)]));
    }
  }
  return r;
}

Interval Piecewise(const Interval& x, const std::vector<double>& knots) {
  if (knots.size() < 2) return Interval::Point(0);
  Interval r = NanOnly();
  r.may_be_nan = false;
  if (x.may_be_nan || !x.HasNumbers()) r = r.Hull(Interval::Point(knots.back()));
  if (!x.HasNumbers()) return r;
  // Linear between knots: the extremes are at the ends of x's range or at knots inside it.
  r = r.Hull(Interval::Point(PiecewiseAt(x.lo, knots)));
  r = r.Hull(Interval::Point(PiecewiseAt(x.hi, knots)));
  for (std::size_t i = 0; i + 1 < knots.size(); i += 2) {
    if (x.lo < knots[i] && knots[i] < x.hi) r = r.Hull(Interval::Point(knots[i + 1]));
  }
  return r;
}

Interval Interval::Point(double value) {
  if (std::isnan(value)) return NanOnly();
  return Interval{value, value, false, IsWhole(value)};
}

Interval Interval::Between(double lo, double hi, bool integral) {
  if (integral) {
    lo = std::ceil(lo);
    hi = std::floor(hi);
  }
  return Interval{lo, hi, false, integral};
}

Interval Interval::Truth(bool can_be_false, bool can_be_true) {
  return Interval{can_be_false ? 0.0 : 1.0, can_be_true ? 1.0 : 0.0, false, true};
}

Interval Interval::Hull(const Interval& other) const {
  if (!HasNumbers()) {
    Interval r = other;
    r.may_be_nan = r.may_be_nan || may_be_nan;
    return r;
  }
  if (!other.HasNumbers()) {
    Interval r = *this;
    r.may_be_nan = r.may_be_nan || other.may_be_nan;
    return r;
  }
  return Interval{std::min(lo, other.lo), std::max(hi, other.hi), may_be_nan || other.may_be_nan,
                  integral && other.integral};
}

}  // namespace rubric::lint
