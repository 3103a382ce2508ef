package dev.credentials.core;

import static dev.credentials.core.Fixture.ADMIN;
import static dev.credentials.core.Fixture.GLOBEX_ADMIN;
import static dev.credentials.core.Fixture.USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.BindingRequest;
import dev.credentials.Caller;
import dev.credentials.Consumer;
import dev.credentials.CredentialAccessDeniedException;
import dev.credentials.CredentialMetadata;
import dev.credentials.LaunchDecision.Outcome;
import dev.credentials.NewCredential;
import dev.credentials.PageRequest;
import dev.credentials.Secret;
import dev.credentials.audit.AuditAction;
import dev.credentials.audit.AuditQuery;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link Credentials#clearCaches}: the caller's tenant only, after the policy's MANAGE check. */
class ClearCachesTest {

  static void bind(Credentials engine, Caller admin) {
    CredentialMetadata m =
        engine
            .store()
            .create(
                admin,
                NewCredential.builder("demo-api", "api")
                    .value("API_URL", "https://api.example.com")
                    .secret("API_TOKEN", Secret.of("clear-caches-canary"))
                    .build());
    engine.bindings().declare(admin, Consumer.of("job", "demo-api"));
    engine.bindings().bind(admin, BindingRequest.of("job", "demo-api", m.id()));
  }

  @Test
  @DisplayName("check results of the caller's tenant are dropped; another tenant's are kept")
  void dropsTheTenantsCaches() {
    Fixture.Script check = new Fixture.Script();
    try (Credentials engine = Fixture.engine(Fixture.clock(), check)) {
      bind(engine, ADMIN);
      bind(engine, GLOBEX_ADMIN);
      assertThat(engine.launchGate().prepare(ADMIN, "job").outcome()).isEqualTo(Outcome.RUN);
      assertThat(engine.launchGate().prepare(GLOBEX_ADMIN, "job").outcome()).isEqualTo(Outcome.RUN);
      engine.launchGate().prepare(ADMIN, "job");
      engine.launchGate().prepare(GLOBEX_ADMIN, "job");
      assertThat(check.calls.get()).as("cached for their TTL").isEqualTo(2);

      engine.clearCaches(ADMIN);
      engine.launchGate().prepare(ADMIN, "job");
      assertThat(check.calls.get()).as("acme checks again").isEqualTo(3);
      engine.launchGate().prepare(GLOBEX_ADMIN, "job");
      assertThat(check.calls.get()).as("globex keeps its result").isEqualTo(3);
    }
  }

  @Test
  @DisplayName("a caller without MANAGE is refused, and the refusal is audited")
  void needsManage() {
    try (Credentials engine = Fixture.engine(Fixture.clock(), new Fixture.Script())) {
      assertThatThrownBy(() -> engine.clearCaches(USER))
          .isInstanceOf(CredentialAccessDeniedException.class)
          .hasMessageContaining("clear the caches");
      assertThat(engine.audit().query(ADMIN, AuditQuery.all(), PageRequest.first(10)).items())
          .anySatisfy(e -> assertThat(e.action()).isEqualTo(AuditAction.ACCESS_DENIED));
      assertThatThrownBy(() -> engine.clearCaches(null)).isInstanceOf(NullPointerException.class);
    }
  }
}
