package dev.credentials.audit;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * The outcome of walking a tenant's audit hash chain.
 *
 * @param eventsChecked how many events were read
 * @param firstBrokenSequence the sequence of the first event whose hash or link does not hold
 * @param message a sentence for an operator
 */
public record ChainVerification(
    long eventsChecked, OptionalLong firstBrokenSequence, String message) {

  /** Validates. */
  public ChainVerification {
    Objects.requireNonNull(firstBrokenSequence, "firstBrokenSequence");
    Objects.requireNonNull(message, "message");
  }

  /**
   * @return true if no break was found
   */
  public boolean intact() {
    return firstBrokenSequence.isEmpty();
  }
}
