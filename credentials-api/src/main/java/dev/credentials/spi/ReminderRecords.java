package dev.credentials.spi;

import dev.credentials.CredentialId;
import dev.credentials.TenantId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * The expiry reminders already sent, in one unit of work. Deleting a credential through {@link
 * CredentialRecords#delete} removes its reminders too.
 */
public interface ReminderRecords {

  /**
   * Records a reminder as sent unless (tenant, credential, expiry, lead time) is recorded already:
   * an atomic insert-if-absent, so that of two engines sending at once exactly one gets {@code
   * true}.
   *
   * @param reminder the reminder
   * @return true if this call recorded it, false if it was recorded before
   */
  boolean record(ReminderRecord reminder);

  /**
   * @param tenant the tenant
   * @param ids the credentials
   * @return the reminders recorded for them, in no particular order
   */
  List<ReminderRecord> sent(TenantId tenant, Collection<CredentialId> ids);

  /**
   * Across all tenants, for the reminder scan: active credentials whose expiry lies in {@code
   * [from, until)}, ordered by expiry, tenant and id, at most {@code limit}.
   *
   * @param from the earliest expiry, inclusive
   * @param until the latest expiry, exclusive
   * @param limit the maximum count, at least 0
   * @return the credentials
   */
  List<ExpiringCredential> expiringBetween(Instant from, Instant until, int limit);
}
