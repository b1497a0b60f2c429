package org.rubric;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.DoubleByReference;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The values of many rows (one entity in one period) for one {@link Standard}, and their
 * results. Results are always current: reading one after edits recomputes incrementally only
 * what depends on the edits.
 *
 * <p>Threads: a session belongs to one thread at a time (capi/rubric.h). Every method here
 * takes the session's lock, so a session shared by mistake is serialised rather than
 * corrupted; for parallel scoring use one session per thread over one shared standard.
 *
 * <p>Missing values: a result computed from missing inputs is an empty
 * {@link OptionalDouble} (the Python binding's None). Rows are indices as returned by
 * {@link #addRow} and {@link #findRow}; inputs and nodes are ids or indices.
 *
 * <p>Close the session when done (try-with-resources); a {@link java.lang.ref.Cleaner} frees
 * it if it is never closed. The session keeps its standard's native handle alive.
 */
public final class Session implements AutoCloseable {
  /** A live row: its index, entity and period. */
  public record Row(int index, String entity, long period) {}

  @FunctionalInterface
  private interface Call {
    int apply(RubricLibrary lib, Pointer session);
  }

  private final RubricLibrary lib = Rubric.lib();
  private final Standard standard;
  private final NativeHandle handle;

  /** A new, empty session over {@code standard}. */
  public Session(Standard standard) {
    this.standard = standard;
    PointerByReference out = new PointerByReference();
    int status = standard.withPointer(p -> lib.rubric_session_create(out, p));
    if (status != 0) {
      throw RubricException.of(status, "rubric_session_create", Rubric.statusString(status));
    }
    this.handle = new NativeHandle(this, out.getValue(), lib::rubric_session_free, "session");
  }

  public Standard standard() {
    return standard;
  }

  // ---- calls ----

  private synchronized void call(String function, Call call) {
    Pointer h = handle.get();
    try {
      int status = call.apply(lib, h);
      if (status != 0) {
        throw error(h, status, function);
      }
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  private RubricException error(Pointer h, int status, String function) {
    String message = lib.rubric_session_last_error(h);
    if (message == null || message.isEmpty()) {
      message = Rubric.statusString(status);
    }
    return RubricException.of(status, function, message);
  }

  private static RubricLibrary.SizeT size(long value) {
    if (value < 0) {
      throw new RubricException.OutOfRangeException(null, "negative index " + value);
    }
    return Rubric.size(value);
  }

  private int input(String id) {
    return standard.input(id).index();
  }

  private int node(String id) {
    return standard.node(id).index();
  }

  // ---- rows ----

  /**
   * Adds a row (every input missing) and returns its index.
   *
   * @throws RubricException.AlreadyExistsException when (entity, period) exists
   * @throws RubricException.InvalidArgumentException for an empty entity or one with control
   *     characters
   */
  public int addRow(String entity, long period) {
    RubricLibrary.SizeTByReference out = new RubricLibrary.SizeTByReference();
    call("rubric_session_add_row",
        (l, h) -> l.rubric_session_add_row(h, Rubric.utf8(entity, "entity"), period, out));
    return (int) out.getValue();
  }

  /** The index of the row (entity, period), or empty. */
  public synchronized OptionalInt findRow(String entity, long period) {
    RubricLibrary.SizeTByReference out = new RubricLibrary.SizeTByReference();
    Pointer h = handle.get();
    try {
      int status = lib.rubric_session_find_row(h, Rubric.utf8(entity, "entity"), period, out);
      if (status == RubricException.NOT_FOUND) {
        return OptionalInt.empty();
      }
      if (status != 0) {
        throw error(h, status, "rubric_session_find_row");
      }
      return OptionalInt.of((int) out.getValue());
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  /** Removes a live row; its index stays reserved. */
  public void removeRow(int row) {
    call("rubric_session_remove_row", (l, h) -> l.rubric_session_remove_row(h, size(row)));
  }

  /** Rows ever added, removed ones included (indices 0 .. rowCount() - 1). */
  public synchronized int rowCount() {
    Pointer h = handle.get();
    try {
      return (int) lib.rubric_session_row_count(h).longValue();
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  /** Whether {@code row} exists and was not removed. */
  public boolean isLive(int row) {
    if (row < 0 || row >= rowCount()) {
      return false;
    }
    IntByReference out = new IntByReference();
    call("rubric_session_row_live", (l, h) -> l.rubric_session_row_live(h, size(row), out));
    return out.getValue() != 0;
  }

  /** The entity of a row (removed rows included). */
  public synchronized String entity(int row) {
    PointerByReference out = new PointerByReference();
    call("rubric_session_row_entity", (l, h) -> l.rubric_session_row_entity(h, size(row), out));
    return Rubric.borrowed(out.getValue());
  }

  /** The period of a row (removed rows included). */
  public long period(int row) {
    LongByReference out = new LongByReference();
    call("rubric_session_row_period", (l, h) -> l.rubric_session_row_period(h, size(row), out));
    return out.getValue();
  }

  /** The live rows, in index order. */
  public synchronized List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    int count = rowCount();
    for (int r = 0; r < count; r++) {
      if (isLive(r)) {
        rows.add(new Row(r, entity(r), period(r)));
      }
    }
    return rows;
  }

  // ---- values ----

  /** Sets a number (bool 0/1, number, percent, integer, rank inputs). */
  public void setNumber(int row, int input, double value) {
    call("rubric_session_set_number",
        (l, h) -> l.rubric_session_set_number(h, size(row), size(input), value));
  }

  public void setNumber(int row, String input, double value) {
    setNumber(row, input(input), value);
  }

  /** Sets an enum input to its option of index {@code option} (0 = the first declared). */
  public void setOption(int row, int input, int option) {
    call("rubric_session_set_option",
        (l, h) -> l.rubric_session_set_option(h, size(row), size(input), size(option)));
  }

  public void setOption(int row, String input, int option) {
    setOption(row, input(input), option);
  }

  /** Sets an enum input to the option with this label. */
  public void setOption(int row, String input, String label) {
    Standard.Input in = standard.input(input);
    int option = in.options().indexOf(label);
    if (option < 0) {
      throw new RubricException.InvalidArgumentException(null,
          "input '" + input + "' has no option '" + label + "'");
    }
    setOption(row, in.index(), option);
  }

  /** Sets a text input. */
  public void setText(int row, int input, String text) {
    call("rubric_session_set_text",
        (l, h) -> l.rubric_session_set_text(h, size(row), size(input), Rubric.utf8(text, "text")));
  }

  public void setText(int row, String input, String text) {
    setText(row, input(input), text);
  }

  /** Sets any input from its textual form as in data ("true", "12.5", an option; "" = missing). */
  public void setString(int row, int input, String text) {
    call("rubric_session_set_string",
        (l, h) -> l.rubric_session_set_string(h, size(row), size(input),
            Rubric.utf8(text, "value")));
  }

  public void setString(int row, String input, String text) {
    setString(row, input(input), text);
  }

  /** Makes a value missing. */
  public void clear(int row, int input) {
    call("rubric_session_clear", (l, h) -> l.rubric_session_clear(h, size(row), size(input)));
  }

  public void clear(int row, String input) {
    clear(row, input(input));
  }

  /** The value as given (an enum's option index), or empty when it is missing. */
  public OptionalDouble value(int row, int input) {
    DoubleByReference value = new DoubleByReference();
    IntByReference missing = new IntByReference();
    call("rubric_session_get_value",
        (l, h) -> l.rubric_session_get_value(h, size(row), size(input), value, missing));
    return missing.getValue() != 0 ? OptionalDouble.empty() : OptionalDouble.of(value.getValue());
  }

  public OptionalDouble value(int row, String input) {
    return value(row, input(input));
  }

  // ---- CSV ----

  /**
   * Loads CSV text (long {@code entity,period,input,value} or wide) and returns the warnings.
   * {@code fileName} (may be null) names the data in diagnostics.
   *
   * @throws RubricException.DataException with the diagnostics when the data have errors; rows
   *     read before the errors stay in the session, so discard it
   */
  public List<Diagnostic> loadCsv(String text, String fileName) {
    byte[] bytes = Rubric.utf8(text, "CSV").getBytes(StandardCharsets.UTF_8);
    try (Options options = new Options().set("file_name", Rubric.utf8(fileName, "file name"))) {
      return load("rubric_session_load_csv", (l, h, d) -> l.rubric_session_load_csv(h, d, bytes,
          Rubric.size(bytes.length), options.handle()));
    }
  }

  public List<Diagnostic> loadCsv(String text) {
    return loadCsv(text, null);
  }

  /** Loads a CSV file; see {@link #loadCsv(String, String)}. */
  public List<Diagnostic> loadCsvFile(Path path) {
    return load("rubric_session_load_csv_file",
        (l, h, d) -> l.rubric_session_load_csv_file(h, d, path.toString(), null));
  }

  @FunctionalInterface
  private interface LoadCall {
    int apply(RubricLibrary lib, Pointer session, PointerByReference diagnostics);
  }

  private synchronized List<Diagnostic> load(String function, LoadCall call) {
    Pointer h = handle.get();
    PointerByReference out = new PointerByReference();
    try {
      int status = call.apply(lib, h, out);
      List<Diagnostic> list;
      try {
        list = Diagnostic.read(out.getValue());
      } finally {
        lib.rubric_diagnostics_free(out.getValue());
      }
      if (status == RubricException.DATA_ERROR) {
        throw new RubricException.DataException(function,
            Diagnostic.summary(list, "the data have errors"), list);
      }
      if (status != 0) {
        throw error(h, status, function);
      }
      return list;
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  // ---- results ----

  /** Evaluates everything from scratch (optional: results are always current). */
  public void evaluate() {
    call("rubric_session_evaluate", (l, h) -> l.rubric_session_evaluate(h));
  }

  private OptionalDouble result(DoubleByReference out) {
    double v = out.getValue();
    return lib.rubric_value_is_missing(v) != 0 ? OptionalDouble.empty() : OptionalDouble.of(v);
  }

  /**
   * The row's total, or empty when it is missing (no part of it has a value:
   * {@link #missingReason} says why).
   *
   * @throws RubricException.NotScorableException when a required input is missing
   */
  public OptionalDouble total(int row) {
    DoubleByReference out = new DoubleByReference();
    call("rubric_session_total", (l, h) -> l.rubric_session_total(h, size(row), out));
    return result(out);
  }

  /** The points (or value) of a group or indicator, or empty when it is missing. */
  public OptionalDouble nodeValue(int row, int node) {
    DoubleByReference out = new DoubleByReference();
    call("rubric_session_node_value",
        (l, h) -> l.rubric_session_node_value(h, size(row), size(node), out));
    return result(out);
  }

  public OptionalDouble nodeValue(int row, String node) {
    return nodeValue(row, node(node));
  }

  /** The grade's name, or empty when the standard has no grades or none applies. */
  public synchronized Optional<String> grade(int row) {
    PointerByReference out = new PointerByReference();
    call("rubric_session_grade", (l, h) -> l.rubric_session_grade(h, size(row), out));
    return Optional.ofNullable(Rubric.borrowed(out.getValue()));
  }

  /** Whether the row has results (false when a required input is missing). */
  public boolean scorable(int row) {
    IntByReference out = new IntByReference();
    call("rubric_session_scorable", (l, h) -> l.rubric_session_scorable(h, size(row), out));
    return out.getValue() != 0;
  }

  /** Whether any veto fired for the row. */
  public boolean vetoed(int row) {
    IntByReference out = new IntByReference();
    call("rubric_session_vetoed", (l, h) -> l.rubric_session_vetoed(h, size(row), out));
    return out.getValue() != 0;
  }

  /** The ids of the vetoes that fired for the row, in declaration order. */
  public synchronized List<String> firedVetoes(int row) {
    RubricLibrary.SizeTByReference count = new RubricLibrary.SizeTByReference();
    call("rubric_session_fired_veto_count",
        (l, h) -> l.rubric_session_fired_veto_count(h, size(row), count));
    List<String> ids = new ArrayList<>();
    for (long k = 0; k < count.getValue(); k++) {
      RubricLibrary.SizeTByReference veto = new RubricLibrary.SizeTByReference();
      long kk = k;
      call("rubric_session_fired_veto",
          (l, h) -> l.rubric_session_fired_veto(h, size(row), size(kk), veto));
      ids.add(standard.vetoes().get((int) veto.getValue()));
    }
    return ids;
  }

  /** Why a scorable row's total is missing, or "" when it has one. */
  public String missingReason(int row) {
    return json("rubric_session_missing_reason",
        (l, h, out) -> l.rubric_session_missing_reason(h, size(row), out));
  }

  /** The explanation of the whole standard for the row, as JSON. */
  public String explainJson(int row) {
    return explainJson(row, null);
  }

  /** The explanation of {@code nodeId} (null: the whole standard) for the row, as JSON. */
  public String explainJson(int row, String nodeId) {
    return json("rubric_session_explain_json",
        (l, h, out) -> l.rubric_session_explain_json(h, size(row),
            Rubric.utf8(nodeId, "node id"), out));
  }

  /** The values {@code impute} estimated in the row, as a JSON array. */
  public String imputationsJson(int row) {
    return json("rubric_session_imputations_json",
        (l, h, out) -> l.rubric_session_imputations_json(h, size(row), out));
  }

  /**
   * How robust the ranking is when the weights vary (rubric sensitivity), as JSON.
   * {@code optionsJson}: null or "" for the defaults, else e.g.
   * {@code {"samples": 200, "seed": 1, "vary": "20%"}}.
   */
  public String sensitivityJson(String optionsJson) {
    return json("rubric_session_sensitivity_json",
        (l, h, out) -> l.rubric_session_sensitivity_json(h, Rubric.utf8(optionsJson, "options"),
            out));
  }

  /**
   * Runs {@code firstRun} to {@code firstRun + runCount - 1} of the sweep that
   * {@link #sensitivityJson} makes with the same options, as an opaque block of bytes (their
   * totals): blocks made anywhere with the same rows, values and options merge with
   * {@link #sensitivityMergeJson} into exactly what {@code sensitivityJson} gives. Not with
   * "sobol".
   */
  public byte[] sensitivityRuns(long firstRun, long runCount, String optionsJson) {
    PointerByReference out = new PointerByReference();
    RubricLibrary.SizeTByReference size = new RubricLibrary.SizeTByReference();
    call("rubric_session_sensitivity_runs",
        (l, h) -> l.rubric_session_sensitivity_runs(h, Rubric.utf8(optionsJson, "options"),
            size(firstRun), size(runCount), out, size));
    Pointer p = out.getValue();
    try {
      return p.getByteArray(0, Math.toIntExact(size.getValue()));
    } finally {
      lib.rubric_string_free(p);
    }
  }

  /**
   * The sweep's JSON from the blocks of {@link #sensitivityRuns} (in any order) that cover
   * its runs exactly once: the same text as {@link #sensitivityJson} with the same options.
   * Missing, overlapping or foreign blocks are an InvalidArgumentException.
   */
  public String sensitivityMergeJson(List<byte[]> blocks, String optionsJson) {
    int n = blocks.size();
    Memory pointers = new Memory((long) Math.max(n, 1) * Native.POINTER_SIZE);
    Memory sizes = new Memory((long) Math.max(n, 1) * Native.SIZE_T_SIZE);
    List<Memory> copies = new ArrayList<>();
    for (int i = 0; i < n; ++i) {
      byte[] block = blocks.get(i);
      Memory copy = new Memory(Math.max(block.length, 1));
      copy.write(0, block, 0, block.length);
      copies.add(copy);
      pointers.setPointer((long) i * Native.POINTER_SIZE, copy);
      if (Native.SIZE_T_SIZE == 8) {
        sizes.setLong((long) i * 8, block.length);
      } else {
        sizes.setInt((long) i * 4, block.length);
      }
    }
    String json = json("rubric_session_sensitivity_merge_json",
        (l, h, out) -> l.rubric_session_sensitivity_merge_json(h,
            Rubric.utf8(optionsJson, "options"), pointers, sizes, size(n), out));
    Reference.reachabilityFence(copies);
    return json;
  }

  /**
   * What it would take for the row to reach its next grade (rubric goal), as JSON.
   * {@code optionsJson}: null for the next grade, or e.g. {@code {"grade": "A"}},
   * {@code {"total": 80}}.
   */
  public String goalJson(int row, String optionsJson) {
    return json("rubric_session_goal_json",
        (l, h, out) -> l.rubric_session_goal_json(h, size(row),
            Rubric.utf8(optionsJson, "options"), out));
  }

  /**
   * What moved a score between two periods (rubric attribute), as JSON:
   * {@code {"entity": "E", "from": P1, "to": P2}}.
   */
  public String attributeJson(String optionsJson) {
    return json("rubric_session_attribute_json",
        (l, h, out) -> l.rubric_session_attribute_json(h, Rubric.utf8(optionsJson, "options"),
            out));
  }

  /**
   * An output's value ({@code output let}; a named band gives its number), or empty when it
   * is missing.
   */
  public OptionalDouble outputValue(int row, int output) {
    DoubleByReference out = new DoubleByReference();
    call("rubric_session_output_value",
        (l, h) -> l.rubric_session_output_value(h, size(row), size(output), out));
    return result(out);
  }

  public OptionalDouble outputValue(int row, String output) {
    return outputValue(row, standard.output(output).index());
  }

  /** An output as text: a named band's name, else the number; "" when missing. */
  public String outputText(int row, int output) {
    return json("rubric_session_output_text",
        (l, h, out) -> l.rubric_session_output_text(h, size(row), size(output), out));
  }

  public String outputText(int row, String output) {
    return outputText(row, standard.output(output).index());
  }

  /** Kernel runs since the session was created. */
  public synchronized long ops() {
    Pointer h = handle.get();
    try {
      return lib.rubric_session_ops(h);
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  @FunctionalInterface
  private interface JsonCall {
    int apply(RubricLibrary lib, Pointer session, PointerByReference out);
  }

  private String json(String function, JsonCall call) {
    PointerByReference out = new PointerByReference();
    call(function, (l, h) -> call.apply(l, h, out));
    String text = Rubric.take(out);
    return text == null ? "" : text;
  }

  public boolean isClosed() {
    return handle.isClosed();
  }

  /** Frees the session (idempotent). */
  @Override
  public synchronized void close() {
    handle.close();
  }
}
