package dev.credentials.sources;

import dev.credentials.CredentialSourceException;
import dev.credentials.CredentialSourceException.Reason;
import dev.credentials.Secret;
import dev.credentials.spi.CredentialSource;
import dev.credentials.spi.SourceReference;
import dev.credentials.spi.SourcedValues;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Credential values from environment variables. A reference's location is a prefix: the variables
 * that start with it become keys without it ({@code REPORTING_PGHOST} → {@code PGHOST} for the
 * location {@code REPORTING_}); the location {@code *} takes every variable under its own name.
 * Values are validated against the prototype by the engine like any other.
 */
public final class EnvironmentSource implements CredentialSource {

  /** The name references use. */
  public static final String NAME = "env";

  /** The location that takes every variable under its own name. */
  public static final String ALL = "*";

  private final Supplier<Map<String, String>> environment;

  private EnvironmentSource(Supplier<Map<String, String>> environment) {
    this.environment = environment;
  }

  /**
   * @return a source over this process's environment
   */
  public static EnvironmentSource ofProcess() {
    return new EnvironmentSource(System::getenv);
  }

  /**
   * @param environment the variables to read, asked on every read
   * @return a source over them
   */
  public static EnvironmentSource of(Supplier<Map<String, String>> environment) {
    return new EnvironmentSource(Objects.requireNonNull(environment, "environment"));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public SourcedValues read(SourceReference reference) {
    String prefix = reference.location();
    if (!prefix.equals(ALL) && !prefix.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new CredentialSourceException(
          NAME,
          Reason.INVALID_REFERENCE,
          "an environment location is a variable-name prefix such as REPORTING_, or *");
    }
    Map<String, Secret> values = new TreeMap<>();
    environment
        .get()
        .forEach(
            (k, v) -> {
              if (prefix.equals(ALL)) {
                values.put(k, Secret.of(v));
              } else if (k.startsWith(prefix) && k.length() > prefix.length()) {
                values.put(k.substring(prefix.length()), Secret.of(v));
              }
            });
    if (values.isEmpty()) {
      throw new CredentialSourceException(
          NAME,
          Reason.NOT_FOUND,
          "no environment variable starts with " + prefix + "; set them or fix the reference");
    }
    // the environment of a process does not change after it starts: one revision
    return new SourcedValues(values, "environment");
  }

  @Override
  public String toString() {
    return "EnvironmentSource";
  }
}
