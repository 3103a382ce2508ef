package dev.credentials.core.internal.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;

/**
 * {@link Instant#toString()} without the formatter machinery, for the years 0000 to 9999: the audit
 * hash covers every event's time in this form, and the general formatter costs more than the
 * digest. Other years take the general path.
 */
final class IsoInstant {

  private static final long MIN_SECOND = -62_167_219_200L; // 0000-01-01T00:00:00Z
  private static final long MAX_SECOND = 253_402_300_799L; // 9999-12-31T23:59:59Z

  private IsoInstant() {}

  static String format(Instant t) {
    byte[] out = new byte[LENGTH];
    int n = format(t, out);
    return n < 0 ? t.toString() : new String(out, 0, n, StandardCharsets.ISO_8859_1);
  }

  /** The most bytes {@link #format(Instant, byte[])} writes. */
  static final int LENGTH = 30;

  /**
   * Writes the ASCII form of an instant at the start of {@code out}, which has at least {@link
   * #LENGTH} bytes.
   *
   * @return the number of bytes written, or -1 for a year outside 0000 to 9999
   */
  static int format(Instant t, byte[] out) {
    long seconds = t.getEpochSecond();
    if (seconds < MIN_SECOND || seconds > MAX_SECOND) {
      return -1;
    }
    long days = Math.floorDiv(seconds, 86_400);
    int secondOfDay = Math.floorMod(seconds, 86_400);
    LocalDate date = LocalDate.ofEpochDay(days);
    int nano = t.getNano();
    int p = 0;
    p = digits(out, p, date.getYear(), 4);
    out[p++] = '-';
    p = digits(out, p, date.getMonthValue(), 2);
    out[p++] = '-';
    p = digits(out, p, date.getDayOfMonth(), 2);
    out[p++] = 'T';
    p = digits(out, p, secondOfDay / 3600, 2);
    out[p++] = ':';
    p = digits(out, p, secondOfDay / 60 % 60, 2);
    out[p++] = ':';
    p = digits(out, p, secondOfDay % 60, 2);
    if (nano > 0) {
      out[p++] = '.';
      if (nano % 1_000_000 == 0) {
        p = digits(out, p, nano / 1_000_000, 3);
      } else if (nano % 1000 == 0) {
        p = digits(out, p, nano / 1000, 6);
      } else {
        p = digits(out, p, nano, 9);
      }
    }
    out[p++] = 'Z';
    return p;
  }

  private static int digits(byte[] out, int p, int value, int width) {
    for (int i = width - 1; i >= 0; i--) {
      out[p + i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    return p + width;
  }
}
