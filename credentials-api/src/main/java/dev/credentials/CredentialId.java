package dev.credentials;

import java.util.Objects;
import java.util.UUID;

/**
 * The identity of a stored credential. Unique across tenants, but only meaningful inside the tenant
 * that owns it.
 *
 * @param value the id, a UUID in its canonical text form
 */
public record CredentialId(String value) {

  /** Validates the value. */
  public CredentialId {
    Objects.requireNonNull(value, "value");
    try {
      UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("credential id must be a UUID, got '" + value + "'", e);
    }
  }

  /**
   * A new random id.
   *
   * @return a fresh id
   */
  public static CredentialId random() {
    return new CredentialId(UUID.randomUUID().toString());
  }

  /**
   * Parses an id.
   *
   * @param value the UUID text
   * @return the id
   */
  public static CredentialId of(String value) {
    return new CredentialId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
