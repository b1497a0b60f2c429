package org.rubric;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.lang.ref.Cleaner;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Loading librubric and library-wide facts.
 *
 * <p>The library is found, in this order: the path in the environment variable
 * {@code RUBRIC_LIBRARY} (or the system property {@code rubric.library}); else
 * {@code librubric.so} on {@code jna.library.path} (for a build tree:
 * {@code -Djna.library.path=build/ci/capi}) and the system's library path.
 */
public final class Rubric {
  /** The version of capi/rubric.h this binding was written against (RUBRIC_VERSION_NUMBER). */
  public static final int HEADER_VERSION = 0 * 10000 + 6 * 100 + 0;

  static final String ENV_VAR = "RUBRIC_LIBRARY";
  static final Cleaner CLEANER = Cleaner.create();

  private static volatile RubricLibrary lib;

  private Rubric() {}

  static RubricLibrary lib() {
    RubricLibrary l = lib;
    if (l == null) {
      synchronized (Rubric.class) {
        l = lib;
        if (l == null) {
          l = load();
          lib = l;
        }
      }
    }
    return l;
  }

  private static RubricLibrary load() {
    String path = System.getProperty("rubric.library");
    if (path == null || path.isEmpty()) {
      path = System.getenv(ENV_VAR);
    }
    String name = (path == null || path.isEmpty()) ? "rubric" : path;
    RubricLibrary l;
    try {
      l = Native.load(name, RubricLibrary.class,
          Map.of(Library.OPTION_STRING_ENCODING, StandardCharsets.UTF_8.name()));
    } catch (UnsatisfiedLinkError e) {
      throw new RubricException.LibraryException("cannot load librubric ('" + name
          + "'; set " + ENV_VAR + " or -Djna.library.path): " + e.getMessage(), e);
    }
    int status = l.rubric_check_version(HEADER_VERSION);
    if (status != 0) {
      throw new RubricException.VersionMismatchException("librubric " + l.rubric_version_string()
          + " cannot serve a binding written for header version " + HEADER_VERSION);
    }
    return l;
  }

  /** Loads the library now (it is otherwise loaded on first use); throws when it cannot. */
  public static void load(String path) {
    synchronized (Rubric.class) {
      if (lib == null) {
        if (path != null) {
          System.setProperty("rubric.library", path);
        }
        lib = load();
      }
    }
  }

  /** The version of the loaded library, e.g. "0.4.0". */
  public static String versionString() {
    return lib().rubric_version_string();
  }

  /** The version of the loaded library as MAJOR * 10000 + MINOR * 100 + PATCH. */
  public static int versionNumber() {
    return lib().rubric_version_number();
  }

  /** A short English description of a status code. */
  public static String statusString(int status) {
    return lib().rubric_status_string(status);
  }

  /**
   * Whether {@code value} is rubric's missing value (a NaN with a reserved payload). The
   * binding already turns missing results into empty {@link java.util.OptionalDouble}s; this
   * is for raw values such as {@link Session#value}.
   */
  public static boolean isMissing(double value) {
    return lib().rubric_value_is_missing(value) != 0;
  }

  /** Takes a string rubric returned through char**: copies it and frees it. */
  static String take(PointerByReference ref) {
    Pointer p = ref.getValue();
    if (p == null) {
      return null;
    }
    try {
      return p.getString(0, StandardCharsets.UTF_8.name());
    } finally {
      lib().rubric_string_free(p);
    }
  }

  static String borrowed(Pointer p) {
    return p == null ? null : p.getString(0, StandardCharsets.UTF_8.name());
  }

  /**
   * Checks that a string can be passed as UTF-8: a lone surrogate would otherwise be replaced
   * by '?' silently. Returns the string.
   */
  static String utf8(String text, String what) {
    if (text == null) {
      return null;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new RubricException.InvalidUtf8Exception(null,
            what + " holds a lone surrogate at " + i + " (not valid UTF-8)");
      }
    }
    return text;
  }

  static RubricLibrary.SizeT size(long value) {
    return new RubricLibrary.SizeT(value);
  }
}
