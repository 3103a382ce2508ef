package dev.credentials.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations ({@code 30d}, {@code 12h}, {@code 15m}, {@code 90s}, ISO-8601) and instants. */
final class Durations {

  private static final Pattern SHORT = Pattern.compile("([0-9]{1,6})([dhms])");

  private Durations() {}

  static Duration parse(String option, String text) {
    Matcher m = SHORT.matcher(text.strip());
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "d" -> Duration.ofDays(n);
        case "h" -> Duration.ofHours(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofSeconds(n);
      };
    }
    try {
      Duration d = Duration.parse(text.strip());
      if (!d.isNegative()) {
        return d;
      }
    } catch (DateTimeParseException e) {
      // reported below
    }
    throw new Exit.Failure(
        Exit.USAGE,
        option + ": '" + text + "' is not a duration; use e.g. 30d, 12h, 15m, 90s or P30D");
  }

  /** An instant ({@code 2027-01-31T00:00:00Z}) or a duration from now ({@code 90d}). */
  static Instant instant(String option, String text, Instant now) {
    try {
      return Instant.parse(text.strip());
    } catch (DateTimeParseException e) {
      try {
        return now.plus(parse(option, text));
      } catch (Exit.Failure f) {
        throw new Exit.Failure(
            Exit.USAGE,
            option
                + ": '"
                + text
                + "' is neither an instant (2027-01-31T00:00:00Z) nor a duration from now (90d)");
      }
    }
  }
}
