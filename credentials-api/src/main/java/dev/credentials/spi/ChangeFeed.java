package dev.credentials.spi;

import java.util.List;

/**
 * The committed changes of every engine on one repository, offered by {@link
 * CredentialRepository#changeFeed()}. Each subscriber learns of each change announced through
 * {@link UnitOfWork#changes()} after it commits, in commit order, or learns that it may have missed
 * some ({@link Listener#lost}).
 */
public interface ChangeFeed {

  /**
   * Starts delivering changes to a listener, on a thread of the feed, until the returned
   * subscription is closed. Changes committed after this method returns are delivered.
   *
   * @param listener who receives the changes
   * @return the subscription; close it to stop
   */
  Subscription subscribe(Listener listener);

  /**
   * The longest a committed change takes to reach a subscriber while the feed is connected, as the
   * feed promises it (a poll interval, or a short bound for a pushed notification).
   *
   * @return the bound in milliseconds
   */
  long stalenessBoundMillis();

  /** Receives changes. Calls come from one thread at a time; an exception is logged and ignored. */
  interface Listener {
    /**
     * Changes committed by any engine (this one included), in commit order.
     *
     * @param changes one or more changes
     */
    void changed(List<Change> changes);

    /**
     * The feed may have missed changes (its connection dropped, or a gap in the sequence): the
     * subscriber must forget everything it cached until {@link #resumed()}.
     *
     * @param reason what happened, never a value or a password
     */
    void lost(String reason);

    /**
     * The feed is listening again; changes committed from now on are delivered. Whatever was
     * committed while it was lost is not: forget everything once more.
     */
    void resumed();
  }

  /** A running subscription. */
  interface Subscription extends AutoCloseable {
    /**
     * @return true while changes are being delivered; false between {@link Listener#lost} and
     *     {@link Listener#resumed}
     */
    boolean connected();

    /** Stops delivering and releases the feed's connection or thread. */
    @Override
    void close();
  }
}
