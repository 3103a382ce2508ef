package dev.credentials.testkit;

import static dev.credentials.testkit.RepositoryFixtures.credential;
import static dev.credentials.testkit.RepositoryFixtures.from;
import static org.assertj.core.api.Assertions.assertThat;

import dev.credentials.CredentialQuery;
import dev.credentials.spi.SourceReference;
import dev.credentials.spi.StoredCredential;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The kit's tests of sourced credentials: the reference a row keeps instead of values. */
interface SourceReferenceTests extends KitContext {

  private static SourceReference reference() {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("PGPASSWORD", "password");
    fields.put("PGUSER", "Benutzer — ünïcödé ✓");
    fields.put("PGHOST", "host");
    return new SourceReference("bitwarden", "name:Reporting DB / prod", fields);
  }

  @Test
  @DisplayName("a sourced credential's reference reads back with its field mapping in order")
  default void referenceRoundTrip() {
    StoredCredential s = credential(TENANT_A, "sourced").source(reference()).build();
    insert(s);
    StoredCredential back = get(TENANT_A, s.metadata().id()).orElseThrow();
    assertThat(back).isEqualTo(s);
    assertThat(back.metadata().source()).contains(reference());
    assertThat(back.metadata().source().orElseThrow().fields().keySet())
        .containsExactly("PGPASSWORD", "PGUSER", "PGHOST");
    List<StoredCredential> listed = list(TENANT_A, CredentialQuery.all());
    assertThat(listed)
        .extracting(c -> c.metadata().source())
        .containsExactly(s.metadata().source());
  }

  @Test
  @DisplayName(
      "a credential without a source reads back without one, and an update keeps or changes it")
  default void updateKeepsTheReference() {
    StoredCredential plain = credential(TENANT_A, "plain").build();
    insert(plain);
    assertThat(get(TENANT_A, plain.metadata().id()).orElseThrow().metadata().source()).isEmpty();

    StoredCredential v1 =
        credential(TENANT_A, "file").source(SourceReference.of("file", "/run/a.json")).build();
    insert(v1);
    StoredCredential v2 = from(v1).nextVersion().description("renamed").build();
    write(u -> u.credentials().update(v2, 1));
    assertThat(get(TENANT_A, v1.metadata().id()).orElseThrow().metadata().source())
        .contains(SourceReference.of("file", "/run/a.json"));
    StoredCredential v3 =
        from(v2).nextVersion().source(SourceReference.of("file", "/run/b.json")).build();
    write(u -> u.credentials().update(v3, 2));
    assertThat(get(TENANT_A, v1.metadata().id()).orElseThrow()).isEqualTo(v3);
  }
}
