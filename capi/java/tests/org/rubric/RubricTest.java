package org.rubric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tests of the Java binding over librubric's C ABI. Run by tools/java-build.sh (ctest
 * JavaBinding) with -Drubric.repo=REPO and the library from RUBRIC_LIBRARY.
 */
class RubricTest {
  static final Path REPO = Path.of(System.getProperty("rubric.repo", "../.."));
  static final Path CONSORTIUM = REPO.resolve("examples/consortium");
  static final double TOL = 1e-9;

  /** From `rubric score ... --format csv` (as in capi/python/tests/test_rubric.py). */
  record Expected(double total, String grade, List<String> vetoes) {}

  static final Map<String, Expected> EXPECTED = Map.of(
      "C0001/2023", new Expected(47.72219033923088, "不合格", List.of()),
      "C0001/2024", new Expected(47.33426774313736, "不合格", List.of()),
      "C0002/2025", new Expected(86.47899649093388, "良好", List.of()),
      "C0018/2024", new Expected(26.25087180116776, "不合格", List.of("T16_3")),
      "C0018/2025", new Expected(31.63148781319183, "不合格", List.of("T16_4")),
      "C0020/2025", new Expected(90.96701423613416, "优秀", List.of()),
      "C0026/2024", new Expected(86.89456369001894, "不合格", List.of("T16_1")),
      "C0030/2024", new Expected(67.82125444677423, "合格", List.of()));
  static final List<String> TOP_2025 = List.of("C0020", "C0027", "C0009", "C0002", "C0013");
  static final double EDITED_TOTAL = 47.83081946727529;

  static final String SMALL = String.join("\n",
      "standard t \"T\" {",
      "  missing default",
      "  input a \"A\" : number >= 0 <= 10",
      "  input e : enum { lo, mid, hi }",
      "  input note : text",
      "  input flag : bool",
      "  indicator i points 10 { score a / 10 }",
      "  indicator j { value lookup(e) { lo: 0, hi: 2 } }",
      "}", "");

  static Standard consortium;
  /** Every total of the consortium, scored in one thread. */
  static Map<String, Double> singleThreaded;

  @BeforeAll
  static void compileConsortium() {
    consortium = Standard.compileFile(CONSORTIUM.resolve("standard.rubric"));
    try (Session single = consortium.newSession()) {
      single.loadCsvFile(CONSORTIUM.resolve("cities.csv"));
      singleThreaded = totals(single);
    }
  }

  @AfterAll
  static void closeConsortium() {
    consortium.close();
  }

  /** Every live row's total (NaN when missing or not scorable), by "entity/period". */
  static Map<String, Double> totals(Session session) {
    Map<String, Double> out = new HashMap<>();
    for (Session.Row row : session.rows()) {
      double total = session.scorable(row.index())
          ? session.total(row.index()).orElse(Double.NaN) : Double.NaN;
      out.put(row.entity() + "/" + row.period(), total);
    }
    return out;
  }

  @Test
  void libraryLoads() {
    assertEquals(Rubric.HEADER_VERSION / 100, Rubric.versionNumber() / 100);
    assertTrue(Rubric.versionString().startsWith("0."));
    assertEquals("RUBRIC_NOT_FOUND", RubricException.statusName(2));
  }

  @Test
  void standardMetadata() {
    assertEquals("consortium", consortium.id());
    assertEquals(0, consortium.input("p1_1_1").index());
    assertTrue(consortium.nodes().size() > 10);
    assertTrue(consortium.vetoes().contains("T16_1"));
    assertTrue(consortium.grades().contains("优秀"));
    assertThrows(RubricException.NotFoundException.class, () -> consortium.input("nope"));
  }

  @Test
  void contentHashIsPinnedAndIgnoresLayout() throws Exception {
    // The same value as in every binding (docs/audit.md).
    assertEquals("sha256:44fe5396cc7d19fe5a2f6307ffd52c2a46d20e7ede04f135366b83c37c5a2f58", consortium.contentHash());
    String text = Files.readString(CONSORTIUM.resolve("standard.rubric"), StandardCharsets.UTF_8);
    try (Standard relaid = Standard.compile("// 注释\n" + text.replace("  ", "    "))) {
      assertEquals(consortium.contentHash(), relaid.contentHash());
    }
  }

  @Test
  void compileErrorsAreDiagnostics() {
    String source = "standard t \"T\" {\n  input a : number\n"
        + "  indicator i points 10 { score a / 10 + c }\n}\n";
    RubricException.CompileException e = assertThrows(RubricException.CompileException.class,
        () -> Standard.compile(source, "t.rubric"));
    assertEquals(7, e.status());
    assertEquals("RUBRIC_COMPILE_ERROR", e.statusName());
    assertEquals(1, e.diagnostics().size());
    Diagnostic d = e.diagnostics().get(0);
    assertEquals(Diagnostic.Severity.ERROR, d.severity());
    assertEquals("E0101", d.code());
    assertEquals("t.rubric", d.file());
    assertEquals(3, d.line());
    assertEquals(42, d.column());
    assertEquals("unknown name 'c'", d.message());
    assertEquals("", d.hint());
    assertTrue(e.getMessage().contains("t.rubric:3:42: error: unknown name 'c' [E0101]"),
        e.getMessage());
  }

  @Test
  void columnsCountCodePoints() {
    String source = "standard t {\n  input 甲 : number\n  indicator 乙 { value 甲 + 丙 }\n}\n";
    RubricException.CompileException e = assertThrows(RubricException.CompileException.class,
        () -> Standard.compile(source));
    assertEquals(27, e.diagnostics().get(0).column());
  }

  @Test
  void compileFileThatCannotBeRead() {
    RubricException.CompileException e = assertThrows(RubricException.CompileException.class,
        () -> Standard.compileFile(REPO.resolve("no/such/file.rubric")));
    assertEquals("E0009", e.diagnostics().get(0).code());
  }

  @Test
  void consortiumScores() {
    try (Session s = new Session(consortium)) {
      List<Diagnostic> warnings = s.loadCsvFile(CONSORTIUM.resolve("cities.csv"));
      assertTrue(warnings.stream().noneMatch(Diagnostic::isError));
      for (Map.Entry<String, Expected> e : EXPECTED.entrySet()) {
        String[] key = e.getKey().split("/");
        int row = s.findRow(key[0], Long.parseLong(key[1])).orElseThrow();
        assertEquals(e.getValue().total(), s.total(row).getAsDouble(), TOL, e.getKey());
        assertEquals(e.getValue().grade(), s.grade(row).orElseThrow(), e.getKey());
        assertEquals(e.getValue().vetoes(), s.firedVetoes(row), e.getKey());
        assertEquals(!e.getValue().vetoes().isEmpty(), s.vetoed(row), e.getKey());
      }
      List<Session.Row> rows2025 = new ArrayList<>();
      for (Session.Row r : s.rows()) {
        if (r.period() == 2025 && s.scorable(r.index())) {
          rows2025.add(r);
        }
      }
      rows2025.sort(Comparator.comparingDouble(
          (Session.Row r) -> -s.total(r.index()).getAsDouble()).thenComparing(Session.Row::entity));
      List<String> top = rows2025.subList(0, 5).stream().map(Session.Row::entity).toList();
      assertEquals(TOP_2025, top);

      // One edit, recomputed incrementally.
      int row = s.findRow("C0001", 2024).orElseThrow();
      long ops = s.ops();
      s.setNumber(row, "p8_2_2", 40);
      assertEquals(EDITED_TOTAL, s.total(row).getAsDouble(), TOL);
      assertTrue(s.ops() > ops);
      assertEquals(40.0, s.value(row, "p8_2_2").getAsDouble());
      String why = s.explainJson(row, "T8_2");
      assertTrue(why.contains("\"earned\""), why);
      assertTrue(s.explainJson(row).startsWith("{"));
      assertTrue(s.nodeValue(row, "T8_2").isPresent());
      s.evaluate();
      assertEquals(EDITED_TOTAL, s.total(row).getAsDouble(), TOL);
    }
  }

  @Test
  void loadCsvTextEqualsFile() throws Exception {
    String text = Files.readString(CONSORTIUM.resolve("cities.csv"), StandardCharsets.UTF_8);
    try (Session fromText = consortium.newSession()) {
      fromText.loadCsv(text, "cities.csv");
      Map<String, Double> a = singleThreaded;
      Map<String, Double> b = totals(fromText);
      assertEquals(a.keySet(), b.keySet());
      for (String key : a.keySet()) {
        assertEquals(a.get(key), b.get(key), 0.0, key);
      }
    }
  }

  @Test
  void dataErrorsAreDiagnostics() {
    try (Standard t = Standard.compile(SMALL, "t.rubric"); Session s = t.newSession()) {
      RubricException.DataException e = assertThrows(RubricException.DataException.class,
          () -> s.loadCsv("entity,period,a\nx,2024,not-a-number\n", "d.csv"));
      assertEquals(8, e.status());
      assertFalse(e.diagnostics().isEmpty());
      assertEquals("d.csv", e.diagnostics().get(0).file());
      assertEquals(2, e.diagnostics().get(0).line());
      RubricException.InvalidArgumentException missing = assertThrows(
          RubricException.InvalidArgumentException.class,
          () -> s.loadCsvFile(REPO.resolve("no/such/data.csv")));
      assertTrue(missing.detail().contains("cannot read"), missing.detail());
    }
  }

  @Test
  void missingValues() {
    String source = String.join("\n",
        "standard m {",
        "  input region : enum { east, west }",
        "  input x : number missing exclude",
        "  input y : number missing impute cohort_mean by region",
        "  indicator a points 1 { score x / 10 }",
        "  indicator b points 1 { score y / 10 }",
        "}", "");
    try (Standard m = Standard.compile(source); Session s = m.newSession()) {
      s.loadCsv("entity,period,region,x,y\nA,2024,east,5,4\nB,2024,east,,\nC,2024,west,,\n");
      int a = s.findRow("A", 2024).orElseThrow();
      int b = s.findRow("B", 2024).orElseThrow();
      int c = s.findRow("C", 2024).orElseThrow();
      assertEquals(0.5, s.nodeValue(a, "a").getAsDouble(), TOL);
      assertEquals(OptionalDouble.empty(), s.nodeValue(b, "a"));
      assertEquals(0.4, s.nodeValue(b, "b").getAsDouble(), TOL);
      assertTrue(s.imputationsJson(b).contains("cohort") || s.imputationsJson(b).contains("mean"));
      assertEquals("[]", s.imputationsJson(a));
      assertEquals(OptionalDouble.empty(), s.total(c));
      assertEquals("no part of the total has a value: missing x, y", s.missingReason(c));
      assertEquals("", s.missingReason(a));
      assertTrue(s.value(b, "x").isEmpty());
      assertTrue(s.findRow("Z", 2024).isEmpty());
    }
  }

  @Test
  void outputsAndWeightedGroups() {
    String source = String.join("\n",
        "standard w {",
        "  input a : number",
        "  input b : number",
        "  group g {",
        "    weights ahp {",
        "      x: 1 3",
        "      y: 1",
        "    }",
        "    indicator x { value a }",
        "    indicator y { value b }",
        "  }",
        "  output let doubled \"twice g\" = g * 2",
        "  output let level = band(g) { high >= 5  low otherwise }",
        "}", "");
    try (Standard w = Standard.compile(source); Session s = w.newSession()) {
      assertEquals(List.of(new Standard.Output(0, "doubled", "twice g"),
          new Standard.Output(1, "level", "")), w.outputs());
      assertTrue(w.weightedGroupsJson().contains("\"group\""), w.weightedGroupsJson());
      s.loadCsv("entity,period,a,b\nA,2024,8,4\nB,2024,1,1\n");
      int a = s.findRow("A", 2024).orElseThrow();
      int b = s.findRow("B", 2024).orElseThrow();
      assertEquals(14.0, s.outputValue(a, "doubled").getAsDouble(), TOL);
      assertEquals(1.0, s.outputValue(a, "level").getAsDouble(), TOL);
      assertEquals("high", s.outputText(a, "level"));
      assertEquals("low", s.outputText(b, 1));
      assertEquals("2", s.outputText(b, 0));
      assertThrows(RubricException.NotFoundException.class, () -> s.outputValue(a, "nope"));
      assertThrows(RubricException.OutOfRangeException.class, () -> s.outputText(a, 5));
    }
  }

  @Test
  void statusesAreExceptions() {
    try (Standard t = Standard.compile(SMALL, "t.rubric"); Session s = t.newSession()) {
      int row = s.addRow("x", 2024);
      assertThrows(RubricException.AlreadyExistsException.class, () -> s.addRow("x", 2024));
      assertThrows(RubricException.InvalidArgumentException.class, () -> s.addRow(" ", 2024));
      assertThrows(RubricException.NotFoundException.class, () -> s.setNumber(row, "zz", 1));
      assertThrows(RubricException.OutOfRangeException.class, () -> s.setNumber(99, 0, 1));
      assertThrows(RubricException.TypeMismatchException.class, () -> s.setNumber(row, "note", 1));
      RubricException bound = assertThrows(RubricException.InvalidArgumentException.class,
          () -> s.setNumber(row, "a", 11));
      assertEquals(1, bound.status());
      assertFalse(bound.detail().isEmpty());
      assertNotEquals(bound.statusName(), bound.detail());
      assertThrows(RubricException.InvalidUtf8Exception.class,
          () -> s.setText(row, "note", "\ud800"));

      s.setNumber(row, "a", 5);
      s.setOption(row, "e", "hi");
      s.setText(row, "note", "注释");
      s.setString(row, "flag", "true");
      assertEquals(7.0, s.total(row).getAsDouble(), TOL); // 5 points of i, 2 of j
      assertEquals(2.0, s.nodeValue(row, "j").getAsDouble(), TOL);
      assertEquals(2.0, s.value(row, "e").getAsDouble());
      s.setOption(row, "e", 0);
      assertEquals(0.0, s.nodeValue(row, "j").getAsDouble(), TOL);
      s.clear(row, "a");
      assertTrue(s.value(row, "a").isEmpty());
      assertEquals("x", s.entity(row));
      assertEquals(2024, s.period(row));
      s.removeRow(row);
      assertFalse(s.isLive(row));
      assertThrows(RubricException.OutOfRangeException.class, () -> s.total(row));
      assertTrue(s.rows().isEmpty());
    }
  }

  @Test
  void analysesAsJson() {
    Path guide = REPO.resolve("examples/guide");
    try (Standard g = Standard.compileFile(guide.resolve("06_grades.rubric"));
        Session s = g.newSession()) {
      s.loadCsvFile(guide.resolve("06_grades.csv"));
      int row = s.findRow("无锡", 2023).orElseThrow();
      double before = s.total(row).getAsDouble();
      String goal = s.goalJson(row, null);
      assertTrue(goal.contains("\"already\""), goal);
      assertTrue(goal.contains("优秀"), goal);
      assertEquals(before, s.total(row).getAsDouble(), 0.0);
      assertThrows(RubricException.InvalidArgumentException.class,
          () -> s.goalJson(row, "{\"grade\": \"没有这一档\"}"));
      String moved = s.attributeJson("{\"entity\": \"无锡\", \"from\": 2023, \"to\": 2024}");
      assertTrue(moved.contains("\"contribution\""), moved);
      assertThrows(RubricException.InvalidArgumentException.class,
          () -> s.attributeJson("{\"unknown_option\": 1}"));
      String first = s.sensitivityJson("{\"samples\": 200, \"seed\": 7, \"vary\": \"10%\"}");
      assertEquals(first, s.sensitivityJson("{\"samples\": 200, \"seed\": 7, \"vary\": \"10%\"}"));
      assertTrue(first.contains("\"rows\""));
      assertThrows(RubricException.InvalidArgumentException.class,
          () -> s.sensitivityJson("{\"samples\": 0}"));
      // In blocks of runs, merged in any order: the same text.
      String options = "{\"samples\": 30, \"seed\": 4, \"vary\": \"25%\"}";
      String whole = s.sensitivityJson(options);
      byte[] a = s.sensitivityRuns(0, 12, options);
      byte[] b = s.sensitivityRuns(12, 18, options);
      assertEquals(whole, s.sensitivityMergeJson(List.of(b, a), options));
      RubricException.InvalidArgumentException missing = assertThrows(
          RubricException.InvalidArgumentException.class,
          () -> s.sensitivityMergeJson(List.of(b), options));
      assertTrue(missing.getMessage().contains("runs 0 to 11"), missing.getMessage());
      assertThrows(RubricException.InvalidArgumentException.class,
          () -> s.sensitivityRuns(25, 6, options));
    }
  }

  @Test
  void closingHandles() {
    Standard t = Standard.compile(SMALL);
    Session s = t.newSession();
    t.close();
    t.close(); // idempotent
    assertTrue(t.isClosed());
    int row = s.addRow("x", 1); // the session keeps the compiled standard alive
    s.setNumber(row, "a", 3);
    assertEquals(3.0, s.total(row).getAsDouble(), TOL);
    assertThrows(RubricException.ClosedException.class, () -> new Session(t));
    s.close();
    s.close();
    assertThrows(RubricException.ClosedException.class, () -> s.addRow("y", 1));
  }

  @Test
  void cleanerFreesUnclosedHandles() throws Exception {
    for (int i = 0; i < 200; i++) {
      Standard t = Standard.compile(SMALL);
      Session s = t.newSession();
      s.addRow("x", i);
    }
    System.gc();
    Thread.sleep(50);
  }

  /** A session shared by mistake is serialised by its monitor, not corrupted. */
  @Test
  void sharedSessionIsSerialised() throws Exception {
    try (Standard t = Standard.compile(SMALL); Session s = t.newSession()) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<Boolean>> jobs = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
          String entity = "e" + k;
          jobs.add(pool.submit(() -> {
            int row = s.addRow(entity, 2024);
            for (int i = 0; i <= 10; i++) {
              s.setNumber(row, "a", i);
              if (Math.abs(s.total(row).getAsDouble() - i) > TOL) {
                return false;
              }
            }
            return true;
          }));
        }
        for (Future<Boolean> job : jobs) {
          assertTrue(job.get());
        }
        assertEquals(4, s.rows().size());
      } finally {
        pool.shutdown();
      }
    }
  }

  /** One shared standard, four threads each with its own session: the same totals. */
  @Test
  void sharedStandardBetweenThreads() throws Exception {
    Map<String, Double> expected = singleThreaded;
    assertTrue(expected.size() > 50, "rows: " + expected.size());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Map<String, Double>>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        Callable<Map<String, Double>> job = () -> {
          try (Session s = consortium.newSession()) {
            s.loadCsvFile(CONSORTIUM.resolve("cities.csv"));
            return totals(s);
          }
        };
        results.add(pool.submit(job));
      }
      for (Future<Map<String, Double>> f : results) {
        Map<String, Double> got = f.get();
        assertEquals(expected.keySet(), got.keySet());
        for (String key : expected.keySet()) {
          assertEquals(expected.get(key), got.get(key), 0.0, key);
        }
      }
    } finally {
      pool.shutdown();
    }
  }
}
