package dev.credentials.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DeferralPolicyTest {
  @Test
  @DisplayName("the deferral policy caps its delays and validates its settings")
  void policy() {
    DeferralPolicy p = new DeferralPolicy(Duration.ofMinutes(10), 5, Duration.ofHours(1));
    assertThat(p.delay(Duration.ofSeconds(60), 1)).isEqualTo(Duration.ofSeconds(60));
    assertThat(p.delay(Duration.ofSeconds(60), 4)).isEqualTo(Duration.ofSeconds(480));
    assertThat(p.delay(Duration.ofSeconds(60), 50)).isEqualTo(Duration.ofMinutes(10));
    assertThat(p.delay(Duration.ofHours(1), 3)).isEqualTo(Duration.ofHours(1));
    assertThatThrownBy(() -> new DeferralPolicy(Duration.ZERO, 1, Duration.ofHours(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DeferralPolicy(Duration.ofMinutes(1), 0, Duration.ofHours(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
