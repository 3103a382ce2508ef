package dev.credentials.core.internal.store;

import dev.credentials.Violation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/** Rules for credential metadata: name, environment, tags and description. */
public final class MetadataRules {

  /** An environment name. */
  public static final Pattern ENVIRONMENT = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  static final Pattern TAG = Pattern.compile("[A-Za-z0-9._:/-]{1,64}");
  static final int MAX_NAME = 128;
  static final int MAX_DESCRIPTION = 2000;

  private static final String UNPAIRED =
      "holds an unpaired UTF-16 surrogate, which no database can store as it is; send well-formed"
          + " text";

  private MetadataRules() {}

  /** Whether a string holds a lone half of a UTF-16 surrogate pair (UTF-8 cannot encode it). */
  public static boolean hasUnpairedSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Checks a credential's metadata.
   *
   * @param name the name
   * @param environment the environment
   * @param tags the tags
   * @param description the description
   * @return every violation, empty when all is well
   */
  public static List<Violation> check(
      String name, String environment, Collection<String> tags, String description) {
    List<Violation> v = new ArrayList<>();
    if (name.isBlank()) {
      v.add(new Violation("name", "is required; give the credential a name"));
    } else if (name.length() > MAX_NAME) {
      v.add(new Violation("name", "must be at most " + MAX_NAME + " characters long"));
    } else if (name.chars().anyMatch(Character::isISOControl)) {
      v.add(new Violation("name", "must not contain control characters"));
    } else if (hasUnpairedSurrogate(name)) {
      v.add(new Violation("name", UNPAIRED));
    }
    if (!ENVIRONMENT.matcher(environment).matches()) {
      v.add(
          new Violation(
              "environment",
              "must be 1 to 64 lower-case letters, digits, '.', '_' or '-', like production or"
                  + " staging"));
    }
    for (String tag : tags) {
      if (!TAG.matcher(tag).matches()) {
        v.add(
            new Violation(
                "tags",
                "tag '" + tag + "' must be 1 to 64 letters, digits, '.', '_', ':', '/' or '-'"));
      }
    }
    if (description.length() > MAX_DESCRIPTION) {
      v.add(
          new Violation("description", "must be at most " + MAX_DESCRIPTION + " characters long"));
    } else if (hasUnpairedSurrogate(description)) {
      v.add(new Violation("description", UNPAIRED));
    }
    return v;
  }
}
