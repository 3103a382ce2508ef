package dev.credentials.prototype;

import java.util.Objects;

/**
 * One option of a {@link FieldType#SELECT} field.
 *
 * @param value the stored value
 * @param label what a form shows
 */
public record SelectOption(String value, String label) {
  /** Validates. */
  public SelectOption {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(label, "label");
  }
}
