package dev.credentials.testkit;

import static dev.credentials.testkit.RepositoryFixtures.T0;
import static dev.credentials.testkit.RepositoryFixtures.binding;
import static dev.credentials.testkit.RepositoryFixtures.credential;
import static dev.credentials.testkit.RepositoryFixtures.id;
import static org.assertj.core.api.Assertions.assertThat;

import dev.credentials.Binding;
import dev.credentials.Consumer;
import dev.credentials.CredentialId;
import dev.credentials.Requirement;
import dev.credentials.Topic;
import dev.credentials.spi.StoredCredential;
import dev.credentials.spi.UnitOfWork;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The kit's tests of consumers and bindings. */
interface ConsumerAndBindingTests extends KitContext {

  @Test
  @DisplayName("a consumer reads back with its requirements; putting it again replaces it")
  default void consumerRoundTrip() {
    Consumer first =
        new Consumer(
            "nightly/export:v1",
            List.of(
                new Requirement(Topic.of("demo-api"), "pushes invoices"),
                Requirement.of("sql-database")));
    write(u -> u.bindings().putConsumer(TENANT_A, first));
    assertThat(db().bindings().consumer(TENANT_A, "nightly/export:v1")).contains(first);

    Consumer second = Consumer.of("nightly/export:v1", "demo-db");
    write(u -> u.bindings().putConsumer(TENANT_A, second));
    assertThat(db().bindings().consumer(TENANT_A, "nightly/export:v1")).contains(second);
    assertThat(db().bindings().consumer(TENANT_A, "other")).isEmpty();
  }

  @Test
  @DisplayName("a tenant's consumers list with their requirements, ordered by id, and no other's")
  default void consumersOfATenant() {
    Consumer zeta =
        new Consumer(
            "zeta",
            List.of(
                new Requirement(Topic.of("demo-api"), "pushes invoices"),
                Requirement.of("sql-database")));
    Consumer alpha = Consumer.of("alpha", "demo-db");
    Consumer bare = new Consumer("middle", List.of());
    write(u -> u.bindings().putConsumer(TENANT_A, zeta));
    write(u -> u.bindings().putConsumer(TENANT_A, alpha));
    write(u -> u.bindings().putConsumer(TENANT_A, bare));
    write(u -> u.bindings().putConsumer(TENANT_B, Consumer.of("other-tenant", "demo-api")));
    assertThat(db().bindings().consumers(TENANT_A)).containsExactly(alpha, bare, zeta);
    assertThat(db().bindings().consumers(TENANT_B))
        .extracting(Consumer::id)
        .containsExactly("other-tenant");
    assertThat(db().bindings().consumers(dev.credentials.TenantId.of("nobody"))).isEmpty();
  }

  @Test
  @DisplayName("bindings read back with prefix, time and author, ordered by topic")
  default void bindingRoundTrip() {
    StoredCredential c = insert(credential(TENANT_A, "erp").build());
    CredentialId id = c.metadata().id();
    Binding zeta =
        new Binding(
            TENANT_A,
            "job",
            Topic.of("zeta"),
            id,
            Optional.of("ERP_A_"),
            T0.plusMillis(42),
            "user:bob");
    Binding alpha = binding(TENANT_A, "job", "alpha", id);
    write(
        u -> {
          u.bindings().putConsumer(TENANT_A, Consumer.of("job", "alpha", "zeta"));
          u.bindings().put(zeta);
          u.bindings().put(alpha);
        });
    assertThat(db().bindings().ofConsumer(TENANT_A, "job")).containsExactly(alpha, zeta);
    assertThat(db().bindings().ofConsumer(TENANT_A, "nobody")).isEmpty();
  }

  @Test
  @DisplayName("a binding for the same consumer and topic replaces the previous one")
  default void bindingReplaces() {
    StoredCredential one = insert(credential(TENANT_A, "one").build());
    StoredCredential two = insert(credential(TENANT_A, "two").build());
    bind(binding(TENANT_A, "job", "erp", one.metadata().id()));
    Binding replacement = binding(TENANT_A, "job", "erp", two.metadata().id());
    bind(replacement);
    assertThat(db().bindings().ofConsumer(TENANT_A, "job")).containsExactly(replacement);
    assertThat(db().bindings().ofCredential(TENANT_A, one.metadata().id())).isEmpty();
  }

  @Test
  @DisplayName("a binding is removed once; removing it again reports false")
  default void deleteBinding() {
    StoredCredential c = insert(credential(TENANT_A, "erp").build());
    bind(binding(TENANT_A, "job", "erp", c.metadata().id()));
    assertThat(db().bindings().delete(TENANT_A, "job", Topic.of("erp"))).isTrue();
    assertThat(db().bindings().ofConsumer(TENANT_A, "job")).isEmpty();
    assertThat(db().bindings().delete(TENANT_A, "job", Topic.of("erp"))).isFalse();
    assertThat(db().bindings().delete(TENANT_A, "nobody", Topic.of("erp"))).isFalse();
  }

  @Test
  @DisplayName("the bindings of a credential are found across consumers")
  default void bindingsOfCredential() {
    StoredCredential c = insert(credential(TENANT_A, "erp").build());
    StoredCredential other = insert(credential(TENANT_A, "other").build());
    Binding b1 = binding(TENANT_A, "job-1", "erp", c.metadata().id());
    Binding b2 = binding(TENANT_A, "job-2", "erp", c.metadata().id());
    Binding b3 = binding(TENANT_A, "job-2", "crm", other.metadata().id());
    bind(b1, b2, b3);
    assertThat(db().bindings().ofCredential(TENANT_A, c.metadata().id()))
        .containsExactlyInAnyOrder(b1, b2);
  }

  @Test
  @DisplayName("a consumer keeps its requirements in order and is replaced whole")
  default void consumers() {
    Consumer c =
        new Consumer(
            "flows/nightly:sync",
            List.of(
                new Requirement(Topic.of("zeta"), "last but listed first"),
                new Requirement(Topic.of("alpha"), "")));
    write(u -> u.bindings().putConsumer(ContractData.ACME, c));
    assertThat(read((UnitOfWork u) -> u.bindings().consumer(ContractData.ACME, c.id())))
        .contains(c);
    assertThat(read((UnitOfWork u) -> u.bindings().consumer(ContractData.GLOBEX, c.id())))
        .isEmpty();
    assertThat(read((UnitOfWork u) -> u.bindings().consumer(ContractData.ACME, "missing")))
        .isEmpty();
    Consumer replaced = Consumer.of("flows/nightly:sync", "beta");
    write(u -> u.bindings().putConsumer(ContractData.ACME, replaced));
    assertThat(read((UnitOfWork u) -> u.bindings().consumer(ContractData.ACME, c.id())))
        .contains(replaced);
    Consumer none = Consumer.of("empty");
    write(u -> u.bindings().putConsumer(ContractData.ACME, none));
    assertThat(read((UnitOfWork u) -> u.bindings().consumer(ContractData.ACME, "empty")))
        .contains(none);
  }

  @Test
  @DisplayName("a binding replaces the one for the same consumer and topic; listings are ordered")
  default void bindings() {
    CredentialId a = insert(ContractData.cred("a").build()).metadata().id();
    CredentialId b = insert(ContractData.cred("b").build()).metadata().id();
    Binding prefixed =
        new Binding(
            ContractData.ACME,
            "job-1",
            Topic.of("mail"),
            b,
            Optional.of("ERP_A_"),
            ContractData.T0.plusNanos(1),
            "svc:x");
    write(
        u -> {
          u.bindings().put(ContractData.binding(ContractData.ACME, "job-1", "zz", a));
          u.bindings().put(ContractData.binding(ContractData.ACME, "job-1", "mail", a));
          u.bindings().put(prefixed);
          u.bindings().put(ContractData.binding(ContractData.ACME, "job-0", "zz", b));
        });
    assertThat(read((UnitOfWork u) -> u.bindings().ofConsumer(ContractData.ACME, "job-1")))
        .containsExactly(prefixed, ContractData.binding(ContractData.ACME, "job-1", "zz", a));
    assertThat(read((UnitOfWork u) -> u.bindings().ofCredential(ContractData.ACME, b)))
        .containsExactly(ContractData.binding(ContractData.ACME, "job-0", "zz", b), prefixed);
    assertThat(
            tx((UnitOfWork u) -> u.bindings().delete(ContractData.ACME, "job-1", Topic.of("mail"))))
        .isTrue();
    assertThat(
            tx((UnitOfWork u) -> u.bindings().delete(ContractData.ACME, "job-1", Topic.of("mail"))))
        .isFalse();
    assertThat(
            tx((UnitOfWork u) -> u.bindings().delete(ContractData.GLOBEX, "job-1", Topic.of("zz"))))
        .isFalse();
    assertThat(read((UnitOfWork u) -> u.bindings().ofConsumer(ContractData.ACME, "job-1")))
        .containsExactly(ContractData.binding(ContractData.ACME, "job-1", "zz", a));
  }
}
