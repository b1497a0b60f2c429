// The consortium reference model written out as straight-line C++ (generated once from
// tests/data/reference/consortium-standard.json and kept as code): the baseline that
// bench/evaluation_bench.cc compares rubric with. Same arithmetic order as the reference.
#include <algorithm>
#include <cmath>
#include <initializer_list>

#include "baseline_consortium.h"

namespace rubric_baseline {
namespace {
inline double B(bool b) { return b ? 1.0 : 0.0; }
inline double Div(double a, double b) { return b == 0 ? 0.0 : a / b; }
inline double Min(double a, double b) { return b < a ? b : a; }
inline double Max(double a, double b) { return b > a ? b : a; }
inline double Clamp01(double x) {
  const double low = 0.0 > x ? 0.0 : x;
  return 1.0 < low ? 1.0 : low;
}
inline double Lookup(double index, std::initializer_list<double> table) {
  return index >= 0 && index < static_cast<double>(table.size())
             ? table.begin()[static_cast<std::size_t>(index)]
             : 0.0;
}
inline double Piecewise(double x, std::initializer_list<double> knots) {
  const double* k = knots.begin();
  const std::size_t last = knots.size() / 2 - 1;
  if (x <= k[0]) return k[1];
  if (x >= k[2 * last]) return k[2 * last + 1];
  for (std::size_t i = 0; i < last; ++i) {
    if (k[2 * i] <= x && x < k[2 * i + 2]) {
      return k[2 * i + 1] +
             (k[2 * i + 3] - k[2 * i + 1]) * (x - k[2 * i]) / (k[2 * i + 2] - k[2 * i]);
    }
  }
  return k[2 * last + 1];
}

}  // namespace
void CohortArguments(const Data& data, std::size_t r, double* args) {
  const double* row = &data.values[r * kInputs];
  auto In = [&](int i) { return row[i]; };
  args[0] = In(5);                                                  // cohort_minmax
  args[1] = In(48);                                                 // cohort_rank
  args[2] = (In(54) + In(56));                                      // cohort_minmax
  args[3] = (In(66) + In(67) + In(68) + In(69) + In(70) + In(71));  // cohort_minmax
  args[4] = In(90);                                                 // cohort_rank
  args[5] = ((2.0 * In(104)) + In(105) + In(106));                  // cohort_rank
  args[6] = In(108);                                                // cohort_minmax
  args[7] = (In(111) + In(112));                                    // cohort_minmax
}

const int kCohortKinds[kCohorts] = {0, 1, 0, 0, 1, 1, 0, 0};  // 0 min-max, 1 rank

void EvaluateRow(const Data& data, std::size_t r, const double* cohort, double* node, double* total,
                 bool* vetoed_out) {
  const double* row = &data.values[r * kInputs];
  auto In = [&](int i) { return row[i]; };
  auto Prev = [&](int i) {
    const std::int64_t p = data.prev_row[r];
    return p >= 0 ? data.values[static_cast<std::size_t>(p) * kInputs + static_cast<std::size_t>(i)]
                  : 0.0;
  };
  bool vetoed = false;
  node[2] = 2.0 * Clamp01(((B(In(0) != 0) + B(In(1) != 0)) / 2.0));  // T1_1
  node[3] = 2.0 * Clamp01(((B(In(2) != 0) + B(In(3) != 0)) / 2.0));  // T1_2
  node[5] = 2.5 * Clamp01((0.4 * Lookup(In(4), {0.0, 0.6, 1.0}) + 0.3 * cohort[0] +
                           0.3 * ((B(In(6) >= 1.0)) != 0
                                      ? Piecewise(In(6), {1.0, 1.0, 3.0, 0.8, 10.0, 0.4, 30.0, 0.0})
                                      : 0.0)));                  // T2_1
  node[6] = 1.5 * Clamp01(Lookup(In(8), {0.0, 0.8, 1.0, 1.0}));  // T2_2
  node[7] = 2.0 * Clamp01(B(In(9) > 30.0));                      // T2_3
  node[9] = 1.5 * Clamp01(B(In(10) != 0));                       // T3_1
  node[10] = 1.5 * Clamp01(B(In(11) >= 100.0));                  // T3_2
  node[11] = 2.0 * Clamp01((0.5 * B(In(12) >= 2.5) + 0.25 * Clamp01(Div(In(13), 60.0)) +
                            0.25 * Piecewise(In(14), {0.0, 0.0, 10.0, 0.5, 30.0, 1.0})));  // T3_3
  node[13] = 2.5 * Clamp01(B(In(15) != 0));                                                // T4_1
  node[14] = 2.5 * Clamp01(Piecewise(In(16), {40.0, 0.0, 70.0, 0.6, 90.0, 1.0}));          // T4_2
  node[17] = 2.0 * Clamp01(((B(In(17) != 0) + B(In(18) != 0)) / 2.0));                     // T5_1
  node[18] = 2.0 * Clamp01(((B(In(19) != 0) + B(In(20) != 0)) / 2.0));                     // T5_2
  node[19] = 2.0 * Clamp01(((B(In(21) != 0) + B(In(22) != 0) + B(In(23) != 0)) / 3.0));    // T5_3
  node[20] =
      2.0 * Clamp01((0.4 * B(In(24) != 0) + 0.3 * B(In(25) != 0) + 0.3 * B(In(26) != 0)));  // T5_4
  node[22] =
      5.0 *
      Clamp01((0.6 * ((In(27)) != 0
                          ? (0.4 * Clamp01(Div(In(28), 500.0)) +
                             0.4 * Piecewise(In(29), {50.0, 0.0, 90.0, 1.0}) + 0.2 * B(In(30) != 0))
                          : 0.0) +
               0.4 * ((B(In(31) == 0)) != 0 ? 0.0
                                            : (0.4 * Clamp01(Div(In(32), 200.0)) +
                                               0.4 * Piecewise(In(33), {50.0, 0.0, 90.0, 1.0}) +
                                               0.2 * B(In(34) != 0)))));  // T6_1
  node[23] = 3.0 * Clamp01((0.5 * Lookup(In(35), {0.0, 0.4, 0.7, 1.0}) +
                            0.25 * Clamp01(Div(In(36), 300.0)) + 0.25 * B(In(37) != 0)));  // T6_2
  node[24] = 2.0 * Clamp01(B(In(38) != 0));                                                // T6_3
  node[26] =
      3.0 * Clamp01(((Clamp01(Div(In(39), 10.0)) + Clamp01(Div(In(40), 1000.0))) / 2.0));  // T7_1
  node[27] =
      3.0 * Clamp01(((Min(Div(In(41), 3.0), 1.0) + Clamp01(Div(In(42), 2.0))) / 2.0));  // T7_2
  node[29] =
      3.0 * Clamp01((0.25 * B(In(43) != 0) + 0.25 * B(In(44) != 0) +
                     0.3 * Clamp01(Div(In(45), 20.0)) + 0.2 * Clamp01(Div(In(46), 5.0))));  // T8_1
  node[30] = 3.0 * Clamp01((0.3 * Clamp01(Div(In(47), 3.0)) + 0.4 * cohort[1] +
                            0.3 * Piecewise(In(49), {0.0, 0.0, 1.0, 0.6, 3.0, 1.0})));  // T8_2
  node[31] = 2.5 * Clamp01((0.4 * Clamp01(Div(In(50), 10.0)) + 0.3 * Clamp01(Div(In(51), 5.0)) +
                            0.3 * B(In(52) >= 1.0)));  // T8_3
  node[32] = 3.0 * Clamp01((0.25 * cohort[2] + 0.15 * Clamp01(Div((In(53) + In(55)), 200.0)) +
                            0.2 * Clamp01(Div(In(57), 300.0)) + 0.15 * B(In(58) >= 1.0) +
                            0.25 * Lookup(In(59), {0.0, 0.5, 1.0})));  // T8_4
  node[33] = 2.5 * Clamp01((0.2 * Clamp01(Div(In(60), 10.0)) + 0.2 * Clamp01(Div(In(61), 1000.0)) +
                            0.2 * Piecewise(In(62), {0.0, 0.0, 20.0, 0.5, 40.0, 1.0}) +
                            0.2 * Clamp01(Div(In(63), 5000.0)) + 0.1 * B(In(64) != 0) +
                            0.1 * B(In(65) != 0)));  // T8_5
  node[35] = 4.5 * Clamp01((0.5 * cohort[3] + 0.2 * Clamp01(Div(In(71), 100.0)) +
                            0.15 * Clamp01(Div(In(72), 12.0)) +
                            0.15 * Clamp01(Div(In(73), 100.0))));  // T9_1
  node[36] = 3.5 * Clamp01((0.3 * Clamp01(Div(In(74), 500.0)) + 0.2 * Clamp01(Div(In(75), 200.0)) +
                            0.2 * Clamp01(Div(In(76), 100.0)) +
                            0.3 * Piecewise(In(77), {0.0, 0.0, 10.0, 0.5, 30.0, 1.0})));  // T9_2
  node[38] = 3.0 * Clamp01((0.4 * B(In(78) != 0) +
                            0.6 * Piecewise(In(79), {50.0, 0.0, 80.0, 0.75, 95.0, 1.0})));  // T10_1
  node[39] = 2.0 * Clamp01((0.5 * B(In(80) != 0) +
                            0.3 * B((B(In(81) >= 1.0) != 0) || (B(In(82) >= 1.0) != 0)) +
                            0.2 * B((B(In(81) >= 1.0) != 0) && (B(In(82) >= 1.0) != 0))));  // T10_2
  node[41] = 2.0 * Clamp01((0.25 * Clamp01(Div(In(83), 20000.0)) +
                            0.25 * Clamp01(Div(In(84), 500.0)) + 0.2 * Clamp01(Div(In(85), 12.0)) +
                            0.3 * Clamp01(Div(In(86), 5000.0))));  // T11_1
  node[42] =
      3.0 * Clamp01((0.2 * Clamp01(Div(In(87), 10000.0)) + 0.2 * Clamp01(Div(In(88), 100.0)) +
                     0.15 * Clamp01(Div(In(89), 50.0)) + 0.25 * cohort[4] +
                     0.2 * Piecewise(In(91), {0.0, 0.0, 5.0, 0.6, 10.0, 1.0})));  // T11_2
  node[44] =
      6.0 * Clamp01((0.35 * Piecewise(In(92), {80.0, 0.0, 90.0, 0.6, 95.0, 0.9, 98.0, 1.0}) +
                     0.25 * Piecewise(In(93), {50.0, 0.0, 70.0, 0.6, 85.0, 1.0}) +
                     0.25 * Piecewise(In(94), {30.0, 0.0, 50.0, 0.6, 70.0, 1.0}) +
                     0.15 * ((Piecewise((In(92) - Prev(92)), {-3.0, 0.0, 0.0, 0.5, 3.0, 1.0}) +
                              Piecewise((In(93) - Prev(93)), {-3.0, 0.0, 0.0, 0.5, 3.0, 1.0}) +
                              Piecewise((In(94) - Prev(94)), {-3.0, 0.0, 0.0, 0.5, 3.0, 1.0})) /
                             3.0)));  // T12_1
  node[46] = 2.5 * Clamp01((0.4 * B(In(95) > In(96)) + 0.3 * Clamp01(Div(In(97), 5.0)) +
                            0.15 * Clamp01(Div(In(98), 20.0)) +
                            0.15 * Clamp01(Div(In(99), 2.0))));  // T13_1
  node[47] = 2.5 * Clamp01((0.15 * Clamp01(Div(In(100), 4.0)) + 0.15 * Clamp01(Div(In(101), 4.0)) +
                            0.4 * Piecewise(In(102), {0.0, 0.0, 500.0, 0.6, 2000.0, 1.0}) +
                            0.3 * Clamp01(Div(In(103), 200.0))));  // T13_2
  node[48] = 3.0 * Clamp01((0.4 * cohort[5] +
                            0.3 * Piecewise(Div(In(107), Max(1.0, (In(104) + In(105) + In(106)))),
                                            {0.0, 0.0, 0.3, 0.7, 0.6, 1.0}) +
                            0.3 * cohort[6]));  // T13_3
  node[50] =
      3.0 * Clamp01((0.25 * Clamp01(Div(In(109), 3000.0)) + 0.15 * Clamp01(Div(In(110), 5.0)) +
                     0.35 * cohort[7] + 0.25 * Clamp01(Div(In(112), 5000.0))));  // T14_1
  node[51] =
      2.0 *
      Clamp01((0.6 * Clamp01(Div(In(113), 5000.0)) + 0.4 * Clamp01(Div(In(114), 50.0))));  // T14_2
  node[53] = 2.0 * Clamp01((0.4 * B(In(115) >= 1.0) + 0.3 * Clamp01(Div(In(116), 100.0)) +
                            0.3 * Clamp01(Div(In(117), 500.0))));  // T15_1
  node[54] = 3.0 * Clamp01(Min(1.0, Div(((3.0 * In(118)) + (3.0 * In(119)) + In(120) + In(121)),
                                        6.0)));                                // T15_2
  node[57] = 0.0;                                                              // T16_1
  node[58] = 0.0;                                                              // T16_2
  node[59] = 0.0;                                                              // T16_3
  node[60] = 0.0;                                                              // T16_4
  node[61] = 0.0;                                                              // T16_5
  node[62] = 0.0;                                                              // T16_6
  node[56] = node[57] + node[58] + node[59] + node[60] + node[61] + node[62];  // I16
  node[55] = node[56];                                                         // G3
  node[52] = node[53] + node[54];                                              // I15
  node[49] = node[50] + node[51];                                              // I14
  node[45] = node[46] + node[47] + node[48];                                   // I13
  node[43] = node[44];                                                         // I12
  node[40] = node[41] + node[42];                                              // I11
  node[37] = node[38] + node[39];                                              // I10
  node[34] = node[35] + node[36];                                              // I9
  node[28] = node[29] + node[30] + node[31] + node[32] + node[33];             // I8
  node[25] = node[26] + node[27];                                              // I7
  node[21] = node[22] + node[23] + node[24];                                   // I6
  node[16] = node[17] + node[18] + node[19] + node[20];                        // I5
  node[15] = node[16] + node[21] + node[25] + node[28] + node[34] + node[37] + node[40] + node[43] +
             node[45] + node[49] + node[52];             // G2
  node[12] = node[13] + node[14];                        // I4
  node[8] = node[9] + node[10] + node[11];               // I3
  node[4] = node[5] + node[6] + node[7];                 // I2
  node[1] = node[2] + node[3];                           // I1
  node[0] = node[1] + node[4] + node[8] + node[12];      // G1
  vetoed |= B(In(122) != 0) != 0;                        // T16_1
  vetoed |= B(In(123) != 0) != 0;                        // T16_2
  vetoed |= B((In(124) != 0) && (Prev(124) != 0)) != 0;  // T16_3
  vetoed |= B((In(125) != 0) && (Prev(125) != 0)) != 0;  // T16_4
  vetoed |= B(In(126) != 0) != 0;                        // T16_5
  vetoed |= B(In(127) != 0) != 0;                        // T16_6
  *total = node[0] + node[15] + node[55];
  *vetoed_out = vetoed;
}

}  // namespace rubric_baseline
