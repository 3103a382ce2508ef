package dev.credentials.core;

import static dev.credentials.core.Fixture.ADMIN;
import static dev.credentials.core.Fixture.SERVICE;
import static dev.credentials.core.Fixture.USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.BindingRequest;
import dev.credentials.CheckResult;
import dev.credentials.Consumer;
import dev.credentials.CredentialAccessDeniedException;
import dev.credentials.CredentialMetadata;
import dev.credentials.CredentialState;
import dev.credentials.LaunchDecision;
import dev.credentials.NewCredential;
import dev.credentials.PageRequest;
import dev.credentials.Secret;
import dev.credentials.audit.AuditAction;
import dev.credentials.audit.AuditEvent;
import dev.credentials.audit.AuditQuery;
import dev.credentials.prototype.CheckDeclaration;
import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.FieldType;
import dev.credentials.prototype.Prototype;
import dev.credentials.spi.CheckKind;
import dev.credentials.spi.CheckParameter;
import dev.credentials.spi.ProbeRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("An engine runs a prototype's declared check and test itself")
class DeclaredChecksEngineTest {

  static final String TOKEN = "canary-Tok3n-value";

  /** Answers by the token: "good" AVAILABLE, anything else MISCONFIGURED quoting it (scrubbed). */
  static final class TokenKind implements CheckKind {
    final AtomicInteger probes = new AtomicInteger();
    volatile String lastUrl;

    @Override
    public String name() {
      return "token";
    }

    @Override
    public Map<String, CheckParameter> parameters() {
      return Map.of(
          "url", CheckParameter.required(CheckParameter.Escaping.URL, "the URL"),
          "token", CheckParameter.required(CheckParameter.Escaping.VERBATIM, "the token"));
    }

    @Override
    public CheckResult probe(ProbeRequest request) {
      probes.incrementAndGet();
      lastUrl = request.text("url", "");
      String token = request.parameter("token").map(Secret::reveal).orElse("");
      return token.startsWith("good")
          ? request.result(CredentialState.AVAILABLE, "accepted")
          : request.result(CredentialState.MISCONFIGURED, "refused token " + token);
    }
  }

  static Prototype prototype() {
    return Prototype.builder("svc")
        .field(FieldDefinition.builder("SVC_URL", FieldType.URL).required(true).build())
        .field(FieldDefinition.builder("SVC_USER", FieldType.STRING).build())
        .field(FieldDefinition.builder("SVC_TOKEN", FieldType.PASSWORD).required(true).build())
        .check(
            CheckDeclaration.builder("token")
                .parameter("url", "${SVC_URL}/users/${SVC_USER}")
                .parameter("token", "${SVC_TOKEN}")
                .ttl(CredentialState.AVAILABLE, Duration.ofMinutes(7))
                .build())
        .test(
            CheckDeclaration.builder("token")
                .parameter("url", "${SVC_URL}/me")
                .parameter("token", "${SVC_TOKEN}")
                .build())
        .build();
  }

  final Fixture.TestClock clock = Fixture.clock();
  final TokenKind kind = new TokenKind();

  Credentials engine(java.util.function.Consumer<CredentialsBuilder> more) {
    return Fixture.engine(
        clock,
        new Fixture.Script(),
        b -> {
          b.prototype(prototype()).checkKind(kind);
          more.accept(b);
        });
  }

  CredentialMetadata create(Credentials engine, String token) {
    return engine
        .store()
        .create(
            ADMIN,
            NewCredential.builder("svc", "s-" + token)
                .value("SVC_URL", "https://svc.example")
                .value("SVC_USER", "a b/c")
                .secret("SVC_TOKEN", Secret.of(token))
                .build());
  }

  LaunchDecision launch(Credentials engine, CredentialMetadata m) {
    engine.bindings().declare(ADMIN, Consumer.of("job", "svc"));
    engine.bindings().bind(USER, BindingRequest.of("job", "svc", m.id()));
    return engine.launchGate().prepare(SERVICE, "job");
  }

  @Test
  @DisplayName("the declared check decides the launch, with the declared TTL and escaped values")
  void launchGate() {
    Credentials engine = engine(b -> {});
    LaunchDecision run = launch(engine, create(engine, "good-" + TOKEN));
    assertThat(run.outcome()).isEqualTo(LaunchDecision.Outcome.RUN);
    CheckResult r = run.checks().values().iterator().next();
    assertThat(r.state()).isEqualTo(CredentialState.AVAILABLE);
    assertThat(r.ttlSeconds()).isEqualTo(420);
    assertThat(kind.lastUrl).isEqualTo("https://svc.example/users/a%20b%2Fc");
    engine.launchGate().prepare(SERVICE, "job");
    assertThat(kind.probes).hasValue(1); // cached for its TTL

    Credentials other = engine(b -> {});
    LaunchDecision blocked = launch(other, create(other, TOKEN));
    assertThat(blocked.outcome()).isEqualTo(LaunchDecision.Outcome.BLOCK);
    CheckResult m = blocked.checks().values().iterator().next();
    assertThat(m.state()).isEqualTo(CredentialState.MISCONFIGURED);
    assertThat(m.message()).startsWith("refused token").doesNotContain(TOKEN);
  }

  @Test
  @DisplayName("store().test runs the declared test and records it on the credential")
  void connectionTest() {
    Credentials engine = engine(b -> {});
    CredentialMetadata m = create(engine, "good-" + TOKEN);
    CheckResult r = engine.store().test(ADMIN, m.id());
    assertThat(r.state()).isEqualTo(CredentialState.AVAILABLE);
    assertThat(kind.lastUrl).isEqualTo("https://svc.example/me");
    assertThat(engine.store().get(ADMIN, m.id()).lastTest()).contains(r);
  }

  @Test
  @DisplayName(
      "store().check runs the check now, replaces the cached result, and is logged and audited"
          + " under the test's access policy")
  void onDemandCheck() {
    Credentials engine = engine(b -> {});
    CredentialMetadata m = create(engine, "good-" + TOKEN);
    assertThat(launch(engine, m).outcome()).isEqualTo(LaunchDecision.Outcome.RUN);
    assertThat(kind.probes).hasValue(1);
    CheckResult now = engine.store().check(ADMIN, m.id());
    assertThat(now.state()).isEqualTo(CredentialState.AVAILABLE);
    assertThat(kind.probes).hasValue(2);
    engine.launchGate().prepare(SERVICE, "job");
    assertThat(kind.probes).hasValue(2); // the launch used the on-demand result
    List<AuditEvent> events =
        engine.audit().query(ADMIN, AuditQuery.all(), PageRequest.first(100)).items();
    assertThat(events)
        .filteredOn(e -> e.action() == AuditAction.CHECKED)
        .singleElement()
        .satisfies(e -> assertThat(e.details()).containsEntry("trigger", "on-demand"));
    assertThatThrownBy(() -> engine.store().check(SERVICE, m.id()))
        .isInstanceOf(CredentialAccessDeniedException.class);
  }

  @Test
  @DisplayName("a Java check registered for the prototype wins over its declaration")
  void javaWins() {
    Fixture.Script script = new Fixture.Script().then(CredentialState.DEGRADED);
    Credentials engine =
        Fixture.engine(
            clock, new Fixture.Script(), b -> b.prototype(prototype(), script).checkKind(kind));
    CredentialMetadata m = create(engine, "good-" + TOKEN);
    assertThat(launch(engine, m).outcome()).isEqualTo(LaunchDecision.Outcome.DEFER);
    assertThat(script.calls).hasValue(1);
    assertThat(kind.probes).hasValue(0);
    engine.store().test(ADMIN, m.id());
    assertThat(kind.probes).hasValue(1); // no Java test: the declared test runs
  }
}
