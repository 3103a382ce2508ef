package dev.credentials;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The environment a job receives: variable name → value, with provenance. Values stay {@link
 * Secret}s until {@link #applyTo(ProcessBuilder)} or an explicit reveal; {@link #toString()} shows
 * variable names only.
 *
 * @param variables the variables
 * @param provenance which credential supplied each variable
 * @param fallbackVariables variables taken from the process environment by the opt-in fallback
 */
public record ResolvedEnvironment(
    Map<String, Secret> variables,
    Map<String, CredentialId> provenance,
    java.util.Set<String> fallbackVariables) {

  /** Validates and copies. */
  public ResolvedEnvironment {
    // the engine's immutable map is kept as it is (no copy, same order); any other is copied
    variables =
        variables instanceof dev.credentials.internal.ValueMap ? variables : Map.copyOf(variables);
    provenance = Map.copyOf(provenance);
    fallbackVariables = java.util.Set.copyOf(fallbackVariables);
  }

  /**
   * A variable.
   *
   * @param name the name
   * @return the value, or empty
   */
  public Optional<Secret> get(String name) {
    return Optional.ofNullable(variables.get(name));
  }

  /**
   * Puts every variable into a process builder's environment. This is where the values are
   * revealed.
   *
   * @param builder the process builder
   * @return the same builder
   */
  public ProcessBuilder applyTo(ProcessBuilder builder) {
    Objects.requireNonNull(builder, "builder");
    Map<String, String> env = builder.environment();
    variables.forEach((k, v) -> env.put(k, v.reveal()));
    return builder;
  }

  /**
   * The variables with every value masked, for display.
   *
   * @return name → {@code "****"}, sorted by name
   */
  public Map<String, String> masked() {
    Map<String, String> m = new TreeMap<>();
    variables.keySet().forEach(k -> m.put(k, "****"));
    return m;
  }

  /**
   * Names each variable and where it came from, never a value: {@code
   * ResolvedEnvironment[DB_PASSWORD from credential 5f0c…, DB_PORT from the process environment]}.
   */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("ResolvedEnvironment[");
    String sep = "";
    for (String name : new java.util.TreeSet<>(variables.keySet())) {
      b.append(sep).append(name);
      CredentialId from = provenance.get(name);
      if (from != null) {
        b.append(" from credential ").append(from.value());
      } else if (fallbackVariables.contains(name)) {
        b.append(" from the process environment");
      }
      sep = ", ";
    }
    return b.append(']').toString();
  }
}
