package dev.credentials.jdbc;

import dev.credentials.jdbc.TestDatabases.Kind;
import org.junit.jupiter.api.DisplayName;

/**
 * Runs when {@value TestDatabases#MARIADB_ENV} is set; otherwise every test is reported as skipped
 * (one by one, so that the count shows) under a warning banner.
 */
@DisplayName("JDBC repository on MariaDB")
class MariaDbRepositoryTest extends JdbcRepositoryContract {
  @Override
  Kind kind() {
    return Kind.MARIADB;
  }
}
