package dev.credentials.core;

import static dev.credentials.core.Fixture.ADMIN;
import static dev.credentials.core.Fixture.GLOBEX_ADMIN;
import static dev.credentials.core.Fixture.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.BindingRejectedException;
import dev.credentials.BindingRequest;
import dev.credentials.Consumer;
import dev.credentials.CredentialMetadata;
import dev.credentials.LaunchDecision;
import dev.credentials.NewCredential;
import dev.credentials.PageRequest;
import dev.credentials.RequirementState;
import dev.credentials.RequirementStatus;
import dev.credentials.Secret;
import dev.credentials.TenantDefault;
import dev.credentials.Topic;
import dev.credentials.UnmetRequirementException;
import dev.credentials.audit.AuditAction;
import dev.credentials.audit.AuditEvent;
import dev.credentials.audit.AuditQuery;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A tenant's default credential per topic, inherited by consumers without their own binding. */
@DisplayName("Tenant-wide default credentials")
class TenantDefaultsTest {

  final Credentials engine =
      Fixture.engine(
          Fixture.clock(), new Fixture.Script(), b -> b.accessAudit(AccessAudit.synchronous()));

  @AfterEach
  void close() {
    engine.close();
  }

  private CredentialMetadata api(String name, String token) {
    return engine
        .store()
        .create(
            ADMIN,
            NewCredential.builder("demo-api", name)
                .value("API_URL", "https://" + name + ".example.com")
                .secret("API_TOKEN", Secret.of(token))
                .build());
  }

  private String token(String consumer) {
    return engine.resolver().resolve(SERVICE, consumer).get("API_TOKEN").orElseThrow().reveal();
  }

  private RequirementStatus status(String consumer) {
    return engine.bindings().status(ADMIN, consumer).requirements().get(0);
  }

  @Test
  @DisplayName("a consumer without a binding inherits the default; status says so and from where")
  void inherits() {
    CredentialMetadata shared = api("shared", "token-shared");
    engine.bindings().declare(ADMIN, Consumer.of("job", "http-api"));
    assertThat(status("job").state()).isEqualTo(RequirementState.UNASSIGNED);

    TenantDefault d = engine.bindings().setDefault(ADMIN, "http-api", shared.id());
    assertThat(engine.bindings().defaults(ADMIN)).containsExactly(d);

    RequirementStatus s = status("job");
    assertThat(s.state()).isEqualTo(RequirementState.BOUND);
    assertThat(s.inherited()).isTrue();
    assertThat(s.inheritedFrom()).contains(d);
    assertThat(s.credential().orElseThrow().id()).isEqualTo(shared.id());
    assertThat(s.advice()).startsWith("Inherited from the tenant's default for topic 'http-api'");

    assertThat(token("job")).isEqualTo("token-shared");
    LaunchDecision launch = engine.launchGate().prepare(SERVICE, "job");
    assertThat(launch.outcome()).isEqualTo(LaunchDecision.Outcome.RUN);
    assertThat(launch.requireEnvironment().get("API_TOKEN").orElseThrow().reveal())
        .isEqualTo("token-shared");
  }

  @Test
  @DisplayName("the consumer's own binding wins over the default")
  void ownBindingWins() {
    CredentialMetadata shared = api("shared", "token-shared");
    CredentialMetadata own = api("own", "token-own");
    engine.bindings().declare(ADMIN, Consumer.of("job", "http-api"));
    engine.bindings().declare(ADMIN, Consumer.of("other", "http-api"));
    engine.bindings().setDefault(ADMIN, "http-api", shared.id());
    engine.bindings().bind(ADMIN, BindingRequest.of("job", "http-api", own.id()));

    assertThat(token("job")).isEqualTo("token-own");
    assertThat(status("job").inherited()).isFalse();
    assertThat(token("other")).isEqualTo("token-shared");
    assertThat(status("other").inherited()).isTrue();
  }

  @Test
  @DisplayName("clearing the default unbinds the consumers that inherited it; both are audited")
  void clearAndAudit() {
    CredentialMetadata shared = api("shared", "token-shared");
    engine.bindings().declare(ADMIN, Consumer.of("job", "http-api"));
    engine.bindings().setDefault(ADMIN, "http-api", shared.id());
    assertThat(token("job")).isEqualTo("token-shared");
    assertThat(engine.bindings().clearDefault(ADMIN, Topic.of("http-api"))).isTrue();
    assertThat(engine.bindings().clearDefault(ADMIN, Topic.of("http-api"))).isFalse();
    assertThatThrownBy(() -> token("job")).isInstanceOf(UnmetRequirementException.class);
    assertThat(status("job").state()).isEqualTo(RequirementState.UNASSIGNED);

    List<AuditEvent> events =
        engine.audit().query(ADMIN, AuditQuery.all(), PageRequest.first(100)).items();
    assertThat(events)
        .filteredOn(e -> "tenant".equals(e.details().get("default")))
        .extracting(AuditEvent::action)
        .containsExactly(AuditAction.BOUND, AuditAction.UNBOUND);
  }

  @Test
  @DisplayName("deleting the credential removes the default; tenants never inherit another's")
  void deleteAndTenancy() {
    CredentialMetadata shared = api("shared", "token-shared");
    engine.bindings().setDefault(ADMIN, "http-api", shared.id());
    engine.bindings().declare(GLOBEX_ADMIN, Consumer.of("job", "http-api"));
    assertThat(engine.bindings().defaults(GLOBEX_ADMIN)).isEmpty();
    assertThat(engine.bindings().status(GLOBEX_ADMIN, "job").requirements().get(0).state())
        .isNotEqualTo(RequirementState.BOUND);
    assertThatThrownBy(() -> engine.bindings().setDefault(GLOBEX_ADMIN, "http-api", shared.id()))
        .isInstanceOf(dev.credentials.CredentialNotFoundException.class);

    engine.store().delete(ADMIN, shared.id());
    assertThat(engine.bindings().defaults(ADMIN)).isEmpty();
  }

  @Test
  @DisplayName("a default must provide the topic and be active")
  void refusals() {
    CredentialMetadata shared = api("shared", "token-shared");
    assertThatThrownBy(() -> engine.bindings().setDefault(ADMIN, "sql-database", shared.id()))
        .isInstanceOf(BindingRejectedException.class)
        .hasMessageContaining("not topic sql-database");
    engine
        .store()
        .update(
            ADMIN,
            shared.id(),
            dev.credentials.CredentialUpdate.builder(shared.version()).active(false).build());
    assertThatThrownBy(() -> engine.bindings().setDefault(ADMIN, "http-api", shared.id()))
        .isInstanceOf(BindingRejectedException.class)
        .hasMessageContaining("inactive");
    assertThat(engine.bindings().defaults(ADMIN)).isEmpty();
  }
}
