package dev.credentials.spi;

/**
 * One atomic unit of work on a {@link CredentialRepository}: a transaction, and the aggregates it
 * reads and writes. Everything done through one instance, whichever aggregate it goes through,
 * commits together or not at all; the repository commits when the work returns and rolls back when
 * it throws (see {@link CredentialRepository#inTransaction}). Every tenant-scoped method reads,
 * changes and counts nothing of another tenant. Instances, and the aggregate parts they return, are
 * used by one thread and are invalid after the unit of work ends.
 */
public interface UnitOfWork {

  /**
   * @return the credential rows: sealed values and metadata
   */
  CredentialRecords credentials();

  /**
   * @return the consumers and the bindings of credentials to their topics
   */
  BindingRecords bindings();

  /**
   * @return the log of live-check and connection-test results
   */
  CheckLog checks();

  /**
   * @return the hash-chained audit events
   */
  AuditChain audit();

  /**
   * @return the imported prototype documents
   */
  PrototypeDocumentRecords prototypeDocuments();

  /**
   * @return the named leases with an expiry, shared by every engine on the repository
   */
  Leases leases();

  /**
   * @return the consecutive launch deferrals per consumer, shared by every engine on the repository
   */
  DeferralRecords deferrals();

  /**
   * @return the version history of credentials' values
   */
  CredentialVersions versions();

  /**
   * @return the expiry reminders already sent
   */
  ReminderRecords reminders();

  /**
   * The announcements of this unit of work to the other engines on the repository; they reach them
   * on commit. The default, for repositories without a {@link ChangeFeed}, discards them.
   *
   * @return the change log
   */
  default ChangeLog changes() {
    return ChangeLog.NONE;
  }

  /**
   * The tenant-wide default credentials. The default is a part that keeps none (reads nothing,
   * refuses writes), for repositories written before defaults existed.
   *
   * @return the tenants' default credentials per topic
   */
  default TenantDefaultRecords defaults() {
    return TenantDefaultRecords.unsupported();
  }
}
