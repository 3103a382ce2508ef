package dev.credentials.core.delivery;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The byte sequences under which a secret value commonly appears in a job's output: the value
 * itself, its base64 (standard and URL-safe alphabets, at each of the three positions the value may
 * take inside a 3-byte group, trimmed to the characters that depend on the value alone), its URL
 * encodings and its JSON string escapes. Everything stays in byte arrays: no value becomes a {@code
 * String}.
 */
final class SecretEncodings {

  private static final byte[] HEX_UPPER =
      "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final byte[] HEX_LOWER =
      "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private SecretEncodings() {}

  /**
   * Every encoding of a UTF-8 value, the value first. Some may be equal to each other; the caller
   * removes duplicates.
   */
  static List<byte[]> of(byte[] utf8) {
    List<byte[]> out = new ArrayList<>(16);
    out.add(utf8.clone());
    for (int alignment = 0; alignment < 3; alignment++) {
      addIfNotEmpty(out, base64Inner(utf8, alignment, Base64.getEncoder().withoutPadding()));
      addIfNotEmpty(out, base64Inner(utf8, alignment, Base64.getUrlEncoder().withoutPadding()));
    }
    // URL encodings: form style (space as '+', keeps * . - _) and RFC 3986 (space as %20,
    // keeps . - _ ~), each with upper- and lower-case hex digits.
    out.add(percentEncode(utf8, true, HEX_UPPER));
    out.add(percentEncode(utf8, true, HEX_LOWER));
    out.add(percentEncode(utf8, false, HEX_UPPER));
    out.add(percentEncode(utf8, false, HEX_LOWER));
    // JSON string escapes: with and without "\/", with non-ASCII kept or written as \\uXXXX.
    for (boolean slash : new boolean[] {false, true}) {
      out.add(jsonEscape(utf8, slash, null));
      out.add(jsonEscape(utf8, slash, HEX_LOWER));
      out.add(jsonEscape(utf8, slash, HEX_UPPER));
    }
    return out;
  }

  private static void addIfNotEmpty(List<byte[]> out, byte[] pattern) {
    if (pattern.length > 0) {
      out.add(pattern);
    }
  }

  /**
   * The base64 characters of {@code value} preceded by {@code alignment} unknown bytes, keeping
   * only the characters whose 6 bits all come from the value.
   */
  static byte[] base64Inner(byte[] value, int alignment, Base64.Encoder encoder) {
    byte[] shifted = new byte[alignment + value.length];
    System.arraycopy(value, 0, shifted, alignment, value.length);
    byte[] encoded = encoder.encode(shifted);
    Arrays.fill(shifted, (byte) 0);
    long firstBit = 8L * alignment;
    long endBit = 8L * (alignment + value.length);
    int from = (int) ((firstBit + 5) / 6); // first character starting at or after the value
    int to = (int) (endBit / 6); // characters ending at or before the value's end
    byte[] inner = to > from ? Arrays.copyOfRange(encoded, from, to) : new byte[0];
    Arrays.fill(encoded, (byte) 0);
    return inner;
  }

  private static boolean unreserved(int b, boolean form) {
    if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')) {
      return true;
    }
    return b == '.' || b == '-' || b == '_' || (form ? b == '*' : b == '~');
  }

  static byte[] percentEncode(byte[] value, boolean form, byte[] hex) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(value.length * 3);
    for (byte v : value) {
      int b = v & 0xff;
      if (unreserved(b, form)) {
        out.write(b);
      } else if (form && b == ' ') {
        out.write('+');
      } else {
        out.write('%');
        out.write(hex[b >>> 4]);
        out.write(hex[b & 0xf]);
      }
    }
    return drain(out);
  }

  /**
   * A JSON string body. {@code unicodeHex} null keeps non-ASCII characters as UTF-8; otherwise they
   * are written as {@code \\uXXXX} (surrogate pairs above U+FFFF) with those hex digits.
   */
  static byte[] jsonEscape(byte[] value, boolean escapeSlash, byte[] unicodeHex) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 8);
    byte[] controlHex = unicodeHex == null ? HEX_UPPER : unicodeHex;
    int i = 0;
    while (i < value.length) {
      int b = value[i] & 0xff;
      if (b < 0x80) {
        switch (b) {
          case '"' -> escape(out, '"');
          case '\\' -> escape(out, '\\');
          case '/' -> {
            if (escapeSlash) {
              escape(out, '/');
            } else {
              out.write(b);
            }
          }
          case '\n' -> escape(out, 'n');
          case '\r' -> escape(out, 'r');
          case '\t' -> escape(out, 't');
          case '\b' -> escape(out, 'b');
          case '\f' -> escape(out, 'f');
          default -> {
            if (b < 0x20) {
              unicode(out, b, controlHex);
            } else {
              out.write(b);
            }
          }
        }
        i++;
        continue;
      }
      int length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
      if (unicodeHex == null || i + length > value.length || length == 1) {
        out.write(value, i, Math.min(length, value.length - i));
        i += length;
        continue;
      }
      int cp = b & (0xff >>> (length + 1));
      for (int k = 1; k < length; k++) {
        cp = (cp << 6) | (value[i + k] & 0x3f);
      }
      if (cp >= 0x10000) {
        int v = cp - 0x10000;
        unicode(out, 0xd800 | (v >>> 10), unicodeHex);
        unicode(out, 0xdc00 | (v & 0x3ff), unicodeHex);
      } else {
        unicode(out, cp, unicodeHex);
      }
      i += length;
    }
    return drain(out);
  }

  private static void escape(ByteArrayOutputStream out, int c) {
    out.write('\\');
    out.write(c);
  }

  private static void unicode(ByteArrayOutputStream out, int unit, byte[] hex) {
    out.write('\\');
    out.write('u');
    out.write(hex[(unit >>> 12) & 0xf]);
    out.write(hex[(unit >>> 8) & 0xf]);
    out.write(hex[(unit >>> 4) & 0xf]);
    out.write(hex[unit & 0xf]);
  }

  /** The bytes written, with the stream's own buffer wiped. */
  private static byte[] drain(ByteArrayOutputStream out) {
    byte[] bytes = out.toByteArray();
    // ByteArrayOutputStream cannot be wiped in place; overwrite its buffer by rewriting zeros.
    int n = bytes.length;
    out.reset();
    for (int k = 0; k < n; k++) {
      out.write(0);
    }
    return bytes;
  }

  /** The number of characters (code points) of a UTF-8 value. */
  static int codePoints(byte[] utf8) {
    int n = 0;
    for (byte b : utf8) {
      if ((b & 0xc0) != 0x80) {
        n++;
      }
    }
    return n;
  }
}
