package dev.credentials.core.prototype;

import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.FieldType;
import dev.credentials.prototype.SelectOption;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The one rule for what a non-empty value of a field is: its type, options, pattern, lengths and
 * bounds. Values, prototype defaults and the values that conditions compare with are all judged
 * here, so they cannot disagree. Messages describe the field, never the value.
 *
 * <p>Whole-value checks match the entire text ({@link java.util.regex.Matcher#matches()}), so a
 * trailing line terminator is never forgiven; patterns run under a budget ({@link BoundedMatch}).
 */
final class ValueRules {

  /** Numbers: at most this many digits before the decimal point. */
  static final int MAX_INTEGER_DIGITS = 18;

  /** Numbers: at most this many digits after the decimal point. */
  static final int MAX_FRACTION_DIGITS = 18;

  /** Numbers longer than this (as text) are refused before they are parsed. */
  static final int MAX_NUMBER_TEXT = 64;

  /** Characters no URL or e-mail address contains: spaces, separators and control characters. */
  private static final String VISIBLE = "[^\\s\\p{Z}\\p{Cc}]";

  private static final Pattern URL =
      Pattern.compile(
          "[A-Za-z][A-Za-z0-9+.-]*://[^/?#\\s\\p{Z}\\p{Cc}]+(?:[/?#]" + VISIBLE + "*)?");
  private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
  private static final Pattern NEVER = Pattern.compile("(?!)");
  private static final Pattern EMAIL =
      Pattern.compile("[^@\\s\\p{Z}\\p{Cc}]+@[^@\\s\\p{Z}\\p{Cc}]+\\.[^@\\s\\p{Z}\\p{Cc}]+");

  private ValueRules() {}

  /** What a value is checked against: a field's type and constraints. */
  record Constraints(
      FieldType type,
      Optional<Pattern> pattern,
      Optional<Integer> minLength,
      Optional<Integer> maxLength,
      Optional<BigDecimal> minimum,
      Optional<BigDecimal> maximum,
      List<SelectOption> options) {

    static Constraints of(FieldDefinition f) {
      return new Constraints(
          f.type(),
          f.pattern().map(ValueRules::compileOrNever),
          f.minLength(),
          f.maxLength(),
          f.minimum(),
          f.maximum(),
          f.options());
    }
  }

  /**
   * A compiled pattern. One that does not compile is refused by the prototype rules before a
   * prototype is registered; should one get here anyway, every value fails closed.
   */
  private static Pattern compileOrNever(String regex) {
    try {
      return Pattern.compile(regex);
    } catch (IllegalArgumentException e) {
      return NEVER;
    }
  }

  /**
   * Why a non-empty value is not valid, if it is not.
   *
   * @return a message that never quotes the value, or empty when valid
   */
  static Optional<String> violation(Constraints c, String value) {
    switch (c.type()) {
      case INTEGER -> {
        Optional<BigDecimal> n = integer(value);
        if (n.isEmpty()) {
          return Optional.of("must be a whole number" + bounds(c));
        }
        return outside(c, n.get());
      }
      case NUMBER -> {
        Optional<BigDecimal> n = number(value);
        if (n.isEmpty()) {
          return Optional.of("must be a number" + bounds(c));
        }
        return outside(c, n.get());
      }
      case BOOLEAN -> {
        return bool(value).isPresent() ? Optional.empty() : Optional.of("must be true or false");
      }
      case SELECT -> {
        for (SelectOption o : c.options()) {
          if (o.value().equals(value)) {
            return Optional.empty();
          }
        }
        return Optional.of(
            "must be one of: "
                + c.options().stream()
                    .map(
                        o ->
                            o.value().equals(o.label())
                                ? o.value()
                                : o.value() + " (" + o.label() + ")")
                    .collect(Collectors.joining(", ")));
      }
      default -> {
        return textViolation(c, value);
      }
    }
  }

  private static Optional<String> textViolation(Constraints c, String value) {
    int length = value.codePointCount(0, value.length());
    if (c.minLength().isPresent() && length < c.minLength().get()) {
      return Optional.of("must be at least " + c.minLength().get() + " characters long");
    }
    if (c.maxLength().isPresent() && length > c.maxLength().get()) {
      return Optional.of("must be at most " + c.maxLength().get() + " characters long");
    }
    if (c.type() == FieldType.URL && !URL.matcher(value).matches()) {
      return Optional.of(
          "must be an absolute URL with a scheme and a host, like https://api.example.com");
    }
    if (c.type() == FieldType.EMAIL && !EMAIL.matcher(value).matches()) {
      return Optional.of("must be an e-mail address like name@example.com");
    }
    if (c.pattern().isPresent()) {
      Pattern p = c.pattern().get();
      if (p == NEVER) {
        return Optional.of(
            "cannot be checked: the field's pattern does not compile; ask the prototype's author"
                + " to fix it");
      }
      try {
        if (!BoundedMatch.matches(p, value)) {
          return Optional.of("must match the pattern " + p.pattern());
        }
      } catch (BoundedMatch.BudgetExceeded e) {
        return Optional.of(
            "could not be checked against the pattern "
                + p.pattern()
                + " within its time budget; the pattern backtracks too much, ask the"
                + " prototype's author to simplify it");
      }
    }
    return Optional.empty();
  }

  private static Optional<String> outside(Constraints c, BigDecimal n) {
    if (c.minimum().isPresent() && n.compareTo(c.minimum().get()) < 0
        || c.maximum().isPresent() && n.compareTo(c.maximum().get()) > 0) {
      return Optional.of("must be" + bounds(c));
    }
    return Optional.empty();
  }

  /** Words for a field's numeric bounds, like " between 1 and 65535", or the general bound. */
  static String bounds(Constraints c) {
    if (c.minimum().isPresent() && c.maximum().isPresent()) {
      return " between "
          + c.minimum().get().toPlainString()
          + " and "
          + c.maximum().get().toPlainString();
    }
    String words =
        c.minimum().map(v -> " at least " + v.toPlainString()).orElse("")
            + c.maximum().map(v -> " at most " + v.toPlainString()).orElse("");
    return words.isEmpty()
        ? " with at most "
            + MAX_INTEGER_DIGITS
            + " digits before and "
            + MAX_FRACTION_DIGITS
            + " after the decimal point"
        : words;
  }

  /** A whole number within the bounds every number has, or empty. */
  static Optional<BigDecimal> integer(String text) {
    String t = text.strip();
    return t.length() <= MAX_NUMBER_TEXT && INTEGER.matcher(t).matches()
        ? number(t)
        : Optional.empty();
  }

  /**
   * A number within the bounds every number has ({@value #MAX_INTEGER_DIGITS} digits before and
   * {@value #MAX_FRACTION_DIGITS} after the decimal point), or empty. Never expands the number: a
   * huge exponent is refused from the parsed scale and precision.
   */
  static Optional<BigDecimal> number(String text) {
    String t = text.strip();
    if (t.isEmpty() || t.length() > MAX_NUMBER_TEXT) {
      return Optional.empty();
    }
    BigDecimal n;
    try {
      n = new BigDecimal(t);
    } catch (NumberFormatException | ArithmeticException e) {
      return Optional.empty();
    }
    return bounded(n) ? Optional.of(n) : Optional.empty();
  }

  /** Whether a number lies within the bounds every number in a document or value has. */
  static boolean bounded(BigDecimal n) {
    if (n.signum() == 0) {
      return true;
    }
    long integerDigits = (long) n.precision() - n.scale();
    if (integerDigits > MAX_INTEGER_DIGITS) {
      return false;
    }
    if (n.scale() <= MAX_FRACTION_DIGITS) {
      return true;
    }
    if ((long) n.scale() - n.precision() >= MAX_FRACTION_DIGITS) {
      return false; // every significant digit lies beyond the allowed fraction digits
    }
    return n.stripTrailingZeros().scale() <= MAX_FRACTION_DIGITS;
  }

  /** {@code true} or {@code false} in any letter case, surrounding space ignored. */
  static Optional<Boolean> bool(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    return t.equals("true") || t.equals("false")
        ? Optional.of(Boolean.parseBoolean(t))
        : Optional.empty();
  }

  /**
   * The canonical text of a valid value: what is stored and what conditions compare. Booleans
   * become {@code true}/{@code false}, whole numbers lose leading zeros and signs, numbers compare
   * by value; other types are their text.
   */
  static String canonical(FieldType type, String value) {
    return switch (type) {
      case BOOLEAN -> bool(value).map(String::valueOf).orElse(value);
      case INTEGER -> integer(value).map(n -> n.toBigInteger().toString()).orElse(value);
      case NUMBER ->
          number(value)
              .map(n -> n.signum() == 0 ? "0" : n.stripTrailingZeros().toPlainString())
              .orElse(value);
      default -> value;
    };
  }
}
