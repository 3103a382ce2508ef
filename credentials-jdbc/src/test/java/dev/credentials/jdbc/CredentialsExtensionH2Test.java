package dev.credentials.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.credentials.CredentialMetadata;
import dev.credentials.CredentialStore;
import dev.credentials.NewCredential;
import dev.credentials.Secret;
import dev.credentials.spi.CredentialRepository;
import dev.credentials.testkit.CredentialsExtension;
import dev.credentials.testkit.SamplePrototypes;
import dev.credentials.testkit.TestEngine;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("The testkit's JUnit extension on H2")
class CredentialsExtensionH2Test {

  @RegisterExtension static CredentialsExtension credentials = CredentialsExtension.h2();

  @Test
  @DisplayName("gives each test an engine on a fresh H2 database")
  void h2(TestEngine t, CredentialStore store, CredentialRepository repository) {
    assertThat(repository).isInstanceOf(JdbcCredentialRepository.class);
    CredentialMetadata m =
        store.create(
            t.admin(),
            NewCredential.builder(SamplePrototypes.DEMO_API, "api")
                .value("API_URL", "https://api.example")
                .secret("API_TOKEN", Secret.of("tok-12345678"))
                .build());
    assertThat(store.reveal(t.admin(), m.id()).value("API_TOKEN").orElseThrow().reveal())
        .isEqualTo("tok-12345678");
  }

  @Test
  @DisplayName("which starts empty for every test")
  void fresh(TestEngine t, CredentialStore store) {
    assertThat(store.findByName(t.admin(), "api")).isEmpty();
  }
}
