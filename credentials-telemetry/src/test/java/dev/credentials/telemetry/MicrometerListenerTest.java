package dev.credentials.telemetry;

import static dev.credentials.testkit.SecretAssertions.assertNoSecretsOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.credentials.CredentialState;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("MicrometerListener")
class MicrometerListenerTest {

  @Test
  @DisplayName("registers the same measurements as meters, without values")
  void meters() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (TelemetryFixture f = new TelemetryFixture(MicrometerListener.create(registry))) {
      f.launch(CredentialState.AVAILABLE);
      f.launch(CredentialState.UNAVAILABLE);
      f.launch(CredentialState.UNAVAILABLE);
      f.launch(CredentialState.MISCONFIGURED);
    }
    assertThat(
            registry
                .get("credentials.checks")
                .tag("credentials.check.state", "UNAVAILABLE")
                .tag("credentials.check.kind", "billing-api")
                .tag("credentials.credential.name", "billing-prod")
                .counter()
                .count())
        .isEqualTo(2.0);
    assertThat(registry.get("credentials.check.duration").timers())
        .hasSize(3)
        .allSatisfy(t -> assertThat(t.totalTime(TimeUnit.NANOSECONDS)).isGreaterThanOrEqualTo(0));
    assertThat(
            registry
                .get("credentials.launch.decisions")
                .tag("credentials.launch.outcome", "DEFER")
                .tag("credentials.consumer", "sync")
                .counter()
                .count())
        .isEqualTo(2.0);
    assertThat(
            registry
                .get("credentials.launch.decisions")
                .tag("credentials.launch.outcome", "BLOCK")
                .counter()
                .count())
        .isEqualTo(1.0);
    assertThat(registry.get("credentials.launch.deferrals").counter().count()).isEqualTo(2.0);
    String everything =
        registry.getMeters().stream()
            .map(m -> m.getId() + " " + m.measure())
            .collect(Collectors.joining("\n"));
    assertNoSecretsOf(Map.of("API_TOKEN", TelemetryFixture.TOKEN)).inAnyEncoding(everything);
  }

  @Test
  @DisplayName("observes the engine's health: journal depth, a failing audit writer, each part")
  void health() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    MicrometerListener.create(registry).observe(HealthFixture::failingWriter);
    assertThat(registry.get("credentials.audit.journal.depth").gauge().value()).isEqualTo(12.0);
    assertThat(registry.get("credentials.audit.writer.failing").gauge().value()).isEqualTo(1.0);
    assertThat(
            registry
                .get("credentials.health.status")
                .tag("credentials.health.component", "access-audit")
                .gauge()
                .value())
        .isEqualTo(2.0);
    try (TelemetryFixture f = new TelemetryFixture(MicrometerListener.create(registry))) {
      SimpleMeterRegistry real = new SimpleMeterRegistry();
      MicrometerListener.create(real).observe(f.credentials::health);
      assertThat(real.get("credentials.health.status").gauges())
          .hasSize(3)
          .allSatisfy(g -> assertThat(g.value()).isZero());
      assertThat(registry.getMeters()).extracting(Meter::getId).isNotEmpty();
    }
  }
}
