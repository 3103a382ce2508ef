package dev.credentials.spring;

import dev.credentials.EngineHealth;
import dev.credentials.core.Credentials;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

/**
 * The engine's {@link Credentials#health()} as an actuator health indicator: {@code UP} when every
 * part is up, {@code DEGRADED} (a custom status, which Spring Boot maps to HTTP 200 unless the host
 * says otherwise) when a part is degraded, {@code DOWN} when one is down. Each part (repository,
 * keyset, access-audit writer) is a detail with its status, message and details; the engine keeps
 * values out of all of them.
 */
public final class CredentialsHealthIndicator implements HealthIndicator {

  /** The status of a degraded engine. */
  public static final Status DEGRADED = new Status("DEGRADED");

  private final Credentials credentials;

  /**
   * An indicator over an engine.
   *
   * @param credentials the engine
   */
  public CredentialsHealthIndicator(Credentials credentials) {
    this.credentials = Objects.requireNonNull(credentials, "credentials");
  }

  @Override
  public Health health() {
    EngineHealth h = credentials.health();
    Health.Builder b = Health.status(status(h.status()));
    b.withDetail("checkedAt", h.checkedAt().toString());
    for (EngineHealth.Component c : h.components()) {
      Map<String, Object> part = new LinkedHashMap<>();
      part.put("status", c.status().name());
      part.put("message", c.message());
      if (!c.details().isEmpty()) {
        part.put("details", c.details());
      }
      b.withDetail(c.name(), part);
    }
    return b.build();
  }

  static Status status(EngineHealth.Status s) {
    return switch (s) {
      case UP -> Status.UP;
      case DEGRADED -> DEGRADED;
      case DOWN -> Status.DOWN;
    };
  }
}
