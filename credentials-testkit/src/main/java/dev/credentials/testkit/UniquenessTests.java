package dev.credentials.testkit;

import static dev.credentials.testkit.RepositoryFixtures.credential;
import static dev.credentials.testkit.RepositoryFixtures.from;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.ConcurrentCredentialModificationException;
import dev.credentials.CredentialQuery;
import dev.credentials.DuplicateCredentialException;
import dev.credentials.PageRequest;
import dev.credentials.spi.StoredCredential;
import dev.credentials.spi.UnitOfWork;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The kit's tests of uniqueness of (tenant, name, environment). */
interface UniquenessTests extends KitContext {

  @Test
  @DisplayName("a second credential with the same name and environment is refused")
  default void duplicateRefused() {
    StoredCredential first = insert(credential(TENANT_A, "erp").build());
    StoredCredential second = credential(TENANT_A, "erp").keyId("k2").build();
    assertThatThrownBy(() -> insert(second)).isInstanceOf(DuplicateCredentialException.class);
    assertThat(list(TENANT_A, CredentialQuery.all())).containsExactly(first);
    assertThat(get(TENANT_A, second.metadata().id())).isEmpty();
  }

  @Test
  @DisplayName("an id cannot be inserted twice")
  default void duplicateIdRefused() {
    StoredCredential first = insert(credential(TENANT_A, "erp").build());
    StoredCredential sameId = credential(TENANT_A, "other").id(first.metadata().id()).build();
    assertThatThrownBy(() -> insert(sameId)).isInstanceOf(DuplicateCredentialException.class);
    assertThat(get(TENANT_A, first.metadata().id())).contains(first);
    assertThat(byName(TENANT_A, "other", "production")).isEmpty();
  }

  @Test
  @DisplayName("the same name is allowed in another environment and in another tenant")
  default void sameNameElsewhere() {
    insert(credential(TENANT_A, "erp").environment("production").build());
    insert(credential(TENANT_A, "erp").environment("staging").build());
    insert(credential(TENANT_B, "erp").environment("production").build());
    assertThat(list(TENANT_A, CredentialQuery.all())).hasSize(2);
    assertThat(list(TENANT_B, CredentialQuery.all())).hasSize(1);
  }

  @Test
  @DisplayName("renaming onto a taken name and environment is refused and changes nothing")
  default void renameOntoTakenRefused() {
    insert(credential(TENANT_A, "erp").build());
    StoredCredential crm = insert(credential(TENANT_A, "crm").build());
    StoredCredential renamed = from(crm).nextVersion().name("erp").build();
    assertThatThrownBy(() -> write(u -> u.credentials().update(renamed, 1)))
        .isInstanceOf(DuplicateCredentialException.class);
    assertThat(get(TENANT_A, crm.metadata().id())).contains(crm);
    StoredCredential moved = from(crm).nextVersion().environment("production").name("erp").build();
    assertThatThrownBy(() -> write(u -> u.credentials().update(moved, 1)))
        .isInstanceOf(DuplicateCredentialException.class);
  }

  @Test
  @DisplayName("after a rename the old name is free and the new one finds the credential")
  default void renameFreesOldName() {
    StoredCredential erp = insert(credential(TENANT_A, "erp").build());
    StoredCredential renamed =
        from(erp).nextVersion().name("erp old").environment("archive").build();
    write(u -> u.credentials().update(renamed, 1));
    read(
        u -> {
          assertThat(u.credentials().findByName(TENANT_A, "erp", "production")).isEmpty();
          assertThat(u.credentials().findByName(TENANT_A, "erp old", "archive")).contains(renamed);
          return null;
        });
    insert(credential(TENANT_A, "erp").build());
    assertThat(list(TENANT_A, CredentialQuery.all())).hasSize(2);
  }

  @Test
  @DisplayName("an update that keeps its own name is not a duplicate of itself")
  default void keepOwnName() {
    StoredCredential erp = insert(credential(TENANT_A, "erp").build());
    StoredCredential same = from(erp).nextVersion().description("new").build();
    write(u -> u.credentials().update(same, 1));
    assertThat(get(TENANT_A, erp.metadata().id())).contains(same);
  }

  @Test
  @DisplayName("after a delete the name is free again")
  default void deleteFreesName() {
    StoredCredential erp = insert(credential(TENANT_A, "erp").build());
    write(u -> u.credentials().delete(TENANT_A, erp.metadata().id()));
    StoredCredential again = insert(credential(TENANT_A, "erp").build());
    assertThat(byName(TENANT_A, "erp", "production")).contains(again);
  }

  @Test
  @DisplayName("names are unique per tenant and environment, with the reference's message")
  default void duplicateName() {
    insert(ContractData.cred("db").build());
    assertThatThrownBy(() -> insert(ContractData.cred("db").build()))
        .isInstanceOf(DuplicateCredentialException.class)
        .hasMessage(
            "a credential named 'db' already exists in environment 'production' of tenant acme;"
                + " choose another name or environment, or update the existing one");
    insert(ContractData.cred("db").env("staging").build());
    insert(ContractData.cred("db").tenant(ContractData.GLOBEX).build());
    insert(ContractData.cred("DB").build());
    insert(ContractData.cred("db ").build());
    assertThat(
            read(u ->
                    u.credentials()
                        .list(ContractData.ACME, CredentialQuery.all(), PageRequest.first(10)))
                .total())
        .isEqualTo(4);
  }

  @Test
  @DisplayName("an id is unique in its tenant; a name clash is reported before an id clash")
  default void duplicateId() {
    StoredCredential a = insert(ContractData.cred("a").build());
    assertThatThrownBy(() -> insert(ContractData.cred("b").id(a.metadata().id()).build()))
        .isInstanceOf(DuplicateCredentialException.class)
        .hasMessage("a credential with id " + a.metadata().id() + " already exists; use a new id");
    assertThatThrownBy(() -> insert(ContractData.cred("a").id(a.metadata().id()).build()))
        .isInstanceOf(DuplicateCredentialException.class)
        .hasMessageContaining("named 'a'");
  }

  @Test
  @DisplayName("a duplicate caught inside a unit of work leaves the rest of it intact")
  default void duplicateCaughtInsideWork() {
    insert(ContractData.cred("db").build());
    StoredCredential other = ContractData.cred("other").build();
    write(
        u -> {
          assertThatThrownBy(() -> u.credentials().insert(ContractData.cred("db").build()))
              .isInstanceOf(DuplicateCredentialException.class);
          u.credentials().insert(other);
        });
    assertThat(
            read((UnitOfWork u) -> u.credentials().find(ContractData.ACME, other.metadata().id())))
        .contains(other);
  }

  @Test
  @DisplayName("renaming onto a taken name is a duplicate, and a stale version wins over the clash")
  default void renameClash() {
    insert(ContractData.cred("a").build());
    StoredCredential b = insert(ContractData.cred("b").build());
    assertThatThrownBy(() -> write(u -> u.credentials().update(ContractData.next(b, "a"), 1)))
        .isInstanceOf(DuplicateCredentialException.class)
        .hasMessageContaining("named 'a' already exists");
    assertThatThrownBy(() -> write(u -> u.credentials().update(ContractData.next(b, "a"), 7)))
        .isInstanceOf(ConcurrentCredentialModificationException.class);
    assertThat(read((UnitOfWork u) -> u.credentials().find(ContractData.ACME, b.metadata().id())))
        .contains(b);
  }
}
