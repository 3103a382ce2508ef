package dev.credentials.core;

import java.time.Duration;
import java.util.Objects;

/**
 * How access events — the {@code ACCESSED} entries written when values leave the engine through a
 * resolve, a launch, a lookup by name or a reveal — reach the audit log. Changes (create, update,
 * delete, bind, unbind, key rotation), denials and failed accesses are not affected: they are
 * always written in the unit of work of the operation itself.
 *
 * <ul>
 *   <li>{@link #synchronous()}: each access is written and committed, hash-chained, before the
 *       values are returned. Strictest, and one committed write transaction per read: on a database
 *       this costs more than the read itself.
 *   <li>{@link #batched()} (the default): each access is recorded, with its own time, in a bounded
 *       in-memory journal before the values are returned, and a single writer thread appends
 *       journalled events to the chain in one unit of work per batch, at the latest {@code
 *       maxDelay} after they were recorded. A full journal slows readers down to the pace the audit
 *       log can take (they wait for room, up to 5 seconds). Reads stay fail-closed: while the last
 *       attempt to write the journal failed, or when a full journal does not drain in time, values
 *       are withheld with a {@link dev.credentials.StorageException} until the audit log accepts
 *       writes again. Events are lost only if the process dies before they are written — at most
 *       {@code maxDelay} worth of accesses. Querying or verifying the audit log, and {@link
 *       Credentials#close()}, write the journal out first.
 * </ul>
 *
 * <p>In batched mode an access event's place in its tenant's chain is the moment it was written,
 * while its {@code time} is the moment of the access; the two differ by at most {@code maxDelay}.
 */
public final class AccessAudit {

  private static final AccessAudit SYNCHRONOUS = new AccessAudit(false, Duration.ZERO, 1, 1);

  private final boolean batched;
  private final Duration maxDelay;
  private final int maxBatch;
  private final int capacity;

  private AccessAudit(boolean batched, Duration maxDelay, int maxBatch, int capacity) {
    this.batched = batched;
    this.maxDelay = maxDelay;
    this.maxBatch = maxBatch;
    this.capacity = capacity;
  }

  /**
   * Every access event is committed before values are returned.
   *
   * @return the synchronous mode
   */
  public static AccessAudit synchronous() {
    return SYNCHRONOUS;
  }

  /**
   * The default batched mode: written at the latest 100 ms after the access, in batches of up to
   * 500 events, with room for 100,000 unwritten events.
   *
   * @return the default batched mode
   */
  public static AccessAudit batched() {
    return batched(Duration.ofMillis(100), 500, 100_000);
  }

  /**
   * A batched mode with explicit bounds.
   *
   * @param maxDelay how long an access event may wait before it is written; between 1 ms and 10 s
   * @param maxBatch the most events written in one unit of work; at least 1
   * @param capacity the most unwritten events; readers wait for room beyond it; at least {@code
   *     maxBatch}
   * @return the batched mode
   * @throws IllegalArgumentException naming the bound that is out of range
   */
  public static AccessAudit batched(Duration maxDelay, int maxBatch, int capacity) {
    Objects.requireNonNull(maxDelay, "maxDelay");
    if (maxDelay.compareTo(Duration.ofMillis(1)) < 0
        || maxDelay.compareTo(Duration.ofSeconds(10)) > 0) {
      throw new IllegalArgumentException("maxDelay must be between 1 ms and 10 s, got " + maxDelay);
    }
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
    }
    if (capacity < maxBatch) {
      throw new IllegalArgumentException(
          "capacity must be at least maxBatch (" + maxBatch + "), got " + capacity);
    }
    return new AccessAudit(true, maxDelay, maxBatch, capacity);
  }

  /**
   * @return whether access events are journalled and written in batches
   */
  public boolean isBatched() {
    return batched;
  }

  /**
   * @return the longest an access event waits before it is written (zero when synchronous)
   */
  public Duration maxDelay() {
    return maxDelay;
  }

  /**
   * @return the most events written in one unit of work
   */
  public int maxBatch() {
    return maxBatch;
  }

  /**
   * @return the most unwritten events before readers wait for room
   */
  public int capacity() {
    return capacity;
  }

  @Override
  public String toString() {
    return batched
        ? "AccessAudit.batched(maxDelay="
            + maxDelay
            + ", maxBatch="
            + maxBatch
            + ", capacity="
            + capacity
            + ")"
        : "AccessAudit.synchronous()";
  }
}
