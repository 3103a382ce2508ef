package dev.credentials;

import java.util.Objects;

/**
 * One topic a consumer requires.
 *
 * @param topic the topic
 * @param description why the consumer needs it, for people
 */
public record Requirement(Topic topic, String description) {
  /** Validates. */
  public Requirement {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(description, "description");
  }

  /**
   * A requirement without description.
   *
   * @param topic the topic name
   * @return the requirement
   */
  public static Requirement of(String topic) {
    return new Requirement(Topic.of(topic), "");
  }
}
