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
    if (!CANONICAL.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "credential id must be a UUID in its 36-character hexadecimal form, got '" + value + "'");
    }
  }

  /**
   * A new random id.
   *
   * @return a fresh id
   */
  /**
   * ASCII only: the id is bound into each ciphertext's associated data byte by byte, and {@link
   * UUID#fromString} alone also accepts short groups and non-ASCII digits.
   */
  private static final java.util.regex.Pattern CANONICAL =
      java.util.regex.Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

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
