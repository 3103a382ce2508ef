package dev.credentials.testkit;

import static dev.credentials.testkit.RepositoryFixtures.credential;
import static dev.credentials.testkit.RepositoryFixtures.from;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.ConcurrentCredentialModificationException;
import dev.credentials.spi.StoredCredential;
import dev.credentials.spi.UnitOfWork;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The kit's tests of optimistic versioning. */
interface OptimisticVersioningTests extends KitContext {

  @Test
  @DisplayName("an update based on the stored version succeeds and stores the new version")
  default void currentVersionWins() {
    StoredCredential v1 = insert(credential(TENANT_A, "erp").build());
    StoredCredential v2 = from(v1).nextVersion().build();
    write(u -> u.credentials().update(v2, 1));
    StoredCredential v3 = from(v2).nextVersion().build();
    write(u -> u.credentials().update(v3, 2));
    assertThat(get(TENANT_A, v1.metadata().id()).orElseThrow().metadata().version()).isEqualTo(3);
  }

  @Test
  @DisplayName("an update based on a stale version is refused and changes nothing")
  default void staleVersionRefused() {
    StoredCredential v1 = insert(credential(TENANT_A, "erp").build());
    StoredCredential v2 = from(v1).nextVersion().description("first writer").build();
    write(u -> u.credentials().update(v2, 1));
    StoredCredential late =
        from(v1).nextVersion().description("second writer").sealedValues(new byte[] {9}).build();
    assertThatThrownBy(() -> write(u -> u.credentials().update(late, 1)))
        .isInstanceOf(ConcurrentCredentialModificationException.class);
    assertThat(get(TENANT_A, v1.metadata().id())).contains(v2);
  }

  @Test
  @DisplayName("an update of a deleted credential is refused as a concurrent modification")
  default void deletedRefused() {
    StoredCredential v1 = insert(credential(TENANT_A, "erp").build());
    write(u -> u.credentials().delete(TENANT_A, v1.metadata().id()));
    StoredCredential v2 = from(v1).nextVersion().build();
    assertThatThrownBy(() -> write(u -> u.credentials().update(v2, 1)))
        .isInstanceOf(ConcurrentCredentialModificationException.class);
    assertThat(get(TENANT_A, v1.metadata().id())).isEmpty();
  }

  @Test
  @DisplayName("of concurrent updates based on the same version exactly one wins")
  default void oneOfConcurrentUpdatesWins() throws Exception {
    StoredCredential v1 = insert(credential(TENANT_A, "erp").build());
    int threads = 6;
    List<Object> outcomes =
        concurrently(
            threads,
            i -> {
              StoredCredential next = from(v1).nextVersion().description("writer " + i).build();
              write(u -> u.credentials().update(next, 1));
              return next;
            });
    List<Object> winners =
        outcomes.stream().filter(o -> o instanceof StoredCredential).collect(Collectors.toList());
    assertThat(winners).hasSize(1);
    assertThat(outcomes)
        .filteredOn(o -> !(o instanceof StoredCredential))
        .hasSize(threads - 1)
        .allMatch(o -> o instanceof ConcurrentCredentialModificationException);
    assertThat(get(TENANT_A, v1.metadata().id())).contains((StoredCredential) winners.get(0));
  }

  @Test
  @DisplayName(
      "an update based on a stale version, of a missing or of a foreign credential is a concurrent modification")
  default void staleUpdate() {
    StoredCredential v1 = insert(ContractData.cred("db").build());
    write(u -> u.credentials().update(ContractData.next(v1, "db"), 1));
    assertThatThrownBy(() -> write(u -> u.credentials().update(ContractData.next(v1, "db"), 1)))
        .isInstanceOf(ConcurrentCredentialModificationException.class)
        .hasMessage(
            "credential "
                + v1.metadata().id()
                + " was changed or deleted since version 1; read it again and retry");
    StoredCredential missing = ContractData.cred("ghost").build();
    assertThatThrownBy(
            () -> write(u -> u.credentials().update(ContractData.next(missing, "ghost"), 1)))
        .isInstanceOf(ConcurrentCredentialModificationException.class);
    StoredCredential foreign =
        ContractData.cred("db")
            .tenant(ContractData.GLOBEX)
            .id(v1.metadata().id())
            .version(2)
            .build();
    assertThatThrownBy(() -> write(u -> u.credentials().update(ContractData.next(foreign, "x"), 2)))
        .isInstanceOf(ConcurrentCredentialModificationException.class);
    assertThat(
            read((UnitOfWork u) -> u.credentials().find(ContractData.ACME, v1.metadata().id()))
                .orElseThrow()
                .metadata()
                .name())
        .isEqualTo("db");
  }
}
