package dev.credentials.core;

/**
 * What a part of the in-memory repository kept in its own class needs from the unit of work it
 * belongs to: the checks before a read or a write, and the undo journal that rolls a failed unit
 * back.
 */
interface InMemoryUnit {

  /** Before a write: the unit must be open and writable. */
  void writing();

  /** Before a read: the unit must be open. */
  void reading();

  /**
   * Journals how to undo a change just made, run if the unit of work throws.
   *
   * @param undo restores the state before the change
   */
  void onRollback(Runnable undo);
}
