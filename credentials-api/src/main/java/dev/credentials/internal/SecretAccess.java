package dev.credentials.internal;

import dev.credentials.Secret;
import java.util.Objects;

/**
 * Not API: how the engine wraps a freshly decrypted buffer in {@link Secret}s without copying it.
 * Visible (see the package), but not meant for use, and it may change in any release.
 *
 * <p>A secret made here <em>adopts</em> the range of the array: the caller hands the array over and
 * must never change, reuse or wipe it afterwards. Several secrets may share one array, each with
 * its own range.
 */
public final class SecretAccess {

  /** What {@link Secret} lets the engine do. */
  public interface Adopter {
    /**
     * Wraps the range.
     *
     * @param utf8 the array, handed over
     * @param offset where the value starts
     * @param length how many bytes it has
     * @return the secret
     */
    Secret adopt(byte[] utf8, int offset, int length);

    /**
     * Copies a secret's bytes into an array.
     *
     * @param secret the secret
     * @param target the array, with room for {@link Secret#utf8Length()} bytes at {@code offset}
     * @param offset where they go
     */
    void copy(Secret secret, byte[] target, int offset);
  }

  private static volatile Adopter adopter;

  private SecretAccess() {}

  /**
   * Installs the adopter; only {@link Secret} does, once, when it is initialised.
   *
   * @param a the adopter
   * @throws IllegalStateException when called by another class or twice
   */
  public static synchronized void install(Adopter a) {
    Class<?> caller =
        StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass();
    if (caller != Secret.class || adopter != null) {
      throw new IllegalStateException("only Secret installs its adopter, once");
    }
    adopter = Objects.requireNonNull(a, "adopter");
  }

  /**
   * A secret over {@code utf8[offset, offset + length)}, sharing the array (see the class comment).
   *
   * @param utf8 the array, handed over: never change, reuse or wipe it afterwards
   * @param offset where the value starts
   * @param length how many bytes it has
   * @return the secret
   * @throws IndexOutOfBoundsException when the range is outside the array
   */
  public static Secret adopt(byte[] utf8, int offset, int length) {
    return adopter().adopt(utf8, offset, length);
  }

  /**
   * Copies a secret's UTF-8 bytes into an array, as {@link Secret#revealInto} does into a buffer,
   * for encoders that seal many values in one array (which they must wipe).
   *
   * @param secret the secret
   * @param target the array
   * @param offset where the bytes go
   * @throws IndexOutOfBoundsException when they do not fit
   */
  public static void copy(Secret secret, byte[] target, int offset) {
    adopter().copy(secret, target, offset);
  }

  private static Adopter adopter() {
    Adopter a = adopter;
    if (a == null) {
      Secret.empty(); // initialises Secret, which installs its adopter
      a = adopter;
    }
    return a;
  }
}
