package dev.credentials.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ColumnsTest {

  /** The fast path and the general one agree, both ways round, on any instant and scale. */
  @Test
  void instantsRoundTripExactly() {
    SplittableRandom random = new SplittableRandom(20261123);
    for (int i = 0; i < 20_000; i++) {
      // mostly near today, some anywhere Instant allows, some on the fast path's edge
      long seconds =
          switch (i % 4) {
            case 0 -> random.nextLong(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond());
            case 1 -> random.nextLong(-9_300_000_000L, 9_300_000_000L);
            default -> random.nextLong(-4_000_000_000L, 4_000_000_000L);
          };
      Instant instant = Instant.ofEpochSecond(seconds, random.nextInt(1_000_000_000));
      BigDecimal column = Columns.instant(instant);
      assertThat(column.scale()).isEqualTo(9);
      assertThat(Columns.instant(column)).isEqualTo(instant);
      assertThat(Columns.exactInstant(column)).isEqualTo(instant);
      // a database may hand back fewer decimals (trailing zeros stripped) or more
      BigDecimal stripped = column.stripTrailingZeros();
      assertThat(Columns.instant(stripped)).isEqualTo(instant);
      assertThat(Columns.instant(column.setScale(12))).isEqualTo(instant);
    }
  }

  @Test
  void edgesOfTheFastPath() {
    for (String s :
        new String[] {
          "0.000000000",
          "-0.000000001",
          "-1.000000000",
          "-1.999999999",
          "999999999.999999999",
          "-999999999.999999999",
          "1000000000.000000000",
          "-1000000000.000000001",
          "8999999999.999999999",
          "-8999999999.999999999",
          "9000000000.000000000",
          "-9000000000.000000000",
          "9223372036.854775807",
          "9223372036.854775808",
          "-9223372036.854775809"
        }) {
      BigDecimal d = new BigDecimal(s);
      assertThat(Columns.instant(d)).as(s).isEqualTo(Columns.exactInstant(d));
    }
    assertThat(Columns.instant(new BigDecimal("-1.999999999")))
        .isEqualTo(Instant.ofEpochSecond(-2, 1));
  }

  /**
   * Every instant a stored credential or event carries today takes the fast path: the years 1700 to
   * 2250 at the columns' nine decimals. (Its bound was once 10⁹ seconds, the year 2001, and every
   * read of a current row took the slow path.)
   */
  @Test
  void todaysInstantsTakeTheFastPath() {
    SplittableRandom random = new SplittableRandom(11);
    long from = Instant.parse("1700-01-01T00:00:00Z").getEpochSecond();
    long to = Instant.parse("2250-01-01T00:00:00Z").getEpochSecond();
    for (int i = 0; i < 20_000; i++) {
      Instant instant =
          Instant.ofEpochSecond(random.nextLong(from, to), random.nextInt(1_000_000_000));
      assertThat(Columns.fast(Columns.instant(instant))).as("%s", instant).isTrue();
    }
    assertThat(Columns.fast(Columns.instant(Instant.parse("2026-11-23T02:00:00.123456789Z"))))
        .isTrue();
    assertThat(Columns.fast(new BigDecimal("9000000000.000000000"))).isFalse();
    assertThat(Columns.fast(new BigDecimal("1763862000.1234567891"))).isFalse();
    assertThat(Columns.fast(new BigDecimal("1763862000"))).isFalse();
  }
}
