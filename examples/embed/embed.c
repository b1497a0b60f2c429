/*
 * Embedding rubric from C: compile a standard, load a CSV, print the top 5 of a period,
 * explain the leader's total, and try one edit (incremental re-evaluation).
 *
 *   embed STANDARD.rubric DATA.csv [PERIOD]      (PERIOD: the latest one in the data)
 *
 * Build against an installed rubric:
 *   cc -std=c99 embed.c $(pkg-config --cflags --libs rubric) -o embed
 */
#include <rubric.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads a whole file; the caller frees the result. */
static char* read_file(const char* path, size_t* length) {
  FILE* file = fopen(path, "rb");
  char* text = NULL;
  long size = -1;
  if (file == NULL) return NULL;
  if (fseek(file, 0, SEEK_END) == 0) size = ftell(file);
  if (size >= 0 && fseek(file, 0, SEEK_SET) == 0) text = malloc((size_t)size + 1);
  if (text != NULL && fread(text, 1, (size_t)size, file) != (size_t)size) {
    free(text);
    text = NULL;
  }
  fclose(file);
  if (text == NULL) return NULL;
  text[size] = '\0';
  *length = (size_t)size;
  return text;
}

/* A scored row of the chosen period. */
struct ranked {
  size_t row;
  double total;
};

/* Highest total first. */
static int by_total(const void* a, const void* b) {
  const struct ranked* x = a;
  const struct ranked* y = b;
  if (x->total != y->total) return x->total < y->total ? 1 : -1;
  return x->row < y->row ? -1 : x->row > y->row;
}

/* Prints the status of a failed call, with the session's message when there is one. */
static void report(const char* what, int status, const rubric_session* session) {
  const char* message = rubric_session_last_error(session);
  fprintf(stderr, "embed: %s: %s%s%s\n", what, rubric_status_string(status),
          message[0] != '\0' ? ": " : "", message);
}

int main(int argc, char** argv) {
  rubric_options* options = NULL;
  rubric_diagnostics* diagnostics = NULL;
  rubric_standard* standard = NULL;
  rubric_session* session = NULL;
  struct ranked* ranking = NULL;
  char* source = NULL;
  char* data = NULL;
  char* json = NULL;
  size_t source_length = 0, data_length = 0, rows, row, count = 0, i, node, fired = 0, veto;
  size_t input, worst = 0;
  int64_t period, chosen = INT64_MIN;
  double total, points, value, after, worst_loss = 0;
  const char* entity;
  const char* grade;
  int status, exit_code = 1, live, scorable;

  if (argc != 3 && argc != 4) {
    fprintf(stderr, "usage: embed STANDARD.rubric DATA.csv [PERIOD]\n");
    return 2;
  }
  /* The library must serve the header this program was compiled with. */
  if (rubric_check_version(RUBRIC_VERSION_NUMBER) != RUBRIC_OK) {
    fprintf(stderr, "embed: librubric %s cannot serve rubric.h %s\n", rubric_version_string(),
            RUBRIC_VERSION_STRING);
    return 1;
  }
  source = read_file(argv[1], &source_length);
  data = read_file(argv[2], &data_length);
  if (source == NULL || data == NULL) {
    fprintf(stderr, "embed: cannot read %s\n", source == NULL ? argv[1] : argv[2]);
    goto done;
  }

  /* 1. Compile the standard. Diagnostics are data; rendered, they read like a compiler's. */
  if (rubric_options_create(&options) != RUBRIC_OK ||
      rubric_options_set_string(options, "file_name", argv[1]) != RUBRIC_OK) {
    fprintf(stderr, "embed: cannot set the options\n");
    goto done;
  }
  status = rubric_standard_compile(&standard, &diagnostics, source, source_length, options);
  fputs(rubric_diagnostics_render(diagnostics), stderr); /* errors, or warnings only */
  rubric_diagnostics_free(diagnostics);
  diagnostics = NULL;
  if (status != RUBRIC_OK) goto done;

  /* 2. A session holds the values of many rows (entity x period); load the CSV into it. */
  status = rubric_session_create(&session, standard);
  if (status != RUBRIC_OK) {
    report("cannot create a session", status, NULL);
    goto done;
  }
  rubric_options_set_string(options, "file_name", argv[2]);
  status = rubric_session_load_csv(session, &diagnostics, data, data_length, options);
  fputs(rubric_diagnostics_render(diagnostics), stderr);
  rubric_diagnostics_free(diagnostics);
  diagnostics = NULL;
  if (status != RUBRIC_OK) goto done;
  rows = rubric_session_row_count(session);
  printf("%s (%s): %lu rows\n", rubric_standard_title(standard), rubric_standard_version(standard),
         (unsigned long)rows);

  /* 3. The top 5 of a period: the scorable rows of that period, by total. */
  for (row = 0; row < rows; ++row) {
    if (rubric_session_row_period(session, row, &period) == RUBRIC_OK && period > chosen) {
      chosen = period;
    }
  }
  if (argc == 4) chosen = strtoll(argv[3], NULL, 10);
  ranking = malloc((rows > 0 ? rows : 1) * sizeof *ranking);
  if (ranking == NULL) goto done;
  for (row = 0; row < rows; ++row) {
    rubric_session_row_live(session, row, &live);
    rubric_session_row_period(session, row, &period);
    if (!live || period != chosen) continue;
    rubric_session_scorable(session, row, &scorable);
    if (!scorable) continue; /* a required input is missing: no total at all */
    if (rubric_session_total(session, row, &total) != RUBRIC_OK) continue;
    ranking[count].row = row;
    ranking[count].total = total;
    ++count;
  }
  if (count == 0) {
    fprintf(stderr, "embed: no scorable rows in period %lld\n", (long long)chosen);
    goto done;
  }
  qsort(ranking, count, sizeof *ranking, by_total);
  printf("\nTop 5 of %lld:\n", (long long)chosen);
  for (i = 0; i < count && i < 5; ++i) {
    rubric_session_row_entity(session, ranking[i].row, &entity);
    rubric_session_grade(session, ranking[i].row, &grade);
    printf("%2lu. %-10s %7.2f  %s\n", (unsigned long)(i + 1), entity, ranking[i].total,
           grade != NULL ? grade : "-");
  }

  /* 4. Why the leader earned its total: the top-level nodes and the vetoes, then the
   *    indicator where it lost the most points, explained as JSON (the caller frees it). */
  row = ranking[0].row;
  rubric_session_row_entity(session, row, &entity);
  rubric_session_grade(session, row, &grade);
  printf("\nWhy %s earned %.2f in %lld (%s):\n", entity, ranking[0].total, (long long)chosen,
         grade != NULL ? grade : "no grade");
  for (node = 0; node < rubric_standard_node_count(standard); ++node) {
    size_t parent;
    rubric_session_node_value(session, row, node, &value);
    if (rubric_standard_node_parent(standard, node, &parent) == RUBRIC_NOT_FOUND) {
      printf("  %-6s %7.2f", rubric_standard_node_id(standard, node), value);
      if (rubric_standard_node_points(standard, node, &points) == RUBRIC_OK) {
        printf(" of %-4g", points);
      }
      printf("  %s\n", rubric_standard_node_label(standard, node));
    }
    if (rubric_standard_node_kind(standard, node) == RUBRIC_NODE_INDICATOR &&
        rubric_standard_node_points(standard, node, &points) == RUBRIC_OK &&
        points - value > worst_loss) {
      worst_loss = points - value;
      worst = node;
    }
  }
  rubric_session_fired_veto_count(session, row, &fired);
  printf("  vetoes fired: %lu", (unsigned long)fired);
  for (i = 0; i < fired; ++i) {
    rubric_session_fired_veto(session, row, i, &veto);
    printf("%s%s", i == 0 ? " (" : ", ", rubric_standard_veto_id(standard, veto));
  }
  printf("%s\n", fired > 0 ? ")" : "");
  if (worst_loss > 0) {
    status =
        rubric_session_explain_json(session, row, rubric_standard_node_id(standard, worst), &json);
    if (status != RUBRIC_OK) {
      report("cannot explain the row", status, session);
      goto done;
    }
    printf("  most points lost in %s (%.2f):\n%s\n", rubric_standard_node_id(standard, worst),
           worst_loss, json);
  }

  /* 5. What if? Edit one value; the next read recomputes only what depends on it. */
  status = rubric_standard_find_input(standard, "p1_1_1", &input);
  if (status == RUBRIC_OK) {
    status = rubric_session_set_string(session, row, input, "false");
    if (status != RUBRIC_OK) {
      report("cannot set p1_1_1", status, session);
      goto done;
    }
    rubric_session_total(session, row, &after);
    printf("\nWith p1_1_1 = false, %s would earn %.2f (%llu kernel runs so far).\n", entity, after,
           (unsigned long long)rubric_session_ops(session));
  }
  exit_code = 0;

done:
  rubric_string_free(json);
  rubric_diagnostics_free(diagnostics);
  rubric_session_free(session);
  rubric_standard_free(standard);
  rubric_options_free(options);
  free(ranking);
  free(source);
  free(data);
  return exit_code;
}
