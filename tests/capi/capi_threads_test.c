/* One compiled standard shared by several threads at once: each thread inspects it, creates
 * its own session, loads the same data, edits and reads results. Every thread must see the
 * same results as a single thread does. (POSIX threads; the C ABI itself needs none.) */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "capi_test.h"

enum { THREADS = 4 };

struct job {
  const rubric_standard* standard;
  const char* csv;
  size_t length;
  double sum;    /* sum of every scorable row's total, after the edits */
  size_t vetoed; /* rows vetoed */
  int errors;    /* calls that failed */
};

static void* run(void* argument) {
  struct job* job = argument;
  rubric_session* session = NULL;
  size_t row, input = 0, i;
  job->sum = 0;
  job->vetoed = 0;
  job->errors = 0;
  /* Read-only use of the shared standard. */
  for (i = 0; i < rubric_standard_node_count(job->standard); ++i) {
    size_t found = 0;
    job->errors +=
        rubric_standard_find_node(job->standard, rubric_standard_node_id(job->standard, i),
                                  &found) != RUBRIC_OK ||
        found != i;
  }
  job->errors += rubric_standard_find_input(job->standard, "p1_1_1", &input) != RUBRIC_OK;
  job->errors += rubric_session_create(&session, job->standard) != RUBRIC_OK;
  if (session == NULL) return NULL;
  job->errors += rubric_session_load_csv(session, NULL, job->csv, job->length, NULL) != RUBRIC_OK;
  /* The same edits in every thread: p1_1_1 false in every row. */
  for (row = 0; row < rubric_session_row_count(session); ++row) {
    job->errors += rubric_session_set_number(session, row, input, 0) != RUBRIC_OK;
  }
  for (row = 0; row < rubric_session_row_count(session); ++row) {
    double total = 0;
    int scorable = 0, vetoed = 0;
    job->errors += rubric_session_scorable(session, row, &scorable) != RUBRIC_OK;
    if (!scorable) continue;
    job->errors += rubric_session_total(session, row, &total) != RUBRIC_OK;
    job->errors += rubric_session_vetoed(session, row, &vetoed) != RUBRIC_OK;
    job->sum += total;
    job->vetoed += (size_t)vetoed;
  }
  rubric_session_free(session);
  return NULL;
}

void test_threads(void) {
  rubric_standard* standard = capi_compile_file("examples/consortium/standard.rubric");
  struct job single, jobs[THREADS];
  pthread_t threads[THREADS];
  int started[THREADS];
  size_t length = 0;
  char* csv = capi_read_file("examples/consortium/cities.csv", &length);
  int t;
  if (standard == NULL || csv == NULL) {
    rubric_standard_free(standard);
    free(csv);
    return;
  }
  single.standard = standard;
  single.csv = csv;
  single.length = length;
  run(&single);
  CHECK(single.errors == 0);
  CHECK(single.sum > 0);
  CHECK(single.vetoed > 0);
  for (t = 0; t < THREADS; ++t) {
    jobs[t] = single;
    started[t] = pthread_create(&threads[t], NULL, run, &jobs[t]) == 0;
    CHECK(started[t]);
  }
  /* The standard may be freed while threads still use their sessions... but not while one
   * may still be creating its session from this handle: join first. */
  for (t = 0; t < THREADS; ++t) {
    if (!started[t]) continue;
    CHECK(pthread_join(threads[t], NULL) == 0);
    CHECK(jobs[t].errors == 0);
    CHECK(jobs[t].sum == single.sum);
    CHECK(jobs[t].vetoed == single.vetoed);
  }
  rubric_standard_free(standard);
  free(csv);
}
