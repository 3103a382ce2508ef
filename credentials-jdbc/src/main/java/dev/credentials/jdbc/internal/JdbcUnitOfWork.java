package dev.credentials.jdbc.internal;

import dev.credentials.Binding;
import dev.credentials.CheckResult;
import dev.credentials.ConcurrentCredentialModificationException;
import dev.credentials.Consumer;
import dev.credentials.CredentialId;
import dev.credentials.CredentialMetadata;
import dev.credentials.CredentialNotFoundException;
import dev.credentials.CredentialQuery;
import dev.credentials.CredentialState;
import dev.credentials.DuplicateCredentialException;
import dev.credentials.Page;
import dev.credentials.PageRequest;
import dev.credentials.Requirement;
import dev.credentials.StorageException;
import dev.credentials.TenantId;
import dev.credentials.Topic;
import dev.credentials.audit.AuditAction;
import dev.credentials.audit.AuditEvent;
import dev.credentials.audit.AuditQuery;
import dev.credentials.spi.StoredCredential;
import dev.credentials.spi.UnitOfWork;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * One unit of work on one JDBC connection inside one transaction. Behaves exactly like the
 * in-memory reference repository: same ordering, same exceptions, same tenant scoping.
 *
 * <p>Every statement binds its values as parameters; no value is ever part of SQL text.
 */
final class JdbcUnitOfWork implements UnitOfWork {

  /** How many check results are kept per credential, as in the in-memory repository. */
  static final int CHECK_LOG_LIMIT = 100;

  /** The largest IN list of one statement; longer id lists take one statement per chunk. */
  static final int IN_LIMIT = 1000;

  private static final String CREDENTIAL_COLUMNS =
      "tenant, id, prototype, name, name_folded, environment, description, tags, active,"
          + " expires_at, version, created_at, updated_at, key_id, sealed_value, last_test_state,"
          + " last_test_message, last_test_at, last_test_ttl, last_test_details";

  private static final String SELECT_CREDENTIAL =
      "SELECT " + CREDENTIAL_COLUMNS + " FROM credentials";

  private static final String ORDER_BY_NAME = " ORDER BY name, environment, id";

  private static final String AUDIT_COLUMNS =
      "tenant, seq, event_time, principal, action, credential_id, consumer_id, client_address,"
          + " correlation_id, details, previous_hash, hash";

  private final Connection connection;
  private final DialectSql sql;
  private final boolean writable;

  /** Statements kept on the physical connection for the single-credential reads, or null. */
  private final HeldStatements held;

  /** Audit chain heads locked by this unit of work: tenant to last sequence. */
  private final Map<TenantId, Long> lockedHeads = new HashMap<>();

  /** The event this unit of work appended last per tenant: the chain head it holds locked. */
  private final Map<TenantId, AuditEvent> appended = new HashMap<>();

  private boolean closed;

  JdbcUnitOfWork(Connection connection, DialectSql sql, boolean writable, HeldStatements held) {
    this.connection = connection;
    this.sql = sql;
    this.writable = writable;
    this.held = held;
  }

  void close() {
    closed = true;
    if (auditBatch != null) {
      try {
        auditBatch.close();
      } catch (SQLException e) {
        // the transaction is over either way
      }
      auditBatch = null;
    }
  }

  /** Sends what is still batched; called before commit. */
  void finish() {
    if (!closed) {
      flushAudit();
    }
  }

  private void writing() {
    writable();
    flushAudit();
  }

  private void writable() {
    open();
    if (!writable) {
      throw new IllegalStateException("read-only unit of work cannot write");
    }
  }

  private void reading() {
    open();
    flushAudit();
  }

  private void open() {
    if (closed) {
      throw new IllegalStateException("this unit of work has ended");
    }
  }

  /**
   * Audit events appended in a row are sent as one JDBC batch, and each tenant's chain head is
   * updated once, when anything else is done in the unit of work or before it commits: one round
   * trip for a batch of access events instead of three per event.
   */
  private PreparedStatement auditBatch;

  private int batchedEvents;
  private final Map<TenantId, Long> headsToUpdate = new java.util.LinkedHashMap<>();

  private void flushAudit() {
    if (batchedEvents == 0 && headsToUpdate.isEmpty()) {
      return;
    }
    try {
      if (batchedEvents > 0) {
        auditBatch.executeBatch();
        batchedEvents = 0;
      }
      for (Map.Entry<TenantId, Long> head : headsToUpdate.entrySet()) {
        try (PreparedStatement ps =
            prepare(
                "UPDATE audit_chain_heads SET last_seq = ? WHERE tenant = ?",
                List.of(head.getValue(), head.getKey().value()))) {
          ps.executeUpdate();
        }
      }
      headsToUpdate.clear();
    } catch (SQLException e) {
      throw SqlErrors.translate("append audit events", e, sql.dialect);
    }
  }

  // ---------------------------------------------------------------- credentials

  @Override
  public void insertCredential(StoredCredential credential) {
    writing();
    CredentialMetadata m = credential.metadata();
    try {
      // Insert first and look for the duplicate only when the insert did not happen: one round
      // trip when the name and id are free, as they almost always are. PostgreSQL skips a
      // conflicting row (ON CONFLICT DO NOTHING), so its transaction stays usable without a
      // savepoint; on H2 a failed statement leaves the transaction usable anyway. MariaDB's driver
      // logs every failed statement as a warning, so there the check comes first.
      if (sql.checkBeforeInsert) {
        RuntimeException taken = taken(m);
        if (taken != null) {
          throw taken;
        }
      }
      SQLException conflict = null;
      boolean inserted;
      try (PreparedStatement ps =
          connection.prepareStatement(
              "INSERT INTO credentials ("
                  + CREDENTIAL_COLUMNS
                  + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                  + sql.skipConflictingInsert)) {
        int i = 1;
        ps.setString(i++, m.tenant().value());
        ps.setString(i++, m.id().value());
        bindCredential(ps, i, credential);
        inserted = ps.executeUpdate() == 1;
      } catch (SQLException e) {
        if (!SqlErrors.isUniqueViolation(e) || sql.failedStatementAbortsTransaction) {
          throw e;
        }
        conflict = e;
        inserted = false;
      }
      if (!inserted) {
        throw duplicate(m, conflict);
      }
      insertTags(m);
    } catch (SQLException e) {
      throw SqlErrors.translate("insert credential", e, sql.dialect);
    }
  }

  /**
   * Why an insert did not happen: the name, checked before the id for the same message as the
   * reference implementation. When neither is there any more (the conflicting row's transaction
   * rolled back or it was deleted meanwhile), the constraint the database named decides; without
   * one, the unit of work is re-run.
   */
  private RuntimeException duplicate(CredentialMetadata m, SQLException conflict)
      throws SQLException {
    RuntimeException taken = taken(m);
    if (taken != null) {
      return taken;
    }
    if (conflict != null) {
      return SqlErrors.names(conflict, "uq_credentials_name") ? duplicateName(m) : duplicateId(m);
    }
    return new TransientStorageException(
        "the credential's insert met a conflicting row that has gone since; the unit of work is"
            + " re-run",
        null);
  }

  /**
   * The duplicate exception for a name or id already taken, name first; null when both are free.
   */
  private DuplicateCredentialException taken(CredentialMetadata m) throws SQLException {
    boolean nameTaken = false;
    boolean idTaken = false;
    // Two indexed lookups in one round trip: with "name ... OR id" H2 scans the tenant's rows.
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT 'name' FROM credentials WHERE tenant = ? AND name = ? AND environment = ?"
                + " UNION ALL SELECT 'id' FROM credentials WHERE tenant = ? AND id = ?")) {
      ps.setString(1, m.tenant().value());
      ps.setString(2, m.name());
      ps.setString(3, m.environment());
      ps.setString(4, m.tenant().value());
      ps.setString(5, m.id().value());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (rs.getString(1).equals("name")) {
            nameTaken = true;
          } else {
            idTaken = true;
          }
        }
      }
    }
    if (nameTaken) {
      return duplicateName(m);
    }
    if (idTaken) {
      return duplicateId(m);
    }
    return null;
  }

  /** Binds every column after tenant and id; returns the next parameter index. */
  private static int bindCredential(PreparedStatement ps, int i, StoredCredential credential)
      throws SQLException {
    CredentialMetadata m = credential.metadata();
    ps.setString(i++, m.prototype());
    ps.setString(i++, m.name());
    ps.setString(i++, fold(m.name()));
    ps.setString(i++, m.environment());
    ps.setString(i++, m.description());
    ps.setString(i++, Columns.tags(m.tags()));
    ps.setBoolean(i++, m.active());
    setInstant(ps, i++, m.expiresAt().orElse(null));
    ps.setLong(i++, m.version());
    setInstant(ps, i++, m.createdAt());
    setInstant(ps, i++, m.updatedAt());
    ps.setString(i++, m.keyId());
    ps.setBytes(i++, credential.sealedValues());
    Optional<CheckResult> t = m.lastTest();
    ps.setString(i++, t.map(r -> r.state().name()).orElse(null));
    ps.setString(i++, t.map(CheckResult::message).orElse(null));
    setInstant(ps, i++, t.map(CheckResult::checkedAt).orElse(null));
    if (t.isPresent()) {
      ps.setLong(i++, t.get().ttlSeconds());
    } else {
      ps.setNull(i++, Types.BIGINT);
    }
    ps.setString(i++, t.map(r -> Columns.details(r.details())).orElse(null));
    return i;
  }

  private void insertTags(CredentialMetadata m) throws SQLException {
    if (m.tags().isEmpty()) {
      return;
    }
    try (PreparedStatement ps =
        connection.prepareStatement(
            "INSERT INTO credential_tags (tenant, credential_id, tag) VALUES (?, ?, ?)")) {
      for (String tag : m.tags()) {
        ps.setString(1, m.tenant().value());
        ps.setString(2, m.id().value());
        ps.setString(3, tag);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  @Override
  public void updateCredential(StoredCredential credential, long expectedVersion) {
    writing();
    CredentialMetadata m = credential.metadata();
    try {
      int[] updated = new int[1];
      guarded(
          "update credential",
          () -> {
            try (PreparedStatement ps =
                connection.prepareStatement(
                    "UPDATE credentials SET prototype = ?, name = ?, name_folded = ?,"
                        + " environment = ?, description = ?, tags = ?, active = ?,"
                        + " expires_at = ?, version = ?, created_at = ?, updated_at = ?,"
                        + " key_id = ?, sealed_value = ?, last_test_state = ?,"
                        + " last_test_message = ?, last_test_at = ?, last_test_ttl = ?,"
                        + " last_test_details = ?"
                        + " WHERE tenant = ? AND id = ? AND version = ?")) {
              int i = bindCredential(ps, 1, credential);
              ps.setString(i++, m.tenant().value());
              ps.setString(i++, m.id().value());
              ps.setLong(i, expectedVersion);
              updated[0] = ps.executeUpdate();
            }
          },
          e -> SqlErrors.isUniqueViolation(e) ? duplicateName(m) : null);
      if (updated[0] == 0) {
        throw new ConcurrentCredentialModificationException(
            "credential "
                + m.id()
                + " was changed or deleted since version "
                + expectedVersion
                + "; read it again and retry");
      }
      delete(
          "DELETE FROM credential_tags WHERE tenant = ? AND credential_id = ?", m.tenant(), m.id());
      insertTags(m);
    } catch (SQLException e) {
      throw SqlErrors.translate("update credential", e, sql.dialect);
    }
  }

  @Override
  public boolean deleteCredential(TenantId tenant, CredentialId id) {
    writing();
    try {
      int length;
      try (PreparedStatement ps =
          connection.prepareStatement(
              "SELECT OCTET_LENGTH(sealed_value) FROM credentials WHERE tenant = ? AND id = ?"
                  + " FOR UPDATE")) {
        ps.setString(1, tenant.value());
        ps.setString(2, id.value());
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return false;
          }
          length = rs.getInt(1);
        }
      }
      // Overwrite the ciphertext before the row goes, so that pages the database reuses hold
      // zeros rather than the last sealed value. (Old row versions and the write-ahead log are
      // the database's business: see the README.)
      try (PreparedStatement ps =
          connection.prepareStatement(
              "UPDATE credentials SET sealed_value = ? WHERE tenant = ? AND id = ?")) {
        ps.setBytes(1, new byte[length]);
        ps.setString(2, tenant.value());
        ps.setString(3, id.value());
        ps.executeUpdate();
      }
      delete("DELETE FROM bindings WHERE tenant = ? AND credential_id = ?", tenant, id);
      delete("DELETE FROM check_results WHERE tenant = ? AND credential_id = ?", tenant, id);
      delete("DELETE FROM credential_tags WHERE tenant = ? AND credential_id = ?", tenant, id);
      delete("DELETE FROM credentials WHERE tenant = ? AND id = ?", tenant, id);
      return true;
    } catch (SQLException e) {
      throw SqlErrors.translate("delete credential", e, sql.dialect);
    }
  }

  private int delete(String statement, TenantId tenant, CredentialId id) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(statement)) {
      ps.setString(1, tenant.value());
      ps.setString(2, id.value());
      return ps.executeUpdate();
    }
  }

  @Override
  public Optional<StoredCredential> credential(TenantId tenant, CredentialId id) {
    reading();
    return oneCredential("credential", CREDENTIAL_BY_ID, tenant, id, null, null);
  }

  @Override
  public Map<CredentialId, StoredCredential> credentials(
      TenantId tenant, Collection<CredentialId> ids) {
    reading();
    Map<CredentialId, StoredCredential> byId = new HashMap<>();
    for (List<String> chunk : idChunks(ids)) {
      List<Object> params = tenantThen(tenant, chunk);
      for (StoredCredential s :
          credentialQuery(
              "credentials by id",
              SELECT_CREDENTIAL + " WHERE tenant = ? AND id IN (" + marks(chunk.size()) + ")",
              params)) {
        byId.put(s.metadata().id(), s);
      }
    }
    Map<CredentialId, StoredCredential> out = new LinkedHashMap<>();
    for (CredentialId id : ids) {
      StoredCredential s = byId.get(id);
      if (s != null) {
        out.put(id, s);
      }
    }
    return out;
  }

  @Override
  public Optional<StoredCredential> credentialByName(
      TenantId tenant, String name, String environment) {
    reading();
    return oneCredential("credential by name", CREDENTIAL_BY_NAME, tenant, null, name, environment);
  }

  /**
   * Whether a row is the credential asked for: of the tenant, and of the id or of the name and
   * environment (whichever was asked).
   */
  static boolean answers(
      StoredCredential found, TenantId tenant, CredentialId id, String name, String environment) {
    CredentialMetadata m = found.metadata();
    return m.tenant().equals(tenant)
        && (id == null || m.id().equals(id))
        && (name == null || (m.name().equals(name) && m.environment().equals(environment)));
  }

  private static final String CREDENTIAL_BY_ID = SELECT_CREDENTIAL + " WHERE tenant = ? AND id = ?";

  private static final String CREDENTIAL_BY_NAME =
      SELECT_CREDENTIAL + " WHERE tenant = ? AND name = ? AND environment = ?";

  /**
   * One credential by its id, or else by its name and environment: through a statement kept on the
   * physical connection where there is one (see {@link HeldStatements}), else a statement of its
   * own. The row is checked against the question, so that a database that matched text it should
   * not have (a case-insensitive comparison), or a kept statement that somehow answered another
   * caller's question, fails the read instead of handing out another credential.
   */
  private Optional<StoredCredential> oneCredential(
      String operation,
      String statement,
      TenantId tenant,
      CredentialId id,
      String name,
      String environment) {
    List<String> params =
        id != null
            ? List.of(tenant.value(), id.value())
            : List.of(tenant.value(), name, environment);
    StoredCredential found =
        held == null
            ? first(credentialQuery(operation, statement, params)).orElse(null)
            : heldQuery(operation, statement, params);
    if (found == null) {
      return Optional.empty();
    }
    if (!answers(found, tenant, id, name, environment)) {
      if (held != null) {
        held.forget(connection);
      }
      throw new StorageException(
          "the row read for "
              + operation
              + " is not the credential asked for (its tenant, id or name differs); a database"
              + " that compares text without regard to case does this (an H2 URL with IGNORECASE"
              + " or such a MODE, a case-insensitive collation): remove that setting");
    }
    return Optional.of(found);
  }

  /** {@link #oneCredential}'s query on a kept statement; null when there is no such row. */
  private StoredCredential heldQuery(String operation, String statement, List<String> params) {
    try {
      PreparedStatement ps = held.get(connection, statement);
      for (int i = 0; i < params.size(); i++) {
        ps.setString(i + 1, params.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? readCredential(rs) : null;
      }
    } catch (SQLException e) {
      held.forget(connection);
      throw SqlErrors.translate(operation, e, sql.dialect);
    }
  }

  private static <T> Optional<T> first(List<T> rows) {
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  @Override
  public Page<StoredCredential> listCredentials(
      TenantId tenant, CredentialQuery query, PageRequest page) {
    reading();
    StringBuilder where = new StringBuilder(" WHERE tenant = ?");
    List<Object> params = new ArrayList<>();
    params.add(tenant.value());
    query
        .prototype()
        .ifPresent(
            v -> {
              where.append(" AND prototype = ?");
              params.add(v);
            });
    query
        .environment()
        .ifPresent(
            v -> {
              where.append(" AND environment = ?");
              params.add(v);
            });
    query
        .active()
        .ifPresent(
            v -> {
              where.append(" AND active = ?");
              params.add(v);
            });
    query
        .nameContains()
        .ifPresent(
            v -> {
              where.append(" AND name_folded LIKE ? ESCAPE '!'");
              params.add("%" + escapeLike(fold(v)) + "%");
            });
    query
        .tag()
        .ifPresent(
            v -> {
              where.append(
                  " AND EXISTS (SELECT 1 FROM credential_tags t WHERE t.tenant = credentials.tenant"
                      + " AND t.credential_id = credentials.id AND t.tag = ?)");
              params.add(v);
            });
    try {
      return page(
          CREDENTIAL_COLUMNS,
          "credentials" + where,
          ORDER_BY_NAME,
          params,
          page,
          JdbcUnitOfWork::readCredential);
    } catch (SQLException e) {
      throw SqlErrors.translate("list credentials", e, sql.dialect);
    }
  }

  @FunctionalInterface
  private interface RowReader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /**
   * One page and the total count of matches, in one statement ({@code COUNT(*) OVER ()}) and so
   * from one snapshot. Only a page past the end needs a second statement for the total.
   */
  private <T> Page<T> page(
      String columns,
      String fromWhere,
      String orderBy,
      List<Object> params,
      PageRequest page,
      RowReader<T> reader)
      throws SQLException {
    List<Object> pageParams = new ArrayList<>(params);
    pageParams.add(page.size());
    pageParams.add(page.offset());
    List<T> items = new ArrayList<>();
    long total = -1;
    try (PreparedStatement ps =
            prepare(
                "SELECT "
                    + columns
                    + ", COUNT(*) OVER () AS total_matches FROM "
                    + fromWhere
                    + orderBy
                    + " LIMIT ? OFFSET ?",
                pageParams);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        items.add(reader.read(rs));
        total = rs.getLong("total_matches");
      }
    }
    if (total < 0) {
      total = page.offset() == 0 ? 0 : count("count", "SELECT COUNT(*) FROM " + fromWhere, params);
    }
    return new Page<>(items, page, total);
  }

  @Override
  public List<StoredCredential> credentialsOfPrototypes(
      TenantId tenant, Set<String> prototypeCodes) {
    reading();
    if (prototypeCodes.isEmpty()) {
      return new ArrayList<>();
    }
    List<StoredCredential> out = new ArrayList<>();
    for (List<String> chunk : chunks(new ArrayList<>(prototypeCodes))) {
      List<Object> params = new ArrayList<>();
      params.add(tenant.value());
      params.addAll(chunk);
      out.addAll(
          credentialQuery(
              "credentials of prototypes",
              SELECT_CREDENTIAL
                  + " WHERE tenant = ? AND prototype IN ("
                  + marks(chunk.size())
                  + ")"
                  + ORDER_BY_NAME,
              params));
    }
    if (prototypeCodes.size() > IN_LIMIT) {
      out.sort(
          java.util.Comparator.comparing((StoredCredential s) -> s.metadata().name())
              .thenComparing(s -> s.metadata().environment())
              .thenComparing(s -> s.metadata().id().value()));
    }
    return out;
  }

  @Override
  public List<StoredCredential> candidatesOfPrototypes(
      TenantId tenant, Set<String> prototypeCodes, Instant now, int limit) {
    reading();
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be at least 0, got " + limit);
    }
    if (prototypeCodes.isEmpty() || limit == 0) {
      return new ArrayList<>();
    }
    if (prototypeCodes.size() > IN_LIMIT) {
      return UnitOfWork.super.candidatesOfPrototypes(tenant, prototypeCodes, now, limit);
    }
    List<Object> params = new ArrayList<>();
    params.add(tenant.value());
    params.addAll(prototypeCodes);
    params.add(true);
    params.add(Columns.instant(now));
    params.add(limit);
    return credentialQuery(
        "candidate credentials of prototypes",
        SELECT_CREDENTIAL
            + " WHERE tenant = ? AND prototype IN ("
            + marks(prototypeCodes.size())
            + ") AND active = ? AND (expires_at IS NULL OR expires_at > ?)"
            + ORDER_BY_NAME
            + " LIMIT ?",
        params);
  }

  @Override
  public List<StoredCredential> credentialsExpiringBefore(TenantId tenant, Instant before) {
    reading();
    return credentialQuery(
        "credentials expiring",
        SELECT_CREDENTIAL
            + " WHERE tenant = ? AND active = ? AND expires_at IS NOT NULL AND expires_at < ?"
            + " ORDER BY expires_at, name, environment, id",
        List.of(tenant.value(), true, Columns.instant(before)));
  }

  @Override
  public Map<String, Long> countByKeyId() {
    reading();
    Map<String, Long> counts = new TreeMap<>();
    try (PreparedStatement ps =
            connection.prepareStatement(
                "SELECT key_id, COUNT(*) FROM credentials GROUP BY key_id");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        counts.put(rs.getString(1), rs.getLong(2));
      }
      return counts;
    } catch (SQLException e) {
      throw SqlErrors.translate("count by key id", e, sql.dialect);
    }
  }

  @Override
  public List<StoredCredential> credentialsNotSealedWith(String keyId, int limit) {
    reading();
    Objects.requireNonNull(keyId, "keyId");
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be at least 0, got " + limit);
    }
    if (limit == 0) {
      return new ArrayList<>();
    }
    return credentialQuery(
        "credentials not sealed with a key",
        SELECT_CREDENTIAL + " WHERE key_id <> ? ORDER BY tenant, id LIMIT ?",
        List.of(keyId, limit));
  }

  private List<StoredCredential> credentialQuery(
      String operation, String statement, List<?> params) {
    try (PreparedStatement ps = prepare(statement, params);
        ResultSet rs = ps.executeQuery()) {
      List<StoredCredential> out = new ArrayList<>();
      while (rs.next()) {
        out.add(readCredential(rs));
      }
      return out;
    } catch (SQLException e) {
      throw SqlErrors.translate(operation, e, sql.dialect);
    }
  }

  /**
   * Reads a row whose first columns are {@link #CREDENTIAL_COLUMNS}, by position (every query that
   * reads credentials selects them first and in that order; by label costs a lookup per column).
   */
  private static StoredCredential readCredential(ResultSet rs) throws SQLException {
    Optional<CheckResult> lastTest = Optional.empty();
    String state = rs.getString(16);
    if (state != null) {
      lastTest =
          Optional.of(
              new CheckResult(
                  CredentialState.valueOf(state),
                  rs.getString(17),
                  Columns.instant(rs.getBigDecimal(18)),
                  rs.getLong(19),
                  Columns.details(rs.getString(20))));
    }
    BigDecimal expires = rs.getBigDecimal(10);
    CredentialMetadata m =
        new CredentialMetadata(
            CredentialId.of(rs.getString(2)),
            TenantId.of(rs.getString(1)),
            rs.getString(3),
            rs.getString(4),
            rs.getString(6),
            rs.getString(7),
            Columns.tags(rs.getString(8)),
            rs.getBoolean(9),
            Optional.ofNullable(expires).map(Columns::instant),
            rs.getLong(11),
            Columns.instant(rs.getBigDecimal(12)),
            Columns.instant(rs.getBigDecimal(13)),
            rs.getString(14),
            lastTest);
    return new StoredCredential(m, rs.getBytes(15));
  }

  // ---------------------------------------------------------------- consumers and bindings

  @Override
  public void putConsumer(TenantId tenant, Consumer consumer) {
    writing();
    try {
      insertIfMissing(sql.insertConsumerIfMissing, tenant.value(), consumer.id());
      try (PreparedStatement ps =
          connection.prepareStatement(
              "DELETE FROM consumer_requirements WHERE tenant = ? AND consumer_id = ?")) {
        ps.setString(1, tenant.value());
        ps.setString(2, consumer.id());
        ps.executeUpdate();
      }
      if (consumer.requirements().isEmpty()) {
        return;
      }
      try (PreparedStatement ps =
          connection.prepareStatement(
              "INSERT INTO consumer_requirements (tenant, consumer_id, ordinal, topic, description)"
                  + " VALUES (?, ?, ?, ?, ?)")) {
        int ordinal = 0;
        for (Requirement r : consumer.requirements()) {
          ps.setString(1, tenant.value());
          ps.setString(2, consumer.id());
          ps.setInt(3, ordinal++);
          ps.setString(4, r.topic().name());
          ps.setString(5, r.description());
          ps.addBatch();
        }
        ps.executeBatch();
      }
    } catch (SQLException e) {
      throw SqlErrors.translate("put consumer", e, sql.dialect);
    }
  }

  /**
   * Runs an insert-if-missing statement. Where the dialect reports a concurrent insert of the same
   * key as a unique violation without aborting the transaction, that violation means "present".
   */
  private void insertIfMissing(String statement, String... params) throws SQLException {
    try (PreparedStatement ps = prepare(statement, List.of((Object[]) params))) {
      ps.executeUpdate();
    } catch (SQLException e) {
      if (!(SqlErrors.isUniqueViolation(e) && !sql.failedStatementAbortsTransaction)) {
        throw e;
      }
    }
  }

  @Override
  public Optional<Consumer> consumer(TenantId tenant, String consumerId) {
    reading();
    try (PreparedStatement ps =
        prepare(
            "SELECT c.id, r.topic, r.description FROM consumers c"
                + " LEFT JOIN consumer_requirements r"
                + " ON r.tenant = c.tenant AND r.consumer_id = c.id"
                + " WHERE c.tenant = ? AND c.id = ? ORDER BY r.ordinal",
            List.of(tenant.value(), consumerId))) {
      try (ResultSet rs = ps.executeQuery()) {
        String id = null;
        List<Requirement> requirements = new ArrayList<>();
        while (rs.next()) {
          id = rs.getString(1);
          String topic = rs.getString(2);
          if (topic != null) {
            requirements.add(new Requirement(Topic.of(topic), rs.getString(3)));
          }
        }
        return id == null ? Optional.empty() : Optional.of(new Consumer(id, requirements));
      }
    } catch (SQLException e) {
      throw SqlErrors.translate("read consumer", e, sql.dialect);
    }
  }

  @Override
  public void putBinding(Binding binding) {
    writing();
    try {
      try (PreparedStatement ps =
              prepare(
                  "SELECT 1 FROM credentials WHERE tenant = ? AND id = ?",
                  List.of(binding.tenant().value(), binding.credentialId().value()));
          ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new CredentialNotFoundException(
              "credential "
                  + binding.credentialId()
                  + " does not exist in tenant "
                  + binding.tenant()
                  + "; create it before binding it");
        }
      }
      try (PreparedStatement ps = connection.prepareStatement(sql.upsertBinding)) {
        ps.setString(1, binding.tenant().value());
        ps.setString(2, binding.consumerId());
        ps.setString(3, binding.topic().name());
        ps.setString(4, binding.credentialId().value());
        ps.setString(5, binding.variablePrefix().orElse(null));
        setInstant(ps, 6, binding.boundAt());
        ps.setString(7, binding.boundBy());
        ps.executeUpdate();
      }
    } catch (SQLException e) {
      if (SqlErrors.isForeignKeyViolation(e)) {
        throw new CredentialNotFoundException(
            "credential "
                + binding.credentialId()
                + " was deleted while it was being bound; bind another credential");
      }
      throw SqlErrors.translate("put binding", e, sql.dialect);
    }
  }

  @Override
  public boolean deleteBinding(TenantId tenant, String consumerId, Topic topic) {
    writing();
    try (PreparedStatement ps =
        prepare(
            "DELETE FROM bindings WHERE tenant = ? AND consumer_id = ? AND topic = ?",
            List.of(tenant.value(), consumerId, topic.name()))) {
      return ps.executeUpdate() > 0;
    } catch (SQLException e) {
      throw SqlErrors.translate("delete binding", e, sql.dialect);
    }
  }

  @Override
  public List<Binding> bindings(TenantId tenant, String consumerId) {
    reading();
    return bindingQuery(
        "SELECT tenant, consumer_id, topic, credential_id, variable_prefix, bound_at, bound_by"
            + " FROM bindings WHERE tenant = ? AND consumer_id = ? ORDER BY topic",
        List.of(tenant.value(), consumerId));
  }

  @Override
  public List<Binding> bindingsOfCredential(TenantId tenant, CredentialId credentialId) {
    reading();
    return bindingQuery(
        "SELECT tenant, consumer_id, topic, credential_id, variable_prefix, bound_at, bound_by"
            + " FROM bindings WHERE tenant = ? AND credential_id = ? ORDER BY consumer_id, topic",
        List.of(tenant.value(), credentialId.value()));
  }

  private List<Binding> bindingQuery(String statement, List<?> params) {
    try (PreparedStatement ps = prepare(statement, params);
        ResultSet rs = ps.executeQuery()) {
      List<Binding> out = new ArrayList<>();
      while (rs.next()) {
        out.add(
            new Binding(
                TenantId.of(rs.getString(1)),
                rs.getString(2),
                Topic.of(rs.getString(3)),
                CredentialId.of(rs.getString(4)),
                Optional.ofNullable(rs.getString(5)),
                Columns.instant(rs.getBigDecimal(6)),
                rs.getString(7)));
      }
      return out;
    } catch (SQLException e) {
      throw SqlErrors.translate("read bindings", e, sql.dialect);
    }
  }

  // ---------------------------------------------------------------- check results

  @Override
  public void appendCheckResult(TenantId tenant, CredentialId credentialId, CheckResult result) {
    writing();
    try {
      try (PreparedStatement ps =
          connection.prepareStatement(
              "INSERT INTO check_results (tenant, credential_id, state, message, checked_at,"
                  + " ttl_seconds, details) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, tenant.value());
        ps.setString(2, credentialId.value());
        ps.setString(3, result.state().name());
        ps.setString(4, result.message());
        setInstant(ps, 5, result.checkedAt());
        ps.setLong(6, result.ttlSeconds());
        ps.setString(7, Columns.details(result.details()));
        ps.executeUpdate();
      }
      // Keep the newest CHECK_LOG_LIMIT results of the credential.
      Long oldestKept = null;
      try (PreparedStatement ps =
              prepare(
                  "SELECT seq FROM check_results WHERE tenant = ? AND credential_id = ?"
                      + " ORDER BY seq DESC LIMIT 1 OFFSET ?",
                  List.of(tenant.value(), credentialId.value(), CHECK_LOG_LIMIT - 1));
          ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          oldestKept = rs.getLong(1);
        }
      }
      if (oldestKept != null) {
        try (PreparedStatement ps =
            prepare(
                "DELETE FROM check_results WHERE tenant = ? AND credential_id = ? AND seq < ?",
                List.of(tenant.value(), credentialId.value(), oldestKept))) {
          ps.executeUpdate();
        }
      }
    } catch (SQLException e) {
      throw SqlErrors.translate("append check result", e, sql.dialect);
    }
  }

  @Override
  public Map<CredentialId, CheckResult> latestCheckResults(
      TenantId tenant, Collection<CredentialId> ids) {
    reading();
    Map<CredentialId, CheckResult> out = new HashMap<>();
    for (List<String> chunk : idChunks(ids)) {
      List<Object> params = tenantThen(tenant, chunk);
      params.add(tenant.value());
      try (PreparedStatement ps =
              prepare(
                  "SELECT r.credential_id, r.state, r.message, r.checked_at, r.ttl_seconds,"
                      + " r.details FROM check_results r JOIN (SELECT MAX(seq) AS seq FROM"
                      + " check_results WHERE tenant = ? AND credential_id IN ("
                      + marks(chunk.size())
                      + ") GROUP BY credential_id) latest ON r.seq = latest.seq"
                      + " WHERE r.tenant = ?",
                  params);
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(
              CredentialId.of(rs.getString(1)),
              new CheckResult(
                  CredentialState.valueOf(rs.getString(2)),
                  rs.getString(3),
                  Columns.instant(rs.getBigDecimal(4)),
                  rs.getLong(5),
                  Columns.details(rs.getString(6))));
        }
      } catch (SQLException e) {
        throw SqlErrors.translate("latest check results", e, sql.dialect);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- audit

  @Override
  public Optional<AuditEvent> lastAuditEvent(TenantId tenant) {
    open();
    AuditEvent mine = appended.get(tenant);
    if (mine != null) {
      return Optional.of(mine); // the head this unit of work holds locked
    }
    reading();
    try {
      if (!writable) {
        // Read-only: no lock (and none allowed); the newest committed event.
        return auditQuery(
                "SELECT "
                    + AUDIT_COLUMNS
                    + " FROM audit_events WHERE tenant = ?"
                    + " ORDER BY seq DESC LIMIT 1",
                List.of(tenant.value()))
            .stream()
            .findFirst();
      }
      if (sql.lockJoinedHead != null && !lockedHeads.containsKey(tenant)) {
        Optional<AuditEvent> joined = lockHeadWithLastEvent(tenant);
        if (joined != null) {
          return joined;
        }
      }
      long last = lockHead(tenant);
      if (last == 0) {
        return Optional.empty();
      }
      // A locking read, so that it sees the newest committed row whatever the isolation level.
      return auditQuery(
              "SELECT "
                  + AUDIT_COLUMNS
                  + " FROM audit_events WHERE tenant = ? AND seq = ?"
                  + " FOR UPDATE",
              List.of(tenant.value(), last))
          .stream()
          .findFirst();
    } catch (SQLException e) {
      throw SqlErrors.translate("read last audit event", e, sql.dialect);
    }
  }

  private static final String HEAD_WITH_LAST_EVENT =
      "SELECT h.last_seq, e."
          + AUDIT_COLUMNS.replace(", ", ", e.")
          + " FROM audit_chain_heads h LEFT JOIN audit_events e"
          + " ON e.tenant = h.tenant AND e.seq = h.last_seq WHERE h.tenant = ?";

  /**
   * On PostgreSQL and MariaDB: locks the tenant's chain head and reads the event it points at in
   * one round trip instead of two.
   *
   * @return the last event (empty when the chain is), or null when this could not tell: no head row
   *     yet, or the head moved while this waited for its lock (PostgreSQL then re-checks the join
   *     against the newer head and finds the older event, or no row). The two-statement path
   *     follows, and it knows the head is locked when it is.
   */
  private Optional<AuditEvent> lockHeadWithLastEvent(TenantId tenant) throws SQLException {
    try (PreparedStatement ps =
            prepare(HEAD_WITH_LAST_EVENT + sql.lockJoinedHead, List.of(tenant.value()));
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return null;
      }
      long last = rs.getLong(1);
      lockedHeads.put(tenant, last);
      if (last == 0) {
        return Optional.empty();
      }
      if (rs.getString(2) != null && rs.getLong(3) == last) {
        return Optional.of(readAuditEvent(rs, 1));
      }
      return null;
    }
  }

  /**
   * Locks the tenant's chain head row until the transaction ends, creating it if needed.
   *
   * @return the sequence of the tenant's last event, 0 if none
   */
  private long lockHead(TenantId tenant) throws SQLException {
    Long known = lockedHeads.get(tenant);
    if (known != null) {
      return known;
    }
    for (int attempt = 0; attempt < 2; attempt++) {
      try (PreparedStatement ps =
              prepare(
                  "SELECT last_seq FROM audit_chain_heads WHERE tenant = ? FOR UPDATE",
                  List.of(tenant.value()));
          ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          long last = rs.getLong(1);
          lockedHeads.put(tenant, last);
          return last;
        }
      }
      insertIfMissing(sql.insertAuditHeadIfMissing, tenant.value());
    }
    throw new IllegalStateException("audit chain head of tenant " + tenant + " cannot be created");
  }

  /**
   * The JSON of events' details, by content, for this unit of work: a batch of access events
   * repeats a few details (a cached plan's reads share theirs; reads by name differ only in their
   * field lists), and encoding them cost the writer more than a microsecond per event on H2. Keys
   * are the events' own details, which are immutable. Bounded, so that a unit of work that writes
   * events with ever-new details keeps no more than a few.
   */
  private final Map<Map<String, String>, String> detailsJson = new HashMap<>();

  private static final int DETAILS_JSON_KEPT = 64;

  private String detailsJson(Map<String, String> details) {
    String json = detailsJson.get(details);
    if (json == null) {
      json = Columns.details(details);
      if (detailsJson.size() < DETAILS_JSON_KEPT) {
        detailsJson.put(details, json);
      }
    }
    return json;
  }

  @Override
  public void appendAuditEvent(AuditEvent event) {
    writable(); // no flush: consecutive events join one batch
    try {
      long last = lockHead(event.tenant());
      if (event.sequence() != last + 1) {
        throw new IllegalStateException(
            "audit sequence " + event.sequence() + " does not follow " + last);
      }
      if (auditBatch == null) {
        auditBatch =
            connection.prepareStatement(
                "INSERT INTO audit_events ("
                    + AUDIT_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      }
      PreparedStatement ps = auditBatch;
      ps.setString(1, event.tenant().value());
      ps.setLong(2, event.sequence());
      setInstant(ps, 3, event.time());
      ps.setString(4, event.principal());
      ps.setString(5, event.action().name());
      ps.setString(6, event.credentialId().map(CredentialId::value).orElse(null));
      ps.setString(7, event.consumerId().orElse(null));
      ps.setString(8, event.clientAddress().orElse(null));
      ps.setString(9, event.correlationId().orElse(null));
      ps.setString(10, detailsJson(event.details()));
      ps.setString(11, event.previousHash());
      ps.setString(12, event.hash());
      ps.addBatch();
      batchedEvents++;
      headsToUpdate.put(event.tenant(), event.sequence());
      lockedHeads.put(event.tenant(), event.sequence());
      appended.put(event.tenant(), event);
    } catch (SQLException e) {
      throw SqlErrors.translate("append audit event", e, sql.dialect);
    }
  }

  @Override
  public Page<AuditEvent> auditEvents(TenantId tenant, AuditQuery query, PageRequest page) {
    reading();
    StringBuilder where = new StringBuilder(" WHERE tenant = ?");
    List<Object> params = new ArrayList<>();
    params.add(tenant.value());
    query
        .credentialId()
        .ifPresent(
            v -> {
              where.append(" AND credential_id = ?");
              params.add(v.value());
            });
    query
        .action()
        .ifPresent(
            v -> {
              where.append(" AND action = ?");
              params.add(v.name());
            });
    query
        .principal()
        .ifPresent(
            v -> {
              where.append(" AND principal = ?");
              params.add(v);
            });
    query
        .from()
        .ifPresent(
            v -> {
              where.append(" AND event_time >= ?");
              params.add(Columns.instant(v));
            });
    query
        .until()
        .ifPresent(
            v -> {
              where.append(" AND event_time < ?");
              params.add(Columns.instant(v));
            });
    try {
      return page(
          AUDIT_COLUMNS,
          "audit_events" + where,
          " ORDER BY seq",
          params,
          page,
          JdbcUnitOfWork::readAuditEvent);
    } catch (SQLException e) {
      throw SqlErrors.translate("read audit events", e, sql.dialect);
    }
  }

  private List<AuditEvent> auditQuery(String statement, List<?> params) throws SQLException {
    try (PreparedStatement ps = prepare(statement, params);
        ResultSet rs = ps.executeQuery()) {
      List<AuditEvent> out = new ArrayList<>();
      while (rs.next()) {
        out.add(readAuditEvent(rs));
      }
      return out;
    }
  }

  private static AuditEvent readAuditEvent(ResultSet rs) throws SQLException {
    return readAuditEvent(rs, 0);
  }

  /** Reads {@link #AUDIT_COLUMNS} from the columns after the first {@code skip}. */
  private static AuditEvent readAuditEvent(ResultSet rs, int skip) throws SQLException {
    int o = skip;
    return new AuditEvent(
        TenantId.of(rs.getString(o + 1)),
        rs.getLong(o + 2),
        Columns.instant(rs.getBigDecimal(o + 3)),
        rs.getString(o + 4),
        AuditAction.valueOf(rs.getString(o + 5)),
        Optional.ofNullable(rs.getString(o + 6)).map(CredentialId::of),
        Optional.ofNullable(rs.getString(o + 7)),
        Optional.ofNullable(rs.getString(o + 8)),
        Optional.ofNullable(rs.getString(o + 9)),
        Columns.details(rs.getString(o + 10)),
        rs.getString(o + 11),
        rs.getString(o + 12));
  }

  // ---------------------------------------------------------------- prototype documents

  @Override
  public void putPrototypeDocument(String code, String json) {
    writing();
    Objects.requireNonNull(code);
    Objects.requireNonNull(json);
    try (PreparedStatement ps = prepare(sql.upsertPrototypeDocument, List.of(code, json))) {
      ps.executeUpdate();
    } catch (SQLException e) {
      throw SqlErrors.translate("put prototype document", e, sql.dialect);
    }
  }

  @Override
  public Map<String, String> prototypeDocuments() {
    reading();
    Map<String, String> out = new HashMap<>();
    try (PreparedStatement ps =
            connection.prepareStatement("SELECT code, document FROM prototype_documents");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getString(2));
      }
      return Map.copyOf(out);
    } catch (SQLException e) {
      throw SqlErrors.translate("read prototype documents", e, sql.dialect);
    }
  }

  // ---------------------------------------------------------------- helpers

  @FunctionalInterface
  private interface SqlAction {
    void run() throws SQLException;
  }

  @FunctionalInterface
  private interface ErrorMapper {
    /** The exception to throw for a failure, or null to translate it as a storage failure. */
    RuntimeException map(SQLException e);
  }

  /**
   * Runs a statement that may fail on a constraint. On PostgreSQL, where a failed statement aborts
   * the transaction, it runs under a savepoint so that a caller who catches the resulting exception
   * can go on, as with the other databases and the in-memory repository.
   */
  private void guarded(String operation, SqlAction action, ErrorMapper mapper) throws SQLException {
    Savepoint savepoint = sql.failedStatementAbortsTransaction ? connection.setSavepoint() : null;
    try {
      action.run();
    } catch (SQLException e) {
      RuntimeException mapped = mapper.map(e);
      if (savepoint != null && mapped != null) {
        connection.rollback(savepoint);
        savepoint = null;
      }
      if (mapped != null) {
        throw mapped;
      }
      throw SqlErrors.translate(operation, e, sql.dialect);
    } finally {
      if (savepoint != null) {
        try {
          connection.releaseSavepoint(savepoint);
        } catch (SQLException ignored) {
          // The transaction failed anyway; the original exception is on its way.
        }
      }
    }
  }

  private PreparedStatement prepare(String statement, List<?> params) throws SQLException {
    PreparedStatement ps = connection.prepareStatement(statement);
    try {
      int i = 1;
      for (Object p : params) {
        if (p instanceof String s) {
          ps.setString(i++, s);
        } else if (p instanceof Boolean b) {
          ps.setBoolean(i++, b);
        } else if (p instanceof Integer n) {
          ps.setInt(i++, n);
        } else if (p instanceof Long n) {
          ps.setLong(i++, n);
        } else if (p instanceof BigDecimal d) {
          ps.setBigDecimal(i++, d);
        } else {
          throw new IllegalArgumentException("unsupported parameter type " + p.getClass());
        }
      }
      return ps;
    } catch (SQLException | RuntimeException e) {
      ps.close();
      throw e;
    }
  }

  private long count(String operation, String statement, List<?> params) {
    try (PreparedStatement ps = prepare(statement, params);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw SqlErrors.translate(operation, e, sql.dialect);
    }
  }

  private static void setInstant(PreparedStatement ps, int index, Instant instant)
      throws SQLException {
    if (instant == null) {
      ps.setNull(index, Types.DECIMAL);
    } else {
      ps.setBigDecimal(index, Columns.instant(instant));
    }
  }

  private static String fold(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  private static String escapeLike(String s) {
    return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
  }

  private static String marks(int n) {
    return String.join(", ", Collections.nCopies(n, "?"));
  }

  /** The distinct ids, as strings, in chunks small enough for one {@code IN} list each. */
  private static List<List<String>> idChunks(Collection<CredentialId> ids) {
    List<String> distinct = new ArrayList<>();
    for (CredentialId id : new LinkedHashSet<>(ids)) {
      distinct.add(id.value());
    }
    return chunks(distinct);
  }

  /** The parameters of {@code tenant = ? AND id IN (…)}: the tenant, then the ids (modifiable). */
  private static List<Object> tenantThen(TenantId tenant, List<String> ids) {
    List<Object> params = new ArrayList<>(ids.size() + 2);
    params.add(tenant.value());
    params.addAll(ids);
    return params;
  }

  private static List<List<String>> chunks(List<String> values) {
    List<List<String>> out = new ArrayList<>();
    for (int from = 0; from < values.size(); from += IN_LIMIT) {
      out.add(values.subList(from, Math.min(values.size(), from + IN_LIMIT)));
    }
    return out;
  }

  private static DuplicateCredentialException duplicateName(CredentialMetadata m) {
    return DuplicateCredentialException.forName(m.tenant(), m.name(), m.environment());
  }

  private static DuplicateCredentialException duplicateId(CredentialMetadata m) {
    return new DuplicateCredentialException(
        "a credential with id " + m.id() + " already exists; use a new id");
  }
}
