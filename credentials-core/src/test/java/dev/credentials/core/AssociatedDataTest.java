package dev.credentials.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.credentials.CredentialId;
import dev.credentials.TenantId;
import dev.credentials.core.internal.vault.Sealer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AssociatedDataTest {
  @Test
  @DisplayName("associated data keeps its format, so ciphertexts sealed before still open")
  void format() {
    TenantId t = TenantId.of("acme-Prod_1.x");
    CredentialId id = CredentialId.of("7f0c99c2-75ea-47f4-a63a-43a099a46879");
    assertThat(Sealer.associatedData(t, id))
        .isEqualTo(
            ("dev.credentials/v1\u0000acme-Prod_1.x\u00007f0c99c2-75ea-47f4-a63a-43a099a46879")
                .getBytes(StandardCharsets.UTF_8));
  }
}
