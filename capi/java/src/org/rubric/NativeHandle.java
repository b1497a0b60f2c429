package org.rubric;

import com.sun.jna.Pointer;
import java.lang.ref.Cleaner;
import java.util.function.Consumer;

/**
 * Owns one native handle: frees it once, on {@link #close()} or, as a safety net, when the
 * owner becomes unreachable (a {@link Cleaner}). Holds no reference to its owner.
 */
final class NativeHandle implements AutoCloseable {
  private static final class State implements Runnable {
    private final Consumer<Pointer> free;
    private volatile Pointer pointer;

    State(Pointer pointer, Consumer<Pointer> free) {
      this.pointer = pointer;
      this.free = free;
    }

    @Override
    public void run() {
      Pointer p = pointer;
      pointer = null;
      if (p != null) {
        free.accept(p);
      }
    }
  }

  private final State state;
  private final Cleaner.Cleanable cleanable;
  private final String noun;

  NativeHandle(Object owner, Pointer pointer, Consumer<Pointer> free, String noun) {
    this.state = new State(pointer, free);
    this.cleanable = Rubric.CLEANER.register(owner, state);
    this.noun = noun;
  }

  /** The pointer; throws ClosedException after close(). */
  Pointer get() {
    Pointer p = state.pointer;
    if (p == null) {
      throw new RubricException.ClosedException("the " + noun + " is closed");
    }
    return p;
  }

  boolean isClosed() {
    return state.pointer == null;
  }

  @Override
  public void close() {
    cleanable.clean();
  }
}
