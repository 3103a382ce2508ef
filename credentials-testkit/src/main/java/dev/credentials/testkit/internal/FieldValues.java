package dev.credentials.testkit.internal;

import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.SelectOption;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The testkit's reading of what a valid value of a field is: its type, options, pattern, lengths
 * and bounds. Used to check generated values and prototype defaults; the engine's own value schema
 * is the authority.
 */
public final class FieldValues {

  private static final Pattern INTEGER = Pattern.compile("-?\\d{1,18}");
  private static final Pattern NUMBER = Pattern.compile("-?\\d{1,18}(\\.\\d{1,18})?");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  private FieldValues() {}

  /**
   * Why a non-empty value is not valid for a field, if it is not. Emptiness and {@code required}
   * are judged per prototype, not here.
   *
   * @param field the field
   * @param value the value, as text
   * @return the reason, or empty when valid
   */
  public static Optional<String> violation(FieldDefinition field, String value) {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(value, "value");
    Optional<String> typed = typeViolation(field, value);
    if (typed.isPresent()) {
      return typed;
    }
    int length = value.codePointCount(0, value.length());
    if (field.minLength().isPresent() && length < field.minLength().get()) {
      return Optional.of("shorter than " + field.minLength().get() + " characters");
    }
    if (field.maxLength().isPresent() && length > field.maxLength().get()) {
      return Optional.of("longer than " + field.maxLength().get() + " characters");
    }
    if (field.pattern().isPresent()) {
      try {
        if (!Pattern.compile(field.pattern().get()).matcher(value).matches()) {
          return Optional.of("does not match " + field.pattern().get());
        }
      } catch (PatternSyntaxException e) {
        return Optional.of("the field's pattern does not compile");
      }
    }
    return Optional.empty();
  }

  private static Optional<String> typeViolation(FieldDefinition field, String value) {
    switch (field.type()) {
      case STRING:
        return value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0
            ? Optional.of("a single-line string must not contain line breaks")
            : Optional.empty();
      case URL:
        return urlViolation(value);
      case EMAIL:
        return EMAIL.matcher(value).matches()
            ? Optional.empty()
            : Optional.of("not an e-mail address");
      case INTEGER:
        if (!INTEGER.matcher(value).matches()) {
          return Optional.of("not a whole number");
        }
        return bounds(field, new BigDecimal(value));
      case NUMBER:
        if (!NUMBER.matcher(value).matches()) {
          return Optional.of("not a number");
        }
        return bounds(field, new BigDecimal(value));
      case BOOLEAN:
        return value.equals("true") || value.equals("false")
            ? Optional.empty()
            : Optional.of("not true or false");
      case SELECT:
        for (SelectOption o : field.options()) {
          if (o.value().equals(value)) {
            return Optional.empty();
          }
        }
        return Optional.of("not one of the options");
      default:
        return Optional.empty();
    }
  }

  private static Optional<String> urlViolation(String value) {
    try {
      URI uri = new URI(value);
      if (!uri.isAbsolute() || uri.getHost() == null || uri.getHost().isEmpty()) {
        return Optional.of("not an absolute URL with a host");
      }
      return Optional.empty();
    } catch (URISyntaxException e) {
      return Optional.of("not a URL");
    }
  }

  private static Optional<String> bounds(FieldDefinition field, BigDecimal n) {
    if (field.minimum().isPresent() && n.compareTo(field.minimum().get()) < 0) {
      return Optional.of("below the minimum " + field.minimum().get().toPlainString());
    }
    if (field.maximum().isPresent() && n.compareTo(field.maximum().get()) > 0) {
      return Optional.of("above the maximum " + field.maximum().get().toPlainString());
    }
    return Optional.empty();
  }
}
