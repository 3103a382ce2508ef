package dev.credentials;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A named capability contract. Prototypes provide topics (by default their own code); consumers
 * require them.
 *
 * @param name 1 to 128 characters: letters, digits, {@code .}, {@code _}, {@code -}, {@code /}
 */
public record Topic(String name) {

  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._/-]{1,128}");

  /** Validates the name. */
  public Topic {
    Objects.requireNonNull(name, "name");
    if (!VALID.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "topic must be 1 to 128 letters, digits, '.', '_', '/' or '-', got '" + name + "'");
    }
  }

  /**
   * Shorthand for the constructor.
   *
   * @param name the topic name
   * @return the topic
   */
  public static Topic of(String name) {
    return new Topic(name);
  }

  @Override
  public String toString() {
    return name;
  }
}
