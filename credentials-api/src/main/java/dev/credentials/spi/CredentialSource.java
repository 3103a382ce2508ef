package dev.credentials.spi;

import dev.credentials.CredentialSourceException;

/**
 * A place outside the store that holds credential values: credential files, mounted secret
 * directories, the process environment, HashiCorp Vault, Bitwarden. The store keeps a {@link
 * SourceReference}; the engine asks the source for the values when it needs them and never writes
 * them to the repository.
 *
 * <p>Implementations are found through {@link java.util.ServiceLoader} or registered explicitly;
 * they must be safe for concurrent use and must never put a value into a log line, an exception
 * message or {@code toString}.
 */
public interface CredentialSource extends AutoCloseable {

  /**
   * @return the name references use, e.g. {@code file}
   */
  String name();

  /**
   * @return the priority when two sources share a name: higher wins
   */
  default int priority() {
    return 0;
  }

  /**
   * Reads the values at a reference now.
   *
   * @param reference where
   * @return the values and their revision
   * @throws CredentialSourceException when they cannot be read; its reason says why
   */
  SourcedValues read(SourceReference reference);

  /**
   * Asks to be told when the values at a reference may have changed. Sources that cannot notice
   * changes return a subscription that does nothing; the engine then relies on its cache TTL.
   *
   * @param reference where
   * @param changed called (on a source thread) after a change; must return quickly
   * @return a handle that stops the notifications
   */
  default Subscription watch(SourceReference reference, Runnable changed) {
    return () -> {};
  }

  /** Releases threads and connections. Idempotent. */
  @Override
  default void close() {}

  /** A registration of interest in changes. */
  @FunctionalInterface
  interface Subscription extends AutoCloseable {
    /** Stops the notifications. Idempotent. */
    @Override
    void close();
  }
}
