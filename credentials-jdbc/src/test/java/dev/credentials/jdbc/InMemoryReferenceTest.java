package dev.credentials.jdbc;

import dev.credentials.core.InMemoryCredentialRepository;
import dev.credentials.spi.CredentialRepository;
import org.junit.jupiter.api.DisplayName;

/** The contract run against the in-memory reference: proves the contract describes it. */
@DisplayName("In-memory reference repository")
class InMemoryReferenceTest extends RepositoryContract {
  @Override
  protected CredentialRepository newRepository() {
    return new InMemoryCredentialRepository();
  }
}
