package dev.credentials.core;

import java.time.Duration;
import java.util.Objects;

/**
 * When and how the engine refreshes OAuth 2.0 access tokens (see {@code docs/lifecycle.md}). A
 * token is due {@code lead} before it expires, or {@code leadPercent} of its lifetime before, when
 * that is shorter (a token living 5 minutes is refreshed 30 s early with the defaults); a
 * background task looks for due tokens every {@code interval}. A resolve waits only for a token
 * that has already expired.
 *
 * @param lead the longest lead before expiry (default 60 s)
 * @param leadPercent the lead as a percentage of the token's lifetime, 1 to 50 (default 10)
 * @param interval how often the background task runs; zero for no background task (the host then
 *     calls {@code Credentials.tokens().refreshDue()} itself)
 * @param requestTimeout the time budget of one token request (default 10 s)
 */
public record TokenRefreshPolicy(
    Duration lead, int leadPercent, Duration interval, Duration requestTimeout) {

  /** 60 s or 10 % of the lifetime, a background task every 5 s, 10 s per request. */
  public static final TokenRefreshPolicy DEFAULT =
      new TokenRefreshPolicy(
          Duration.ofSeconds(60), 10, Duration.ofSeconds(5), Duration.ofSeconds(10));

  /** Validates. */
  public TokenRefreshPolicy {
    Objects.requireNonNull(lead, "lead");
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    if (lead.isNegative()) {
      throw new IllegalArgumentException("lead must not be negative, got " + lead);
    }
    if (leadPercent < 1 || leadPercent > 50) {
      throw new IllegalArgumentException("leadPercent must be 1 to 50, got " + leadPercent);
    }
    if (interval.isNegative()) {
      throw new IllegalArgumentException(
          "interval must not be negative (zero turns the background task off), got " + interval);
    }
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout must be positive, got " + requestTimeout);
    }
  }

  /**
   * This policy without the background task: the host calls {@code refreshDue()} itself (tests that
   * drive a fake clock do).
   *
   * @return the policy with a zero interval
   */
  public TokenRefreshPolicy withoutBackgroundTask() {
    return new TokenRefreshPolicy(lead, leadPercent, Duration.ZERO, requestTimeout);
  }

  /**
   * This policy with another request timeout.
   *
   * @param timeout the time budget of one token request
   * @return the policy
   */
  public TokenRefreshPolicy withRequestTimeout(Duration timeout) {
    return new TokenRefreshPolicy(lead, leadPercent, interval, timeout);
  }
}
