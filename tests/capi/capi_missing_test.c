/* Missing results through the C ABI: a value computed from a missing input is told apart
 * from other NaN, a missing total has its reason, and imputed values are listed. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "capi_test.h"

static const char* const kMissingSource =
    "standard m {\n"
    "  input region : enum { east, west }\n"
    "  input x : number missing exclude\n"
    "  input y : number missing impute cohort_mean by region\n"
    "  indicator a points 1 { score x / 10 }\n"
    "  indicator b points 1 { score y / 10 }\n"
    "  indicator bad points 1 { score sqrt(0 - 1) }\n"
    "}\n";

static const char* const kMissingCsv =
    "entity,period,region,x,y\n"
    "A,2024,east,5,4\n"
    "B,2024,east,,\n"
    "C,2024,west,,\n";

void test_missing_values(void) {
  rubric_standard* s = capi_compile_text(kMissingSource);
  rubric_session* session;
  double value = 0;
  char* text = NULL;
  size_t a = 0, b = 0, bad = 0;
  if (s == NULL) return;
  session = capi_session_from_text(s, kMissingCsv);
  if (session == NULL) {
    rubric_standard_free(s);
    return;
  }
  CHECK_STATUS(RUBRIC_OK, rubric_standard_find_node(s, "a", &a));
  CHECK_STATUS(RUBRIC_OK, rubric_standard_find_node(s, "b", &b));
  CHECK_STATUS(RUBRIC_OK, rubric_standard_find_node(s, "bad", &bad));

  /* Row A: everything present; its `bad` is a NaN that is not missing. */
  CHECK_STATUS(RUBRIC_OK, rubric_session_node_value(session, 0, a, &value));
  CHECK(value == 0.5 && !rubric_value_is_missing(value));
  CHECK_STATUS(RUBRIC_OK, rubric_session_node_value(session, 0, bad, &value));
  CHECK(isnan(value) && !rubric_value_is_missing(value));

  /* Row B: x missing (flows), y imputed from A (the mean of the east's present values). */
  CHECK_STATUS(RUBRIC_OK, rubric_session_node_value(session, 1, a, &value));
  CHECK(rubric_value_is_missing(value));
  CHECK_STATUS(RUBRIC_OK, rubric_session_node_value(session, 1, b, &value));
  CHECK_NEAR(value, 0.4, 1e-15);
  CHECK_STATUS(RUBRIC_OK, rubric_session_imputations_json(session, 1, &text));
  CHECK(text != NULL && strstr(text, "\"input\":\"y\"") != NULL &&
        strstr(text, "mean of 1 present value (by region = east)") != NULL);
  rubric_string_free(text);
  text = NULL;
  CHECK_STATUS(RUBRIC_OK, rubric_session_imputations_json(session, 0, &text));
  CHECK_STR(text, "[]");
  rubric_string_free(text);
  text = NULL;

  /* B's total has a value (b was imputed): no reason. */
  CHECK_STATUS(RUBRIC_OK, rubric_session_missing_reason(session, 1, &text));
  CHECK_STR(text, "");
  rubric_string_free(text);
  text = NULL;

  /* Misuse: NULL output, bad row. */
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_missing_reason(session, 0, NULL));
  CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_missing_reason(session, 99, &text));
  CHECK(text == NULL);
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_imputations_json(NULL, 0, &text));
  CHECK(rubric_value_is_missing(NAN) == 0);
  CHECK(rubric_value_is_missing(0.0) == 0);
  rubric_session_free(session);
  rubric_standard_free(s);
}

static const char* const kNoTotalSource =
    "standard t {\n"
    "  input x : number missing exclude\n"
    "  input z : number missing exclude\n"
    "  indicator a points 1 { score x / 10 }\n"
    "  indicator c points 1 { score z / 10 }\n"
    "  grades { good >= 1  poor otherwise }\n"
    "}\n";

void test_missing_total(void) {
  rubric_standard* s = capi_compile_text(kNoTotalSource);
  rubric_session* session;
  double total = 0;
  const char* grade = "unset";
  char* reason = NULL;
  if (s == NULL) return;
  session = capi_session_from_text(s, "entity,period,x,z\nA,2024,5,\nB,2024,,\n");
  if (session == NULL) {
    rubric_standard_free(s);
    return;
  }
  CHECK_STATUS(RUBRIC_OK, rubric_session_total(session, 0, &total));
  CHECK_NEAR(total, 1.0, 1e-15); /* a's 0.5 of its 1 point, redistributed over the 2 */
  CHECK_STATUS(RUBRIC_OK, rubric_session_total(session, 1, &total));
  CHECK(rubric_value_is_missing(total));
  CHECK_STATUS(RUBRIC_OK, rubric_session_grade(session, 1, &grade));
  CHECK(grade == NULL);
  CHECK_STATUS(RUBRIC_OK, rubric_session_missing_reason(session, 1, &reason));
  CHECK_STR(reason, "no part of the total has a value: missing x, z");
  rubric_string_free(reason);
  rubric_session_free(session);
  rubric_standard_free(s);
}
