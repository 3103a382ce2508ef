package dev.credentials.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * How often a consumer's launch has been deferred in a row, across every engine on a repository.
 *
 * @param count the consecutive deferrals, at least 1
 * @param first when the first of them was
 */
public record DeferralCount(int count, Instant first) {

  /** Checks both components. */
  public DeferralCount {
    if (count < 1) {
      throw new IllegalArgumentException("deferral count must be at least 1, was " + count);
    }
    Objects.requireNonNull(first, "first");
  }
}
