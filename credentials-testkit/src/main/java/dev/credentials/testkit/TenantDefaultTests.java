package dev.credentials.testkit;

import static dev.credentials.testkit.RepositoryFixtures.T0;
import static dev.credentials.testkit.RepositoryFixtures.credential;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.CredentialId;
import dev.credentials.CredentialNotFoundException;
import dev.credentials.TenantDefault;
import dev.credentials.TenantId;
import dev.credentials.Topic;
import dev.credentials.spi.StoredCredential;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The kit's tests of tenant-wide default credentials. */
interface TenantDefaultTests extends KitContext {

  private static TenantDefault def(TenantId tenant, String topic, CredentialId id) {
    return new TenantDefault(tenant, Topic.of(topic), id, T0.plusNanos(123_456_789), "user:alice");
  }

  private java.util.List<TenantDefault> defaultsOf(TenantId tenant) {
    return read(u -> u.defaults().all(tenant));
  }

  private boolean removed(TenantId tenant, String topic) {
    Boolean r = tx(u -> u.defaults().delete(tenant, Topic.of(topic)));
    return r;
  }

  @Test
  @DisplayName("defaults read back by topic; a second default of a topic replaces the first")
  default void putReplaceAndList() {
    StoredCredential a = insert(credential(TENANT_A, "a").build());
    StoredCredential b = insert(credential(TENANT_A, "b").build());
    write(u -> u.defaults().put(def(TENANT_A, "smtp", a.metadata().id())));
    write(u -> u.defaults().put(def(TENANT_A, "http-api", a.metadata().id())));
    write(u -> u.defaults().put(def(TENANT_A, "smtp", b.metadata().id())));
    assertThat(defaultsOf(TENANT_A))
        .containsExactly(
            def(TENANT_A, "http-api", a.metadata().id()), def(TENANT_A, "smtp", b.metadata().id()));
    java.util.List<TenantDefault> ofA =
        read(u -> u.defaults().ofCredential(TENANT_A, a.metadata().id()));
    assertThat(ofA).containsExactly(def(TENANT_A, "http-api", a.metadata().id()));
    assertThat(defaultsOf(TENANT_B)).as("tenant isolation").isEmpty();
  }

  @Test
  @DisplayName("a default is removed by topic, and with the credential it names")
  default void deleteAndCascade() {
    StoredCredential a = insert(credential(TENANT_A, "a").build());
    StoredCredential b = insert(credential(TENANT_A, "b").build());
    write(u -> u.defaults().put(def(TENANT_A, "smtp", a.metadata().id())));
    write(u -> u.defaults().put(def(TENANT_A, "http-api", b.metadata().id())));
    assertThat(removed(TENANT_B, "smtp")).isFalse();
    assertThat(removed(TENANT_A, "smtp")).isTrue();
    assertThat(removed(TENANT_A, "smtp")).isFalse();
    write(u -> u.credentials().delete(TENANT_A, b.metadata().id()));
    assertThat(defaultsOf(TENANT_A)).isEmpty();
  }

  @Test
  @DisplayName("a default naming a credential that does not exist in the tenant is refused")
  default void unknownCredential() {
    StoredCredential other = insert(credential(TENANT_B, "b").build());
    assertThatThrownBy(
            () -> write(u -> u.defaults().put(def(TENANT_A, "smtp", other.metadata().id()))))
        .isInstanceOf(CredentialNotFoundException.class);
    assertThat(defaultsOf(TENANT_A)).isEmpty();
  }

  @Test
  @DisplayName("a default written in a unit of work that fails is not kept")
  default void rollback() {
    StoredCredential a = insert(credential(TENANT_A, "a").build());
    assertThatThrownBy(
            () ->
                write(
                    u -> {
                      u.defaults().put(def(TENANT_A, "smtp", a.metadata().id()));
                      throw new IllegalStateException("boom");
                    }))
        .isInstanceOf(IllegalStateException.class);
    assertThat(defaultsOf(TENANT_A)).isEmpty();
  }
}
