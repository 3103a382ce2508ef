package dev.credentials.jdbc.internal;

import dev.credentials.jdbc.Dialect;

/** The few statements that differ between dialects; everything else is common SQL. */
final class DialectSql {

  final Dialect dialect;

  /**
   * Whether a failed statement aborts the transaction (PostgreSQL): then risky ones get a
   * savepoint.
   */
  final boolean failedStatementAbortsTransaction;

  /** Whether DDL runs inside transactions, so that a migration is atomic. */
  final boolean transactionalDdl;

  /**
   * Appended to the credential insert: on PostgreSQL {@code ON CONFLICT DO NOTHING}, so that a
   * duplicate name or id makes the insert affect no row instead of aborting the transaction.
   */
  final String skipConflictingInsert;

  /**
   * Whether a credential's name and id are checked before its insert rather than after a failed one
   * (MariaDB, whose driver logs every failed statement as a warning).
   */
  final boolean checkBeforeInsert;

  /**
   * The locking clause that makes a join of the audit chain head (alias {@code h}) with its last
   * event lock the head, or null where the two are read apart (H2, where a statement costs no round
   * trip).
   */
  final String lockJoinedHead;

  final String upsertBinding;
  final String upsertPrototypeDocument;
  final String insertConsumerIfMissing;
  final String insertAuditHeadIfMissing;

  private DialectSql(
      Dialect dialect,
      boolean failedStatementAbortsTransaction,
      boolean transactionalDdl,
      String skipConflictingInsert,
      boolean checkBeforeInsert,
      String lockJoinedHead,
      String upsertBinding,
      String upsertPrototypeDocument,
      String insertConsumerIfMissing,
      String insertAuditHeadIfMissing) {
    this.dialect = dialect;
    this.failedStatementAbortsTransaction = failedStatementAbortsTransaction;
    this.transactionalDdl = transactionalDdl;
    this.skipConflictingInsert = skipConflictingInsert;
    this.checkBeforeInsert = checkBeforeInsert;
    this.lockJoinedHead = lockJoinedHead;
    this.upsertBinding = upsertBinding;
    this.upsertPrototypeDocument = upsertPrototypeDocument;
    this.insertConsumerIfMissing = insertConsumerIfMissing;
    this.insertAuditHeadIfMissing = insertAuditHeadIfMissing;
  }

  private static final String BINDING_COLUMNS =
      "(tenant, consumer_id, topic, credential_id, variable_prefix, bound_at, bound_by)";

  static DialectSql of(Dialect dialect) {
    return switch (dialect) {
      case H2 ->
          new DialectSql(
              dialect,
              false,
              false,
              "",
              false,
              null,
              "MERGE INTO bindings "
                  + BINDING_COLUMNS
                  + " KEY (tenant, consumer_id, topic)"
                  + " VALUES (?, ?, ?, ?, ?, ?, ?)",
              "MERGE INTO prototype_documents (code, document) KEY (code) VALUES (?, ?)",
              "MERGE INTO consumers (tenant, id) KEY (tenant, id) VALUES (?, ?)",
              "MERGE INTO audit_chain_heads (tenant) KEY (tenant) VALUES (?)");
      case POSTGRESQL ->
          new DialectSql(
              dialect,
              true,
              true,
              " ON CONFLICT DO NOTHING",
              false,
              " FOR UPDATE OF h",
              "INSERT INTO bindings "
                  + BINDING_COLUMNS
                  + " VALUES (?, ?, ?, ?, ?, ?, ?)"
                  + " ON CONFLICT (tenant, consumer_id, topic) DO UPDATE SET"
                  + " credential_id = EXCLUDED.credential_id,"
                  + " variable_prefix = EXCLUDED.variable_prefix,"
                  + " bound_at = EXCLUDED.bound_at, bound_by = EXCLUDED.bound_by",
              "INSERT INTO prototype_documents (code, document) VALUES (?, ?)"
                  + " ON CONFLICT (code) DO UPDATE SET document = EXCLUDED.document",
              "INSERT INTO consumers (tenant, id) VALUES (?, ?) ON CONFLICT DO NOTHING",
              "INSERT INTO audit_chain_heads (tenant) VALUES (?) ON CONFLICT DO NOTHING");
      case MARIADB ->
          new DialectSql(
              dialect,
              false,
              false,
              "",
              true,
              " FOR UPDATE",
              "INSERT INTO bindings "
                  + BINDING_COLUMNS
                  + " VALUES (?, ?, ?, ?, ?, ?, ?)"
                  + " ON DUPLICATE KEY UPDATE credential_id = VALUES(credential_id),"
                  + " variable_prefix = VALUES(variable_prefix),"
                  + " bound_at = VALUES(bound_at), bound_by = VALUES(bound_by)",
              "INSERT INTO prototype_documents (code, document) VALUES (?, ?)"
                  + " ON DUPLICATE KEY UPDATE document = VALUES(document)",
              "INSERT IGNORE INTO consumers (tenant, id) VALUES (?, ?)",
              "INSERT IGNORE INTO audit_chain_heads (tenant) VALUES (?)");
    };
  }
}
