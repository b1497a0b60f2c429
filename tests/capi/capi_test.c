/* Tests of rubric's C ABI (capi/rubric.h), written in C99: every function on its good path,
 * and misuse (NULL handles and outputs, bad indices, wrong types, invalid UTF-8, removed and
 * unscorable rows) giving a status, never a crash. Meant to run under ASan + LeakSanitizer:
 * every handle and string is freed.
 *
 *   rubric_capi_test            every group
 *   rubric_capi_test NAME...    the named groups only (e.g. threads, regressions)
 *
 * Prints "N passed, M failed"; exits non-zero when a check failed. */
#include "capi_test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int capi_passed = 0;
int capi_failed = 0;

void capi_check(int ok, const char* file, int line, const char* text) {
  if (ok) {
    ++capi_passed;
  } else {
    ++capi_failed;
    fprintf(stderr, "%s:%d: CHECK failed: %s\n", file, line, text);
  }
}

void capi_check_status(int actual, int expected, const char* file, int line, const char* text) {
  if (actual == expected) {
    ++capi_passed;
  } else {
    ++capi_failed;
    fprintf(stderr, "%s:%d: CHECK failed: %s\n  returned %d (%s), expected %d (%s)\n", file, line,
            text, actual, rubric_status_string(actual), expected, rubric_status_string(expected));
  }
}

void capi_check_string(const char* actual, const char* expected, const char* file, int line,
                       const char* text) {
  const int ok =
      (actual == NULL || expected == NULL) ? actual == expected : strcmp(actual, expected) == 0;
  if (ok) {
    ++capi_passed;
  } else {
    ++capi_failed;
    fprintf(stderr, "%s:%d: CHECK failed: %s\n  is \"%s\", expected \"%s\"\n", file, line, text,
            actual == NULL ? "(null)" : actual, expected == NULL ? "(null)" : expected);
  }
}

void capi_check_near(double actual, double expected, double tolerance, const char* file, int line,
                     const char* text) {
  if (fabs(actual - expected) <= tolerance) {
    ++capi_passed;
  } else {
    ++capi_failed;
    fprintf(stderr, "%s:%d: CHECK failed: %s\n  is %.17g, expected %.17g (+- %g)\n", file, line,
            text, actual, expected, tolerance);
  }
}

/* ---- Helpers ---------------------------------------------------------------------- */

char* capi_read_file(const char* relative, size_t* length) {
  char path[4096];
  FILE* file;
  char* text = NULL;
  long size = -1;
  snprintf(path, sizeof path, "%s/%s", RUBRIC_SOURCE_DIR, relative);
  file = fopen(path, "rb");
  if (file != NULL && fseek(file, 0, SEEK_END) == 0) size = ftell(file);
  if (size >= 0 && fseek(file, 0, SEEK_SET) == 0) text = malloc((size_t)size + 1);
  if (text != NULL && fread(text, 1, (size_t)size, file) != (size_t)size) {
    free(text);
    text = NULL;
  }
  if (file != NULL) fclose(file);
  if (text == NULL) {
    capi_check(0, __FILE__, __LINE__, path);
    return NULL;
  }
  text[size] = '\0';
  *length = (size_t)size;
  return text;
}

rubric_standard* capi_compile_text(const char* source) {
  rubric_standard* standard = NULL;
  rubric_diagnostics* diagnostics = NULL;
  const int status = rubric_standard_compile(&standard, &diagnostics, source, strlen(source), NULL);
  capi_check_status(status, RUBRIC_OK, __FILE__, __LINE__, "rubric_standard_compile");
  if (status != RUBRIC_OK) fprintf(stderr, "%s", rubric_diagnostics_render(diagnostics));
  rubric_diagnostics_free(diagnostics);
  return standard;
}

rubric_standard* capi_compile_file(const char* relative) {
  size_t length = 0;
  char* source = capi_read_file(relative, &length);
  rubric_standard* standard = NULL;
  if (source == NULL) return NULL;
  CHECK_STATUS(RUBRIC_OK, rubric_standard_compile(&standard, NULL, source, length, NULL));
  free(source);
  return standard;
}

static rubric_session* session_from(const rubric_standard* standard, const char* csv, size_t length,
                                    const rubric_options* options) {
  rubric_session* session = NULL;
  rubric_diagnostics* diagnostics = NULL;
  int status;
  if (rubric_session_create(&session, standard) != RUBRIC_OK) {
    capi_check(0, __FILE__, __LINE__, "rubric_session_create");
    return NULL;
  }
  status = rubric_session_load_csv(session, &diagnostics, csv, length, options);
  capi_check_status(status, RUBRIC_OK, __FILE__, __LINE__, "rubric_session_load_csv");
  if (status != RUBRIC_OK) {
    fprintf(stderr, "%s", rubric_diagnostics_render(diagnostics));
    rubric_session_free(session);
    session = NULL;
  }
  rubric_diagnostics_free(diagnostics);
  return session;
}

rubric_session* capi_session_from_file(const rubric_standard* standard, const char* relative,
                                       const rubric_options* options) {
  size_t length = 0;
  char* csv = capi_read_file(relative, &length);
  rubric_session* session;
  if (csv == NULL) return NULL;
  session = session_from(standard, csv, length, options);
  free(csv);
  return session;
}

rubric_session* capi_session_from_text(const rubric_standard* standard, const char* csv) {
  return session_from(standard, csv, strlen(csv), NULL);
}

size_t capi_row(const rubric_session* session, const char* entity, long period) {
  size_t row = (size_t)-1;
  const int status = rubric_session_find_row(session, entity, period, &row);
  capi_check_status(status, RUBRIC_OK, __FILE__, __LINE__, entity);
  return status == RUBRIC_OK ? row : (size_t)-1;
}

size_t capi_input(const rubric_standard* standard, const char* id) {
  size_t input = (size_t)-1;
  capi_check_status(rubric_standard_find_input(standard, id, &input), RUBRIC_OK, __FILE__, __LINE__,
                    id);
  return input;
}

size_t capi_node(const rubric_standard* standard, const char* id) {
  size_t node = (size_t)-1;
  capi_check_status(rubric_standard_find_node(standard, id, &node), RUBRIC_OK, __FILE__, __LINE__,
                    id);
  return node;
}

/* ---- The mini standard ------------------------------------------------------------ */

/* Inputs (index: id type): 0 b bool, 1 x number [元] 0..100, 2 pct percent 0..100,
 * 3 lvl enum {low, mid, high}, 4 n integer [个] >= 0, 5 r rank, 6 t text.
 * Nodes (pre-order): 0 g, 1 flag, 2 amount, 3 share, 4 level, 5 info.
 * total = g + info; g = 2*b + 3*x/100 + 2*pct/100 + 3*lookup(lvl); info = n + r. */
const char* const capi_mini_source =
    "// A small standard: one input of every type.\n"
    "standard mini \"Mini standard\" {\n"
    "  version \"1.0\"\n"
    "  total 10\n"
    "  grades {\n"
    "    A >= 8\n"
    "    B >= 5\n"
    "    C otherwise\n"
    "    F when vetoed\n"
    "  }\n"
    "  group g \"Group\" points 10 {\n"
    "    indicator flag \"Flag\" points 2 {\n"
    "      input b \"A bool\" : bool\n"
    "      score b\n"
    "    }\n"
    "    indicator amount \"Amount\" points 3 {\n"
    "      input x \"Amount\" : number [元] >= 0 <= 100\n"
    "      score x / 100\n"
    "    }\n"
    "    indicator share \"Share\" points 2 {\n"
    "      input pct \"Share\" : percent >= 0 <= 100\n"
    "      score pct / 100\n"
    "    }\n"
    "    indicator level \"Level\" points 3 {\n"
    "      input lvl \"Level\" : enum { low, mid, high }\n"
    "      score lookup(lvl) { low: 0, mid: 0.5, high: 1 }\n"
    "    }\n"
    "  }\n"
    "  indicator info \"Info\" {\n"
    "    input n \"Count\" : integer [个] >= 0\n"
    "    input r \"Rank\" : rank\n"
    "    input t \"Comment\" : text\n"
    "    value n + r\n"
    "  }\n"
    "  veto drop \"Flag dropped\" when prev(b) and not b\n"
    "}\n";

/* E1 2024: g = 2 + 1.5 + 0.2 + 1.5 = 5.2, info 5, total 10.2 (A).
 * E2 2024: g = 0 + 3 + 0 + 3 = 6, info 0, total 6 (B).
 * E3 2024: everything missing, total 0 (C).
 * E4 2023: b, total 2 (C); E4 2024: b dropped, total 0, the veto fires (F). */
const char* const capi_mini_wide_csv =
    "entity,period,b,x,pct,lvl,n,r,t\n"
    "E1,2024,true,50,10,mid,3,2,hello\n"
    "E2,2024,false,100,,high,0,,\n"
    "E3,2024,,,,,,,\n"
    "E4,2023,yes,,,,,,\n"
    "E4,2024,no,,,,,,\"a, quoted comment\"\n";

const char* const capi_mini_long_csv =
    "entity,period,input,value\n"
    "E1,2024,b,true\n"
    "E1,2024,x,50\n"
    "E1,2024,pct,10\n"
    "E1,2024,lvl,mid\n"
    "E1,2024,n,3\n"
    "E1,2024,r,2\n"
    "E1,2024,t,hello\n"
    "E2,2024,b,false\n"
    "E2,2024,x,100\n"
    "E2,2024,lvl,high\n"
    "E2,2024,n,0\n"
    "E3,2024,b,\n"
    "E4,2023,b,yes\n"
    "E4,2024,b,no\n"
    "E4,2024,t,\"a, quoted comment\"\n";

/* ---- Version, status strings, options --------------------------------------------- */

void test_version(void) {
  char expected[32];
  CHECK(rubric_version_number() == RUBRIC_VERSION_NUMBER);
  CHECK(RUBRIC_VERSION_NUMBER ==
        RUBRIC_VERSION_MAJOR * 10000 + RUBRIC_VERSION_MINOR * 100 + RUBRIC_VERSION_PATCH);
  CHECK_STR(rubric_version_string(), RUBRIC_VERSION_STRING);
  snprintf(expected, sizeof expected, "%d.%d.%d", RUBRIC_VERSION_MAJOR, RUBRIC_VERSION_MINOR,
           RUBRIC_VERSION_PATCH);
  CHECK_STR(RUBRIC_VERSION_STRING, expected);
  /* The same header, an older minor or any patch: served. */
  CHECK_STATUS(RUBRIC_OK, rubric_check_version(RUBRIC_VERSION_NUMBER));
  CHECK_STATUS(RUBRIC_OK, rubric_check_version(RUBRIC_VERSION_MAJOR * 10000u));
  CHECK_STATUS(RUBRIC_OK, rubric_check_version(RUBRIC_VERSION_MAJOR * 10000u +
                                               RUBRIC_VERSION_MINOR * 100u + 99u));
  /* A newer minor (functions this library lacks) or another major: refused. */
  CHECK_STATUS(RUBRIC_VERSION_MISMATCH, rubric_check_version(RUBRIC_VERSION_NUMBER + 100));
  CHECK_STATUS(RUBRIC_VERSION_MISMATCH, rubric_check_version(RUBRIC_VERSION_NUMBER + 10000));
  CHECK_STATUS(RUBRIC_VERSION_MISMATCH, rubric_check_version((RUBRIC_VERSION_MAJOR + 1u) * 10000u));
}

void test_status_strings(void) {
  int status;
  CHECK_STR(rubric_status_string(RUBRIC_OK), "ok");
  CHECK_STR(rubric_status_string(RUBRIC_INVALID_ARGUMENT), "invalid argument");
  CHECK_STR(rubric_status_string(RUBRIC_NOT_FOUND), "not found");
  CHECK_STR(rubric_status_string(RUBRIC_ALREADY_EXISTS), "already exists");
  CHECK_STR(rubric_status_string(RUBRIC_OUT_OF_RANGE), "out of range");
  CHECK_STR(rubric_status_string(RUBRIC_TYPE_MISMATCH), "type mismatch");
  CHECK_STR(rubric_status_string(RUBRIC_INVALID_UTF8), "invalid UTF-8");
  CHECK_STR(rubric_status_string(RUBRIC_COMPILE_ERROR), "the standard has errors");
  CHECK_STR(rubric_status_string(RUBRIC_DATA_ERROR), "the data have errors");
  CHECK_STR(rubric_status_string(RUBRIC_NOT_SCORABLE), "the row is not scorable");
  CHECK_STR(rubric_status_string(RUBRIC_NO_MEMORY), "out of memory");
  CHECK_STR(rubric_status_string(RUBRIC_VERSION_MISMATCH),
            "library and header versions do not match");
  CHECK_STR(rubric_status_string(RUBRIC_INTERNAL), "internal error");
  CHECK_STR(rubric_status_string(-1), "unknown status");
  CHECK_STR(rubric_status_string(RUBRIC_INTERNAL + 1), "unknown status");
  /* The values are ABI: fixed for the major version. */
  CHECK(RUBRIC_OK == 0 && RUBRIC_INVALID_ARGUMENT == 1 && RUBRIC_NOT_FOUND == 2 &&
        RUBRIC_ALREADY_EXISTS == 3 && RUBRIC_OUT_OF_RANGE == 4 && RUBRIC_TYPE_MISMATCH == 5 &&
        RUBRIC_INVALID_UTF8 == 6 && RUBRIC_COMPILE_ERROR == 7 && RUBRIC_DATA_ERROR == 8 &&
        RUBRIC_NOT_SCORABLE == 9 && RUBRIC_NO_MEMORY == 10 && RUBRIC_VERSION_MISMATCH == 11 &&
        RUBRIC_INTERNAL == 12);
  for (status = RUBRIC_OK; status <= RUBRIC_INTERNAL; ++status) {
    CHECK(strcmp(rubric_status_string(status), "unknown status") != 0);
  }
  rubric_string_free(NULL);
}

void test_options(void) {
  rubric_options* options = NULL;
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_options_create(NULL));
  CHECK_STATUS(RUBRIC_OK, rubric_options_create(&options));
  CHECK(options != NULL);
  /* Every key, with a value of its kind. */
  CHECK_STATUS(RUBRIC_OK, rubric_options_set_string(options, "file_name", "a.rubric"));
  CHECK_STATUS(RUBRIC_OK, rubric_options_set_string(options, "file_name", "数据/标准.rubric"));
  CHECK_STATUS(RUBRIC_OK, rubric_options_set_string(options, "file_name", ""));
  CHECK_STATUS(RUBRIC_OK, rubric_options_set_string(options, "entity_column", "iso3"));
  CHECK_STATUS(RUBRIC_OK, rubric_options_set_string(options, "period_column", "year"));
  CHECK_STATUS(RUBRIC_OK, rubric_options_set_string(options, "ignore_columns", "a,b"));
  CHECK_STATUS(RUBRIC_OK, rubric_options_set_string(options, "ignore_columns", ""));
  CHECK_STATUS(RUBRIC_OK, rubric_options_set_int(options, "max_errors", 5));
  CHECK_STATUS(RUBRIC_OK, rubric_options_set_int(options, "max_errors", 1));
  /* Bad values, unknown keys, a key of the other kind. */
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_options_set_int(options, "max_errors", 0));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_options_set_int(options, "max_errors", -3));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_options_set_string(options, "bogus", "x"));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_options_set_string(options, "", "x"));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_options_set_string(options, "FILE_NAME", "x"));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_options_set_int(options, "bogus", 1));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_options_set_int(options, "file_name", 1));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_options_set_string(options, "max_errors", "5"));
  /* NULLs and invalid UTF-8. */
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_options_set_string(NULL, "file_name", "x"));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_options_set_string(options, NULL, "x"));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_options_set_string(options, "file_name", NULL));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_options_set_int(NULL, "max_errors", 5));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_options_set_int(options, NULL, 5));
  CHECK_STATUS(RUBRIC_INVALID_UTF8, rubric_options_set_string(options, "file_name", "\xff"));
  CHECK_STATUS(RUBRIC_INVALID_UTF8, rubric_options_set_string(options, "entity_column", "a\xc3"));
  CHECK_STATUS(RUBRIC_INVALID_UTF8,
               rubric_options_set_string(options, "ignore_columns", "a,\xed\xa0\x80"));
  rubric_options_free(options);
  rubric_options_free(NULL);
}

/* ---- main ------------------------------------------------------------------------- */

struct test_group {
  const char* name;
  void (*run)(void);
  int by_default;
};

static const struct test_group groups[] = {
    {"version", test_version, 1},
    {"status_strings", test_status_strings, 1},
    {"options", test_options, 1},
    {"compile_good", test_compile_good, 1},
    {"compile_errors", test_compile_errors, 1},
    {"compile_variant", test_compile_variant, 1},
    {"compile_file", test_compile_file, 1},
    {"compile_file_bases", test_compile_file_bases, 1},
    {"diagnostics_accessors", test_diagnostics_accessors, 1},
    {"inspection_consortium", test_inspection_consortium, 1},
    {"inspection_mini", test_inspection_mini, 1},
    {"rows", test_rows, 1},
    {"setters", test_setters, 1},
    {"bulk_setter", test_bulk_setter, 1},
    {"results_mini", test_results_mini, 1},
    {"load_csv_long_and_wide", test_load_csv_long_and_wide, 1},
    {"load_csv_options", test_load_csv_options, 1},
    {"load_csv_errors", test_load_csv_errors, 1},
    {"load_csv_file", test_load_csv_file, 1},
    {"not_scorable", test_not_scorable, 1},
    {"explain_json", test_explain_json, 1},
    {"missing_values", test_missing_values, 1},
    {"missing_total", test_missing_total, 1},
    {"outputs_and_weights", test_outputs_and_weights, 1},
    {"analysis_json", test_analysis_json, 1},
    {"incremental_equals_fresh", test_incremental_equals_fresh, 1},
    {"ops", test_ops, 1},
    {"columnar_mini", test_columnar_mini, 1},
    {"columnar_missing", test_columnar_missing, 1},
    {"columnar_not_scorable", test_columnar_not_scorable, 1},
    {"columnar_misuse", test_columnar_misuse, 1},
    {"columnar_grade_bands", test_columnar_grade_bands, 1},
    {"lifetimes", test_lifetimes, 1},
    {"null_handles", test_null_handles, 1},
    {"null_outputs", test_null_outputs, 1},
    {"out_of_range", test_out_of_range, 1},
    {"removed_row", test_removed_row, 1},
    {"invalid_utf8", test_invalid_utf8, 1},
    {"last_error", test_last_error, 1},
    {"threads", test_threads, 1},
    /* Regression checks of bugs found by these tests (all fixed). */
    {"regressions", test_regressions, 1},
};

int main(int argc, char** argv) {
  const size_t count = sizeof groups / sizeof groups[0];
  size_t g;
  int a;
  if (argc == 1) {
    for (g = 0; g < count; ++g) {
      if (groups[g].by_default) groups[g].run();
    }
  }
  for (a = 1; a < argc; ++a) {
    for (g = 0; g < count && strcmp(groups[g].name, argv[a]) != 0; ++g) {
    }
    if (g == count) {
      fprintf(stderr, "unknown test group '%s'; the groups are:\n", argv[a]);
      for (g = 0; g < count; ++g) fprintf(stderr, "  %s\n", groups[g].name);
      return 2;
    }
    groups[g].run();
  }
  printf("%d passed, %d failed\n", capi_passed, capi_failed);
  return capi_failed == 0 ? 0 : 1;
}
