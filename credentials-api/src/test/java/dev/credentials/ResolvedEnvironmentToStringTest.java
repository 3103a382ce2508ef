package dev.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Regression: toString printed NAME=credential-id pairs, which read like values. */
class ResolvedEnvironmentToStringTest {

  @Test
  @DisplayName("toString names each variable and its origin, never a value or NAME=…")
  void provenanceIsUnmistakable() {
    CredentialId id = CredentialId.random();
    ResolvedEnvironment env =
        new ResolvedEnvironment(
            Map.of("ERP_LOGIN", Secret.of("erp-canary-1"), "HOME_DIR", Secret.of("/home/x")),
            Map.of("ERP_LOGIN", id),
            Set.of("HOME_DIR"));
    assertThat(env.toString())
        .isEqualTo(
            "ResolvedEnvironment[ERP_LOGIN from credential "
                + id.value()
                + ", HOME_DIR from the process environment]")
        .doesNotContain("=")
        .doesNotContain("erp-canary-1")
        .doesNotContain("/home/x");
  }
}
