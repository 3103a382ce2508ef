package dev.credentials.jdbc;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** H2 is an optional dependency: its absence is a clear error that names the artifact to add. */
@DisplayName("H2 as an optional dependency")
class OptionalH2Test {

  @Test
  @DisplayName(
      "a missing driver is an IllegalStateException naming com.h2database:h2 and the method")
  void missingDriverNamesTheArtifact() {
    assertThatThrownBy(
            () -> JdbcCredentialRepository.requireH2("org.h2.NoSuchDriverAnywhere", "h2File"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("JdbcCredentialRepository.h2File")
        .hasMessageContaining("com.h2database:h2")
        .hasNoCause();
  }

  @Test
  @DisplayName("the real driver, on the test class path, passes the check")
  void presentDriverPasses() {
    assertThatCode(
            () ->
                JdbcCredentialRepository.requireH2(
                    JdbcCredentialRepository.H2_DRIVER, "h2InMemory"))
        .doesNotThrowAnyException();
  }
}
