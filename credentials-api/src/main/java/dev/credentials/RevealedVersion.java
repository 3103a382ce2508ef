package dev.credentials;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An earlier (or the current) version of a credential with its values, as a version reveal returns
 * it. The values stay {@link Secret}s; {@link #toString()} shows the field codes only.
 *
 * @param credentialId the credential
 * @param version the version's description
 * @param values the values of that version by field code
 */
public record RevealedVersion(
    CredentialId credentialId, CredentialVersion version, Map<String, Secret> values) {

  /** Validates and copies. */
  public RevealedVersion {
    Objects.requireNonNull(credentialId, "credentialId");
    Objects.requireNonNull(version, "version");
    values = values instanceof dev.credentials.internal.ValueMap ? values : Map.copyOf(values);
  }

  /**
   * A value by field code.
   *
   * @param fieldCode the field code
   * @return the value, or empty when the version has none
   */
  public Optional<Secret> value(String fieldCode) {
    return Optional.ofNullable(values.get(fieldCode));
  }

  @Override
  public String toString() {
    return "RevealedVersion["
        + credentialId
        + " v"
        + version.version()
        + ", fields="
        + values.keySet()
        + "]";
  }
}
