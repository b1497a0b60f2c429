package org.rubric;

import java.util.List;

/**
 * A failed call: the rubric_status of capi/rubric.h as an unchecked exception. Each status
 * has its subclass (nested here); {@link #status()} gives the code and {@link #getMessage()}
 * the session's last error message when the library gave one.
 */
public class RubricException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public static final int INVALID_ARGUMENT = 1;
  public static final int NOT_FOUND = 2;
  public static final int ALREADY_EXISTS = 3;
  public static final int OUT_OF_RANGE = 4;
  public static final int TYPE_MISMATCH = 5;
  public static final int INVALID_UTF8 = 6;
  public static final int COMPILE_ERROR = 7;
  public static final int DATA_ERROR = 8;
  public static final int NOT_SCORABLE = 9;
  public static final int NO_MEMORY = 10;
  public static final int VERSION_MISMATCH = 11;
  public static final int INTERNAL = 12;

  private static final String[] NAMES = {"RUBRIC_OK", "RUBRIC_INVALID_ARGUMENT",
      "RUBRIC_NOT_FOUND", "RUBRIC_ALREADY_EXISTS", "RUBRIC_OUT_OF_RANGE", "RUBRIC_TYPE_MISMATCH",
      "RUBRIC_INVALID_UTF8", "RUBRIC_COMPILE_ERROR", "RUBRIC_DATA_ERROR", "RUBRIC_NOT_SCORABLE",
      "RUBRIC_NO_MEMORY", "RUBRIC_VERSION_MISMATCH", "RUBRIC_INTERNAL"};

  private final int status;
  private final String function;
  private final String detail;

  RubricException(int status, String function, String detail) {
    super(format(status, function, detail));
    this.status = status;
    this.function = function;
    this.detail = detail;
  }

  RubricException(int status, String function, String detail, Throwable cause) {
    this(status, function, detail);
    initCause(cause);
  }

  private static String format(int status, String function, String detail) {
    StringBuilder text = new StringBuilder();
    if (function != null) {
      text.append(function).append(": ");
    }
    text.append(detail == null || detail.isEmpty() ? statusName(status) : detail);
    if (status > 0 && detail != null && !detail.isEmpty()) {
      text.append(" (").append(statusName(status)).append(')');
    }
    return text.toString();
  }

  /** The rubric_status code (0 for errors of the binding itself, e.g. a closed handle). */
  public int status() {
    return status;
  }

  /** The status' name, e.g. "RUBRIC_NOT_FOUND". */
  public String statusName() {
    return statusName(status);
  }

  /** The C function that failed, or null. */
  public String function() {
    return function;
  }

  /** The library's message (the session's last error) or the binding's description. */
  public String detail() {
    return detail;
  }

  public static String statusName(int status) {
    return status >= 0 && status < NAMES.length ? NAMES[status] : "status " + status;
  }

  /** The exception for a status (status != 0). */
  static RubricException of(int status, String function, String detail) {
    switch (status) {
      case INVALID_ARGUMENT: return new InvalidArgumentException(function, detail);
      case NOT_FOUND: return new NotFoundException(function, detail);
      case ALREADY_EXISTS: return new AlreadyExistsException(function, detail);
      case OUT_OF_RANGE: return new OutOfRangeException(function, detail);
      case TYPE_MISMATCH: return new TypeMismatchException(function, detail);
      case INVALID_UTF8: return new InvalidUtf8Exception(function, detail);
      case COMPILE_ERROR: return new CompileException(function, detail, List.of());
      case DATA_ERROR: return new DataException(function, detail, List.of());
      case NOT_SCORABLE: return new NotScorableException(function, detail);
      case NO_MEMORY: return new NoMemoryException(function, detail);
      case VERSION_MISMATCH: return new VersionMismatchException(detail);
      case INTERNAL: return new InternalException(function, detail);
      default: return new RubricException(status, function, detail);
    }
  }

  /** RUBRIC_INVALID_ARGUMENT: a bad argument, key or value. */
  public static class InvalidArgumentException extends RubricException {
    private static final long serialVersionUID = 1L;

    InvalidArgumentException(String function, String detail) {
      super(INVALID_ARGUMENT, function, detail);
    }
  }

  /** RUBRIC_NOT_FOUND: an unknown id, entity/period, or a result that does not exist. */
  public static class NotFoundException extends RubricException {
    private static final long serialVersionUID = 1L;

    NotFoundException(String function, String detail) {
      super(NOT_FOUND, function, detail);
    }
  }

  /** RUBRIC_ALREADY_EXISTS: a duplicate (entity, period) row. */
  public static class AlreadyExistsException extends RubricException {
    private static final long serialVersionUID = 1L;

    AlreadyExistsException(String function, String detail) {
      super(ALREADY_EXISTS, function, detail);
    }
  }

  /** RUBRIC_OUT_OF_RANGE: an index past the end, or a row that is not live. */
  public static class OutOfRangeException extends RubricException {
    private static final long serialVersionUID = 1L;

    OutOfRangeException(String function, String detail) {
      super(OUT_OF_RANGE, function, detail);
    }
  }

  /** RUBRIC_TYPE_MISMATCH: a value of the wrong kind for the input. */
  public static class TypeMismatchException extends RubricException {
    private static final long serialVersionUID = 1L;

    TypeMismatchException(String function, String detail) {
      super(TYPE_MISMATCH, function, detail);
    }
  }

  /** RUBRIC_INVALID_UTF8: a string that is not valid UTF-8 (e.g. a lone surrogate). */
  public static class InvalidUtf8Exception extends RubricException {
    private static final long serialVersionUID = 1L;

    InvalidUtf8Exception(String function, String detail) {
      super(INVALID_UTF8, function, detail);
    }
  }

  /** RUBRIC_COMPILE_ERROR: the standard has errors; {@link #diagnostics()} lists them. */
  public static class CompileException extends RubricException {
    private static final long serialVersionUID = 1L;
    private final List<Diagnostic> diagnostics;

    CompileException(String function, String detail, List<Diagnostic> diagnostics) {
      super(COMPILE_ERROR, function, detail);
      this.diagnostics = List.copyOf(diagnostics);
    }

    public List<Diagnostic> diagnostics() {
      return diagnostics;
    }
  }

  /** RUBRIC_DATA_ERROR: the data have errors; {@link #diagnostics()} lists them. */
  public static class DataException extends RubricException {
    private static final long serialVersionUID = 1L;
    private final List<Diagnostic> diagnostics;

    DataException(String function, String detail, List<Diagnostic> diagnostics) {
      super(DATA_ERROR, function, detail);
      this.diagnostics = List.copyOf(diagnostics);
    }

    public List<Diagnostic> diagnostics() {
      return diagnostics;
    }
  }

  /** RUBRIC_NOT_SCORABLE: the row has no results (a required input is missing). */
  public static class NotScorableException extends RubricException {
    private static final long serialVersionUID = 1L;

    NotScorableException(String function, String detail) {
      super(NOT_SCORABLE, function, detail);
    }
  }

  /** RUBRIC_NO_MEMORY. */
  public static class NoMemoryException extends RubricException {
    private static final long serialVersionUID = 1L;

    NoMemoryException(String function, String detail) {
      super(NO_MEMORY, function, detail);
    }
  }

  /** RUBRIC_INTERNAL: a bug in rubric; please report it. */
  public static class InternalException extends RubricException {
    private static final long serialVersionUID = 1L;

    InternalException(String function, String detail) {
      super(INTERNAL, function, detail);
    }
  }

  /** librubric could not be found or loaded (status 0: no call was made). */
  public static class LibraryException extends RubricException {
    private static final long serialVersionUID = 1L;

    LibraryException(String detail, Throwable cause) {
      super(0, null, detail, cause);
    }
  }

  /** RUBRIC_VERSION_MISMATCH: the loaded librubric cannot serve this binding. */
  public static class VersionMismatchException extends RubricException {
    private static final long serialVersionUID = 1L;

    VersionMismatchException(String detail) {
      super(VERSION_MISMATCH, "rubric_check_version", detail);
    }
  }

  /** A handle used after close() (status 0: no call was made). */
  public static class ClosedException extends RubricException {
    private static final long serialVersionUID = 1L;

    ClosedException(String detail) {
      super(0, null, detail);
    }
  }
}
