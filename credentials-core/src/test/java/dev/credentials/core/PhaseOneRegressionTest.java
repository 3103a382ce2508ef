package dev.credentials.core;

import static dev.credentials.core.Fixture.ADMIN;
import static dev.credentials.core.Fixture.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.BindingRequest;
import dev.credentials.Consumer;
import dev.credentials.ConsumerStatus;
import dev.credentials.CredentialMetadata;
import dev.credentials.LaunchDecision;
import dev.credentials.NewCredential;
import dev.credentials.PageRequest;
import dev.credentials.RequirementState;
import dev.credentials.ResolvedEnvironment;
import dev.credentials.Secret;
import dev.credentials.UnmetRequirementException;
import dev.credentials.audit.AuditEvent;
import dev.credentials.audit.AuditQuery;
import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.FieldType;
import dev.credentials.prototype.Prototype;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Phase 1 describes states a launch used to throw for, and validates fallback values. */
class PhaseOneRegressionTest {

  private final Fixture.TestClock clock = Fixture.clock();

  private static Prototype ftp() {
    return Prototype.builder("legacy-ftp")
        .name("Legacy FTP")
        .field(FieldDefinition.builder("FTP_HOST", FieldType.STRING).required(true).build())
        .field(FieldDefinition.builder("FTP_PASSWORD", FieldType.PASSWORD).required(true).build())
        .build();
  }

  @Nested
  @DisplayName("a bound credential whose prototype this engine does not know")
  class UnknownPrototype {

    @Test
    @DisplayName("blocks a launch naming the prototype instead of throwing")
    void launchOfCredentialWithUnknownPrototypeBlocks() {
      InMemoryCredentialRepository repository = new InMemoryCredentialRepository();
      CredentialKeys keys = CredentialKeys.generate();
      try (Credentials first =
          Credentials.builder()
              .repository(repository)
              .keys(keys)
              .clock(clock)
              .discoverPrototypes(false)
              .prototype(ftp())
              .build()) {
        CredentialMetadata m =
            first
                .store()
                .create(
                    ADMIN,
                    NewCredential.builder("legacy-ftp", "files")
                        .value("FTP_HOST", "ftp.example")
                        .secret("FTP_PASSWORD", Secret.of("ftp-canary-pw"))
                        .build());
        first.bindings().declare(ADMIN, Consumer.of("job", "legacy-ftp"));
        first.bindings().bind(ADMIN, BindingRequest.of("job", "legacy-ftp", m.id()));
        assertThat(first.launchGate().prepare(SERVICE, "job").outcome())
            .isEqualTo(LaunchDecision.Outcome.RUN);
      }
      try (Credentials second =
          Credentials.builder()
              .repository(repository)
              .keys(keys)
              .clock(clock)
              .discoverPrototypes(false)
              .prototype(Fixture.api())
              .build()) {
        LaunchDecision d = second.launchGate().prepare(SERVICE, "job");
        assertThat(d.outcome()).isEqualTo(LaunchDecision.Outcome.BLOCK);
        assertThat(d.exitCode()).isEqualTo(LaunchDecision.EX_TEMPFAIL);
        assertThat(d.reasons())
            .singleElement()
            .asString()
            .contains("legacy-ftp", "files", "does not know")
            .doesNotContain("ftp-canary-pw");
        assertThat(d.environment()).isEmpty();
        ConsumerStatus status = second.bindings().status(ADMIN, "job");
        assertThat(status.requirements().get(0).state()).isEqualTo(RequirementState.BOUND);
        assertThat(status.requirements().get(0).advice()).contains("legacy-ftp", "not registered");
      }
    }
  }

  @Nested
  @DisplayName("the process-environment fallback")
  class FallbackValidation {

    private static final String BAD_PORT = "not-a-port-canary";
    private static final String PASSWORD = "fallback-canary-pw";

    private Map<String, String> environment(String port) {
      Map<String, String> env = new HashMap<>();
      env.put("DB_HOST", "db.example");
      env.put("DB_USER", "app");
      env.put("DB_PASSWORD", PASSWORD);
      env.put("DB_PORT", port);
      return env;
    }

    @Test
    @DisplayName("leaves a requirement unmet when a variable breaks the prototype's rules")
    void invalidFallbackValueLeavesRequirementUnmet() {
      Map<String, String> env = environment(BAD_PORT);
      try (Credentials e =
          Fixture.engine(clock, new Fixture.Script(), b -> b.environmentFallback(env::get))) {
        e.bindings().declare(ADMIN, Consumer.of("job", "demo-db"));
        assertThatThrownBy(() -> e.resolver().resolve(SERVICE, "job"))
            .isInstanceOf(UnmetRequirementException.class)
            .hasMessageContaining("DB_PORT")
            .hasMessageContaining("demo-db")
            .satisfies(
                ex ->
                    assertThat(ex.getMessage()).doesNotContain(BAD_PORT).doesNotContain(PASSWORD));
        LaunchDecision d = e.launchGate().prepare(SERVICE, "job");
        assertThat(d.outcome()).isEqualTo(LaunchDecision.Outcome.BLOCK);
        assertThat(d.environment()).isEmpty();
        assertThat(String.join("\n", d.reasons()))
            .contains("DB_PORT")
            .doesNotContain(BAD_PORT)
            .doesNotContain(PASSWORD);
        assertThat(d.toString()).doesNotContain(BAD_PORT).doesNotContain(PASSWORD);
        for (AuditEvent event :
            e.audit().query(ADMIN, AuditQuery.all(), PageRequest.first(100)).items()) {
          assertThat(event.details().toString()).doesNotContain(BAD_PORT).doesNotContain(PASSWORD);
        }
      }
    }

    @Test
    @DisplayName("still fills a requirement when its variables pass the prototype's rules")
    void validFallbackValueIsUsed() {
      Map<String, String> env = environment("5433");
      try (Credentials e =
          Fixture.engine(clock, new Fixture.Script(), b -> b.environmentFallback(env::get))) {
        e.bindings().declare(ADMIN, Consumer.of("job", "demo-db"));
        ResolvedEnvironment resolved = e.resolver().resolve(SERVICE, "job");
        assertThat(resolved.get("DB_PORT").orElseThrow().reveal()).isEqualTo("5433");
        // validated like a stored credential's values: the prototype's defaults (DB_SSL) join
        assertThat(resolved.fallbackVariables())
            .containsExactlyInAnyOrder("DB_HOST", "DB_USER", "DB_PASSWORD", "DB_PORT", "DB_SSL");
        assertThat(resolved.get("DB_SSL").orElseThrow().reveal()).isEqualTo("false");
        assertThat(e.launchGate().prepare(SERVICE, "job").outcome())
            .isEqualTo(LaunchDecision.Outcome.RUN);
      }
    }
  }

  @Nested
  @DisplayName("status, launch and resolve")
  class OneEvaluator {

    @Test
    @DisplayName("agree on an unbound, a bound and a fallback-filled requirement")
    void statusLaunchAndResolveAgree() {
      Map<String, String> env = new HashMap<>();
      try (Credentials e =
          Fixture.engine(clock, new Fixture.Script(), b -> b.environmentFallback(env::get))) {
        e.bindings().declare(ADMIN, Consumer.of("job", "demo-api"));
        // unbound, no candidate, no fallback: every path says so
        assertThat(e.bindings().status(ADMIN, "job").requirements().get(0).state())
            .isEqualTo(RequirementState.NO_CREDENTIAL);
        assertThat(e.launchGate().prepare(SERVICE, "job").reasons())
            .singleElement()
            .asString()
            .contains("demo-api", "NO_CREDENTIAL");
        assertThatThrownBy(() -> e.resolver().resolve(SERVICE, "job"))
            .isInstanceOf(UnmetRequirementException.class)
            .hasMessageContaining("demo-api");
        // the fallback fills it for launch and resolve; status stays configuration-time
        env.put("API_URL", "https://legacy.example");
        env.put("API_TOKEN", "legacy-token");
        assertThat(e.resolver().resolve(SERVICE, "job").fallbackVariables())
            .containsExactlyInAnyOrder("API_URL", "API_TOKEN");
        assertThat(e.launchGate().prepare(SERVICE, "job").outcome())
            .isEqualTo(LaunchDecision.Outcome.RUN);
        assertThat(e.bindings().status(ADMIN, "job").requirements().get(0).state())
            .isEqualTo(RequirementState.NO_CREDENTIAL);
        // bound: every path uses the credential, the fallback is not consulted
        CredentialMetadata m =
            e.store()
                .create(
                    ADMIN,
                    NewCredential.builder("demo-api", "api")
                        .value("API_URL", "https://api.example")
                        .secret("API_TOKEN", Secret.of("stored-token"))
                        .build());
        e.bindings().bind(ADMIN, BindingRequest.of("job", "demo-api", m.id()));
        assertThat(e.bindings().status(ADMIN, "job").requirements().get(0).state())
            .isEqualTo(RequirementState.BOUND);
        ResolvedEnvironment resolved = e.resolver().resolve(SERVICE, "job");
        assertThat(resolved.fallbackVariables()).isEmpty();
        assertThat(resolved.get("API_TOKEN").orElseThrow().reveal()).isEqualTo("stored-token");
        LaunchDecision run = e.launchGate().prepare(SERVICE, "job");
        assertThat(run.outcome()).isEqualTo(LaunchDecision.Outcome.RUN);
        assertThat(run.requireEnvironment().get("API_TOKEN").orElseThrow().reveal())
            .isEqualTo("stored-token");
      }
    }
  }
}
