package dev.credentials.jdbc;

import dev.credentials.jdbc.TestDatabases.Kind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

@DisplayName("JDBC repository on MariaDB")
class MariaDbRepositoryTest extends JdbcRepositoryContract {
  @BeforeAll
  static void needsMariaDb() {
    TestDatabases.assumeAvailable(Kind.MARIADB);
  }

  @Override
  Kind kind() {
    return Kind.MARIADB;
  }
}
