package dev.credentials.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MutableClockTest {

  private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

  @Test
  @DisplayName("stands still until moved, in UTC")
  void standsStill() {
    MutableClock clock = MutableClock.at(START);
    assertThat(clock.instant()).isEqualTo(START);
    assertThat(clock.instant()).isEqualTo(START);
    assertThat(clock.millis()).isEqualTo(START.toEpochMilli());
    assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
  }

  @Test
  @DisplayName("advance moves forward or backward and returns the new instant; set jumps")
  void advanceAndSet() {
    MutableClock clock = MutableClock.at(START);
    assertThat(clock.advance(Duration.ofMinutes(5))).isEqualTo(START.plusSeconds(300));
    assertThat(clock.advance(Duration.ofSeconds(-60))).isEqualTo(START.plusSeconds(240));
    clock.set(START.minusSeconds(1));
    assertThat(clock.instant()).isEqualTo(START.minusSeconds(1));
    assertThatThrownBy(() -> clock.set(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  @DisplayName("a view in another zone shares the instant")
  void withZoneSharesInstant() {
    MutableClock clock = MutableClock.at(START);
    MutableClock prague = clock.withZone(ZoneId.of("Europe/Prague"));
    assertThat(prague.getZone()).isEqualTo(ZoneId.of("Europe/Prague"));
    assertThat(clock.withZone(ZoneOffset.UTC)).isSameAs(clock);
    clock.advance(Duration.ofHours(1));
    assertThat(prague.instant()).isEqualTo(START.plusSeconds(3600));
    prague.advance(Duration.ofHours(1));
    assertThat(clock.instant()).isEqualTo(START.plusSeconds(7200));
    assertThat(prague).isNotEqualTo(clock).isEqualTo(clock.withZone(ZoneId.of("Europe/Prague")));
  }

  @Test
  @DisplayName("concurrent advances are not lost")
  void threadSafe() throws Exception {
    MutableClock clock = MutableClock.at(START);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    for (int i = 0; i < 4000; i++) {
      pool.execute(() -> clock.advance(Duration.ofMillis(1)));
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    assertThat(clock.instant()).isEqualTo(START.plusMillis(4000));
  }
}
