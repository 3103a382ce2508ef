package dev.credentials;

import java.util.Objects;

/**
 * The isolation unit. Nothing crosses a tenant: every read and write is scoped by one, and ids from
 * another tenant behave exactly like absent ones.
 *
 * @param value 1 to 128 characters: letters, digits, {@code .}, {@code _}, {@code -}
 */
public record TenantId(String value) {

  /** Validates the value. */
  public TenantId {
    Objects.requireNonNull(value, "value");
    if (!valid(value)) {
      throw new IllegalArgumentException(
          "tenant id must be 1 to 128 letters, digits, '.', '_' or '-', got '" + value + "'");
    }
  }

  /** {@code [A-Za-z0-9._-]{1,128}}, checked by hand: every row read from a database builds one. */
  private static boolean valid(String v) {
    int n = v.length();
    if (n < 1 || n > 128) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = v.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
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

  /**
   * Equal when the values are. Written out rather than left to the record's generated method, which
   * the JIT does not always inline on the hot paths that compare ids (every opening of a sealed
   * value compares one of each).
   */
  @Override
  public boolean equals(Object o) {
    return o == this || (o instanceof TenantId other && value.equals(other.value));
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }
}
