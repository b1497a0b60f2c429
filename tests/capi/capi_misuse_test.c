/* Misuse of every function: NULL handles, NULL outputs, indices past the end, removed rows,
 * invalid UTF-8. Each gives a status (or 0 / NULL / -1 from accessors), never a crash, and
 * outputs stay untouched. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "capi_test.h"

enum { IN_B, IN_X, IN_PCT, IN_LVL, IN_N, IN_R, IN_T, INPUTS };

#define BAD RUBRIC_INVALID_ARGUMENT

void test_null_handles(void) {
  size_t index = 7, count = 7;
  double number = 7;
  int flag = 7;
  int64_t period = 7;
  const char* text = "untouched";
  char* json = (char*)"untouched";
  const size_t rows[1] = {0};
  const double values[1] = {1};
  rubric_diagnostics* diagnostics = NULL;

  /* Options. */
  CHECK_STATUS(BAD, rubric_options_set_string(NULL, "file_name", "x"));
  CHECK_STATUS(BAD, rubric_options_set_int(NULL, "max_errors", 1));
  rubric_options_free(NULL);

  /* Standard. */
  rubric_standard_free(NULL);
  CHECK(rubric_standard_id(NULL) == NULL);
  CHECK(rubric_standard_title(NULL) == NULL);
  CHECK(rubric_standard_version(NULL) == NULL);
  CHECK(rubric_standard_content_hash(NULL) == NULL);
  CHECK(rubric_standard_input_count(NULL) == 0);
  CHECK_STATUS(BAD, rubric_standard_find_input(NULL, "b", &index));
  CHECK(rubric_standard_input_id(NULL, 0) == NULL);
  CHECK(rubric_standard_input_label(NULL, 0) == NULL);
  CHECK(rubric_standard_input_type(NULL, 0) == -1);
  CHECK(rubric_standard_input_unit(NULL, 0) == NULL);
  CHECK(rubric_standard_input_option_count(NULL, 0) == 0);
  CHECK(rubric_standard_input_option(NULL, 0, 0) == NULL);
  CHECK(rubric_standard_node_count(NULL) == 0);
  CHECK_STATUS(BAD, rubric_standard_find_node(NULL, "g", &index));
  CHECK(rubric_standard_node_id(NULL, 0) == NULL);
  CHECK(rubric_standard_node_label(NULL, 0) == NULL);
  CHECK(rubric_standard_node_kind(NULL, 0) == -1);
  CHECK_STATUS(BAD, rubric_standard_node_parent(NULL, 0, &index));
  CHECK_STATUS(BAD, rubric_standard_node_points(NULL, 0, &number));
  CHECK(rubric_standard_veto_count(NULL) == 0);
  CHECK(rubric_standard_veto_id(NULL, 0) == NULL);
  CHECK(rubric_standard_veto_label(NULL, 0) == NULL);
  CHECK(rubric_standard_grade_count(NULL) == 0);
  CHECK(rubric_standard_grade_name(NULL, 0) == NULL);

  /* Session. */
  {
    rubric_session* session = NULL;
    CHECK_STATUS(BAD, rubric_session_create(&session, NULL));
    CHECK(session == NULL);
  }
  rubric_session_free(NULL);
  CHECK_STR(rubric_session_last_error(NULL), "");
  CHECK_STATUS(BAD, rubric_session_add_row(NULL, "E1", 2024, &index));
  CHECK_STATUS(BAD, rubric_session_find_row(NULL, "E1", 2024, &index));
  CHECK_STATUS(BAD, rubric_session_remove_row(NULL, 0));
  CHECK_STATUS(BAD, rubric_session_row_live(NULL, 0, &flag));
  CHECK(rubric_session_row_count(NULL) == 0);
  CHECK_STATUS(BAD, rubric_session_row_entity(NULL, 0, &text));
  CHECK_STATUS(BAD, rubric_session_row_period(NULL, 0, &period));
  CHECK_STATUS(BAD, rubric_session_set_number(NULL, 0, 0, 1));
  CHECK_STATUS(BAD, rubric_session_set_option(NULL, 0, 0, 0));
  CHECK_STATUS(BAD, rubric_session_set_text(NULL, 0, 0, "x"));
  CHECK_STATUS(BAD, rubric_session_set_string(NULL, 0, 0, "x"));
  CHECK_STATUS(BAD, rubric_session_clear(NULL, 0, 0));
  CHECK_STATUS(BAD, rubric_session_set_numbers(NULL, 0, rows, values, NULL, 1));
  CHECK_STATUS(BAD, rubric_session_get_value(NULL, 0, 0, &number, &flag));
  CHECK_STATUS(BAD, rubric_session_load_csv(NULL, &diagnostics, "", 0, NULL));
  CHECK(diagnostics == NULL);
  CHECK_STATUS(BAD, rubric_session_load_csv(NULL, NULL, "", 0, NULL));
  CHECK_STATUS(BAD, rubric_session_evaluate(NULL));
  CHECK_STATUS(BAD, rubric_session_total(NULL, 0, &number));
  CHECK_STATUS(BAD, rubric_session_node_value(NULL, 0, 0, &number));
  CHECK_STATUS(BAD, rubric_session_grade(NULL, 0, &text));
  CHECK_STATUS(BAD, rubric_session_scorable(NULL, 0, &flag));
  CHECK_STATUS(BAD, rubric_session_vetoed(NULL, 0, &flag));
  CHECK_STATUS(BAD, rubric_session_fired_veto_count(NULL, 0, &count));
  CHECK_STATUS(BAD, rubric_session_fired_veto(NULL, 0, 0, &index));
  CHECK_STATUS(BAD, rubric_session_explain_json(NULL, 0, NULL, &json));
  CHECK(rubric_session_ops(NULL) == 0);
  /* No output was written. */
  CHECK(index == 7 && count == 7 && number == 7 && flag == 7 && period == 7);
  CHECK_STR(text, "untouched");
  CHECK_STR(json, "untouched");
}

void test_null_outputs(void) {
  rubric_standard* s = capi_compile_text(capi_mini_source);
  rubric_session* session;
  size_t row = 0;
  const size_t rows[1] = {0};
  if (s == NULL) return;
  /* Handles through NULL. */
  CHECK_STATUS(BAD, rubric_options_create(NULL));
  CHECK_STATUS(
      BAD, rubric_standard_compile(NULL, NULL, capi_mini_source, strlen(capi_mini_source), NULL));
  {
    rubric_diagnostics* diagnostics = NULL;
    CHECK_STATUS(BAD, rubric_standard_compile(NULL, &diagnostics, capi_mini_source,
                                              strlen(capi_mini_source), NULL));
    rubric_diagnostics_free(diagnostics);
  }
  CHECK_STATUS(BAD, rubric_session_create(NULL, s));
  /* Standard outputs and id inputs. */
  CHECK_STATUS(BAD, rubric_standard_find_input(s, "b", NULL));
  CHECK_STATUS(BAD, rubric_standard_find_input(s, NULL, &row));
  CHECK_STATUS(BAD, rubric_standard_find_node(s, "g", NULL));
  CHECK_STATUS(BAD, rubric_standard_find_node(s, NULL, &row));
  CHECK_STATUS(BAD, rubric_standard_node_parent(s, 1, NULL));
  CHECK_STATUS(BAD, rubric_standard_node_parent(s, 0, NULL));
  CHECK_STATUS(BAD, rubric_standard_node_points(s, 0, NULL));
  CHECK_STATUS(BAD, rubric_standard_node_points(s, 5, NULL));
  /* Source: NULL with a length. */
  {
    rubric_standard* none = NULL;
    CHECK_STATUS(BAD, rubric_standard_compile(&none, NULL, NULL, 10, NULL));
    CHECK(none == NULL);
  }

  session = capi_session_from_text(s, capi_mini_wide_csv);
  if (session == NULL) {
    rubric_standard_free(s);
    return;
  }
  row = capi_row(session, "E1", 2024);
  /* Every session output. */
  CHECK_STATUS(BAD, rubric_session_find_row(session, "E1", 2024, NULL));
  CHECK(strlen(rubric_session_last_error(session)) > 0);
  CHECK_STATUS(BAD, rubric_session_row_live(session, row, NULL));
  CHECK_STATUS(BAD, rubric_session_row_entity(session, row, NULL));
  CHECK_STATUS(BAD, rubric_session_row_period(session, row, NULL));
  CHECK_STATUS(BAD, rubric_session_get_value(session, row, IN_X, NULL, NULL));
  CHECK_STATUS(BAD, rubric_session_total(session, row, NULL));
  CHECK_STATUS(BAD, rubric_session_node_value(session, row, 0, NULL));
  CHECK_STATUS(BAD, rubric_session_grade(session, row, NULL));
  CHECK_STATUS(BAD, rubric_session_scorable(session, row, NULL));
  CHECK_STATUS(BAD, rubric_session_vetoed(session, row, NULL));
  CHECK_STATUS(BAD, rubric_session_fired_veto_count(session, row, NULL));
  CHECK_STATUS(BAD, rubric_session_fired_veto(session, row, 0, NULL));
  CHECK_STATUS(BAD, rubric_session_explain_json(session, row, NULL, NULL));
  CHECK_STATUS(BAD, rubric_session_explain_json(session, row, "g", NULL));
  /* Every session string input. */
  CHECK_STATUS(BAD, rubric_session_add_row(session, NULL, 2024, &row));
  CHECK_STATUS(BAD, rubric_session_find_row(session, NULL, 2024, &row));
  CHECK_STATUS(BAD, rubric_session_set_text(session, row, IN_T, NULL));
  CHECK_STATUS(BAD, rubric_session_set_string(session, row, IN_X, NULL));
  CHECK_STATUS(BAD, rubric_session_load_csv(session, NULL, NULL, 3, NULL));
  /* Arrays of the bulk setter. */
  CHECK_STATUS(BAD, rubric_session_set_numbers(session, IN_X, NULL, NULL, NULL, 1));
  CHECK_STATUS(BAD, rubric_session_set_numbers(session, IN_X, rows, NULL, NULL, 1));
  /* The row count did not move, nothing was set. */
  CHECK(rubric_session_row_count(session) == 5);
  {
    double x = 0;
    CHECK_STATUS(RUBRIC_OK, rubric_session_get_value(session, row, IN_X, &x, NULL));
    CHECK(x == 50);
  }
  rubric_session_free(session);
  rubric_standard_free(s);
}

void test_out_of_range(void) {
  rubric_standard* s = capi_compile_text(capi_mini_source);
  rubric_session* session;
  size_t row, index = 7, count = 7;
  const size_t past[] = {5, 6, 1000, SIZE_MAX};
  size_t i;
  double number = 7;
  int flag = 7;
  int64_t period = 7;
  const char* text = "untouched";
  char* json = NULL;
  if (s == NULL) return;
  session = capi_session_from_text(s, capi_mini_wide_csv);
  if (session == NULL) {
    rubric_standard_free(s);
    return;
  }
  row = capi_row(session, "E1", 2024);
  /* Rows past the end (5 rows). */
  for (i = 0; i < sizeof past / sizeof past[0]; ++i) {
    const size_t r = past[i];
    CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_remove_row(session, r));
    CHECK(strlen(rubric_session_last_error(session)) > 0);
    CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_row_live(session, r, &flag));
    CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_row_entity(session, r, &text));
    CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_row_period(session, r, &period));
    CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_set_number(session, r, IN_X, 1));
    CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_set_option(session, r, IN_LVL, 0));
    CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_set_text(session, r, IN_T, "x"));
    CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_set_string(session, r, IN_X, "1"));
    CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_clear(session, r, IN_X));
    CHECK_STATUS(RUBRIC_OUT_OF_RANGE,
                 rubric_session_set_numbers(session, IN_X, &r, &number, NULL, 1));
    CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_get_value(session, r, IN_X, &number, NULL));
    CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_total(session, r, &number));
    CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_node_value(session, r, 0, &number));
    CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_grade(session, r, &text));
    CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_scorable(session, r, &flag));
    CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_vetoed(session, r, &flag));
    CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_fired_veto_count(session, r, &count));
    CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_fired_veto(session, r, 0, &index));
    CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_explain_json(session, r, NULL, &json));
  }
  /* Inputs past the end (7 inputs). */
  for (i = 0; i < 2; ++i) {
    const size_t input = i == 0 ? INPUTS : SIZE_MAX;
    CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_set_number(session, row, input, 1));
    CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_set_option(session, row, input, 0));
    CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_set_text(session, row, input, "x"));
    CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_set_string(session, row, input, "1"));
    CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_clear(session, row, input));
    CHECK_STATUS(RUBRIC_OUT_OF_RANGE,
                 rubric_session_set_numbers(session, input, &row, &number, NULL, 1));
    CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_get_value(session, row, input, &number, NULL));
    CHECK(rubric_standard_input_id(s, input) == NULL);
    CHECK(rubric_standard_input_type(s, input) == -1);
  }
  /* Nodes, options and fired vetoes past the end. */
  CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_node_value(session, row, 6, &number));
  CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_node_value(session, row, SIZE_MAX, &number));
  CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_set_option(session, row, IN_LVL, 3));
  CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_fired_veto(session, row, 0, &index));
  CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_fired_veto(session, row, SIZE_MAX, &index));
  CHECK(rubric_standard_node_id(s, SIZE_MAX) == NULL);
  CHECK(rubric_standard_veto_id(s, SIZE_MAX) == NULL);
  CHECK(rubric_standard_grade_name(s, SIZE_MAX) == NULL);
  CHECK(rubric_standard_input_option(s, IN_LVL, SIZE_MAX) == NULL);
  /* Nothing was written. */
  CHECK(index == 7 && count == 7 && number == 7 && flag == 7 && period == 7 && json == NULL);
  CHECK_STR(text, "untouched");
  rubric_session_free(session);
  rubric_standard_free(s);
}

void test_removed_row(void) {
  rubric_standard* s = capi_compile_text(capi_mini_source);
  rubric_session* session;
  size_t row, index = 7, count = 7;
  double number = 7;
  int flag = 7;
  const char* text = "untouched";
  char* json = NULL;
  if (s == NULL) return;
  session = capi_session_from_text(s, capi_mini_wide_csv);
  if (session == NULL) {
    rubric_standard_free(s);
    return;
  }
  row = capi_row(session, "E2", 2024);
  CHECK_STATUS(RUBRIC_OK, rubric_session_remove_row(session, row));
  /* Still an index: live says 0, entity and period are kept. */
  CHECK_STATUS(RUBRIC_OK, rubric_session_row_live(session, row, &flag));
  CHECK(flag == 0);
  CHECK_STATUS(RUBRIC_OK, rubric_session_row_entity(session, row, &text));
  CHECK_STR(text, "E2");
  text = "untouched";
  /* Everything else refuses it. */
  CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_remove_row(session, row));
  CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_set_number(session, row, IN_X, 1));
  CHECK(strlen(rubric_session_last_error(session)) > 0);
  CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_set_option(session, row, IN_LVL, 0));
  CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_set_text(session, row, IN_T, "x"));
  CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_set_string(session, row, IN_X, "1"));
  CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_clear(session, row, IN_X));
  CHECK_STATUS(RUBRIC_OUT_OF_RANGE,
               rubric_session_set_numbers(session, IN_X, &row, &number, NULL, 1));
  CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_get_value(session, row, IN_X, &number, NULL));
  CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_total(session, row, &number));
  CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_node_value(session, row, 0, &number));
  CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_grade(session, row, &text));
  CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_scorable(session, row, &flag));
  CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_vetoed(session, row, &flag));
  CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_fired_veto_count(session, row, &count));
  CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_fired_veto(session, row, 0, &index));
  CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_explain_json(session, row, NULL, &json));
  CHECK_STATUS(RUBRIC_NOT_FOUND, rubric_session_find_row(session, "E2", 2024, &index));
  CHECK(index == 7 && count == 7 && number == 7 && flag == 0 && json == NULL);
  CHECK_STR(text, "untouched");
  /* The other rows are untouched; a full evaluation skips the removed one. */
  CHECK_STATUS(RUBRIC_OK, rubric_session_evaluate(session));
  CHECK_STATUS(RUBRIC_OK, rubric_session_total(session, capi_row(session, "E1", 2024), &number));
  CHECK_NEAR(number, 10.2, 1e-12);
  rubric_session_free(session);
  rubric_standard_free(s);
}

void test_invalid_utf8(void) {
  /* Truncated, stray continuation, overlong, surrogate, past U+10FFFF, 0xFF. */
  static const char* const bad[] = {"a\xe4\xb8",        "\x80", "\xc0\xaf",        "\xed\xa0\x80",
                                    "\xf4\x90\x80\x80", "\xff", "ok then \xc3\x28"};
  rubric_standard* s = capi_compile_text(capi_mini_source);
  rubric_session* session = NULL;
  rubric_options* options = NULL;
  size_t row = 0, i, index = 7;
  int input;
  if (s == NULL) return;
  CHECK_STATUS(RUBRIC_OK, rubric_session_create(&session, s));
  CHECK_STATUS(RUBRIC_OK, rubric_options_create(&options));
  CHECK_STATUS(RUBRIC_OK, rubric_session_add_row(session, "E1", 2024, &row));
  for (i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
    /* Entities, texts, strings of every type, option values: INVALID_UTF8. */
    CHECK_STATUS(RUBRIC_INVALID_UTF8, rubric_session_add_row(session, bad[i], 2024, &index));
    CHECK(strlen(rubric_session_last_error(session)) > 0);
    CHECK_STATUS(RUBRIC_INVALID_UTF8, rubric_session_set_text(session, row, IN_T, bad[i]));
    for (input = IN_B; input < INPUTS; ++input) {
      CHECK_STATUS(RUBRIC_INVALID_UTF8,
                   rubric_session_set_string(session, row, (size_t)input, bad[i]));
    }
    CHECK_STATUS(RUBRIC_INVALID_UTF8, rubric_options_set_string(options, "file_name", bad[i]));
    CHECK_STATUS(RUBRIC_INVALID_UTF8, rubric_options_set_string(options, "entity_column", bad[i]));
    CHECK_STATUS(RUBRIC_INVALID_UTF8, rubric_options_set_string(options, "period_column", bad[i]));
    CHECK_STATUS(RUBRIC_INVALID_UTF8, rubric_options_set_string(options, "ignore_columns", bad[i]));
    /* Look-ups find nothing (and never crash). */
    CHECK(rubric_session_find_row(session, bad[i], 2024, &index) != RUBRIC_OK);
    CHECK(rubric_standard_find_input(s, bad[i], &index) != RUBRIC_OK);
    CHECK(rubric_standard_find_node(s, bad[i], &index) != RUBRIC_OK);
    {
      char* json = NULL;
      CHECK(rubric_session_explain_json(session, row, bad[i], &json) != RUBRIC_OK);
      CHECK(json == NULL);
    }
    /* Source: E0001. */
    {
      char source[128];
      rubric_standard* none = NULL;
      rubric_diagnostics* diagnostics = NULL;
      snprintf(source, sizeof source, "standard s \"%s\" { indicator a points 1 { score 1 } }",
               bad[i]);
      CHECK_STATUS(RUBRIC_COMPILE_ERROR,
                   rubric_standard_compile(&none, &diagnostics, source, strlen(source), NULL));
      CHECK(none == NULL);
      CHECK_STR(rubric_diagnostic_code(diagnostics, 0), "E0001");
      CHECK(rubric_diagnostic_offset(diagnostics, 0) >= 12);
      rubric_diagnostics_free(diagnostics);
    }
    /* CSV, long and wide, in a value, an entity and a header: D0007. */
    {
      char csv[160];
      int format;
      for (format = 0; format < 3; ++format) {
        rubric_session* target = NULL;
        rubric_diagnostics* diagnostics = NULL;
        if (format == 0) {
          snprintf(csv, sizeof csv, "entity,period,input,value\nE9,2024,t,%s\n", bad[i]);
        } else if (format == 1) {
          snprintf(csv, sizeof csv, "entity,period,b,t\n%s,2024,true,x\n", bad[i]);
        } else {
          snprintf(csv, sizeof csv, "entity,period,%s\nE9,2024,x\n", bad[i]);
        }
        CHECK_STATUS(RUBRIC_OK, rubric_session_create(&target, s));
        CHECK_STATUS(RUBRIC_DATA_ERROR,
                     rubric_session_load_csv(target, &diagnostics, csv, strlen(csv), NULL));
        CHECK_STR(rubric_diagnostic_code(diagnostics, 0), "D0007");
        CHECK(rubric_diagnostic_line(diagnostics, 0) == (format == 2 ? 1 : 2));
        rubric_diagnostics_free(diagnostics);
        rubric_session_free(target);
      }
    }
  }
  /* Nothing bad got in. */
  CHECK(rubric_session_row_count(session) == 1);
  CHECK(index == 7);
  rubric_options_free(options);
  rubric_session_free(session);
  rubric_standard_free(s);
}

void test_last_error(void) {
  rubric_standard* s = capi_compile_text(capi_mini_source);
  rubric_session* session = NULL;
  size_t row = 0;
  int live = 0;
  double value = 0;
  const char* message;
  if (s == NULL) return;
  CHECK_STATUS(RUBRIC_OK, rubric_session_create(&session, s));
  CHECK_STR(rubric_session_last_error(session), "");
  CHECK_STATUS(RUBRIC_OK, rubric_session_add_row(session, "E1", 2024, &row));
  /* A failing call sets it... */
  CHECK_STATUS(RUBRIC_TYPE_MISMATCH, rubric_session_set_number(session, row, IN_LVL, 1));
  message = rubric_session_last_error(session);
  CHECK(strstr(message, "'lvl'") != NULL);
  /* ...reading it does not clear it... */
  CHECK(rubric_session_last_error(session) == message);
  /* ...and the next call clears it, whether it is a setter, a getter or a look-up. */
  CHECK_STATUS(RUBRIC_OK, rubric_session_set_number(session, row, IN_X, 1));
  CHECK_STR(rubric_session_last_error(session), "");
  CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_total(session, 9, &value));
  CHECK(strstr(rubric_session_last_error(session), "9") != NULL);
  CHECK_STATUS(RUBRIC_OK, rubric_session_row_live(session, row, &live));
  CHECK_STR(rubric_session_last_error(session), "");
  CHECK_STATUS(RUBRIC_NOT_FOUND, rubric_session_find_row(session, "E2", 2024, &row));
  CHECK(strstr(rubric_session_last_error(session), "E2") != NULL);
  CHECK_STATUS(RUBRIC_OK, rubric_session_get_value(session, row, IN_X, &value, NULL));
  CHECK_STR(rubric_session_last_error(session), "");
  CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_set_option(session, row, IN_LVL, 3));
  CHECK(strlen(rubric_session_last_error(session)) > 0);
  CHECK_STATUS(RUBRIC_OK, rubric_session_evaluate(session));
  CHECK_STR(rubric_session_last_error(session), "");
  /* Each session has its own. */
  {
    rubric_session* other = NULL;
    CHECK_STATUS(RUBRIC_OK, rubric_session_create(&other, s));
    CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_remove_row(other, 0));
    CHECK_STR(rubric_session_last_error(session), "");
    CHECK(strlen(rubric_session_last_error(other)) > 0);
    rubric_session_free(other);
  }
  rubric_session_free(session);
  rubric_standard_free(s);
}

/* Regression checks of bugs these tests found: D0009 missing after max_errors, lookups with
 * invalid UTF-8, a dangling row_entity pointer, int64 overflow at the ends of the period
 * range, and a crash loading a wide CSV into an existing row. */
void test_regressions(void) {
  rubric_standard* s = capi_compile_text(capi_mini_source);
  rubric_session* session = NULL;
  size_t row = 0, i;
  if (s == NULL) return;

  /* 1. D0009 is never reported: the loader stops at max_errors before it can add it. */
  {
    const char* many = "entity,period,input,value\nA,1,b,x\nA,1,x,y\nA,1,pct,z\nA,1,n,w\n";
    rubric_options* options = NULL;
    rubric_diagnostics* diagnostics = NULL;
    size_t d, found = 0;
    fprintf(stderr, "regression 1: D0009 after max_errors\n");
    rubric_options_create(&options);
    rubric_options_set_int(options, "max_errors", 2);
    CHECK_STATUS(RUBRIC_OK, rubric_session_create(&session, s));
    CHECK_STATUS(RUBRIC_DATA_ERROR,
                 rubric_session_load_csv(session, &diagnostics, many, strlen(many), options));
    for (d = 0; d < rubric_diagnostics_count(diagnostics); ++d) {
      found += strcmp(rubric_diagnostic_code(diagnostics, d), "D0009") == 0;
    }
    CHECK(found == 1);
    rubric_diagnostics_free(diagnostics);
    rubric_options_free(options);
    rubric_session_free(session);
    session = NULL;
  }

  /* 2. An invalid UTF-8 entity in find_row: NOT_FOUND (not INVALID_UTF8, as add_row says),
   * and last_error quotes the bad bytes, so the message is not UTF-8 itself. */
  {
    size_t index = 0;
    fprintf(stderr, "regression 2: find_row with invalid UTF-8\n");
    CHECK_STATUS(RUBRIC_OK, rubric_session_create(&session, s));
    CHECK_STATUS(RUBRIC_INVALID_UTF8, rubric_session_find_row(session, "E\xff", 2024, &index));
    CHECK(strchr(rubric_session_last_error(session), '\xff') == NULL);
    rubric_session_free(session);
    session = NULL;
  }

  /* 3. rubric_session_row_entity: "valid until the session is freed", but the pointer
   * dangles once add_row grows the session's vector of names (heap-use-after-free). */
  {
    const char* entity = NULL;
    char name[16];
    fprintf(stderr, "regression 3: row_entity pointer after add_row\n");
    CHECK_STATUS(RUBRIC_OK, rubric_session_create(&session, s));
    CHECK_STATUS(RUBRIC_OK, rubric_session_add_row(session, "E1", 2024, &row));
    CHECK_STATUS(RUBRIC_OK, rubric_session_row_entity(session, row, &entity));
    for (i = 0; i < 100; ++i) {
      snprintf(name, sizeof name, "X%d", (int)i);
      rubric_session_add_row(session, name, 2024, NULL);
    }
    CHECK_STR(entity, "E1");
    rubric_session_free(session);
    session = NULL;
  }

  /* 4. Periods at the ends of int64: prev()/next() links compute period - 1 and period + 1
   * with signed overflow, so INT64_MIN's previous period is INT64_MAX. */
  {
    size_t low = 0, high = 0;
    int vetoed = -1;
    fprintf(stderr, "regression 4: periods INT64_MIN and INT64_MAX\n");
    CHECK_STATUS(RUBRIC_OK, rubric_session_create(&session, s));
    CHECK_STATUS(RUBRIC_OK, rubric_session_add_row(session, "Z", INT64_MAX, &high));
    CHECK_STATUS(RUBRIC_OK, rubric_session_set_number(session, high, IN_B, 1));
    CHECK_STATUS(RUBRIC_OK, rubric_session_add_row(session, "Z", INT64_MIN, &low));
    CHECK_STATUS(RUBRIC_OK, rubric_session_set_number(session, low, IN_B, 0));
    CHECK_STATUS(RUBRIC_OK, rubric_session_vetoed(session, low, &vetoed));
    CHECK(vetoed == 0);
    rubric_session_free(session);
    session = NULL;
  }

  /* 5. A wide CSV naming a row the session already has (from add_row or an earlier load)
   * crashes: Loader::RowFor reads row_line_[row], which only covers rows of this load. */
  {
    const char* first = "entity,period,b\nE1,2024,true\n";
    const char* second = "entity,period,x\nE1,2024,50\n";
    rubric_diagnostics* diagnostics = NULL;
    fprintf(stderr, "regression 5: wide CSV into an existing row\n");
    CHECK_STATUS(RUBRIC_OK, rubric_session_create(&session, s));
    CHECK_STATUS(RUBRIC_OK, rubric_session_load_csv(session, NULL, first, strlen(first), NULL));
    /* Long data merge into existing rows; wide data should too (or report D0104 cleanly). */
    i = (size_t)rubric_session_load_csv(session, &diagnostics, second, strlen(second), NULL);
    CHECK(i == RUBRIC_OK || i == RUBRIC_DATA_ERROR);
    rubric_diagnostics_free(diagnostics);
    rubric_session_free(session);
  }
  rubric_standard_free(s);
}
