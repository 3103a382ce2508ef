package dev.credentials.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.credentials.Secret;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.Supplier;

/**
 * A canary secret and the assertions that it never leaks into an exception (message, causes,
 * suppressed exceptions, stack trace print-out) or a {@code toString}.
 */
final class Canary {

  /** A value no code would print by chance. */
  static final String VALUE = "canary-7Qx9-zebra-lantern";

  static final Secret SECRET = Secret.of(VALUE);

  private Canary() {}

  /** A value that contains the canary, for tests that need a particular shape. */
  static Secret containing(String prefix, String suffix) {
    return Secret.of(prefix + VALUE + suffix);
  }

  /** Asserts that the text of an object's toString does not contain the canary. */
  static void assertNoLeak(Object o) {
    assertThat(String.valueOf(o)).doesNotContain(VALUE);
  }

  /** Asserts that a throwable, with everything it carries, does not contain the canary. */
  static void assertNoLeak(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    assertThat(w.toString()).doesNotContain(VALUE);
    for (Throwable c = t; c != null; c = c.getCause()) {
      assertThat(String.valueOf(c.getMessage())).doesNotContain(VALUE);
      assertThat(String.valueOf(c.getLocalizedMessage())).doesNotContain(VALUE);
      assertThat(c.toString()).doesNotContain(VALUE);
    }
  }

  /** Runs code that must throw; asserts the exception carries no canary and returns it. */
  static <T extends Throwable> T thrownWithoutLeak(Class<T> type, Runnable code) {
    try {
      code.run();
    } catch (Throwable t) {
      assertNoLeak(t);
      assertThat(t).isInstanceOf(type);
      return type.cast(t);
    }
    return fail("expected " + type.getSimpleName() + " to be thrown");
  }

  /** Runs code that must not throw and returns its result, with the result's toString checked. */
  static <T> T noLeak(Supplier<T> code) {
    T result = code.get();
    assertNoLeak(result);
    return result;
  }
}
