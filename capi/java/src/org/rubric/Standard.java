package org.rubric;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A compiled standard: immutable, and shareable between threads (any number of threads may
 * read it and create {@link Session}s from it at the same time). Close it when done; a
 * session keeps the compiled standard alive, so closing the standard while sessions exist
 * is allowed. A {@link java.lang.ref.Cleaner} frees it if it is never closed.
 */
public final class Standard implements AutoCloseable {
  /** An input: its index, id, label, type ("bool", "number", ...) and enum options. */
  public record Input(int index, String id, String label, String type, List<String> options) {}

  /** An output ({@code output let}): its index, id and label. */
  public record Output(int index, String id, String label) {}

  /** A group or indicator, in pre-order. */
  public record Node(int index, String id, String label, boolean indicator) {}

  private static final String[] TYPES = {"bool", "number", "percent", "integer", "rank", "enum",
      "text"};

  private final NativeHandle handle;
  // close() takes the write lock; using the pointer (creating a session) the read lock.
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final String id;
  private final String title;
  private final String version;
  private final String contentHash;
  private final List<Input> inputs;
  private final List<Node> nodes;
  private final List<String> vetoes;
  private final List<Output> outputs;
  private final String weightedGroupsJson;
  private final List<String> grades;
  private final Map<String, Integer> inputIndex = new HashMap<>();
  private final Map<String, Integer> nodeIndex = new HashMap<>();
  private final List<Diagnostic> diagnostics;

  private Standard(Pointer pointer, List<Diagnostic> diagnostics) {
    RubricLibrary lib = Rubric.lib();
    this.handle = new NativeHandle(this, pointer, lib::rubric_standard_free, "standard");
    this.diagnostics = List.copyOf(diagnostics);
    this.id = lib.rubric_standard_id(pointer);
    this.title = lib.rubric_standard_title(pointer);
    this.version = lib.rubric_standard_version(pointer);
    this.contentHash = lib.rubric_standard_content_hash(pointer);
    List<Input> in = new ArrayList<>();
    long count = lib.rubric_standard_input_count(pointer).longValue();
    for (int i = 0; i < count; i++) {
      RubricLibrary.SizeT k = Rubric.size(i);
      int type = lib.rubric_standard_input_type(pointer, k);
      List<String> options = new ArrayList<>();
      long n = lib.rubric_standard_input_option_count(pointer, k).longValue();
      for (long o = 0; o < n; o++) {
        options.add(lib.rubric_standard_input_option(pointer, k, Rubric.size(o)));
      }
      Input input = new Input(i, lib.rubric_standard_input_id(pointer, k),
          lib.rubric_standard_input_label(pointer, k),
          type >= 0 && type < TYPES.length ? TYPES[type] : "unknown",
          Collections.unmodifiableList(options));
      in.add(input);
      inputIndex.put(input.id(), i);
    }
    this.inputs = Collections.unmodifiableList(in);
    List<Node> ns = new ArrayList<>();
    count = lib.rubric_standard_node_count(pointer).longValue();
    for (int i = 0; i < count; i++) {
      RubricLibrary.SizeT k = Rubric.size(i);
      Node node = new Node(i, lib.rubric_standard_node_id(pointer, k),
          lib.rubric_standard_node_label(pointer, k),
          lib.rubric_standard_node_kind(pointer, k) == 1);
      ns.add(node);
      nodeIndex.put(node.id(), i);
    }
    this.nodes = Collections.unmodifiableList(ns);
    List<String> vs = new ArrayList<>();
    count = lib.rubric_standard_veto_count(pointer).longValue();
    for (long i = 0; i < count; i++) {
      vs.add(lib.rubric_standard_veto_id(pointer, Rubric.size(i)));
    }
    this.vetoes = Collections.unmodifiableList(vs);
    List<Output> os = new ArrayList<>();
    count = lib.rubric_standard_output_count(pointer).longValue();
    for (int i = 0; i < count; i++) {
      RubricLibrary.SizeT k = Rubric.size(i);
      os.add(new Output(i, lib.rubric_standard_output_id(pointer, k),
          lib.rubric_standard_output_label(pointer, k)));
    }
    this.outputs = Collections.unmodifiableList(os);
    PointerByReference groups = new PointerByReference();
    int status = lib.rubric_standard_weighted_groups_json(pointer, groups);
    this.weightedGroupsJson = status == 0 ? Rubric.take(groups) : "[]";
    List<String> gs = new ArrayList<>();
    count = lib.rubric_standard_grade_count(pointer).longValue();
    for (long i = 0; i < count; i++) {
      gs.add(lib.rubric_standard_grade_name(pointer, Rubric.size(i)));
    }
    this.grades = Collections.unmodifiableList(gs);
  }

  /**
   * Compiles rubric source. {@code fileName} (may be null) is the name diagnostics show.
   *
   * @throws RubricException.CompileException with the diagnostics when the source has errors
   */
  public static Standard compile(String source, String fileName) {
    byte[] bytes = Rubric.utf8(source, "source").getBytes(StandardCharsets.UTF_8);
    try (Options options = new Options().set("file_name", Rubric.utf8(fileName, "file name"))) {
      PointerByReference out = new PointerByReference();
      PointerByReference diagnostics = new PointerByReference();
      int status = Rubric.lib().rubric_standard_compile(out, diagnostics, bytes,
          Rubric.size(bytes.length), options.handle());
      return finish(status, "rubric_standard_compile", out, diagnostics);
    }
  }

  /** Compiles rubric source (diagnostics name it "&lt;source&gt;"). */
  public static Standard compile(String source) {
    return compile(source, null);
  }

  /** Reads and compiles a rubric file (variants' bases are not read). */
  public static Standard compileFile(Path path) {
    return compileFile(path, false);
  }

  /**
   * Reads and compiles a rubric file. With {@code readBases}, a variant
   * ({@code extends BASE from "FILE"}) reads its base from a file in the folder of
   * {@code path} (or below it).
   *
   * @throws RubricException.CompileException when the file has errors or cannot be read
   *     (diagnostic E0009)
   */
  public static Standard compileFile(Path path, boolean readBases) {
    try (Options options = new Options().set("read_bases", readBases ? 1 : 0)) {
      PointerByReference out = new PointerByReference();
      PointerByReference diagnostics = new PointerByReference();
      int status = Rubric.lib().rubric_standard_compile_file(out, diagnostics, path.toString(),
          options.handle());
      return finish(status, "rubric_standard_compile_file", out, diagnostics);
    }
  }

  private static Standard finish(int status, String function, PointerByReference out,
      PointerByReference diagnostics) {
    List<Diagnostic> list;
    Pointer d = diagnostics.getValue();
    try {
      list = Diagnostic.read(d);
    } finally {
      Rubric.lib().rubric_diagnostics_free(d);
    }
    if (status == RubricException.COMPILE_ERROR) {
      throw new RubricException.CompileException(function,
          Diagnostic.summary(list, "the standard has errors"), list);
    }
    if (status != 0) {
      throw RubricException.of(status, function, Rubric.statusString(status));
    }
    return new Standard(out.getValue(), list);
  }

  /** A new session over this standard (same as {@code new Session(this)}). */
  public Session newSession() {
    return new Session(this);
  }

  /** Runs {@code use} with the native pointer; the standard cannot be closed meanwhile. */
  <T> T withPointer(java.util.function.Function<Pointer, T> use) {
    lock.readLock().lock();
    try {
      return use.apply(handle.get());
    } finally {
      lock.readLock().unlock();
      java.lang.ref.Reference.reachabilityFence(this);
    }
  }

  public String id() {
    return id;
  }

  public String title() {
    return title;
  }

  public String version() {
    return version;
  }

  /**
   * What identifies the standard's meaning, for audit trails: "sha256:" and 64 hex digits,
   * unchanged by formatting and comments, changed by any change of meaning.
   */
  public String contentHash() {
    return contentHash;
  }

  /** The warnings (and notes) of compiling. */
  public List<Diagnostic> diagnostics() {
    return diagnostics;
  }

  public List<Input> inputs() {
    return inputs;
  }

  public List<Node> nodes() {
    return nodes;
  }

  /** The ids of the vetoes, in declaration order. */
  public List<String> vetoes() {
    return vetoes;
  }

  /** The outputs ({@code output let}), in declaration order. */
  public List<Output> outputs() {
    return outputs;
  }

  /** The weighted groups ({@code aggregate}, {@code weights}) as a JSON array. */
  public String weightedGroupsJson() {
    return weightedGroupsJson;
  }

  /** The output with this id; NotFoundException when there is none. */
  public Output output(String id) {
    for (Output o : outputs) {
      if (o.id().equals(id)) {
        return o;
      }
    }
    throw new RubricException.NotFoundException(null, "no output '" + id + "'");
  }

  /** The grades' names. */
  public List<String> grades() {
    return grades;
  }

  /** The input with this id; NotFoundException when there is none. */
  public Input input(String id) {
    Integer i = inputIndex.get(id);
    if (i == null) {
      throw new RubricException.NotFoundException(null, "no input '" + id + "'");
    }
    return inputs.get(i);
  }

  /** The group or indicator with this id; NotFoundException when there is none. */
  public Node node(String id) {
    Integer i = nodeIndex.get(id);
    if (i == null) {
      throw new RubricException.NotFoundException(null, "no group or indicator '" + id + "'");
    }
    return nodes.get(i);
  }

  public boolean isClosed() {
    return handle.isClosed();
  }

  /** Frees the standard (idempotent). Sessions created from it stay usable. */
  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      handle.close();
    } finally {
      lock.writeLock().unlock();
    }
  }
}
