package dev.credentials.spi;

import dev.credentials.CheckResult;
import dev.credentials.CredentialState;
import dev.credentials.Secret;
import dev.credentials.prototype.CheckDeclaration;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link CheckKind} receives: the declaration, its parameters with every template expanded
 * (as {@link Secret}s, since a template may insert a secret field), the credential's values, the
 * clock and the time budget.
 *
 * @param declaration the declaration being run
 * @param parameters the expanded parameters by name; absent when the declaration gives none
 * @param values the credential's values by field code
 * @param clock the engine's clock
 * @param timeout the time budget of this probe
 */
public record ProbeRequest(
    CheckDeclaration declaration,
    Map<String, Secret> parameters,
    Map<String, Secret> values,
    Clock clock,
    Duration timeout) {

  /** Validates and copies. */
  public ProbeRequest {
    Objects.requireNonNull(declaration, "declaration");
    parameters = Map.copyOf(parameters);
    values = Map.copyOf(values);
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("a probe needs a positive timeout, got " + timeout);
    }
  }

  /**
   * An expanded parameter; empty when not given or when it expanded to the empty string.
   *
   * @param name the parameter name
   * @return the value
   */
  public Optional<Secret> parameter(String name) {
    Secret s = parameters.get(name);
    return s == null || s.isEmpty() ? Optional.empty() : Optional.of(s);
  }

  /**
   * An expanded parameter that holds no secret by its nature (a host, a port, a mode), revealed.
   *
   * @param name the parameter name
   * @return the plain value, or empty
   */
  public Optional<String> text(String name) {
    return parameter(name).map(Secret::reveal);
  }

  /**
   * A parameter as text, or a default.
   *
   * @param name the parameter name
   * @param fallback the default
   * @return the value
   */
  public String text(String name, String fallback) {
    return text(name).orElse(fallback);
  }

  /**
   * A result stamped with the clock and the declaration's TTL for its state.
   *
   * @param state the state
   * @param message a sentence for a person, without any secret
   * @param details machine-readable extras, without any secret
   * @return the result
   */
  public CheckResult result(CredentialState state, String message, Map<String, String> details) {
    return new CheckResult(
        state, message, clock.instant(), declaration.ttl(state).toSeconds(), details);
  }

  /**
   * A result without details.
   *
   * @param state the state
   * @param message a sentence for a person, without any secret
   * @return the result
   */
  public CheckResult result(CredentialState state, String message) {
    return result(state, message, Map.of());
  }
}
