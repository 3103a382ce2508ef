package dev.credentials;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The isolation unit. Nothing crosses a tenant: every read and write is scoped by one, and ids from
 * another tenant behave exactly like absent ones.
 *
 * @param value 1 to 128 characters: letters, digits, {@code .}, {@code _}, {@code -}
 */
public record TenantId(String value) {

  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

  /** Validates the value. */
  public TenantId {
    Objects.requireNonNull(value, "value");
    if (!VALID.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "tenant id must be 1 to 128 letters, digits, '.', '_' or '-', got '" + value + "'");
    }
  }

  /**
   * Shorthand for the constructor.
   *
   * @param value the tenant id
   * @return the tenant id
   */
  public static TenantId of(String value) {
    return new TenantId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
