package dev.credentials;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The result of a live availability check or a connection test. A message and details must never
 * contain a secret; the engine also scrubs known secret values from them before storing.
 *
 * @param state the state
 * @param message a sentence for a person, e.g. what failed and what to do
 * @param checkedAt when the check ran
 * @param ttlSeconds how long the result may be reused; not positive means "do not cache"
 * @param details machine-readable extras (latency, HTTP status, server version)
 */
public record CheckResult(
    CredentialState state,
    String message,
    Instant checkedAt,
    long ttlSeconds,
    Map<String, String> details) {

  /** Validates and copies. */
  public CheckResult {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(checkedAt, "checkedAt");
    details = Map.copyOf(details);
  }

  /**
   * A result without details.
   *
   * @param state the state
   * @param message the message
   * @param checkedAt when checked
   * @param ttl how long the result holds
   * @return the result
   */
  public static CheckResult of(
      CredentialState state, String message, Instant checkedAt, Duration ttl) {
    return new CheckResult(state, message, checkedAt, ttl.toSeconds(), Map.of());
  }

  /**
   * Until when the result may be reused.
   *
   * @return {@code checkedAt + ttl}, or {@code checkedAt} when the TTL is not positive
   */
  public Instant validUntil() {
    return ttlSeconds > 0 ? checkedAt.plusSeconds(ttlSeconds) : checkedAt;
  }
}
