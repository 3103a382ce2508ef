package dev.credentials.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.credentials.CredentialId;
import dev.credentials.CredentialMetadata;
import dev.credentials.StorageException;
import dev.credentials.TenantId;
import dev.credentials.jdbc.Dialect;
import dev.credentials.spi.StoredCredential;
import dev.credentials.spi.UnitOfWork;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Statements kept per physical H2 connection")
class HeldStatementsTest {

  private static final String SQL = "SELECT ? + 1";

  private String url;
  private HikariDataSource pool;

  @BeforeEach
  void pool() {
    url =
        "jdbc:h2:mem:held_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(1);
    pool = new HikariDataSource(config);
  }

  @AfterEach
  void close() {
    pool.close();
  }

  private static int run(PreparedStatement ps, int n) throws Exception {
    ps.setInt(1, n);
    try (ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Test
  @DisplayName("one statement per physical connection, kept across borrows of it")
  void keptAcrossBorrows() throws Exception {
    HeldStatements held = new HeldStatements();
    PreparedStatement first;
    try (Connection c = pool.getConnection()) {
      first = held.get(c, SQL);
      assertThat(held.get(c, SQL)).isSameAs(first);
      assertThat(run(first, 1)).isEqualTo(2);
    }
    try (Connection c = pool.getConnection()) {
      // the pool's own proxy is new; the physical connection behind it is the same
      assertThat(held.get(c, SQL)).isSameAs(first);
      assertThat(run(first, 41)).isEqualTo(42);
      assertThat(held.get(c, "SELECT ? + 2")).isNotSameAs(first);
    }
    assertThat(held.connections()).isEqualTo(1);
  }

  @Test
  @DisplayName("a connection the pool retired is forgotten when its replacement comes")
  void retiredConnectionsDropped() throws Exception {
    HeldStatements held = new HeldStatements();
    PreparedStatement first;
    Connection retired;
    try (Connection c = pool.getConnection()) {
      first = held.get(c, SQL);
      retired = c.unwrap(Connection.class);
    }
    pool.getHikariPoolMXBean().softEvictConnections();
    // the pool closes an evicted connection on a thread of its own
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!retired.isClosed() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(retired.isClosed()).as("the evicted connection is closed").isTrue();
    try (Connection c = pool.getConnection()) {
      PreparedStatement second = held.get(c, SQL);
      assertThat(second).isNotSameAs(first);
      assertThat(run(second, 2)).isEqualTo(3);
    }
    assertThat(held.connections()).isEqualTo(1);
  }

  @Test
  @DisplayName("forgetting a connection closes its statements and the next read prepares afresh")
  void forget() throws Exception {
    HeldStatements held = new HeldStatements();
    try (Connection c = pool.getConnection()) {
      PreparedStatement first = held.get(c, SQL);
      held.forget(c);
      assertThat(first.isClosed()).isTrue();
      assertThat(held.connections()).isZero();
      PreparedStatement again = held.get(c, SQL);
      assertThat(again).isNotSameAs(first);
      assertThat(run(again, 3)).isEqualTo(4);
    }
  }

  @Test
  @DisplayName("only the repository's own H2 pool keeps statements; a host's data source does not")
  void onlyOwnH2Pool() throws Exception {
    try (Database own = Database.open(url, null, null, Optional.empty(), 2, 0, false)) {
      assertThat(own.heldStatements()).isNotNull();
      assertThat(read(own, u -> u.credentials().findByName(TenantId.of("t"), "x", "production")))
          .isEmpty();
      assertThat(own.heldStatements().connections()).isEqualTo(1);
    }
    JdbcDataSource host = new JdbcDataSource();
    host.setURL(url);
    try (Database hosts = Database.open(host, Optional.of(Dialect.H2), 0)) {
      assertThat(hosts.heldStatements()).isNull();
      assertThat(read(hosts, u -> u.credentials().findByName(TenantId.of("t"), "x", "production")))
          .isEmpty();
    }
  }

  @Test
  @DisplayName("a row that is not the credential asked for fails the read and writes nothing")
  void mismatchFailsLoudly() {
    // IGNORECASE makes H2 match 'DB' to the row named 'db': the row does not answer the question
    try (Database db =
        Database.open(url + ";IGNORECASE=TRUE", null, null, Optional.empty(), 2, 0, false)) {
      TenantId acme = TenantId.of("acme");
      StoredCredential s =
          new StoredCredential(metadata(acme, CredentialId.random()), new byte[] {1});
      db.run(
          u -> {
            u.credentials().insert(s);
            return null;
          },
          false);
      assertThat(read(db, u -> u.credentials().findByName(acme, "db", "production"))).isPresent();
      assertThatThrownBy(() -> read(db, u -> u.credentials().findByName(acme, "DB", "production")))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("is not the credential asked for")
          .hasMessageContaining("IGNORECASE");
      // the connection's kept statements were dropped; the next read prepares them again
      assertThat(db.heldStatements().connections()).isZero();
      assertThat(read(db, u -> u.credentials().find(acme, s.metadata().id()))).isPresent();
      // without kept statements (a host's data source) the same row fails the same way
      JdbcDataSource host = new JdbcDataSource();
      host.setURL(url + ";IGNORECASE=TRUE");
      try (Database hosts = Database.open(host, Optional.of(Dialect.H2), 0)) {
        assertThatThrownBy(
                () -> read(hosts, u -> u.credentials().findByName(acme, "DB", "production")))
            .isInstanceOf(StorageException.class)
            .hasMessageContaining("is not the credential asked for");
        assertThatThrownBy(
                () ->
                    read(
                        hosts,
                        u -> u.credentials().findByName(TenantId.of("ACME"), "db", "production")))
            .isInstanceOf(StorageException.class);
      }
    }
  }

  private static Optional<StoredCredential> read(
      Database db, Function<UnitOfWork, Optional<StoredCredential>> fn) {
    return db.run(fn, true);
  }

  private static CredentialMetadata metadata(TenantId tenant, CredentialId id) {
    return new CredentialMetadata(
        id,
        tenant,
        "postgres",
        "db",
        "production",
        "",
        Set.of(),
        true,
        Optional.empty(),
        1,
        Instant.EPOCH,
        Instant.EPOCH,
        "key-1",
        Optional.empty());
  }

  @Test
  @DisplayName("a kept statement's row must be the credential asked for")
  void rowMustMatchTheQuestion() {
    TenantId acme = TenantId.of("acme");
    CredentialId id = CredentialId.random();
    StoredCredential s = new StoredCredential(metadata(acme, id), new byte[] {1});
    assertThat(JdbcCredentialRecords.answers(s, acme, id, null, null)).isTrue();
    assertThat(JdbcCredentialRecords.answers(s, acme, null, "db", "production")).isTrue();
    assertThat(JdbcCredentialRecords.answers(s, TenantId.of("globex"), id, null, null)).isFalse();
    assertThat(JdbcCredentialRecords.answers(s, acme, CredentialId.random(), null, null)).isFalse();
    assertThat(JdbcCredentialRecords.answers(s, acme, null, "db", "staging")).isFalse();
    assertThat(JdbcCredentialRecords.answers(s, acme, null, "other", "production")).isFalse();
  }
}
