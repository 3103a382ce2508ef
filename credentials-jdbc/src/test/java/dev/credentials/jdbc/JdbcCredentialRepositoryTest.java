package dev.credentials.jdbc;

import static dev.credentials.jdbc.Fixtures.ACME;
import static dev.credentials.jdbc.Fixtures.cred;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.credentials.CheckResult;
import dev.credentials.CredentialId;
import dev.credentials.CredentialState;
import dev.credentials.Secret;
import dev.credentials.StorageException;
import dev.credentials.spi.StoredCredential;
import dev.credentials.spi.UnitOfWork;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("JdbcCredentialRepository front door")
class JdbcCredentialRepositoryTest {

  private static final String PASSWORD = "pa55-W0rd-never-shown";

  @Test
  @DisplayName("build() reports every configuration problem at once")
  void allProblemsAtOnce() {
    DataSource ds = new JdbcDataSource();
    assertThatThrownBy(
            () ->
                JdbcCredentialRepository.builder()
                    .dataSource(ds)
                    .url("jdbc:h2:mem:x")
                    .user("sa")
                    .maximumPoolSize(3)
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not both")
        .hasMessageContaining("user and password apply to url")
        .hasMessageContaining("maximumPoolSize applies to url");
    assertThatThrownBy(() -> JdbcCredentialRepository.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("set either dataSource(...) or url(...)");
  }

  @Test
  @DisplayName("the builder refuses bad values eagerly and a setting given twice")
  void refusesMisuse() {
    JdbcCredentialRepository.Builder b = JdbcCredentialRepository.builder();
    assertThatThrownBy(() -> b.maximumPoolSize(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.retries(11)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.url(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> b.url("postgresql://u:" + PASSWORD + "@h/db"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining(PASSWORD);
    b.dialect(Dialect.H2);
    assertThatThrownBy(() -> b.dialect(Dialect.H2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("dialect is already set");
    assertThatThrownBy(() -> JdbcCredentialRepository.h2InMemory("no spaces"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("a builder builds once")
  void buildsOnce() {
    JdbcCredentialRepository.Builder b =
        JdbcCredentialRepository.builder().url("jdbc:h2:mem:once;DB_CLOSE_DELAY=-1");
    try (JdbcCredentialRepository r = b.build()) {
      assertThat(r.dialect()).isEqualTo(Dialect.H2);
    }
    assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class);
  }

  @Test
  @DisplayName("an unknown kind of URL is refused without showing its password")
  void unknownUrl() {
    assertThatThrownBy(
            () ->
                JdbcCredentialRepository.builder()
                    .url("jdbc:oracle:thin:scott/x@h?password=" + PASSWORD)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("password=****")
        .hasMessageNotContaining(PASSWORD);
  }

  @Test
  @DisplayName(
      "a database that cannot be reached fails with a masked message, and logs no password")
  void unreachable() {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    Throwable thrown;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      thrown =
          catchThrowable(
              () ->
                  JdbcCredentialRepository.builder()
                      .url("jdbc:postgresql://127.0.0.1:1/db?connectTimeout=2&password=" + PASSWORD)
                      .user("someone")
                      .password(Secret.of(PASSWORD))
                      .build());
      org.slf4j.LoggerFactory.getLogger(JdbcCredentialRepositoryTest.class).warn("probe");
    } finally {
      System.setErr(original);
    }
    assertThat(thrown)
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("jdbc:postgresql://127.0.0.1:1/db?connectTimeout=2&password=****");
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage())).doesNotContain(PASSWORD);
    }
    assertThat(captured.toString(StandardCharsets.UTF_8)).as("capture works").contains("probe");
    assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain(PASSWORD);
  }

  @Test
  @DisplayName("toString shows the dialect and the URL with the password masked")
  void toStringMasks() {
    try (JdbcCredentialRepository r =
        JdbcCredentialRepository.builder()
            .url("jdbc:h2:mem:masked;DB_CLOSE_DELAY=-1;PASSWORD=" + PASSWORD)
            .build()) {
      assertThat(r.toString())
          .startsWith("JdbcCredentialRepository[H2, jdbc:h2:mem:masked")
          .contains("PASSWORD=****")
          .doesNotContain(PASSWORD);
    }
  }

  @Test
  @DisplayName("an H2 file database keeps its data across restarts")
  void h2File(@TempDir Path dir) {
    StoredCredential s = cred("kept").build();
    try (JdbcCredentialRepository r = JdbcCredentialRepository.h2File(dir.resolve("db"))) {
      r.inTransaction(
          u -> {
            u.credentials().insert(s);
            return null;
          });
    }
    try (JdbcCredentialRepository r = JdbcCredentialRepository.h2File(dir.resolve("db"))) {
      assertThat(r.read((UnitOfWork u) -> u.credentials().find(ACME, s.metadata().id())))
          .contains(s);
    }
  }

  @Test
  @DisplayName(
      "H2 databases opened by h2File and h2InMemory keep 128 parsed statements per session")
  void h2QueryCache(@TempDir Path dir) throws Exception {
    String query =
        "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
            + " WHERE SETTING_NAME = 'QUERY_CACHE_SIZE'";
    try (JdbcCredentialRepository r = JdbcCredentialRepository.h2File(dir.resolve("db"));
        java.sql.Connection c =
            java.sql.DriverManager.getConnection(
                "jdbc:h2:file:" + dir.resolve("db").resolve("credentials").toAbsolutePath());
        java.sql.ResultSet rs = c.createStatement().executeQuery(query)) {
      assertThat(r.dialect()).isEqualTo(Dialect.H2);
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("128");
    }
    try (JdbcCredentialRepository r = JdbcCredentialRepository.h2InMemory("cache-setting");
        java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:h2:mem:cache-setting");
        java.sql.ResultSet rs = c.createStatement().executeQuery(query)) {
      assertThat(r.dialect()).isEqualTo(Dialect.H2);
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("128");
    }
  }

  @Test
  @DisplayName("closing an in-memory H2 repository drops its database")
  void h2InMemoryDropped() {
    StoredCredential s = cred("gone").build();
    try (JdbcCredentialRepository r = JdbcCredentialRepository.h2InMemory("dropped")) {
      r.inTransaction(
          u -> {
            u.credentials().insert(s);
            return null;
          });
    }
    try (JdbcCredentialRepository r = JdbcCredentialRepository.h2InMemory("dropped")) {
      assertThat(r.read((UnitOfWork u) -> u.credentials().find(ACME, s.metadata().id()))).isEmpty();
    }
  }

  @Test
  @DisplayName("a host's data source is used as is, detected, and left open on close")
  void hostDataSource() throws Exception {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:hostds;DB_CLOSE_DELAY=-1");
    StoredCredential s = cred("ds").build();
    try (JdbcCredentialRepository r = JdbcCredentialRepository.builder().dataSource(h2).build()) {
      assertThat(r.dialect()).isEqualTo(Dialect.H2);
      r.inTransaction(
          u -> {
            u.credentials().insert(s);
            return null;
          });
    }
    try (Connection c = h2.getConnection()) {
      assertThat(c.getAutoCommit()).isTrue();
      try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM credentials")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(1);
      }
    }
  }

  @Test
  @DisplayName(
      "credentials(ids) and latestCheckResults(ids) are one statement each, however many ids")
  void noNPlusOne() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:counting;DB_CLOSE_DELAY=-1");
    CountingDataSource counting = new CountingDataSource(h2);
    try (JdbcCredentialRepository r =
        JdbcCredentialRepository.builder().dataSource(counting.dataSource()).build()) {
      List<CredentialId> ids = new ArrayList<>();
      r.inTransaction(
          u -> {
            for (int i = 0; i < 40; i++) {
              StoredCredential s = cred("c" + i).build();
              u.credentials().insert(s);
              u.checks()
                  .append(
                      ACME,
                      s.metadata().id(),
                      CheckResult.of(
                          CredentialState.AVAILABLE, "ok", Fixtures.T0, java.time.Duration.ZERO));
              ids.add(s.metadata().id());
            }
            return null;
          });
      counting.clear();
      assertThat(r.read((UnitOfWork u) -> u.credentials().findAll(ACME, ids))).hasSize(40);
      assertThat(counting.all()).hasSize(1);
      counting.clear();
      assertThat(r.read((UnitOfWork u) -> u.checks().latest(ACME, ids))).hasSize(40);
      assertThat(counting.all()).hasSize(1);
    }
  }
}
