/* rubric_standard_compile_file: the library reads the file (a regular file within the size
 * limit), and reads the bases of a variant when asked, from the standard's folder tree
 * unless any base is allowed. */
#include <stdio.h>
#include <string.h>

#include "capi_test.h"

/* The path of a file of the source tree. */
static const char* source_path(char* buffer, size_t size, const char* relative) {
  snprintf(buffer, size, "%s/%s", RUBRIC_SOURCE_DIR, relative);
  return buffer;
}

void test_compile_file(void) {
  char path[4096];
  rubric_standard* standard = NULL;
  rubric_diagnostics* diagnostics = NULL;
  rubric_options* options = NULL;

  /* A plain standard; options may be NULL. */
  CHECK_STATUS(RUBRIC_OK,
               rubric_standard_compile_file(
                   &standard, &diagnostics,
                   source_path(path, sizeof path, "examples/consortium/standard.rubric"), NULL));
  CHECK_STR(rubric_standard_id(standard), "consortium");
  CHECK(rubric_diagnostics_count(diagnostics) == 0);
  rubric_standard_free(standard);
  rubric_diagnostics_free(diagnostics);

  /* A file that cannot be read, a folder, a device: E0009, never read forever. */
  standard = NULL;
  CHECK_STATUS(RUBRIC_COMPILE_ERROR,
               rubric_standard_compile_file(&standard, &diagnostics, "/nonexistent.rubric", NULL));
  CHECK(standard == NULL);
  CHECK_STR(rubric_diagnostic_code(diagnostics, 0), "E0009");
  CHECK_STR(rubric_diagnostic_file(diagnostics, 0), "/nonexistent.rubric");
  rubric_diagnostics_free(diagnostics);
  CHECK_STATUS(RUBRIC_COMPILE_ERROR,
               rubric_standard_compile_file(&standard, &diagnostics, RUBRIC_SOURCE_DIR, NULL));
  CHECK_STR(rubric_diagnostic_code(diagnostics, 0), "E0009");
  rubric_diagnostics_free(diagnostics);
  CHECK_STATUS(RUBRIC_COMPILE_ERROR,
               rubric_standard_compile_file(&standard, NULL, "/dev/zero", NULL));

  /* Bad arguments. */
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT,
               rubric_standard_compile_file(NULL, &diagnostics, "/nonexistent.rubric", NULL));
  CHECK(diagnostics == NULL);
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT,
               rubric_standard_compile_file(&standard, &diagnostics, NULL, NULL));
  CHECK_STATUS(RUBRIC_INVALID_UTF8,
               rubric_standard_compile_file(&standard, &diagnostics, "bad\xff.rubric", NULL));
  CHECK(standard == NULL);

  /* "file_name" names the file in diagnostics. */
  CHECK_STATUS(RUBRIC_OK, rubric_options_create(&options));
  CHECK_STATUS(RUBRIC_OK, rubric_options_set_string(options, "file_name", "shown.rubric"));
  CHECK_STATUS(RUBRIC_COMPILE_ERROR, rubric_standard_compile_file(&standard, &diagnostics,
                                                                  "/nonexistent.rubric", options));
  CHECK_STR(rubric_diagnostic_file(diagnostics, 0), "shown.rubric");
  rubric_diagnostics_free(diagnostics);
  rubric_options_free(options);
}

void test_compile_file_bases(void) {
  char path[4096];
  rubric_standard* standard = NULL;
  rubric_diagnostics* diagnostics = NULL;
  rubric_options* options = NULL;
  const char* rendered;

  /* A variant: E0109 unless "read_bases" is 1. */
  source_path(path, sizeof path, "examples/consortium/jiangsu.rubric");
  CHECK_STATUS(RUBRIC_COMPILE_ERROR,
               rubric_standard_compile_file(&standard, &diagnostics, path, NULL));
  CHECK_STR(rubric_diagnostic_code(diagnostics, 0), "E0109");
  rubric_diagnostics_free(diagnostics);
  CHECK_STATUS(RUBRIC_OK, rubric_options_create(&options));
  CHECK_STATUS(RUBRIC_OK, rubric_options_set_int(options, "read_bases", 1));
  CHECK_STATUS(RUBRIC_OK, rubric_standard_compile_file(&standard, NULL, path, options));
  CHECK_STR(rubric_standard_id(standard), "jiangsu");
  rubric_standard_free(standard);
  standard = NULL;

  /* A base outside the standard's folder: refused unless "allow_any_base" is 1. */
  source_path(path, sizeof path, "tests/data/bases/variant/outside.rubric");
  CHECK_STATUS(RUBRIC_COMPILE_ERROR,
               rubric_standard_compile_file(&standard, &diagnostics, path, options));
  CHECK_STR(rubric_diagnostic_code(diagnostics, 0), "E0109");
  CHECK_STR(rubric_diagnostic_message(diagnostics, 0),
            "refused to read '../national.rubric': a base must be inside the folder of the "
            "standard being compiled");
  rubric_diagnostics_free(diagnostics);
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_options_set_int(options, "allow_any_base", 2));
  CHECK_STATUS(RUBRIC_OK, rubric_options_set_int(options, "allow_any_base", 1));
  CHECK_STATUS(RUBRIC_OK, rubric_standard_compile_file(&standard, NULL, path, options));
  CHECK_STR(rubric_standard_id(standard), "江苏");
  rubric_standard_free(standard);
  standard = NULL;

  /* A "base" that is not a standard: refused, its text never shown. */
  source_path(path, sizeof path, "tests/data/bases/variant/not_a_standard.rubric");
  CHECK_STATUS(RUBRIC_COMPILE_ERROR,
               rubric_standard_compile_file(&standard, &diagnostics, path, options));
  CHECK(rubric_diagnostics_count(diagnostics) == 1);
  CHECK(strstr(rubric_diagnostic_message(diagnostics, 0), "is not a rubric standard") != NULL);
  rendered = rubric_diagnostics_render(diagnostics);
  CHECK(rendered != NULL && strstr(rendered, "secret-first-line") == NULL);
  rubric_diagnostics_free(diagnostics);

  /* rubric_standard_compile: the same rule, the folder of "file_name". */
  {
    const char* text = "standard 江苏 extends national from \"../national.rubric\" { }";
    CHECK_STATUS(RUBRIC_OK, rubric_options_set_int(options, "allow_any_base", 0));
    CHECK_STATUS(RUBRIC_OK, rubric_options_set_string(options, "file_name", path));
    CHECK_STATUS(RUBRIC_COMPILE_ERROR,
                 rubric_standard_compile(&standard, &diagnostics, text, strlen(text), options));
    CHECK(strstr(rubric_diagnostic_message(diagnostics, 0), "refused to read") != NULL);
    rubric_diagnostics_free(diagnostics);
    CHECK_STATUS(RUBRIC_OK, rubric_options_set_int(options, "allow_any_base", 1));
    CHECK_STATUS(RUBRIC_OK, rubric_standard_compile(&standard, NULL, text, strlen(text), options));
    rubric_standard_free(standard);
  }
  rubric_options_free(options);
}
