package dev.credentials.benchmarks;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.RegistryConfiguration;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.credentials.Caller;
import dev.credentials.CredentialId;
import dev.credentials.CredentialMetadata;
import dev.credentials.NewCredential;
import dev.credentials.PageRequest;
import dev.credentials.Principal;
import dev.credentials.RevealedCredential;
import dev.credentials.Secret;
import dev.credentials.TenantId;
import dev.credentials.audit.AuditQuery;
import dev.credentials.core.CredentialKeys;
import dev.credentials.core.Credentials;
import dev.credentials.core.SealerSeam;
import dev.credentials.jdbc.JdbcCredentialRepository;
import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.FieldType;
import dev.credentials.prototype.Prototype;
import dev.credentials.spi.CredentialRepository;
import dev.credentials.spi.StoredCredential;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * On H2 and PostgreSQL: a cold resolve of one credential (no cache involved) against one raw JDBC
 * primary-key select of the same row plus its decrypt ({@link #rawRowSelectAndDecrypt}: the whole
 * row, which a resolve returns; {@link #rawPrimaryKeySelectAndDecrypt}: only the three columns the
 * decrypt needs; each also on a pooled connection), and a create (validate, seal, insert and audit
 * in one transaction) against a raw JDBC insert of the same two rows. PostgreSQL is the one at
 * {@code CREDENTIALS_TEST_POSTGRES_URL}, default {@code
 * jdbc:postgresql://127.0.0.1:5432/test?user=postgres}, in a schema of its own.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// A fixed, pre-touched heap: with a growing heap the garbage collector's shrinking and regrowing
// showed up as page faults (kernel page clearing) in the allocating side of a comparison only.
@Fork(
    value = 1,
    jvmArgsAppend = {
      "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
      "-Xms2g",
      "-Xmx2g",
      "-XX:+AlwaysPreTouch"
    })
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class JdbcBenchmark {

  static final TenantId TENANT = TenantId.of("bench");
  static final CredentialId NO_SUCH_CREDENTIAL = CredentialId.random();
  static final Caller ADMIN = Caller.of(TENANT, Principal.admin("bench", TENANT));

  @Param({"h2", "postgresql"})
  public String database;

  /** How access events reach the audit log; see {@link AuditModes}. */
  @Param({"batched", "caller", "synchronous"})
  public String audit;

  Path dir;
  String schema;
  String rawUrl;
  JdbcCredentialRepository repository;
  Credentials engine;
  Credentials headOnlyEngine;
  Connection raw;
  HikariDataSource pool;
  PreparedStatement select;
  PreparedStatement selectRow;
  final Object[] rowColumns = new Object[20];
  final long[] rowNumbers = new long[3];
  PreparedStatement insertCredential;
  PreparedStatement insertAudit;
  PreparedStatement lockRawHead;
  PreparedStatement updateRawHead;
  Aead aead;
  SealerSeam sealer;
  CredentialMetadata credential;
  byte[] associatedData;
  byte[] sampleCiphertext;
  final AtomicLong sequence = new AtomicLong();
  final AtomicLong names = new AtomicLong();

  static Prototype prototype() {
    return Prototype.builder("bench-db")
        .field(FieldDefinition.builder("DB_HOST", FieldType.STRING).required(true).build())
        .field(
            FieldDefinition.builder("DB_PORT", FieldType.INTEGER)
                .minimum(BigDecimal.ONE)
                .maximum(BigDecimal.valueOf(65535))
                .build())
        .field(FieldDefinition.builder("DB_NAME", FieldType.STRING).required(true).build())
        .field(FieldDefinition.builder("DB_USER", FieldType.STRING).required(true).build())
        .field(FieldDefinition.builder("DB_PASSWORD", FieldType.PASSWORD).required(true).build())
        .field(FieldDefinition.builder("DB_SSL", FieldType.BOOLEAN).build())
        .build();
  }

  static NewCredential credential(String name) {
    return NewCredential.builder("bench-db", name)
        .value("DB_HOST", "db-primary.reporting.internal.example.com")
        .value("DB_PORT", "5432")
        .value("DB_NAME", "reporting")
        .value("DB_USER", "report_writer")
        .secret("DB_PASSWORD", Secret.of("9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c"))
        .value("DB_SSL", "true")
        .build();
  }

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    if (database.equals("h2")) {
      dir = Files.createTempDirectory("credentials-bench");
      repository = JdbcCredentialRepository.h2File(dir);
      rawUrl = "jdbc:h2:file:" + dir.resolve("credentials");
    } else {
      String base =
          System.getenv()
              .getOrDefault(
                  "CREDENTIALS_TEST_POSTGRES_URL",
                  "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
      schema = "bench_" + UUID.randomUUID().toString().replace("-", "");
      try (Connection c = DriverManager.getConnection(base);
          Statement s = c.createStatement()) {
        s.execute("CREATE SCHEMA " + schema);
      }
      rawUrl = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
      repository = JdbcCredentialRepository.builder().url(rawUrl).build();
    }
    CredentialKeys keys = CredentialKeys.generate();
    sealer = new SealerSeam(keys);
    aead = keys.keyset().getPrimitive(RegistryConfiguration.get(), Aead.class);
    engine = engine(repository, keys);
    credential = engine.store().create(ADMIN, credential("resolved"));
    headOnlyEngine = engine(new HeadOnlyAudit(repository), keys);
    associatedData =
        ("dev.credentials/v1\u0000" + TENANT.value() + "\u0000" + credential.id().value())
            .getBytes(StandardCharsets.UTF_8);
    raw = DriverManager.getConnection(rawUrl);
    select = raw.prepareStatement(PRIMARY_KEY_SELECT);
    selectRow = raw.prepareStatement(PRIMARY_KEY_ROW_SELECT);
    HikariConfig poolConfig = new HikariConfig();
    poolConfig.setJdbcUrl(rawUrl);
    poolConfig.setMaximumPoolSize(2);
    pool = new HikariDataSource(poolConfig);
    insertCredential =
        raw.prepareStatement(
            "INSERT INTO credentials (tenant, id, prototype, name, name_folded, environment,"
                + " description, tags, active, expires_at, version, created_at, updated_at,"
                + " key_id, sealed_value) VALUES (?, ?, 'bench-db', ?, ?, 'production', '', '',"
                + " TRUE, NULL, 1, 1.0, 1.0, ?, ?)");
    insertAudit =
        raw.prepareStatement(
            "INSERT INTO audit_events (tenant, seq, event_time, principal, action,"
                + " credential_id, details, previous_hash, hash) VALUES (?, ?, 1.0, 'user:bench',"
                + " 'CREATED', ?, '', ?, ?)");
    try (ResultSet rs = query(credential.id().value())) {
      rs.next();
      sampleCiphertext = rs.getBytes(1);
    }
    try (PreparedStatement head =
        raw.prepareStatement("INSERT INTO audit_chain_heads (tenant) VALUES (?)")) {
      head.setString(1, RAW_WRITES);
      head.executeUpdate();
    }
    lockRawHead =
        raw.prepareStatement("SELECT last_seq FROM audit_chain_heads WHERE tenant = ? FOR UPDATE");
    updateRawHead =
        raw.prepareStatement("UPDATE audit_chain_heads SET last_seq = ? WHERE tenant = ?");
  }

  static final String PRIMARY_KEY_SELECT =
      "SELECT sealed_value, key_id, version FROM credentials WHERE tenant = ? AND id = ?";

  /** The whole row a resolve returns: every column of the credential's metadata and its value. */
  static final String PRIMARY_KEY_ROW_SELECT =
      "SELECT tenant, id, prototype, name, name_folded, environment, description, tags, active,"
          + " expires_at, version, created_at, updated_at, key_id, sealed_value, last_test_state,"
          + " last_test_message, last_test_at, last_test_ttl, last_test_details"
          + " FROM credentials WHERE tenant = ? AND id = ?";

  ResultSet query(String id) throws Exception {
    select.setString(1, TENANT.value());
    select.setString(2, id);
    return select.executeQuery();
  }

  /** Writes the journal out between iterations, unmeasured (matters for {@code caller}). */
  @TearDown(Level.Iteration)
  public void writeJournal() {
    writeJournal(engine);
  }

  static void writeJournal(Credentials engine) {
    // a query flushes the journal first; one for an unknown credential costs no more than that
    engine
        .audit()
        .query(ADMIN, AuditQuery.all().withCredential(NO_SUCH_CREDENTIAL), PageRequest.first(1));
  }

  private Credentials engine(CredentialRepository over, CredentialKeys keys) {
    return Credentials.builder()
        .repository(over)
        .keys(keys)
        .discoverPrototypes(false)
        .slf4jReporter(false)
        .prototype(prototype())
        .accessAudit(AuditModes.of(audit))
        .build();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    raw.close();
    pool.close();
    engine.close();
    headOnlyEngine.close();
    repository.close();
    if (schema != null) {
      String base =
          System.getenv()
              .getOrDefault(
                  "CREDENTIALS_TEST_POSTGRES_URL",
                  "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
      try (Connection c = DriverManager.getConnection(base);
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** One credential by name: select, checks, decrypt, and the access audited. */
  @Benchmark
  public RevealedCredential coldResolveByName() {
    return engine.resolver().byName(ADMIN, "resolved");
  }

  /**
   * The narrow raw floor: a held primary-key select of the three columns of the row that the
   * decrypt needs, and the decrypt.
   */
  @Benchmark
  public byte[] rawPrimaryKeySelectAndDecrypt() throws Exception {
    try (ResultSet rs = query(credential.id().value())) {
      rs.next();
      return aead.decrypt(rs.getBytes(1), associatedData);
    }
  }

  /**
   * The raw floor for the whole row: the same held statement shape, selecting every column a
   * resolve returns (its metadata, value and last test) and reading each with its plain getter,
   * then the decrypt. No objects are built from the columns.
   *
   * @return the plaintext
   * @throws Exception if H2 or Tink fails
   */
  @Benchmark
  public byte[] rawRowSelectAndDecrypt() throws Exception {
    selectRow.setString(1, TENANT.value());
    selectRow.setString(2, credential.id().value());
    try (ResultSet rs = selectRow.executeQuery()) {
      return aead.decrypt(readRow(rs), associatedData);
    }
  }

  /** Reads each column of the whole row with its plain getter; returns the sealed value. */
  private byte[] readRow(ResultSet rs) throws Exception {
    rs.next();
    Object[] c = rowColumns;
    for (int i = 1; i <= 8; i++) {
      c[i - 1] = rs.getString(i);
    }
    rowNumbers[0] = rs.getBoolean(9) ? 1 : 0;
    c[9] = rs.getBigDecimal(10);
    rowNumbers[1] = rs.getLong(11);
    c[11] = rs.getBigDecimal(12);
    c[12] = rs.getBigDecimal(13);
    c[13] = rs.getString(14);
    byte[] sealed = rs.getBytes(15);
    c[15] = rs.getString(16);
    c[16] = rs.getString(17);
    c[17] = rs.getBigDecimal(18);
    rowNumbers[2] = rs.getLong(19);
    c[19] = rs.getString(20);
    return sealed;
  }

  /**
   * {@link #rawRowSelectAndDecrypt} written the way a multi-threaded application writes JDBC, as
   * {@link #pooledPrimaryKeySelectAndDecrypt} is: a connection borrowed from a HikariCP pool
   * (default settings) and a statement prepared for the one query, both closed after it. A resolve
   * borrows a pooled connection too (but keeps its statement on it).
   *
   * @return the plaintext
   * @throws Exception if H2 or Tink fails
   */
  @Benchmark
  public byte[] pooledRowSelectAndDecrypt() throws Exception {
    try (Connection c = pool.getConnection();
        PreparedStatement ps = c.prepareStatement(PRIMARY_KEY_ROW_SELECT)) {
      ps.setString(1, TENANT.value());
      ps.setString(2, credential.id().value());
      try (ResultSet rs = ps.executeQuery()) {
        return aead.decrypt(readRow(rs), associatedData);
      }
    }
  }

  /**
   * The same floor written the way a multi-threaded application writes JDBC: a connection borrowed
   * from a HikariCP pool (default settings) and a statement prepared for the one query, both closed
   * after it. The floor above keeps one connection and one statement for the whole run.
   */
  @Benchmark
  public byte[] pooledPrimaryKeySelectAndDecrypt() throws Exception {
    try (Connection c = pool.getConnection();
        PreparedStatement ps = c.prepareStatement(PRIMARY_KEY_SELECT)) {
      ps.setString(1, TENANT.value());
      ps.setString(2, credential.id().value());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return aead.decrypt(rs.getBytes(1), associatedData);
      }
    }
  }

  /**
   * Attribution: the repository's read of the credential by name alone (pool, statement, all
   * columns, metadata), without the engine's checks, decryption and audit.
   */
  @Benchmark
  public Optional<StoredCredential> repositoryReadByName() {
    return repository.read(
        uow -> uow.credentials().findByName(TENANT, "resolved", credential.environment()));
  }

  /**
   * Attribution for {@link JdbcCpuTime} (not a JMH benchmark): the repository's read and a raw Tink
   * decrypt of what it read.
   *
   * @return the plaintext
   * @throws Exception if Tink fails
   */
  public byte[] readAndDecrypt() throws Exception {
    StoredCredential s = repositoryReadByName().orElseThrow();
    return aead.decrypt(s.sealedValues(), associatedData);
  }

  /**
   * Attribution for {@link JdbcCpuTime} (not a JMH benchmark): the repository's read and the
   * engine's opening (decrypt and decode into secrets), without the checks and the audit.
   *
   * @return the values
   */
  public Map<String, Secret> readAndOpen() {
    StoredCredential s = repositoryReadByName().orElseThrow();
    return sealer.open(TENANT, s.metadata().id(), s.metadata().keyId(), s.sealedValues());
  }

  /**
   * Attribution for {@link #coldResolveByNameWithoutAuditRowsBurst} and {@link JdbcCpuTime} (not a
   * JMH benchmark): {@link #coldResolveByName} by the engine that writes no audit rows.
   *
   * @return the credential
   */
  public RevealedCredential resolveWithoutAuditRows() {
    return headOnlyEngine.resolver().byName(ADMIN, "resolved");
  }

  /** Operations per invocation of the burst benchmarks. */
  static final int BURST = 1000;

  /**
   * For the burst benchmarks: after each burst, unmeasured, the access events it recorded are
   * written out. Run them with {@code -p audit=caller}: the caller's share of a cold resolve,
   * without the writer running beside it and without the journal growing for a whole iteration
   * (which makes the plain benchmarks' {@code caller} figure pay for copying a million queued
   * events in the garbage collector).
   */
  @State(Scope.Thread)
  public static class AfterEachBurst {
    /**
     * Writes out the journal.
     *
     * @param b the benchmark
     */
    @TearDown(Level.Invocation)
    public void writeJournal(JdbcBenchmark b) {
      b.writeJournal();
    }
  }

  /**
   * {@link #coldResolveByName} {@value #BURST} times in a row, per operation.
   *
   * @param after writes out the burst's access events, unmeasured
   * @param bh the sink
   */
  @Benchmark
  @OperationsPerInvocation(BURST)
  @Warmup(iterations = 10, time = 2)
  @Measurement(iterations = 5, time = 3)
  public void coldResolveByNameBurst(AfterEachBurst after, Blackhole bh) {
    for (int i = 0; i < BURST; i++) {
      bh.consume(coldResolveByName());
    }
  }

  /**
   * For {@link #coldResolveByNameWithoutAuditRowsBurst}: after each burst, unmeasured, the access
   * events it recorded are written out to audit heads only (see {@link HeadOnlyAudit}).
   */
  @State(Scope.Thread)
  public static class AfterEachHeadOnlyBurst {
    /**
     * Writes out the journal.
     *
     * @param b the benchmark
     */
    @TearDown(Level.Invocation)
    public void writeJournal(JdbcBenchmark b) {
      JdbcBenchmark.writeJournal(b.headOnlyEngine);
    }
  }

  /**
   * Attribution: {@link #coldResolveByNameBurst} by an engine whose audit events are not written to
   * the database ({@link HeadOnlyAudit} over the same repository; everything else is read from and
   * written to H2 as usual). The engine still records, hashes and appends every access event.
   * Beside {@link #coldResolveByNameBurst}, it shows what the audit rows written between bursts do
   * to the reads of the next burst.
   *
   * @param after writes out the burst's access events to audit heads, unmeasured
   * @param bh the sink
   */
  @Benchmark
  @OperationsPerInvocation(BURST)
  @Warmup(iterations = 10, time = 2)
  @Measurement(iterations = 5, time = 3)
  public void coldResolveByNameWithoutAuditRowsBurst(AfterEachHeadOnlyBurst after, Blackhole bh) {
    for (int i = 0; i < BURST; i++) {
      bh.consume(resolveWithoutAuditRows());
    }
  }

  /**
   * {@link #rawPrimaryKeySelectAndDecrypt} in the same shape as {@link #coldResolveByNameBurst}.
   *
   * @param after as for the resolve (nothing to write here)
   * @param bh the sink
   * @throws Exception if H2 or Tink fails
   */
  @Benchmark
  @OperationsPerInvocation(BURST)
  @Warmup(iterations = 10, time = 2)
  @Measurement(iterations = 5, time = 3)
  public void rawPrimaryKeySelectAndDecryptBurst(AfterEachBurst after, Blackhole bh)
      throws Exception {
    for (int i = 0; i < BURST; i++) {
      bh.consume(rawPrimaryKeySelectAndDecrypt());
    }
  }

  /**
   * {@link #rawRowSelectAndDecrypt} in the same shape as {@link #coldResolveByNameBurst}.
   *
   * @param after as for the resolve (nothing to write here)
   * @param bh the sink
   * @throws Exception if H2 or Tink fails
   */
  @Benchmark
  @OperationsPerInvocation(BURST)
  @Warmup(iterations = 10, time = 2)
  @Measurement(iterations = 5, time = 3)
  public void rawRowSelectAndDecryptBurst(AfterEachBurst after, Blackhole bh) throws Exception {
    for (int i = 0; i < BURST; i++) {
      bh.consume(rawRowSelectAndDecrypt());
    }
  }

  /** The tenant of the raw audit rows {@link AfterEachBurstWithRawWrites} writes. */
  static final String RAW_WRITES = "raw-writes";

  /**
   * Writes, on the floor's own connection, what the audit writer writes for a burst of the resolve,
   * with the same statements in one transaction: the tenant's chain head locked, {@value #BURST}
   * audit rows inserted in a batch, the head updated.
   *
   * @throws Exception if the database fails
   */
  void writeRawAuditRows() throws Exception {
    raw.setAutoCommit(false);
    try {
      lockRawHead.setString(1, RAW_WRITES);
      long last;
      try (ResultSet rs = lockRawHead.executeQuery()) {
        last = rs.next() ? rs.getLong(1) : 0;
      }
      for (int i = 1; i <= BURST; i++) {
        insertAudit.setString(1, RAW_WRITES);
        insertAudit.setLong(2, last + i);
        insertAudit.setString(3, credential.id().value());
        insertAudit.setString(4, "0".repeat(64));
        insertAudit.setString(5, "1".repeat(64));
        insertAudit.addBatch();
      }
      insertAudit.executeBatch();
      updateRawHead.setLong(1, last + BURST);
      updateRawHead.setString(2, RAW_WRITES);
      updateRawHead.executeUpdate();
      raw.commit();
    } finally {
      raw.setAutoCommit(true);
    }
  }

  /**
   * For {@link #rawRowSelectAndDecryptAfterWritesBurst}: after each burst, unmeasured, the raw
   * writes of {@link #writeRawAuditRows}.
   */
  @State(Scope.Thread)
  public static class AfterEachBurstWithRawWrites {
    /**
     * Writes the rows.
     *
     * @param b the benchmark
     * @throws Exception if the database fails
     */
    @TearDown(Level.Invocation)
    public void writeRows(JdbcBenchmark b) throws Exception {
      b.writeRawAuditRows();
    }
  }

  /**
   * Attribution: {@link #rawRowSelectAndDecryptBurst} in a JVM that also writes what the resolve's
   * audit writer writes ({@link #writeRawAuditRows}, between bursts, unmeasured), so that its H2
   * code is compiled for reads and writes alike, as in the resolve's fork.
   *
   * @param after writes the raw audit rows, unmeasured
   * @param bh the sink
   * @throws Exception if H2 or Tink fails
   */
  @Benchmark
  @OperationsPerInvocation(BURST)
  @Warmup(iterations = 10, time = 2)
  @Measurement(iterations = 5, time = 3)
  public void rawRowSelectAndDecryptAfterWritesBurst(
      AfterEachBurstWithRawWrites after, Blackhole bh) throws Exception {
    for (int i = 0; i < BURST; i++) {
      bh.consume(rawRowSelectAndDecrypt());
    }
  }

  /**
   * {@link #pooledPrimaryKeySelectAndDecrypt} in the same shape as {@link #coldResolveByNameBurst}.
   *
   * @param after as for the resolve (nothing to write here)
   * @param bh the sink
   * @throws Exception if H2 or Tink fails
   */
  @Benchmark
  @OperationsPerInvocation(BURST)
  @Warmup(iterations = 10, time = 2)
  @Measurement(iterations = 5, time = 3)
  public void pooledPrimaryKeySelectAndDecryptBurst(AfterEachBurst after, Blackhole bh)
      throws Exception {
    for (int i = 0; i < BURST; i++) {
      bh.consume(pooledPrimaryKeySelectAndDecrypt());
    }
  }

  /**
   * {@link #pooledRowSelectAndDecrypt} in the same shape as {@link #coldResolveByNameBurst}.
   *
   * @param after as for the resolve (nothing to write here)
   * @param bh the sink
   * @throws Exception if H2 or Tink fails
   */
  @Benchmark
  @OperationsPerInvocation(BURST)
  @Warmup(iterations = 10, time = 2)
  @Measurement(iterations = 5, time = 3)
  public void pooledRowSelectAndDecryptBurst(AfterEachBurst after, Blackhole bh) throws Exception {
    for (int i = 0; i < BURST; i++) {
      bh.consume(pooledRowSelectAndDecrypt());
    }
  }

  /** Validate, seal, insert and audit in one transaction. */
  @Benchmark
  public CredentialMetadata create() {
    return engine.store().create(ADMIN, credential("c-" + names.incrementAndGet()));
  }

  /** The raw floor: the same two rows inserted in one transaction. */
  @Benchmark
  public int rawInsertOfTheSameTwoRows() throws Exception {
    String id = UUID.randomUUID().toString();
    String name = "raw-" + names.incrementAndGet();
    raw.setAutoCommit(false);
    try {
      insertCredential.setString(1, "raw");
      insertCredential.setString(2, id);
      insertCredential.setString(3, name);
      insertCredential.setString(4, name);
      insertCredential.setString(5, credential.keyId());
      insertCredential.setBytes(6, sampleCiphertext);
      int n = insertCredential.executeUpdate();
      insertAudit.setString(1, "raw");
      insertAudit.setLong(2, sequence.incrementAndGet());
      insertAudit.setString(3, id);
      insertAudit.setString(4, "0".repeat(64));
      insertAudit.setString(5, "1".repeat(64));
      n += insertAudit.executeUpdate();
      raw.commit();
      return n;
    } finally {
      raw.setAutoCommit(true);
    }
  }
}
