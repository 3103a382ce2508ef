package dev.credentials.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.credentials.jdbc.internal.JdbcUrls;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Regression: a password written inside a JDBC URL reached the PostgreSQL driver's debug log. */
class PasswordInUrlTest {

  static final String CANARY = "url-pw-canary-5150";

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "jdbc:postgresql://h/db?user=u&password=p1|jdbc:postgresql://h/db?user=u|p1",
        "jdbc:postgresql://h/db?password=p1&user=u|jdbc:postgresql://h/db?user=u|p1",
        "jdbc:postgresql://h/db?password=p1|jdbc:postgresql://h/db|p1",
        "jdbc:postgresql://h/db?PASSWORD=p%40ss&ssl=true|jdbc:postgresql://h/db?ssl=true|p@ss",
        "jdbc:postgresql://h/db?password=a&password=b|jdbc:postgresql://h/db|b",
        "jdbc:postgresql://h/db?sslpassword=k&user=u|jdbc:postgresql://h/db?sslpassword=k&user=u|",
        "jdbc:mariadb://h/db?password=p1|jdbc:mariadb://h/db?password=p1|",
      })
  @DisplayName("the password parameter of a PostgreSQL URL is taken out, decoded")
  void takesThePasswordOut(String url, String stripped, String password) {
    JdbcUrls.WithoutPassword split = JdbcUrls.withoutPassword(url);
    assertThat(split.url()).isEqualTo(stripped);
    assertThat(split.password()).isEqualTo(Optional.ofNullable(password));
    assertThat(split.toString()).doesNotContain("p1", "p@ss");
  }

  /** Captures what the PostgreSQL driver logs at its most detailed level. */
  static final class Capture extends Handler implements AutoCloseable {
    final List<String> lines = new CopyOnWriteArrayList<>();
    final Logger logger = Logger.getLogger("org.postgresql");
    final Level before = logger.getLevel();
    final SimpleFormatter formatter = new SimpleFormatter();

    Capture() {
      setLevel(Level.ALL);
      logger.setLevel(Level.ALL);
      logger.addHandler(this);
    }

    @Override
    public void publish(LogRecord r) {
      lines.add(formatter.formatMessage(r) + " " + r.getMessage());
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
      logger.removeHandler(this);
      logger.setLevel(before);
    }

    boolean mentions(String s) {
      return lines.stream().anyMatch(l -> l.contains(s));
    }
  }

  @Test
  @DisplayName("the driver's debug log never sees a password written in the repository's URL")
  void driverLogStaysClean() throws Exception {
    String url = TestDatabases.freshUrl(TestDatabases.Kind.POSTGRESQL);
    String withPassword = url + (url.contains("?") ? "&" : "?") + "password=" + CANARY;
    // the control: handed to the driver as it is, the URL is logged with its password
    try (Capture capture = new Capture()) {
      try (Connection c = DriverManager.getConnection(withPassword)) {
        assertThat(c.isValid(5)).isTrue();
      }
      assertThat(capture.mentions(CANARY)).as("the driver logs URLs at debug level").isTrue();
    }
    try (Capture capture = new Capture();
        JdbcCredentialRepository repository =
            JdbcCredentialRepository.builder().url(withPassword).build()) {
      java.util.Map<String, Long> byKey = repository.read(uow -> uow.credentials().countByKeyId());
      assertThat(byKey).isEmpty();
      assertThat(capture.lines).isNotEmpty();
      assertThat(capture.mentions(CANARY)).isFalse();
    }
  }
}
