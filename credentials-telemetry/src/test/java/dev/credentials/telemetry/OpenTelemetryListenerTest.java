package dev.credentials.telemetry;

import static dev.credentials.testkit.SecretAssertions.assertNoSecretsOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.credentials.CredentialState;
import dev.credentials.LaunchDecision.Outcome;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("OpenTelemetryListener")
class OpenTelemetryListenerTest {

  final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  final InMemorySpanExporter spans = InMemorySpanExporter.create();
  final OpenTelemetrySdk sdk =
      OpenTelemetrySdk.builder()
          .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
          .setTracerProvider(
              SdkTracerProvider.builder()
                  .addSpanProcessor(SimpleSpanProcessor.create(spans))
                  .build())
          .build();

  @AfterEach
  void close() {
    sdk.close();
  }

  static MetricData metric(Collection<MetricData> all, String name) {
    return all.stream()
        .filter(m -> m.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no metric " + name + " in " + all));
  }

  static long sum(MetricData m, Attributes match) {
    return m.getLongSumData().getPoints().stream()
        .filter(p -> matches(p, match))
        .mapToLong(LongPointData::getValue)
        .sum();
  }

  static boolean matches(LongPointData p, Attributes match) {
    return match.asMap().entrySet().stream()
        .allMatch(e -> e.getValue().equals(p.getAttributes().get(e.getKey())));
  }

  @Test
  @DisplayName("counts checks by state and kind, their latency, decisions by outcome and deferrals")
  void metrics() {
    try (TelemetryFixture f = new TelemetryFixture(OpenTelemetryListener.create(sdk))) {
      assertThat(f.launch(CredentialState.AVAILABLE).outcome()).isEqualTo(Outcome.RUN);
      assertThat(f.launch(CredentialState.UNAVAILABLE).outcome()).isEqualTo(Outcome.DEFER);
      assertThat(f.launch(CredentialState.DEGRADED).outcome()).isEqualTo(Outcome.DEFER);
      assertThat(f.launch(CredentialState.MISCONFIGURED).outcome()).isEqualTo(Outcome.BLOCK);
      Collection<MetricData> all = metrics.collectAllMetrics();

      MetricData checks = metric(all, "credentials.checks");
      Attributes base =
          Attributes.builder()
              .put("credentials.tenant", "acme")
              .put("credentials.credential.name", "billing-prod")
              .put("credentials.prototype", "billing-api")
              .put("credentials.check.kind", "billing-api")
              .build();
      for (CredentialState s :
          List.of(
              CredentialState.AVAILABLE,
              CredentialState.UNAVAILABLE,
              CredentialState.DEGRADED,
              CredentialState.MISCONFIGURED)) {
        assertThat(sum(checks, base.toBuilder().put("credentials.check.state", s.name()).build()))
            .as(s.name())
            .isEqualTo(1);
      }
      MetricData duration = metric(all, "credentials.check.duration");
      assertThat(duration.getUnit()).isEqualTo("s");
      assertThat(duration.getHistogramData().getPoints())
          .hasSize(4)
          .allSatisfy(p -> assertThat(p.getCount()).isEqualTo(1))
          .allSatisfy(p -> assertThat(p.getSum()).isGreaterThanOrEqualTo(0.0));

      MetricData decisions = metric(all, "credentials.launch.decisions");
      Attributes sync =
          Attributes.of(
              AttributeKey.stringKey("credentials.tenant"), "acme",
              AttributeKey.stringKey("credentials.consumer"), "sync");
      assertThat(sum(decisions, sync.toBuilder().put("credentials.launch.outcome", "RUN").build()))
          .isEqualTo(1);
      assertThat(
              sum(decisions, sync.toBuilder().put("credentials.launch.outcome", "DEFER").build()))
          .isEqualTo(2);
      assertThat(
              sum(decisions, sync.toBuilder().put("credentials.launch.outcome", "BLOCK").build()))
          .isEqualTo(1);
      assertThat(sum(metric(all, "credentials.launch.deferrals"), sync)).isEqualTo(2);

      assertNoSecretsOf(Map.of("API_TOKEN", TelemetryFixture.TOKEN)).inAnyEncoding(all.toString());
    }
  }

  @Test
  @DisplayName("spans every launch and every non-available check, without values")
  void spans() {
    try (TelemetryFixture f = new TelemetryFixture(OpenTelemetryListener.create(sdk))) {
      f.launch(CredentialState.AVAILABLE);
      f.launch(CredentialState.UNAVAILABLE);
      f.launch(CredentialState.MISCONFIGURED);
      List<SpanData> all = spans.getFinishedSpanItems();
      List<SpanData> launches =
          all.stream().filter(s -> s.getName().equals("credentials.launch")).toList();
      List<SpanData> checks =
          all.stream().filter(s -> s.getName().equals("credentials.check")).toList();
      assertThat(launches)
          .extracting(
              s -> s.getAttributes().get(AttributeKey.stringKey("credentials.launch.outcome")))
          .containsExactly("RUN", "DEFER", "BLOCK");
      assertThat(launches.get(2).getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
      assertThat(launches.get(1).getEvents()).isNotEmpty();
      assertThat(checks).hasSize(2);
      SpanData unavailable = checks.get(0);
      assertThat(unavailable.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
      assertThat(unavailable.getAttributes().get(AttributeKey.stringKey("credentials.check.state")))
          .isEqualTo("UNAVAILABLE");
      assertThat(
              unavailable.getAttributes().get(AttributeKey.stringKey("credentials.check.message")))
          .contains("was refused");
      assertThat(unavailable.getEndEpochNanos())
          .isGreaterThanOrEqualTo(unavailable.getStartEpochNanos());
      assertNoSecretsOf(Map.of("API_TOKEN", TelemetryFixture.TOKEN)).inAnyEncoding(all.toString());
    }
  }

  static long gauge(Collection<MetricData> all, String name, Attributes match) {
    return metric(all, name).getLongGaugeData().getPoints().stream()
        .filter(p -> matches(p, match))
        .mapToLong(LongPointData::getValue)
        .sum();
  }

  @Test
  @DisplayName("observes the engine's health: journal depth, a failing audit writer, each part")
  void health() {
    OpenTelemetryListener.create(sdk).observe(HealthFixture::failingWriter);
    Collection<MetricData> all = metrics.collectAllMetrics();
    assertThat(gauge(all, "credentials.audit.journal.depth", Attributes.empty())).isEqualTo(12);
    assertThat(gauge(all, "credentials.audit.writer.failing", Attributes.empty())).isEqualTo(1);
    AttributeKey<String> component = AttributeKey.stringKey("credentials.health.component");
    assertThat(gauge(all, "credentials.health.status", Attributes.of(component, "access-audit")))
        .isEqualTo(2);
    assertThat(gauge(all, "credentials.health.status", Attributes.of(component, "repository")))
        .isZero();
  }

  @Test
  @DisplayName("observes a real engine's health")
  void realHealth() {
    try (TelemetryFixture f = new TelemetryFixture(OpenTelemetryListener.create(sdk))) {
      OpenTelemetryListener.create(sdk).observe(f.credentials::health);
      Collection<MetricData> all = metrics.collectAllMetrics();
      assertThat(metric(all, "credentials.health.status").getLongGaugeData().getPoints())
          .hasSize(3)
          .allSatisfy(p -> assertThat(p.getValue()).isZero());
      assertThat(gauge(all, "credentials.audit.writer.failing", Attributes.empty())).isZero();
      assertThat(gauge(all, "credentials.audit.journal.depth", Attributes.empty())).isZero();
    }
  }

  @Test
  @DisplayName("is switched on by OTEL_ENABLED")
  void environment() {
    assertThat(OpenTelemetryListener.fromEnvironment(k -> null, () -> sdk)).isEmpty();
    assertThat(OpenTelemetryListener.fromEnvironment(k -> "false", () -> sdk)).isEmpty();
    Optional<OpenTelemetryListener> on =
        OpenTelemetryListener.fromEnvironment(
            k -> k.equals("OTEL_ENABLED") ? "true" : null, () -> sdk);
    assertThat(on).isPresent();
    assertThat(OpenTelemetry.noop()).isNotNull();
  }
}
