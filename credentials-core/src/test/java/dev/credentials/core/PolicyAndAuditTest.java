package dev.credentials.core;

import static dev.credentials.core.Fixture.ACME;
import static dev.credentials.core.Fixture.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.credentials.BindingRequest;
import dev.credentials.Caller;
import dev.credentials.Consumer;
import dev.credentials.CredentialAccessDeniedException;
import dev.credentials.CredentialException;
import dev.credentials.CredentialId;
import dev.credentials.CredentialMetadata;
import dev.credentials.CredentialQuery;
import dev.credentials.CredentialUpdate;
import dev.credentials.LaunchDecision;
import dev.credentials.NewCredential;
import dev.credentials.PageRequest;
import dev.credentials.Principal;
import dev.credentials.ResolvedEnvironment;
import dev.credentials.RevealedCredential;
import dev.credentials.Secret;
import dev.credentials.TenantId;
import dev.credentials.audit.AuditAction;
import dev.credentials.audit.AuditEvent;
import dev.credentials.audit.AuditQuery;
import dev.credentials.audit.ChainVerification;
import dev.credentials.core.internal.audit.AuditTrail;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Access policy and audit")
class PolicyAndAuditTest {

  final Fixture.TestClock clock = Fixture.clock();
  final InMemoryCredentialRepository repository = new InMemoryCredentialRepository();
  final Credentials engine =
      Credentials.builder()
          .repository(repository)
          .keys(CredentialKeys.generate())
          .clock(clock)
          .discoverPrototypes(false)
          .prototype(Fixture.api(), new Fixture.Script())
          .build();

  @AfterEach
  void close() {
    engine.close();
  }

  CredentialMetadata api(String name, String token) {
    return engine
        .store()
        .create(
            ADMIN,
            NewCredential.builder("demo-api", name)
                .value("API_URL", "https://api.example")
                .secret("API_TOKEN", Secret.of(token))
                .build());
  }

  interface Op {
    void run(Caller c);
  }

  @Nested
  @DisplayName("the default policy")
  class Matrix {
    @Test
    @DisplayName(
        "grants admin everything, user read/bind/use, service read/resolve, and audits denials")
    void matrix() {
      CredentialMetadata m = api("a", "tok");
      engine.bindings().declare(ADMIN, Consumer.of("job", "demo-api"));
      engine.bindings().bind(ADMIN, BindingRequest.of("job", "demo-api", m.id()));
      Map<String, Op> ops = new LinkedHashMap<>();
      ops.put(
          "create",
          c ->
              engine
                  .store()
                  .create(
                      c,
                      NewCredential.builder("demo-api", "n" + System.nanoTime())
                          .value("API_URL", "https://x.example")
                          .secret("API_TOKEN", Secret.of("t"))
                          .build()));
      ops.put("get", c -> engine.store().get(c, m.id()));
      ops.put("list", c -> engine.store().list(c, CredentialQuery.all(), PageRequest.first(5)));
      ops.put(
          "update",
          c ->
              engine
                  .store()
                  .update(
                      c,
                      m.id(),
                      CredentialUpdate.builder(engine.store().get(ADMIN, m.id()).version())
                          .description("d" + System.nanoTime())
                          .build()));
      ops.put("reveal", c -> engine.store().reveal(c, m.id()));
      ops.put("test", c -> engine.store().test(c, m.id()));
      ops.put("declare", c -> engine.bindings().declare(c, Consumer.of("other", "demo-api")));
      ops.put("bind", c -> engine.bindings().bind(c, BindingRequest.of("job", "demo-api", m.id())));
      ops.put("status", c -> engine.bindings().status(c, "job"));
      ops.put("resolve", c -> engine.resolver().resolve(c, "job"));
      ops.put("launch", c -> engine.launchGate().prepare(c, "job"));
      ops.put("audit", c -> engine.audit().query(c, AuditQuery.all(), PageRequest.first(1)));
      ops.put(
          "delete-missing",
          c -> {
            try {
              engine.store().delete(c, CredentialId.random());
            } catch (dev.credentials.CredentialNotFoundException e) {
              // allowed: the permission check passed
            }
          });
      Map<String, Set<String>> allowed = new LinkedHashMap<>();
      allowed.put("admin", ops.keySet());
      allowed.put("user", Set.of("get", "list", "declare", "bind", "status", "resolve", "launch"));
      allowed.put("service", Set.of("get", "list", "status", "resolve", "launch"));
      allowed.put("outsider", Set.of());
      Map<String, Caller> callers = new LinkedHashMap<>();
      callers.put("admin", Caller.of(ACME, Principal.admin("al", ACME)));
      callers.put("user", Caller.of(ACME, Principal.user("us", ACME)));
      callers.put("service", Caller.of(ACME, Principal.service("sv", ACME)));
      callers.put("outsider", Caller.of(ACME, Principal.admin("ox", TenantId.of("other"))));
      int denials = 0;
      for (Map.Entry<String, Caller> who : callers.entrySet()) {
        Set<String> actual = new TreeSet<>();
        for (Map.Entry<String, Op> op : ops.entrySet()) {
          try {
            op.getValue().run(who.getValue());
            actual.add(op.getKey());
          } catch (CredentialAccessDeniedException e) {
            denials++;
            assertThat(e.getMessage())
                .contains(who.getValue().principal().toString(), "ask an administrator");
          }
        }
        assertThat(actual).as(who.getKey()).isEqualTo(new TreeSet<>(allowed.get(who.getKey())));
      }
      assertThat(
              engine
                  .audit()
                  .query(
                      ADMIN,
                      AuditQuery.all().withAction(AuditAction.ACCESS_DENIED),
                      PageRequest.first(1000))
                  .total())
          .isEqualTo(denials);
    }
  }

  @Nested
  @DisplayName("the audit log")
  class Log {
    @Test
    @DisplayName("each operation leaves exactly the expected events")
    void completeness() {
      CredentialMetadata m = api("a", "tok");
      engine.store().update(ADMIN, m.id(), CredentialUpdate.builder(1).description("x").build());
      engine.bindings().declare(ADMIN, Consumer.of("job", "demo-api"));
      engine.bindings().bind(ADMIN, BindingRequest.of("job", "demo-api", m.id()));
      engine.store().reveal(ADMIN, m.id());
      engine.resolver().resolve(ADMIN, "job");
      engine.store().test(ADMIN, m.id());
      engine.bindings().unbind(ADMIN, "job", dev.credentials.Topic.of("demo-api"));
      engine.store().delete(ADMIN, m.id());
      assertThat(events())
          .extracting(AuditEvent::action)
          .containsExactly(
              AuditAction.CREATED,
              AuditAction.UPDATED,
              AuditAction.CONSUMER_DECLARED,
              AuditAction.BOUND,
              AuditAction.ACCESSED,
              AuditAction.ACCESSED,
              AuditAction.TESTED,
              AuditAction.UNBOUND,
              AuditAction.DELETED);
      assertThat(events())
          .extracting(AuditEvent::sequence)
          .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    }

    List<AuditEvent> events() {
      return engine.audit().query(ADMIN, AuditQuery.all(), PageRequest.first(1000)).items();
    }

    @Test
    @DisplayName("queries by credential, action, principal and time range, paged")
    void query() {
      CredentialMetadata a = api("a", "t");
      clock.advance(java.time.Duration.ofHours(1));
      Caller bob = Caller.of(ACME, Principal.admin("bob", ACME));
      CredentialMetadata b =
          engine
              .store()
              .create(
                  bob,
                  NewCredential.builder("demo-api", "b")
                      .value("API_URL", "https://b.example")
                      .secret("API_TOKEN", Secret.of("t"))
                      .build());
      assertThat(
              engine
                  .audit()
                  .query(ADMIN, AuditQuery.all().withCredential(b.id()), PageRequest.first(10))
                  .items())
          .hasSize(1);
      assertThat(
              engine
                  .audit()
                  .query(ADMIN, AuditQuery.all().withPrincipal("user:bob"), PageRequest.first(10))
                  .items())
          .singleElement()
          .satisfies(e -> assertThat(e.credentialId()).contains(b.id()));
      assertThat(
              engine
                  .audit()
                  .query(
                      ADMIN,
                      AuditQuery.all().between(a.createdAt(), a.createdAt().plusSeconds(1)),
                      PageRequest.first(10))
                  .items())
          .singleElement()
          .satisfies(e -> assertThat(e.credentialId()).contains(a.id()));
      assertThat(engine.audit().query(ADMIN, AuditQuery.all(), PageRequest.first(1)).hasNext())
          .isTrue();
    }

    @Test
    @DisplayName("detects an edited event and reports the first break")
    void tamper() {
      api("a", "t");
      api("b", "t");
      api("c", "t");
      assertThat(engine.audit().verify(ADMIN).intact()).isTrue();
      AuditEvent second = events().get(1);
      Map<String, String> forgedDetails = new LinkedHashMap<>(second.details());
      forgedDetails.put("name", "innocent");
      repository.tamperWithAuditEventForTesting(
          ACME,
          2,
          new AuditEvent(
              second.tenant(),
              second.sequence(),
              second.time(),
              second.principal(),
              second.action(),
              second.credentialId(),
              second.consumerId(),
              second.clientAddress(),
              second.correlationId(),
              forgedDetails,
              second.previousHash(),
              second.hash()));
      ChainVerification v = engine.audit().verify(ADMIN);
      assertThat(v.intact()).isFalse();
      assertThat(v.firstBrokenSequence()).hasValue(2);
      assertThat(v.message()).contains("event 2 was altered");
    }

    @Test
    @DisplayName("a rehashed forgery still breaks the link to the next event")
    void rehashedForgery() {
      api("a", "t");
      api("b", "t");
      AuditEvent first = events().get(0);
      AuditEvent forged =
          new AuditEvent(
              first.tenant(),
              1,
              first.time(),
              "user:mallory",
              first.action(),
              first.credentialId(),
              first.consumerId(),
              first.clientAddress(),
              first.correlationId(),
              first.details(),
              first.previousHash(),
              "");
      forged =
          new AuditEvent(
              forged.tenant(),
              1,
              forged.time(),
              forged.principal(),
              forged.action(),
              forged.credentialId(),
              forged.consumerId(),
              forged.clientAddress(),
              forged.correlationId(),
              forged.details(),
              forged.previousHash(),
              AuditTrail.hash(forged));
      repository.tamperWithAuditEventForTesting(ACME, 1, forged);
      ChainVerification v = engine.audit().verify(ADMIN);
      assertThat(v.firstBrokenSequence()).hasValue(2);
    }
  }

  @Test
  @DisplayName("a canary secret never appears in audit, logs, exceptions or toString, at TRACE")
  void canary() {
    String canary = "CANARY-" + java.util.UUID.randomUUID();
    PrintStream originalErr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    List<String> texts = new ArrayList<>();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      CredentialMetadata m = api("canary", canary);
      texts.add(m.toString());
      RevealedCredential r = engine.store().reveal(ADMIN, m.id());
      texts.add(r.toString());
      texts.add(r.values().toString());
      engine.bindings().declare(ADMIN, Consumer.of("job", "demo-api"));
      engine.bindings().bind(ADMIN, BindingRequest.of("job", "demo-api", m.id()));
      ResolvedEnvironment env = engine.resolver().resolve(ADMIN, "job");
      texts.add(env.toString());
      texts.add(env.masked().toString());
      LaunchDecision d = engine.launchGate().prepare(ADMIN, "job");
      texts.add(d.toString());
      texts.add(engine.toString());
      for (Runnable bad :
          List.<Runnable>of(
              () ->
                  engine
                      .store()
                      .create(
                          ADMIN,
                          NewCredential.builder("demo-api", "x")
                              .value("API_URL", canary)
                              .secret("API_TOKEN", Secret.of(canary))
                              .value("EXTRA", canary)
                              .build()),
              () ->
                  engine
                      .store()
                      .update(
                          ADMIN,
                          m.id(),
                          CredentialUpdate.builder(1).value("API_URL", canary).build()),
              () ->
                  engine
                      .store()
                      .update(
                          ADMIN,
                          m.id(),
                          CredentialUpdate.builder(99)
                              .secret("API_TOKEN", Secret.of(canary))
                              .build()))) {
        try {
          bad.run();
        } catch (CredentialException e) {
          texts.add(e.getMessage());
          texts.add(e.toString());
        }
      }
      assertThat(texts).hasSizeGreaterThan(8);
      for (AuditEvent e :
          engine.audit().query(ADMIN, AuditQuery.all(), PageRequest.first(1000)).items()) {
        texts.add(e.toString());
      }
    } finally {
      System.setErr(originalErr);
    }
    texts.add(captured.toString(StandardCharsets.UTF_8));
    assertThat(captured.toString(StandardCharsets.UTF_8))
        .as("logging reached the capture")
        .isNotEmpty();
    for (String t : texts) {
      assertThat(t).doesNotContain(canary);
    }
  }
}
