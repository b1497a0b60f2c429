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

  /* sensitivity in blocks of runs: blocks merged in any order give the whole sweep's JSON,
   * byte for byte; missing, overlapping and foreign blocks are errors. */
  {
    const char* options = "{\"samples\": 40, \"seed\": 3, \"vary\": \"30%\"}";
    char* whole = NULL;
    char* merged = NULL;
    char* block[3] = {NULL, NULL, NULL};
    size_t size[3] = {0, 0, 0};
    const size_t first[3] = {0, 15, 16}, count[3] = {15, 1, 24};
    const char* order[3];
    size_t order_size[3];
    int i;
    CHECK_STATUS(RUBRIC_OK, rubric_session_sensitivity_json(session, options, &whole));
    for (i = 0; i < 3; ++i) {
      CHECK_STATUS(RUBRIC_OK, rubric_session_sensitivity_runs(session, options, first[i], count[i],
                                                              &block[i], &size[i]));
      CHECK(block[i] != NULL && size[i] > 52 && (size[i] - 52) % (8 * count[i]) == 0);
    }
    /* The same rows in every block: 8 bytes a row a run after a 52-byte header. */
    CHECK((size[0] - 52) / 15 == (size[2] - 52) / 24);
    order[0] = block[2];
    order[1] = block[0];
    order[2] = block[1];
    order_size[0] = size[2];
    order_size[1] = size[0];
    order_size[2] = size[1];
    CHECK_STATUS(RUBRIC_OK, rubric_session_sensitivity_merge_json(session, options, order,
                                                                  order_size, 3, &merged));
    CHECK(whole != NULL && merged != NULL && strcmp(whole, merged) == 0);
    rubric_string_free(merged);
    merged = NULL;
    /* A block missing: runs 15 to 15 are in no block. */
    CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_sensitivity_merge_json(
                                              session, options, order, order_size, 2, &merged));
    CHECK(merged == NULL && strstr(rubric_session_last_error(session), "runs 15 to 15") != NULL);
    /* Overlapping. */
    order[2] = block[0];
    order_size[2] = size[0];
    CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_sensitivity_merge_json(
                                              session, options, order, order_size, 3, &merged));
    CHECK(strstr(rubric_session_last_error(session), "overlap") != NULL);
    /* Another seed; a cut block. */
    order[2] = block[1];
    order_size[2] = size[1];
    CHECK_STATUS(RUBRIC_INVALID_ARGUMENT,
                 rubric_session_sensitivity_merge_json(
                     session, "{\"samples\": 40, \"seed\": 4, \"vary\": \"30%\"}", order,
                     order_size, 3, &merged));
    CHECK(strstr(rubric_session_last_error(session), "seed 3, not 4") != NULL);
    order_size[0] = size[2] - 1;
    CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_sensitivity_merge_json(
                                              session, options, order, order_size, 3, &merged));
    CHECK(strstr(rubric_session_last_error(session), "not the bytes of a block") != NULL);
    /* Bad ranges and arguments. */
    CHECK_STATUS(RUBRIC_INVALID_ARGUMENT,
                 rubric_session_sensitivity_runs(session, options, 30, 11, &merged, &size[0]));
    CHECK(merged == NULL && size[0] == 0);
    CHECK_STATUS(RUBRIC_INVALID_ARGUMENT,
                 rubric_session_sensitivity_runs(session, options, 0, 0, &merged, &size[0]));
    CHECK_STATUS(RUBRIC_INVALID_ARGUMENT,
                 rubric_session_sensitivity_runs(session, "{\"samples\": 4, \"sobol\": true}", 0, 4,
                                                 &merged, &size[0]));
    CHECK(strstr(rubric_session_last_error(session), "sobol") != NULL);
    CHECK_STATUS(RUBRIC_INVALID_ARGUMENT,
                 rubric_session_sensitivity_runs(session, options, 0, 1, NULL, &size[0]));
    CHECK_STATUS(RUBRIC_INVALID_ARGUMENT,
                 rubric_session_sensitivity_runs(session, options, 0, 1, &merged, NULL));
    CHECK(merged == NULL);
    CHECK_STATUS(RUBRIC_INVALID_ARGUMENT,
                 rubric_session_sensitivity_runs(NULL, options, 0, 1, &merged, &size[0]));
    CHECK_STATUS(RUBRIC_INVALID_ARGUMENT,
                 rubric_session_sensitivity_merge_json(session, options, NULL, NULL, 3, &merged));
    CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_sensitivity_merge_json(
                                              session, options, order, order_size, 3, NULL));
    rubric_string_free(whole);
    for (i = 0; i < 3; ++i) rubric_string_free(block[i]);
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
