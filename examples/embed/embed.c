/*
 * Embedding rubric from C: compile a standard, load a CSV, print the top 5 of the last
 * period, edit one value and explain a row.
 *
 *   embed STANDARD.rubric DATA.csv
 *
 * Build against an installed rubric:
 *   cc -std=c99 embed.c $(pkg-config --cflags --libs rubric) -o embed
 */
#include <rubric.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads a whole file; the caller frees the result. */
static char* read_file(const char* path, size_t* length) {
  FILE* file = fopen(path, "rb");
  char* text = NULL;
  long size;
  if (file == NULL) return NULL;
  if (fseek(file, 0, SEEK_END) != 0 || (size = ftell(file)) < 0 || fseek(file, 0, SEEK_SET) != 0) {
    fclose(file);
    return NULL;
  }
  text = malloc((size_t)size + 1);
  if (text != NULL && fread(text, 1, (size_t)size, file) != (size_t)size) {
    free(text);
    text = NULL;
  }
  if (text != NULL) text[size] = '\0';
  fclose(file);
  *length = (size_t)size;
  return text;
}

int main(int argc, char** argv) {
  rubric_options* options = NULL;
  rubric_diagnostics* diagnostics = NULL;
  rubric_standard* standard = NULL;
  rubric_session* session = NULL;
  char* source = NULL;
  char* data = NULL;
  char* json = NULL;
  size_t source_length = 0, data_length = 0, rows, row, best[5], count = 0, i, k;
  size_t input, edited;
  int64_t period, last_period = INT64_MIN;
  double total, before, after;
  const char* entity;
  const char* grade;
  int status, exit_code = 1, scorable;

  if (argc != 3) {
    fprintf(stderr, "usage: embed STANDARD.rubric DATA.csv\n");
    return 2;
  }
  /* The library must match the header this program was compiled with. */
  if (rubric_check_version(RUBRIC_VERSION_NUMBER) != RUBRIC_OK) {
    fprintf(stderr, "librubric %s does not match rubric.h %s\n", rubric_version_string(),
            RUBRIC_VERSION_STRING);
    return 1;
  }
  source = read_file(argv[1], &source_length);
  data = read_file(argv[2], &data_length);
  if (source == NULL || data == NULL) {
    fprintf(stderr, "cannot read the input files\n");
    goto done;
  }

  /* 1. Compile. Diagnostics are data: render them for the author. */
  rubric_options_create(&options);
  rubric_options_set_string(options, "file_name", argv[1]);
  status = rubric_standard_compile(&standard, &diagnostics, source, source_length, options);
  if (status != RUBRIC_OK) {
    fprintf(stderr, "%s", rubric_diagnostics_render(diagnostics));
    goto done;
  }
  rubric_diagnostics_free(diagnostics);
  diagnostics = NULL;

  /* 2. A session holds the values; load the CSV into it. */
  if (rubric_session_create(&session, standard) != RUBRIC_OK) goto done;
  rubric_options_set_string(options, "file_name", argv[2]);
  status = rubric_session_load_csv(session, &diagnostics, data, data_length, options);
  if (status != RUBRIC_OK) {
    fprintf(stderr, "%s", rubric_diagnostics_render(diagnostics));
    goto done;
  }

  /* 3. The top 5 of the last period (a simple selection; rows are few). */
  rows = rubric_session_row_count(session);
  for (row = 0; row < rows; ++row) {
    if (rubric_session_row_period(session, row, &period) == RUBRIC_OK && period > last_period) {
      last_period = period;
    }
  }
  for (k = 0; k < 5; ++k) {
    double best_total = -1e300;
    size_t best_row = rows;
    for (row = 0; row < rows; ++row) {
      int taken = 0;
      if (rubric_session_row_period(session, row, &period) != RUBRIC_OK || period != last_period) {
        continue;
      }
      if (rubric_session_scorable(session, row, &scorable) != RUBRIC_OK || !scorable) continue;
      for (i = 0; i < count; ++i) taken |= best[i] == row;
      if (taken || rubric_session_total(session, row, &total) != RUBRIC_OK) continue;
      if (total > best_total) {
        best_total = total;
        best_row = row;
      }
    }
    if (best_row == rows) break;
    best[count++] = best_row;
  }
  printf("%s, period %lld: top %lu\n", rubric_standard_title(standard), (long long)last_period,
         (unsigned long)count);
  for (i = 0; i < count; ++i) {
    rubric_session_row_entity(session, best[i], &entity);
    rubric_session_total(session, best[i], &total);
    rubric_session_grade(session, best[i], &grade);
    printf("%2lu. %-8s %8.2f  %s\n", (unsigned long)(i + 1), entity, total,
           grade != NULL ? grade : "");
  }
  if (count == 0) goto done;

  /* 4. Edit one value of the leader and read the incrementally updated total. */
  edited = best[0];
  if (rubric_standard_find_input(standard, "p1_1_1", &input) == RUBRIC_OK) {
    rubric_session_total(session, edited, &before);
    if (rubric_session_set_string(session, edited, input, "false") != RUBRIC_OK) {
      fprintf(stderr, "%s\n", rubric_session_last_error(session));
      goto done;
    }
    rubric_session_total(session, edited, &after);
    printf("after setting p1_1_1 to false: %.2f -> %.2f (%llu ops so far)\n", before, after,
           (unsigned long long)rubric_session_ops(session));
  }

  /* 5. Explain the leader's total as JSON (the caller frees the string). */
  if (rubric_session_explain_json(session, edited, NULL, &json) != RUBRIC_OK) {
    fprintf(stderr, "%s\n", rubric_session_last_error(session));
    goto done;
  }
  printf("explanation: %lu bytes of JSON, starting %.60s...\n", (unsigned long)strlen(json), json);
  exit_code = 0;

done:
  rubric_string_free(json);
  rubric_diagnostics_free(diagnostics);
  rubric_session_free(session);
  rubric_standard_free(standard);
  rubric_options_free(options);
  free(source);
  free(data);
  return exit_code;
}
