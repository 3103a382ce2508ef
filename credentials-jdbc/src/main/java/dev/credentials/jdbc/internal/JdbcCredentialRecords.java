package dev.credentials.jdbc.internal;

import static dev.credentials.jdbc.internal.SqlRunner.IN_LIMIT;
import static dev.credentials.jdbc.internal.SqlRunner.chunks;
import static dev.credentials.jdbc.internal.SqlRunner.idChunks;
import static dev.credentials.jdbc.internal.SqlRunner.marks;
import static dev.credentials.jdbc.internal.SqlRunner.setInstant;
import static dev.credentials.jdbc.internal.SqlRunner.tenantThen;

import dev.credentials.CheckResult;
import dev.credentials.ConcurrentCredentialModificationException;
import dev.credentials.CredentialId;
import dev.credentials.CredentialMetadata;
import dev.credentials.CredentialQuery;
import dev.credentials.CredentialState;
import dev.credentials.DuplicateCredentialException;
import dev.credentials.Page;
import dev.credentials.PageRequest;
import dev.credentials.StorageException;
import dev.credentials.TenantId;
import dev.credentials.spi.CredentialRecords;
import dev.credentials.spi.StoredCredential;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The credential rows of a {@link JdbcUnitOfWork}: table {@code credentials} with its tags in
 * {@code credential_tags}. Behaves exactly like the in-memory reference repository: same ordering,
 * same exceptions, same tenant scoping.
 */
final class JdbcCredentialRecords implements CredentialRecords {

  static final String CREDENTIAL_COLUMNS =
      "tenant, id, prototype, name, name_folded, environment, description, tags, active,"
          + " expires_at, version, created_at, updated_at, key_id, sealed_value, last_test_state,"
          + " last_test_message, last_test_at, last_test_ttl, last_test_details, source_ref";

  private static final String SELECT_CREDENTIAL =
      "SELECT " + CREDENTIAL_COLUMNS + " FROM credentials";

  private static final String ORDER_BY_NAME = " ORDER BY name, environment, id";

  private final JdbcUnitOfWork uow;
  private final SqlRunner run;
  private final Connection connection;
  private final DialectSql sql;

  /** Statements kept on the physical connection for the single-credential reads, or null. */
  private final HeldStatements held;

  JdbcCredentialRecords(JdbcUnitOfWork uow, SqlRunner run, HeldStatements held) {
    this.uow = uow;
    this.run = run;
    this.connection = run.connection;
    this.sql = run.sql;
    this.held = held;
  }

  @Override
  public void insert(StoredCredential credential) {
    uow.writing();
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
                  + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
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
    ps.setString(i++, m.source().map(Columns::source).orElse(null));
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
  public void update(StoredCredential credential, long expectedVersion) {
    uow.writing();
    CredentialMetadata m = credential.metadata();
    try {
      int[] updated = new int[1];
      run.guarded(
          "update credential",
          () -> {
            try (PreparedStatement ps =
                connection.prepareStatement(
                    "UPDATE credentials SET prototype = ?, name = ?, name_folded = ?,"
                        + " environment = ?, description = ?, tags = ?, active = ?,"
                        + " expires_at = ?, version = ?, created_at = ?, updated_at = ?,"
                        + " key_id = ?, sealed_value = ?, last_test_state = ?,"
                        + " last_test_message = ?, last_test_at = ?, last_test_ttl = ?,"
                        + " last_test_details = ?, source_ref = ?"
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
      deleteRows(
          "DELETE FROM credential_tags WHERE tenant = ? AND credential_id = ?", m.tenant(), m.id());
      insertTags(m);
    } catch (SQLException e) {
      throw SqlErrors.translate("update credential", e, sql.dialect);
    }
  }

  @Override
  public boolean delete(TenantId tenant, CredentialId id) {
    uow.writing();
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
      deleteRows("DELETE FROM bindings WHERE tenant = ? AND credential_id = ?", tenant, id);
      deleteRows("DELETE FROM tenant_defaults WHERE tenant = ? AND credential_id = ?", tenant, id);
      deleteRows("DELETE FROM check_results WHERE tenant = ? AND credential_id = ?", tenant, id);
      deleteRows("DELETE FROM credential_tags WHERE tenant = ? AND credential_id = ?", tenant, id);
      uow.versions().trim(tenant, id, 0);
      deleteRows("DELETE FROM expiry_reminders WHERE tenant = ? AND credential_id = ?", tenant, id);
      deleteRows("DELETE FROM credentials WHERE tenant = ? AND id = ?", tenant, id);
      return true;
    } catch (SQLException e) {
      throw SqlErrors.translate("delete credential", e, sql.dialect);
    }
  }

  private int deleteRows(String statement, TenantId tenant, CredentialId id) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(statement)) {
      ps.setString(1, tenant.value());
      ps.setString(2, id.value());
      return ps.executeUpdate();
    }
  }

  @Override
  public Optional<StoredCredential> find(TenantId tenant, CredentialId id) {
    uow.reading();
    return oneCredential("credential", CREDENTIAL_BY_ID, tenant, id, null, null);
  }

  @Override
  public Map<CredentialId, StoredCredential> findAll(
      TenantId tenant, Collection<CredentialId> ids) {
    uow.reading();
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
  public Optional<StoredCredential> findByName(TenantId tenant, String name, String environment) {
    uow.reading();
    if (hasUnpairedSurrogate(name) || hasUnpairedSurrogate(environment)) {
      // No stored name holds one (UTF-8 cannot encode it; the engine refuses such names), and a
      // driver would send it as '?', which could match another credential's name.
      return Optional.empty();
    }
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
  public Page<StoredCredential> list(TenantId tenant, CredentialQuery query, PageRequest page) {
    uow.reading();
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
      return run.page(
          CREDENTIAL_COLUMNS,
          "credentials" + where,
          ORDER_BY_NAME,
          params,
          page,
          JdbcCredentialRecords::readCredential);
    } catch (SQLException e) {
      throw SqlErrors.translate("list credentials", e, sql.dialect);
    }
  }

  @Override
  public List<StoredCredential> ofPrototypes(TenantId tenant, Set<String> prototypeCodes) {
    uow.reading();
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
  public List<StoredCredential> candidates(
      TenantId tenant, Set<String> prototypeCodes, Instant now, int limit) {
    uow.reading();
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be at least 0, got " + limit);
    }
    if (prototypeCodes.isEmpty() || limit == 0) {
      return new ArrayList<>();
    }
    if (prototypeCodes.size() > IN_LIMIT) {
      return CredentialRecords.super.candidates(tenant, prototypeCodes, now, limit);
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
  public List<StoredCredential> expiringBefore(TenantId tenant, Instant before) {
    uow.reading();
    return credentialQuery(
        "credentials expiring",
        SELECT_CREDENTIAL
            + " WHERE tenant = ? AND active = ? AND expires_at IS NOT NULL AND expires_at < ?"
            + " ORDER BY expires_at, name, environment, id",
        List.of(tenant.value(), true, Columns.instant(before)));
  }

  @Override
  public Map<String, Long> countByKeyId() {
    uow.reading();
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
  public List<StoredCredential> notSealedWith(String keyId, int limit) {
    uow.reading();
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
    try (PreparedStatement ps = run.prepare(statement, params);
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
            lastTest,
            Optional.ofNullable(rs.getString(21)).map(Columns::source));
    return new StoredCredential(m, rs.getBytes(15));
  }

  /** Whether a string holds a lone half of a UTF-16 surrogate pair. */
  static boolean hasUnpairedSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  private static String fold(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  private static String escapeLike(String s) {
    return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
  }

  private static DuplicateCredentialException duplicateName(CredentialMetadata m) {
    return DuplicateCredentialException.forName(m.tenant(), m.name(), m.environment());
  }

  private static DuplicateCredentialException duplicateId(CredentialMetadata m) {
    return new DuplicateCredentialException(
        "a credential with id " + m.id() + " already exists; use a new id");
  }
}
