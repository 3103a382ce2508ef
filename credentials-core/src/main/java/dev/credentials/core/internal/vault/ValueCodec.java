package dev.credentials.core.internal.vault;

import dev.credentials.Secret;
import dev.credentials.internal.BufferAdoption;
import dev.credentials.internal.ValueMap;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * The plaintext form of a credential's values before sealing: a version byte, the entry count, then
 * length-prefixed UTF-8 codes and values. Binary and flat so that plaintext never passes through
 * strings or JSON trees on the way to the cipher.
 *
 * <p>The format, which every stored ciphertext holds, is fixed: a version byte, the count as a
 * big-endian {@code int}, then for each entry in map order the code's UTF-8 length ({@code int}),
 * the code's UTF-8 bytes, the value's UTF-8 length ({@code int}) and the value's UTF-8 bytes.
 * Version {@code 0x01} ends there. Version {@code 0x02}, which is what the encoder writes, then has
 * zero bytes up to the next multiple of {@value #BLOCK} bytes: a ciphertext tells the values' total
 * length only to within a block, and plaintexts fall into a few sizes, so that the sealer can
 * encode into a buffer of its thread instead of a new array each time (see {@link
 * #encodeBorrowed}). The decoder reads both versions, and refuses padding that is not all zeros.
 *
 * <p>This runs on every seal and open, so it avoids the general-purpose tools: ints and short byte
 * runs move in whole words through {@link VarHandle}s; the codes' UTF-8 forms, the decoded code
 * strings and whole code lists ("shapes", with their map index) are shared through small caches,
 * because field codes are non-secret prototype names and credentials of one prototype repeat the
 * same list; and the result is a compact {@link ValueMap} rather than a hash map. Values are never
 * cached: the secrets of one open share the decrypted array (each sees its own range), and a sealed
 * plaintext is wiped as soon as it is encrypted.
 */
public final class ValueCodec {

  /** The unpadded format, which ciphertexts sealed before version 2 hold. */
  private static final byte VERSION_1 = 1;

  /** The padded format, which the encoder writes. */
  private static final byte VERSION_2 = 2;

  /** Version 2 plaintexts are a multiple of this many bytes long. */
  static final int BLOCK = 64;

  /** The largest plaintext {@link #encodeBorrowed} encodes into its thread's buffer. */
  public static final int MAX_BORROWED = 4096;

  private static final byte[] ZEROS = new byte[BLOCK];

  /**
   * Each thread's plaintext buffer for {@link #encodeBorrowed}: the last size it needed, reused
   * while sizes repeat. All zeros between uses, because the sealer wipes it after each encryption.
   */
  private static final ThreadLocal<byte[]> BORROWED = new ThreadLocal<>();

  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  /** Codes longer than this bypass the caches. */
  private static final int MAX_CACHED_CODE = 64;

  /**
   * A field code with its UTF-8 form, which is never written after construction. Codes of 4 to 16
   * bytes (nearly all) compare with two word loads: {@code head} and {@code tail} are the first and
   * the last word of the bytes, overlapping when shorter than two words.
   */
  private static final class Code {
    final String string;
    final byte[] utf8;
    final int length;
    private final long head;
    private final long tail;

    Code(String string, byte[] utf8) {
      this.string = string;
      this.utf8 = utf8;
      this.length = utf8.length;
      if (length >= 8) {
        head = (long) LONG.get(utf8, 0);
        tail = (long) LONG.get(utf8, length - 8);
      } else if (length >= 4) {
        head = (int) INT.get(utf8, 0);
        tail = (int) INT.get(utf8, length - 4);
      } else {
        head = 0;
        tail = 0;
      }
    }

    /** Whether a range of bytes, inside the array, is this code's UTF-8 form. */
    boolean matches(byte[] bytes, int offset, int length) {
      if (length != this.length) {
        return false;
      }
      if (length >= 8 && length <= 16) {
        return (long) LONG.get(bytes, offset) == head
            && (long) LONG.get(bytes, offset + length - 8) == tail;
      }
      if (length >= 4 && length < 8) {
        return (int) INT.get(bytes, offset) == (int) head
            && (int) INT.get(bytes, offset + length - 4) == (int) tail;
      }
      return Arrays.equals(utf8, 0, length, bytes, offset, offset + length);
    }
  }

  /**
   * The codes of a credential in order, as decoded before, with their map keys: credentials of one
   * prototype share one, so that opening them compares bytes and builds no strings and no index.
   */
  private record Shape(Code[] codes, ValueMap.Keys keys) {
    /** The shape of these codes; throws {@link IllegalArgumentException} when one repeats. */
    static Shape of(Code[] codes) {
      String[] strings = new String[codes.length];
      for (int i = 0; i < codes.length; i++) {
        strings[i] = codes[i].string;
      }
      return new Shape(codes, ValueMap.Keys.of(strings));
    }
  }

  /*
   * The caches are direct-mapped and racy on purpose. Their entries have only final fields, so they
   * are safely published through a data race; a lost or overwritten slot only costs a new entry;
   * and every hit is checked against its input (an equal string, or equal bytes) before use.
   */

  /** Codes seen by {@link #encode}, by {@link String#hashCode()}. */
  private static final Code[] ENCODED = new Code[256];

  /** Codes produced by {@link #decode}, by {@link #hash} of their bytes. */
  private static final Code[] DECODED = new Code[256];

  /** Shapes by the hash of their first code and their size. */
  private static final Shape[] SHAPES = new Shape[64];

  /** Credentials with more fields than this do not leave their shape in {@link #SHAPES}. */
  private static final int MAX_SHAPE = 64;

  /** Decoded secrets and maps adopt the plaintext and the arrays built here: no copies. */
  private static final BufferAdoption ADOPTION = BufferAdoption.grant();

  private ValueCodec() {}

  /**
   * The plaintext of some values in a new array, in version 2. The store seals what the validator
   * returns and the decoder produces, both compact {@link ValueMap}s walked by position; any other
   * map is copied into one first.
   *
   * @throws IllegalArgumentException when the map changes while it is copied
   */
  public static byte[] encode(Map<String, Secret> values) {
    ValueMap vm = ValueMap.copyOf(values);
    byte[] out = new byte[paddedSize(vm)];
    write(vm, out);
    return out;
  }

  /**
   * As {@link #encode}, into this thread's buffer when the plaintext is at most {@value
   * #MAX_BORROWED} bytes and as long as the last one: a new array costs about as much as encoding
   * into it (a sealed credential's plaintext is all new memory). The caller must wipe the result
   * before the thread encodes again, and never keep it: it is the thread's, not the caller's.
   *
   * @throws IllegalArgumentException when the map changes while it is copied
   */
  public static byte[] encodeBorrowed(Map<String, Secret> values) {
    ValueMap vm = ValueMap.copyOf(values);
    int size = paddedSize(vm);
    if (size > MAX_BORROWED) {
      byte[] out = new byte[size];
      write(vm, out);
      return out;
    }
    byte[] out = BORROWED.get();
    if (out == null || out.length != size) {
      out = new byte[size];
      BORROWED.set(out);
    }
    try {
      write(vm, out);
    } catch (RuntimeException | Error e) {
      Sealer.wipe(out);
      throw e;
    }
    return out;
  }

  /** The version 2 size of the values' plaintext. */
  private static int paddedSize(ValueMap values) {
    long size = 1 + 4;
    for (int i = 0, n = values.size(); i < n; i++) {
      size += 8 + utf8(values.codeAt(i)).length + values.valueAt(i).utf8Length();
    }
    size = (size + BLOCK - 1) / BLOCK * BLOCK;
    if (size > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("the values are too large to seal: " + size + " bytes");
    }
    return (int) size;
  }

  /**
   * Writes the values' version 2 plaintext over all of {@code out}, which has their {@link
   * #paddedSize}; the padding is written too, so that whatever the array held does not matter.
   */
  private static void write(ValueMap values, byte[] out) {
    int n = values.size();
    out[0] = VERSION_2;
    INT.set(out, 1, n);
    int p = 5;
    for (int i = 0; i < n; i++) {
      byte[] code = utf8(values.codeAt(i));
      Secret secret = values.valueAt(i);
      int length = secret.utf8Length();
      INT.set(out, p, code.length);
      p += 4;
      copy(code, out, p);
      p += code.length;
      INT.set(out, p, length);
      p += 4;
      secret.revealInto(out, p);
      p += length;
    }
    System.arraycopy(ZEROS, 0, out, p, out.length - p);
  }

  /** The UTF-8 form of a code; shared, never to be written. */
  private static byte[] utf8(String code) {
    int hash = code.hashCode();
    int slot = (hash ^ (hash >>> 8) ^ (hash >>> 16)) & (ENCODED.length - 1);
    Code cached = ENCODED[slot];
    if (cached != null && (cached.string == code || cached.string.equals(code))) {
      return cached.utf8;
    }
    byte[] utf8 = code.getBytes(StandardCharsets.UTF_8);
    if (code.length() <= MAX_CACHED_CODE) {
      ENCODED[slot] = new Code(code, utf8);
    }
    return utf8;
  }

  /**
   * The values of a plaintext. The values <em>adopt</em> the array: each secret is a range of it,
   * without a copy, so the caller hands the array over and must not change, reuse or wipe it once
   * this returns. (It may wipe it when this throws.)
   *
   * @throws IllegalArgumentException when the plaintext is not in this format; the message never
   *     quotes it
   */
  public static Map<String, Secret> decode(byte[] bytes) {
    int end = bytes.length;
    if (end < 5 || (bytes[0] != VERSION_1 && bytes[0] != VERSION_2)) {
      throw malformed("unknown value encoding");
    }
    int n = (int) INT.get(bytes, 1);
    // Each entry takes at least its two lengths: a bogus count cannot allocate much.
    if (n < 0 || n > (end - 5) / 8) {
      throw malformed("entry count out of range");
    }
    if (n == 0) {
      checkEnd(bytes, 5);
      return ValueMap.EMPTY;
    }
    int firstLength = (int) INT.get(bytes, 5);
    if (firstLength < 0 || firstLength > end - 13) {
      throw malformed("code length out of range");
    }
    int slot = (31 * hash(bytes, 9, firstLength) + n) & (SHAPES.length - 1);
    Shape shape = SHAPES[slot];
    if (shape != null && shape.codes.length == n) {
      ValueMap values = decode(bytes, shape);
      if (values != null) {
        return values;
      }
    }
    return decode(bytes, n, slot);
  }

  /**
   * Decodes a plaintext whose codes are those of a shape seen before.
   *
   * @return the values, or null when a code is not the shape's
   */
  private static ValueMap decode(byte[] bytes, Shape shape) {
    Code[] codes = shape.codes;
    int end = bytes.length;
    int p = 5;
    Secret[] secrets = new Secret[codes.length];
    for (int i = 0; i < codes.length; i++) {
      Code code = codes[i];
      int codeLength = code.length;
      // The code's length, the code and the value's length are there, and are the shape's.
      if (end - p < codeLength + 8
          || (int) INT.get(bytes, p) != codeLength
          || !code.matches(bytes, p + 4, codeLength)) {
        return null;
      }
      p += 4 + codeLength;
      int valueLength = (int) INT.get(bytes, p);
      p += 4;
      if (valueLength < 0 || valueLength > end - p) {
        throw malformed("value length out of range");
      }
      secrets[i] = Secret.adopt(bytes, p, valueLength, ADOPTION);
      p += valueLength;
    }
    checkEnd(bytes, p);
    return ValueMap.adopt(shape.keys, secrets, ADOPTION);
  }

  /** Decodes a plaintext code by code, and leaves its shape in {@code SHAPES[slot]}. */
  private static ValueMap decode(byte[] bytes, int n, int slot) {
    int end = bytes.length;
    int p = 5;
    Code[] codes = new Code[n];
    Secret[] secrets = new Secret[n];
    for (int i = 0; i < n; i++) {
      if (end - p < 8) {
        throw malformed("truncated entry");
      }
      int codeLength = (int) INT.get(bytes, p);
      p += 4;
      if (codeLength < 0 || codeLength > end - p - 4) {
        throw malformed("code length out of range");
      }
      codes[i] = code(bytes, p, codeLength);
      p += codeLength;
      int valueLength = (int) INT.get(bytes, p);
      p += 4;
      if (valueLength < 0 || valueLength > end - p) {
        throw malformed("value length out of range");
      }
      secrets[i] = Secret.adopt(bytes, p, valueLength, ADOPTION);
      p += valueLength;
    }
    checkEnd(bytes, p);
    Shape shape;
    try {
      shape = Shape.of(codes);
    } catch (IllegalArgumentException e) {
      throw malformed("a field code occurs twice");
    }
    if (n <= MAX_SHAPE) {
      SHAPES[slot] = shape;
    }
    return ValueMap.adopt(shape.keys, secrets, ADOPTION);
  }

  /**
   * Checks what follows the last entry, which ends at {@code p}: nothing in version 1; in version
   * 2, zeros up to a multiple of {@value #BLOCK} bytes, and less than a block of them.
   */
  private static void checkEnd(byte[] bytes, int p) {
    int end = bytes.length;
    if (bytes[0] == VERSION_1 ? p != end : end % BLOCK != 0 || end - p >= BLOCK) {
      throw malformed("trailing bytes");
    }
    if (Arrays.mismatch(bytes, p, end, ZEROS, 0, end - p) >= 0) {
      throw malformed("padding that is not zeros");
    }
  }

  /** The code in a range of bytes; shared when these bytes were decoded before. */
  private static Code code(byte[] bytes, int offset, int length) {
    int slot = 0;
    if (length <= MAX_CACHED_CODE) {
      slot = hash(bytes, offset, length) & (DECODED.length - 1);
      Code cached = DECODED[slot];
      if (cached != null && cached.matches(bytes, offset, length)) {
        return cached;
      }
    }
    byte[] utf8 = Arrays.copyOfRange(bytes, offset, offset + length);
    // Bytes that are not valid UTF-8 decode with replacement characters, always the same way.
    Code code = new Code(new String(utf8, StandardCharsets.UTF_8), utf8);
    if (length <= MAX_CACHED_CODE) {
      DECODED[slot] = code;
    }
    return code;
  }

  /** A hash of a short byte range, read a word at a time. */
  private static int hash(byte[] b, int offset, int length) {
    long h = length;
    if (length > 16) {
      int last = offset + length - 8;
      for (int i = offset; i < last; i += 8) {
        h = (h ^ (long) LONG.get(b, i)) * 0x9E3779B97F4A7C15L;
      }
      h = (h ^ (long) LONG.get(b, last)) * 0x9E3779B97F4A7C15L;
    } else if (length >= 8) {
      h = (h ^ (long) LONG.get(b, offset)) * 0x9E3779B97F4A7C15L;
      h = (h ^ (long) LONG.get(b, offset + length - 8)) * 0x9E3779B97F4A7C15L;
    } else if (length >= 4) {
      h ^=
          ((long) (int) INT.get(b, offset) << 32)
              | ((int) INT.get(b, offset + length - 4) & 0xffffffffL);
      h *= 0x9E3779B97F4A7C15L;
    } else {
      for (int i = 0; i < length; i++) {
        h = (h << 8) | (b[offset + i] & 0xff);
      }
      h *= 0x9E3779B97F4A7C15L;
    }
    return (int) (h >>> 32);
  }

  /** Copies all of {@code from} to {@code to} at {@code offset}, a word at a time when short. */
  private static void copy(byte[] from, byte[] to, int offset) {
    int length = from.length;
    if (length > 16) {
      System.arraycopy(from, 0, to, offset, length);
    } else if (length >= 8) {
      LONG.set(to, offset, (long) LONG.get(from, 0));
      LONG.set(to, offset + length - 8, (long) LONG.get(from, length - 8));
    } else if (length >= 4) {
      INT.set(to, offset, (int) INT.get(from, 0));
      INT.set(to, offset + length - 4, (int) INT.get(from, length - 4));
    } else {
      for (int i = 0; i < length; i++) {
        to[offset + i] = from[i];
      }
    }
  }

  private static IllegalArgumentException malformed(String what) {
    return new IllegalArgumentException("malformed value encoding: " + what);
  }
}
