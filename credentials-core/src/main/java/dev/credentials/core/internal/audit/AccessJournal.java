package dev.credentials.core.internal.audit;

import dev.credentials.PageRequest;
import dev.credentials.StorageException;
import dev.credentials.StorageOutcomeUnknownException;
import dev.credentials.audit.AuditAction;
import dev.credentials.audit.AuditEvent;
import dev.credentials.audit.AuditQuery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where access events go before they join the audit chain (see {@code AccessAudit}). Synchronous
 * mode writes each access at once in its own unit of work. Batched mode records accesses in a
 * bounded lock-free queue and one writer thread appends them in batches; a write that fails keeps
 * its events (in order) for the next attempt and makes {@link #record} refuse until a write
 * succeeds again.
 */
public final class AccessJournal implements AccessLog {

  private static final Logger LOG = LoggerFactory.getLogger(AccessJournal.class);

  private final EventWriter events;
  private final Duration maxDelay;
  private final int maxBatch;
  private final int capacity;
  private final ConcurrentLinkedQueue<Access> queue = new ConcurrentLinkedQueue<>();

  /** Recorded and not yet written: the queue plus {@link #taken}. */
  private final AtomicInteger pending = new AtomicInteger();

  /** Serialises writers; guards {@link #taken}. */
  private final ReentrantLock writing = new ReentrantLock();

  /** Accesses taken from the queue whose write has not succeeded yet, oldest first. */
  private final List<Access> taken = new ArrayList<>();

  /** The number of events in {@link #taken}. */
  private int takenEvents;

  /** How long a reader waits for room in a full journal before its values are withheld. */
  static final Duration FULL_WAIT = Duration.ofSeconds(5);

  private volatile RuntimeException failure;
  private volatile boolean closed;

  /** The writer thread, in batched mode; null when synchronous. Started on the first access. */
  private final Thread writer;

  private volatile boolean started;

  /**
   * A journal writing through {@code events}.
   *
   * @param events how events are written
   * @param batched true for a background writer, false to write each access at once
   * @param maxDelay how long an access may wait in batched mode
   * @param maxBatch the most events written in one unit of work
   * @param capacity the most events waiting before readers are held back
   */
  public AccessJournal(
      EventWriter events, boolean batched, Duration maxDelay, int maxBatch, int capacity) {
    this.events = events;
    this.maxDelay = maxDelay;
    this.maxBatch = maxBatch;
    this.capacity = capacity;
    if (batched) {
      writer = new Thread(this::run, "credentials-access-audit");
      writer.setDaemon(true);
    } else {
      writer = null;
    }
  }

  /**
   * Audits accesses before their values are handed out.
   *
   * @throws StorageException when the audit log cannot take them: synchronous write failed, or in
   *     batched mode the journal is full or its last write failed
   */
  @Override
  public void record(Access access) {
    int n = access.reads().size();
    if (n == 0) {
      return;
    }
    if (writer == null || closed) {
      write(List.of(access));
      return;
    }
    RuntimeException f = failure;
    if (f != null) {
      throw withheld(
          "the last attempt to write the audit log failed (" + f.getClass().getSimpleName() + ")",
          f);
    }
    if (!started) {
      start();
    }
    int now = reserve(n);
    queue.add(access);
    if (closed) {
      flush(); // close() may have written the journal out just before these arrived
      return;
    }
    int before = now - n;
    if (before < maxBatch && now >= maxBatch) {
      LockSupport.unpark(writer);
    }
  }

  private synchronized void start() {
    if (!started && !closed) {
      writer.start();
      started = true;
    }
  }

  /**
   * Makes room for {@code n} events. A full journal first wakes the writer and waits for it (back
   * pressure: readers slow down to the pace the audit log can take); only when the writer fails, or
   * makes no room within {@link #FULL_WAIT}, are the values withheld.
   */
  private int reserve(int n) {
    long deadline = 0;
    while (true) {
      int now = pending.addAndGet(n);
      if (now <= capacity) {
        return now;
      }
      pending.addAndGet(-n);
      RuntimeException f = failure;
      if (f != null) {
        throw withheld(
            "the last attempt to write the audit log failed (" + f.getClass().getSimpleName() + ")",
            f);
      }
      long t = System.nanoTime();
      if (deadline == 0) {
        deadline = t + FULL_WAIT.toNanos();
      } else if (t - deadline > 0) {
        throw withheld(
            capacity + " access events are waiting to be written; the audit log is not keeping up",
            null);
      }
      LockSupport.unpark(writer);
      LockSupport.parkNanos(this, TimeUnit.MICROSECONDS.toNanos(50));
    }
  }

  private static StorageException withheld(String why, RuntimeException cause) {
    String message =
        "values withheld: "
            + why
            + "; reads resume as soon as the audit log accepts writes again (check the"
            + " repository)";
    return cause == null ? new StorageException(message) : new StorageException(message, cause);
  }

  /**
   * The type of the exception that made the last write fail, while writes keep failing.
   *
   * @return the exception's class name; empty when the last write succeeded (or none was tried)
   */
  public Optional<String> failing() {
    RuntimeException f = failure;
    return f == null ? Optional.empty() : Optional.of(f.getClass().getName());
  }

  /** The number of recorded access events not yet written. */
  @Override
  public int pending() {
    return pending.get();
  }

  /**
   * Writes every access recorded so far.
   *
   * @throws StorageException when a write fails; the events are kept for the next attempt
   */
  @Override
  public void flush() {
    if (writer == null) {
      return;
    }
    writing.lock();
    try {
      while (true) {
        if (taken.isEmpty()) {
          Access a;
          while (takenEvents < maxBatch && (a = queue.poll()) != null) {
            taken.add(a);
            takenEvents += a.reads().size();
          }
        }
        if (taken.isEmpty()) {
          return;
        }
        try {
          if (!alreadyWritten()) {
            write(taken);
          }
        } catch (RuntimeException e) {
          unresolved = e instanceof StorageOutcomeUnknownException ? attempted : null;
          if (failure == null) {
            LOG.warn(
                "Cannot write {} access events to the audit log ({}); reads are refused until"
                    + " it succeeds",
                pending.get(),
                e.getClass().getName());
          }
          failure = e;
          throw e;
        }
        pending.addAndGet(-takenEvents);
        taken.clear();
        takenEvents = 0;
        if (failure != null) {
          failure = null;
          LOG.info("The audit log accepts writes again; reads are served");
        }
      }
    } finally {
      writing.unlock();
    }
  }

  /**
   * The last event of a write whose commit had an unknown outcome, or null: before the same
   * accesses are written again, the chain is read for it (by sequence and hash, which no other
   * write can repeat), so that each access is recorded once.
   */
  private AuditEvent unresolved;

  /** The last event the latest write appended, or null. */
  private AuditEvent attempted;

  /** Whether the write whose outcome was unknown did commit; forgets it once known. */
  private boolean alreadyWritten() {
    AuditEvent last = unresolved;
    if (last == null) {
      return false;
    }
    boolean written =
        last.sequence() <= Integer.MAX_VALUE
            && events
                .repository()
                .read(
                    uow ->
                        uow.audit()
                            .events(
                                last.tenant(),
                                AuditQuery.all(),
                                new PageRequest((int) (last.sequence() - 1), 1)))
                .items()
                .stream()
                .anyMatch(e -> e.sequence() == last.sequence() && e.hash().equals(last.hash()));
    unresolved = null;
    return written;
  }

  private void write(List<Access> accesses) {
    attempted = null;
    events.writeEvents(
        uow -> {
          List<AuditEvent> written = new ArrayList<>();
          for (Access a : accesses) {
            for (Read r : a.reads()) {
              written.add(
                  events
                      .trail()
                      .append(
                          uow,
                          a.caller(),
                          a.time(),
                          AuditAction.ACCESSED,
                          r.credential(),
                          a.consumer(),
                          r.details()));
            }
          }
          attempted = written.isEmpty() ? null : written.get(written.size() - 1);
          return written;
        });
  }

  private void run() {
    long delay = TimeUnit.MILLISECONDS.toNanos(Math.max(1, maxDelay.toMillis()));
    long backoff = delay;
    while (!closed) {
      LockSupport.parkNanos(this, failure == null ? delay : backoff);
      if (closed) {
        return;
      }
      try {
        flush();
        backoff = delay;
      } catch (RuntimeException e) {
        backoff = Math.min(backoff * 2, TimeUnit.SECONDS.toNanos(5));
      }
    }
  }

  /**
   * Stops the writer and writes what is left.
   *
   * @throws StorageException when what is left cannot be written; the message says how many events
   *     are lost
   */
  @Override
  public void close() {
    if (writer == null || closed) {
      return;
    }
    synchronized (this) {
      closed = true;
    }
    if (started) {
      LockSupport.unpark(writer);
      try {
        writer.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      flush();
    } catch (RuntimeException e) {
      int lost = pending.get();
      LOG.error(
          "{} access events could not be written to the audit log on close ({})",
          lost,
          e.getClass().getName());
      throw new StorageException(
          lost + " access events could not be written to the audit log on close", e);
    }
  }
}
