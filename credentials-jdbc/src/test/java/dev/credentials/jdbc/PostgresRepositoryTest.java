package dev.credentials.jdbc;

import dev.credentials.jdbc.TestDatabases.Kind;
import org.junit.jupiter.api.DisplayName;

@DisplayName("JDBC repository on PostgreSQL")
class PostgresRepositoryTest extends JdbcRepositoryContract {
  @Override
  Kind kind() {
    return Kind.POSTGRESQL;
  }
}
