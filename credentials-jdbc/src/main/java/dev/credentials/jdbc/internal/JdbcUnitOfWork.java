package dev.credentials.jdbc.internal;

import dev.credentials.spi.AuditChain;
import dev.credentials.spi.BindingRecords;
import dev.credentials.spi.ChangeLog;
import dev.credentials.spi.CheckLog;
import dev.credentials.spi.CredentialRecords;
import dev.credentials.spi.CredentialVersions;
import dev.credentials.spi.DeferralRecords;
import dev.credentials.spi.Leases;
import dev.credentials.spi.PrototypeDocumentRecords;
import dev.credentials.spi.ReminderRecords;
import dev.credentials.spi.UnitOfWork;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * One unit of work on one JDBC connection inside one transaction: the connection, the statements
 * held on it, commit and rollback. What it reads and writes goes through its aggregate parts, which
 * share one {@link SqlRunner} on the connection. Behaves exactly like the in-memory reference
 * repository: same ordering, same exceptions, same tenant scoping.
 *
 * <p>Every statement binds its values as parameters; no value is ever part of SQL text.
 */
final class JdbcUnitOfWork implements UnitOfWork {

  private final Connection connection;
  private final boolean writable;
  private final JdbcCredentialRecords credentials;
  private final JdbcBindingRecords bindings;
  private final JdbcTenantDefaults defaults;
  private final JdbcCheckLog checks;
  private final JdbcAuditChain audit;
  private final JdbcPrototypeDocuments documents;
  private final JdbcLeases leases;
  private final JdbcDeferrals deferrals;
  private final JdbcCredentialVersions versions;
  private final JdbcReminderRecords reminders;
  private final ChangeAnnouncer changes;
  private boolean closed;

  JdbcUnitOfWork(
      Connection connection,
      DialectSql sql,
      boolean writable,
      HeldStatements held,
      String channel) {
    this.connection = connection;
    this.writable = writable;
    SqlRunner run = new SqlRunner(connection, sql);
    this.credentials = new JdbcCredentialRecords(this, run, held);
    this.bindings = new JdbcBindingRecords(this, run);
    this.checks = new JdbcCheckLog(this, run);
    this.audit = new JdbcAuditChain(this, run);
    this.documents = new JdbcPrototypeDocuments(this, run);
    this.leases = new JdbcLeases(this, run);
    this.deferrals = new JdbcDeferrals(this, run);
    this.versions = new JdbcCredentialVersions(this, run);
    this.reminders = new JdbcReminderRecords(this, run);
    this.changes = new ChangeAnnouncer(this, sql.dialect, channel);
    this.defaults = new JdbcTenantDefaults(this, run);
  }

  @Override
  public CredentialRecords credentials() {
    return credentials;
  }

  @Override
  public dev.credentials.spi.TenantDefaultRecords defaults() {
    return defaults;
  }

  @Override
  public BindingRecords bindings() {
    return bindings;
  }

  @Override
  public CheckLog checks() {
    return checks;
  }

  @Override
  public AuditChain audit() {
    return audit;
  }

  @Override
  public PrototypeDocumentRecords prototypeDocuments() {
    return documents;
  }

  @Override
  public Leases leases() {
    return leases;
  }

  @Override
  public DeferralRecords deferrals() {
    return deferrals;
  }

  @Override
  public CredentialVersions versions() {
    return versions;
  }

  @Override
  public ReminderRecords reminders() {
    return reminders;
  }

  @Override
  public ChangeLog changes() {
    writingInBatch();
    return changes;
  }

  /**
   * The last statements before commit: batched audit events, then the announcements of changes
   * (which take the change counter's row lock, held for as short a time as possible). A failure
   * here is an ordinary statement failure: the transaction rolls back and nothing is announced.
   *
   * @throws SQLException from the driver
   */
  void beforeCommit() throws SQLException {
    open();
    audit.flush();
    changes.send(connection);
  }

  /** Sends what is still batched and ends the unit of work, for a connection in auto-commit. */
  void finish() {
    if (!closed) {
      audit.flush();
    }
    close();
  }

  /**
   * Sends what is still batched, ends the unit of work and commits its transaction.
   *
   * @throws SQLException from the driver's commit, after which the outcome may be unknown
   */
  void commit() throws SQLException {
    finish();
    connection.commit();
  }

  /**
   * Ends the unit of work and rolls its transaction back, unless the connection is in auto-commit.
   *
   * @throws SQLException from the driver's rollback
   */
  void rollback() throws SQLException {
    close();
    if (!connection.getAutoCommit()) {
      connection.rollback();
    }
  }

  /** Ends the unit of work: nothing may be done through it or its parts any more. */
  void close() {
    closed = true;
    audit.close();
  }

  boolean isWritable() {
    return writable;
  }

  /** Before a write: sends batched audit events first, so that statements run in order. */
  void writing() {
    writingInBatch();
    audit.flush();
  }

  /** Before a write that may join the audit batch. */
  void writingInBatch() {
    open();
    if (!writable) {
      throw new IllegalStateException("read-only unit of work cannot write");
    }
  }

  /** Before a read: sends batched audit events first, so that the read sees them. */
  void reading() {
    open();
    audit.flush();
  }

  void open() {
    if (closed) {
      throw new IllegalStateException("this unit of work has ended");
    }
  }
}
