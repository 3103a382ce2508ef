package dev.credentials.core.internal.launch;

import dev.credentials.CheckContext;
import dev.credentials.CheckResult;
import dev.credentials.CredentialId;
import dev.credentials.CredentialState;
import dev.credentials.Secret;
import dev.credentials.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs checks and connection tests on an executor, with bounded concurrency and a timeout. A
 * timeout, a check that throws, or a check that returns nothing becomes {@code UNAVAILABLE} with a
 * message that names only the exception type. Known secret values (and their encodings, see {@link
 * SecretScrubber}) are scrubbed from every message and detail a check returns.
 *
 * <p>A probe keeps its permit until its thread really ends, not only until its caller stops
 * waiting: a probe that ignores interruption (a socket read that never answers) still counts
 * against {@code maxConcurrent}. While a timed-out probe of a credential is still running, that
 * credential is not probed again; callers get {@code UNAVAILABLE} at once, so retries never pile up
 * threads.
 */
public final class CheckRunner {

  /** A check or a connection test. */
  @FunctionalInterface
  public interface Probe {
    /**
     * Probes.
     *
     * @param context the credential and its values
     * @return the result
     * @throws Exception anything, turned into {@code UNAVAILABLE}
     */
    CheckResult run(CheckContext context) throws Exception;
  }

  private final Executor executor;
  private final Semaphore permits;
  private final Duration timeout;
  private final Clock clock;

  /** Probes that timed out and are still running, by credential. */
  private final Map<Stuck, FutureTask<CheckResult>> stuck = new ConcurrentHashMap<>();

  private record Stuck(TenantId tenant, CredentialId id) {}

  /**
   * @param executor where checks run
   * @param maxConcurrent how many may run at once
   * @param timeout how long each may take
   * @param clock the engine's clock
   */
  public CheckRunner(Executor executor, int maxConcurrent, Duration timeout, Clock clock) {
    this.executor = executor;
    this.permits = new Semaphore(maxConcurrent);
    this.timeout = timeout;
    this.clock = clock;
  }

  /**
   * @return the timeout of every check
   */
  public Duration timeout() {
    return timeout;
  }

  /**
   * Runs a probe within the timeout and scrubs the values from its result.
   *
   * @param what the probe, for messages
   * @param probe the probe
   * @param context its context
   * @return the scrubbed result
   */
  public CheckResult run(String what, Probe probe, CheckContext context) {
    Stuck key = new Stuck(context.credential().tenant(), context.credential().id());
    FutureTask<CheckResult> previous = stuck.get(key);
    if (previous != null) {
      if (!previous.isDone() || !stuck.remove(key, previous)) {
        return unavailable(
            what
                + " not started: the previous one did not answer within "
                + timeout.toMillis()
                + " ms and is still running");
      }
    }
    long budgetNanos = timeout.toNanos();
    long start = System.nanoTime();
    try {
      if (!permits.tryAcquire(budgetNanos, TimeUnit.NANOSECONDS)) {
        return unavailable(
            what + " did not start: too many checks are running; raise maxConcurrentChecks");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return unavailable(what + " was interrupted before it started");
    }
    Permit permit = new Permit(key);
    ProbeTask task = new ProbeTask(() -> permit.runIfClaimed(probe, context), permit);
    permit.task = task;
    try {
      executor.execute(task);
    } catch (RuntimeException e) {
      permit.releaseIfUnclaimed();
      return unavailable(what + " could not be scheduled (" + e.getClass().getSimpleName() + ")");
    }
    long remaining = budgetNanos - (System.nanoTime() - start);
    try {
      CheckResult result = task.get(Math.max(remaining, 0), TimeUnit.NANOSECONDS);
      if (result == null) {
        return unavailable(what + " returned no result");
      }
      return scrub(result, context.values().values());
    } catch (TimeoutException e) {
      stuck.put(key, task);
      task.cancel(true);
      if (task.permit.ended()) {
        stuck.remove(key, task);
      }
      return unavailable(what + " timed out after " + timeout.toMillis() + " ms");
    } catch (ExecutionException e) {
      return unavailable(what + " failed with " + e.getCause().getClass().getName());
    } catch (CancellationException e) {
      return unavailable(what + " was cancelled");
    } catch (InterruptedException e) {
      task.cancel(true);
      Thread.currentThread().interrupt();
      return unavailable(what + " was interrupted");
    }
  }

  /**
   * The concurrency permit of one probe. Whoever claims it first releases it: the probe's thread
   * when it runs (at its end), or the task's cancellation when the probe never started.
   */
  private final class Permit {
    private final Stuck key;
    private final AtomicBoolean claimed = new AtomicBoolean();
    private volatile boolean ended;
    private volatile FutureTask<CheckResult> task;

    Permit(Stuck key) {
      this.key = key;
    }

    CheckResult runIfClaimed(Probe probe, CheckContext context) throws Exception {
      if (!claimed.compareAndSet(false, true)) {
        return null; // cancelled before it started; the permit is already back
      }
      try {
        return probe.run(context);
      } finally {
        end();
      }
    }

    void releaseIfUnclaimed() {
      if (claimed.compareAndSet(false, true)) {
        end();
      }
    }

    private void end() {
      ended = true;
      permits.release();
      FutureTask<CheckResult> t = task;
      if (t != null) {
        stuck.remove(key, t);
      }
    }

    boolean ended() {
      return ended;
    }
  }

  /** A probe's future that gives its permit back when it is cancelled before it started. */
  private static final class ProbeTask extends FutureTask<CheckResult> {
    final Permit permit;

    ProbeTask(java.util.concurrent.Callable<CheckResult> body, Permit permit) {
      super(body);
      this.permit = permit;
    }

    @Override
    protected void done() {
      if (isCancelled()) {
        permit.releaseIfUnclaimed();
      }
    }
  }

  private CheckResult unavailable(String message) {
    return new CheckResult(CredentialState.UNAVAILABLE, message, clock.instant(), 0, Map.of());
  }

  /** Replaces every known secret value in the message and details with {@code ****}. */
  static CheckResult scrub(CheckResult r, Collection<Secret> secrets) {
    String message = scrub(r.message(), secrets);
    Map<String, String> details = new LinkedHashMap<>();
    r.details().forEach((k, v) -> details.put(scrub(k, secrets), scrub(v, secrets)));
    return new CheckResult(r.state(), message, r.checkedAt(), r.ttlSeconds(), details);
  }

  static String scrub(String text, Collection<Secret> secrets) {
    return SecretScrubber.scrub(text, secrets);
  }
}
