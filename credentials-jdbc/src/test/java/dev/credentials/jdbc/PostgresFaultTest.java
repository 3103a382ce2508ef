package dev.credentials.jdbc;

import static dev.credentials.jdbc.Fixtures.ACME;
import static dev.credentials.jdbc.Fixtures.T0;
import static dev.credentials.jdbc.Fixtures.cred;
import static dev.credentials.jdbc.Fixtures.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.credentials.CredentialQuery;
import dev.credentials.PageRequest;
import dev.credentials.StorageException;
import dev.credentials.audit.AuditAction;
import dev.credentials.jdbc.TestDatabases.Kind;
import dev.credentials.spi.StoredCredential;
import dev.credentials.spi.UnitOfWork;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("JDBC repository on PostgreSQL under faults")
class PostgresFaultTest {

  @Test
  @DisplayName("a connection killed in the middle of a unit of work leaves nothing written")
  void killedConnection() throws SQLException {
    String app = "cred-kill-" + UUID.randomUUID().toString().substring(0, 8);
    String url = TestDatabases.freshUrl(Kind.POSTGRESQL) + "&ApplicationName=" + app;
    StoredCredential first = cred("first").build();
    StoredCredential second = cred("second").build();
    try (JdbcCredentialRepository repository =
            JdbcCredentialRepository.builder().url(url).maximumPoolSize(2).build();
        Connection admin = TestDatabases.connect(TestDatabases.postgresUrl())) {
      int[] killed = new int[1];
      Throwable thrown =
          catchThrowable(
              () ->
                  repository.inTransaction(
                      u -> {
                        u.credentials().insert(first);
                        u.audit().last(ACME);
                        u.audit().append(event(ACME, 1, AuditAction.CREATED, Optional.empty(), T0));
                        killed[0] = terminate(admin, app);
                        u.credentials().insert(second);
                        return null;
                      }));
      assertThat(killed[0]).as("backends terminated").isEqualTo(1);
      assertThat(thrown)
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("SQLState 57P01");
      // The pool replaces the dead connection; nothing of the unit of work is there.
      assertThat(
              repository
                  .read(
                      u -> u.credentials().list(ACME, CredentialQuery.all(), PageRequest.first(5)))
                  .total())
          .isZero();
      assertThat(repository.inTransaction((UnitOfWork u) -> u.audit().last(ACME))).isEmpty();
      repository.inTransaction(
          u -> {
            u.credentials().insert(first);
            return null;
          });
      assertThat(
              repository.read((UnitOfWork u) -> u.credentials().find(ACME, first.metadata().id())))
          .contains(first);
    }
  }

  @Test
  @DisplayName(
      "with retries off, a deadlock reaches the caller as a StorageException and leaves nothing")
  void deadlockWithoutRetries() throws Exception {
    String url = TestDatabases.freshUrl(Kind.POSTGRESQL);
    try (JdbcCredentialRepository repository =
        JdbcCredentialRepository.builder().url(url).retries(0).build()) {
      java.util.concurrent.CyclicBarrier barrier = new java.util.concurrent.CyclicBarrier(2);
      java.util.concurrent.ExecutorService pool =
          java.util.concurrent.Executors.newFixedThreadPool(2);
      try {
        java.util.concurrent.Future<Throwable> one =
            pool.submit(() -> catchThrowable(() -> cross(repository, "a", "b", barrier)));
        java.util.concurrent.Future<Throwable> two =
            pool.submit(() -> catchThrowable(() -> cross(repository, "b", "a", barrier)));
        Throwable first = one.get(60, java.util.concurrent.TimeUnit.SECONDS);
        Throwable second = two.get(60, java.util.concurrent.TimeUnit.SECONDS);
        Throwable failure = first != null ? first : second;
        assertThat(first == null || second == null).as("exactly one succeeds").isTrue();
        assertThat(failure)
            .isInstanceOf(StorageException.class)
            .hasMessageContaining("SQLState 40P01")
            .hasMessageContaining("retry the operation");
      } finally {
        pool.shutdownNow();
      }
      assertThat(
              repository
                  .read(
                      u -> u.credentials().list(ACME, CredentialQuery.all(), PageRequest.first(10)))
                  .total())
          .as("only the winner's credential")
          .isEqualTo(1);
    }
  }

  /**
   * Inserts credential {@code first}, waits for the other thread, then consumer-locks the other.
   */
  private static Object cross(
      JdbcCredentialRepository repository,
      String first,
      String second,
      java.util.concurrent.CyclicBarrier barrier) {
    return repository.inTransaction(
        u -> {
          u.bindings().putConsumer(ACME, dev.credentials.Consumer.of(first, "t"));
          try {
            barrier.await(30, java.util.concurrent.TimeUnit.SECONDS);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
          u.bindings().putConsumer(ACME, dev.credentials.Consumer.of(second, "t"));
          u.credentials().insert(cred(first).build());
          return null;
        });
  }

  private static int terminate(Connection admin, String app) {
    try (PreparedStatement ps =
        admin.prepareStatement(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                + " WHERE application_name = ? AND state = 'idle in transaction'")) {
      ps.setString(1, app);
      int n = 0;
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          n += rs.getBoolean(1) ? 1 : 0;
        }
      }
      Thread.sleep(200);
      return n;
    } catch (SQLException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  @DisplayName(
      "delete overwrites the sealed value with zeros of the same length before removing the row")
  void secureDelete() throws SQLException {
    String url = TestDatabases.freshUrl(Kind.POSTGRESQL);
    try (JdbcCredentialRepository repository =
        JdbcCredentialRepository.builder().url(url).build()) {
      StoredCredential s = cred("db").build();
      repository.inTransaction(
          u -> {
            u.credentials().insert(s);
            return null;
          });
      TestDatabases.execute(
          url,
          "CREATE TABLE sealed_writes (old_len INT, new_len INT, all_zero BOOLEAN)",
          "CREATE FUNCTION capture_sealed() RETURNS trigger AS $$ BEGIN"
              + " INSERT INTO sealed_writes VALUES (length(OLD.sealed_value),"
              + " length(NEW.sealed_value),"
              + " NEW.sealed_value = decode(repeat('00', length(NEW.sealed_value)), 'hex'));"
              + " RETURN NEW; END $$ LANGUAGE plpgsql",
          "CREATE TRIGGER capture_sealed BEFORE UPDATE ON credentials FOR EACH ROW"
              + " EXECUTE FUNCTION capture_sealed()");
      assertThat(
              repository.inTransaction(
                  (UnitOfWork u) -> u.credentials().delete(ACME, s.metadata().id())))
          .isTrue();
      try (Connection c = TestDatabases.connect(url);
          ResultSet rs =
              c.createStatement()
                  .executeQuery("SELECT old_len, new_len, all_zero FROM sealed_writes")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(s.sealedValues().length);
        assertThat(rs.getInt(2)).isEqualTo(s.sealedValues().length);
        assertThat(rs.getBoolean(3)).isTrue();
        assertThat(rs.next()).isFalse();
      }
    }
  }
}
