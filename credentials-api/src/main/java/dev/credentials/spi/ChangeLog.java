package dev.credentials.spi;

/**
 * The part of a {@link UnitOfWork} that announces changes to the other engines on the same
 * repository. An announcement belongs to its unit of work: it reaches the other engines when, and
 * only when, the unit of work commits.
 */
public interface ChangeLog {

  /** For repositories that offer no {@link ChangeFeed}: announcements go nowhere. */
  ChangeLog NONE = change -> {};

  /**
   * Announces a change made in this unit of work.
   *
   * @param change the change
   */
  void announce(Change change);
}
