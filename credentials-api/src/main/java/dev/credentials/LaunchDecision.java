package dev.credentials;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether a job runs now, waits, or does not run, decided right before its launch.
 *
 * @param consumerId the consumer
 * @param outcome run, defer or block
 * @param retryAt for {@link Outcome#DEFER}, when to try again
 * @param reasons sentences naming each requirement that did not allow a run, and why
 * @param checks the live results that were considered, by topic
 * @param environment for {@link Outcome#RUN}, the resolved environment for the job
 * @param deferrals how many consecutive deferrals this consumer has had, including this one
 */
public record LaunchDecision(
    String consumerId,
    Outcome outcome,
    Optional<Instant> retryAt,
    List<String> reasons,
    Map<Topic, CheckResult> checks,
    Optional<ResolvedEnvironment> environment,
    int deferrals) {

  /** The exit code reported for a launch that does not run: {@code EX_TEMPFAIL}. */
  public static final int EX_TEMPFAIL = 75;

  /** What happens to the launch. */
  public enum Outcome {
    /** Start the job now with the resolved environment. */
    RUN,
    /** Do not start now; try again at {@link LaunchDecision#retryAt()}. */
    DEFER,
    /** Do not start; retrying will not help until someone changes the configuration. */
    BLOCK
  }

  /** Validates and copies. */
  public LaunchDecision {
    Objects.requireNonNull(consumerId, "consumerId");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(retryAt, "retryAt");
    reasons = List.copyOf(reasons);
    checks = Map.copyOf(checks);
    Objects.requireNonNull(environment, "environment");
    if ((outcome == Outcome.DEFER) != retryAt.isPresent()) {
      throw new IllegalArgumentException("retryAt is required for DEFER and only for DEFER");
    }
    if ((outcome == Outcome.RUN) != environment.isPresent()) {
      throw new IllegalArgumentException("an environment is required for RUN and only for RUN");
    }
  }

  /**
   * The process exit code to report when the job is not started: 0 for {@link Outcome#RUN}, {@value
   * #EX_TEMPFAIL} (EX_TEMPFAIL) for {@link Outcome#DEFER} and {@link Outcome#BLOCK}.
   *
   * @return the exit code
   */
  public int exitCode() {
    return outcome == Outcome.RUN ? 0 : EX_TEMPFAIL;
  }

  /**
   * The environment of a {@link Outcome#RUN} decision.
   *
   * @return the environment
   * @throws IllegalStateException when the decision is not RUN
   */
  public ResolvedEnvironment requireEnvironment() {
    return environment.orElseThrow(
        () ->
            new IllegalStateException(
                "launch of " + consumerId + " was " + outcome + ", not RUN: " + reasons));
  }
}
