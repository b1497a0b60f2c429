/* Decision analysis through the C ABI: goal and attribute take JSON options and give JSON
 * results, leave the session's values as they were, and refuse bad options and handles. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "capi_test.h"

void test_analysis_json(void) {
  rubric_standard* s = capi_compile_file("examples/guide/06_grades.rubric");
  rubric_session* session;
  char* json = NULL;
  size_t row = 0;
  double before = 0, after = 0;
  if (s == NULL) return;
  session = capi_session_from_file(s, "examples/guide/06_grades.csv", NULL);
  if (session == NULL) {
    rubric_standard_free(s);
    return;
  }
  CHECK_STATUS(RUBRIC_OK, rubric_session_find_row(session, "无锡", 2023, &row));
  CHECK_STATUS(RUBRIC_OK, rubric_session_total(session, row, &before));

  /* goal: the next grade (优秀, 9 points) is reached by one input alone. */
  CHECK_STATUS(RUBRIC_OK, rubric_session_goal_json(session, row, NULL, &json));
  CHECK(json != NULL && strstr(json, "\"grade\": \"优秀\",\n    \"total\": 9.0") != NULL &&
        strstr(json, "\"input\": \"p7_1_2\"") != NULL);
  rubric_string_free(json);
  json = NULL;
  CHECK_STATUS(RUBRIC_OK, rubric_session_total(session, row, &after));
  CHECK(before == after);
  CHECK_STATUS(RUBRIC_OK, rubric_session_goal_json(session, row, "{\"total\": 8}", &json));
  CHECK(json != NULL && strstr(json, "\"already\": true") != NULL);
  rubric_string_free(json);
  json = NULL;

  /* attribute: the change of the total from 2023 to 2024. */
  CHECK_STATUS(RUBRIC_OK,
               rubric_session_attribute_json(
                   session, "{\"entity\": \"无锡\", \"from\": 2023, \"to\": 2024}", &json));
  CHECK(json != NULL && strstr(json, "\"entity\": \"无锡\"") != NULL &&
        strstr(json, "\"change\": ") != NULL);
  rubric_string_free(json);
  json = NULL;

  /* sensitivity: the same seed gives the same JSON, whatever the threads. */
  {
    char* again = NULL;
    CHECK_STATUS(RUBRIC_OK, rubric_session_sensitivity_json(
                                session, "{\"samples\": 100, \"seed\": 3}", &json));
    CHECK_STATUS(RUBRIC_OK,
                 rubric_session_sensitivity_json(
                     session, "{\"samples\": 100, \"seed\": 3, \"threads\": 2}", &again));
    CHECK(json != NULL && again != NULL && strcmp(json, again) == 0 &&
          strstr(json, "\"samples\": 100") != NULL);
    rubric_string_free(json);
    rubric_string_free(again);
    json = NULL;
    CHECK_STATUS(RUBRIC_INVALID_ARGUMENT,
                 rubric_session_sensitivity_json(session, "{\"samples\": 0}", &json));
    CHECK(json == NULL);
  }

  /* Misuse: bad options, rows and handles are errors with a message, never crashes. */
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT,
               rubric_session_goal_json(session, row, "{\"grade\": \"none\"}", &json));
  CHECK(json == NULL && strlen(rubric_session_last_error(session)) > 0);
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_goal_json(session, row, "{oops", &json));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT,
               rubric_session_goal_json(session, row, "{\"nonsense\": 1}", &json));
  CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_goal_json(session, 9999, NULL, &json));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_goal_json(session, row, NULL, NULL));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_goal_json(NULL, 0, NULL, &json));
  CHECK_STATUS(RUBRIC_INVALID_UTF8,
               rubric_session_goal_json(session, row, "{\"grade\": \"\xff\"}", &json));
  CHECK(rubric_session_attribute_json(session,
                                      "{\"entity\": \"nobody\", \"from\": 2023, "
                                      "\"to\": 2024}",
                                      &json) != RUBRIC_OK);
  CHECK(json == NULL);
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_attribute_json(NULL, "{}", &json));
  CHECK_STATUS(RUBRIC_OK, rubric_session_total(session, row, &after));
  CHECK(before == after);

  rubric_session_free(session);
  rubric_standard_free(s);
}
