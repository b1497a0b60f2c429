package org.rubric;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/** A rubric_options handle for one call (internal). */
final class Options implements AutoCloseable {
  private final Pointer handle;

  Options() {
    PointerByReference out = new PointerByReference();
    check(Rubric.lib().rubric_options_create(out), "rubric_options_create", "options");
    handle = out.getValue();
  }

  Options set(String key, String value) {
    if (value != null) {
      check(Rubric.lib().rubric_options_set_string(handle, key, value),
          "rubric_options_set_string", key);
    }
    return this;
  }

  Options set(String key, long value) {
    check(Rubric.lib().rubric_options_set_int(handle, key, value), "rubric_options_set_int", key);
    return this;
  }

  Pointer handle() {
    return handle;
  }

  private static void check(int status, String function, String what) {
    if (status != 0) {
      throw RubricException.of(status, function, what + ": " + Rubric.statusString(status));
    }
  }

  @Override
  public void close() {
    Rubric.lib().rubric_options_free(handle);
  }
}
