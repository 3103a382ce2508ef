package dev.credentials.jdbc.internal;

import dev.credentials.StorageException;

/**
 * A storage failure that re-running the whole unit of work can cure: a serialization failure, a
 * deadlock or a lock wait timeout. The repository retries on it a bounded number of times and
 * throws it, as a plain {@link StorageException}, when the retries are spent.
 */
final class TransientStorageException extends StorageException {

  private static final long serialVersionUID = 1L;

  TransientStorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
