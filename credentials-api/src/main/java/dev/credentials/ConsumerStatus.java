package dev.credentials;

import java.util.List;
import java.util.Objects;

/**
 * The phase-1 status of every requirement of a consumer.
 *
 * @param consumerId the consumer
 * @param requirements one status per requirement, in declaration order
 */
public record ConsumerStatus(String consumerId, List<RequirementStatus> requirements) {

  /** Validates and copies. */
  public ConsumerStatus {
    Objects.requireNonNull(consumerId, "consumerId");
    requirements = List.copyOf(requirements);
  }

  /**
   * Whether every requirement is bound.
   *
   * @return true if the consumer is fully configured
   */
  public boolean isReady() {
    return requirements.stream().allMatch(r -> r.state() == RequirementState.BOUND);
  }
}
