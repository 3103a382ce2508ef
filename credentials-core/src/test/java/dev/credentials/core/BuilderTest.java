package dev.credentials.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The engine's builder refuses misuse")
class BuilderTest {

  @Test
  @DisplayName("reports every missing piece at once")
  void missing() {
    assertThatThrownBy(() -> Credentials.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no repository")
        .hasMessageContaining("no keys");
  }

  @Test
  @DisplayName("rejects a single-valued setting set twice, and bad values at once")
  void misuse() {
    CredentialsBuilder b = Credentials.builder().clock(Clock.systemUTC());
    assertThatThrownBy(() -> b.clock(Clock.systemUTC()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("clock was already set");
    assertThatThrownBy(() -> Credentials.builder().checkTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Credentials.builder().maxConcurrentChecks(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Credentials.builder().defaultEnvironment("Prod"))
        .hasMessageContaining("defaultEnvironment");
    assertThatThrownBy(() -> Credentials.builder().repository(null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  @DisplayName("cannot be reused once built")
  void once() {
    CredentialsBuilder b =
        Credentials.builder()
            .repository(new InMemoryCredentialRepository())
            .keys(CredentialKeys.generate())
            .discoverPrototypes(false);
    try (Credentials c = b.build()) {
      assertThat(c.toString()).contains("InMemoryCredentialRepository");
    }
    assertThatThrownBy(b::build).hasMessageContaining("already used");
  }
}
