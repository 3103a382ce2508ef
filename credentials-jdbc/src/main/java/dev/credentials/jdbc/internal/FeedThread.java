package dev.credentials.jdbc.internal;

import dev.credentials.spi.Change;
import dev.credentials.spi.ChangeFeed;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscription's daemon thread: what both JDBC feeds share — the listener calls (an exception
 * is logged, never fatal), the connected state, an interruptible pause and the backoff between
 * reconnection attempts (100 ms doubling to 5 s).
 */
abstract class FeedThread implements ChangeFeed.Subscription, Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(FeedThread.class);
  static final long FIRST_BACKOFF_MILLIS = 100;
  static final long MAX_BACKOFF_MILLIS = 5_000;

  final ChangeFeed.Listener listener;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition stopping = lock.newCondition();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean connected;
  private long backoff = FIRST_BACKOFF_MILLIS;

  FeedThread(ChangeFeed.Listener listener, String name) {
    this.listener = listener;
    this.thread = new Thread(this, name);
    this.thread.setDaemon(true);
  }

  /** Connects once on the caller's thread (reporting a failure as lost), then starts the thread. */
  final void start() {
    if (!connectOnce()) {
      markLost("cannot connect yet");
    }
    thread.start();
  }

  /**
   * Connects (and, for a poller, reads the position to start from).
   *
   * @return true when connected
   */
  abstract boolean connectOnce();

  boolean running() {
    return running;
  }

  @Override
  public boolean connected() {
    return connected;
  }

  void markConnected() {
    connected = true;
    backoff = FIRST_BACKOFF_MILLIS;
  }

  /** Reports a loss once per outage. */
  void markLost(String reason) {
    boolean was = connected;
    connected = false;
    if (was || !reported) {
      reported = true;
      call(() -> listener.lost(reason));
    }
  }

  private boolean reported;

  void resumed() {
    connected = true;
    backoff = FIRST_BACKOFF_MILLIS;
    call(listener::resumed);
  }

  void deliver(List<Change> changes) {
    if (!changes.isEmpty()) {
      call(() -> listener.changed(changes));
    }
  }

  private void call(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.warn("change listener {} failed: {}", listener.getClass().getName(), e.toString());
    }
  }

  /** Waits before the next reconnection attempt, doubling the wait each time. */
  void backOff() {
    pause(backoff);
    backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
  }

  /** Waits, returning early when the subscription is closed. */
  void pause(long millis) {
    lock.lock();
    try {
      if (running) {
        stopping.await(millis, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      running = false;
    } finally {
      lock.unlock();
    }
  }

  /** Releases what the thread holds; called on the thread as it ends. */
  abstract void release();

  @Override
  public final void run() {
    try {
      loop();
    } finally {
      release();
    }
  }

  abstract void loop();

  @Override
  public void close() {
    lock.lock();
    try {
      running = false;
      stopping.signalAll();
    } finally {
      lock.unlock();
    }
    try {
      thread.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
