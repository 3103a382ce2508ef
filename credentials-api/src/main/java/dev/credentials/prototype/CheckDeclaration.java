package dev.credentials.prototype;

import dev.credentials.CredentialState;
import dev.credentials.InvalidCheckDeclarationException;
import dev.credentials.InvalidCheckDeclarationException.Problem;
import dev.credentials.InvalidCheckDeclarationException.Reason;
import dev.credentials.Secret;
import dev.credentials.spi.CheckKind;
import dev.credentials.spi.CheckParameter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A declared live check or connection test of a prototype: the {@link CheckKind} that runs it, its
 * parameters as {@link CheckTemplate templates} over the prototype's field codes (for example
 * {@code "url": "jdbc:postgresql://${PGHOST}:${PGPORT}/${PGDATABASE}"}), how long each resulting
 * state is trusted, and a time budget.
 *
 * <pre>{@code
 * CheckDeclaration check =
 *     CheckDeclaration.builder("jdbc")
 *         .parameter("url", "jdbc:postgresql://${PGHOST}:${PGPORT}/${PGDATABASE}")
 *         .parameter("user", "${PGUSER}")
 *         .parameter("password", "${PGPASSWORD}")
 *         .ttl(CredentialState.AVAILABLE, Duration.ofMinutes(10))
 *         .build();
 * }</pre>
 *
 * @param kind the kind's name, e.g. {@code "jdbc"}
 * @param parameters the parameter templates by name, sorted by name
 * @param ttls the TTLs given explicitly; {@link #ttl(CredentialState)} falls back to {@link
 *     #DEFAULT_TTLS}
 * @param timeout the time budget of one probe; the engine's check timeout still caps it
 */
public record CheckDeclaration(
    String kind,
    Map<String, String> parameters,
    Map<CredentialState, Duration> ttls,
    Duration timeout) {

  /** The pattern of kind and parameter names. */
  public static final Pattern NAME = Pattern.compile("^[a-z][a-z0-9-]{0,31}$");

  /** The default time budget of a probe. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  /** The longest time budget a declaration may ask for. */
  public static final Duration MAX_TIMEOUT = Duration.ofMinutes(2);

  /** The longest TTL a declaration may give. */
  public static final Duration MAX_TTL = Duration.ofDays(1);

  /**
   * How long each state is trusted when a declaration says nothing: a working service for five
   * minutes, a wrong credential for five minutes (an update clears it anyway), throttling for one
   * minute, an unreachable service for thirty seconds, and a check that could not run for five
   * minutes.
   */
  public static final Map<CredentialState, Duration> DEFAULT_TTLS =
      Collections.unmodifiableMap(
          new EnumMap<>(
              Map.of(
                  CredentialState.AVAILABLE, Duration.ofMinutes(5),
                  CredentialState.UNKNOWN, Duration.ofMinutes(5),
                  CredentialState.DEGRADED, Duration.ofMinutes(1),
                  CredentialState.UNAVAILABLE, Duration.ofSeconds(30),
                  CredentialState.MISCONFIGURED, Duration.ofMinutes(5))));

  /** Validates and copies. */
  public CheckDeclaration {
    Objects.requireNonNull(kind, "kind");
    if (!NAME.matcher(kind).matches()) {
      throw new IllegalArgumentException(
          "a check kind is 1 to 32 lower-case letters, digits or '-', got '" + kind + "'");
    }
    Map<String, String> sorted = new TreeMap<>();
    parameters.forEach(
        (name, template) -> {
          Objects.requireNonNull(name, "parameter name");
          Objects.requireNonNull(template, () -> "template of parameter " + name);
          if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                "a parameter name is 1 to 32 lower-case letters, digits or '-', got '"
                    + name
                    + "'");
          }
          sorted.put(name, template);
        });
    parameters = Collections.unmodifiableMap(new LinkedHashMap<>(sorted));
    EnumMap<CredentialState, Duration> t = new EnumMap<>(CredentialState.class);
    ttls.forEach(
        (state, ttl) -> {
          Objects.requireNonNull(state, "state");
          Objects.requireNonNull(ttl, () -> "TTL of " + state);
          if (ttl.isNegative() || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException(
                "the TTL of " + state + " must be between 0 and " + MAX_TTL + ", got " + ttl);
          }
          t.put(state, ttl);
        });
    ttls = Collections.unmodifiableMap(t);
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
      throw new IllegalArgumentException(
          "a check timeout must be positive and at most " + MAX_TIMEOUT + ", got " + timeout);
    }
  }

  /**
   * A declaration with default TTLs and timeout.
   *
   * @param kind the kind
   * @param parameters the parameter templates
   * @return the declaration
   */
  public static CheckDeclaration of(String kind, Map<String, String> parameters) {
    return new CheckDeclaration(kind, parameters, Map.of(), DEFAULT_TIMEOUT);
  }

  /**
   * A builder.
   *
   * @param kind the kind
   * @return the builder
   */
  public static Builder builder(String kind) {
    return new Builder(kind);
  }

  /**
   * How long a result in a state is trusted.
   *
   * @param state the state
   * @return the declared TTL, or the default
   */
  public Duration ttl(CredentialState state) {
    Duration d = ttls.get(state);
    return d != null ? d : DEFAULT_TTLS.get(state);
  }

  /**
   * Every problem of this declaration for a prototype and a kind: templates that do not parse or
   * name no field, parameters the kind does not know or needs.
   *
   * @param at the path of the declaration, e.g. {@code /check}
   * @param prototype the prototype it belongs to
   * @param kind the kind it names, or null when no such kind is registered
   * @return the problems; empty when valid
   */
  public List<Problem> problems(String at, Prototype prototype, CheckKind kind) {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(prototype, "prototype");
    List<Problem> out = new ArrayList<>();
    if (kind == null) {
      out.add(
          new Problem(
              at + "/kind",
              Reason.UNKNOWN_KIND,
              "no check kind '"
                  + this.kind
                  + "' is registered; add the module that ships it (credentials-checks for the"
                  + " built-in kinds) or register it explicitly"));
    } else if (!kind.name().equals(this.kind)) {
      throw new IllegalArgumentException(
          "declaration of kind " + this.kind + " checked against kind " + kind.name());
    }
    Set<String> fieldCodes = new LinkedHashSet<>();
    prototype.fields().forEach(f -> fieldCodes.add(f.code()));
    for (Map.Entry<String, String> e : parameters.entrySet()) {
      String path = at + "/parameters/" + e.getKey();
      if (kind != null && !kind.parameters().containsKey(e.getKey())) {
        out.add(
            new Problem(
                path,
                Reason.UNKNOWN_PARAMETER,
                "kind "
                    + kind.name()
                    + " has no parameter '"
                    + e.getKey()
                    + "'; its parameters are "
                    + String.join(", ", new TreeMap<>(kind.parameters()).keySet())));
      }
      CheckTemplate template;
      try {
        template = CheckTemplate.parse(path, e.getValue());
      } catch (InvalidCheckDeclarationException bad) {
        out.addAll(bad.problems());
        continue;
      }
      for (String field : template.fields()) {
        if (!fieldCodes.contains(field)) {
          out.add(
              new Problem(
                  path,
                  Reason.UNKNOWN_FIELD,
                  "template refers to ${"
                      + field
                      + "}, which is no field of prototype "
                      + prototype.code()
                      + "; its fields are "
                      + String.join(", ", fieldCodes)));
        }
      }
    }
    if (kind != null) {
      new TreeMap<>(kind.parameters())
          .forEach(
              (name, p) -> {
                if (p.required() && !parameters.containsKey(name)) {
                  out.add(
                      new Problem(
                          at + "/parameters",
                          Reason.MISSING_PARAMETER,
                          "kind "
                              + kind.name()
                              + " needs parameter '"
                              + name
                              + "' ("
                              + p.description()
                              + ")"));
                }
              });
    }
    return out;
  }

  /**
   * Throws when {@link #problems} finds any.
   *
   * @param source where the declaration came from, e.g. {@code "prototype postgresql"}
   * @param at the path of the declaration, e.g. {@code /check}
   * @param prototype the prototype it belongs to
   * @param kind the kind it names, or null when no such kind is registered
   * @throws InvalidCheckDeclarationException listing every problem
   */
  public void validate(String source, String at, Prototype prototype, CheckKind kind) {
    List<Problem> found = problems(at, prototype, kind);
    if (!found.isEmpty()) {
      throw new InvalidCheckDeclarationException(source, found);
    }
  }

  /**
   * Expands every parameter template with a credential's values, escaping each value as the kind
   * declares for the parameter.
   *
   * @param kind the kind, which says how each parameter is escaped
   * @param values the credential's values by field code
   * @return the expanded parameters by name
   * @throws InvalidCheckDeclarationException when a template does not parse
   * @throws IllegalArgumentException when a value cannot be inserted safely; the message names the
   *     field, never its value
   */
  public Map<String, Secret> expand(CheckKind kind, Map<String, Secret> values) {
    Map<String, CheckParameter> spec = kind.parameters();
    Map<String, Secret> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : parameters.entrySet()) {
      CheckParameter p = spec.get(e.getKey());
      CheckParameter.Escaping escaping = p == null ? CheckParameter.Escaping.HEADER : p.escaping();
      out.put(
          e.getKey(),
          CheckTemplate.parse("/parameters/" + e.getKey(), e.getValue()).expand(escaping, values));
    }
    return out;
  }

  /** Builds a {@link CheckDeclaration}. */
  public static final class Builder {
    private final String kind;
    private final Map<String, String> parameters = new LinkedHashMap<>();
    private final Map<CredentialState, Duration> ttls = new EnumMap<>(CredentialState.class);
    private Duration timeout = DEFAULT_TIMEOUT;

    private Builder(String kind) {
      this.kind = Objects.requireNonNull(kind, "kind");
    }

    /**
     * Sets a parameter template.
     *
     * @param name the parameter name
     * @param template the template
     * @return this
     * @throws IllegalStateException when the parameter is already set
     */
    public Builder parameter(String name, String template) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(template, "template");
      if (parameters.putIfAbsent(name, template) != null) {
        throw new IllegalStateException("parameter " + name + " is already set");
      }
      return this;
    }

    /**
     * Sets how long results in a state are trusted.
     *
     * @param state the state
     * @param ttl the TTL; zero means "do not cache"
     * @return this
     */
    public Builder ttl(CredentialState state, Duration ttl) {
      ttls.put(Objects.requireNonNull(state, "state"), Objects.requireNonNull(ttl, "ttl"));
      return this;
    }

    /**
     * Sets the time budget of one probe.
     *
     * @param v the timeout
     * @return this
     */
    public Builder timeout(Duration v) {
      timeout = Objects.requireNonNull(v, "timeout");
      return this;
    }

    /**
     * Builds the declaration.
     *
     * @return the declaration
     */
    public CheckDeclaration build() {
      return new CheckDeclaration(kind, parameters, ttls, timeout);
    }
  }
}
