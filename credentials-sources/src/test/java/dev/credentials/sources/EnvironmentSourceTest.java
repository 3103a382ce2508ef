package dev.credentials.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.CredentialSourceException;
import dev.credentials.Secret;
import dev.credentials.spi.SourceReference;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EnvironmentSourceTest {

  final EnvironmentSource source =
      EnvironmentSource.of(
          () ->
              Map.of(
                  "REPORTING_PGHOST", "db", "REPORTING_PGPASSWORD", "env-canary", "PATH", "/bin"));

  @Test
  @DisplayName("a prefix selects variables and is stripped; * takes every variable")
  void prefixes() {
    assertThat(source.read(SourceReference.of("env", "REPORTING_")).values())
        .containsOnlyKeys("PGHOST", "PGPASSWORD")
        .containsEntry("PGPASSWORD", Secret.of("env-canary"));
    assertThat(source.read(SourceReference.of("env", "*")).values()).containsKey("PATH");
  }

  @Test
  @DisplayName("no matching variable and a bad prefix are typed errors")
  void errors() {
    assertThatThrownBy(() -> source.read(SourceReference.of("env", "NOPE_")))
        .isInstanceOf(CredentialSourceException.class)
        .hasMessageContaining("NOPE_");
    assertThatThrownBy(() -> source.read(SourceReference.of("env", "a-b")))
        .isInstanceOf(CredentialSourceException.class)
        .hasMessageContaining("prefix");
  }
}
