package dev.credentials.prototype;

import java.util.Objects;
import java.util.Optional;

/**
 * Shows a field only when another field has a value: any non-empty value when {@code equalsValue}
 * is empty, or exactly that value otherwise. A field that is not shown is neither required nor
 * validated, and a value given for it is dropped.
 *
 * @param field the code of the field this one depends on
 * @param equalsValue the value that field must have, or empty for any non-empty value
 */
public record FieldCondition(String field, Optional<String> equalsValue) {
  /** Validates. */
  public FieldCondition {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(equalsValue, "equalsValue");
  }

  /**
   * Shown when {@code field} has any non-empty value.
   *
   * @param field the field code
   * @return the condition
   */
  public static FieldCondition whenPresent(String field) {
    return new FieldCondition(field, Optional.empty());
  }

  /**
   * Shown when {@code field} equals {@code value}.
   *
   * @param field the field code
   * @param value the value
   * @return the condition
   */
  public static FieldCondition whenEquals(String field, String value) {
    return new FieldCondition(field, Optional.of(Objects.requireNonNull(value, "value")));
  }

  /**
   * Whether the condition holds for a value of the field it depends on. Compares text exactly; the
   * engine first brings both the value and {@code equalsValue} into the canonical form of that
   * field's type, so {@code TRUE} meets a condition on {@code true} of a boolean field and {@code
   * 007} one on {@code 7} of an integer field.
   *
   * @param value the value of {@link #field()}, empty when absent
   * @return true if the dependent field is shown
   */
  public boolean isMetBy(Optional<String> value) {
    return equalsValue
        .map(v -> value.filter(v::equals).isPresent())
        .orElseGet(() -> value.filter(s -> !s.isEmpty()).isPresent());
  }
}
