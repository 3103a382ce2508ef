package dev.credentials.telemetry;

import dev.credentials.CheckResult;
import dev.credentials.CredentialMetadata;
import dev.credentials.EngineHealth;
import dev.credentials.LaunchDecision;
import dev.credentials.TenantId;
import dev.credentials.spi.CheckObservation;
import dev.credentials.spi.LaunchListener;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reports live checks and launch decisions through the OpenTelemetry API (an optional dependency:
 * add {@code io.opentelemetry:opentelemetry-api} and an SDK).
 *
 * <p>Metrics:
 *
 * <ul>
 *   <li>{@code credentials.checks} (counter): checks run, by tenant, credential, prototype, check
 *       kind and state;
 *   <li>{@code credentials.check.duration} (histogram, seconds): check latency, by tenant,
 *       prototype, kind and state;
 *   <li>{@code credentials.launch.decisions} (counter): decisions by tenant, consumer and outcome;
 *   <li>{@code credentials.launch.deferrals} (counter): DEFER decisions by tenant and consumer.
 * </ul>
 *
 * <p>Spans: {@code credentials.launch} for every decision (status ERROR for BLOCK, one event per
 * reason) and {@code credentials.check} for every check whose state does not allow a run, spanning
 * the check's latency.
 *
 * <pre>{@code
 * Credentials credentials =
 *     Credentials.builder()
 *         .launchListener(OpenTelemetryListener.create(openTelemetry))
 *         .build();
 * }</pre>
 */
public final class OpenTelemetryListener implements LaunchListener {

  /** The instrumentation scope name. */
  public static final String SCOPE = "dev.credentials";

  static final AttributeKey<String> TENANT = AttributeKey.stringKey(Names.TENANT);
  static final AttributeKey<String> CONSUMER = AttributeKey.stringKey(Names.CONSUMER);
  static final AttributeKey<String> CREDENTIAL = AttributeKey.stringKey(Names.CREDENTIAL);
  static final AttributeKey<String> PROTOTYPE = AttributeKey.stringKey(Names.PROTOTYPE);
  static final AttributeKey<String> KIND = AttributeKey.stringKey(Names.KIND);
  static final AttributeKey<String> STATE = AttributeKey.stringKey(Names.STATE);
  static final AttributeKey<String> MESSAGE = AttributeKey.stringKey(Names.MESSAGE);
  static final AttributeKey<String> OUTCOME = AttributeKey.stringKey(Names.OUTCOME);
  static final AttributeKey<Long> DEFERRAL_COUNT = AttributeKey.longKey(Names.DEFERRAL_COUNT);
  static final AttributeKey<String> REASON = AttributeKey.stringKey(Names.REASON);
  static final AttributeKey<String> COMPONENT = AttributeKey.stringKey(Names.COMPONENT);

  private final Tracer tracer;
  private final LongCounter checks;
  private final DoubleHistogram checkDuration;
  private final LongCounter decisions;
  private final LongCounter deferrals;
  private final Meter meter;

  private OpenTelemetryListener(OpenTelemetry openTelemetry) {
    this.meter = openTelemetry.getMeter(SCOPE);
    this.tracer = openTelemetry.getTracer(SCOPE);
    this.checks =
        meter
            .counterBuilder(Names.CHECKS)
            .setDescription("Live checks run, by state and kind")
            .setUnit("{check}")
            .build();
    this.checkDuration =
        meter
            .histogramBuilder(Names.CHECK_DURATION)
            .setDescription("How long live checks took")
            .setUnit("s")
            .build();
    this.decisions =
        meter
            .counterBuilder(Names.DECISIONS)
            .setDescription("Launch decisions, by outcome")
            .setUnit("{decision}")
            .build();
    this.deferrals =
        meter
            .counterBuilder(Names.DEFERRALS)
            .setDescription("Launches deferred because a credential was not available")
            .setUnit("{deferral}")
            .build();
  }

  /**
   * A listener that reports to an OpenTelemetry instance.
   *
   * @param openTelemetry the instance, e.g. the host's SDK
   * @return the listener
   */
  public static OpenTelemetryListener create(OpenTelemetry openTelemetry) {
    return new OpenTelemetryListener(Objects.requireNonNull(openTelemetry, "openTelemetry"));
  }

  /**
   * A listener on {@link GlobalOpenTelemetry} when the environment variable {@code OTEL_ENABLED} is
   * {@code true}, {@code 1} or {@code yes}.
   *
   * @return the listener, or empty when not switched on
   */
  public static Optional<OpenTelemetryListener> fromEnvironment() {
    return fromEnvironment(System::getenv, GlobalOpenTelemetry::get);
  }

  static Optional<OpenTelemetryListener> fromEnvironment(
      Function<String, String> env, Supplier<OpenTelemetry> global) {
    String v = env.apply("OTEL_ENABLED");
    if (v == null || !List.of("true", "1", "yes").contains(v.trim().toLowerCase(Locale.ROOT))) {
      return Optional.empty();
    }
    return Optional.of(create(global.get()));
  }

  /**
   * Also reports the engine's health as gauges, read when metrics are collected (one probe serves
   * every gauge for a second): {@code credentials.audit.journal.depth} (access-audit entries not
   * yet written), {@code credentials.audit.writer.failing} (1 while the access-audit writer's
   * writes fail) and {@code credentials.health.status} by {@code credentials.health.component} (0
   * up, 1 degraded, 2 down).
   *
   * @param health the probe, usually {@code credentials::health}
   * @return this
   */
  public OpenTelemetryListener observe(Supplier<EngineHealth> health) {
    HealthReadings readings = new HealthReadings(health);
    meter
        .gaugeBuilder(Names.JOURNAL_DEPTH)
        .ofLongs()
        .setDescription("Access-audit entries waiting to be written")
        .setUnit("{entry}")
        .buildWithCallback(m -> m.record(readings.journalDepth()));
    meter
        .gaugeBuilder(Names.AUDIT_WRITER_FAILING)
        .ofLongs()
        .setDescription("1 while the access-audit writer cannot write, else 0")
        .buildWithCallback(m -> m.record(readings.auditWriterFailing()));
    meter
        .gaugeBuilder(Names.HEALTH_STATUS)
        .ofLongs()
        .setDescription("Health of each part of the engine: 0 up, 1 degraded, 2 down")
        .buildWithCallback(
            m -> {
              for (String c : HealthReadings.COMPONENTS) {
                long v = readings.status(c);
                if (v >= 0) {
                  m.record(v, Attributes.of(COMPONENT, c));
                }
              }
            });
    return this;
  }

  static Attributes checkAttributes(
      TenantId tenant, CredentialMetadata m, String kind, CheckResult r) {
    return Attributes.builder()
        .put(TENANT, tenant.value())
        .put(CREDENTIAL, m.name())
        .put(PROTOTYPE, m.prototype())
        .put(KIND, kind)
        .put(STATE, r.state().name())
        .build();
  }

  @Override
  public void onCheck(CheckObservation o) {
    Attributes counted = checkAttributes(o.tenant(), o.credential(), o.kind(), o.result());
    checks.add(1, counted);
    checkDuration.record(
        o.latency().toNanos() / 1e9,
        Attributes.of(
            TENANT, o.tenant().value(),
            PROTOTYPE, o.credential().prototype(),
            KIND, o.kind(),
            STATE, o.result().state().name()));
    if (!o.result().state().allowsRun()) {
      Instant end = Instant.now();
      Span span =
          tracer
              .spanBuilder(Names.SPAN_CHECK)
              .setSpanKind(SpanKind.INTERNAL)
              .setStartTimestamp(end.minus(o.latency()))
              .setAllAttributes(counted)
              .setAttribute(MESSAGE, o.result().message())
              .startSpan();
      span.setStatus(StatusCode.ERROR, o.result().state().name());
      span.end(end);
    }
  }

  @Override
  public void onDecision(TenantId tenant, LaunchDecision d) {
    Attributes a =
        Attributes.of(
            TENANT, tenant.value(), CONSUMER, d.consumerId(), OUTCOME, d.outcome().name());
    decisions.add(1, a);
    if (d.outcome() == LaunchDecision.Outcome.DEFER) {
      deferrals.add(1, Attributes.of(TENANT, tenant.value(), CONSUMER, d.consumerId()));
    }
    Span span =
        tracer
            .spanBuilder(Names.SPAN_LAUNCH)
            .setSpanKind(SpanKind.INTERNAL)
            .setAllAttributes(a)
            .setAttribute(DEFERRAL_COUNT, (long) d.deferrals())
            .startSpan();
    for (String reason : d.reasons()) {
      span.addEvent("reason", Attributes.of(REASON, reason));
    }
    for (Map.Entry<dev.credentials.Topic, CheckResult> e : d.checks().entrySet()) {
      span.setAttribute(
          "credentials.check.state." + e.getKey().name(), e.getValue().state().name());
    }
    if (d.outcome() == LaunchDecision.Outcome.BLOCK) {
      span.setStatus(StatusCode.ERROR, "BLOCK");
    }
    span.end(Instant.now().toEpochMilli(), TimeUnit.MILLISECONDS);
  }

  @Override
  public String toString() {
    return "OpenTelemetryListener[" + SCOPE + "]";
  }
}
