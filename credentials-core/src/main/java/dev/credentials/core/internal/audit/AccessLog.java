package dev.credentials.core.internal.audit;

import dev.credentials.Caller;
import dev.credentials.CredentialId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the services record reads of values before they hand the values out. An access becomes one
 * {@code ACCESSED} audit event per read; whether it is written at once or in batches is the
 * implementation's choice ({@link AccessJournal}).
 */
public interface AccessLog extends AutoCloseable {

  /**
   * One credential read (or a fallback read, without credential) and the event's details.
   *
   * @param credential the credential read, empty for a process-environment fallback
   * @param details the event's details: how, which topic, which fields; never values
   */
  record Read(Optional<CredentialId> credential, Map<String, String> details) {}

  /**
   * One operation's reads to be audited, one event each: who, when, for which consumer. A resolve
   * records one of these for all its credentials; a cached plan reuses its list of reads.
   *
   * @param caller who read
   * @param time when the values were judged current
   * @param consumer the consumer resolved, if any
   * @param reads what was read
   */
  record Access(Caller caller, Instant time, Optional<String> consumer, List<Read> reads) {}

  /**
   * Audits accesses before their values are handed out.
   *
   * @param access what was read
   * @throws dev.credentials.StorageException when the audit log cannot take them
   */
  void record(Access access);

  /**
   * Audits a single read.
   *
   * @param caller who read
   * @param time when the values were judged current
   * @param credential the credential read
   * @param consumer the consumer, if any
   * @param details the event's details
   */
  default void record(
      Caller caller,
      Instant time,
      Optional<CredentialId> credential,
      Optional<String> consumer,
      Map<String, String> details) {
    record(new Access(caller, time, consumer, List.of(new Read(credential, details))));
  }

  /**
   * @return the number of recorded access events not yet written
   */
  int pending();

  /**
   * Writes every access recorded so far.
   *
   * @throws dev.credentials.StorageException when a write fails
   */
  void flush();

  /**
   * Writes what is left and stops.
   *
   * @throws dev.credentials.StorageException when what is left cannot be written
   */
  @Override
  void close();
}
