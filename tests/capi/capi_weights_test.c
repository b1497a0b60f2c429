/* Outputs and weighted groups through the C ABI: an output's value and text (a named band),
 * and a weighted group's AHP weights and consistency as JSON. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "capi_test.h"

static const char* const kWeightsSource =
    "standard w {\n"
    "  input a : number\n"
    "  input b : number\n"
    "  group g {\n"
    "    weights ahp {\n"
    "      x: 1 3\n"
    "      y: 1\n"
    "    }\n"
    "    indicator x { value a }\n"
    "    indicator y { value b }\n"
    "  }\n"
    "  output let doubled \"twice g\" = g * 2\n"
    "  output let level = band(g) { high >= 5  low otherwise }\n"
    "}\n";

static const char* const kWeightsCsv =
    "entity,period,a,b\n"
    "A,2024,8,4\n"
    "B,2024,1,1\n";

void test_outputs_and_weights(void) {
  rubric_standard* s = capi_compile_text(kWeightsSource);
  rubric_session* session;
  double value = 0;
  char* text = NULL;
  if (s == NULL) return;
  CHECK(rubric_standard_output_count(s) == 2);
  CHECK_STR(rubric_standard_output_id(s, 0), "doubled");
  CHECK_STR(rubric_standard_output_label(s, 0), "twice g");
  CHECK_STR(rubric_standard_output_id(s, 1), "level");
  CHECK(rubric_standard_output_id(s, 2) == NULL);
  CHECK(rubric_standard_output_label(NULL, 0) == NULL);

  /* AHP of a 2x2 matrix with 3: weights 3/4 and 1/4, always consistent. */
  CHECK_STATUS(RUBRIC_OK, rubric_standard_weighted_groups_json(s, &text));
  CHECK(text != NULL && strstr(text, "\"group\":\"g\"") != NULL &&
        strstr(text, "\"weights\":[0.75,0.25]") != NULL && strstr(text, "\"cr\":0.0") != NULL);
  rubric_string_free(text);
  text = NULL;
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_standard_weighted_groups_json(s, NULL));

  session = capi_session_from_text(s, kWeightsCsv);
  if (session == NULL) {
    rubric_standard_free(s);
    return;
  }
  /* Row A: g = 0.75 x 8 + 0.25 x 4 = 7. */
  CHECK_STATUS(RUBRIC_OK, rubric_session_output_value(session, 0, 0, &value));
  CHECK_NEAR(value, 14, 1e-12);
  CHECK_STATUS(RUBRIC_OK, rubric_session_output_value(session, 0, 1, &value));
  CHECK(value == 1);
  CHECK_STATUS(RUBRIC_OK, rubric_session_output_text(session, 0, 1, &text));
  CHECK_STR(text, "high");
  rubric_string_free(text);
  text = NULL;
  CHECK_STATUS(RUBRIC_OK, rubric_session_output_text(session, 1, 1, &text));
  CHECK_STR(text, "low");
  rubric_string_free(text);
  text = NULL;
  CHECK_STATUS(RUBRIC_OK, rubric_session_output_text(session, 1, 0, &text));
  CHECK_STR(text, "2");
  rubric_string_free(text);
  text = NULL;

  /* Misuse: bad indices and NULL outputs are errors, never crashes. */
  CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_output_value(session, 0, 2, &value));
  CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_output_text(session, 0, 2, &text));
  CHECK(text == NULL);
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_output_value(session, 0, 0, NULL));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_output_text(session, 0, 0, NULL));
  CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_output_text(session, 9, 0, &text));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_output_value(NULL, 0, 0, &value));

  rubric_session_free(session);
  rubric_standard_free(s);
}
