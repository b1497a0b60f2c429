/* Columnar results through the C ABI: totals, node values, grades, vetoed and scorable
 * flags, and input values for many rows in one call, checked against the row-by-row calls;
 * missing and not-scorable rows; and misuse (NULL buffers, bad rows and inputs, count 0). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "capi_test.h"

/* Bitwise equality of two doubles (NaN payloads included). */
static int same_bits(double a, double b) { return memcmp(&a, &b, sizeof a) == 0; }

/* Every columnar result of every row of `session` (rows NULL: 0..n-1, all live) equals the
 * row-by-row call's; not-scorable rows give a NaN that is not missing, grade -1, vetoed 0. */
static void check_against_rows(rubric_session* session, const rubric_standard* s) {
  const size_t n = rubric_session_row_count(session);
  const size_t nodes = rubric_standard_node_count(s);
  const size_t inputs = rubric_standard_input_count(s);
  double* totals = malloc(n * sizeof *totals);
  double* values = malloc(n * sizeof *values);
  double* in_values = malloc((n * inputs + 1) * sizeof *in_values);
  uint8_t* in_missing = malloc(n * inputs + 1);
  int* grades = malloc(n * sizeof *grades);
  uint8_t* vetoed = malloc(n);
  uint8_t* scorable = malloc(n);
  size_t row, node, input;
  CHECK(n > 0);
  if (totals == NULL || values == NULL || in_values == NULL || in_missing == NULL ||
      grades == NULL || vetoed == NULL || scorable == NULL) {
    CHECK(!"out of memory");
    goto done;
  }
  CHECK_STATUS(RUBRIC_OK, rubric_session_totals(session, NULL, n, totals));
  CHECK_STATUS(RUBRIC_OK, rubric_session_grades(session, NULL, n, grades));
  CHECK_STATUS(RUBRIC_OK, rubric_session_vetoed_flags(session, NULL, n, vetoed));
  CHECK_STATUS(RUBRIC_OK, rubric_session_scorable_flags(session, NULL, n, scorable));
  CHECK_STATUS(RUBRIC_OK,
               rubric_session_input_values(session, NULL, inputs, NULL, n, in_values, in_missing));
  for (row = 0; row < n; ++row) {
    int flag = -1;
    double value = 0;
    CHECK_STATUS(RUBRIC_OK, rubric_session_scorable(session, row, &flag));
    CHECK(scorable[row] == (uint8_t)flag);
    if (flag) {
      const char* grade = NULL;
      int v = -1;
      CHECK_STATUS(RUBRIC_OK, rubric_session_total(session, row, &value));
      CHECK(same_bits(totals[row], value));
      CHECK_STATUS(RUBRIC_OK, rubric_session_grade(session, row, &grade));
      if (grade == NULL) {
        CHECK(grades[row] == -1);
      } else {
        CHECK(grades[row] >= 0 && rubric_standard_grade_name(s, (size_t)grades[row]) == grade);
      }
      CHECK_STATUS(RUBRIC_OK, rubric_session_vetoed(session, row, &v));
      CHECK(vetoed[row] == (uint8_t)v);
    } else {
      CHECK(isnan(totals[row]) && !rubric_value_is_missing(totals[row]));
      CHECK(grades[row] == -1);
      CHECK(vetoed[row] == 0);
    }
    for (input = 0; input < inputs; ++input) {
      int missing = -1;
      CHECK_STATUS(RUBRIC_OK, rubric_session_get_value(session, row, input, &value, &missing));
      CHECK(same_bits(in_values[row * inputs + input], value));
      CHECK(in_missing[row * inputs + input] == (uint8_t)missing);
    }
  }
  for (node = 0; node < nodes; ++node) {
    CHECK_STATUS(RUBRIC_OK, rubric_session_node_values(session, node, NULL, n, values));
    for (row = 0; row < n; ++row) {
      double value = 0;
      if (!scorable[row]) {
        CHECK(isnan(values[row]) && !rubric_value_is_missing(values[row]));
        continue;
      }
      CHECK_STATUS(RUBRIC_OK, rubric_session_node_value(session, row, node, &value));
      CHECK(same_bits(values[row], value));
    }
  }
done:
  free(totals);
  free(values);
  free(in_values);
  free(in_missing);
  free(grades);
  free(vetoed);
  free(scorable);
}

void test_columnar_mini(void) {
  rubric_standard* s = capi_compile_text(capi_mini_source);
  rubric_session* session;
  double totals[3] = {-1, -1, -1};
  int grades[3] = {-2, -2, -2};
  uint8_t vetoed[3] = {9, 9, 9};
  double values[4] = {0, 0, 0, 0};
  uint8_t missing[4] = {9, 9, 9, 9};
  size_t rows[3], ins[2];
  if (s == NULL) return;
  session = capi_session_from_text(s, capi_mini_wide_csv);
  if (session != NULL) {
    check_against_rows(session, s);
    /* Chosen rows, in any order, repeats allowed: E4 2024 (F, vetoed), E1 2024 (A), E4
     * 2024 again. */
    rows[0] = capi_row(session, "E4", 2024);
    rows[1] = capi_row(session, "E1", 2024);
    rows[2] = rows[0];
    CHECK_STATUS(RUBRIC_OK, rubric_session_totals(session, rows, 3, totals));
    CHECK_NEAR(totals[0], 0, 1e-12);
    CHECK_NEAR(totals[1], 10.2, 1e-12);
    CHECK_NEAR(totals[2], 0, 1e-12);
    CHECK_STATUS(RUBRIC_OK, rubric_session_grades(session, rows, 3, grades));
    CHECK(grades[0] == 3 && grades[1] == 0 && grades[2] == 3); /* F, A, F */
    CHECK_STATUS(RUBRIC_OK, rubric_session_vetoed_flags(session, rows, 3, vetoed));
    CHECK(vetoed[0] == 1 && vetoed[1] == 0 && vetoed[2] == 1);
    /* Inputs x and b of E1 and E4 2024, row-major; E4's x is missing (default 0). */
    ins[0] = capi_input(s, "x");
    ins[1] = capi_input(s, "b");
    CHECK_STATUS(RUBRIC_OK, rubric_session_input_values(session, ins, 2, rows, 2, values, missing));
    CHECK(values[0] == 0 && missing[0] == 1 && values[1] == 0 && missing[1] == 0);
    CHECK(values[2] == 50 && missing[2] == 0 && values[3] == 1 && missing[3] == 0);
    /* `missing` may be NULL. */
    CHECK_STATUS(RUBRIC_OK,
                 rubric_session_input_values(session, ins, 1, rows + 1, 1, values, NULL));
    CHECK(values[0] == 50);
    /* Edits are seen, as by the row-by-row calls; a removed row is out of range. */
    CHECK_STATUS(RUBRIC_OK, rubric_session_set_number(session, rows[1], capi_input(s, "x"), 10));
    CHECK_STATUS(RUBRIC_OK, rubric_session_totals(session, rows + 1, 1, totals));
    CHECK_NEAR(totals[0], 9.0, 1e-12);
    CHECK_STATUS(RUBRIC_OK, rubric_session_remove_row(session, rows[0]));
    totals[0] = -7;
    CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_totals(session, rows, 2, totals));
    CHECK(totals[0] == -7); /* nothing written */
    CHECK(strstr(rubric_session_last_error(session), "not a live row") != NULL);
    CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_totals(session, NULL, 5, totals));
    CHECK_STATUS(RUBRIC_OK, rubric_session_totals(session, rows + 1, 1, totals));
    rubric_session_free(session);
  }
  rubric_standard_free(s);
}

static const char* const kColumnarMissingSource =
    "standard m {\n"
    "  input x : number missing exclude\n"
    "  indicator a points 1 { score x / 10 }\n"
    "  indicator bad points 1 { score sqrt(0 - 1) }\n"
    "}\n";

void test_columnar_missing(void) {
  rubric_standard* s = capi_compile_text(kColumnarMissingSource);
  rubric_session* session;
  double values[2] = {0, 0};
  size_t a = 0, bad = 0;
  if (s == NULL) return;
  session = capi_session_from_text(s, "entity,period,x\nA,2024,5\nB,2024,\n");
  if (session != NULL) {
    check_against_rows(session, s);
    CHECK_STATUS(RUBRIC_OK, rubric_standard_find_node(s, "a", &a));
    CHECK_STATUS(RUBRIC_OK, rubric_standard_find_node(s, "bad", &bad));
    CHECK_STATUS(RUBRIC_OK, rubric_session_node_values(session, a, NULL, 2, values));
    CHECK(values[0] == 0.5 && rubric_value_is_missing(values[1]));
    CHECK_STATUS(RUBRIC_OK, rubric_session_node_values(session, bad, NULL, 2, values));
    CHECK(isnan(values[0]) && !rubric_value_is_missing(values[0]));
    rubric_session_free(session);
  }
  rubric_standard_free(s);
}

void test_columnar_not_scorable(void) {
  rubric_standard* hdi = capi_compile_file("examples/hdi/hdi.rubric");
  rubric_options* options = NULL;
  rubric_session* session;
  size_t row;
  double total = 0;
  int grade = 5;
  uint8_t flag = 5;
  if (hdi == NULL) return;
  rubric_options_create(&options);
  rubric_options_set_string(options, "entity_column", "iso3");
  rubric_options_set_string(options, "period_column", "year");
  rubric_options_set_string(options, "ignore_columns", "country,hdi_published");
  session = capi_session_from_file(hdi, "examples/hdi/hdi.csv", options);
  rubric_options_free(options);
  if (session != NULL) {
    check_against_rows(session, hdi);
    row = capi_row(session, "PRK", 2022);
    CHECK_STATUS(RUBRIC_OK, rubric_session_totals(session, &row, 1, &total));
    CHECK(isnan(total) && !rubric_value_is_missing(total));
    CHECK_STATUS(RUBRIC_OK, rubric_session_node_values(session, 0, &row, 1, &total));
    CHECK(isnan(total) && !rubric_value_is_missing(total));
    CHECK_STATUS(RUBRIC_OK, rubric_session_grades(session, &row, 1, &grade));
    CHECK(grade == -1);
    CHECK_STATUS(RUBRIC_OK, rubric_session_scorable_flags(session, &row, 1, &flag));
    CHECK(flag == 0);
    rubric_session_free(session);
  }
  rubric_standard_free(hdi);
}

void test_columnar_misuse(void) {
  rubric_standard* s = capi_compile_text(capi_mini_source);
  rubric_session* session;
  double d[2] = {-1, -1};
  int g[2] = {-2, -2};
  uint8_t u[2] = {9, 9};
  size_t bad_rows[2] = {0, 99};
  size_t bad_input = 99;
  if (s == NULL) return;
  /* NULL session. */
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_totals(NULL, NULL, 1, d));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_node_values(NULL, 0, NULL, 1, d));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_grades(NULL, NULL, 1, g));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_vetoed_flags(NULL, NULL, 1, u));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_scorable_flags(NULL, NULL, 1, u));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_input_values(NULL, NULL, 1, NULL, 1, d, u));
  session = capi_session_from_text(s, capi_mini_wide_csv);
  if (session != NULL) {
    /* Count 0: nothing to do, NULL buffers allowed. */
    CHECK_STATUS(RUBRIC_OK, rubric_session_totals(session, NULL, 0, NULL));
    CHECK_STATUS(RUBRIC_OK, rubric_session_node_values(session, 0, NULL, 0, NULL));
    CHECK_STATUS(RUBRIC_OK, rubric_session_grades(session, NULL, 0, NULL));
    CHECK_STATUS(RUBRIC_OK, rubric_session_vetoed_flags(session, NULL, 0, NULL));
    CHECK_STATUS(RUBRIC_OK, rubric_session_scorable_flags(session, NULL, 0, NULL));
    CHECK_STATUS(RUBRIC_OK, rubric_session_input_values(session, NULL, 0, NULL, 0, NULL, NULL));
    CHECK_STATUS(RUBRIC_OK, rubric_session_input_values(session, NULL, 2, NULL, 0, NULL, NULL));
    /* NULL output buffers. */
    CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_totals(session, NULL, 2, NULL));
    CHECK(strstr(rubric_session_last_error(session), "NULL") != NULL);
    CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_node_values(session, 0, NULL, 2, NULL));
    CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_grades(session, NULL, 2, NULL));
    CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_vetoed_flags(session, NULL, 2, NULL));
    CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_scorable_flags(session, NULL, 2, NULL));
    CHECK_STATUS(RUBRIC_INVALID_ARGUMENT,
                 rubric_session_input_values(session, NULL, 1, NULL, 1, NULL, NULL));
    /* Bad rows: past the end (listed, or a count past the rows); nothing is written. */
    CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_totals(session, bad_rows, 2, d));
    CHECK(d[0] == -1 && d[1] == -1);
    CHECK(strstr(rubric_session_last_error(session), "rows[1] = 99") != NULL);
    CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_totals(session, NULL, 6, d));
    CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_node_values(session, 0, bad_rows, 2, d));
    CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_grades(session, bad_rows, 2, g));
    CHECK(g[0] == -2);
    CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_vetoed_flags(session, bad_rows, 2, u));
    CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_scorable_flags(session, bad_rows, 2, u));
    CHECK(u[0] == 9);
    CHECK_STATUS(RUBRIC_OUT_OF_RANGE,
                 rubric_session_input_values(session, NULL, 1, bad_rows, 2, d, u));
    /* Bad node and inputs. */
    CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_node_values(session, 99, NULL, 1, d));
    CHECK_STATUS(RUBRIC_OUT_OF_RANGE,
                 rubric_session_input_values(session, &bad_input, 1, NULL, 1, d, u));
    CHECK_STATUS(RUBRIC_OUT_OF_RANGE,
                 rubric_session_input_values(session, NULL, 99, NULL, 1, d, u));
    CHECK(d[0] == -1 && u[0] == 9);
    /* Still usable after the failures. */
    CHECK_STATUS(RUBRIC_OK, rubric_session_totals(session, NULL, 2, d));
    CHECK_NEAR(d[0], 10.2, 1e-12);
    CHECK_STR(rubric_session_last_error(session), "");
    rubric_session_free(session);
  }
  rubric_standard_free(s);
}

/* Two bands named alike: the index is the band that applies, not the first of that name. */
void test_columnar_grade_bands(void) {
  rubric_standard* s = capi_compile_text(
      "standard g {\n"
      "  grades {\n"
      "    A >= 5\n"
      "    F otherwise\n"
      "    F when vetoed\n"
      "  }\n"
      "  input x : number\n"
      "  indicator a points 10 { score x / 10 }\n"
      "  veto low \"Too low\" when x < 1\n"
      "}\n");
  rubric_session* session;
  int grades[3] = {-2, -2, -2};
  if (s == NULL) return;
  session = capi_session_from_text(s, "entity,period,x\nA,2024,8\nB,2024,3\nC,2024,0.5\n");
  if (session != NULL) {
    check_against_rows(session, s);
    CHECK_STATUS(RUBRIC_OK, rubric_session_grades(session, NULL, 3, grades));
    CHECK(grades[0] == 0 && grades[1] == 1 && grades[2] == 2);
    rubric_session_free(session);
  }
  rubric_standard_free(s);
}
