package dev.credentials.telemetry;

import dev.credentials.EngineHealth;
import dev.credentials.LaunchDecision;
import dev.credentials.TenantId;
import dev.credentials.spi.CheckObservation;
import dev.credentials.spi.LaunchListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Reports live checks and launch decisions as Micrometer meters (an optional dependency: add {@code
 * io.micrometer:micrometer-core}). The meters carry the same names and tags as {@link
 * OpenTelemetryListener}'s metrics: {@code credentials.checks} (counter), {@code
 * credentials.check.duration} (timer), {@code credentials.launch.decisions} and {@code
 * credentials.launch.deferrals} (counters); with {@link #observe(Supplier)} also the engine's
 * health gauges.
 *
 * <pre>{@code
 * Credentials credentials =
 *     Credentials.builder().launchListener(MicrometerListener.create(meterRegistry)).build();
 * }</pre>
 */
public final class MicrometerListener implements LaunchListener {

  private final MeterRegistry registry;

  private MicrometerListener(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * A listener that registers its meters in a registry.
   *
   * @param registry the host's registry
   * @return the listener
   */
  public static MicrometerListener create(MeterRegistry registry) {
    return new MicrometerListener(Objects.requireNonNull(registry, "registry"));
  }

  /**
   * Also registers the engine's health as gauges (one probe serves every gauge read for a second):
   * {@code credentials.audit.journal.depth}, {@code credentials.audit.writer.failing} and {@code
   * credentials.health.status} per {@code credentials.health.component} (0 up, 1 degraded, 2 down).
   *
   * @param health the probe, usually {@code credentials::health}
   * @return this
   */
  public MicrometerListener observe(Supplier<EngineHealth> health) {
    HealthReadings readings = new HealthReadings(health);
    Gauge.builder(Names.JOURNAL_DEPTH, readings, r -> (double) r.journalDepth())
        .description("Access-audit entries waiting to be written")
        .register(registry);
    Gauge.builder(Names.AUDIT_WRITER_FAILING, readings, r -> (double) r.auditWriterFailing())
        .description("1 while the access-audit writer cannot write, else 0")
        .register(registry);
    for (String c : HealthReadings.COMPONENTS) {
      Gauge.builder(Names.HEALTH_STATUS, readings, r -> (double) r.status(c))
          .description("Health of each part of the engine: 0 up, 1 degraded, 2 down")
          .tag(Names.COMPONENT, c)
          .register(registry);
    }
    return this;
  }

  @Override
  public void onCheck(CheckObservation o) {
    Tags common =
        Tags.of(
            Names.TENANT, o.tenant().value(),
            Names.PROTOTYPE, o.credential().prototype(),
            Names.KIND, o.kind(),
            Names.STATE, o.result().state().name());
    Counter.builder(Names.CHECKS)
        .description("Live checks run, by state and kind")
        .tags(common.and(Names.CREDENTIAL, o.credential().name()))
        .register(registry)
        .increment();
    Timer.builder(Names.CHECK_DURATION)
        .description("How long live checks took")
        .tags(common)
        .register(registry)
        .record(o.latency());
  }

  @Override
  public void onDecision(TenantId tenant, LaunchDecision d) {
    Counter.builder(Names.DECISIONS)
        .description("Launch decisions, by outcome")
        .tags(
            Names.TENANT, tenant.value(),
            Names.CONSUMER, d.consumerId(),
            Names.OUTCOME, d.outcome().name())
        .register(registry)
        .increment();
    if (d.outcome() == LaunchDecision.Outcome.DEFER) {
      Counter.builder(Names.DEFERRALS)
          .description("Launches deferred because a credential was not available")
          .tags(Names.TENANT, tenant.value(), Names.CONSUMER, d.consumerId())
          .register(registry)
          .increment();
    }
  }

  @Override
  public String toString() {
    return "MicrometerListener[" + registry.getClass().getSimpleName() + "]";
  }
}
