package dev.credentials.core.internal.launch;

import dev.credentials.CheckContext;
import dev.credentials.CheckResult;
import dev.credentials.CredentialState;
import dev.credentials.Secret;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * message that names only the exception type. Known secret values are scrubbed from every message
 * and detail a check returns.
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

  /** Shortest secret that is scrubbed; shorter strings would mangle ordinary text. */
  static final int MIN_SCRUB_LENGTH = 3;

  private final Executor executor;
  private final Semaphore permits;
  private final Duration timeout;
  private final Clock clock;

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
    AtomicBoolean released = new AtomicBoolean();
    Runnable release =
        () -> {
          if (released.compareAndSet(false, true)) {
            permits.release();
          }
        };
    FutureTask<CheckResult> task =
        new FutureTask<>(
            () -> {
              try {
                return probe.run(context);
              } finally {
                release.run();
              }
            });
    try {
      executor.execute(task);
    } catch (RuntimeException e) {
      release.run();
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
      task.cancel(true);
      release.run();
      return unavailable(what + " timed out after " + timeout.toMillis() + " ms");
    } catch (ExecutionException e) {
      return unavailable(what + " failed with " + e.getCause().getClass().getName());
    } catch (InterruptedException e) {
      task.cancel(true);
      release.run();
      Thread.currentThread().interrupt();
      return unavailable(what + " was interrupted");
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
    String out = text;
    for (Secret s : secrets) {
      String v = s.reveal();
      if (v.length() >= MIN_SCRUB_LENGTH && out.contains(v)) {
        out = out.replace(v, "****");
      }
    }
    return out;
  }
}
