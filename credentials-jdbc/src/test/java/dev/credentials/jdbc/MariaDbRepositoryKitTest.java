package dev.credentials.jdbc;

import dev.credentials.jdbc.TestDatabases.Kind;
import dev.credentials.spi.CredentialRepository;
import dev.credentials.testkit.RepositoryCompatibilityKit;
import org.junit.jupiter.api.DisplayName;

/** The testkit's repository compatibility kit on MariaDb, a fresh database for every test. */
@DisplayName("Repository compatibility kit on MariaDb")
class MariaDbRepositoryKitTest extends RepositoryCompatibilityKit {
  @Override
  protected CredentialRepository createRepository() {
    return TestDatabases.freshRepository(Kind.MARIADB);
  }
}
