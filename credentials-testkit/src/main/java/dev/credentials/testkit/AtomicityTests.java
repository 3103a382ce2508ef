package dev.credentials.testkit;

import static dev.credentials.testkit.RepositoryFixtures.T0;
import static dev.credentials.testkit.RepositoryFixtures.binding;
import static dev.credentials.testkit.RepositoryFixtures.check;
import static dev.credentials.testkit.RepositoryFixtures.credential;
import static dev.credentials.testkit.RepositoryFixtures.event;
import static dev.credentials.testkit.RepositoryFixtures.from;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.Consumer;
import dev.credentials.CredentialId;
import dev.credentials.CredentialQuery;
import dev.credentials.CredentialState;
import dev.credentials.DuplicateCredentialException;
import dev.credentials.Topic;
import dev.credentials.audit.AuditAction;
import dev.credentials.spi.StoredCredential;
import dev.credentials.spi.UnitOfWork;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The kit's tests of atomic units of work. */
interface AtomicityTests extends KitContext {

  @Test
  @DisplayName("work that throws after writes of every kind leaves nothing behind")
  default void rollsBackEverything() {
    StoredCredential kept = insert(credential(TENANT_A, "kept").build());
    StoredCredential doomed = insert(credential(TENANT_A, "doomed").build());
    write(
        u -> {
          u.bindings().putConsumer(TENANT_A, Consumer.of("job", "erp", "crm"));
          u.bindings().put(binding(TENANT_A, "job", "erp", kept.metadata().id()));
          u.bindings().put(binding(TENANT_A, "job", "crm", doomed.metadata().id()));
          u.checks()
              .append(TENANT_A, doomed.metadata().id(), check(CredentialState.AVAILABLE, "ok", T0));
          u.audit()
              .append(event(TENANT_A, 1, T0, "user:alice", AuditAction.CREATED, Optional.empty()));
          u.prototypeDocuments().put("erp", "{}");
        });
    Snapshot before = snapshot(TENANT_A, "job");

    RuntimeException boom = new IllegalStateException("boom after many writes");
    assertThatThrownBy(
            () ->
                write(
                    u -> {
                      StoredCredential fresh = credential(TENANT_A, "new").build();
                      u.credentials().insert(fresh);
                      u.credentials()
                          .update(
                              from(kept).nextVersion().description("changed").keyId("k9").build(),
                              1);
                      u.credentials().delete(TENANT_A, doomed.metadata().id());
                      u.bindings().putConsumer(TENANT_A, Consumer.of("job", "other"));
                      u.bindings().put(binding(TENANT_A, "job", "erp", fresh.metadata().id()));
                      u.bindings().delete(TENANT_A, "job", Topic.of("crm"));
                      u.checks()
                          .append(
                              TENANT_A,
                              kept.metadata().id(),
                              check(CredentialState.UNAVAILABLE, "down", T0));
                      u.audit()
                          .append(
                              event(
                                  TENANT_A,
                                  2,
                                  T0,
                                  "user:alice",
                                  AuditAction.UPDATED,
                                  Optional.empty()));
                      u.prototypeDocuments().put("erp", "{\"changed\":true}");
                      u.prototypeDocuments().put("crm", "{}");
                      throw boom;
                    }))
        .as("the exception propagates unchanged")
        .isSameAs(boom);

    assertThat(snapshot(TENANT_A, "job")).isEqualTo(before);
    assertThat(get(TENANT_A, doomed.metadata().id()).orElseThrow().sealedValues())
        .as("a rolled back delete leaves the sealed bytes intact")
        .containsExactly(doomed.sealedValues());
  }

  @Test
  @DisplayName("a credential exception raised by the repository itself propagates unchanged")
  default void repositoryExceptionPropagates() {
    insert(credential(TENANT_A, "erp").build());
    Snapshot before = snapshot(TENANT_A, "job");
    assertThatThrownBy(
            () ->
                write(
                    u -> {
                      u.credentials().insert(credential(TENANT_A, "crm").build());
                      u.bindings().putConsumer(TENANT_A, Consumer.of("job", "erp"));
                      u.credentials().insert(credential(TENANT_A, "erp").build());
                    }))
        .isExactlyInstanceOf(DuplicateCredentialException.class);
    assertThat(snapshot(TENANT_A, "job")).isEqualTo(before);
  }

  @Test
  @DisplayName("an error thrown by the work also rolls it back")
  default void errorRollsBack() {
    AssertionError error = new AssertionError("failed inside the unit of work");
    assertThatThrownBy(
            () ->
                write(
                    u -> {
                      u.credentials().insert(credential(TENANT_A, "erp").build());
                      throw error;
                    }))
        .isSameAs(error);
    assertThat(list(TENANT_A, CredentialQuery.all())).isEmpty();
  }

  @Test
  @DisplayName("the value the work returns is returned")
  default void returnsValue() {
    String result = repository().inTransaction(u -> "result");
    assertThat(result).isEqualTo("result");
    Integer answer = repository().read(u -> 42);
    assertThat(answer).isEqualTo(42);
  }

  @Test
  @DisplayName(
      "a unit of work that throws leaves nothing behind and its exception propagates unchanged")
  default void rollback() {
    StoredCredential existing = insert(ContractData.cred("existing").build());
    RuntimeException boom = new RuntimeException("boom");
    StoredCredential s = ContractData.cred("db").build();
    assertThatThrownBy(
            () ->
                write(
                    u -> {
                      u.credentials().insert(s);
                      u.credentials().update(ContractData.next(existing, "renamed"), 1);
                      u.bindings().putConsumer(ContractData.ACME, Consumer.of("job", "t"));
                      u.bindings()
                          .put(
                              ContractData.binding(
                                  ContractData.ACME, "job", "t", s.metadata().id()));
                      u.checks()
                          .append(
                              ContractData.ACME,
                              s.metadata().id(),
                              ContractData.check(CredentialState.AVAILABLE, "ok", ContractData.T0));
                      u.audit().last(ContractData.ACME);
                      u.audit()
                          .append(
                              ContractData.event(
                                  ContractData.ACME,
                                  1,
                                  AuditAction.CREATED,
                                  Optional.empty(),
                                  ContractData.T0));
                      u.prototypeDocuments().put("p", "{}");
                      throw boom;
                    }))
        .isSameAs(boom);
    assertThat(read((UnitOfWork u) -> u.credentials().find(ContractData.ACME, s.metadata().id())))
        .isEmpty();
    assertThat(
            read(
                (UnitOfWork u) ->
                    u.credentials().find(ContractData.ACME, existing.metadata().id())))
        .contains(existing);
    assertThat(read((UnitOfWork u) -> u.bindings().consumer(ContractData.ACME, "job"))).isEmpty();
    assertThat(read((UnitOfWork u) -> u.bindings().ofConsumer(ContractData.ACME, "job"))).isEmpty();
    assertThat(
            read(
                (UnitOfWork u) -> u.checks().latest(ContractData.ACME, List.of(s.metadata().id()))))
        .isEmpty();
    assertThat(tx((UnitOfWork u) -> u.audit().last(ContractData.ACME))).isEmpty();
    assertThat(read((UnitOfWork u) -> u.prototypeDocuments().all())).isEmpty();
    // the chain continues at 1: the rolled-back append left no trace
    write(
        u ->
            u.audit()
                .append(
                    ContractData.event(
                        ContractData.ACME,
                        1,
                        AuditAction.CREATED,
                        Optional.empty(),
                        ContractData.T0)));
  }

  @Test
  @DisplayName("an Error rolls back as well")
  default void rollbackOnError() {
    StoredCredential s = ContractData.cred("db").build();
    AssertionError error = new AssertionError("bad");
    assertThatThrownBy(
            () ->
                write(
                    u -> {
                      u.credentials().insert(s);
                      throw error;
                    }))
        .isSameAs(error);
    assertThat(read((UnitOfWork u) -> u.credentials().find(ContractData.ACME, s.metadata().id())))
        .isEmpty();
  }

  @Test
  @DisplayName("read-only work cannot write, and a unit of work cannot be used after it ended")
  default void readOnlyAndEnded() {
    assertThatThrownBy(
            () ->
                read(
                    u -> {
                      u.credentials().insert(ContractData.cred().build());
                      return null;
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("read-only unit of work cannot write");
    assertThatThrownBy(
            () ->
                read(
                    u -> {
                      u.prototypeDocuments().put("x", "{}");
                      return null;
                    }))
        .isInstanceOf(IllegalStateException.class);
    AtomicReference<UnitOfWork> leaked = new AtomicReference<>();
    write(leaked::set);
    assertThatThrownBy(
            () -> leaked.get().credentials().find(ContractData.ACME, CredentialId.random()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("this unit of work has ended");
    assertThatThrownBy(() -> leaked.get().credentials().insert(ContractData.cred().build()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("this unit of work has ended");
  }
}
