package dev.credentials.core.internal.access;

import java.util.Locale;

/**
 * Why values leave the vault. Each kind is named in the {@code via} detail of the access event it
 * causes and in the messages of failed accesses.
 */
public enum AccessKind {
  /** A live availability check before a launch. */
  CHECK,
  /** A consumer resolved into an environment. */
  RESOLVE,
  /** A consumer launched through the gate. */
  LAUNCH,
  /** A credential revealed by id. */
  REVEAL,
  /** A connection test. */
  TEST;

  private final String label = name().toLowerCase(Locale.ROOT);

  /**
   * @return the lower-case word access events and messages use
   */
  public String label() {
    return label;
  }
}
