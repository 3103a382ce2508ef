package dev.credentials.prototype;

import java.util.Locale;
import java.util.Optional;

/** The type of a prototype field. Values of every type travel as text (environment variables). */
public enum FieldType {
  /** Free single-line text. */
  STRING,
  /** A password or token: always secret, masked in forms. */
  PASSWORD,
  /** An absolute URL with a scheme and host. */
  URL,
  /** An e-mail address. */
  EMAIL,
  /** A whole number, optionally bounded. */
  INTEGER,
  /** A decimal number, optionally bounded. */
  NUMBER,
  /** {@code true} or {@code false}. */
  BOOLEAN,
  /** One value among fixed options. */
  SELECT,
  /** Free multi-line text. */
  TEXT,
  /** The content of a file (a key, a certificate, a JSON service-account document). */
  FILE;

  /**
   * The lower-case name used in JSON prototype documents.
   *
   * @return e.g. {@code "password"}
   */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a JSON type name.
   *
   * @param name e.g. {@code "url"}
   * @return the type, or empty if the name is unknown
   */
  public static Optional<FieldType> fromJsonName(String name) {
    for (FieldType t : values()) {
      if (t.jsonName().equals(name)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
