/* Compiling standards, diagnostics and their accessors, and inspecting a standard. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capi_test.h"

void test_compile_good(void) {
  rubric_standard* standard = NULL;
  rubric_diagnostics* diagnostics = NULL;
  rubric_options* options = NULL;
  const char* warned =
      "standard s {\n  grades { 好 >= 60 }\n  indicator a points 100 { score 1 }\n}\n";
  const char* trailing = "standard s { indicator a points 1 { score 1 } }GARBAGE";

  /* A clean standard: OK, a standard, and an empty diagnostics handle. */
  CHECK_STATUS(RUBRIC_OK, rubric_standard_compile(&standard, &diagnostics, capi_mini_source,
                                                  strlen(capi_mini_source), NULL));
  CHECK(standard != NULL);
  CHECK(diagnostics != NULL);
  CHECK(rubric_diagnostics_count(diagnostics) == 0);
  CHECK(rubric_diagnostics_error_count(diagnostics) == 0);
  CHECK_STR(rubric_diagnostics_render(diagnostics), "");
  rubric_diagnostics_free(diagnostics);
  rubric_standard_free(standard);

  /* Diagnostics and options are optional. */
  standard = NULL;
  CHECK_STATUS(RUBRIC_OK, rubric_standard_compile(&standard, NULL, capi_mini_source,
                                                  strlen(capi_mini_source), NULL));
  CHECK(standard != NULL);
  rubric_standard_free(standard);

  /* Warnings only: compiled, and the warning is reported under the given file name. */
  standard = NULL;
  diagnostics = NULL;
  CHECK_STATUS(RUBRIC_OK, rubric_options_create(&options));
  CHECK_STATUS(RUBRIC_OK, rubric_options_set_string(options, "file_name", "好.rubric"));
  CHECK_STATUS(RUBRIC_OK,
               rubric_standard_compile(&standard, &diagnostics, warned, strlen(warned), options));
  CHECK(standard != NULL);
  CHECK(rubric_diagnostics_count(diagnostics) == 1);
  CHECK(rubric_diagnostics_error_count(diagnostics) == 0);
  CHECK(rubric_diagnostic_severity(diagnostics, 0) == RUBRIC_SEVERITY_WARNING);
  CHECK_STR(rubric_diagnostic_code(diagnostics, 0), "W0401");
  CHECK_STR(rubric_diagnostic_file(diagnostics, 0), "好.rubric");
  CHECK(rubric_diagnostic_line(diagnostics, 0) == 2);
  CHECK(rubric_diagnostic_column(diagnostics, 0) == 3);
  CHECK(strstr(rubric_diagnostics_render(diagnostics), "好.rubric:2:3: warning: ") != NULL);
  rubric_diagnostics_free(diagnostics);
  rubric_standard_free(standard);
  rubric_options_free(options);

  /* Only `length` bytes are compiled: the text after them is never read. */
  standard = NULL;
  CHECK_STATUS(RUBRIC_OK,
               rubric_standard_compile(&standard, NULL, trailing, strlen(trailing) - 7, NULL));
  CHECK_STR(rubric_standard_id(standard), "s");
  rubric_standard_free(standard);

  /* A leading byte-order mark is ignored. */
  {
    const char* bom = "\xef\xbb\xbfstandard s { indicator a points 1 { score 1 } }";
    standard = NULL;
    CHECK_STATUS(RUBRIC_OK, rubric_standard_compile(&standard, NULL, bom, strlen(bom), NULL));
    rubric_standard_free(standard);
  }
}

/* A variant compiles when its bases may be read from files ("read_bases"), and is E0109
 * otherwise. */
void test_compile_variant(void) {
  size_t length = 0;
  char* source = capi_read_file("examples/consortium/jiangsu.rubric", &length);
  char path[4096];
  rubric_options* options = NULL;
  rubric_standard* standard = NULL;
  rubric_diagnostics* diagnostics = NULL;
  if (source == NULL) return;
  CHECK_STATUS(RUBRIC_COMPILE_ERROR,
               rubric_standard_compile(&standard, &diagnostics, source, length, NULL));
  CHECK(standard == NULL);
  CHECK_STR(rubric_diagnostic_code(diagnostics, 0), "E0109");
  rubric_diagnostics_free(diagnostics);

  snprintf(path, sizeof path, "%s/examples/consortium/jiangsu.rubric", RUBRIC_SOURCE_DIR);
  CHECK_STATUS(RUBRIC_OK, rubric_options_create(&options));
  CHECK_STATUS(RUBRIC_OK, rubric_options_set_string(options, "file_name", path));
  CHECK_STATUS(RUBRIC_INVALID_ARGUMENT, rubric_options_set_int(options, "read_bases", 2));
  CHECK_STATUS(RUBRIC_OK, rubric_options_set_int(options, "read_bases", 1));
  CHECK_STATUS(RUBRIC_OK,
               rubric_standard_compile(&standard, &diagnostics, source, length, options));
  CHECK(rubric_diagnostics_count(diagnostics) == 0);
  CHECK_STR(rubric_standard_id(standard), "jiangsu");
  rubric_standard_free(standard);
  rubric_diagnostics_free(diagnostics);
  rubric_options_free(options);
  free(source);
}

void test_compile_errors(void) {
  const char* unknown = "standard s {\n  indicator a points 1 {\n    score nope\n  }\n}\n";
  const char* mixed =
      "standard s {\n  grades { 好 >= 60 }\n  indicator 甲 points 100 { score 乙 }\n}\n";
  rubric_standard* standard = NULL;
  rubric_diagnostics* diagnostics = NULL;
  rubric_options* options = NULL;
  const char* rendered;

  /* E0101, an unknown name: every accessor. */
  CHECK_STATUS(RUBRIC_OK, rubric_options_create(&options));
  CHECK_STATUS(RUBRIC_OK, rubric_options_set_string(options, "file_name", "bad.rubric"));
  CHECK_STATUS(RUBRIC_COMPILE_ERROR,
               rubric_standard_compile(&standard, &diagnostics, unknown, strlen(unknown), options));
  CHECK(standard == NULL);
  CHECK(rubric_diagnostics_count(diagnostics) == 1);
  CHECK(rubric_diagnostics_error_count(diagnostics) == 1);
  CHECK(rubric_diagnostic_severity(diagnostics, 0) == RUBRIC_SEVERITY_ERROR);
  CHECK_STR(rubric_diagnostic_code(diagnostics, 0), "E0101");
  CHECK_STR(rubric_diagnostic_message(diagnostics, 0), "unknown name 'nope'");
  CHECK_STR(rubric_diagnostic_file(diagnostics, 0), "bad.rubric");
  CHECK(rubric_diagnostic_hint(diagnostics, 0) != NULL);
  CHECK(rubric_diagnostic_line(diagnostics, 0) == 3);
  CHECK(rubric_diagnostic_column(diagnostics, 0) == 11);
  CHECK(rubric_diagnostic_offset(diagnostics, 0) == 48);
  CHECK(strncmp(unknown + rubric_diagnostic_offset(diagnostics, 0), "nope", 4) == 0);
  rendered = rubric_diagnostics_render(diagnostics);
  CHECK(rendered != NULL &&
        strstr(rendered, "bad.rubric:3:11: error: unknown name 'nope' [E0101]\n") != NULL);
  CHECK(rendered != NULL && strstr(rendered, "    score nope\n") != NULL);
  CHECK(rendered != NULL && strstr(rendered, "^") != NULL);
  /* The rendering is stable: the same pointer on every call. */
  CHECK(rubric_diagnostics_render(diagnostics) == rendered);
  rubric_diagnostics_free(diagnostics);
  rubric_options_free(options);

  /* A warning and an error; columns count code points, offsets count bytes. Without a
   * file name the file is "<input>". */
  diagnostics = NULL;
  CHECK_STATUS(RUBRIC_COMPILE_ERROR,
               rubric_standard_compile(&standard, &diagnostics, mixed, strlen(mixed), NULL));
  CHECK(standard == NULL);
  CHECK(rubric_diagnostics_count(diagnostics) == 2);
  CHECK(rubric_diagnostics_error_count(diagnostics) == 1);
  CHECK(rubric_diagnostic_severity(diagnostics, 0) == RUBRIC_SEVERITY_WARNING);
  CHECK_STR(rubric_diagnostic_code(diagnostics, 0), "W0401");
  CHECK(rubric_diagnostic_severity(diagnostics, 1) == RUBRIC_SEVERITY_ERROR);
  CHECK_STR(rubric_diagnostic_code(diagnostics, 1), "E0101");
  CHECK_STR(rubric_diagnostic_message(diagnostics, 1), "unknown name '乙'");
  CHECK_STR(rubric_diagnostic_file(diagnostics, 1), "<input>");
  CHECK(rubric_diagnostic_line(diagnostics, 1) == 3);
  CHECK(rubric_diagnostic_column(diagnostics, 1) == 34);
  CHECK(rubric_diagnostic_offset(diagnostics, 1) == 71);
  CHECK(strncmp(mixed + rubric_diagnostic_offset(diagnostics, 1), "乙", strlen("乙")) == 0);
  rendered = rubric_diagnostics_render(diagnostics);
  CHECK(rendered != NULL && strstr(rendered, "<input>:2:3: warning: ") != NULL);
  CHECK(rendered != NULL &&
        strstr(rendered, "<input>:3:34: error: unknown name '乙' [E0101]") != NULL);
  rubric_diagnostics_free(diagnostics);

  /* Invalid UTF-8 in the source: E0001 at the first bad byte. */
  diagnostics = NULL;
  CHECK_STATUS(RUBRIC_COMPILE_ERROR,
               rubric_standard_compile(&standard, &diagnostics, "standard \xc3\x28 {}", 13, NULL));
  CHECK(rubric_diagnostics_error_count(diagnostics) >= 1);
  CHECK_STR(rubric_diagnostic_code(diagnostics, 0), "E0001");
  CHECK(rubric_diagnostic_offset(diagnostics, 0) == 9);
  CHECK(rubric_diagnostic_line(diagnostics, 0) == 1);
  rubric_diagnostics_free(diagnostics);
  diagnostics = NULL;
  CHECK_STATUS(RUBRIC_COMPILE_ERROR, rubric_standard_compile(&standard, &diagnostics,
                                                             "standard s \"\xff\" {}", 17, NULL));
  CHECK_STR(rubric_diagnostic_code(diagnostics, 0), "E0001");
  rubric_diagnostics_free(diagnostics);

  /* Empty source (also NULL with length 0): a syntax error, not a crash. */
  diagnostics = NULL;
  CHECK_STATUS(RUBRIC_COMPILE_ERROR, rubric_standard_compile(&standard, &diagnostics, "", 0, NULL));
  CHECK_STR(rubric_diagnostic_code(diagnostics, 0), "E0002");
  rubric_diagnostics_free(diagnostics);
  diagnostics = NULL;
  CHECK_STATUS(RUBRIC_COMPILE_ERROR,
               rubric_standard_compile(&standard, &diagnostics, NULL, 0, NULL));
  CHECK_STR(rubric_diagnostic_code(diagnostics, 0), "E0002");
  CHECK(rubric_diagnostic_line(diagnostics, 0) == 1);
  rubric_diagnostics_free(diagnostics);

  /* More codes through the same path. */
  {
    static const struct {
      const char* source;
      const char* code;
    } cases[] = {
        {"standard s { indicator a points 1 { score 1 } ", "E0002"},
        {"standard s { input a : bool input a : bool }", "E0102"},
        {"standard s { let a = b let b = a indicator i points 1 { score a } }", "E0301"},
        {"standard s { total 10 indicator a points 3 { score 1 } }", "E0401"},
        {"standard s { indicator a { score 1 } }", "E0402"},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; ++i) {
      diagnostics = NULL;
      standard = NULL;
      CHECK_STATUS(RUBRIC_COMPILE_ERROR,
                   rubric_standard_compile(&standard, &diagnostics, cases[i].source,
                                           strlen(cases[i].source), NULL));
      CHECK(standard == NULL);
      CHECK_STR(rubric_diagnostic_code(diagnostics, 0), cases[i].code);
      rubric_diagnostics_free(diagnostics);
    }
  }

  /* A compile error without a diagnostics handle still says so. */
  CHECK_STATUS(RUBRIC_COMPILE_ERROR,
               rubric_standard_compile(&standard, NULL, unknown, strlen(unknown), NULL));
  CHECK(standard == NULL);
}

void test_diagnostics_accessors(void) {
  rubric_diagnostics* diagnostics = NULL;
  rubric_standard* standard = NULL;
  const char* source = "standard s { indicator a points 1 { score nope } }";
  CHECK_STATUS(RUBRIC_COMPILE_ERROR,
               rubric_standard_compile(&standard, &diagnostics, source, strlen(source), NULL));
  /* Past the end: 0 / NULL. */
  CHECK(rubric_diagnostic_code(diagnostics, 1) == NULL);
  CHECK(rubric_diagnostic_message(diagnostics, 1) == NULL);
  CHECK(rubric_diagnostic_hint(diagnostics, 1) == NULL);
  CHECK(rubric_diagnostic_file(diagnostics, 1) == NULL);
  CHECK(rubric_diagnostic_line(diagnostics, 1) == 0);
  CHECK(rubric_diagnostic_column(diagnostics, 1) == 0);
  CHECK(rubric_diagnostic_offset(diagnostics, 1) == 0);
  CHECK(rubric_diagnostic_severity(diagnostics, 1) == 0);
  CHECK(rubric_diagnostic_code(diagnostics, (size_t)-1) == NULL);
  /* A NULL handle: 0 / NULL. */
  CHECK(rubric_diagnostics_count(NULL) == 0);
  CHECK(rubric_diagnostics_error_count(NULL) == 0);
  CHECK(rubric_diagnostic_severity(NULL, 0) == 0);
  CHECK(rubric_diagnostic_code(NULL, 0) == NULL);
  CHECK(rubric_diagnostic_message(NULL, 0) == NULL);
  CHECK(rubric_diagnostic_hint(NULL, 0) == NULL);
  CHECK(rubric_diagnostic_file(NULL, 0) == NULL);
  CHECK(rubric_diagnostic_line(NULL, 0) == 0);
  CHECK(rubric_diagnostic_column(NULL, 0) == 0);
  CHECK(rubric_diagnostic_offset(NULL, 0) == 0);
  CHECK(rubric_diagnostics_render(NULL) == NULL);
  rubric_diagnostics_free(diagnostics);
  rubric_diagnostics_free(NULL);
}

void test_inspection_consortium(void) {
  rubric_standard* s = capi_compile_file("examples/consortium/standard.rubric");
  size_t input = 0, node = 0, parent = 0, i, groups = 0, indicators = 0, enums = 0;
  double points = 0, top_level_points = 0;
  if (s == NULL) return;
  CHECK_STR(rubric_standard_id(s), "consortium");
  CHECK_STR(rubric_standard_title(s), "市域产教联合体建设标准（试行）");
  CHECK_STR(rubric_standard_version(s), "2023-trial");
  /* Pinned: the same in every binding (docs/audit.md). */
  CHECK_STR(rubric_standard_content_hash(s),
            "sha256:44fe5396cc7d19fe5a2f6307ffd52c2a46d20e7ede04f135366b83c37c5a2f58");

  CHECK(rubric_standard_input_count(s) == 128);
  CHECK_STATUS(RUBRIC_OK, rubric_standard_find_input(s, "p2_1_1", &input));
  CHECK_STR(rubric_standard_input_id(s, input), "p2_1_1");
  CHECK_STR(rubric_standard_input_label(s, input), "2.1.1 产业园区等级：国家级、省级");
  CHECK(rubric_standard_input_type(s, input) == RUBRIC_TYPE_ENUM);
  CHECK(rubric_standard_input_option_count(s, input) == 3);
  CHECK_STR(rubric_standard_input_option(s, input, 0), "其他");
  CHECK_STR(rubric_standard_input_option(s, input, 2), "国家级");
  CHECK(rubric_standard_input_option(s, input, 3) == NULL);
  CHECK_STATUS(RUBRIC_OK, rubric_standard_find_input(s, "p2_1_2a", &input));
  CHECK_STR(rubric_standard_input_unit(s, input), "亿元");
  CHECK(rubric_standard_input_type(s, input) == RUBRIC_TYPE_NUMBER);
  CHECK(rubric_standard_input_option_count(s, input) == 0);
  CHECK(rubric_standard_input_option(s, input, 0) == NULL);
  CHECK_STATUS(RUBRIC_OK, rubric_standard_find_input(s, "p2_1_2b", &input));
  CHECK(rubric_standard_input_type(s, input) == RUBRIC_TYPE_RANK);
  CHECK_STATUS(RUBRIC_OK, rubric_standard_find_input(s, "p2_2_1a", &input));
  CHECK(rubric_standard_input_type(s, input) == RUBRIC_TYPE_TEXT);
  CHECK_STATUS(RUBRIC_OK, rubric_standard_find_input(s, "p4_1_1", &input));
  CHECK(rubric_standard_input_type(s, input) == RUBRIC_TYPE_BOOL);
  CHECK_STR(rubric_standard_input_unit(s, input), "");
  /* Ids are exact: no prefix, case or node matches. */
  CHECK_STATUS(RUBRIC_NOT_FOUND, rubric_standard_find_input(s, "nope", &input));
  CHECK_STATUS(RUBRIC_NOT_FOUND, rubric_standard_find_input(s, "P4_1_1", &input));
  CHECK_STATUS(RUBRIC_NOT_FOUND, rubric_standard_find_input(s, "p4_1", &input));
  CHECK_STATUS(RUBRIC_NOT_FOUND, rubric_standard_find_input(s, "T1_1", &input));
  CHECK_STATUS(RUBRIC_NOT_FOUND, rubric_standard_find_input(s, "", &input));
  /* Every input round-trips through its id. */
  for (i = 0; i < rubric_standard_input_count(s); ++i) {
    const int type = rubric_standard_input_type(s, i);
    size_t found = (size_t)-1;
    CHECK(rubric_standard_find_input(s, rubric_standard_input_id(s, i), &found) == RUBRIC_OK &&
          found == i);
    CHECK(type >= RUBRIC_TYPE_BOOL && type <= RUBRIC_TYPE_TEXT);
    CHECK((type == RUBRIC_TYPE_ENUM) == (rubric_standard_input_option_count(s, i) > 0));
    CHECK(rubric_standard_input_label(s, i) != NULL && rubric_standard_input_unit(s, i) != NULL);
    enums += type == RUBRIC_TYPE_ENUM;
  }
  CHECK(enums >= 3);

  CHECK(rubric_standard_node_count(s) == 63);
  CHECK_STATUS(RUBRIC_OK, rubric_standard_find_node(s, "T1_1", &node));
  CHECK_STR(rubric_standard_node_id(s, node), "T1_1");
  CHECK_STR(rubric_standard_node_label(s, node), "1.1 省级");
  CHECK(rubric_standard_node_kind(s, node) == RUBRIC_NODE_INDICATOR);
  CHECK_STATUS(RUBRIC_OK, rubric_standard_node_parent(s, node, &parent));
  CHECK_STR(rubric_standard_node_id(s, parent), "I1");
  CHECK_STATUS(RUBRIC_OK, rubric_standard_node_points(s, node, &points));
  CHECK(points == 2.0);
  CHECK_STATUS(RUBRIC_OK, rubric_standard_find_node(s, "G1", &node));
  CHECK(node == 0);
  CHECK(rubric_standard_node_kind(s, node) == RUBRIC_NODE_GROUP);
  CHECK_STATUS(RUBRIC_NOT_FOUND, rubric_standard_node_parent(s, node, &parent));
  CHECK_STATUS(RUBRIC_NOT_FOUND, rubric_standard_find_node(s, "p4_1_1", &node));
  CHECK_STATUS(RUBRIC_NOT_FOUND, rubric_standard_find_node(s, "consortium", &node));
  /* Pre-order: a parent comes before its children; the top level holds 100 points. */
  for (i = 0; i < rubric_standard_node_count(s); ++i) {
    size_t found = (size_t)-1;
    const int kind = rubric_standard_node_kind(s, i);
    CHECK(rubric_standard_find_node(s, rubric_standard_node_id(s, i), &found) == RUBRIC_OK &&
          found == i);
    CHECK(kind == RUBRIC_NODE_GROUP || kind == RUBRIC_NODE_INDICATOR);
    groups += kind == RUBRIC_NODE_GROUP;
    indicators += kind == RUBRIC_NODE_INDICATOR;
    if (rubric_standard_node_parent(s, i, &parent) == RUBRIC_OK) {
      CHECK(parent < i);
      CHECK(rubric_standard_node_kind(s, parent) == RUBRIC_NODE_GROUP);
    } else if (rubric_standard_node_points(s, i, &points) == RUBRIC_OK) {
      top_level_points += points;
    }
  }
  CHECK(groups == 19);
  CHECK(indicators == 44);
  CHECK(top_level_points == 100.0);

  CHECK(rubric_standard_veto_count(s) == 6);
  CHECK_STR(rubric_standard_veto_id(s, 0), "T16_1");
  CHECK_STR(rubric_standard_veto_id(s, 2), "T16_3");
  CHECK_STR(rubric_standard_veto_label(s, 2), "16.3 连续两年没有按计划落实经费投入");
  CHECK(rubric_standard_veto_id(s, 6) == NULL);
  CHECK(rubric_standard_veto_label(s, 6) == NULL);
  /* Grade bands from the highest; the vetoed band repeats a name. */
  CHECK(rubric_standard_grade_count(s) == 5);
  CHECK_STR(rubric_standard_grade_name(s, 0), "优秀");
  CHECK_STR(rubric_standard_grade_name(s, 1), "良好");
  CHECK_STR(rubric_standard_grade_name(s, 2), "合格");
  CHECK_STR(rubric_standard_grade_name(s, 3), "不合格");
  CHECK_STR(rubric_standard_grade_name(s, 4), "不合格");
  CHECK(rubric_standard_grade_name(s, 5) == NULL);
  rubric_standard_free(s);
}

void test_inspection_mini(void) {
  static const char* const ids[] = {"b", "x", "pct", "lvl", "n", "r", "t"};
  static const int types[] = {RUBRIC_TYPE_BOOL, RUBRIC_TYPE_NUMBER,  RUBRIC_TYPE_PERCENT,
                              RUBRIC_TYPE_ENUM, RUBRIC_TYPE_INTEGER, RUBRIC_TYPE_RANK,
                              RUBRIC_TYPE_TEXT};
  static const char* const units[] = {"", "元", "%", "", "个", "", ""};
  static const char* const nodes[] = {"g", "flag", "amount", "share", "level", "info"};
  rubric_standard* s = capi_compile_text(capi_mini_source);
  size_t i, parent = 0;
  double points = -1;
  if (s == NULL) return;
  CHECK_STR(rubric_standard_id(s), "mini");
  CHECK_STR(rubric_standard_title(s), "Mini standard");
  CHECK_STR(rubric_standard_version(s), "1.0");
  CHECK(rubric_standard_input_count(s) == 7);
  for (i = 0; i < 7; ++i) {
    CHECK_STR(rubric_standard_input_id(s, i), ids[i]);
    CHECK(rubric_standard_input_type(s, i) == types[i]);
    CHECK_STR(rubric_standard_input_unit(s, i), units[i]);
  }
  CHECK_STR(rubric_standard_input_label(s, 0), "A bool");
  CHECK(rubric_standard_input_option_count(s, 3) == 3);
  CHECK_STR(rubric_standard_input_option(s, 3, 0), "low");
  CHECK_STR(rubric_standard_input_option(s, 3, 1), "mid");
  CHECK_STR(rubric_standard_input_option(s, 3, 2), "high");
  CHECK(rubric_standard_input_type(s, 7) == -1);
  CHECK(rubric_standard_input_id(s, 7) == NULL);
  CHECK(rubric_standard_input_label(s, 7) == NULL);
  CHECK(rubric_standard_input_unit(s, 7) == NULL);
  CHECK(rubric_standard_input_option_count(s, 7) == 0);
  CHECK(rubric_standard_input_option(s, 7, 0) == NULL);

  CHECK(rubric_standard_node_count(s) == 6);
  for (i = 0; i < 6; ++i) CHECK_STR(rubric_standard_node_id(s, i), nodes[i]);
  CHECK_STR(rubric_standard_node_label(s, 0), "Group");
  CHECK(rubric_standard_node_kind(s, 0) == RUBRIC_NODE_GROUP);
  CHECK(rubric_standard_node_kind(s, 4) == RUBRIC_NODE_INDICATOR);
  CHECK(rubric_standard_node_kind(s, 5) == RUBRIC_NODE_INDICATOR);
  CHECK_STATUS(RUBRIC_OK, rubric_standard_node_parent(s, 3, &parent));
  CHECK(parent == 0);
  CHECK_STATUS(RUBRIC_NOT_FOUND, rubric_standard_node_parent(s, 5, &parent));
  CHECK_STATUS(RUBRIC_OK, rubric_standard_node_points(s, 0, &points));
  CHECK(points == 10.0);
  CHECK_STATUS(RUBRIC_OK, rubric_standard_node_points(s, 2, &points));
  CHECK(points == 3.0);
  /* A value rule has no points. */
  points = -1;
  CHECK_STATUS(RUBRIC_NOT_FOUND, rubric_standard_node_points(s, 5, &points));
  CHECK(points == -1);
  CHECK(rubric_standard_node_kind(s, 6) == -1);
  CHECK(rubric_standard_node_id(s, 6) == NULL);
  CHECK(rubric_standard_node_label(s, 6) == NULL);
  CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_standard_node_parent(s, 6, &parent));
  CHECK_STATUS(RUBRIC_OUT_OF_RANGE, rubric_standard_node_points(s, 6, &points));

  CHECK(rubric_standard_veto_count(s) == 1);
  CHECK_STR(rubric_standard_veto_id(s, 0), "drop");
  CHECK_STR(rubric_standard_veto_label(s, 0), "Flag dropped");
  CHECK(rubric_standard_grade_count(s) == 4);
  CHECK_STR(rubric_standard_grade_name(s, 0), "A");
  CHECK_STR(rubric_standard_grade_name(s, 3), "F");
  rubric_standard_free(s);

  /* A standard without grades or vetoes. */
  s = capi_compile_file("examples/hdi/hdi.rubric");
  if (s == NULL) return;
  CHECK(rubric_standard_grade_count(s) == 0);
  CHECK(rubric_standard_grade_name(s, 0) == NULL);
  CHECK(rubric_standard_veto_count(s) == 0);
  CHECK(rubric_standard_veto_id(s, 0) == NULL);
  CHECK(rubric_standard_input_count(s) == 4);
  CHECK_STR(rubric_standard_input_unit(s, capi_input(s, "gnipc")), "2017 PPP $");
  rubric_standard_free(s);
}
