package dev.credentials;

import dev.credentials.internal.BufferAdoption;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * A secret value: a password, a token, a private key, or any credential field value that must not
 * leak.
 *
 * <p>{@link #toString()} never shows the value, {@link #equals(Object)} compares in constant time,
 * and {@link #hashCode()} does not depend on the value. The only ways to read the value are the
 * methods named {@code reveal…} ({@link #reveal()}, {@link #revealBytes()}, {@link
 * #revealInto(java.nio.ByteBuffer)}, {@link #revealInto(byte[], int)}), easy to find in a security
 * review.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class Secret {

  private static final Secret EMPTY = new Secret(new byte[0]);

  /**
   * The value's bytes are {@code utf8[offset, offset + length)}. The array is never exposed and
   * never written after construction; several secrets decoded from one plaintext share one array.
   */
  private final byte[] utf8;

  private final int offset;
  private final int length;

  private Secret(byte[] utf8) {
    this(utf8, 0, utf8.length);
  }

  private Secret(byte[] utf8, int offset, int length) {
    this.utf8 = utf8;
    this.offset = offset;
    this.length = length;
  }

  /**
   * Not for hosts: a secret over {@code utf8[offset, offset + length)} that <em>adopts</em> the
   * range without a copy, for the engine's decoder, which wraps a freshly decrypted buffer this
   * way. The caller hands the array over and must never change, reuse or wipe it afterwards;
   * several secrets may share one array, each with its own range. Needs the capability that only
   * the engine's internal classes can obtain.
   *
   * @param utf8 the array, handed over
   * @param offset where the value starts
   * @param length how many bytes it has
   * @param grant the capability, from {@link BufferAdoption#grant()}
   * @return the secret
   * @throws IndexOutOfBoundsException when the range is outside the array
   * @throws IllegalCallerException without the capability
   */
  public static Secret adopt(byte[] utf8, int offset, int length, BufferAdoption grant) {
    BufferAdoption.check(grant);
    Objects.requireNonNull(utf8, "utf8");
    Objects.checkFromIndexSize(offset, length, utf8.length);
    return length == 0 ? EMPTY : new Secret(utf8, offset, length);
  }

  /**
   * Wraps a value.
   *
   * @param value the plaintext value; may be empty
   * @return the secret
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalArgumentException if {@code value} holds an unpaired UTF-16 surrogate, which
   *     UTF-8 cannot encode (it would silently become {@code '?'})
   */
  public static Secret of(String value) {
    Objects.requireNonNull(value, "value");
    int bad = unpairedSurrogate(value);
    if (bad >= 0) {
      throw new IllegalArgumentException(
          "value holds an unpaired UTF-16 surrogate at index "
              + bad
              + ", which UTF-8 cannot encode; pass well-formed text");
    }
    return value.isEmpty() ? EMPTY : new Secret(value.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Where a string holds a lone half of a UTF-16 surrogate pair.
   *
   * @param s the string
   * @return the index of its first unpaired surrogate, or -1 when it is well-formed
   */
  static int unpairedSurrogate(CharSequence s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Wraps the UTF-8 bytes of a value; the array is copied.
   *
   * @param utf8 the UTF-8 encoded value
   * @return the secret
   */
  public static Secret ofUtf8(byte[] utf8) {
    Objects.requireNonNull(utf8, "utf8");
    return utf8.length == 0 ? EMPTY : new Secret(utf8.clone());
  }

  /**
   * Wraps part of an array of UTF-8 bytes, copying it once. For decoders that hold many values in
   * one buffer; the caller still owns (and should wipe) the array.
   *
   * @param utf8 the buffer
   * @param offset where the value starts
   * @param length how many bytes it has
   * @return the secret
   * @throws IndexOutOfBoundsException when the range is outside the array
   */
  public static Secret ofUtf8(byte[] utf8, int offset, int length) {
    Objects.requireNonNull(utf8, "utf8");
    Objects.checkFromIndexSize(offset, length, utf8.length);
    return length == 0 ? EMPTY : new Secret(Arrays.copyOfRange(utf8, offset, offset + length));
  }

  /**
   * The empty secret.
   *
   * @return a secret whose value is the empty string
   */
  public static Secret empty() {
    return EMPTY;
  }

  /**
   * Returns the plaintext. Every call site is a place where a secret leaves its wrapper; keep them
   * few and reviewed.
   *
   * @return the plaintext value
   */
  public String reveal() {
    return new String(utf8, offset, length, StandardCharsets.UTF_8);
  }

  /**
   * Returns a copy of the plaintext as UTF-8 bytes. The caller should clear the array when done.
   *
   * @return a fresh array holding the UTF-8 encoded value
   */
  public byte[] revealBytes() {
    return Arrays.copyOfRange(utf8, offset, offset + length);
  }

  /**
   * Writes the plaintext's UTF-8 bytes into a buffer, without an intermediate copy. For encoders
   * that seal many values in one buffer; the caller must wipe the buffer when done.
   *
   * @param target the buffer, with at least {@link #utf8Length()} bytes remaining
   * @throws java.nio.BufferOverflowException when the buffer is too small
   */
  public void revealInto(java.nio.ByteBuffer target) {
    Objects.requireNonNull(target, "target").put(utf8, offset, length);
  }

  /**
   * Writes the plaintext's UTF-8 bytes into an array, for encoders that seal many values in one
   * array (which they must wipe when done).
   *
   * @param target the array, with room for {@link #utf8Length()} bytes at {@code offset}
   * @param offset where the bytes go
   * @throws IndexOutOfBoundsException when they do not fit
   */
  public void revealInto(byte[] target, int offset) {
    System.arraycopy(utf8, this.offset, Objects.requireNonNull(target, "target"), offset, length);
  }

  /**
   * The length of the value in UTF-8 bytes (which a ciphertext reveals anyway).
   *
   * @return the byte length
   */
  public int utf8Length() {
    return length;
  }

  /**
   * Whether the value is the empty string.
   *
   * @return true if empty
   */
  public boolean isEmpty() {
    return length == 0;
  }

  /**
   * Compares with a plaintext candidate in constant time (for the length of the candidate).
   *
   * @param candidate the value to compare with
   * @return true if equal
   */
  public boolean matches(String candidate) {
    Objects.requireNonNull(candidate, "candidate");
    byte[] other = candidate.getBytes(StandardCharsets.UTF_8);
    try {
      return sameBytes(utf8, offset, length, other, 0, other.length);
    } finally {
      Arrays.fill(other, (byte) 0);
    }
  }

  /** Constant-time comparison of two secrets. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Secret other
        && sameBytes(utf8, offset, length, other.utf8, other.offset, other.length);
  }

  /**
   * Compares two ranges in time that depends on their lengths only, never on where they differ (as
   * {@link MessageDigest#isEqual} does for whole arrays). Lengths are not secret: a ciphertext
   * reveals them anyway.
   */
  private static boolean sameBytes(
      byte[] a, int aFrom, int aLength, byte[] b, int bFrom, int bLength) {
    if (aLength != bLength) {
      return false;
    }
    int diff = 0;
    for (int i = 0; i < aLength; i++) {
      diff |= a[aFrom + i] ^ b[bFrom + i];
    }
    return diff == 0;
  }

  /** Constant: a hash must not tell anything about the value. */
  @Override
  public int hashCode() {
    return 0x5ec7e7;
  }

  /** Always {@code Secret[redacted]}. */
  @Override
  public String toString() {
    return "Secret[redacted]";
  }
}
