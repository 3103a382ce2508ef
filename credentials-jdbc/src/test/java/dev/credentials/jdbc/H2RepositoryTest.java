package dev.credentials.jdbc;

import dev.credentials.jdbc.TestDatabases.Kind;
import org.junit.jupiter.api.DisplayName;

@DisplayName("JDBC repository on H2")
class H2RepositoryTest extends JdbcRepositoryContract {
  @Override
  Kind kind() {
    return Kind.H2;
  }
}
