package dev.credentials.jdbc.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.credentials.StorageException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Column encodings. Instants are exact decimal epoch seconds ({@code NUMERIC(29,9)}): no precision
 * is lost, order is kept and any year fits. Tags and details are small JSON documents.
 */
final class Columns {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<String>> LIST = new TypeReference<>() {};
  private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {};
  private static final BigDecimal NANOS = BigDecimal.valueOf(1_000_000_000L);

  private Columns() {}

  static BigDecimal instant(Instant i) {
    return BigDecimal.valueOf(i.getEpochSecond()).add(BigDecimal.valueOf(i.getNano(), 9));
  }

  static Instant instant(BigDecimal d) {
    if (fast(d)) {
      long nanos = d.scaleByPowerOfTen(9).longValue();
      return Instant.ofEpochSecond(
          Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
    return exactInstant(d);
  }

  /** ±9·10⁹ seconds (years 1685 to 2255) at nine decimals: nanoseconds that fit a long. */
  private static final BigDecimal FAST_LIMIT = BigDecimal.valueOf(9_000_000_000_000_000_000L, 9);

  private static final BigDecimal FAST_LIMIT_NEGATED = FAST_LIMIT.negate();

  /**
   * Whether {@link #instant(BigDecimal)} can split {@code d} without BigDecimal arithmetic: the
   * columns hold nine decimals, so scaling by 10⁹ is exact, and within {@link #FAST_LIMIT} it fits
   * a long. Comparing two values of the same scale compares their unscaled longs. Anything else
   * (another scale, a year beyond the limit) takes the general path.
   */
  static boolean fast(BigDecimal d) {
    return d.scale() == 9 && d.compareTo(FAST_LIMIT) < 0 && d.compareTo(FAST_LIMIT_NEGATED) > 0;
  }

  /** {@link #instant(BigDecimal)} for any scale and any year. */
  static Instant exactInstant(BigDecimal d) {
    BigDecimal seconds = d.setScale(0, RoundingMode.FLOOR);
    long nanos =
        d.subtract(seconds).multiply(NANOS).setScale(0, RoundingMode.UNNECESSARY).longValue();
    return Instant.ofEpochSecond(seconds.longValueExact(), nanos);
  }

  static String tags(Collection<String> tags) {
    return write(new TreeSet<>(tags));
  }

  static Set<String> tags(String json) {
    if (json.equals("[]")) {
      return Set.of();
    }
    return Set.copyOf(read(json, LIST));
  }

  static String details(Map<String, String> details) {
    return write(new TreeMap<>(details));
  }

  static Map<String, String> details(String json) {
    if (json.equals("{}")) {
      return Map.of();
    }
    return Map.copyOf(read(json, MAP));
  }

  /** A source reference as JSON: source, location and the field mapping (no value). */
  static String source(dev.credentials.spi.SourceReference r) {
    Map<String, Object> json = new java.util.LinkedHashMap<>();
    json.put("source", r.source());
    json.put("location", r.location());
    json.put("fields", r.fields());
    return write(json);
  }

  static dev.credentials.spi.SourceReference source(String json) {
    Map<String, Object> m = read(json, new TypeReference<Map<String, Object>>() {});
    @SuppressWarnings("unchecked")
    Map<String, String> fields = (Map<String, String>) m.getOrDefault("fields", Map.of());
    return new dev.credentials.spi.SourceReference(
        (String) m.get("source"), (String) m.get("location"), fields);
  }

  private static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new StorageException("cannot encode a JSON column; this is a bug, please report it");
    }
  }

  private static <T> T read(String json, TypeReference<T> type) {
    try {
      return JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new StorageException(
          "a JSON column holds invalid JSON; was the table changed by hand? Restore the row from a"
              + " backup");
    }
  }
}
