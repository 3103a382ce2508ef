package dev.credentials.core;

import java.time.Duration;
import java.util.Objects;

/**
 * How repeated deferrals of the same consumer back off and when they give up.
 *
 * <p>The first deferral waits until the check time plus the result's TTL (60 seconds when the TTL
 * is not positive). Each further consecutive deferral doubles that delay, up to {@code maxDelay}.
 * After {@code maxDeferrals} consecutive deferrals, or once the first of them is older than {@code
 * maxAge}, the launch is blocked with a clear reason. A launch that runs resets the count.
 *
 * @param maxDelay the cap on one delay
 * @param maxDeferrals how many consecutive deferrals are allowed before blocking
 * @param maxAge how long a consumer may keep being deferred before blocking
 */
public record DeferralPolicy(Duration maxDelay, int maxDeferrals, Duration maxAge) {

  /** The delay used when a result's TTL is not positive. */
  public static final Duration DEFAULT_RETRY = Duration.ofSeconds(60);

  /** Validates. */
  public DeferralPolicy {
    Objects.requireNonNull(maxDelay, "maxDelay");
    Objects.requireNonNull(maxAge, "maxAge");
    if (maxDelay.isNegative() || maxDelay.isZero()) {
      throw new IllegalArgumentException("maxDelay must be positive, got " + maxDelay);
    }
    if (maxDeferrals < 1) {
      throw new IllegalArgumentException("maxDeferrals must be at least 1, got " + maxDeferrals);
    }
    if (maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("maxAge must be positive, got " + maxAge);
    }
  }

  /**
   * The defaults: delays capped at 15 minutes, blocked after 20 consecutive deferrals or 6 hours.
   *
   * @return the default policy
   */
  public static DeferralPolicy defaults() {
    return new DeferralPolicy(Duration.ofMinutes(15), 20, Duration.ofHours(6));
  }

  /**
   * The delay of the n-th consecutive deferral.
   *
   * @param base the delay from the result's TTL
   * @param n the deferral number, from 1
   * @return {@code base × 2^(n-1)}, capped at {@code max(base, maxDelay)}
   */
  public Duration delay(Duration base, int n) {
    Duration cap = base.compareTo(maxDelay) > 0 ? base : maxDelay;
    int shift = Math.min(Math.max(n - 1, 0), 30);
    long millis = base.toMillis();
    if (millis > 0 && millis > cap.toMillis() >> shift) {
      return cap;
    }
    Duration d = Duration.ofMillis(millis << shift);
    return d.compareTo(cap) > 0 ? cap : d;
  }
}
