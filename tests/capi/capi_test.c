/* Tests of the C ABI, written in C99: every function on its good path, and misuse (NULL
 * handles and outputs, bad indices, wrong types, invalid UTF-8) giving a status, never a
 * crash. Prints "N passed, M failed". */
#include <math.h>
#include <rubric.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int passed = 0;
static int failed = 0;

#define CHECK(condition)                                                            \
  do {                                                                              \
    if (condition) {                                                                \
      ++passed;                                                                     \
    } else {                                                                        \
      ++failed;                                                                     \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #condition); \
    }                                                                               \
  } while (0)

#define CHECK_STATUS(expected, call) CHECK((call) == (expected))

static char* read_file(const char* relative, size_t* length) {
  char path[4096];
  FILE* file;
  char* text;
  long size;
  snprintf(path, sizeof path, "%s/%s", RUBRIC_SOURCE_DIR, relative);
  file = fopen(path, "rb");
  if (file == NULL) return NULL;
  fseek(file, 0, SEEK_END);
  size = ftell(file);
  fseek(file, 0, SEEK_SET);
  text = malloc((size_t)size + 1);
  if (text == NULL || fread(text, 1, (size_t)size, file) != (size_t)size) {
    free(text);
    fclose(file);
    return NULL;
  }
  text[size] = '\0';
  fclose(file);
  *length = (size_t)size;
  return text;
}

static rubric_standard* compile_file(const char* relative) {
  size_t length = 0;
  char* source = read_file(relative, &length);
  rubric_standard* standard = NULL;
  CHECK(source != NULL);
  if (source == NULL) return NULL;
  CHECK_STATUS(RUBRIC_OK, rubric_standard_compile(&standard, NULL, source, length, NULL));
  free(source);
  return standard;
}

static void test_version_and_status(void) {
  CHECK(rubric_version_number() == RUBRIC_VERSION_NUMBER);
  CHECK(strcmp(rubric_version_string(), RUBRIC_VERSION_STRING) == 0);
  CHECK_STATUS(RUBRIC_OK, rubric_check_version(RUBRIC_VERSION_NUMBER));
  CHECK_STATUS(RUBRIC_VERSION_MISMATCH, rubric_check_version(RUBRIC_VERSION_NUMBER + 10000));
  CHECK_STATUS(RUBRIC_VERSION_MISMATCH, rubric_check_version(RUBRIC_VERSION_NUMBER + 100));
  CHECK(strcmp(rubric_status_string(RUBRIC_OK), "ok") == 0);
  CHECK(strcmp(rubric_status_string(RUBRIC_NOT_SCORABLE), "the row is not scorable") == 0);
  CHECK(strcmp(rubric_status_string(999), "unknown status") == 0);
  rubric_string_free(NULL);
}

static void test_options(void) {
  rubric_options* options = NULL;
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_options_create(NULL));
  CHECK_STATUS(RUBRIC_OK, rubric_options_create(&options));
  CHECK_STATUS(RUBRIC_OK, rubric_options_set_string(options, "file_name", "a.rubric"));
  CHECK_STATUS(RUBRIC_OK, rubric_options_set_string(options, "entity_column", "iso3"));
  CHECK_STATUS(RUBRIC_OK, rubric_options_set_string(options, "period_column", "year"));
  CHECK_STATUS(RUBRIC_OK, rubric_options_set_string(options, "ignore_columns", "a,b"));
  CHECK_STATUS(RUBRIC_OK, rubric_options_set_int(options, "max_errors", 5));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_options_set_int(options, "max_errors", 0));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_options_set_string(options, "bogus", "x"));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_options_set_int(options, "file_name", 1));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_options_set_string(NULL, "file_name", "x"));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_options_set_string(options, NULL, "x"));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_options_set_string(options, "file_name", NULL));
  CHECK_STATUS(RUBRIC_INVALID_UTF8, rubric_options_set_string(options, "file_name", "\xff"));
  rubric_options_free(options);
  rubric_options_free(NULL);
}

static void test_compile_errors(void) {
  const char* source = "standard s {\n  indicator a points 1 {\n    score nope\n  }\n}\n";
  rubric_standard* standard = NULL;
  rubric_diagnostics* diagnostics = NULL;
  rubric_options* options = NULL;
  rubric_options_create(&options);
  rubric_options_set_string(options, "file_name", "bad.rubric");
  CHECK_STATUS(RUBRIC_COMPILE_ERROR,
               rubric_standard_compile(&standard, &diagnostics, source, strlen(source), options));
  CHECK(standard == NULL);
  CHECK(rubric_diagnostics_count(diagnostics) == 1);
  CHECK(rubric_diagnostics_error_count(diagnostics) == 1);
  CHECK(rubric_diagnostic_severity(diagnostics, 0) == RUBRIC_SEVERITY_ERROR);
  CHECK(strcmp(rubric_diagnostic_code(diagnostics, 0), "E0101") == 0);
  CHECK(strcmp(rubric_diagnostic_message(diagnostics, 0), "unknown name 'nope'") == 0);
  CHECK(strcmp(rubric_diagnostic_file(diagnostics, 0), "bad.rubric") == 0);
  CHECK(rubric_diagnostic_hint(diagnostics, 0) != NULL);
  CHECK(rubric_diagnostic_line(diagnostics, 0) == 3);
  CHECK(rubric_diagnostic_column(diagnostics, 0) == 11);
  CHECK(rubric_diagnostic_offset(diagnostics, 0) == 48);
  CHECK(strstr(rubric_diagnostics_render(diagnostics),
               "bad.rubric:3:11: error: unknown name 'nope' [E0101]") != NULL);
  /* Past the end and NULL handles: 0 / NULL, no crash. */
  CHECK(rubric_diagnostic_code(diagnostics, 5) == NULL);
  CHECK(rubric_diagnostic_line(diagnostics, 5) == 0);
  CHECK(rubric_diagnostics_count(NULL) == 0);
  CHECK(rubric_diagnostics_render(NULL) == NULL);
  rubric_diagnostics_free(diagnostics);
  rubric_diagnostics_free(NULL);

  /* Invalid UTF-8 in the source is a diagnostic with a position. */
  diagnostics = NULL;
  CHECK_STATUS(RUBRIC_COMPILE_ERROR,
               rubric_standard_compile(&standard, &diagnostics, "standard \xc3\x28 {}", 13, NULL));
  CHECK(strcmp(rubric_diagnostic_code(diagnostics, 0), "E0001") == 0);
  CHECK(rubric_diagnostic_offset(diagnostics, 0) == 9);
  rubric_diagnostics_free(diagnostics);

  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_standard_compile(NULL, NULL, "x", 1, NULL));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_standard_compile(&standard, NULL, NULL, 3, NULL));
  rubric_options_free(options);
  rubric_standard_free(NULL);
}

static void test_inspection(const rubric_standard* s) {
  size_t input = 0, node = 0, parent = 0;
  double points = 0;
  CHECK(strcmp(rubric_standard_id(s), "consortium") == 0);
  CHECK(strcmp(rubric_standard_title(s), "市域产教联合体建设标准（试行）") == 0);
  CHECK(strcmp(rubric_standard_version(s), "2023-trial") == 0);
  CHECK(rubric_standard_input_count(s) == 128);
  CHECK_STATUS(RUBRIC_OK, rubric_standard_find_input(s, "p2_1_1", &input));
  CHECK(strcmp(rubric_standard_input_id(s, input), "p2_1_1") == 0);
  CHECK(strstr(rubric_standard_input_label(s, input), "产业园区等级") != NULL);
  CHECK(rubric_standard_input_type(s, input) == RUBRIC_TYPE_ENUM);
  CHECK(rubric_standard_input_option_count(s, input) == 3);
  CHECK(strcmp(rubric_standard_input_option(s, input, 2), "国家级") == 0);
  CHECK(rubric_standard_input_option(s, input, 3) == NULL);
  CHECK_STATUS(RUBRIC_OK, rubric_standard_find_input(s, "p2_1_2a", &input));
  CHECK(strcmp(rubric_standard_input_unit(s, input), "亿元") == 0);
  CHECK(rubric_standard_input_type(s, input) == RUBRIC_TYPE_NUMBER);
  CHECK_STATUS(RUBRIC_NOT_FOUND, rubric_standard_find_input(s, "nope", &input));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_standard_find_input(s, NULL, &input));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_standard_find_input(NULL, "p2_1_1", &input));
  CHECK(rubric_standard_input_type(s, 9999) == -1);
  CHECK(rubric_standard_input_id(s, 9999) == NULL);

  CHECK(rubric_standard_node_count(s) == 63);
  CHECK_STATUS(RUBRIC_OK, rubric_standard_find_node(s, "T1_1", &node));
  CHECK(strcmp(rubric_standard_node_id(s, node), "T1_1") == 0);
  CHECK(strcmp(rubric_standard_node_label(s, node), "1.1 省级") == 0);
  CHECK(rubric_standard_node_kind(s, node) == RUBRIC_NODE_INDICATOR);
  CHECK_STATUS(RUBRIC_OK, rubric_standard_node_parent(s, node, &parent));
  CHECK(strcmp(rubric_standard_node_id(s, parent), "I1") == 0);
  CHECK_STATUS(RUBRIC_OK, rubric_standard_node_points(s, node, &points));
  CHECK(points == 2.0);
  CHECK_STATUS(RUBRIC_OK, rubric_standard_find_node(s, "G1", &node));
  CHECK(rubric_standard_node_kind(s, node) == RUBRIC_NODE_GROUP);
  CHECK_STATUS(RUBRIC_NOT_FOUND, rubric_standard_node_parent(s, node, &parent));
  CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_standard_node_points(s, 999, &points));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_standard_node_points(s, node, NULL));
  CHECK(rubric_standard_node_kind(s, 999) == -1);

  CHECK(rubric_standard_veto_count(s) == 6);
  CHECK(strcmp(rubric_standard_veto_id(s, 2), "T16_3") == 0);
  CHECK(rubric_standard_veto_label(s, 2) != NULL);
  CHECK(rubric_standard_veto_id(s, 6) == NULL);
  CHECK(rubric_standard_grade_count(s) == 5);
  CHECK(strcmp(rubric_standard_grade_name(s, 0), "优秀") == 0);
  CHECK(rubric_standard_grade_name(s, 9) == NULL);
  CHECK(rubric_standard_id(NULL) == NULL);
  CHECK(rubric_standard_input_count(NULL) == 0);
  CHECK(rubric_standard_node_count(NULL) == 0);
}

static void test_session(const rubric_standard* s) {
  rubric_session* session = NULL;
  rubric_diagnostics* diagnostics = NULL;
  size_t row = 0, other = 0, input = 0, enum_input = 0, text_input = 0, node = 0, count = 0;
  size_t rows[2];
  double values[2] = {1, 0}, value = 0, total = 0, before = 0, after = 0, node_value = 0;
  unsigned char missing[2] = {0, 1};
  int is_missing = 0, flag = 0;
  const char* text = NULL;
  char* json = NULL;
  int64_t period = 0;
  size_t length = 0;
  char* data = read_file("examples/consortium/cities.csv", &length);

  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_create(NULL, s));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_create(&session, NULL));
  CHECK_STATUS(RUBRIC_OK, rubric_session_create(&session, s));
  CHECK(strcmp(rubric_session_last_error(session), "") == 0);

  CHECK_STATUS(RUBRIC_OK, rubric_session_load_csv(session, &diagnostics, data, length, NULL));
  CHECK(rubric_diagnostics_error_count(diagnostics) == 0);
  rubric_diagnostics_free(diagnostics);
  CHECK(rubric_session_row_count(session) == 90);
  CHECK_STATUS(RUBRIC_OK, rubric_session_evaluate(session));

  CHECK_STATUS(RUBRIC_OK, rubric_session_find_row(session, "C0001", 2024, &row));
  CHECK_STATUS(RUBRIC_NOT_FOUND, rubric_session_find_row(session, "C0001", 1999, &other));
  CHECK(strlen(rubric_session_last_error(session)) > 0);
  CHECK_STATUS(RUBRIC_OK, rubric_session_row_entity(session, row, &text));
  CHECK(strcmp(text, "C0001") == 0);
  CHECK_STATUS(RUBRIC_OK, rubric_session_row_period(session, row, &period));
  CHECK(period == 2024);
  CHECK_STATUS(RUBRIC_OK, rubric_session_row_live(session, row, &flag));
  CHECK(flag == 1);

  /* Results. */
  CHECK_STATUS(RUBRIC_OK, rubric_session_total(session, row, &total));
  CHECK(total > 0 && total <= 100);
  CHECK_STATUS(RUBRIC_OK, rubric_standard_find_node(s, "G1", &node));
  CHECK_STATUS(RUBRIC_OK, rubric_session_node_value(session, row, node, &node_value));
  CHECK(node_value >= 0 && node_value <= 20);
  CHECK_STATUS(RUBRIC_OK, rubric_session_grade(session, row, &text));
  CHECK(text != NULL);
  CHECK_STATUS(RUBRIC_OK, rubric_session_scorable(session, row, &flag));
  CHECK(flag == 1);
  CHECK_STATUS(RUBRIC_OK, rubric_session_vetoed(session, row, &flag));
  CHECK_STATUS(RUBRIC_OK, rubric_session_fired_veto_count(session, row, &count));
  CHECK((count > 0) == (flag != 0));
  CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_fired_veto(session, row, count, &other));

  /* Setters of every kind; the incremental total follows. */
  CHECK_STATUS(RUBRIC_OK, rubric_standard_find_input(s, "p4_1_1", &input));
  CHECK_STATUS(RUBRIC_OK, rubric_session_total(session, row, &before));
  CHECK_STATUS(RUBRIC_OK, rubric_session_get_value(session, row, input, &value, &is_missing));
  CHECK_STATUS(RUBRIC_OK, rubric_session_set_number(session, row, input, value == 0 ? 1 : 0));
  CHECK_STATUS(RUBRIC_OK, rubric_session_total(session, row, &after));
  CHECK(fabs(fabs(after - before) - 2.5) < 1e-9);
  CHECK(rubric_session_ops(session) > 0);
  CHECK_STATUS(RUBRIC_OK, rubric_session_set_string(session, row, input, "false"));
  CHECK_STATUS(RUBRIC_OK, rubric_session_clear(session, row, input));
  CHECK_STATUS(RUBRIC_OK, rubric_session_get_value(session, row, input, &value, &is_missing));
  CHECK(is_missing == 1 && value == 0);
  CHECK_STATUS(RUBRIC_OK, rubric_standard_find_input(s, "p2_1_1", &enum_input));
  CHECK_STATUS(RUBRIC_OK, rubric_session_set_option(session, row, enum_input, 2));
  CHECK_STATUS(RUBRIC_OK, rubric_session_set_string(session, row, enum_input, "省级"));
  CHECK_STATUS(RUBRIC_OK, rubric_standard_find_input(s, "p2_2_1a", &text_input));
  CHECK_STATUS(RUBRIC_OK, rubric_session_set_text(session, row, text_input, "新能源汽车"));

  /* Bulk setter: one input, many rows; missing[i] clears. */
  rows[0] = row;
  CHECK_STATUS(RUBRIC_OK, rubric_session_find_row(session, "C0002", 2024, &rows[1]));
  CHECK_STATUS(RUBRIC_OK, rubric_session_set_numbers(session, input, rows, values, missing, 2));
  CHECK_STATUS(RUBRIC_OK, rubric_session_get_value(session, rows[1], input, &value, &is_missing));
  CHECK(is_missing == 1);
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT,
               rubric_session_set_numbers(session, input, rows, NULL, NULL, 2));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT,
               rubric_session_set_numbers(session, input, NULL, values, NULL, 2));
  CHECK_STATUS(RUBRIC_TYPE_MISMATCH,
               rubric_session_set_numbers(session, enum_input, rows, values, NULL, 2));
  CHECK_STATUS(RUBRIC_OK, rubric_session_set_numbers(session, input, rows, values, NULL, 0));

  /* Wrong types, bounds, indices, UTF-8. */
  CHECK_STATUS(RUBRIC_TYPE_MISMATCH, rubric_session_set_number(session, row, enum_input, 1));
  CHECK(strstr(rubric_session_last_error(session), "p2_1_1") != NULL);
  CHECK_STATUS(RUBRIC_TYPE_MISMATCH, rubric_session_set_option(session, row, input, 0));
  CHECK_STATUS(RUBRIC_TYPE_MISMATCH, rubric_session_set_text(session, row, input, "x"));
  CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_set_option(session, row, enum_input, 3));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_set_number(session, row, input, 0.5));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_set_number(session, row, input, NAN));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT,
               rubric_session_set_string(session, row, enum_input, "市级"));
  CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_set_number(session, 9999, input, 1));
  CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_set_number(session, row, 9999, 1));
  CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_clear(session, 9999, input));
  CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_total(session, 9999, &total));
  CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_node_value(session, row, 999, &total));
  CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_get_value(session, row, 9999, &value, NULL));
  CHECK_STATUS(RUBRIC_INVALID_UTF8, rubric_session_set_text(session, row, text_input, "\xc3("));
  CHECK_STATUS(RUBRIC_INVALID_UTF8, rubric_session_set_string(session, row, input, "\xff"));
  CHECK_STATUS(RUBRIC_INVALID_UTF8, rubric_session_add_row(session, "bad\xff", 2024, &other));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_add_row(session, NULL, 2024, &other));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_set_text(session, row, text_input, NULL));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_total(session, row, NULL));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_grade(session, row, NULL));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_explain_json(session, row, NULL, NULL));

  /* Rows: add, duplicate, remove. */
  CHECK_STATUS(RUBRIC_OK, rubric_session_add_row(session, "新城", 2025, &other));
  CHECK_STATUS(RUBRIC_ALREADY_EXISTS, rubric_session_add_row(session, "新城", 2025, NULL));
  CHECK_STATUS(RUBRIC_OK, rubric_session_set_number(session, other, input, 1));
  CHECK_STATUS(RUBRIC_OK, rubric_session_total(session, other, &total));
  CHECK_STATUS(RUBRIC_OK, rubric_session_remove_row(session, other));
  CHECK_STATUS(RUBRIC_OK, rubric_session_row_live(session, other, &flag));
  CHECK(flag == 0);
  CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_remove_row(session, other));
  CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_session_total(session, other, &total));
  CHECK_STATUS(RUBRIC_NOT_FOUND, rubric_session_find_row(session, "新城", 2025, &other));

  /* Explanation as JSON, owned by the caller. */
  CHECK_STATUS(RUBRIC_OK, rubric_session_explain_json(session, row, "T8_2", &json));
  CHECK(json != NULL && strstr(json, "\"node\": \"T8_2\"") != NULL);
  CHECK(json != NULL && strstr(json, "cohort_rank") != NULL);
  rubric_string_free(json);
  json = NULL;
  CHECK_STATUS(RUBRIC_OK, rubric_session_explain_json(session, row, NULL, &json));
  CHECK(json != NULL && strstr(json, "\"grade\"") != NULL);
  rubric_string_free(json);
  json = NULL;
  CHECK_STATUS(RUBRIC_NOT_FOUND, rubric_session_explain_json(session, row, "NOPE", &json));
  CHECK(json == NULL);

  /* Bad data: a data error with diagnostics, and invalid UTF-8 in the CSV. */
  diagnostics = NULL;
  CHECK_STATUS(RUBRIC_DATA_ERROR,
               rubric_session_load_csv(session, &diagnostics,
                                       "entity,period,input,value\nX,2024,nope,1\n", 40, NULL));
  CHECK(rubric_diagnostics_error_count(diagnostics) == 1);
  CHECK(strcmp(rubric_diagnostic_code(diagnostics, 0), "D0101") == 0);
  CHECK(rubric_diagnostic_line(diagnostics, 0) == 2);
  rubric_diagnostics_free(diagnostics);
  diagnostics = NULL;
  CHECK_STATUS(
      RUBRIC_DATA_ERROR,
      rubric_session_load_csv(session, &diagnostics,
                              "entity,period,input,value\nX\xff,2024,p4_1_1,1\n", 43, NULL));
  CHECK(strcmp(rubric_diagnostic_code(diagnostics, 0), "D0007") == 0);
  rubric_diagnostics_free(diagnostics);

  /* NULL session handles never crash. */
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_evaluate(NULL));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_add_row(NULL, "x", 1, NULL));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_total(NULL, 0, &total));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_set_number(NULL, 0, 0, 1));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_session_load_csv(NULL, NULL, "", 0, NULL));
  CHECK(rubric_session_row_count(NULL) == 0);
  CHECK(rubric_session_ops(NULL) == 0);
  CHECK(strcmp(rubric_session_last_error(NULL), "") == 0);

  rubric_session_free(session);
  rubric_session_free(NULL);
  free(data);
}

/* A session keeps its standard alive: freeing the standard first is allowed. */
static void test_lifetimes(void) {
  rubric_standard* standard = compile_file("examples/hdi/hdi.rubric");
  rubric_session* session = NULL;
  rubric_options* options = NULL;
  rubric_diagnostics* diagnostics = NULL;
  size_t length = 0, row = 0;
  double total = 0;
  int scorable = 1;
  char* data = read_file("examples/hdi/hdi.csv", &length);
  CHECK_STATUS(RUBRIC_OK, rubric_session_create(&session, standard));
  rubric_standard_free(standard);
  rubric_options_create(&options);
  rubric_options_set_string(options, "entity_column", "iso3");
  rubric_options_set_string(options, "period_column", "year");
  rubric_options_set_string(options, "ignore_columns", "country,hdi_published");
  CHECK_STATUS(RUBRIC_OK, rubric_session_load_csv(session, &diagnostics, data, length, options));
  CHECK(rubric_diagnostics_count(diagnostics) == 0);
  CHECK_STATUS(RUBRIC_OK, rubric_session_find_row(session, "NOR", 2022, &row));
  CHECK_STATUS(RUBRIC_OK, rubric_session_total(session, row, &total));
  CHECK(fabs(total - 0.966) < 0.0005);
  /* PRK lacks inputs: not scorable, never a zero. */
  CHECK_STATUS(RUBRIC_OK, rubric_session_find_row(session, "PRK", 2022, &row));
  CHECK_STATUS(RUBRIC_OK, rubric_session_scorable(session, row, &scorable));
  CHECK(scorable == 0);
  CHECK_STATUS(RUBRIC_NOT_SCORABLE, rubric_session_total(session, row, &total));
  CHECK(strstr(rubric_session_last_error(session), "missing input") != NULL);
  rubric_diagnostics_free(diagnostics);
  rubric_options_free(options);
  rubric_session_free(session);
  free(data);
}

int main(void) {
  rubric_standard* consortium;
  test_version_and_status();
  test_options();
  test_compile_errors();
  consortium = compile_file("examples/consortium/standard.rubric");
  if (consortium != NULL) {
    test_inspection(consortium);
    test_session(consortium);
  }
  rubric_standard_free(consortium);
  test_lifetimes();
  printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
