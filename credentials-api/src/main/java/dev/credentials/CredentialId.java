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
    if (!canonical(value)) {
      throw new IllegalArgumentException(
          "credential id must be a UUID in its 36-character hexadecimal form, got '" + value + "'");
    }
  }

  /**
   * {@code 8-4-4-4-12} ASCII hexadecimal digits, checked by hand (every row read from a database
   * builds an id). ASCII only: the id is bound into each ciphertext's associated data byte by byte,
   * and {@link UUID#fromString} alone also accepts short groups and non-ASCII digits.
   */
  private static boolean canonical(String v) {
    if (v.length() != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = v.charAt(i);
      boolean ok =
          (i == 8 || i == 13 || i == 18 || i == 23)
              ? c == '-'
              : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!ok) {
        return false;
      }
    }
    return true;
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

  /**
   * Equal when the values are. Written out rather than left to the record's generated method, which
   * the JIT does not always inline on the hot paths that compare ids (every opening of a sealed
   * value compares one of each).
   */
  @Override
  public boolean equals(Object o) {
    return o == this || (o instanceof CredentialId other && value.equals(other.value));
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }
}
