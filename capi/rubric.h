/*
 * rubric.h: the stable C ABI of rubric, an embeddable rules engine for standards-based
 * scoring. C99 and C++ clean. Link with -lrubric (pkg-config rubric) or the CMake target
 * rubric::capi.
 *
 * Conventions
 * - Every name starts with rubric_ (functions, types) or RUBRIC_ (macros, constants).
 * - Handles are opaque. Each has a create/compile function and a _free function; every
 *   _free function accepts NULL.
 * - Functions that can fail return a rubric_status; outputs come first and are written
 *   only on success. No function throws, aborts or crashes on bad arguments: NULL handles,
 *   out-of-range indices, values of the wrong type and invalid UTF-8 give a status.
 * - Strings passed in are NUL-terminated UTF-8 unless a length is given. Strings returned
 *   are owned by rubric and borrowed by the caller, valid for as long as the text says;
 *   strings the caller must free are returned through char** and freed with
 *   rubric_string_free().
 * - Indices (rows, inputs, nodes, vetoes, options) start at 0. Look ids up once with the
 *   _find_ functions and keep the indices.
 *
 * Threads
 * - rubric_standard: immutable once compiled. Any number of threads may use one standard
 *   at the same time, and create sessions from it.
 * - rubric_session: belongs to one thread at a time. Use one session per thread, or guard
 *   each session with a lock. A session keeps its standard alive: freeing the standard
 *   while sessions exist is allowed.
 * - rubric_options, rubric_diagnostics: one thread at a time.
 * - The per-handle error message (rubric_session_last_error) belongs to that handle; every
 *   call on a session clears it, and a failing call sets it.
 *
 * Versioning: see docs/c-api.md. Within a major version the ABI only grows: functions and
 * enum values are added, never changed or removed.
 */
#ifndef RUBRIC_H_
#define RUBRIC_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#define RUBRIC_API
#else
#define RUBRIC_API __attribute__((visibility("default")))
#endif

/* ---- Version ---------------------------------------------------------------------- */

#define RUBRIC_VERSION_MAJOR 0
#define RUBRIC_VERSION_MINOR 6
#define RUBRIC_VERSION_PATCH 0
/* MAJOR * 10000 + MINOR * 100 + PATCH */
#define RUBRIC_VERSION_NUMBER \
  (RUBRIC_VERSION_MAJOR * 10000 + RUBRIC_VERSION_MINOR * 100 + RUBRIC_VERSION_PATCH)
#define RUBRIC_VERSION_STRING "0.6.0"

/* The version of the library that is loaded. Any thread. */
RUBRIC_API unsigned rubric_version_number(void);
RUBRIC_API const char* rubric_version_string(void); /* static storage */

/* RUBRIC_OK when the loaded library can serve a caller compiled against the header
 * version `header_version` (same major, and a minor at least as new); else
 * RUBRIC_VERSION_MISMATCH. Call it as rubric_check_version(RUBRIC_VERSION_NUMBER). */
RUBRIC_API int rubric_check_version(unsigned header_version);

/* ---- Status ----------------------------------------------------------------------- */

/* Values are fixed for the whole major version. */
typedef enum rubric_status {
  RUBRIC_OK = 0,
  RUBRIC_INVALID_ARGUMENT = 1, /* NULL where a value is needed, a bad key or value */
  RUBRIC_NOT_FOUND = 2,        /* unknown id, entity/period, or a result that does not exist */
  RUBRIC_ALREADY_EXISTS = 3,   /* a duplicate (entity, period) row */
  RUBRIC_OUT_OF_RANGE = 4,     /* an index past the end */
  RUBRIC_TYPE_MISMATCH = 5,    /* e.g. a number for an enum input */
  RUBRIC_INVALID_UTF8 = 6,     /* a string that is not valid UTF-8 */
  RUBRIC_COMPILE_ERROR = 7,    /* the standard has errors: see the diagnostics */
  RUBRIC_DATA_ERROR = 8,       /* the data have errors: see the diagnostics */
  RUBRIC_NOT_SCORABLE = 9,     /* the row has no results (a required input is missing) */
  RUBRIC_NO_MEMORY = 10,
  RUBRIC_VERSION_MISMATCH = 11,
  RUBRIC_INTERNAL = 12 /* a bug in rubric: please report it */
} rubric_status;

/* A short English description of a status; static storage. Any thread. */
RUBRIC_API const char* rubric_status_string(int status);

/* Frees a string that rubric returned through a char** output. Accepts NULL. */
RUBRIC_API void rubric_string_free(char* text);

/* ---- Options (keyed setters; no structs to lay out) ------------------------------- */

typedef struct rubric_options rubric_options;

/* Keys:
 *   "file_name"      string  name shown in diagnostics (compile and CSV loading)
 *   "entity_column"  string  wide CSV: the entity column (default "entity")
 *   "period_column"  string  wide CSV: the period column (default "period")
 *   "ignore_columns" string  wide CSV: comma-separated columns to skip silently
 *   "max_errors"     int     CSV: stop reporting after this many errors (default 50)
 *   "read_bases"     int     1: compile variants (`extends BASE from "FILE"`) by reading
 *                            their bases from files relative to "file_name" (to the path
 *                            for rubric_standard_compile_file); 0 (default): a variant is
 *                            diagnostic E0109
 *   "allow_any_base" int     1: read bases from any path; 0 (default): an absolute path, or
 *                            one that leaves the folder of the standard being compiled (its
 *                            subfolders included; `..` and symbolic links resolved), is
 *                            diagnostic E0109
 * Unknown keys and values of the wrong kind give RUBRIC_INVALID_ARGUMENT. */
RUBRIC_API int rubric_options_create(rubric_options** out);
RUBRIC_API void rubric_options_free(rubric_options* options);
RUBRIC_API int rubric_options_set_string(rubric_options* options, const char* key,
                                         const char* value);
RUBRIC_API int rubric_options_set_int(rubric_options* options, const char* key, int64_t value);

/* ---- Diagnostics ------------------------------------------------------------------ */

typedef struct rubric_diagnostics rubric_diagnostics;

#define RUBRIC_SEVERITY_ERROR 0
#define RUBRIC_SEVERITY_WARNING 1
#define RUBRIC_SEVERITY_NOTE 2

/* Accessors return 0 / NULL for a NULL handle or an index past the end. Returned strings
 * live as long as the diagnostics handle. */
RUBRIC_API size_t rubric_diagnostics_count(const rubric_diagnostics* diagnostics);
RUBRIC_API size_t rubric_diagnostics_error_count(const rubric_diagnostics* diagnostics);
RUBRIC_API int rubric_diagnostic_severity(const rubric_diagnostics* diagnostics, size_t i);
RUBRIC_API const char* rubric_diagnostic_code(const rubric_diagnostics* diagnostics, size_t i);
RUBRIC_API const char* rubric_diagnostic_message(const rubric_diagnostics* diagnostics, size_t i);
RUBRIC_API const char* rubric_diagnostic_hint(const rubric_diagnostics* diagnostics, size_t i);
RUBRIC_API const char* rubric_diagnostic_file(const rubric_diagnostics* diagnostics, size_t i);
RUBRIC_API int rubric_diagnostic_line(const rubric_diagnostics* diagnostics, size_t i);
/* 1-based, counted in Unicode code points; 0 when there is no column. */
RUBRIC_API int rubric_diagnostic_column(const rubric_diagnostics* diagnostics, size_t i);
RUBRIC_API size_t rubric_diagnostic_offset(const rubric_diagnostics* diagnostics, size_t i);
/* Every diagnostic as `FILE:LINE:COL: error: MESSAGE [CODE]`, source line, caret, hint. */
RUBRIC_API const char* rubric_diagnostics_render(const rubric_diagnostics* diagnostics);
RUBRIC_API void rubric_diagnostics_free(rubric_diagnostics* diagnostics);

/* ---- Standard (compiled, immutable, shareable between threads) -------------------- */

typedef struct rubric_standard rubric_standard;

/* Compiles `length` bytes of rubric source. On success *out is a new standard (free it
 * with rubric_standard_free). When `diagnostics` is not NULL it receives a new diagnostics
 * handle (errors and warnings; free it) whatever the outcome. Returns RUBRIC_COMPILE_ERROR
 * when the source has errors. `options` may be NULL ("file_name" is used). */
RUBRIC_API int rubric_standard_compile(rubric_standard** out, rubric_diagnostics** diagnostics,
                                       const char* source, size_t length,
                                       const rubric_options* options);
/* Reads and compiles the rubric file at `path` (UTF-8), as rubric_standard_compile does
 * its text. Only a regular file within the source size limit is read; one that cannot be
 * read is diagnostic E0009 and RUBRIC_COMPILE_ERROR. Options: "read_bases",
 * "allow_any_base", and "file_name", the file's name in diagnostics (default: `path`).
 * `options` may be NULL. */
RUBRIC_API int rubric_standard_compile_file(rubric_standard** out, rubric_diagnostics** diagnostics,
                                            const char* path, const rubric_options* options);
RUBRIC_API void rubric_standard_free(rubric_standard* standard);

/* Strings returned by the standard's accessors live as long as the standard (or a session
 * created from it). Accessors return NULL / 0 for a NULL handle or a bad index, except
 * rubric_standard_input_type and rubric_standard_node_kind, which return -1 (0 is a valid
 * type and kind). */
RUBRIC_API const char* rubric_standard_id(const rubric_standard* standard);
RUBRIC_API const char* rubric_standard_title(const rubric_standard* standard);
RUBRIC_API const char* rubric_standard_version(const rubric_standard* standard);
/* What identifies the standard's meaning, for audit trails: "sha256:" and 64 lower-case hex
 * digits, the SHA-256 of the standard's canonical form (formatting, comments and variants
 * resolved; any change of meaning changes it). Since 0.5. */
RUBRIC_API const char* rubric_standard_content_hash(const rubric_standard* standard);

/* Input types */
#define RUBRIC_TYPE_BOOL 0
#define RUBRIC_TYPE_NUMBER 1
#define RUBRIC_TYPE_PERCENT 2
#define RUBRIC_TYPE_INTEGER 3
#define RUBRIC_TYPE_RANK 4
#define RUBRIC_TYPE_ENUM 5
#define RUBRIC_TYPE_TEXT 6

RUBRIC_API size_t rubric_standard_input_count(const rubric_standard* standard);
/* RUBRIC_NOT_FOUND for an unknown id, RUBRIC_INVALID_UTF8 for an id that is not UTF-8. */
RUBRIC_API int rubric_standard_find_input(const rubric_standard* standard, const char* id,
                                          size_t* out);
RUBRIC_API const char* rubric_standard_input_id(const rubric_standard* standard, size_t input);
RUBRIC_API const char* rubric_standard_input_label(const rubric_standard* standard, size_t input);
RUBRIC_API int rubric_standard_input_type(const rubric_standard* standard, size_t input);
RUBRIC_API const char* rubric_standard_input_unit(const rubric_standard* standard, size_t input);
RUBRIC_API size_t rubric_standard_input_option_count(const rubric_standard* standard, size_t input);
RUBRIC_API const char* rubric_standard_input_option(const rubric_standard* standard, size_t input,
                                                    size_t option);

/* Nodes, in pre-order. Kinds: 0 group, 1 indicator. */
#define RUBRIC_NODE_GROUP 0
#define RUBRIC_NODE_INDICATOR 1

RUBRIC_API size_t rubric_standard_node_count(const rubric_standard* standard);
RUBRIC_API int rubric_standard_find_node(const rubric_standard* standard, const char* id,
                                         size_t* out);
RUBRIC_API const char* rubric_standard_node_id(const rubric_standard* standard, size_t node);
RUBRIC_API const char* rubric_standard_node_label(const rubric_standard* standard, size_t node);
RUBRIC_API int rubric_standard_node_kind(const rubric_standard* standard, size_t node);
/* The parent's index, or RUBRIC_NOT_FOUND for a top-level node. */
RUBRIC_API int rubric_standard_node_parent(const rubric_standard* standard, size_t node,
                                           size_t* out);
/* The node's possible points, or RUBRIC_NOT_FOUND when it has none (a free-form value). */
RUBRIC_API int rubric_standard_node_points(const rubric_standard* standard, size_t node,
                                           double* out);

/* Outputs (`output let`), in declaration order: their ids and labels (valid as long as the
 * standard), NULL for an index out of range. */
RUBRIC_API size_t rubric_standard_output_count(const rubric_standard* standard);
RUBRIC_API const char* rubric_standard_output_id(const rubric_standard* standard, size_t output);
RUBRIC_API const char* rubric_standard_output_label(const rubric_standard* standard, size_t output);
/* The weighted groups (`aggregate`, `weights`) as a JSON array of objects {"group",
 * "aggregate", "method", "children": [ids], "weights": [numbers] (when known at compile
 * time; else absent: derived from the data), "consistency": [{"lambda_max", "ci", "ri",
 * "cr"}] (AHP)}; "[]" when none. Free *json with rubric_string_free. */
RUBRIC_API int rubric_standard_weighted_groups_json(const rubric_standard* standard, char** json);

RUBRIC_API size_t rubric_standard_veto_count(const rubric_standard* standard);
RUBRIC_API const char* rubric_standard_veto_id(const rubric_standard* standard, size_t veto);
RUBRIC_API const char* rubric_standard_veto_label(const rubric_standard* standard, size_t veto);
RUBRIC_API size_t rubric_standard_grade_count(const rubric_standard* standard);
RUBRIC_API const char* rubric_standard_grade_name(const rubric_standard* standard, size_t grade);

/* ---- Session (values and results; one thread at a time) --------------------------- */

typedef struct rubric_session rubric_session;

RUBRIC_API int rubric_session_create(rubric_session** out, const rubric_standard* standard);
RUBRIC_API void rubric_session_free(rubric_session* session);

/* The message of the last failed call on this session ("" when none). Valid until the
 * next call on the session. */
RUBRIC_API const char* rubric_session_last_error(const rubric_session* session);

/* Rows: one entity in one period. An entity is non-empty UTF-8 text (not only spaces)
 * without control characters (U+0000-U+001F, U+007F-U+009F): else INVALID_ARGUMENT (or
 * INVALID_UTF8), as a data file's D0006. */
RUBRIC_API int rubric_session_add_row(rubric_session* session, const char* entity, int64_t period,
                                      size_t* row);
RUBRIC_API int rubric_session_find_row(const rubric_session* session, const char* entity,
                                       int64_t period, size_t* row);
RUBRIC_API int rubric_session_remove_row(rubric_session* session, size_t row);
/* *live = 1 for a row that exists and was not removed, 0 for a removed one. */
RUBRIC_API int rubric_session_row_live(const rubric_session* session, size_t row, int* live);
/* Rows ever added (removed ones keep their index). */
RUBRIC_API size_t rubric_session_row_count(const rubric_session* session);
/* The row's entity (valid until the session is freed) and period. */
RUBRIC_API int rubric_session_row_entity(const rubric_session* session, size_t row,
                                         const char** entity);
RUBRIC_API int rubric_session_row_period(const rubric_session* session, size_t row,
                                         int64_t* period);

/* Values. Numbers for bool (0/1), number, percent, integer and rank inputs; options by
 * index for enums; text for text inputs; `set_string` parses any type as data does ("" =
 * missing). Declared bounds are checked. */
RUBRIC_API int rubric_session_set_number(rubric_session* session, size_t row, size_t input,
                                         double value);
RUBRIC_API int rubric_session_set_option(rubric_session* session, size_t row, size_t input,
                                         size_t option);
RUBRIC_API int rubric_session_set_text(rubric_session* session, size_t row, size_t input,
                                       const char* text);
RUBRIC_API int rubric_session_set_string(rubric_session* session, size_t row, size_t input,
                                         const char* text);
RUBRIC_API int rubric_session_clear(rubric_session* session, size_t row, size_t input);
/* Bulk: one input's values for many rows in one call. `missing` may be NULL; where
 * missing[i] is non-zero, row rows[i] is cleared. Stops at the first bad value and returns
 * its status (earlier values stay set). */
RUBRIC_API int rubric_session_set_numbers(rubric_session* session, size_t input, const size_t* rows,
                                          const double* values, const unsigned char* missing,
                                          size_t count);
/* The value rules see (defaults for missing values; enum option index) and whether it is
 * missing (`missing` may be NULL). */
RUBRIC_API int rubric_session_get_value(const rubric_session* session, size_t row, size_t input,
                                        double* value, int* missing);

/* Loads CSV (long `entity,period,input,value` or wide). `diagnostics` (may be NULL)
 * receives a new handle. Returns RUBRIC_DATA_ERROR when the data have errors; the rows read
 * before the errors were found stay in the session, so discard a session whose load
 * failed (or load into a fresh one). */
RUBRIC_API int rubric_session_load_csv(rubric_session* session, rubric_diagnostics** diagnostics,
                                       const char* text, size_t length,
                                       const rubric_options* options);

/* Loads the CSV file at `path` as rubric_session_load_csv loads text. The file is checked
 * before it is read, as every file rubric reads: a file that cannot be opened or read, a
 * folder, device, pipe or socket is RUBRIC_INVALID_ARGUMENT, a file over 4 GiB
 * RUBRIC_OUT_OF_RANGE; rubric_session_last_error says why
 * (`cannot read data.csv: No such file or directory`). Diagnostics name "file_name" when
 * it is set in `options`, else `path`. */
RUBRIC_API int rubric_session_load_csv_file(rubric_session* session,
                                            rubric_diagnostics** diagnostics, const char* path,
                                            const rubric_options* options);

/* Evaluates everything from scratch. Optional: results are always current, and reads
 * after edits recompute incrementally only what depends on them. */
RUBRIC_API int rubric_session_evaluate(rubric_session* session);

/* Results. RUBRIC_NOT_SCORABLE for a row whose required inputs are missing. */
RUBRIC_API int rubric_session_total(rubric_session* session, size_t row, double* total);
RUBRIC_API int rubric_session_node_value(rubric_session* session, size_t row, size_t node,
                                         double* value);
/* The grade's name (valid as long as the standard), or NULL when the standard has no grades
 * or none applies. */
RUBRIC_API int rubric_session_grade(rubric_session* session, size_t row, const char** grade);
RUBRIC_API int rubric_session_scorable(const rubric_session* session, size_t row, int* scorable);
RUBRIC_API int rubric_session_vetoed(rubric_session* session, size_t row, int* vetoed);
/* How many vetoes fired for the row, and the k-th one's index (into the standard's vetoes). */
RUBRIC_API int rubric_session_fired_veto_count(rubric_session* session, size_t row, size_t* count);
RUBRIC_API int rubric_session_fired_veto(rubric_session* session, size_t row, size_t k,
                                         size_t* veto);
/* The explanation of `node_id` (NULL: the whole standard) for the row, as JSON. Free *json
 * with rubric_string_free. */
RUBRIC_API int rubric_session_explain_json(rubric_session* session, size_t row, const char* node_id,
                                           char** json);
/* Missing results. A value computed from missing inputs (docs/language.md, "Missing data")
 * is a NaN with a reserved payload: rubric_session_total and rubric_session_node_value give
 * it with RUBRIC_OK. rubric_value_is_missing tells it apart from other NaN (1: missing,
 * 0: not). rubric_session_missing_reason gives why a scorable row's total is missing
 * ("no part of the total has a value: missing a, b"), or "" when it has one; free *reason
 * with rubric_string_free. */
RUBRIC_API int rubric_value_is_missing(double value);
RUBRIC_API int rubric_session_missing_reason(rubric_session* session, size_t row, char** reason);
/* The values `impute` estimated in `row`, as a JSON array of objects {"expression",
 * "input" (when an input's policy imputed it), "value", "how"}; "[]" when none. Free *json
 * with rubric_string_free. */
RUBRIC_API int rubric_session_imputations_json(rubric_session* session, size_t row, char** json);
/* ---- Decision analysis (docs/analysis.md) ------------------------------------------ */
/* Each takes its options as a JSON object (NULL or "" for the defaults; unknown keys are
 * RUBRIC_INVALID_ARGUMENT) and gives its result as JSON, the same as the command's
 * `--format json`; free *json with rubric_string_free. The session's values are the same
 * on return as on entry. */
/* What moved a score: {"entity": "E", "from": P1, "to": P2} and optionally "samples",
 * "seed", "exact_players" (rubric attribute). */
RUBRIC_API int rubric_session_attribute_json(rubric_session* session, const char* options_json,
                                             char** json);
/* What would it take for `row` to reach its next grade: {} for the next grade, or
 * {"grade": "G"} or {"total": X}, and optionally "plan" (bool), "cost" ({"input": cost per
 * unit}), "range" (rubric goal). RUBRIC_NOT_SCORABLE-like failures (a row without a total)
 * are RUBRIC_INVALID_ARGUMENT with the reason in rubric_session_last_error. */
RUBRIC_API int rubric_session_goal_json(rubric_session* session, size_t row,
                                        const char* options_json, char** json);
/* How robust the ranking is when the weights vary: {"samples": N, "seed": S, "vary":
 * "20%", "factors": [{"group": "G1", "distribution": "uniform", "spread": 0.15}, ...],
 * "sobol": bool, "threads": T} (rubric sensitivity). Deterministic for a seed, whatever
 * the threads. */
RUBRIC_API int rubric_session_sensitivity_json(rubric_session* session, const char* options_json,
                                               char** json);
/* The same sweep in blocks of runs, for processes or machines that share it (docs/c-api.md
 * "Sensitivity in blocks"); not with "sobol". Since 0.6.
 * rubric_session_sensitivity_runs computes runs [first_run, first_run + run_count) of the
 * sweep of `options_json` and gives their totals as an opaque block of *size bytes in
 * *block (free it with rubric_string_free; it is not NUL-terminated text). A count of 0 or
 * runs beyond "samples" are RUBRIC_INVALID_ARGUMENT. */
RUBRIC_API int rubric_session_sensitivity_runs(rubric_session* session, const char* options_json,
                                               size_t first_run, size_t run_count, char** block,
                                               size_t* size);
/* The summary of the sweep from its blocks (blocks[i] of sizes[i] bytes, in any order): the
 * same JSON, to the last bit, as rubric_session_sensitivity_json gives with the same
 * options on a session with the same rows and values. Blocks that do not cover the runs
 * exactly once, or were made with another seed, other samples, rows, values or factors,
 * are RUBRIC_INVALID_ARGUMENT (the message says which). Free *json with
 * rubric_string_free. */
RUBRIC_API int rubric_session_sensitivity_merge_json(rubric_session* session,
                                                     const char* options_json,
                                                     const char* const* blocks, const size_t* sizes,
                                                     size_t block_count, char** json);

/* An output's value in the row (the missing value when it is missing; a named band gives
 * its number), and as text (a named band's name, else the number in shortest form; "" when
 * missing or the row is not scorable; free *text with rubric_string_free). */
RUBRIC_API int rubric_session_output_value(rubric_session* session, size_t row, size_t output,
                                           double* value);
RUBRIC_API int rubric_session_output_text(rubric_session* session, size_t row, size_t output,
                                          char** text);

/* ---- Columnar results (many rows in one call) ------------------------------------- */
/* Each reads one kind of result for `count` rows into a caller's buffer of `count`
 * elements: out[i] is the result of row rows[i]. `rows` NULL means rows 0..count-1.
 * The caller owns every buffer; rubric only writes to it, and only on success (every row is
 * checked before anything is written). Errors: `out` NULL with count > 0 is
 * RUBRIC_INVALID_ARGUMENT; a row past the end or removed is RUBRIC_OUT_OF_RANGE (the
 * message names it); count 0 is RUBRIC_OK and writes nothing (the buffers may be NULL).
 * Rows that are not scorable are not an error here: totals and node values give a quiet
 * NaN that is NOT the missing value (rubric_value_is_missing says 0), grades -1 and vetoed
 * 0; rubric_session_scorable_flags tells them apart. Missing results are the missing NaN,
 * as in rubric_session_total. */
/* The totals: as rubric_session_total, row by row. */
RUBRIC_API int rubric_session_totals(rubric_session* session, const size_t* rows, size_t count,
                                     double* out);
/* The value of node `node` (RUBRIC_OUT_OF_RANGE when past the end), as
 * rubric_session_node_value. */
RUBRIC_API int rubric_session_node_values(rubric_session* session, size_t node, const size_t* rows,
                                          size_t count, double* out);
/* The grades as indices into the standard's grades (rubric_standard_grade_name); -1 when
 * none applies (no grades, a missing total, or a row that is not scorable). */
RUBRIC_API int rubric_session_grades(rubric_session* session, const size_t* rows, size_t count,
                                     int* out);
/* 1 for a vetoed row, else 0. */
RUBRIC_API int rubric_session_vetoed_flags(rubric_session* session, const size_t* rows,
                                           size_t count, uint8_t* out);
/* 1 for a scorable row, else 0. */
RUBRIC_API int rubric_session_scorable_flags(const rubric_session* session, const size_t* rows,
                                             size_t count, uint8_t* out);
/* The values of several inputs for many rows, as rubric_session_get_value gives them (the
 * value rules see: defaults for missing values, an enum's option index), row-major:
 * out[r * input_count + k] is input inputs[k] of row rows[r]; `out` holds
 * row_count * input_count doubles. `inputs` NULL means inputs 0..input_count-1, `rows`
 * NULL rows 0..row_count-1. `missing` (may be NULL), laid out as `out`, receives 1 where the
 * value is missing, else 0. An input past the end is RUBRIC_OUT_OF_RANGE. */
RUBRIC_API int rubric_session_input_values(const rubric_session* session, const size_t* inputs,
                                           size_t input_count, const size_t* rows, size_t row_count,
                                           double* out, uint8_t* missing);

/* Kernel runs since the session was created (see docs/cpp-api.md). */
RUBRIC_API uint64_t rubric_session_ops(const rubric_session* session);

#ifdef __cplusplus
}
#endif

#endif /* RUBRIC_H_ */
