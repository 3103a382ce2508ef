package dev.credentials.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.credentials.CredentialId;
import dev.credentials.CredentialMetadata;
import dev.credentials.TenantId;
import dev.credentials.spi.SourceReference;
import dev.credentials.spi.StoredCredential;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BackupSourceTest {

  @Test
  @DisplayName("a backup keeps a sourced credential's reference, and a stored one stays unsourced")
  void sourcedCredentialRoundTrips() throws Exception {
    TenantId tenant = TenantId.of("acme");
    Instant t = Instant.parse("2026-12-03T09:00:00Z");
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("PGPASSWORD", "password");
    fields.put("PGUSER", "username");
    StoredCredential sourced =
        new StoredCredential(
            new CredentialMetadata(
                CredentialId.random(),
                tenant,
                "postgres",
                "reporting",
                "production",
                "",
                Set.of(),
                true,
                Optional.empty(),
                1,
                t,
                t,
                "k1",
                Optional.empty(),
                Optional.of(new SourceReference("bitwarden", "name:Reporting DB", fields))),
            new byte[] {1, 2, 3});
    StoredCredential stored =
        new StoredCredential(
            new CredentialMetadata(
                CredentialId.random(),
                tenant,
                "postgres",
                "plain",
                "production",
                "",
                Set.of(),
                true,
                Optional.empty(),
                1,
                t,
                t,
                "k1",
                Optional.empty()),
            new byte[] {4, 5});
    BackupFile.Backup backup =
        new BackupFile.Backup(
            tenant, t, Map.of(), List.of(sourced, stored), List.of(), List.of(), List.of());
    String json = BackupFile.write(backup);
    BackupFile.Backup back = BackupFile.read(new ObjectMapper().readTree(json), "test");
    assertThat(back.credentials()).containsExactly(sourced, stored);
    assertThat(back.credentials().get(0).metadata().source().orElseThrow().fields().keySet())
        .containsExactly("PGPASSWORD", "PGUSER");
  }
}
