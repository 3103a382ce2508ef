package dev.credentials.core;

import static dev.credentials.core.Fixture.ADMIN;
import static dev.credentials.core.Fixture.GLOBEX_ADMIN;
import static dev.credentials.core.Fixture.SERVICE;
import static dev.credentials.core.Fixture.USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.Binding;
import dev.credentials.BindingRejectedException;
import dev.credentials.BindingRequest;
import dev.credentials.Consumer;
import dev.credentials.ConsumerStatus;
import dev.credentials.CredentialId;
import dev.credentials.CredentialMetadata;
import dev.credentials.CredentialNotFoundException;
import dev.credentials.CredentialUpdate;
import dev.credentials.EnvironmentClashException;
import dev.credentials.NewCredential;
import dev.credentials.PageRequest;
import dev.credentials.RequirementState;
import dev.credentials.RequirementStatus;
import dev.credentials.ResolvedEnvironment;
import dev.credentials.RevealedCredential;
import dev.credentials.Secret;
import dev.credentials.Topic;
import dev.credentials.UnknownConsumerException;
import dev.credentials.UnmetRequirementException;
import dev.credentials.audit.AuditAction;
import dev.credentials.audit.AuditEvent;
import dev.credentials.audit.AuditQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Bindings, phase-1 status and the resolver")
class ResolverAndBindingsTest {

  final Fixture.TestClock clock = Fixture.clock();
  final Credentials engine = Fixture.engine(clock, new Fixture.Script());

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
                .value("API_URL", "https://" + name + ".example")
                .secret("API_TOKEN", Secret.of(token))
                .build());
  }

  @Nested
  @DisplayName("phase-1 status")
  class Status {
    @Test
    @DisplayName("walks PROVIDER_MISSING, NO_CREDENTIAL, UNASSIGNED and BOUND with advice")
    void states() {
      engine.bindings().declare(ADMIN, Consumer.of("job", "mail", "http-api"));
      ConsumerStatus s = engine.bindings().status(USER, "job");
      assertThat(s.requirements())
          .extracting(RequirementStatus::state)
          .containsExactly(RequirementState.PROVIDER_MISSING, RequirementState.NO_CREDENTIAL);
      assertThat(s.requirements().get(0).advice())
          .contains("No registered prototype provides topic 'mail'");
      assertThat(s.requirements().get(1).providers()).containsExactly("demo-api");
      assertThat(s.requirements().get(1).advice()).contains("Create one");
      CredentialMetadata a = api("a", "t1");
      api("b", "t2");
      RequirementStatus unassigned = engine.bindings().status(USER, "job").requirements().get(1);
      assertThat(unassigned.state()).isEqualTo(RequirementState.UNASSIGNED);
      assertThat(unassigned.candidates())
          .extracting(CredentialMetadata::name)
          .containsExactly("a", "b");
      engine.bindings().bind(USER, BindingRequest.of("job", "http-api", a.id()));
      RequirementStatus bound = engine.bindings().status(USER, "job").requirements().get(1);
      assertThat(bound.state()).isEqualTo(RequirementState.BOUND);
      assertThat(bound.credential()).contains(a);
      assertThat(engine.bindings().status(USER, "job").isReady()).isFalse();
    }

    @Test
    @DisplayName("inactive and expired credentials are not candidates")
    void candidates() {
      engine.bindings().declare(ADMIN, Consumer.of("job", "demo-api"));
      CredentialMetadata a = api("a", "t");
      engine.store().update(ADMIN, a.id(), CredentialUpdate.builder(1).active(false).build());
      assertThat(engine.bindings().status(USER, "job").requirements().get(0).state())
          .isEqualTo(RequirementState.NO_CREDENTIAL);
    }

    @Test
    @DisplayName("an undeclared consumer is a typed error")
    void unknownConsumer() {
      assertThatThrownBy(() -> engine.bindings().status(USER, "nope"))
          .isInstanceOf(UnknownConsumerException.class);
    }
  }

  @Nested
  @DisplayName("binding")
  class Binding_ {
    @Test
    @DisplayName("rebinding replaces the old binding; unbinding removes it; both are audited")
    void rebind() {
      engine.bindings().declare(ADMIN, Consumer.of("job", "demo-api"));
      CredentialMetadata a = api("a", "t1");
      CredentialMetadata b = api("b", "t2");
      engine.bindings().bind(USER, BindingRequest.of("job", "demo-api", a.id()));
      Binding second = engine.bindings().bind(USER, BindingRequest.of("job", "demo-api", b.id()));
      assertThat(engine.bindings().bindings(USER, "job")).containsExactly(second);
      assertThat(engine.bindings().unbind(USER, "job", Topic.of("demo-api"))).isTrue();
      assertThat(engine.bindings().unbind(USER, "job", Topic.of("demo-api"))).isFalse();
      assertThat(engine.bindings().bindings(USER, "job")).isEmpty();
      List<AuditEvent> events =
          engine.audit().query(ADMIN, AuditQuery.all(), PageRequest.first(100)).items();
      assertThat(events)
          .extracting(AuditEvent::action)
          .containsSubsequence(AuditAction.BOUND, AuditAction.BOUND, AuditAction.UNBOUND);
      assertThat(
              events.stream()
                  .filter(e -> e.action() == AuditAction.BOUND)
                  .toList()
                  .get(1)
                  .details())
          .containsEntry("replaces", a.id().value());
    }

    @Test
    @DisplayName("refuses a topic the consumer does not require, or the prototype does not provide")
    void refused() {
      engine.bindings().declare(ADMIN, Consumer.of("job", "demo-api", "demo-db"));
      CredentialMetadata a = api("a", "t");
      assertThatThrownBy(
              () -> engine.bindings().bind(USER, BindingRequest.of("job", "other", a.id())))
          .isInstanceOf(BindingRejectedException.class)
          .hasMessageContaining("does not require topic other");
      assertThatThrownBy(
              () -> engine.bindings().bind(USER, BindingRequest.of("job", "demo-db", a.id())))
          .isInstanceOf(BindingRejectedException.class)
          .hasMessageContaining("provides demo-api, http-api");
      assertThatThrownBy(
              () ->
                  engine
                      .bindings()
                      .bind(USER, BindingRequest.of("job", "demo-api", CredentialId.random())))
          .isInstanceOf(CredentialNotFoundException.class);
      assertThatThrownBy(
              () ->
                  engine
                      .bindings()
                      .bind(GLOBEX_ADMIN, BindingRequest.of("job", "demo-api", a.id())))
          .isInstanceOf(UnknownConsumerException.class);
    }

    @Test
    @DisplayName("redeclaring a consumer drops bindings of topics it no longer requires")
    void redeclare() {
      engine.bindings().declare(ADMIN, Consumer.of("job", "demo-api"));
      CredentialMetadata a = api("a", "t");
      engine.bindings().bind(USER, BindingRequest.of("job", "demo-api", a.id()));
      engine.bindings().declare(ADMIN, Consumer.of("job", "demo-db"));
      assertThat(engine.bindings().bindings(USER, "job")).isEmpty();
    }
  }

  @Nested
  @DisplayName("resolving")
  class Resolving {
    @Test
    @DisplayName("gives variable → Secret with provenance and audits each credential's fields")
    void resolve() {
      engine.bindings().declare(ADMIN, Consumer.of("job", "demo-api"));
      CredentialMetadata a = api("a", "tok-a");
      engine.bindings().bind(USER, BindingRequest.of("job", "demo-api", a.id()));
      ResolvedEnvironment env =
          engine.resolver().resolve(SERVICE.withCorrelationId("run-7"), "job");
      assertThat(env.get("API_TOKEN").orElseThrow().reveal()).isEqualTo("tok-a");
      assertThat(env.provenance())
          .containsEntry("API_TOKEN", a.id())
          .containsEntry("API_URL", a.id());
      assertThat(env.toString()).doesNotContain("tok-a");
      AuditEvent access =
          engine
              .audit()
              .query(ADMIN, AuditQuery.all().withAction(AuditAction.ACCESSED), PageRequest.first(5))
              .items()
              .get(0);
      assertThat(access.details())
          .containsEntry("fields", "API_TOKEN,API_URL")
          .containsEntry("via", "resolve");
      assertThat(access.consumerId()).contains("job");
      assertThat(access.correlationId()).contains("run-7");
    }

    @Test
    @DisplayName("two credentials defining the same variable is an error naming both")
    void clash() {
      engine.bindings().declare(ADMIN, Consumer.of("job", "demo-api", "http-api"));
      CredentialMetadata a = api("a", "t1");
      CredentialMetadata b = api("b", "t2");
      engine.bindings().bind(USER, BindingRequest.of("job", "demo-api", a.id()));
      engine.bindings().bind(USER, BindingRequest.of("job", "http-api", b.id()));
      assertThatThrownBy(() -> engine.resolver().resolve(SERVICE, "job"))
          .isInstanceOf(EnvironmentClashException.class)
          .hasMessageContaining("variable API_")
          .hasMessageContaining("'a'")
          .hasMessageContaining("'b'")
          .hasMessageContaining("variable prefix");
    }

    /**
     * Binds two credentials of one prototype to "job", the second ("b", token "t2") with the
     * variable prefix ERP_B_, and returns the second.
     */
    private CredentialMetadata bindTwoOfOnePrototype() {
      engine.bindings().declare(ADMIN, Consumer.of("job", "demo-api", "http-api"));
      CredentialMetadata a = api("a", "t1");
      CredentialMetadata b = api("b", "t2");
      engine.bindings().bind(USER, BindingRequest.of("job", "demo-api", a.id()));
      engine
          .bindings()
          .bind(USER, BindingRequest.of("job", "http-api", b.id()).withPrefix("ERP_B_"));
      return b;
    }

    @Test
    @DisplayName("a variable prefix lets one job use two credentials of the same prototype")
    void prefix() {
      bindTwoOfOnePrototype();
      ResolvedEnvironment env = engine.resolver().resolve(SERVICE, "job");
      assertThat(env.variables().keySet())
          .containsExactlyInAnyOrder("API_URL", "API_TOKEN", "ERP_B_API_URL", "ERP_B_API_TOKEN");
      assertThat(env.get("ERP_B_API_TOKEN").orElseThrow().reveal()).isEqualTo("t2");
    }

    @Test
    @DisplayName("a cached plan's later resolves give the same immutable environment, in order")
    void repeatedResolvesFromTheCachedPlan() {
      CredentialMetadata b = bindTwoOfOnePrototype();
      ResolvedEnvironment first = engine.resolver().resolve(SERVICE, "job");
      for (int i = 0; i < 3; i++) {
        ResolvedEnvironment again = engine.resolver().resolve(SERVICE, "job");
        assertThat(again).isEqualTo(first);
        assertThat(again.variables())
            .isEqualTo(new java.util.HashMap<>(first.variables()))
            .hasSameHashCodeAs(new java.util.HashMap<>(first.variables()));
        assertThat(List.copyOf(again.variables().keySet()))
            .isEqualTo(List.copyOf(first.variables().keySet()));
        assertThat(again.get("ERP_B_API_TOKEN").orElseThrow().reveal()).isEqualTo("t2");
        assertThat(again.get("API_TOKEN").orElseThrow().reveal()).isEqualTo("t1");
        assertThat(again.provenance()).containsEntry("ERP_B_API_URL", b.id());
        assertThatThrownBy(() -> again.variables().put("X", Secret.of("x")))
            .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> again.variables().remove("API_URL"))
            .isInstanceOf(UnsupportedOperationException.class);
      }
      assertThat(first.toString()).doesNotContain("t1").doesNotContain("t2");
    }

    @Test
    @DisplayName("an unbound requirement is a typed error")
    void unmet() {
      engine.bindings().declare(ADMIN, Consumer.of("job", "demo-api"));
      assertThatThrownBy(() -> engine.resolver().resolve(SERVICE, "job"))
          .isInstanceOf(UnmetRequirementException.class)
          .hasMessageContaining("demo-api");
    }

    @Test
    @DisplayName("the cache is invalidated at once by updates, even under concurrent resolves")
    void invalidation() throws Exception {
      engine.bindings().declare(ADMIN, Consumer.of("job", "demo-api"));
      CredentialMetadata a = api("a", "v0");
      engine.bindings().bind(USER, BindingRequest.of("job", "demo-api", a.id()));
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        long version = 1;
        for (int i = 1; i <= 30; i++) {
          List<Future<?>> readers = new ArrayList<>();
          for (int r = 0; r < 4; r++) {
            readers.add(pool.submit(() -> engine.resolver().resolve(SERVICE, "job")));
          }
          engine
              .store()
              .update(
                  ADMIN,
                  a.id(),
                  CredentialUpdate.builder(version++)
                      .secret("API_TOKEN", Secret.of("v" + i))
                      .build());
          for (Future<?> f : readers) {
            f.get(10, TimeUnit.SECONDS);
          }
          assertThat(
                  engine.resolver().resolve(SERVICE, "job").get("API_TOKEN").orElseThrow().reveal())
              .isEqualTo("v" + i);
        }
      } finally {
        pool.shutdownNow();
      }
    }

    @Test
    @DisplayName("each access by name lists the fields it read, alternating between prototypes")
    void byNameListsItsOwnFields() {
      api("a", "tok");
      engine
          .store()
          .create(
              ADMIN,
              NewCredential.builder("demo-db", "d")
                  .value("DB_HOST", "db.example")
                  .value("DB_USER", "app")
                  .secret("DB_PASSWORD", Secret.of("pw"))
                  .build());
      List<String> expected = new ArrayList<>();
      for (String name : List.of("a", "d", "d", "a", "d")) {
        RevealedCredential r = engine.resolver().byName(SERVICE, name);
        expected.add(String.join(",", new TreeSet<>(r.values().keySet())));
      }
      assertThat(expected.get(0)).isEqualTo("API_TOKEN,API_URL");
      assertThat(expected.get(1)).startsWith("DB_HOST,").contains("DB_PASSWORD");
      assertThat(
              engine.audit().query(ADMIN, AuditQuery.all(), PageRequest.first(20)).items().stream()
                  .filter(e -> e.action() == AuditAction.ACCESSED)
                  .map(e -> e.details().get("fields")))
          .containsExactlyElementsOf(expected);
    }

    @Test
    @DisplayName("finds one credential by name and environment, audited")
    void byName() {
      api("a", "tok");
      assertThat(engine.resolver().byName(SERVICE, "a").value("API_TOKEN").orElseThrow().reveal())
          .isEqualTo("tok");
      assertThatThrownBy(() -> engine.resolver().byName(SERVICE, "a", "staging"))
          .isInstanceOf(CredentialNotFoundException.class);
      assertThat(
              engine.audit().query(ADMIN, AuditQuery.all(), PageRequest.first(10)).items().stream()
                  .map(AuditEvent::action))
          .containsExactly(AuditAction.CREATED, AuditAction.ACCESSED, AuditAction.ACCESS_FAILED);
    }
  }

  @Nested
  @DisplayName("the process-environment fallback")
  class Fallback {
    @Test
    @DisplayName("is off by default")
    void off() {
      engine.bindings().declare(ADMIN, Consumer.of("job", "demo-api"));
      assertThatThrownBy(() -> engine.resolver().resolve(SERVICE, "job"))
          .isInstanceOf(UnmetRequirementException.class);
    }

    @Test
    @DisplayName("when on, fills an unbound requirement, shows it in the result and audits it")
    void on() {
      java.util.Map<String, String> env =
          java.util.Map.of("API_URL", "https://legacy.example", "API_TOKEN", "legacy-token");
      try (Credentials e =
          Fixture.engine(clock, new Fixture.Script(), b -> b.environmentFallback(env::get))) {
        e.bindings().declare(ADMIN, Consumer.of("job", "demo-api"));
        ResolvedEnvironment resolved = e.resolver().resolve(SERVICE, "job");
        assertThat(resolved.get("API_TOKEN").orElseThrow().reveal()).isEqualTo("legacy-token");
        assertThat(resolved.fallbackVariables()).containsExactlyInAnyOrder("API_TOKEN", "API_URL");
        assertThat(resolved.provenance()).isEmpty();
        AuditEvent access =
            e.audit()
                .query(
                    ADMIN, AuditQuery.all().withAction(AuditAction.ACCESSED), PageRequest.first(5))
                .items()
                .get(0);
        assertThat(access.details()).containsEntry("via", "resolve (process-environment fallback)");
        assertThat(access.credentialId()).isEmpty();
        assertThat(e.launchGate().prepare(SERVICE, "job").outcome())
            .isEqualTo(dev.credentials.LaunchDecision.Outcome.RUN);
      }
    }

    @Test
    @DisplayName("does not apply when a required field is missing from the environment")
    void incomplete() {
      java.util.Map<String, String> env = java.util.Map.of("API_URL", "https://legacy.example");
      try (Credentials e =
          Fixture.engine(clock, new Fixture.Script(), b -> b.environmentFallback(env::get))) {
        e.bindings().declare(ADMIN, Consumer.of("job", "demo-api"));
        assertThatThrownBy(() -> e.resolver().resolve(SERVICE, "job"))
            .isInstanceOf(UnmetRequirementException.class);
      }
    }
  }
}
