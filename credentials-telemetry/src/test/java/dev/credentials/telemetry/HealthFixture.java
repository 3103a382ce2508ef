package dev.credentials.telemetry;

import dev.credentials.EngineHealth;
import dev.credentials.EngineHealth.Component;
import dev.credentials.EngineHealth.Status;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Health results as an engine reports them, for the reporters' gauges. */
final class HealthFixture {
  private HealthFixture() {}

  /** A batched access-audit writer whose writes fail, with 12 entries waiting. */
  static EngineHealth failingWriter() {
    return EngineHealth.of(
        Instant.EPOCH,
        List.of(
            new Component("repository", Status.UP, "reads", Map.of()),
            new Component("keyset", Status.UP, "seals", Map.of("primaryKeyId", "1")),
            new Component(
                "access-audit",
                Status.DOWN,
                "the last attempt to write access events failed",
                Map.of(
                    "mode",
                    "batched",
                    "pending",
                    "12",
                    "capacity",
                    "100",
                    "error",
                    "dev.credentials.StorageException"))));
  }
}
