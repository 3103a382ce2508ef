package dev.credentials;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What an engine's health probe found: one {@link Component} per part it depends on (the
 * repository, the keyset, the access-audit writer), and the worst of their states. Messages and
 * details name states, counts, key ids and exception types; they never carry a credential value, a
 * connection string or a driver's message.
 *
 * @param status the worst status of the components
 * @param checkedAt when the probe ran, by the engine's clock
 * @param components the parts probed, in a stable order
 */
public record EngineHealth(Status status, Instant checkedAt, List<Component> components) {

  /** How usable a part is. Declared from best to worst. */
  public enum Status {
    /** Works. */
    UP,
    /** Works, but needs attention soon (for example an access-audit journal filling up). */
    DEGRADED,
    /** Does not work: operations that need it fail. */
    DOWN
  }

  /**
   * One probed part.
   *
   * @param name a stable name: {@code repository}, {@code keyset} or {@code access-audit}
   * @param status its status
   * @param message one sentence for an operator; says what to do when the part is not up
   * @param details stable keys with values safe to show (counts, modes, key ids, type names)
   */
  public record Component(String name, Status status, String message, Map<String, String> details) {

    /** Checks the arguments and copies {@code details}, keeping its order. */
    public Component {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(message, "message");
      details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }
  }

  /** Checks the arguments, copies the components and requires {@code status} to be their worst. */
  public EngineHealth {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(checkedAt, "checkedAt");
    components = List.copyOf(components);
    if (status != worst(components)) {
      throw new IllegalArgumentException(
          "status must be the worst of the components' (" + worst(components) + "), not " + status);
    }
  }

  /**
   * A health result whose status is the worst of the components'.
   *
   * @param checkedAt when the probe ran
   * @param components the parts probed
   * @return the result
   */
  public static EngineHealth of(Instant checkedAt, List<Component> components) {
    return new EngineHealth(worst(components), checkedAt, components);
  }

  /**
   * @param name a component's name
   * @return the component of that name, if probed
   */
  public Optional<Component> component(String name) {
    Objects.requireNonNull(name, "name");
    return components.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /**
   * @return true when every component is {@link Status#UP}
   */
  public boolean isUp() {
    return status == Status.UP;
  }

  private static Status worst(List<Component> components) {
    Status worst = Status.UP;
    for (Component c : components) {
      if (c.status().compareTo(worst) > 0) {
        worst = c.status();
      }
    }
    return worst;
  }
}
