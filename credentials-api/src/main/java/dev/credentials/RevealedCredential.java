package dev.credentials;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A credential with its values, as returned by a reveal. The values stay {@link Secret}s; {@link
 * #toString()} shows the field codes only.
 *
 * @param metadata the metadata
 * @param values the values by field code
 */
public record RevealedCredential(CredentialMetadata metadata, Map<String, Secret> values) {

  /** Validates and copies. */
  public RevealedCredential {
    Objects.requireNonNull(metadata, "metadata");
    // the engine's immutable map is kept as it is (no copy, the stored order); any other is copied
    values = values instanceof dev.credentials.internal.ValueMap ? values : Map.copyOf(values);
  }

  /**
   * A value by field code.
   *
   * @param fieldCode the field code
   * @return the value, or empty when the field has none
   */
  public Optional<Secret> value(String fieldCode) {
    return Optional.ofNullable(values.get(fieldCode));
  }

  @Override
  public String toString() {
    return "RevealedCredential["
        + metadata.id()
        + " "
        + metadata.name()
        + ", fields="
        + values.keySet()
        + "]";
  }
}
