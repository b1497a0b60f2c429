/* The C ABI's test harness (C99): CHECK macros that count, and print FILE:LINE of each
 * failure; helpers to read the bundled examples; and the test groups, one per file. */
#ifndef RUBRIC_CAPI_TEST_H_
#define RUBRIC_CAPI_TEST_H_

#include <rubric.h>
#include <stddef.h>

#ifndef RUBRIC_SOURCE_DIR
#error "compile with -DRUBRIC_SOURCE_DIR=\"/path/to/rubric\""
#endif

extern int capi_passed;
extern int capi_failed;

void capi_check(int ok, const char* file, int line, const char* text);
void capi_check_status(int actual, int expected, const char* file, int line, const char* text);
void capi_check_string(const char* actual, const char* expected, const char* file, int line,
                       const char* text);
void capi_check_near(double actual, double expected, double tolerance, const char* file, int line,
                     const char* text);

/* CHECK(condition); CHECK_STATUS(RUBRIC_X, call); CHECK_STR(actual, expected or NULL);
 * CHECK_NEAR(actual, expected, tolerance). Each counts one check. */
#define CHECK(condition) capi_check((condition) ? 1 : 0, __FILE__, __LINE__, #condition)
#define CHECK_STATUS(expected, call) \
  capi_check_status((call), (expected), __FILE__, __LINE__, #call)
#define CHECK_STR(actual, expected) \
  capi_check_string((actual), (expected), __FILE__, __LINE__, #actual)
#define CHECK_NEAR(actual, expected, tolerance) \
  capi_check_near((actual), (expected), (tolerance), __FILE__, __LINE__, #actual)

/* A file of the source tree (path relative to RUBRIC_SOURCE_DIR), NUL-terminated; free() it.
 * NULL (and a failed check) when it cannot be read. */
char* capi_read_file(const char* relative, size_t* length);
/* A compiled standard from a file of the source tree or from text; NULL (and a failed check)
 * on errors. Free with rubric_standard_free. */
rubric_standard* capi_compile_file(const char* relative);
rubric_standard* capi_compile_text(const char* source);
/* A session of `standard` with a CSV of the source tree loaded; NULL on errors. */
rubric_session* capi_session_from_file(const rubric_standard* standard, const char* relative,
                                       const rubric_options* options);
/* A session of `standard` with CSV text loaded; NULL on errors. */
rubric_session* capi_session_from_text(const rubric_standard* standard, const char* csv);
/* The row of (entity, period); (size_t)-1 and a failed check when there is none. */
size_t capi_row(const rubric_session* session, const char* entity, long period);
size_t capi_input(const rubric_standard* standard, const char* id);
size_t capi_node(const rubric_standard* standard, const char* id);

/* A small standard with one input of every type, bounds, units, grades and a veto on prev(),
 * and data for it in both CSV formats (see capi_test.c). */
extern const char* const capi_mini_source;
extern const char* const capi_mini_wide_csv;
extern const char* const capi_mini_long_csv;

/* Test groups. */
void test_version(void);
void test_status_strings(void);
void test_options(void);
void test_compile_good(void);
void test_compile_errors(void);
void test_compile_variant(void);
void test_compile_file(void);
void test_compile_file_bases(void);
void test_diagnostics_accessors(void);
void test_inspection_consortium(void);
void test_inspection_mini(void);
void test_rows(void);
void test_setters(void);
void test_bulk_setter(void);
void test_results_mini(void);
void test_load_csv_long_and_wide(void);
void test_load_csv_options(void);
void test_load_csv_errors(void);
void test_load_csv_file(void);
void test_not_scorable(void);
void test_explain_json(void);
void test_missing_values(void);
void test_missing_total(void);
void test_outputs_and_weights(void);
void test_analysis_json(void);
void test_incremental_equals_fresh(void);
void test_ops(void);
void test_columnar_mini(void);
void test_columnar_missing(void);
void test_columnar_not_scorable(void);
void test_columnar_misuse(void);
void test_columnar_grade_bands(void);
void test_lifetimes(void);
void test_null_handles(void);
void test_null_outputs(void);
void test_out_of_range(void);
void test_removed_row(void);
void test_invalid_utf8(void);
void test_last_error(void);
void test_threads(void);
void test_regressions(void);

#endif /* RUBRIC_CAPI_TEST_H_ */
