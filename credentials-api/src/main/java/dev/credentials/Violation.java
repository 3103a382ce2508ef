package dev.credentials;

import java.util.Objects;

/**
 * One broken rule: where (a field code or a JSON path) and what to do about it.
 *
 * @param path the field code (for values) or JSON path (for documents), e.g. {@code DB_PORT} or
 *     {@code /fields/2/code}
 * @param message what is wrong and what to do, never containing the offending secret value
 */
public record Violation(String path, String message) {
  /** Validates. */
  public Violation {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return path + ": " + message;
  }
}
