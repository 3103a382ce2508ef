package dev.credentials.telemetry;

import dev.credentials.EngineHealth;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The numbers reporters read from {@code credentials.health()}. A probe reads the repository and
 * seals a value, so one result serves every gauge read within a second.
 */
final class HealthReadings {

  static final String ACCESS_AUDIT = "access-audit";
  static final String[] COMPONENTS = {"repository", "keyset", ACCESS_AUDIT};
  private static final long REUSE_NANOS = 1_000_000_000L;

  private final Supplier<EngineHealth> probe;
  private EngineHealth last;
  private long lastAt;

  HealthReadings(Supplier<EngineHealth> probe) {
    this.probe = Objects.requireNonNull(probe, "health");
  }

  synchronized EngineHealth current() {
    long now = System.nanoTime();
    if (last == null || now - lastAt > REUSE_NANOS) {
      last = probe.get();
      lastAt = now;
    }
    return last;
  }

  /** Access-audit entries accepted but not yet written; 0 when events are written synchronously. */
  long journalDepth() {
    return current()
        .component(ACCESS_AUDIT)
        .map(c -> c.details().get("pending"))
        .map(HealthReadings::parse)
        .orElse(0L);
  }

  /** 1 while the access-audit writer's writes fail, else 0. */
  long auditWriterFailing() {
    return current()
        .component(ACCESS_AUDIT)
        .filter(c -> c.details().containsKey("error"))
        .map(c -> 1L)
        .orElse(0L);
  }

  /** 0 for UP, 1 for DEGRADED, 2 for DOWN, -1 when the part was not probed. */
  long status(String component) {
    return current().component(component).map(c -> (long) c.status().ordinal()).orElse(-1L);
  }

  private static long parse(String v) {
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      return 0L;
    }
  }
}
