package dev.credentials.jdbc.internal;

import static dev.credentials.jdbc.internal.SqlRunner.setInstant;

import dev.credentials.AuditChainBrokenException;
import dev.credentials.CredentialId;
import dev.credentials.Page;
import dev.credentials.PageRequest;
import dev.credentials.TenantId;
import dev.credentials.audit.AuditAction;
import dev.credentials.audit.AuditEvent;
import dev.credentials.audit.AuditQuery;
import dev.credentials.spi.AuditChain;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The audit chains of a {@link JdbcUnitOfWork}: table {@code audit_events}, and per tenant a row of
 * {@code audit_chain_heads} whose lock serialises appends so that concurrent units of work never
 * fork a chain.
 *
 * <p>Events appended in a row are sent as one JDBC batch, and each tenant's chain head is updated
 * once, when anything else is done in the unit of work or before it commits ({@link #flush}): one
 * round trip for a batch of access events instead of three per event.
 */
final class JdbcAuditChain implements AuditChain {

  private static final String AUDIT_COLUMNS =
      "tenant, seq, event_time, principal, action, credential_id, consumer_id, client_address,"
          + " correlation_id, details, previous_hash, hash";

  private final JdbcUnitOfWork uow;
  private final SqlRunner run;
  private final Connection connection;
  private final DialectSql sql;

  /** Audit chain heads locked by this unit of work: tenant to last sequence. */
  private final Map<TenantId, Long> lockedHeads = new HashMap<>();

  /** The event this unit of work appended last per tenant: the chain head it holds locked. */
  private final Map<TenantId, AuditEvent> appended = new HashMap<>();

  private PreparedStatement auditBatch;
  private int batchedEvents;
  private final Map<TenantId, Long> headsToUpdate = new LinkedHashMap<>();

  JdbcAuditChain(JdbcUnitOfWork uow, SqlRunner run) {
    this.uow = uow;
    this.run = run;
    this.connection = run.connection;
    this.sql = run.sql;
  }

  /** Sends the batched events and the chain heads they moved. */
  void flush() {
    if (batchedEvents == 0 && headsToUpdate.isEmpty()) {
      return;
    }
    try {
      if (batchedEvents > 0) {
        auditBatch.executeBatch();
        batchedEvents = 0;
      }
      for (Map.Entry<TenantId, Long> head : headsToUpdate.entrySet()) {
        run.update(
            "UPDATE audit_chain_heads SET last_seq = ? WHERE tenant = ?",
            List.of(head.getValue(), head.getKey().value()));
      }
      headsToUpdate.clear();
    } catch (SQLException e) {
      throw SqlErrors.translate("append audit events", e, sql.dialect);
    }
  }

  /** Releases the batch statement; the transaction is over either way. */
  void close() {
    if (auditBatch != null) {
      try {
        auditBatch.close();
      } catch (SQLException e) {
        // the transaction is over either way
      }
      auditBatch = null;
    }
  }

  @Override
  public Optional<AuditEvent> last(TenantId tenant) {
    uow.open();
    AuditEvent mine = appended.get(tenant);
    if (mine != null) {
      return Optional.of(mine); // the head this unit of work holds locked
    }
    uow.reading();
    try {
      if (!uow.isWritable()) {
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
      Optional<AuditEvent> event =
          auditQuery(
                  "SELECT "
                      + AUDIT_COLUMNS
                      + " FROM audit_events WHERE tenant = ? AND seq = ?"
                      + " FOR UPDATE",
                  List.of(tenant.value(), last))
              .stream()
              .findFirst();
      if (event.isEmpty()) {
        throw truncated(tenant, last);
      }
      return event;
    } catch (SQLException e) {
      throw SqlErrors.translate("read last audit event", e, sql.dialect);
    }
  }

  private static final String HEAD_WITH_LAST_EVENT =
      "SELECT h.last_seq, e."
          + AUDIT_COLUMNS.replace(", ", ", e.")
          + " FROM audit_chain_heads h LEFT JOIN audit_events e"
          + " ON e.tenant = h.tenant AND e.seq = h.last_seq WHERE h.tenant = ?";

  @Override
  public long headSequence(TenantId tenant) {
    uow.reading();
    try {
      List<Long> head =
          run.query(
              "SELECT last_seq FROM audit_chain_heads WHERE tenant = ?",
              List.of(tenant.value()),
              rs -> rs.getLong(1));
      return head.isEmpty() ? 0 : head.get(0);
    } catch (SQLException e) {
      throw SqlErrors.translate("read audit chain head", e, sql.dialect);
    }
  }

  /** The head records event {@code last}, which is gone: the chain was truncated by hand. */
  private AuditChainBrokenException truncated(TenantId tenant, long last) throws SQLException {
    long remaining =
        run.count(
            "read audit chain end",
            "SELECT COALESCE(MAX(seq), 0) FROM audit_events WHERE tenant = ?",
            List.of(tenant.value()));
    return new AuditChainBrokenException(
        "the audit chain of tenant "
            + tenant
            + " ends at event "
            + remaining
            + " but its head records event "
            + last
            + ": audit events were deleted outside this library. Audited operations of the tenant"
            + " are refused until the chain is repaired; restore the missing events from a backup"
            + " or an audit sink, or follow \"Repairing a truncated audit chain\" in"
            + " docs/operations.md");
  }

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
            run.prepare(HEAD_WITH_LAST_EVENT + sql.lockJoinedHead, List.of(tenant.value()));
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
              run.prepare(
                  "SELECT last_seq FROM audit_chain_heads WHERE tenant = ? FOR UPDATE",
                  List.of(tenant.value()));
          ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          long last = rs.getLong(1);
          lockedHeads.put(tenant, last);
          return last;
        }
      }
      run.insertIfMissing(sql.insertAuditHeadIfMissing, tenant.value());
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
  public void append(AuditEvent event) {
    uow.writingInBatch(); // no flush: consecutive events join one batch
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
  public Page<AuditEvent> events(TenantId tenant, AuditQuery query, PageRequest page) {
    uow.reading();
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
      return run.page(
          AUDIT_COLUMNS,
          "audit_events" + where,
          " ORDER BY seq",
          params,
          page,
          JdbcAuditChain::readAuditEvent);
    } catch (SQLException e) {
      throw SqlErrors.translate("read audit events", e, sql.dialect);
    }
  }

  private List<AuditEvent> auditQuery(String statement, List<?> params) throws SQLException {
    try (PreparedStatement ps = run.prepare(statement, params);
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
}
