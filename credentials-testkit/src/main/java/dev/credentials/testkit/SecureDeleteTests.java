package dev.credentials.testkit;

import static dev.credentials.testkit.RepositoryFixtures.T0;
import static dev.credentials.testkit.RepositoryFixtures.binding;
import static dev.credentials.testkit.RepositoryFixtures.check;
import static dev.credentials.testkit.RepositoryFixtures.credential;
import static dev.credentials.testkit.RepositoryFixtures.event;
import static dev.credentials.testkit.RepositoryFixtures.id;
import static org.assertj.core.api.Assertions.assertThat;

import dev.credentials.Binding;
import dev.credentials.CredentialId;
import dev.credentials.CredentialState;
import dev.credentials.audit.AuditAction;
import dev.credentials.audit.AuditEvent;
import dev.credentials.audit.AuditQuery;
import dev.credentials.spi.StoredCredential;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The kit's tests of secure delete. */
interface SecureDeleteTests extends KitContext {

  @Test
  @DisplayName(
      "deleting a credential removes its bindings and check results but keeps its audit events")
  default void deleteCascades() {
    StoredCredential erp = insert(credential(TENANT_A, "erp").build());
    StoredCredential crm = insert(credential(TENANT_A, "crm").build());
    CredentialId id = erp.metadata().id();
    bind(
        binding(TENANT_A, "job-1", "erp", id),
        binding(TENANT_A, "job-2", "erp", id),
        binding(TENANT_A, "job-2", "crm", crm.metadata().id()));
    write(
        u -> {
          u.checks().append(TENANT_A, id, check(CredentialState.AVAILABLE, "ok", T0));
          u.checks()
              .append(TENANT_A, crm.metadata().id(), check(CredentialState.AVAILABLE, "ok", T0));
          u.audit()
              .append(event(TENANT_A, 1, T0, "user:alice", AuditAction.CREATED, Optional.of(id)));
        });
    write(
        u -> {
          assertThat(u.credentials().delete(TENANT_A, id)).isTrue();
          u.audit()
              .append(
                  event(
                      TENANT_A,
                      2,
                      T0.plusSeconds(1),
                      "user:alice",
                      AuditAction.DELETED,
                      Optional.of(id)));
        });
    read(
        u -> {
          assertThat(u.bindings().ofCredential(TENANT_A, id)).isEmpty();
          assertThat(u.bindings().ofConsumer(TENANT_A, "job-1")).isEmpty();
          assertThat(u.bindings().ofConsumer(TENANT_A, "job-2"))
              .extracting(Binding::credentialId)
              .containsExactly(crm.metadata().id());
          assertThat(u.checks().latest(TENANT_A, List.of(id, crm.metadata().id())))
              .containsOnlyKeys(crm.metadata().id());
          assertThat(u.audit().events(TENANT_A, AuditQuery.all().withCredential(id), ALL).items())
              .extracting(AuditEvent::action)
              .containsExactly(AuditAction.CREATED, AuditAction.DELETED);
          assertThat(u.credentials().find(TENANT_A, crm.metadata().id())).contains(crm);
          return null;
        });
  }

  @Test
  @DisplayName(
      "a credential inserted again under a deleted credential's name starts without checks")
  default void noCheckResultsResurface() {
    StoredCredential erp = insert(credential(TENANT_A, "erp").build());
    write(
        u ->
            u.checks()
                .append(TENANT_A, erp.metadata().id(), check(CredentialState.AVAILABLE, "ok", T0)));
    write(u -> u.credentials().delete(TENANT_A, erp.metadata().id()));
    StoredCredential again = insert(credential(TENANT_A, "erp").build());
    assertThat(latest(TENANT_A, erp.metadata().id(), again.metadata().id())).isEmpty();
  }
}
