package dev.credentials;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a check or a connection test receives: the credential's metadata and values, the engine's
 * clock and the time budget. The check must return within {@link #timeout()}; the engine abandons
 * it after that anyway.
 *
 * @param credential the metadata of the credential being checked
 * @param values the values by field code
 * @param clock the engine's clock; use it for {@link CheckResult#checkedAt()}
 * @param timeout the time budget
 */
public record CheckContext(
    CredentialMetadata credential, Map<String, Secret> values, Clock clock, Duration timeout) {

  /** Validates and copies. */
  public CheckContext {
    Objects.requireNonNull(credential, "credential");
    values = Map.copyOf(values);
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(timeout, "timeout");
  }

  /**
   * A value by field code.
   *
   * @param fieldCode the field code
   * @return the value, or empty
   */
  public Optional<Secret> value(String fieldCode) {
    return Optional.ofNullable(values.get(fieldCode));
  }
}
