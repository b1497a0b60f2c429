// The table of built-in functions, from docs/language.md.
#include "lsp/builtins.h"

#include <iterator>

namespace rubric::lsp {
namespace {

constexpr Builtin kBuiltins[] = {
    {"abs", "abs(x)", "the absolute value"},
    {"sqrt", "sqrt(x)", "the square root"},
    {"ln", "ln(x)", "the natural logarithm"},
    {"exp", "exp(x)", "e to the power x"},
    {"pow", "pow(x, y)", "x to the power y"},
    {"floor", "floor(x)", "the largest whole number at most x"},
    {"ceil", "ceil(x)", "the smallest whole number at least x"},
    {"trunc", "trunc(x)", "x without its fraction"},
    {"round", "round(x, d)", "x rounded to d decimals, half away from zero"},
    {"bool", "bool(a)", "1 when a is true, else 0"},
    {"min", "min(a, b, ...)", "the smallest argument"},
    {"max", "max(a, b, ...)", "the largest argument"},
    {"clamp", "clamp(x, lo, hi)", "min(max(x, lo), hi)"},
    {"sum", "sum(a, ...)", "the sum, left to right"},
    {"mean", "mean(a, ...)", "the arithmetic mean"},
    {"geomean", "geomean(a, ...)", "the geometric mean"},
    {"hmean", "hmean(a, ...)", "the harmonic mean of the present values"},
    {"wmean", "wmean(x1, w1, x2, w2, ...)", "the weighted mean of the present values"},
    {"wgeomean", "wgeomean(x1, w1, ...)", "the weighted geometric mean of the present values"},
    {"whmean", "whmean(x1, w1, ...)", "the weighted harmonic mean of the present values"},
    {"threshold", "threshold(x, t)", "1 when x >= t, else 0"},
    {"ratio", "ratio(x, target)", "clamp(x / target, 0, 1)"},
    {"lookup", "lookup(e) { option: value, ... }", "the number of an enum input's option"},
    {"piecewise", "piecewise(x) { x0 -> y0, x1 -> y1, ... }", "linear through the knots"},
    {"band", "band(x) { NAME <= EDGE ... NAME otherwise }", "the first band whose edge x meets"},
    {"prev", "prev(x)", "the value of x for the same entity in the previous period"},
    {"missing", "missing(e)", "1 when e has no value in this row, else 0"},
    {"impute", "impute(e, METHOD)", "e, or an estimate where it is missing"},
    {"winsorize", "winsorize(e, points P, skew S, kurtosis K)", "e with its outliers treated"},
    {"cohort_minmax", "cohort_minmax(e [by KEY] [across periods])",
     "(e - min) / (max - min) in the cohort"},
    {"cohort_rank", "cohort_rank(e [by KEY] [across periods])", "1 for the best, 0 for the last"},
    {"cohort_percentile", "cohort_percentile(e [by KEY] [across periods])",
     "the share of the cohort e beats"},
    {"cohort_min", "cohort_min(e [by KEY] [across periods])", "the cohort's smallest value"},
    {"cohort_max", "cohort_max(e [by KEY] [across periods])", "the cohort's largest value"},
    {"cohort_sum", "cohort_sum(e [by KEY] [across periods])", "the cohort's exact sum"},
    {"cohort_count", "cohort_count(e [by KEY] [across periods])",
     "the number of rows in the cohort"},
    {"cohort_mean", "cohort_mean(e [by KEY] [across periods])", "the cohort's mean"},
    {"cohort_sd", "cohort_sd(e [by KEY] [across periods])",
     "the cohort's sample standard deviation"},
    {"cohort_median", "cohort_median(e [by KEY] [across periods])", "the cohort's median"},
    {"cohort_quantile", "cohort_quantile(e, q [by KEY] [across periods])",
     "the cohort's q-quantile (R type 7)"},
    {"cohort_zscore", "cohort_zscore(e [by KEY] [across periods])",
     "(e - mean) / sd in the cohort"},
    {"cohort_skew", "cohort_skew(e [by KEY] [across periods])", "the cohort's sample skewness"},
    {"cohort_kurt", "cohort_kurt(e [by KEY] [across periods])",
     "the cohort's sample excess kurtosis"},
};

}  // namespace

std::span<const Builtin> Builtins() { return kBuiltins; }

const Builtin* FindBuiltin(std::string_view name) {
  for (const Builtin& builtin : kBuiltins) {
    if (builtin.name == name) return &builtin;
  }
  return nullptr;
}

}  // namespace rubric::lsp
