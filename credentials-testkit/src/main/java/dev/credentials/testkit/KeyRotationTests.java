package dev.credentials.testkit;

import static dev.credentials.testkit.RepositoryFixtures.credential;
import static dev.credentials.testkit.RepositoryFixtures.id;
import static org.assertj.core.api.Assertions.assertThat;

import dev.credentials.spi.StoredCredential;
import dev.credentials.spi.UnitOfWork;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The kit's tests of key rotation queries, across tenants. */
interface KeyRotationTests extends KitContext {

  @Test
  @DisplayName("credentials are counted per key id across every tenant")
  default void countByKeyId() {
    insert(credential(TENANT_A, "a1").keyId("k1").build());
    insert(credential(TENANT_A, "a2").keyId("k2").build());
    insert(credential(TENANT_B, "b1").keyId("k1").build());
    assertThat(db().credentials().countByKeyId())
        .containsOnly(Map.entry("k1", 2L), Map.entry("k2", 1L));
  }

  @Test
  @DisplayName(
      "credentials not sealed with a key are found across tenants, by tenant and id, up to a limit")
  default void notSealedWith() {
    insert(credential(TENANT_B, "b3").id(id(3)).keyId("old").build());
    insert(credential(TENANT_A, "a2").id(id(2)).keyId("old").build());
    insert(credential(TENANT_A, "a1").id(id(5)).keyId("older").build());
    insert(credential(TENANT_A, "a0").id(id(1)).keyId("new").build());
    insert(credential(TENANT_B, "b1").id(id(4)).keyId("new").build());

    assertThat(db().credentials().notSealedWith("new", 10))
        .extracting(s -> s.metadata().id())
        .containsExactly(id(2), id(5), id(3));
    assertThat(db().credentials().notSealedWith("new", 2))
        .extracting(s -> s.metadata().id())
        .containsExactly(id(2), id(5));
    assertThat(db().credentials().notSealedWith("none", 100)).hasSize(5);
  }

  @Test
  @DisplayName("key rotation queries see every tenant, ordered by tenant and id, limited")
  default void keyRotation() {
    StoredCredential a1 = insert(ContractData.cred("a").keyId("old").build());
    StoredCredential g1 =
        insert(ContractData.cred("g").tenant(ContractData.GLOBEX).keyId("older").build());
    StoredCredential a2 = insert(ContractData.cred("b").keyId("old").build());
    insert(ContractData.cred("c").keyId("new").build());
    assertThat(read((UnitOfWork u) -> u.credentials().countByKeyId()))
        .containsExactly(Map.entry("new", 1L), Map.entry("old", 2L), Map.entry("older", 1L));
    List<StoredCredential> expected = new ArrayList<>(List.of(a1, a2));
    expected.sort(java.util.Comparator.comparing(s -> s.metadata().id().value()));
    expected.add(g1);
    assertThat(read((UnitOfWork u) -> u.credentials().notSealedWith("new", 10)))
        .containsExactlyElementsOf(expected);
    assertThat(read((UnitOfWork u) -> u.credentials().notSealedWith("new", 2)))
        .containsExactlyElementsOf(expected.subList(0, 2));
    assertThat(read((UnitOfWork u) -> u.credentials().notSealedWith("new", 0))).isEmpty();
  }
}
