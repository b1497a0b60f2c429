/* Sessions: rows, every setter, values, CSV loading, results, explanations, incremental
 * updates and lifetimes. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capi_test.h"

/* Mini standard input and node indices (see capi_test.c). */
enum { IN_B, IN_X, IN_PCT, IN_LVL, IN_N, IN_R, IN_T };
enum { NODE_G, NODE_FLAG, NODE_AMOUNT, NODE_SHARE, NODE_LEVEL, NODE_INFO };

static double value_of(const rubric_session* session, size_t row, size_t input, int* missing) {
  double value = -12345;
  CHECK_STATUS(RUBRIC_OK, rubric_session_get_value(session, row, input, &value, missing));
  return value;
}

static double total_of(rubric_session* session, size_t row) {
  double total = -12345;
  CHECK_STATUS(RUBRIC_OK, rubric_session_total(session, row, &total));
  return total;
}

void test_rows(void) {
  rubric_standard* s = capi_compile_text(capi_mini_source);
  rubric_session* session = NULL;
  size_t row = 99, e1 = 99, e2 = 99, again = 99;
  const char* entity = NULL;
  int64_t period = 0;
  int live = -1;
  if (s == NULL) return;
  CHECK_STATUS(RUBRIC_OK, rubric_session_create(&session, s));
  CHECK(session != NULL);
  CHECK(rubric_session_row_count(session) == 0);
  CHECK_STR(rubric_session_last_error(session), "");

  CHECK_STATUS(RUBRIC_OK, rubric_session_add_row(session, "E1", 2024, &e1));
  CHECK(e1 == 0);
  CHECK_STATUS(RUBRIC_OK, rubric_session_add_row(session, "E2", 2024, &e2));
  CHECK(e2 == 1);
  CHECK_STATUS(RUBRIC_OK, rubric_session_add_row(session, "E1", 2023, &row));
  CHECK(row == 2);
  CHECK_STATUS(RUBRIC_OK, rubric_session_add_row(session, "北京, \"市\"", -7, &row));
  CHECK(row == 3);
  CHECK_STATUS(RUBRIC_OK, rubric_session_add_row(session, "big", INT64_MAX - 1, &row));
  CHECK(row == 4);
  /* The row output is optional. */
  CHECK_STATUS(RUBRIC_OK, rubric_session_add_row(session, "no-output", 1, NULL));
  CHECK(rubric_session_row_count(session) == 6);

  /* A duplicate (entity, period): ALREADY_EXISTS, the output untouched, a message. */
  row = 99;
  CHECK_STATUS(RUBRIC_ALREADY_EXISTS, rubric_session_add_row(session, "E1", 2024, &row));
  CHECK(row == 99);
  CHECK(strstr(rubric_session_last_error(session), "E1") != NULL);
  CHECK(rubric_session_row_count(session) == 6);

  /* An entity is printable text, as in data files: not empty, no control characters. */
  row = 99;
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_add_row(session, "", 2024, &row));
  CHECK(strstr(rubric_session_last_error(session), "empty entity") != NULL);
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_add_row(session, " \t", 2024, &row));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_add_row(session, "E\x1b[2J", 2024, &row));
  CHECK(strstr(rubric_session_last_error(session), "U+001B") != NULL);
  CHECK(row == 99);
  CHECK(rubric_session_row_count(session) == 6);

  /* Finding rows: exact entity and period. */
  CHECK_STATUS(RUBRIC_OK, rubric_session_find_row(session, "E1", 2023, &row));
  CHECK(row == 2);
  CHECK_STATUS(RUBRIC_OK, rubric_session_find_row(session, "北京, \"市\"", -7, &row));
  CHECK(row == 3);
  CHECK_STATUS(RUBRIC_OK, rubric_session_find_row(session, "big", INT64_MAX - 1, &row));
  CHECK(row == 4);
  row = 99;
  CHECK_STATUS(RUBRIC_NOT_FOUND, rubric_session_find_row(session, "E1", 2025, &row));
  CHECK_STATUS(RUBRIC_NOT_FOUND, rubric_session_find_row(session, "e1", 2024, &row));
  CHECK_STATUS(RUBRIC_NOT_FOUND, rubric_session_find_row(session, "E", 2024, &row));
  CHECK(row == 99);
  CHECK(strstr(rubric_session_last_error(session), "E") != NULL);

  CHECK_STATUS(RUBRIC_OK, rubric_session_row_entity(session, 3, &entity));
  CHECK_STR(entity, "北京, \"市\"");
  CHECK_STATUS(RUBRIC_OK, rubric_session_row_period(session, 3, &period));
  CHECK(period == -7);
  CHECK_STATUS(RUBRIC_OK, rubric_session_row_period(session, 4, &period));
  CHECK(period == INT64_MAX - 1);
  CHECK_STATUS(RUBRIC_OK, rubric_session_row_live(session, e2, &live));
  CHECK(live == 1);

  /* Removing: the index stays, the row is no longer live, and its key is free again. */
  CHECK_STATUS(RUBRIC_OK, rubric_session_remove_row(session, e2));
  CHECK(rubric_session_row_count(session) == 6);
  CHECK_STATUS(RUBRIC_OK, rubric_session_row_live(session, e2, &live));
  CHECK(live == 0);
  CHECK_STATUS(RUBRIC_NOT_FOUND, rubric_session_find_row(session, "E2", 2024, &row));
  /* A removed row keeps its entity and period. */
  CHECK_STATUS(RUBRIC_OK, rubric_session_row_entity(session, e2, &entity));
  CHECK_STR(entity, "E2");
  CHECK_STATUS(RUBRIC_OK, rubric_session_row_period(session, e2, &period));
  CHECK(period == 2024);
  /* Removing it again, or a row that never was: OUT_OF_RANGE. */
  CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_remove_row(session, e2));
  CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_remove_row(session, 6));
  /* Adding it again gives a new index. */
  CHECK_STATUS(RUBRIC_OK, rubric_session_add_row(session, "E2", 2024, &again));
  CHECK(again == 6);
  CHECK_STATUS(RUBRIC_OK, rubric_session_find_row(session, "E2", 2024, &row));
  CHECK(row == again);
  CHECK(rubric_session_row_count(session) == 7);
  CHECK_STATUS(RUBRIC_OK, rubric_session_row_live(session, again, &live));
  CHECK(live == 1);
  rubric_session_free(session);
  rubric_standard_free(s);
}

void test_setters(void) {
  rubric_standard* s = capi_compile_text(capi_mini_source);
  rubric_session* session = NULL;
  size_t row = 0;
  int missing = -1;
  if (s == NULL) return;
  CHECK_STATUS(RUBRIC_OK, rubric_session_create(&session, s));
  CHECK_STATUS(RUBRIC_OK, rubric_session_add_row(session, "E1", 2024, &row));

  /* A new row: every value missing, with its type's default. */
  CHECK(value_of(session, row, IN_B, &missing) == 0 && missing == 1);
  CHECK(value_of(session, row, IN_X, &missing) == 0 && missing == 1);
  CHECK(value_of(session, row, IN_LVL, &missing) == 0 && missing == 1);
  CHECK(value_of(session, row, IN_T, &missing) == 0 && missing == 1);
  /* `missing` is optional. */
  CHECK(value_of(session, row, IN_N, NULL) == 0);

  /* bool: 0 or 1. */
  CHECK_STATUS(RUBRIC_OK, rubric_session_set_number(session, row, IN_B, 1));
  CHECK(value_of(session, row, IN_B, &missing) == 1 && missing == 0);
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_set_number(session, row, IN_B, 2));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_set_number(session, row, IN_B, 0.5));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_set_number(session, row, IN_B, -1));
  /* A failed set leaves the value as it was. */
  CHECK(value_of(session, row, IN_B, &missing) == 1 && missing == 0);
  CHECK_STATUS(RUBRIC_OK, rubric_session_set_number(session, row, IN_B, 0));
  CHECK(value_of(session, row, IN_B, &missing) == 0 && missing == 0);

  /* number with bounds 0..100 (inclusive); NaN and infinities never. */
  CHECK_STATUS(RUBRIC_OK, rubric_session_set_number(session, row, IN_X, 50));
  CHECK_STATUS(RUBRIC_OK, rubric_session_set_number(session, row, IN_X, 0));
  CHECK_STATUS(RUBRIC_OK, rubric_session_set_number(session, row, IN_X, 100));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_set_number(session, row, IN_X, 100.5));
  CHECK(strstr(rubric_session_last_error(session), "maximum") != NULL);
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_set_number(session, row, IN_X, -0.001));
  CHECK(strstr(rubric_session_last_error(session), "minimum") != NULL);
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_set_number(session, row, IN_X, NAN));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_set_number(session, row, IN_X, INFINITY));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_set_number(session, row, IN_X, -INFINITY));
  CHECK(value_of(session, row, IN_X, &missing) == 100 && missing == 0);

  /* percent (in percent: 12.5 means 12.5 %) with bounds. */
  CHECK_STATUS(RUBRIC_OK, rubric_session_set_number(session, row, IN_PCT, 12.5));
  CHECK(value_of(session, row, IN_PCT, NULL) == 12.5);
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_set_number(session, row, IN_PCT, 101));

  /* integer >= 0: whole numbers only. */
  CHECK_STATUS(RUBRIC_OK, rubric_session_set_number(session, row, IN_N, 3));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_set_number(session, row, IN_N, 1.5));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_set_number(session, row, IN_N, -1));
  CHECK(value_of(session, row, IN_N, NULL) == 3);

  /* rank: whole, 1 = best, 0 = not ranked, never negative. */
  CHECK_STATUS(RUBRIC_OK, rubric_session_set_number(session, row, IN_R, 2));
  CHECK_STATUS(RUBRIC_OK, rubric_session_set_number(session, row, IN_R, 0));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_set_number(session, row, IN_R, -1));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_set_number(session, row, IN_R, 2.5));
  CHECK_STATUS(RUBRIC_OK, rubric_session_set_number(session, row, IN_R, 2));

  /* enum: by option index; get_value gives the index. */
  CHECK_STATUS(RUBRIC_OK, rubric_session_set_option(session, row, IN_LVL, 2));
  CHECK(value_of(session, row, IN_LVL, &missing) == 2 && missing == 0);
  CHECK_STATUS(RUBRIC_OK, rubric_session_set_option(session, row, IN_LVL, 0));
  CHECK(value_of(session, row, IN_LVL, &missing) == 0 && missing == 0);
  CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_set_option(session, row, IN_LVL, 3));
  CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_set_option(session, row, IN_LVL, (size_t)-1));
  CHECK_STATUS(RUBRIC_OK, rubric_session_set_option(session, row, IN_LVL, 1));

  /* text. */
  CHECK_STATUS(RUBRIC_OK, rubric_session_set_text(session, row, IN_T, "héllo, 世界"));
  CHECK(value_of(session, row, IN_T, &missing) == 0 && missing == 0);
  CHECK_STATUS(RUBRIC_OK, rubric_session_set_text(session, row, IN_T, ""));

  /* Wrong types: a number for an enum or a text, an option for a number, a text for a
   * number: TYPE_MISMATCH, naming the input. */
  CHECK_STATUS(RUBRIC_TYPE_MISMATCH, rubric_session_set_number(session, row, IN_LVL, 1));
  CHECK(strstr(rubric_session_last_error(session), "lvl") != NULL);
  CHECK_STATUS(RUBRIC_TYPE_MISMATCH, rubric_session_set_number(session, row, IN_T, 1));
  CHECK_STATUS(RUBRIC_TYPE_MISMATCH, rubric_session_set_option(session, row, IN_X, 0));
  CHECK_STATUS(RUBRIC_TYPE_MISMATCH, rubric_session_set_option(session, row, IN_B, 1));
  CHECK_STATUS(RUBRIC_TYPE_MISMATCH, rubric_session_set_option(session, row, IN_T, 0));
  CHECK_STATUS(RUBRIC_TYPE_MISMATCH, rubric_session_set_text(session, row, IN_X, "1"));
  CHECK_STATUS(RUBRIC_TYPE_MISMATCH, rubric_session_set_text(session, row, IN_LVL, "mid"));
  CHECK(value_of(session, row, IN_LVL, NULL) == 1);

  /* set_string parses any type as data do; "" makes the value missing. */
  CHECK_STATUS(RUBRIC_OK, rubric_session_set_string(session, row, IN_B, "true"));
  CHECK(value_of(session, row, IN_B, NULL) == 1);
  CHECK_STATUS(RUBRIC_OK, rubric_session_set_string(session, row, IN_B, "否"));
  CHECK(value_of(session, row, IN_B, NULL) == 0);
  CHECK_STATUS(RUBRIC_OK, rubric_session_set_string(session, row, IN_B, "是"));
  CHECK(value_of(session, row, IN_B, NULL) == 1);
  CHECK_STATUS(RUBRIC_OK, rubric_session_set_string(session, row, IN_B, "no"));
  CHECK(value_of(session, row, IN_B, NULL) == 0);
  CHECK_STATUS(RUBRIC_OK, rubric_session_set_string(session, row, IN_B, "1"));
  CHECK(value_of(session, row, IN_B, NULL) == 1);
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_set_string(session, row, IN_B, "maybe"));
  CHECK_STATUS(RUBRIC_OK, rubric_session_set_string(session, row, IN_X, "12.5"));
  CHECK(value_of(session, row, IN_X, NULL) == 12.5);
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_set_string(session, row, IN_X, "abc"));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_set_string(session, row, IN_X, "101"));
  CHECK(value_of(session, row, IN_X, NULL) == 12.5);
  CHECK_STATUS(RUBRIC_OK, rubric_session_set_string(session, row, IN_PCT, "50"));
  CHECK(value_of(session, row, IN_PCT, NULL) == 50);
  CHECK_STATUS(RUBRIC_OK, rubric_session_set_string(session, row, IN_LVL, "high"));
  CHECK(value_of(session, row, IN_LVL, NULL) == 2);
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_set_string(session, row, IN_LVL, "HIGH"));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_set_string(session, row, IN_LVL, "2"));
  CHECK_STATUS(RUBRIC_OK, rubric_session_set_string(session, row, IN_N, "7"));
  CHECK(value_of(session, row, IN_N, NULL) == 7);
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_set_string(session, row, IN_N, "7.5"));
  CHECK_STATUS(RUBRIC_OK, rubric_session_set_string(session, row, IN_R, "3"));
  CHECK(value_of(session, row, IN_R, NULL) == 3);
  CHECK_STATUS(RUBRIC_OK, rubric_session_set_string(session, row, IN_T, "any text, 任何"));
  CHECK(value_of(session, row, IN_T, &missing) == 0 && missing == 0);
  {
    int input;
    for (input = IN_B; input <= IN_T; ++input) {
      CHECK_STATUS(RUBRIC_OK, rubric_session_set_string(session, row, (size_t)input, ""));
      missing = 0;
      (void)value_of(session, row, (size_t)input, &missing);
      CHECK(missing == 1);
    }
  }

  /* clear: every type becomes missing, with its default. */
  CHECK_STATUS(RUBRIC_OK, rubric_session_set_number(session, row, IN_X, 40));
  CHECK_STATUS(RUBRIC_OK, rubric_session_set_option(session, row, IN_LVL, 2));
  CHECK_STATUS(RUBRIC_OK, rubric_session_set_text(session, row, IN_T, "x"));
  CHECK_STATUS(RUBRIC_OK, rubric_session_clear(session, row, IN_X));
  CHECK(value_of(session, row, IN_X, &missing) == 0 && missing == 1);
  CHECK_STATUS(RUBRIC_OK, rubric_session_clear(session, row, IN_LVL));
  CHECK(value_of(session, row, IN_LVL, &missing) == 0 && missing == 1);
  CHECK_STATUS(RUBRIC_OK, rubric_session_clear(session, row, IN_T));
  CHECK(value_of(session, row, IN_T, &missing) == 0 && missing == 1);
  /* Clearing a missing value is fine. */
  CHECK_STATUS(RUBRIC_OK, rubric_session_clear(session, row, IN_T));

  rubric_session_free(session);
  rubric_standard_free(s);
}

void test_bulk_setter(void) {
  rubric_standard* s = capi_compile_text(capi_mini_source);
  rubric_session* session = NULL;
  size_t rows[5], i;
  const double values[5] = {10, 20, 30, 40, 50};
  const double bad[5] = {1, 2, 101, 4, 5};
  const double flags[5] = {1, 0, 1, 0, 1};
  const unsigned char missing[5] = {0, 1, 0, 1, 0};
  const unsigned char all_missing[5] = {1, 1, 1, 1, 1};
  int is_missing = 0;
  char entity[8];
  if (s == NULL) return;
  CHECK_STATUS(RUBRIC_OK, rubric_session_create(&session, s));
  for (i = 0; i < 5; ++i) {
    snprintf(entity, sizeof entity, "E%d", (int)i);
    CHECK_STATUS(RUBRIC_OK, rubric_session_add_row(session, entity, 2024, &rows[i]));
  }

  CHECK_STATUS(RUBRIC_OK, rubric_session_set_numbers(session, IN_X, rows, values, NULL, 5));
  for (i = 0; i < 5; ++i) CHECK(value_of(session, rows[i], IN_X, NULL) == values[i]);
  /* The rows in any order, one value each. */
  {
    const size_t reversed[2] = {rows[4], rows[0]};
    const double pair[2] = {1, 2};
    CHECK_STATUS(RUBRIC_OK, rubric_session_set_numbers(session, IN_X, reversed, pair, NULL, 2));
    CHECK(value_of(session, rows[4], IN_X, NULL) == 1);
    CHECK(value_of(session, rows[0], IN_X, NULL) == 2);
  }
  /* missing[i] != 0 clears row i (values[i] unread). */
  CHECK_STATUS(RUBRIC_OK, rubric_session_set_numbers(session, IN_X, rows, values, missing, 5));
  for (i = 0; i < 5; ++i) {
    const double value = value_of(session, rows[i], IN_X, &is_missing);
    CHECK(is_missing == missing[i]);
    CHECK(value == (missing[i] ? 0 : values[i]));
  }
  /* Totals follow: 3 * x / 100. */
  CHECK_NEAR(total_of(session, rows[2]), 0.9, 1e-12);
  CHECK_NEAR(total_of(session, rows[1]), 0.0, 0);
  /* Clearing only: values may be NULL. */
  CHECK_STATUS(RUBRIC_OK, rubric_session_set_numbers(session, IN_X, rows, NULL, all_missing, 5));
  (void)value_of(session, rows[4], IN_X, &is_missing);
  CHECK(is_missing == 1);
  /* Nothing to do: NULL arrays are fine with a count of 0. */
  CHECK_STATUS(RUBRIC_OK, rubric_session_set_numbers(session, IN_X, NULL, NULL, NULL, 0));
  /* A bool column. */
  CHECK_STATUS(RUBRIC_OK, rubric_session_set_numbers(session, IN_B, rows, flags, NULL, 5));
  CHECK_NEAR(total_of(session, rows[0]), 2.0, 0);
  CHECK_NEAR(total_of(session, rows[1]), 0.0, 0);

  /* The first bad value stops the call: earlier values stay set, later ones untouched. */
  CHECK_STATUS(RUBRIC_OK, rubric_session_set_numbers(session, IN_X, rows, values, NULL, 5));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT,
               rubric_session_set_numbers(session, IN_X, rows, bad, NULL, 5));
  CHECK(strstr(rubric_session_last_error(session), "101") != NULL);
  CHECK(value_of(session, rows[0], IN_X, NULL) == 1);
  CHECK(value_of(session, rows[1], IN_X, NULL) == 2);
  CHECK(value_of(session, rows[2], IN_X, NULL) == 30);
  CHECK(value_of(session, rows[3], IN_X, NULL) == 40);

  /* Misuse. */
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT,
               rubric_session_set_numbers(session, IN_X, NULL, values, NULL, 5));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT,
               rubric_session_set_numbers(session, IN_X, rows, NULL, NULL, 5));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT,
               rubric_session_set_numbers(session, IN_X, rows, NULL, missing, 5));
  CHECK_STATUS(RUBRIC_TYPE_MISMATCH,
               rubric_session_set_numbers(session, IN_LVL, rows, values, NULL, 5));
  CHECK_STATUS(RUBRIC_TYPE_MISMATCH,
               rubric_session_set_numbers(session, IN_T, rows, values, NULL, 5));
  CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_set_numbers(session, 7, rows, values, NULL, 5));
  {
    const size_t past_end[2] = {rows[0], 99};
    CHECK_STATUS(RUBRIC_OUT_OF_RANGE,
                 rubric_session_set_numbers(session, IN_X, past_end, values, NULL, 2));
    CHECK(value_of(session, rows[0], IN_X, NULL) == 10);
  }
  CHECK_STATUS(RUBRIC_OK, rubric_session_remove_row(session, rows[3]));
  CHECK_STATUS(RUBRIC_OUT_OF_RANGE,
               rubric_session_set_numbers(session, IN_X, rows, values, NULL, 5));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT,
               rubric_session_set_numbers(NULL, IN_X, rows, values, NULL, 5));
  rubric_session_free(session);
  rubric_standard_free(s);
}

/* Every result of one row, against the expected ones. */
static void check_row(rubric_session* session, const char* entity, long period, double total,
                      const char* grade, int vetoed) {
  const size_t row = capi_row(session, entity, period);
  const char* name = NULL;
  int flag = -1;
  size_t count = 99, veto = 99;
  if (row == (size_t)-1) return;
  CHECK_STATUS(RUBRIC_OK, rubric_session_scorable(session, row, &flag));
  CHECK(flag == 1);
  CHECK_NEAR(total_of(session, row), total, 1e-12);
  CHECK_STATUS(RUBRIC_OK, rubric_session_grade(session, row, &name));
  CHECK_STR(name, grade);
  CHECK_STATUS(RUBRIC_OK, rubric_session_vetoed(session, row, &flag));
  CHECK(flag == vetoed);
  CHECK_STATUS(RUBRIC_OK, rubric_session_fired_veto_count(session, row, &count));
  CHECK(count == (size_t)vetoed);
  if (vetoed) {
    CHECK_STATUS(RUBRIC_OK, rubric_session_fired_veto(session, row, 0, &veto));
    CHECK(veto == 0);
  }
  CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_fired_veto(session, row, count, &veto));
}

void test_results_mini(void) {
  rubric_standard* s = capi_compile_text(capi_mini_source);
  rubric_session* session;
  size_t row, e4_2023;
  double value = -1;
  static const double e1_nodes[6] = {5.2, 2, 1.5, 0.2, 1.5, 5};
  size_t node;
  if (s == NULL) return;
  session = capi_session_from_text(s, capi_mini_wide_csv);
  if (session != NULL) {
    CHECK(rubric_session_row_count(session) == 5);
    CHECK_STATUS(RUBRIC_OK, rubric_session_evaluate(session));
    check_row(session, "E1", 2024, 10.2, "A", 0);
    check_row(session, "E2", 2024, 6, "B", 0);
    check_row(session, "E3", 2024, 0, "C", 0);
    check_row(session, "E4", 2023, 2, "C", 0);
    check_row(session, "E4", 2024, 0, "F", 1);
    row = capi_row(session, "E1", 2024);
    for (node = 0; node < 6; ++node) {
      CHECK_STATUS(RUBRIC_OK, rubric_session_node_value(session, row, node, &value));
      CHECK_NEAR(value, e1_nodes[node], 1e-12);
    }
    /* The grade is the standard's string. */
    {
      const char* grade = NULL;
      CHECK_STATUS(RUBRIC_OK, rubric_session_grade(session, row, &grade));
      CHECK(grade == rubric_standard_grade_name(s, 0));
    }

    /* Edits: results are current on the next read, no evaluate needed. The veto reads
     * prev(b): clearing the 2023 value lifts the 2024 veto. */
    e4_2023 = capi_row(session, "E4", 2023);
    CHECK_STATUS(RUBRIC_OK, rubric_session_clear(session, e4_2023, IN_B));
    check_row(session, "E4", 2024, 0, "C", 0);
    check_row(session, "E4", 2023, 0, "C", 0);
    CHECK_STATUS(RUBRIC_OK, rubric_session_set_string(session, e4_2023, IN_B, "true"));
    check_row(session, "E4", 2024, 0, "F", 1);
    /* E1: lower the level (1.5 -> 0) and the amount (1.5 -> 0.3): 7.5, a B. */
    CHECK_STATUS(RUBRIC_OK, rubric_session_set_option(session, row, IN_LVL, 0));
    CHECK_STATUS(RUBRIC_OK, rubric_session_set_number(session, row, IN_X, 10));
    check_row(session, "E1", 2024, 7.5, "B", 0);
    /* Removing the 2023 row: 2024's prev() is absent, the veto no longer fires. */
    CHECK_STATUS(RUBRIC_OK, rubric_session_remove_row(session, e4_2023));
    check_row(session, "E4", 2024, 0, "C", 0);
    /* A full evaluation agrees. */
    CHECK_STATUS(RUBRIC_OK, rubric_session_evaluate(session));
    check_row(session, "E1", 2024, 7.5, "B", 0);
    check_row(session, "E4", 2024, 0, "C", 0);
    rubric_session_free(session);
  }
  rubric_standard_free(s);
}

/* Two sessions hold the same rows: every value and result is identical, bit for bit. */
static size_t report_mismatch(const char* what, const rubric_session* a, size_t row, size_t index,
                              double va, double vb) {
  const char* entity = "?";
  int64_t period = 0;
  rubric_session_row_entity(a, row, &entity);
  rubric_session_row_period(a, row, &period);
  fprintf(stderr, "  mismatch: %s %lu of %s %ld: %.17g vs %.17g\n", what, (unsigned long)index,
          entity, (long)period, va, vb);
  return 1;
}

static void check_same_sessions(rubric_session* a, rubric_session* b, const rubric_standard* s,
                                int compare_text) {
  const size_t inputs = rubric_standard_input_count(s);
  const size_t nodes = rubric_standard_node_count(s);
  size_t row, other = 0, input, node, k, live_rows = 0, compared = 0, mismatches = 0;
  for (row = 0; row < rubric_session_row_count(a); ++row) {
    const char* entity = NULL;
    int64_t period = 0;
    int live = 0, scorable_a = -1, scorable_b = -2;
    rubric_session_row_live(a, row, &live);
    if (!live) continue;
    ++live_rows;
    rubric_session_row_entity(a, row, &entity);
    rubric_session_row_period(a, row, &period);
    if (rubric_session_find_row(b, entity, period, &other) != RUBRIC_OK) {
      mismatches += report_mismatch("missing row", a, row, row, 0, 0);
      continue;
    }
    for (input = 0; input < inputs; ++input) {
      double va = 1, vb = 2;
      if (!compare_text && rubric_standard_input_type(s, input) == RUBRIC_TYPE_TEXT) continue;
      int ma = 1, mb = 2;
      rubric_session_get_value(a, row, input, &va, &ma);
      rubric_session_get_value(b, other, input, &vb, &mb);
      if (va != vb || ma != mb) mismatches += report_mismatch("input", a, row, input, va, vb);
    }
    rubric_session_scorable(a, row, &scorable_a);
    rubric_session_scorable(b, other, &scorable_b);
    if (scorable_a != scorable_b) {
      mismatches += report_mismatch("scorable", a, row, 0, scorable_a, scorable_b);
    }
    if (scorable_a != 1 || scorable_b != 1) continue;
    {
      double ta = 1, tb = 2;
      const char* ga = NULL;
      const char* gb = NULL;
      int xa = -1, xb = -2;
      size_t ca = 1, cb = 2;
      rubric_session_total(a, row, &ta);
      rubric_session_total(b, other, &tb);
      rubric_session_grade(a, row, &ga);
      rubric_session_grade(b, other, &gb);
      rubric_session_vetoed(a, row, &xa);
      rubric_session_vetoed(b, other, &xb);
      rubric_session_fired_veto_count(a, row, &ca);
      rubric_session_fired_veto_count(b, other, &cb);
      if (ta != tb) mismatches += report_mismatch("total", a, row, 0, ta, tb);
      if (ga != gb || xa != xb || ca != cb) {
        mismatches += report_mismatch("grade/veto", a, row, 0, (double)ca, (double)cb);
      }
      for (k = 0; k < ca && ca == cb; ++k) {
        size_t fa = 1, fb = 2;
        rubric_session_fired_veto(a, row, k, &fa);
        rubric_session_fired_veto(b, other, k, &fb);
        if (fa != fb)
          mismatches += report_mismatch("fired veto", a, row, k, (double)fa, (double)fb);
      }
      for (node = 0; node < nodes; ++node) {
        double na = 1, nb = 2;
        rubric_session_node_value(a, row, node, &na);
        rubric_session_node_value(b, other, node, &nb);
        if (na != nb) mismatches += report_mismatch("node", a, row, node, na, nb);
      }
      ++compared;
    }
  }
  /* Every live row of b is in a too. */
  for (row = 0, k = 0; row < rubric_session_row_count(b); ++row) {
    int live = 0;
    rubric_session_row_live(b, row, &live);
    k += live != 0;
  }
  CHECK(k == live_rows);
  CHECK(compared > 0);
  CHECK(mismatches == 0);
}

void test_load_csv_long_and_wide(void) {
  rubric_standard* s = capi_compile_text(capi_mini_source);
  rubric_session* wide;
  rubric_session* long_format;
  rubric_session* consortium_session;
  rubric_standard* consortium;
  if (s == NULL) return;
  wide = capi_session_from_text(s, capi_mini_wide_csv);
  long_format = capi_session_from_text(s, capi_mini_long_csv);
  if (wide != NULL && long_format != NULL) {
    CHECK(rubric_session_row_count(wide) == 5);
    CHECK(rubric_session_row_count(long_format) == 5);
    check_same_sessions(wide, long_format, s, 1);
    check_same_sessions(long_format, wide, s, 1);
    check_row(long_format, "E1", 2024, 10.2, "A", 0);
  }
  rubric_session_free(wide);
  rubric_session_free(long_format);

  /* Long data add to rows that exist already: a second load merges. */
  long_format = capi_session_from_text(s, capi_mini_long_csv);
  if (long_format != NULL) {
    rubric_diagnostics* diagnostics = NULL;
    const char* more = "entity,period,input,value\nE3,2024,x,100\nE5,2024,b,true\n";
    CHECK_STATUS(RUBRIC_OK,
                 rubric_session_load_csv(long_format, &diagnostics, more, strlen(more), NULL));
    /* No errors; warnings W0002 for the inputs neither this file nor the rows it gives have
     * (pct, lvl, n, r, t). */
    CHECK(rubric_diagnostics_error_count(diagnostics) == 0);
    CHECK(rubric_diagnostics_count(diagnostics) == 5);
    CHECK_STR(rubric_diagnostic_code(diagnostics, 0), "W0002");
    CHECK(strstr(rubric_diagnostic_message(diagnostics, 0), "'pct'") != NULL);
    rubric_diagnostics_free(diagnostics);
    CHECK(rubric_session_row_count(long_format) == 6);
    check_row(long_format, "E3", 2024, 3, "C", 0);
    check_row(long_format, "E5", 2024, 2, "C", 0);
    rubric_session_free(long_format);
  }
  rubric_standard_free(s);

  /* The bundled long file. */
  consortium = capi_compile_file("examples/consortium/standard.rubric");
  if (consortium == NULL) return;
  consortium_session = capi_session_from_file(consortium, "examples/consortium/cities.csv", NULL);
  if (consortium_session != NULL) {
    int missing = 0;
    size_t row = capi_row(consortium_session, "C0001", 2023);
    CHECK(rubric_session_row_count(consortium_session) == 90);
    /* C0001,2023,p1_2_2 is empty in the file. */
    (void)value_of(consortium_session, row, capi_input(consortium, "p1_2_2"), &missing);
    CHECK(missing == 1);
    CHECK(value_of(consortium_session, row, capi_input(consortium, "p1_1_1"), &missing) == 1);
    CHECK(missing == 0);
    rubric_session_free(consortium_session);
  }
  rubric_standard_free(consortium);
}

void test_load_csv_options(void) {
  rubric_standard* hdi = capi_compile_file("examples/hdi/hdi.rubric");
  rubric_options* options = NULL;
  rubric_session* session = NULL;
  rubric_diagnostics* diagnostics = NULL;
  size_t length = 0;
  char* data = capi_read_file("examples/hdi/hdi.csv", &length);
  if (hdi == NULL || data == NULL) {
    rubric_standard_free(hdi);
    free(data);
    return;
  }
  CHECK_STATUS(RUBRIC_OK, rubric_options_create(&options));
  CHECK_STATUS(RUBRIC_OK, rubric_options_set_string(options, "entity_column", "iso3"));
  CHECK_STATUS(RUBRIC_OK, rubric_options_set_string(options, "period_column", "year"));
  CHECK_STATUS(RUBRIC_OK, rubric_options_set_string(options, "file_name", "hdi.csv"));

  /* Unknown columns: loaded, with a warning W0001 naming them. */
  CHECK_STATUS(RUBRIC_OK, rubric_session_create(&session, hdi));
  CHECK_STATUS(RUBRIC_OK, rubric_session_load_csv(session, &diagnostics, data, length, options));
  CHECK(rubric_diagnostics_count(diagnostics) == 1);
  CHECK(rubric_diagnostics_error_count(diagnostics) == 0);
  CHECK(rubric_diagnostic_severity(diagnostics, 0) == RUBRIC_SEVERITY_WARNING);
  CHECK_STR(rubric_diagnostic_code(diagnostics, 0), "W0001");
  CHECK_STR(rubric_diagnostic_file(diagnostics, 0), "hdi.csv");
  CHECK(rubric_diagnostic_line(diagnostics, 0) == 1);
  CHECK(strstr(rubric_diagnostic_message(diagnostics, 0), "country, hdi_published") != NULL);
  CHECK(strstr(rubric_diagnostics_render(diagnostics), "hdi.csv:1: warning: ") != NULL);
  rubric_diagnostics_free(diagnostics);
  CHECK(rubric_session_row_count(session) == 195);
  rubric_session_free(session);

  /* Ignored columns: silent. A later ignore_columns replaces the earlier list. */
  CHECK_STATUS(RUBRIC_OK, rubric_options_set_string(options, "ignore_columns", "nothing"));
  CHECK_STATUS(RUBRIC_OK,
               rubric_options_set_string(options, "ignore_columns", "country,hdi_published"));
  session = capi_session_from_file(hdi, "examples/hdi/hdi.csv", options);
  if (session != NULL) {
    size_t row = capi_row(session, "NOR", 2022);
    CHECK(rubric_session_row_count(session) == 195);
    CHECK_NEAR(total_of(session, row), 0.966, 0.0005);
    row = capi_row(session, "AFG", 2022);
    CHECK_NEAR(total_of(session, row), 0.462, 0.0005);
    CHECK_NEAR(value_of(session, row, capi_input(hdi, "le"), NULL), 62.879, 0);
    rubric_session_free(session);
  }

  /* Quoted fields with commas, and one more ignored column. */
  CHECK_STATUS(RUBRIC_OK,
               rubric_options_set_string(options, "ignore_columns", "country,hdi_published,note"));
  session = capi_session_from_file(hdi, "examples/hdi/hdi_extra_cases.csv", options);
  if (session != NULL) {
    /* Hong Kong 2018: life expectancy above the 85-year cap. */
    CHECK_NEAR(total_of(session, capi_row(session, "HKG", 2018)), 0.949, 0.0005);
    CHECK_NEAR(total_of(session, capi_row(session, "HKG", 2021)), 0.959, 0.0005);
    rubric_session_free(session);
  }

  /* Without the entity and period columns: D0003, a data error. */
  CHECK_STATUS(RUBRIC_OK, rubric_options_set_string(options, "period_column", "period"));
  CHECK_STATUS(RUBRIC_OK, rubric_session_create(&session, hdi));
  diagnostics = NULL;
  CHECK_STATUS(RUBRIC_DATA_ERROR,
               rubric_session_load_csv(session, &diagnostics, data, length, options));
  CHECK_STR(rubric_diagnostic_code(diagnostics, 0), "D0003");
  CHECK(strstr(rubric_diagnostic_message(diagnostics, 0), "'period'") != NULL);
  CHECK(rubric_session_row_count(session) == 0);
  rubric_diagnostics_free(diagnostics);
  rubric_session_free(session);

  rubric_options_free(options);
  rubric_standard_free(hdi);
  free(data);
}

struct data_case {
  const char* csv;
  const char* code;
  int line;
};

void test_load_csv_errors(void) {
  static const struct data_case cases[] = {
      {"entity,period,input,value\nE1,2024,b,\"true\n", "D0001", 2},
      {"", "D0002", 1},
      {"entity,year,b\nE1,2024,true\n", "D0003", 1},
      {"entity,period,input,value\nE1,2024,b\n", "D0004", 2},
      {"entity,period,input,value\nE1,二〇二四,b,true\n", "D0005", 2},
      {"entity,period,input,value\n,2024,b,true\n", "D0006", 2},
      {"entity,period,input,value\nE1,2024,b,true\nE\xff,2024,b,true\n", "D0007", 3},
      {"entity,period,input,value\nE1,2024,bb,true\n", "D0101", 2},
      {"entity,period,input,value\nE1,2024,b,maybe\n", "D0102", 2},
      {"entity,period,input,value\nE1,2024,x,-5\n", "D0102", 2},
      {"entity,period,input,value\nE1,2024,lvl,top\n", "D0102", 2},
      {"entity,period,input,value\nE1,2024,b,true\nE1,2024,b,false\n", "D0103", 3},
      {"entity,period,b\nE1,2024,true\nE1,2024,false\n", "D0104", 3},
      {"entity,period,b,b\nE1,2024,true,false\n", "D0105", 1},
  };
  rubric_standard* s = capi_compile_text(capi_mini_source);
  rubric_options* options = NULL;
  size_t i;
  if (s == NULL) return;
  CHECK_STATUS(RUBRIC_OK, rubric_options_create(&options));
  CHECK_STATUS(RUBRIC_OK, rubric_options_set_string(options, "file_name", "data/数据.csv"));
  for (i = 0; i < sizeof cases / sizeof cases[0]; ++i) {
    rubric_session* session = NULL;
    rubric_diagnostics* diagnostics = NULL;
    const char* rendered;
    char expected[128];
    CHECK_STATUS(RUBRIC_OK, rubric_session_create(&session, s));
    CHECK_STATUS(RUBRIC_DATA_ERROR, rubric_session_load_csv(session, &diagnostics, cases[i].csv,
                                                            strlen(cases[i].csv), options));
    CHECK(rubric_diagnostics_error_count(diagnostics) >= 1);
    CHECK_STR(rubric_diagnostic_code(diagnostics, 0), cases[i].code);
    CHECK(rubric_diagnostic_line(diagnostics, 0) == cases[i].line);
    CHECK(rubric_diagnostic_severity(diagnostics, 0) == RUBRIC_SEVERITY_ERROR);
    CHECK_STR(rubric_diagnostic_file(diagnostics, 0), "data/数据.csv");
    snprintf(expected, sizeof expected, "data/数据.csv:%d: error: ", cases[i].line);
    rendered = rubric_diagnostics_render(diagnostics);
    CHECK(rendered != NULL && strstr(rendered, expected) != NULL);
    CHECK(strstr(rendered, cases[i].code) != NULL);
    CHECK(strlen(rubric_session_last_error(session)) > 0);
    rubric_diagnostics_free(diagnostics);
    /* Without a diagnostics handle the status is the same. */
    rubric_session_free(session);
    session = NULL;
    CHECK_STATUS(RUBRIC_OK, rubric_session_create(&session, s));
    CHECK_STATUS(RUBRIC_DATA_ERROR,
                 rubric_session_load_csv(session, NULL, cases[i].csv, strlen(cases[i].csv), NULL));
    rubric_session_free(session);
  }

  /* max_errors: at most that many errors are reported. */
  {
    const char* many = "entity,period,input,value\nA,1,b,x\nA,1,x,y\nA,1,pct,z\nA,1,n,w\nA,1,r,v\n";
    rubric_session* session = NULL;
    rubric_diagnostics* diagnostics = NULL;
    CHECK_STATUS(RUBRIC_OK, rubric_options_set_int(options, "max_errors", 2));
    CHECK_STATUS(RUBRIC_OK, rubric_session_create(&session, s));
    CHECK_STATUS(RUBRIC_DATA_ERROR,
                 rubric_session_load_csv(session, &diagnostics, many, strlen(many), options));
    CHECK(rubric_diagnostics_error_count(diagnostics) >= 2);
    CHECK(rubric_diagnostics_error_count(diagnostics) <= 3);
    CHECK_STR(rubric_diagnostic_code(diagnostics, 0), "D0102");
    CHECK(rubric_diagnostic_line(diagnostics, 1) == 3);
    rubric_diagnostics_free(diagnostics);
    rubric_session_free(session);
  }

  /* Only `length` bytes are read; NULL text with length 0 is an empty file. */
  {
    const char* text = "entity,period,input,value\nE1,2024,b,true\nGARBAGE";
    rubric_session* session = NULL;
    rubric_diagnostics* diagnostics = NULL;
    CHECK_STATUS(RUBRIC_OK, rubric_session_create(&session, s));
    CHECK_STATUS(RUBRIC_OK,
                 rubric_session_load_csv(session, &diagnostics, text, strlen(text) - 7, NULL));
    CHECK(rubric_diagnostics_error_count(diagnostics) == 0);
    rubric_diagnostics_free(diagnostics);
    CHECK(rubric_session_row_count(session) == 1);
    diagnostics = NULL;
    CHECK_STATUS(RUBRIC_DATA_ERROR, rubric_session_load_csv(session, &diagnostics, NULL, 0, NULL));
    CHECK_STR(rubric_diagnostic_code(diagnostics, 0), "D0002");
    CHECK_STR(rubric_diagnostic_file(diagnostics, 0), "<data>");
    rubric_diagnostics_free(diagnostics);
    CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_load_csv(session, NULL, NULL, 5, NULL));
    rubric_session_free(session);
  }

  /* A failed load keeps the rows read before the error (documented: discard the session). */
  {
    const char* text = "entity,period,input,value\nE1,2024,b,true\nE2,2024,b,maybe\n";
    rubric_session* session = NULL;
    CHECK_STATUS(RUBRIC_OK, rubric_session_create(&session, s));
    CHECK_STATUS(RUBRIC_DATA_ERROR,
                 rubric_session_load_csv(session, NULL, text, strlen(text), NULL));
    CHECK(rubric_session_row_count(session) >= 1);
    rubric_session_free(session);
  }
  rubric_options_free(options);
  rubric_standard_free(s);
}

void test_not_scorable(void) {
  rubric_standard* hdi = capi_compile_file("examples/hdi/hdi.rubric");
  rubric_options* options = NULL;
  rubric_session* session;
  size_t row, fresh, count = 99, veto = 99, le, gnipc;
  double value = -1;
  int flag = -1, missing = -1;
  const char* grade = "untouched";
  if (hdi == NULL) return;
  le = capi_input(hdi, "le");
  gnipc = capi_input(hdi, "gnipc");
  rubric_options_create(&options);
  rubric_options_set_string(options, "entity_column", "iso3");
  rubric_options_set_string(options, "period_column", "year");
  rubric_options_set_string(options, "ignore_columns", "country,hdi_published");
  session = capi_session_from_file(hdi, "examples/hdi/hdi.csv", options);
  rubric_options_free(options);
  if (session == NULL) {
    rubric_standard_free(hdi);
    return;
  }
  /* PRK lacks inputs: not scorable, never a zero. */
  row = capi_row(session, "PRK", 2022);
  CHECK_STATUS(RUBRIC_OK, rubric_session_scorable(session, row, &flag));
  CHECK(flag == 0);
  CHECK_STATUS(RUBRIC_NOT_SCORABLE, rubric_session_total(session, row, &value));
  CHECK(value == -1);
  CHECK(strstr(rubric_session_last_error(session), "missing input") != NULL);
  CHECK_STATUS(RUBRIC_NOT_SCORABLE, rubric_session_node_value(session, row, 0, &value));
  CHECK_STATUS(RUBRIC_NOT_SCORABLE, rubric_session_grade(session, row, &grade));
  CHECK_STR(grade, "untouched");
  CHECK_STATUS(RUBRIC_NOT_SCORABLE, rubric_session_vetoed(session, row, &flag));
  CHECK_STATUS(RUBRIC_NOT_SCORABLE, rubric_session_fired_veto_count(session, row, &count));
  CHECK_STATUS(RUBRIC_NOT_SCORABLE, rubric_session_fired_veto(session, row, 0, &veto));
  CHECK(value == -1 && count == 99 && veto == 99);
  /* Its values can be read: le is there, gnipc missing. */
  CHECK(value_of(session, row, le, &missing) == 73.578 && missing == 0);
  CHECK(value_of(session, row, gnipc, &missing) == 0 && missing == 1);
  /* The explanation says why. */
  {
    char* json = NULL;
    CHECK_STATUS(RUBRIC_OK, rubric_session_explain_json(session, row, NULL, &json));
    CHECK(json != NULL && strstr(json, "\"scorable\": false") != NULL);
    CHECK(json != NULL && strstr(json, "missing input") != NULL);
    rubric_string_free(json);
  }
  /* A grade-less standard gives a NULL grade for a scorable row. */
  grade = "untouched";
  CHECK_STATUS(RUBRIC_OK, rubric_session_grade(session, capi_row(session, "NOR", 2022), &grade));
  CHECK(grade == NULL);

  /* A new row is not scorable until its four inputs are set; clearing one undoes it. */
  CHECK_STATUS(RUBRIC_OK, rubric_session_add_row(session, "NEW", 2022, &fresh));
  CHECK_STATUS(RUBRIC_NOT_SCORABLE, rubric_session_total(session, fresh, &value));
  CHECK_STATUS(RUBRIC_OK, rubric_session_set_number(session, fresh, le, 70));
  CHECK_STATUS(RUBRIC_OK, rubric_session_set_number(session, fresh, capi_input(hdi, "eys"), 12));
  CHECK_STATUS(RUBRIC_OK, rubric_session_set_number(session, fresh, capi_input(hdi, "mys"), 9));
  CHECK_STATUS(RUBRIC_NOT_SCORABLE, rubric_session_total(session, fresh, &value));
  CHECK(strstr(rubric_session_last_error(session), "gnipc") != NULL);
  CHECK_STATUS(RUBRIC_OK, rubric_session_set_number(session, fresh, gnipc, 10000));
  CHECK_STATUS(RUBRIC_OK, rubric_session_scorable(session, fresh, &flag));
  CHECK(flag == 1);
  {
    const double health = (70.0 - 20) / (85 - 20);
    const double education = (12.0 / 18 + 9.0 / 15) / 2;
    const double income = (log(10000.0) - log(100.0)) / (log(75000.0) - log(100.0));
    CHECK_NEAR(total_of(session, fresh), pow(health * education * income, 1.0 / 3), 1e-12);
    CHECK_STATUS(RUBRIC_OK,
                 rubric_session_node_value(session, fresh, capi_node(hdi, "education"), &value));
    CHECK_NEAR(value, education, 1e-15);
  }
  CHECK_STATUS(RUBRIC_OK, rubric_session_clear(session, fresh, le));
  CHECK_STATUS(RUBRIC_OK, rubric_session_scorable(session, fresh, &flag));
  CHECK(flag == 0);
  CHECK_STATUS(RUBRIC_NOT_SCORABLE, rubric_session_total(session, fresh, &value));
  rubric_session_free(session);
  rubric_standard_free(hdi);
}

/* The number after the first `"key": ` in JSON text. */
static double json_number(const char* json, const char* key) {
  char pattern[64];
  const char* at;
  snprintf(pattern, sizeof pattern, "\"%s\": ", key);
  at = json == NULL ? NULL : strstr(json, pattern);
  return at == NULL ? -12345 : strtod(at + strlen(pattern), NULL);
}

void test_explain_json(void) {
  rubric_standard* s = capi_compile_file("examples/consortium/standard.rubric");
  rubric_session* session;
  char* json = NULL;
  size_t row, node;
  double value = 0;
  if (s == NULL) return;
  session = capi_session_from_file(s, "examples/consortium/cities.csv", NULL);
  if (session == NULL) {
    rubric_standard_free(s);
    return;
  }
  row = capi_row(session, "C0001", 2024);

  /* The whole standard: the total earned, out of 100, with the grade. */
  CHECK_STATUS(RUBRIC_OK, rubric_session_explain_json(session, row, NULL, &json));
  CHECK(json != NULL && json[0] == '{');
  CHECK(json != NULL && strstr(json, "\"entity\": \"C0001\"") != NULL);
  CHECK(json != NULL && strstr(json, "\"period\": 2024") != NULL);
  CHECK(json != NULL && strstr(json, "\"grade\"") != NULL);
  CHECK_NEAR(json_number(json, "earned"), total_of(session, row), 1e-9);
  CHECK_NEAR(json_number(json, "possible"), 100, 0);
  rubric_string_free(json);

  /* One node: its points, rule inputs and cohort. */
  json = NULL;
  node = capi_node(s, "T8_2");
  CHECK_STATUS(RUBRIC_OK, rubric_session_explain_json(session, row, "T8_2", &json));
  CHECK(json != NULL && strstr(json, "\"node\": \"T8_2\"") != NULL);
  CHECK(json != NULL && strstr(json, "cohort_rank") != NULL);
  CHECK(json != NULL && strstr(json, "p8_2_2") != NULL);
  CHECK_STATUS(RUBRIC_OK, rubric_session_node_value(session, row, node, &value));
  CHECK_NEAR(json_number(json, "earned"), value, 1e-9);
  rubric_string_free(json);

  /* A vetoed row names its veto. */
  json = NULL;
  CHECK_STATUS(RUBRIC_OK,
               rubric_session_explain_json(session, capi_row(session, "C0018", 2024), NULL, &json));
  CHECK(json != NULL && strstr(json, "\"vetoed\": true") != NULL);
  CHECK(json != NULL && strstr(json, "T16_3") != NULL);
  rubric_string_free(json);

  /* Not a node: an input, a standalone name, nothing. *json is NULL on failure. */
  json = NULL;
  CHECK_STATUS(RUBRIC_NOT_FOUND, rubric_session_explain_json(session, row, "NOPE", &json));
  CHECK(json == NULL);
  CHECK(strstr(rubric_session_last_error(session), "NOPE") != NULL);
  CHECK_STATUS(RUBRIC_NOT_FOUND, rubric_session_explain_json(session, row, "p8_2_2", &json));
  CHECK_STATUS(RUBRIC_NOT_FOUND, rubric_session_explain_json(session, row, "", &json));
  CHECK_STATUS(RUBRIC_NOT_FOUND, rubric_session_explain_json(session, row, "consortium", &json));
  CHECK(json == NULL);
  CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_explain_json(session, 90, NULL, &json));
  CHECK(json == NULL);
  rubric_session_free(session);
  rubric_standard_free(s);
}

/* Reads every row's total (bringing the session up to date). */
static void read_all(rubric_session* session) {
  size_t row;
  double total;
  for (row = 0; row < rubric_session_row_count(session); ++row) {
    rubric_session_total(session, row, &total);
  }
}

/* The edits of test_incremental_equals_fresh, applied to a session. With `read`, every row's
 * total is read after each edit, so that each one is folded in incrementally. */
static void apply_edits(rubric_session* session, const rubric_standard* s, int read) {
  size_t added = 0;
  const size_t p2_1_2a = capi_input(s, "p2_1_2a");
  size_t rows[3];
  const double values[3] = {3.5, 120, 0};
  const unsigned char missing[3] = {0, 0, 1};
#define EDIT(call)                 \
  do {                             \
    CHECK_STATUS(RUBRIC_OK, call); \
    if (read) read_all(session);   \
  } while (0)
  EDIT(rubric_session_set_number(session, capi_row(session, "C0001", 2024), capi_input(s, "p1_1_1"),
                                 0));
  EDIT(rubric_session_set_option(session, capi_row(session, "C0002", 2025), capi_input(s, "p2_1_1"),
                                 2));
  /* An input under cohort_rank: every row of 2023 may move. */
  EDIT(rubric_session_set_string(session, capi_row(session, "C0003", 2023), capi_input(s, "p8_2_2"),
                                 "1000"));
  /* prev(): C0018 2024's veto T16_3 needs 2023's n16_3. */
  EDIT(rubric_session_clear(session, capi_row(session, "C0018", 2023), capi_input(s, "n16_3")));
  EDIT(rubric_session_set_text(session, capi_row(session, "C0004", 2024), capi_input(s, "p2_2_1a"),
                               "新能源汽车"));
  rows[0] = capi_row(session, "C0005", 2023);
  rows[1] = capi_row(session, "C0006", 2023);
  rows[2] = capi_row(session, "C0007", 2023);
  /* An input under cohort_minmax, in bulk. */
  EDIT(rubric_session_set_numbers(session, p2_1_2a, rows, values, missing, 3));
  /* Rows leave and join cohorts. */
  EDIT(rubric_session_remove_row(session, capi_row(session, "C0008", 2024)));
  EDIT(rubric_session_add_row(session, "C0099", 2024, &added));
  EDIT(rubric_session_set_number(session, added, p2_1_2a, 500));
  EDIT(rubric_session_set_string(session, added, capi_input(s, "p8_2_2"), "7"));
  EDIT(rubric_session_set_string(session, capi_row(session, "C0009", 2025), capi_input(s, "n16_1"),
                                 "true"));
#undef EDIT
}

void test_incremental_equals_fresh(void) {
  rubric_standard* s = capi_compile_file("examples/consortium/standard.rubric");
  rubric_session* edited;
  rubric_session* fresh;
  rubric_session* copy = NULL;
  size_t row, input, failures = 0;
  int flag = -1;
  if (s == NULL) return;
  edited = capi_session_from_file(s, "examples/consortium/cities.csv", NULL);
  fresh = capi_session_from_file(s, "examples/consortium/cities.csv", NULL);
  if (edited == NULL || fresh == NULL) {
    rubric_session_free(edited);
    rubric_session_free(fresh);
    rubric_standard_free(s);
    return;
  }
  /* Before: C0018 2024 is vetoed by T16_3. */
  CHECK_STATUS(RUBRIC_OK, rubric_session_vetoed(edited, capi_row(edited, "C0018", 2024), &flag));
  CHECK(flag == 1);

  /* `edited` is evaluated first and folds every edit in incrementally; `fresh` gets the same
   * edits before its first read, so its results come from one full evaluation. */
  CHECK_STATUS(RUBRIC_OK, rubric_session_evaluate(edited));
  read_all(edited);
  apply_edits(edited, s, 1);
  apply_edits(fresh, s, 0);
  check_same_sessions(edited, fresh, s, 1);
  check_same_sessions(fresh, edited, s, 1);
  CHECK_STATUS(RUBRIC_OK, rubric_session_vetoed(edited, capi_row(edited, "C0018", 2024), &flag));
  CHECK(flag == 0);
  CHECK_STATUS(RUBRIC_OK, rubric_session_vetoed(edited, capi_row(edited, "C0009", 2025), &flag));
  CHECK(flag == 1);

  /* A third session built value by value, rows in reverse order: the same results. */
  CHECK_STATUS(RUBRIC_OK, rubric_session_create(&copy, s));
  for (row = rubric_session_row_count(fresh); row-- > 0;) {
    const char* entity = NULL;
    int64_t period = 0;
    int live = 0;
    size_t target = 0;
    rubric_session_row_live(fresh, row, &live);
    if (!live) continue;
    rubric_session_row_entity(fresh, row, &entity);
    rubric_session_row_period(fresh, row, &period);
    CHECK_STATUS(RUBRIC_OK, rubric_session_add_row(copy, entity, period, &target));
    for (input = 0; input < rubric_standard_input_count(s); ++input) {
      double value = 0;
      int missing = 1;
      const int type = rubric_standard_input_type(s, input);
      rubric_session_get_value(fresh, row, input, &value, &missing);
      if (missing || type == RUBRIC_TYPE_TEXT) continue; /* text is not readable, nor scored */
      failures += (type == RUBRIC_TYPE_ENUM
                       ? rubric_session_set_option(copy, target, input, (size_t)value)
                       : rubric_session_set_number(copy, target, input, value)) != RUBRIC_OK;
    }
  }
  CHECK(failures == 0);
  check_same_sessions(copy, fresh, s, 0);

  /* A full evaluation of the edited session changes nothing. */
  CHECK_STATUS(RUBRIC_OK, rubric_session_evaluate(edited));
  check_same_sessions(edited, fresh, s, 1);
  rubric_session_free(copy);
  rubric_session_free(edited);
  rubric_session_free(fresh);
  rubric_standard_free(s);
}

void test_ops(void) {
  rubric_standard* s = capi_compile_file("examples/consortium/standard.rubric");
  rubric_session* session = NULL;
  uint64_t start, after_edit, after_full;
  size_t row, input;
  double total;
  if (s == NULL) return;
  CHECK_STATUS(RUBRIC_OK, rubric_session_create(&session, s));
  CHECK(rubric_session_ops(session) == 0);
  rubric_session_free(session);
  session = capi_session_from_file(s, "examples/consortium/cities.csv", NULL);
  if (session != NULL) {
    row = capi_row(session, "C0001", 2024);
    total = total_of(session, row);
    start = rubric_session_ops(session);
    CHECK(start > 0);
    /* Reading again costs nothing. */
    total = total_of(session, row);
    CHECK(rubric_session_ops(session) == start);
    /* One edit of a row-local input: a few kernel runs, far fewer than a full evaluation. */
    input = capi_input(s, "p4_1_1");
    CHECK_STATUS(RUBRIC_OK, rubric_session_set_number(session, row, input,
                                                      value_of(session, row, input, NULL) == 0));
    total = total_of(session, row);
    after_edit = rubric_session_ops(session);
    CHECK(after_edit > start);
    CHECK_STATUS(RUBRIC_OK, rubric_session_evaluate(session));
    after_full = rubric_session_ops(session);
    CHECK(after_edit - start < (after_full - after_edit) / 10);
    CHECK(total > 0);
    rubric_session_free(session);
  }
  rubric_standard_free(s);
}

/* A session keeps its standard alive; diagnostics and options are independent. */
void test_lifetimes(void) {
  rubric_standard* standard = capi_compile_text(capi_mini_source);
  rubric_session* session = NULL;
  rubric_session* second = NULL;
  rubric_diagnostics* diagnostics = NULL;
  rubric_options* options = NULL;
  const char* id;
  const char* option;
  const char* grade = NULL;
  size_t row = 0;
  if (standard == NULL) return;
  id = rubric_standard_input_id(standard, IN_LVL);
  option = rubric_standard_input_option(standard, IN_LVL, 2);
  CHECK_STATUS(RUBRIC_OK, rubric_session_create(&session, standard));
  CHECK_STATUS(RUBRIC_OK, rubric_session_create(&second, standard));
  /* Freeing the standard first is allowed; its strings live on with the sessions. */
  rubric_standard_free(standard);
  CHECK_STR(id, "lvl");
  CHECK_STR(option, "high");

  CHECK_STATUS(RUBRIC_OK, rubric_options_create(&options));
  CHECK_STATUS(RUBRIC_OK, rubric_options_set_string(options, "file_name", "mini.csv"));
  CHECK_STATUS(RUBRIC_OK, rubric_session_load_csv(session, &diagnostics, capi_mini_wide_csv,
                                                  strlen(capi_mini_wide_csv), options));
  /* Options may be freed (or changed) right after use. */
  rubric_options_free(options);
  rubric_diagnostics_free(diagnostics);
  CHECK_STATUS(RUBRIC_OK, rubric_session_find_row(session, "E1", 2024, &row));
  CHECK_STATUS(RUBRIC_OK, rubric_session_grade(session, row, &grade));
  rubric_session_free(session);
  /* The other session still works, and the grade string lives as long as the standard. */
  CHECK_STR(grade, "A");
  CHECK_STATUS(RUBRIC_OK, rubric_session_add_row(second, "E1", 2024, &row));
  CHECK_STATUS(RUBRIC_OK, rubric_session_set_string(second, row, IN_LVL, "high"));
  CHECK_NEAR(total_of(second, row), 3, 0);
  rubric_session_free(second);

  /* Diagnostics outlive the standard's compilation and the session's load. */
  {
    const char* bad = "standard s { indicator a points 1 { score nope } }";
    rubric_standard* none = NULL;
    diagnostics = NULL;
    CHECK_STATUS(RUBRIC_COMPILE_ERROR,
                 rubric_standard_compile(&none, &diagnostics, bad, strlen(bad), NULL));
    CHECK_STR(rubric_diagnostic_code(diagnostics, 0), "E0101");
    rubric_diagnostics_free(diagnostics);
  }
}

/* rubric_session_load_csv_file: the file is checked (a regular file) before it is read,
 * and a refusal says why through rubric_session_last_error. */
void test_load_csv_file(void) {
  static const struct {
    const char* path;
    const char* reason;
  } refused[] = {
      {"/dev/zero", ": a character device, not a regular file"},
      {RUBRIC_SOURCE_DIR, ": Is a directory"},
      {RUBRIC_SOURCE_DIR "/absent.csv", ": No such file or directory"},
  };
  char path[4096];
  size_t i;
  rubric_diagnostics* diagnostics = NULL;
  rubric_session* session = NULL;
  rubric_standard* consortium = capi_compile_file("examples/consortium/standard.rubric");
  if (consortium == NULL) return;
  snprintf(path, sizeof path, "%s/examples/consortium/cities.csv", RUBRIC_SOURCE_DIR);
  CHECK_STATUS(RUBRIC_OK, rubric_session_create(&session, consortium));
  CHECK_STATUS(RUBRIC_OK, rubric_session_load_csv_file(session, &diagnostics, path, NULL));
  CHECK(rubric_session_row_count(session) == 90);
  CHECK(rubric_diagnostics_error_count(diagnostics) == 0);
  rubric_diagnostics_free(diagnostics);

  for (i = 0; i < sizeof refused / sizeof refused[0]; ++i) {
    char expected[4200];
    diagnostics = NULL;
    snprintf(expected, sizeof expected, "cannot read %s%s", refused[i].path, refused[i].reason);
    CHECK_STATUS(RUBRIC_INVALID_ARGUMENT,
                 rubric_session_load_csv_file(session, &diagnostics, refused[i].path, NULL));
    CHECK(diagnostics == NULL);
    CHECK_STR(rubric_session_last_error(session), expected);
  }
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT,
               rubric_session_load_csv_file(session, &diagnostics, NULL, NULL));
  CHECK(rubric_session_row_count(session) == 90);
  rubric_session_free(session);
  rubric_standard_free(consortium);
}
