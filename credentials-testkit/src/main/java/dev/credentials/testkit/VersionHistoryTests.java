package dev.credentials.testkit;

import static dev.credentials.testkit.RepositoryFixtures.T0;
import static dev.credentials.testkit.RepositoryFixtures.credential;
import static dev.credentials.testkit.RepositoryFixtures.id;
import static dev.credentials.testkit.RepositoryFixtures.sealed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.ConcurrentCredentialModificationException;
import dev.credentials.CredentialId;
import dev.credentials.TenantId;
import dev.credentials.spi.StoredCredential;
import dev.credentials.spi.StoredVersion;
import dev.credentials.spi.UnitOfWork;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The kit's tests of the version history of credentials' values. */
interface VersionHistoryTests extends KitContext {

  private static StoredVersion version(
      TenantId tenant, CredentialId id, long version, String keyId) {
    return new StoredVersion(
        tenant,
        id,
        version,
        T0.plusSeconds(version),
        "user:alice",
        Set.of("PASSWORD", "USER"),
        keyId,
        sealed(tenant + "/" + id + "/v" + version));
  }

  private StoredCredential stored(TenantId tenant, String name, int n) {
    return insert(credential(tenant, name).id(id(n)).build());
  }

  @Test
  @DisplayName("versions round-trip with their metadata and bytes, newest first, by tenant")
  default void roundTrip() {
    CredentialId a = stored(TENANT_A, "erp", 1).metadata().id();
    CredentialId b = stored(TENANT_B, "erp", 2).metadata().id();
    StoredVersion v1 = version(TENANT_A, a, 1, "k1");
    StoredVersion v3 = version(TENANT_A, a, 3, "k2");
    write(
        u -> {
          u.versions().insert(v1);
          u.versions().insert(v3);
          u.versions().insert(version(TENANT_B, b, 1, "k1"));
        });
    assertThat(db().versions().list(TENANT_A, a)).containsExactly(v3, v1);
    assertThat(db().versions().find(TENANT_A, a, 1)).contains(v1);
    assertThat(db().versions().find(TENANT_A, a, 2)).isEmpty();
    assertThat(db().versions().find(TENANT_B, a, 1)).as("another tenant's").isEmpty();
    assertThat(db().versions().list(TENANT_B, a)).isEmpty();
    assertThat(db().versions().list(TENANT_B, b)).hasSize(1);
  }

  @Test
  @DisplayName("a version number is taken once per credential")
  default void versionTakenOnce() {
    CredentialId a = stored(TENANT_A, "erp", 1).metadata().id();
    write(u -> u.versions().insert(version(TENANT_A, a, 1, "k1")));
    assertThatThrownBy(() -> write(u -> u.versions().insert(version(TENANT_A, a, 1, "k2"))))
        .isInstanceOf(ConcurrentCredentialModificationException.class);
    assertThat(db().versions().list(TENANT_A, a))
        .extracting(StoredVersion::keyId)
        .containsExactly("k1");
  }

  @Test
  @DisplayName("trim keeps the newest versions and removes the rest; it rolls back with its unit")
  default void trim() {
    CredentialId a = stored(TENANT_A, "erp", 1).metadata().id();
    write(
        u -> {
          for (long v = 1; v <= 5; v++) {
            u.versions().insert(version(TENANT_A, a, v, "k1"));
          }
        });
    assertThatThrownBy(
            () ->
                write(
                    u -> {
                      u.versions().trim(TENANT_A, a, 1);
                      throw new IllegalStateException("rolled back");
                    }))
        .hasMessage("rolled back");
    assertThat(db().versions().list(TENANT_A, a)).hasSize(5);
    assertThat(tx((UnitOfWork u) -> u.versions().trim(TENANT_A, a, 2))).isEqualTo(3);
    assertThat(db().versions().list(TENANT_A, a))
        .extracting(StoredVersion::version)
        .containsExactly(5L, 4L);
    assertThat(tx((UnitOfWork u) -> u.versions().trim(TENANT_A, a, 2))).isZero();
    assertThat(db().versions().find(TENANT_A, a, 4).orElseThrow().sealedValues())
        .isEqualTo(sealed(TENANT_A + "/" + a + "/v4"));
  }

  @Test
  @DisplayName("deleting a credential removes its versions, and only its")
  default void deleteRemovesHistory() {
    CredentialId a = stored(TENANT_A, "erp", 1).metadata().id();
    CredentialId c = stored(TENANT_A, "crm", 3).metadata().id();
    write(
        u -> {
          u.versions().insert(version(TENANT_A, a, 1, "k1"));
          u.versions().insert(version(TENANT_A, a, 2, "k1"));
          u.versions().insert(version(TENANT_A, c, 1, "k1"));
        });
    write(u -> u.credentials().delete(TENANT_A, a));
    assertThat(db().versions().list(TENANT_A, a)).isEmpty();
    assertThat(db().versions().list(TENANT_A, c)).hasSize(1);
    assertThat(db().versions().countByKeyId()).containsOnly(Map.entry("k1", 1L));
  }

  @Test
  @DisplayName("key rotation sees versions across tenants, counted per key and re-sealed in place")
  default void keyRotation() {
    CredentialId a = stored(TENANT_A, "erp", 2).metadata().id();
    CredentialId b = stored(TENANT_B, "erp", 1).metadata().id();
    StoredVersion a1 = version(TENANT_A, a, 1, "old");
    StoredVersion a2 = version(TENANT_A, a, 2, "new");
    StoredVersion a3 = version(TENANT_A, a, 3, "older");
    StoredVersion b1 = version(TENANT_B, b, 1, "old");
    write(
        u -> {
          for (StoredVersion v : List.of(b1, a3, a1, a2)) {
            u.versions().insert(v);
          }
        });
    assertThat(db().versions().countByKeyId())
        .containsOnly(Map.entry("old", 2L), Map.entry("new", 1L), Map.entry("older", 1L));
    assertThat(db().versions().notSealedWith("new", 10)).containsExactly(a1, a3, b1);
    assertThat(db().versions().notSealedWith("new", 2)).containsExactly(a1, a3);

    StoredVersion resealed = a1.resealed("new", sealed("resealed"));
    assertThat(tx((UnitOfWork u) -> u.versions().reseal(resealed))).isTrue();
    assertThat(db().versions().find(TENANT_A, a, 1)).contains(resealed);
    assertThat(
            tx(
                (UnitOfWork u) ->
                    u.versions()
                        .reseal(version(TENANT_A, a, 9, "new").resealed("new", sealed("x")))))
        .isFalse();
    assertThat(db().versions().notSealedWith("new", 10)).containsExactly(a3, b1);
  }
}
