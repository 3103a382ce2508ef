package dev.credentials.spi;

import dev.credentials.CheckResult;
import dev.credentials.CredentialMetadata;
import dev.credentials.LaunchDecision;
import dev.credentials.TenantId;

/**
 * Observes live checks and launch decisions, e.g. to forward them to monitoring (OpenTelemetry,
 * Zabbix). Called on the thread that decided; keep it fast. An exception is logged and ignored.
 */
public interface LaunchListener {
  /**
   * A live check returned a result other than {@code AVAILABLE} or {@code UNKNOWN}.
   *
   * @param tenant the tenant
   * @param credential the credential
   * @param result the result
   */
  default void onNonAvailable(TenantId tenant, CredentialMetadata credential, CheckResult result) {}

  /**
   * A launch was decided.
   *
   * @param tenant the tenant
   * @param decision the decision
   */
  default void onDecision(TenantId tenant, LaunchDecision decision) {}

  /**
   * A live check ran (whatever its result); not called for results served from the cache.
   *
   * @param observation the check, its result and latency
   */
  default void onCheck(CheckObservation observation) {}

  /**
   * A credential expires soon or has expired: called once per credential, expiry and lead time
   * across every engine on the repository (see {@link dev.credentials.ExpiryReminders}).
   *
   * @param reminder the reminder, without values
   */
  default void onExpiryReminder(dev.credentials.ExpiryReminder reminder) {}

  /**
   * The engine's change feed may have missed changes made through other engines (its connection
   * dropped, or a gap in the change sequence): the engine has forgotten what it cached and reads
   * the repository for every resolve and launch until {@link #onChangeFeedResumed()}.
   *
   * @param reason what happened, never a value or a password
   */
  default void onChangeFeedLost(String reason) {}

  /** The engine's change feed is listening again; the engine caches again. */
  default void onChangeFeedResumed() {}
}
