package dev.credentials.testkit;

import dev.credentials.CheckContext;
import dev.credentials.CheckResult;
import dev.credentials.CheckableCredential;
import dev.credentials.ConnectionTest;
import dev.credentials.CredentialState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A live check and connection test that plays a script: each call takes the next step, which
 * returns a state, returns a given result, throws, or hangs. It counts calls, records the most
 * concurrent calls it saw and the last {@link CheckContext}, and uses the context's clock for
 * {@link CheckResult#checkedAt()}.
 *
 * <pre>{@code
 * ScriptedCheck check =
 *     ScriptedCheck.script()
 *         .then(CredentialState.AVAILABLE, "ok", Duration.ofMinutes(5))
 *         .then(CredentialState.UNAVAILABLE, "connection refused", Duration.ofSeconds(30))
 *         .thenRepeatLast();
 * }</pre>
 *
 * <p>A call past the end of a script that does not repeat its last step throws {@link
 * IllegalStateException}, so a test notices calls it did not expect. A {@linkplain #thenHanging()
 * hanging} step blocks until the calling thread is interrupted or the test calls {@link #release()}
 * or {@link #close()}; use try-with-resources so no thread is left blocked. Thread-safe.
 */
public final class ScriptedCheck implements CheckableCredential, ConnectionTest, AutoCloseable {

  /** How long a hanging step blocks at most if nobody releases it, so a forgotten test ends. */
  static final Duration HANG_LIMIT = Duration.ofMinutes(10);

  private sealed interface Step permits StateStep, ResultStep, ThrowStep, HangStep, SlowStep {}

  private record StateStep(
      CredentialState state, String message, Duration ttl, Map<String, String> details)
      implements Step {}

  private record ResultStep(CheckResult result) implements Step {}

  private record ThrowStep(Exception exception) implements Step {}

  private record HangStep() implements Step {}

  private record SlowStep(Duration delay, StateStep answer) implements Step {}

  private final Object lock = new Object();
  private final List<Step> steps = new ArrayList<>();
  private final Set<Thread> hangingThreads = new HashSet<>();
  private boolean repeatLast;
  private boolean released;
  private int calls;
  private int current;
  private int maxConcurrent;
  private CheckContext lastContext;

  private ScriptedCheck() {}

  /**
   * An empty script; add steps with the {@code then…} methods.
   *
   * @return the check
   */
  public static ScriptedCheck script() {
    return new ScriptedCheck();
  }

  /**
   * A check that always answers with one state.
   *
   * @param state the state
   * @param message the message
   * @return the check
   */
  public static ScriptedCheck always(CredentialState state, String message) {
    return script().then(state, message, Duration.ofMinutes(1)).thenRepeatLast();
  }

  /**
   * A check that always returns a result, as given (its {@code checkedAt} is not replaced).
   *
   * @param result the result
   * @return the check
   */
  public static ScriptedCheck returning(CheckResult result) {
    return script().thenReturning(result).thenRepeatLast();
  }

  /**
   * A check that always throws.
   *
   * @param exception what to throw
   * @return the check
   */
  public static ScriptedCheck throwing(Exception exception) {
    return script().thenThrowing(exception).thenRepeatLast();
  }

  /**
   * A check that always hangs until interrupted or released: for timeout tests.
   *
   * @return the check
   */
  public static ScriptedCheck hanging() {
    return script().thenHanging().thenRepeatLast();
  }

  /**
   * Adds a step that answers with a state, message and TTL, checked at the context's clock.
   *
   * @param state the state
   * @param message the message
   * @param ttl how long the result holds
   * @return this
   */
  public ScriptedCheck then(CredentialState state, String message, Duration ttl) {
    return then(state, message, ttl, Map.of());
  }

  /**
   * Adds a step that answers with a state, message, TTL and details.
   *
   * @param state the state
   * @param message the message
   * @param ttl how long the result holds
   * @param details the details
   * @return this
   */
  public ScriptedCheck then(
      CredentialState state, String message, Duration ttl, Map<String, String> details) {
    return add(
        new StateStep(
            Objects.requireNonNull(state, "state"),
            Objects.requireNonNull(message, "message"),
            Objects.requireNonNull(ttl, "ttl"),
            Map.copyOf(details)));
  }

  /**
   * Adds a step that returns a result as given.
   *
   * @param result the result
   * @return this
   */
  public ScriptedCheck thenReturning(CheckResult result) {
    return add(new ResultStep(Objects.requireNonNull(result, "result")));
  }

  /**
   * Adds a step that throws.
   *
   * @param exception what to throw
   * @return this
   */
  public ScriptedCheck thenThrowing(Exception exception) {
    return add(new ThrowStep(Objects.requireNonNull(exception, "exception")));
  }

  /**
   * Adds a step that blocks until the calling thread is interrupted (it then throws {@link
   * InterruptedException}) or the test calls {@link #release()} or {@link #close()} (it then
   * answers {@code UNAVAILABLE}).
   *
   * @return this
   */
  public ScriptedCheck thenHanging() {
    return add(new HangStep());
  }

  /**
   * Adds a step that takes real time, like a slow service, then answers with a state, message and
   * TTL. It is interruptible: a check abandoned at its timeout stops at once. For single-flight
   * tests, where a check must still be running while other launches arrive.
   *
   * @param delay how long the call takes
   * @param state the state
   * @param message the message
   * @param ttl how long the result holds
   * @return this
   */
  public ScriptedCheck thenSlowly(
      Duration delay, CredentialState state, String message, Duration ttl) {
    Objects.requireNonNull(delay, "delay");
    return add(new SlowStep(delay, new StateStep(state, message, ttl, Map.of())));
  }

  /**
   * Makes the last step repeat for every further call.
   *
   * @return this
   * @throws IllegalStateException when the script is empty
   */
  public ScriptedCheck thenRepeatLast() {
    synchronized (lock) {
      if (steps.isEmpty()) {
        throw new IllegalStateException("add a step before thenRepeatLast()");
      }
      repeatLast = true;
    }
    return this;
  }

  private ScriptedCheck add(Step step) {
    synchronized (lock) {
      if (repeatLast) {
        throw new IllegalStateException("the last step already repeats; add steps before it");
      }
      steps.add(step);
    }
    return this;
  }

  @Override
  public CheckResult check(CheckContext context) throws Exception {
    return run(context);
  }

  @Override
  public CheckResult test(CheckContext context) throws Exception {
    return run(context);
  }

  private CheckResult run(CheckContext context) throws Exception {
    Objects.requireNonNull(context, "context");
    Step step;
    synchronized (lock) {
      int index = calls;
      calls++;
      lastContext = context;
      if (index >= steps.size()) {
        if (!repeatLast || steps.isEmpty()) {
          throw new IllegalStateException(
              "scripted check called "
                  + calls
                  + " times but scripted for "
                  + steps.size()
                  + "; add steps or thenRepeatLast()");
        }
        index = steps.size() - 1;
      }
      step = steps.get(index);
      current++;
      maxConcurrent = Math.max(maxConcurrent, current);
    }
    try {
      return play(step, context);
    } finally {
      synchronized (lock) {
        current--;
        lock.notifyAll();
      }
    }
  }

  private CheckResult play(Step step, CheckContext context) throws Exception {
    if (step instanceof StateStep s) {
      return new CheckResult(
          s.state(), s.message(), context.clock().instant(), s.ttl().toSeconds(), s.details());
    } else if (step instanceof ResultStep r) {
      return r.result();
    } else if (step instanceof ThrowStep t) {
      throw t.exception();
    } else if (step instanceof SlowStep slow) {
      TimeUnit.NANOSECONDS.sleep(slow.delay().toNanos());
      return play(slow.answer(), context);
    } else {
      hang();
      return CheckResult.of(
          CredentialState.UNAVAILABLE,
          "released by the test while hanging",
          context.clock().instant(),
          Duration.ZERO);
    }
  }

  private void hang() throws InterruptedException, TimeoutException {
    Thread me = Thread.currentThread();
    long deadline = System.nanoTime() + HANG_LIMIT.toNanos();
    synchronized (lock) {
      hangingThreads.add(me);
      lock.notifyAll();
      try {
        while (!released) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            throw new TimeoutException("scripted check hung for " + HANG_LIMIT + "; gave up");
          }
          TimeUnit.NANOSECONDS.timedWait(lock, left);
        }
      } finally {
        hangingThreads.remove(me);
        lock.notifyAll();
      }
    }
  }

  /**
   * Lets every hanging call, now and later, return {@code UNAVAILABLE} at once.
   *
   * @return this
   */
  public ScriptedCheck release() {
    synchronized (lock) {
      released = true;
      lock.notifyAll();
    }
    return this;
  }

  /**
   * Waits until at least {@code count} calls are hanging, so a test can act while they block
   * without sleeping.
   *
   * @param count how many hanging calls to wait for
   * @param timeout how long to wait at most
   * @return true if that many were hanging in time
   * @throws InterruptedException when interrupted while waiting
   */
  public boolean awaitHanging(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (hangingThreads.size() < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
      return true;
    }
  }

  /**
   * How many calls are hanging now.
   *
   * @return the count
   */
  public int hangingCalls() {
    synchronized (lock) {
      return hangingThreads.size();
    }
  }

  /**
   * How many times the check (or test) was called, including calls that threw or hang.
   *
   * @return the count
   */
  public int calls() {
    synchronized (lock) {
      return calls;
    }
  }

  /**
   * The most calls that ran at the same time, e.g. to prove the engine runs one check per
   * credential however many launches ask.
   *
   * @return the maximum
   */
  public int maxConcurrentCalls() {
    synchronized (lock) {
      return maxConcurrent;
    }
  }

  /**
   * The context of the latest call.
   *
   * @return the context, or empty before the first call
   */
  public Optional<CheckContext> lastContext() {
    synchronized (lock) {
      return Optional.ofNullable(lastContext);
    }
  }

  /** Releases hanging calls and interrupts any thread still hanging in this check. Idempotent. */
  @Override
  public void close() {
    synchronized (lock) {
      released = true;
      for (Thread t : hangingThreads) {
        t.interrupt();
      }
      lock.notifyAll();
    }
  }

  /** Counts only: contexts are not shown. */
  @Override
  public String toString() {
    synchronized (lock) {
      return "ScriptedCheck[steps="
          + steps.size()
          + (repeatLast ? " (last repeats)" : "")
          + ", calls="
          + calls
          + ", hanging="
          + hangingThreads.size()
          + "]";
    }
  }
}
