package dev.credentials.jdbc;

import static dev.credentials.jdbc.Fixtures.ACME;
import static dev.credentials.jdbc.Fixtures.T0;
import static dev.credentials.jdbc.Fixtures.cred;
import static dev.credentials.jdbc.Fixtures.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.credentials.ErrorCode;
import dev.credentials.StorageException;
import dev.credentials.StorageOutcomeUnknownException;
import dev.credentials.audit.AuditAction;
import dev.credentials.jdbc.TestDatabases.Kind;
import dev.credentials.spi.StoredCredential;
import dev.credentials.spi.UnitOfWork;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A connection killed with {@code pg_terminate_backend} from another connection while the unit of
 * work commits: the repository cannot know whether the commit happened, and says so with {@link
 * StorageOutcomeUnknownException}, never with "nothing was written".
 */
@DisplayName("JDBC repository on PostgreSQL: a commit whose outcome is unknown")
class PostgresCommitOutcomeTest {

  /** When the backend of a connection is terminated, relative to its next commit. */
  enum Kill {
    NONE,
    BEFORE_COMMIT,
    AFTER_COMMIT
  }

  /**
   * Hands out plain PostgreSQL connections whose {@code commit()} can have its backend terminated
   * from an administrator's connection just before or just after the real commit. After the real
   * commit, the driver's own failure (of the next statement on the dead connection) is what {@code
   * commit()} throws, as when the answer to a commit is lost.
   */
  static final class KillingDataSource implements DataSource {
    final String url;
    final Connection admin;
    volatile Kill next = Kill.NONE;
    volatile int terminated;

    KillingDataSource(String url, Connection admin) {
      this.url = url;
      this.admin = admin;
    }

    @Override
    public Connection getConnection() throws SQLException {
      Connection real = TestDatabases.connect(url);
      int pid;
      try (Statement s = real.createStatement();
          ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
        rs.next();
        pid = rs.getInt(1);
      }
      return (Connection)
          Proxy.newProxyInstance(
              Connection.class.getClassLoader(),
              new Class<?>[] {Connection.class},
              (proxy, method, args) -> {
                if (method.getName().equals("commit")) {
                  Kill kill = next;
                  next = Kill.NONE;
                  if (kill == Kill.BEFORE_COMMIT) {
                    terminate(pid);
                  } else if (kill == Kill.AFTER_COMMIT) {
                    real.commit();
                    terminate(pid);
                    try (Statement s = real.createStatement()) {
                      s.execute("SELECT 1");
                    }
                    throw new IllegalStateException("the terminated connection still answers");
                  }
                }
                try {
                  return method.invoke(real, args);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
              });
    }

    private void terminate(int pid) throws SQLException, InterruptedException {
      try (PreparedStatement ps = admin.prepareStatement("SELECT pg_terminate_backend(?)")) {
        ps.setInt(1, pid);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          if (rs.getBoolean(1)) {
            terminated++;
          }
        }
      }
      Thread.sleep(200); // the backend exits asynchronously
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() {
      return Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }

  private static Throwable insertWith(
      JdbcCredentialRepository repository, KillingDataSource ds, Kill kill, StoredCredential s) {
    return catchThrowable(
        () ->
            repository.inTransaction(
                u -> {
                  u.credentials().insert(s);
                  u.audit().last(ACME);
                  u.audit().append(event(ACME, 1, AuditAction.CREATED, Optional.empty(), T0));
                  ds.next = kill;
                  return null;
                }));
  }

  private static void assertOutcomeUnknown(Throwable thrown) {
    assertThat(thrown)
        .isInstanceOf(StorageOutcomeUnknownException.class)
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("may have been written, or not at all")
        .hasMessageContaining("Read the state before repeating")
        .hasMessageNotContaining("nothing was written");
    assertThat(((StorageOutcomeUnknownException) thrown).code())
        .isEqualTo(ErrorCode.STORAGE_OUTCOME_UNKNOWN);
  }

  @Test
  @DisplayName(
      "a commit whose answer is lost after it committed is reported as unknown, not failed")
  void killedAfterCommit() throws SQLException {
    String url = TestDatabases.freshUrl(Kind.POSTGRESQL);
    try (Connection admin = TestDatabases.connect(TestDatabases.postgresUrl())) {
      KillingDataSource ds = new KillingDataSource(url, admin);
      try (JdbcCredentialRepository repository =
          JdbcCredentialRepository.builder().dataSource(ds).build()) {
        StoredCredential s = cred("written").build();
        assertOutcomeUnknown(insertWith(repository, ds, Kill.AFTER_COMMIT, s));
        assertThat(ds.terminated).isEqualTo(1);
        // It was committed: the row and its event are there.
        assertThat(repository.read((UnitOfWork u) -> u.credentials().find(ACME, s.metadata().id())))
            .contains(s);
        assertThat(repository.read((UnitOfWork u) -> u.audit().last(ACME)))
            .map(e -> e.sequence())
            .contains(1L);
      }
    }
  }

  @Test
  @DisplayName(
      "a connection killed as the commit starts is reported as unknown too; nothing is half")
  void killedBeforeCommit() throws SQLException {
    String url = TestDatabases.freshUrl(Kind.POSTGRESQL);
    try (Connection admin = TestDatabases.connect(TestDatabases.postgresUrl())) {
      KillingDataSource ds = new KillingDataSource(url, admin);
      try (JdbcCredentialRepository repository =
          JdbcCredentialRepository.builder().dataSource(ds).build()) {
        StoredCredential s = cred("lost").build();
        assertOutcomeUnknown(insertWith(repository, ds, Kill.BEFORE_COMMIT, s));
        assertThat(ds.terminated).isEqualTo(1);
        // Here it was not committed: neither the row nor its event is there.
        assertThat(repository.read((UnitOfWork u) -> u.credentials().find(ACME, s.metadata().id())))
            .isEmpty();
        assertThat(repository.read((UnitOfWork u) -> u.audit().last(ACME))).isEmpty();
      }
    }
  }
}
