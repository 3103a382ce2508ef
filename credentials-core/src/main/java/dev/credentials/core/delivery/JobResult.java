package dev.credentials.core.delivery;

import dev.credentials.LaunchDecision;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What became of a launch by {@link JobLauncher}.
 *
 * @param consumerId the consumer
 * @param outcome the launch decision's outcome; a process ran only for {@code RUN}
 * @param exitCode the process's exit code; {@value LaunchDecision#EX_TEMPFAIL} (EX_TEMPFAIL) when
 *     the decision was DEFER or BLOCK and nothing ran; {@value #TIMED_OUT} when the process was
 *     stopped at its timeout
 * @param reasons for DEFER and BLOCK, the decision's reasons (no values)
 * @param started whether a process was started
 * @param timedOut whether the process ran into the timeout and was destroyed with its descendants
 * @param elapsed from the start of the process to its end (zero when none started)
 * @param unmaskedVariables secret variables too short to be masked in the output (names only)
 */
public record JobResult(
    String consumerId,
    LaunchDecision.Outcome outcome,
    int exitCode,
    List<String> reasons,
    boolean started,
    boolean timedOut,
    Duration elapsed,
    Set<String> unmaskedVariables) {

  /** The exit code reported for a process stopped at its timeout, as GNU {@code timeout} does. */
  public static final int TIMED_OUT = 124;

  /** Validates and copies. */
  public JobResult {
    Objects.requireNonNull(consumerId, "consumerId");
    Objects.requireNonNull(outcome, "outcome");
    reasons = List.copyOf(reasons);
    Objects.requireNonNull(elapsed, "elapsed");
    unmaskedVariables = Set.copyOf(unmaskedVariables);
  }

  /**
   * Whether the job ran and exited with 0.
   *
   * @return true on success
   */
  public boolean succeeded() {
    return started && !timedOut && exitCode == 0;
  }
}
