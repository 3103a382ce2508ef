package dev.credentials.testkit;

import static dev.credentials.testkit.RepositoryFixtures.T0;
import static dev.credentials.testkit.RepositoryFixtures.binding;
import static dev.credentials.testkit.RepositoryFixtures.check;
import static dev.credentials.testkit.RepositoryFixtures.credential;
import static dev.credentials.testkit.RepositoryFixtures.event;
import static dev.credentials.testkit.RepositoryFixtures.from;
import static dev.credentials.testkit.RepositoryFixtures.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.ConcurrentCredentialModificationException;
import dev.credentials.Consumer;
import dev.credentials.CredentialId;
import dev.credentials.CredentialQuery;
import dev.credentials.CredentialState;
import dev.credentials.Page;
import dev.credentials.Topic;
import dev.credentials.audit.AuditAction;
import dev.credentials.audit.AuditEvent;
import dev.credentials.audit.AuditQuery;
import dev.credentials.spi.StoredCredential;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The kit's tests of tenancy. */
interface TenantIsolationTests extends KitContext {

  /**
   * @return the credential {@link #credentialInTenantA()} stored
   */
  private StoredCredential a() {
    return (StoredCredential) scratch().get("a");
  }

  @BeforeEach
  default void credentialInTenantA() {
    StoredCredential a =
        insert(credential(TENANT_A, "erp").prototype("demo-db").tags("x").expiresAt(T0).build());
    scratch().put("a", a);
    write(
        u -> {
          u.bindings().putConsumer(TENANT_A, Consumer.of("job", "erp"));
          u.bindings().put(binding(TENANT_A, "job", "erp", a.metadata().id()));
          u.checks()
              .append(TENANT_A, a.metadata().id(), check(CredentialState.AVAILABLE, "ok", T0));
          u.audit()
              .append(
                  event(
                      TENANT_A,
                      1,
                      T0,
                      "user:alice",
                      AuditAction.CREATED,
                      Optional.of(a.metadata().id())));
        });
  }

  @Test
  @DisplayName("another tenant's credential id reads as absent, alone or in bulk")
  default void readsAsAbsent() {
    CredentialId id = a().metadata().id();
    read(
        u -> {
          assertThat(u.credentials().find(TENANT_B, id)).isEmpty();
          assertThat(u.credentials().findAll(TENANT_B, List.of(id))).isEmpty();
          assertThat(u.credentials().findByName(TENANT_B, "erp", "production")).isEmpty();
          return null;
        });
  }

  @Test
  @DisplayName("another tenant cannot update the credential: it behaves as deleted")
  default void cannotUpdate() {
    StoredCredential hijack = from(a()).tenant(TENANT_B).nextVersion().description("mine").build();
    assertThatThrownBy(() -> write(u -> u.credentials().update(hijack, 1)))
        .isInstanceOf(ConcurrentCredentialModificationException.class);
    assertThat(get(TENANT_A, a().metadata().id())).contains(a());
    assertThat(get(TENANT_B, a().metadata().id())).isEmpty();
  }

  @Test
  @DisplayName("another tenant cannot delete the credential, its bindings or its checks")
  default void cannotDelete() {
    assertThat(db().credentials().delete(TENANT_B, a().metadata().id())).isFalse();
    assertThat(db().bindings().delete(TENANT_B, "job", Topic.of("erp"))).isFalse();
    assertThat(get(TENANT_A, a().metadata().id())).contains(a());
    assertThat(db().bindings().ofConsumer(TENANT_A, "job")).hasSize(1);
    assertThat(db().checks().latest(TENANT_A, List.of(a().metadata().id()))).hasSize(1);
  }

  @Test
  @DisplayName("listings, counts and queries of another tenant do not include the credential")
  default void listingsAreScoped() {
    read(
        u -> {
          Page<StoredCredential> page = u.credentials().list(TENANT_B, CredentialQuery.all(), ALL);
          assertThat(page.items()).isEmpty();
          assertThat(page.total()).isZero();
          assertThat(
                  u.credentials().list(TENANT_B, CredentialQuery.all().withTag("x"), ALL).total())
              .isZero();
          assertThat(u.credentials().ofPrototypes(TENANT_B, Set.of("demo-db"))).isEmpty();
          assertThat(u.credentials().expiringBefore(TENANT_B, T0.plusSeconds(1))).isEmpty();
          return null;
        });
  }

  @Test
  @DisplayName("consumers and bindings belong to one tenant")
  default void bindingsAreScoped() {
    read(
        u -> {
          assertThat(u.bindings().consumer(TENANT_B, "job")).isEmpty();
          assertThat(u.bindings().ofConsumer(TENANT_B, "job")).isEmpty();
          assertThat(u.bindings().ofCredential(TENANT_B, a().metadata().id())).isEmpty();
          return null;
        });
    write(u -> u.bindings().putConsumer(TENANT_B, Consumer.of("job", "crm")));
    assertThat(db().bindings().consumer(TENANT_A, "job")).contains(Consumer.of("job", "erp"));
  }

  @Test
  @DisplayName("check results belong to one tenant")
  default void checksAreScoped() {
    assertThat(db().checks().latest(TENANT_B, List.of(a().metadata().id()))).isEmpty();
  }

  @Test
  @DisplayName("each tenant has its own audit chain, sequence and reads")
  default void auditIsScoped() {
    read(
        u -> {
          assertThat(u.audit().last(TENANT_B)).isEmpty();
          assertThat(u.audit().events(TENANT_B, AuditQuery.all(), ALL).total()).isZero();
          assertThat(
                  u.audit()
                      .events(TENANT_B, AuditQuery.all().withCredential(a().metadata().id()), ALL)
                      .items())
              .isEmpty();
          return null;
        });
    AuditEvent b1 = event(TENANT_B, 1, T0, "user:eve", AuditAction.CREATED, Optional.empty());
    write(u -> u.audit().append(b1));
    assertThat(db().audit().last(TENANT_B)).contains(b1);
    assertThat(audit(TENANT_B, AuditQuery.all())).containsExactly(b1);
    assertThat(audit(TENANT_A, AuditQuery.all()))
        .extracting(AuditEvent::tenant)
        .containsOnly(TENANT_A);
  }
}
