package dev.credentials.spi;

import java.util.Optional;
import java.util.function.Function;

/**
 * Persistence for the engine: ciphertext and metadata, consumers, bindings, check results, audit
 * events and imported prototype documents. The engine never hands a repository a plaintext value.
 *
 * <p>Implementations must pass the testkit's {@code RepositoryCompatibilityKit}. They must be safe
 * for concurrent use.
 */
public interface CredentialRepository extends AutoCloseable {

  /**
   * Runs a unit of work atomically: if {@code work} throws, nothing it did is kept and the
   * exception propagates unchanged (a {@link dev.credentials.CredentialException} as it is, storage
   * failures as {@link dev.credentials.StorageException}).
   *
   * @param work the work
   * @param <T> the result type
   * @return what {@code work} returned
   */
  <T> T inTransaction(Function<UnitOfWork, T> work);

  /**
   * Runs read-only work. Implementations may use a cheaper path; the default is {@link
   * #inTransaction(Function)}.
   *
   * @param work the work; it must not write
   * @param <T> the result type
   * @return what {@code work} returned
   */
  default <T> T read(Function<UnitOfWork, T> work) {
    return inTransaction(work);
  }

  /**
   * The feed of committed changes that several engines on this repository follow, so that a change
   * made through one engine is seen by the others within the feed's bound. The default offers none:
   * engines then see other engines' changes only when their caches expire.
   *
   * @return the feed, or empty
   */
  default Optional<ChangeFeed> changeFeed() {
    return Optional.empty();
  }

  /** Releases resources (connections, pools). The default does nothing. */
  @Override
  default void close() {}
}
