package org.rubric;

import com.sun.jna.Pointer;
import java.util.ArrayList;
import java.util.List;

/**
 * One diagnostic of compiling a standard or loading data: an error, warning or note with
 * its code (e.g. "E0101"), message, hint ("" when none), file, line and column (1-based;
 * 0 when there is none).
 */
public record Diagnostic(Severity severity, String code, String message, String hint,
    String file, int line, int column) {

  /** How serious a diagnostic is (RUBRIC_SEVERITY_*). */
  public enum Severity {
    ERROR, WARNING, NOTE;

    static Severity of(int value) {
      return value == 0 ? ERROR : value == 1 ? WARNING : NOTE;
    }

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** {@code FILE:LINE:COL: error: MESSAGE [CODE]}, as rubric prints it. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    if (file != null && !file.isEmpty()) {
      text.append(file).append(':');
    }
    if (line > 0) {
      text.append(line).append(':');
      if (column > 0) {
        text.append(column).append(':');
      }
    }
    if (text.length() > 0) {
      text.append(' ');
    }
    text.append(severity.label()).append(": ").append(message);
    if (code != null && !code.isEmpty()) {
      text.append(" [").append(code).append(']');
    }
    return text.toString();
  }

  /** Reads every diagnostic of a handle (which the caller frees). */
  static List<Diagnostic> read(Pointer handle) {
    List<Diagnostic> out = new ArrayList<>();
    if (handle == null) {
      return out;
    }
    RubricLibrary lib = Rubric.lib();
    long count = lib.rubric_diagnostics_count(handle).longValue();
    for (long i = 0; i < count; i++) {
      RubricLibrary.SizeT k = Rubric.size(i);
      out.add(new Diagnostic(Severity.of(lib.rubric_diagnostic_severity(handle, k)),
          orEmpty(lib.rubric_diagnostic_code(handle, k)),
          orEmpty(lib.rubric_diagnostic_message(handle, k)),
          orEmpty(lib.rubric_diagnostic_hint(handle, k)),
          orEmpty(lib.rubric_diagnostic_file(handle, k)), lib.rubric_diagnostic_line(handle, k),
          lib.rubric_diagnostic_column(handle, k)));
    }
    return out;
  }

  /** The errors of a list, one a line, for an exception's message. */
  static String summary(List<Diagnostic> diagnostics, String fallback) {
    StringBuilder text = new StringBuilder();
    int errors = 0;
    for (Diagnostic d : diagnostics) {
      if (d.isError()) {
        if (errors++ > 0) {
          text.append('\n');
        }
        text.append(d);
      }
    }
    return errors == 0 ? fallback : text.toString();
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
