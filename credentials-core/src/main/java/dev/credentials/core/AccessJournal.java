package dev.credentials.core;

import dev.credentials.Caller;
import dev.credentials.CredentialId;
import dev.credentials.StorageException;
import dev.credentials.audit.AuditAction;
import dev.credentials.audit.AuditEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where access events go before they join the audit chain (see {@link AccessAudit}). Synchronous
 * mode writes each access at once in its own unit of work. Batched mode records accesses in a
 * bounded lock-free queue and one writer thread appends them in batches; a write that fails keeps
 * its events (in order) for the next attempt and makes {@link #record} refuse until a write
 * succeeds again.
 */
final class AccessJournal implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AccessJournal.class);

  /** One credential read (or a fallback read, without credential) and the event's details. */
  record Read(Optional<CredentialId> credential, Map<String, String> details) {}

  /**
   * One operation's reads to be audited, one event each: who, when, for which consumer. A resolve
   * records one of these for all its credentials; a cached plan reuses its list of reads.
   */
  record Access(Caller caller, Instant time, Optional<String> consumer, List<Read> reads) {}

  private final Engine engine;
  private final AccessAudit mode;
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

  AccessJournal(Engine engine, AccessAudit mode) {
    this.engine = engine;
    this.mode = mode;
    if (mode.isBatched()) {
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
  void record(Access access) {
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
    if (before < mode.maxBatch() && now >= mode.maxBatch()) {
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
      if (now <= mode.capacity()) {
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
            mode.capacity()
                + " access events are waiting to be written; the audit log is not keeping up",
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
  Optional<String> failing() {
    RuntimeException f = failure;
    return f == null ? Optional.empty() : Optional.of(f.getClass().getName());
  }

  /** How this journal writes: synchronously, or batched with its limits. */
  AccessAudit mode() {
    return mode;
  }

  /** The number of recorded access events not yet written. */
  int pending() {
    return pending.get();
  }

  /**
   * Writes every access recorded so far.
   *
   * @throws StorageException when a write fails; the events are kept for the next attempt
   */
  void flush() {
    if (writer == null) {
      return;
    }
    writing.lock();
    try {
      while (true) {
        if (taken.isEmpty()) {
          Access a;
          while (takenEvents < mode.maxBatch() && (a = queue.poll()) != null) {
            taken.add(a);
            takenEvents += a.reads().size();
          }
        }
        if (taken.isEmpty()) {
          return;
        }
        try {
          write(taken);
        } catch (RuntimeException e) {
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

  private void write(List<Access> accesses) {
    engine.writeEvents(
        uow -> {
          List<AuditEvent> events = new ArrayList<>();
          for (Access a : accesses) {
            for (Read r : a.reads()) {
              events.add(
                  engine.trail.append(
                      uow,
                      a.caller(),
                      a.time(),
                      AuditAction.ACCESSED,
                      r.credential(),
                      a.consumer(),
                      r.details()));
            }
          }
          return events;
        });
  }

  private void run() {
    long delay = TimeUnit.MILLISECONDS.toNanos(Math.max(1, mode.maxDelay().toMillis()));
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
