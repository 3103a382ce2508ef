package dev.credentials;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Whatever runs with credentials (a job template, a tool, a flow task), and the topics it requires.
 * Consumers are declared per tenant.
 *
 * @param id 1 to 128 characters: letters, digits, {@code .}, {@code _}, {@code -}, {@code /},
 *     {@code :}
 * @param requirements the required topics, each once
 */
public record Consumer(String id, List<Requirement> requirements) {

  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._/:-]{1,128}");

  /** Validates and copies. */
  public Consumer {
    Objects.requireNonNull(id, "id");
    if (!VALID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "consumer id must be 1 to 128 letters, digits, '.', '_', '/', ':' or '-', got '"
              + id
              + "'");
    }
    requirements = List.copyOf(requirements);
    Set<Topic> seen = new HashSet<>();
    for (Requirement r : requirements) {
      if (!seen.add(r.topic())) {
        throw new IllegalArgumentException(
            "consumer " + id + " requires topic " + r.topic() + " twice");
      }
    }
  }

  /**
   * A consumer requiring topics by name.
   *
   * @param id the id
   * @param topics the topic names
   * @return the consumer
   */
  public static Consumer of(String id, String... topics) {
    List<Requirement> list = new ArrayList<>();
    for (String t : topics) {
      list.add(Requirement.of(t));
    }
    return new Consumer(id, list);
  }
}
