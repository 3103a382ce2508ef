package dev.credentials.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.BindingRequest;
import dev.credentials.CheckResult;
import dev.credentials.Consumer;
import dev.credentials.CredentialMetadata;
import dev.credentials.CredentialState;
import dev.credentials.CredentialUpdate;
import dev.credentials.LaunchDecision;
import dev.credentials.LaunchDecision.Outcome;
import dev.credentials.NewCredential;
import dev.credentials.PageRequest;
import dev.credentials.RequirementState;
import dev.credentials.Secret;
import dev.credentials.TenantId;
import dev.credentials.audit.AuditAction;
import dev.credentials.audit.AuditQuery;
import dev.credentials.core.DeferralPolicy;
import dev.credentials.spi.LaunchListener;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The launch gate, driven by the testkit's own pieces: {@link MutableClock} for TTLs and deferrals,
 * {@link ScriptedCheck} for every live state, failure and delay.
 */
@DisplayName("The launch gate")
class LaunchGateTest {

  static final String CANARY = "canary-token-1234";

  final List<LaunchDecision> decisions = new CopyOnWriteArrayList<>();
  final List<CheckResult> problems = new CopyOnWriteArrayList<>();
  TestEngine t;

  @AfterEach
  void close() {
    if (t != null) {
      t.close();
    }
  }

  /** An engine whose demo-api prototype runs the given check, with a 300 ms check timeout. */
  TestEngine engine(ScriptedCheck check, DeferralPolicy deferrals) {
    t =
        TestEngine.inMemory()
            .check(SamplePrototypes.DEMO_API, check)
            .configure(
                b ->
                    b.checkTimeout(Duration.ofMillis(300))
                        .deferrals(deferrals)
                        .launchListener(
                            new LaunchListener() {
                              @Override
                              public void onNonAvailable(
                                  TenantId tenant, CredentialMetadata c, CheckResult r) {
                                problems.add(r);
                              }

                              @Override
                              public void onDecision(TenantId tenant, LaunchDecision d) {
                                decisions.add(d);
                              }
                            }))
            .build();
    return t;
  }

  TestEngine engine(ScriptedCheck check) {
    return engine(check, DeferralPolicy.defaults());
  }

  CredentialMetadata boundApi() {
    CredentialMetadata m =
        t.engine()
            .store()
            .create(
                t.admin(),
                NewCredential.builder(SamplePrototypes.DEMO_API, "api")
                    .value("API_URL", "https://api.example")
                    .secret("API_TOKEN", Secret.of(CANARY))
                    .build());
    t.engine().bindings().declare(t.admin(), Consumer.of("job", SamplePrototypes.DEMO_API));
    t.engine()
        .bindings()
        .bind(t.admin(), BindingRequest.of("job", SamplePrototypes.DEMO_API, m.id()));
    return m;
  }

  LaunchDecision launch() {
    return t.engine().launchGate().prepare(t.service(), "job");
  }

  @Nested
  @DisplayName("maps every state to a decision")
  class States {
    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
      "AVAILABLE, RUN",
      "UNKNOWN, RUN",
      "DEGRADED, DEFER",
      "UNAVAILABLE, DEFER",
      "MISCONFIGURED, BLOCK"
    })
    void decision(CredentialState state, Outcome outcome) {
      engine(ScriptedCheck.always(state, "scripted " + state));
      boundApi();
      LaunchDecision d = launch();
      assertThat(d.outcome()).isEqualTo(outcome);
      assertThat(d.exitCode()).isEqualTo(outcome == Outcome.RUN ? 0 : 75);
      if (outcome == Outcome.RUN) {
        assertThat(d.requireEnvironment().get("API_TOKEN").orElseThrow().reveal())
            .isEqualTo(CANARY);
      } else {
        assertThat(d.environment()).isEmpty();
        assertThat(d.reasons())
            .singleElement()
            .asString()
            .contains("topic " + SamplePrototypes.DEMO_API, state.name());
        assertThatThrownBy(d::requireEnvironment).isInstanceOf(IllegalStateException.class);
      }
      if (outcome == Outcome.DEFER) {
        assertThat(d.retryAt()).contains(t.clock().instant().plusSeconds(60));
      }
      assertThat(decisions).containsExactly(d);
    }

    @Test
    @DisplayName("a prototype without a check yields UNKNOWN, which never blocks")
    void noCheck() {
      engine(ScriptedCheck.always(CredentialState.AVAILABLE, "unused"));
      CredentialMetadata m =
          t.engine()
              .store()
              .create(
                  t.admin(),
                  NewCredential.builder(SamplePrototypes.DEMO_DB, "db")
                      .value("DB_HOST", "h")
                      .value("DB_USER", "u")
                      .secret("DB_PASSWORD", Secret.of("p"))
                      .build());
      t.engine().bindings().declare(t.admin(), Consumer.of("job", SamplePrototypes.DEMO_DB));
      t.engine()
          .bindings()
          .bind(t.admin(), BindingRequest.of("job", SamplePrototypes.DEMO_DB, m.id()));
      LaunchDecision d = launch();
      assertThat(d.outcome()).isEqualTo(Outcome.RUN);
      assertThat(d.checks().values())
          .extracting(CheckResult::state)
          .containsExactly(CredentialState.UNKNOWN);
    }

    @Test
    @DisplayName("an unbound requirement blocks, naming the requirement and why, without a check")
    void unbound() {
      ScriptedCheck check = ScriptedCheck.always(CredentialState.AVAILABLE, "ok");
      engine(check);
      t.engine()
          .bindings()
          .declare(t.admin(), Consumer.of("job", SamplePrototypes.DEMO_API, "smtp"));
      LaunchDecision d = launch();
      assertThat(d.outcome()).isEqualTo(Outcome.BLOCK);
      assertThat(d.reasons())
          .anySatisfy(r -> assertThat(r).contains(SamplePrototypes.DEMO_API, "NO_CREDENTIAL"))
          .anySatisfy(r -> assertThat(r).contains("smtp", "PROVIDER_MISSING"));
      assertThat(check.calls()).isZero();
    }

    @Test
    @DisplayName("an inactive bound credential blocks without running its check")
    void inactive() {
      ScriptedCheck check = ScriptedCheck.always(CredentialState.AVAILABLE, "ok");
      engine(check);
      CredentialMetadata m = boundApi();
      t.engine()
          .store()
          .update(t.admin(), m.id(), CredentialUpdate.builder(1).active(false).build());
      LaunchDecision d = launch();
      assertThat(d.outcome()).isEqualTo(Outcome.BLOCK);
      assertThat(d.reasons()).singleElement().asString().contains("inactive");
      assertThat(check.calls()).isZero();
      assertThat(t.engine().bindings().status(t.admin(), "job").requirements().get(0).state())
          .isEqualTo(RequirementState.BOUND);
    }
  }

  @Nested
  @DisplayName("caches results")
  class Caching {
    @Test
    @DisplayName("reuses a result for its TTL and checks again once the clock passes it")
    void ttl() {
      ScriptedCheck check =
          ScriptedCheck.script()
              .then(CredentialState.AVAILABLE, "ok", Duration.ofSeconds(30))
              .thenRepeatLast();
      engine(check);
      boundApi();
      launch();
      launch();
      assertThat(check.calls()).isEqualTo(1);
      t.clock().advance(Duration.ofSeconds(29));
      launch();
      assertThat(check.calls()).isEqualTo(1);
      t.clock().advance(Duration.ofSeconds(1));
      launch();
      assertThat(check.calls()).isEqualTo(2);
    }

    @Test
    @DisplayName("caches per credential version: an update means a fresh check")
    void perVersion() {
      ScriptedCheck check = ScriptedCheck.always(CredentialState.AVAILABLE, "ok");
      engine(check);
      CredentialMetadata m = boundApi();
      launch();
      t.engine()
          .store()
          .update(t.admin(), m.id(), CredentialUpdate.builder(1).description("x").build());
      launch();
      assertThat(check.calls()).isEqualTo(2);
    }

    @Test
    @DisplayName("1,000 concurrent launches needing one credential run exactly one check")
    void singleFlight() throws Exception {
      ScriptedCheck check =
          ScriptedCheck.script()
              .thenSlowly(
                  Duration.ofMillis(150), CredentialState.AVAILABLE, "ok", Duration.ofMinutes(5))
              .thenRepeatLast();
      engine(check);
      boundApi();
      ExecutorService pool = Executors.newFixedThreadPool(64);
      try {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<LaunchDecision>> futures = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
          futures.add(
              pool.submit(
                  () -> {
                    start.await();
                    return launch();
                  }));
        }
        start.countDown();
        for (Future<LaunchDecision> f : futures) {
          assertThat(f.get(30, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.RUN);
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(check.calls()).isEqualTo(1);
      assertThat(check.maxConcurrentCalls()).isEqualTo(1);
    }
  }

  @Nested
  @DisplayName("turns failures into UNAVAILABLE without leaking secrets")
  class Failures {
    @Test
    @DisplayName("a check that hangs past the timeout")
    void timeout() {
      ScriptedCheck check = ScriptedCheck.hanging();
      engine(check);
      boundApi();
      try {
        long start = System.nanoTime();
        LaunchDecision d = launch();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(d.outcome()).isEqualTo(Outcome.DEFER);
        assertThat(d.checks().values())
            .singleElement()
            .satisfies(
                r -> {
                  assertThat(r.state()).isEqualTo(CredentialState.UNAVAILABLE);
                  assertThat(r.message()).contains("timed out after 300 ms");
                });
      } finally {
        check.release();
      }
    }

    @Test
    @DisplayName("a check that throws with the secret in its message")
    void throwing() {
      engine(
          ScriptedCheck.throwing(new IllegalStateException("login with " + CANARY + " refused")));
      boundApi();
      LaunchDecision d = launch();
      assertThat(d.outcome()).isEqualTo(Outcome.DEFER);
      CheckResult r = d.checks().values().iterator().next();
      assertThat(r.state()).isEqualTo(CredentialState.UNAVAILABLE);
      assertThat(r.message()).contains("IllegalStateException").doesNotContain(CANARY);
      assertThat(problems).singleElement().isEqualTo(r);
      assertThat(
              t.engine()
                  .audit()
                  .query(
                      t.admin(),
                      AuditQuery.all().withAction(AuditAction.CHECKED),
                      PageRequest.first(5))
                  .items())
          .singleElement()
          .satisfies(e -> assertThat(e.details().toString()).doesNotContain(CANARY));
    }

    @Test
    @DisplayName("a check that puts the secret in its result is scrubbed")
    void scrubbed() {
      engine(
          ScriptedCheck.returning(
              new CheckResult(
                  CredentialState.DEGRADED,
                  "token " + CANARY + " is rate limited",
                  Instant.parse("2026-01-01T00:00:00Z"),
                  10,
                  Map.of("sent", CANARY))));
      boundApi();
      LaunchDecision d = launch();
      CheckResult r = d.checks().values().iterator().next();
      assertThat(r.message()).isEqualTo("token **** is rate limited");
      assertThat(r.details()).containsEntry("sent", "****");
      assertThat(d.reasons().toString()).doesNotContain(CANARY);
    }
  }

  @Nested
  @DisplayName("backs off repeated deferrals")
  class Backoff {
    @Test
    @DisplayName("doubles the delay per consecutive deferral up to the cap, then resets on RUN")
    void exponential() {
      ScriptedCheck check = ScriptedCheck.script();
      for (int i = 0; i < 5; i++) {
        check.then(CredentialState.UNAVAILABLE, "down", Duration.ZERO);
      }
      check
          .then(CredentialState.AVAILABLE, "up", Duration.ZERO)
          .then(CredentialState.UNAVAILABLE, "down again", Duration.ZERO);
      engine(check, new DeferralPolicy(Duration.ofMinutes(5), 100, Duration.ofDays(1)));
      boundApi();
      List<Duration> delays = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        LaunchDecision d = launch();
        assertThat(d.outcome()).isEqualTo(Outcome.DEFER);
        assertThat(d.deferrals()).isEqualTo(i + 1);
        delays.add(Duration.between(t.clock().instant(), d.retryAt().orElseThrow()));
        t.clock().advance(Duration.ofSeconds(1));
      }
      assertThat(delays)
          .containsExactly(
              Duration.ofSeconds(60),
              Duration.ofSeconds(120),
              Duration.ofSeconds(240),
              Duration.ofMinutes(5),
              Duration.ofMinutes(5));
      assertThat(launch().outcome()).isEqualTo(Outcome.RUN);
      assertThat(launch().deferrals()).isEqualTo(1);
    }

    @Test
    @DisplayName("blocks with a clear reason after the maximum number of deferrals")
    void maxDeferrals() {
      engine(
          ScriptedCheck.script()
              .then(CredentialState.DEGRADED, "slow", Duration.ZERO)
              .thenRepeatLast(),
          new DeferralPolicy(Duration.ofMinutes(5), 3, Duration.ofDays(1)));
      boundApi();
      for (int i = 0; i < 3; i++) {
        assertThat(launch().outcome()).isEqualTo(Outcome.DEFER);
      }
      LaunchDecision d = launch();
      assertThat(d.outcome()).isEqualTo(Outcome.BLOCK);
      assertThat(d.reasons().get(0)).contains("deferred 3 times", "giving up");
    }

    @Test
    @DisplayName("blocks once deferrals are older than the maximum age")
    void maxAge() {
      engine(
          ScriptedCheck.script()
              .then(CredentialState.UNAVAILABLE, "down", Duration.ZERO)
              .thenRepeatLast(),
          new DeferralPolicy(Duration.ofMinutes(5), 100, Duration.ofHours(1)));
      boundApi();
      Instant first = t.clock().instant();
      assertThat(launch().outcome()).isEqualTo(Outcome.DEFER);
      t.clock().advance(Duration.ofMinutes(59));
      assertThat(launch().outcome()).isEqualTo(Outcome.DEFER);
      t.clock().advance(Duration.ofMinutes(1));
      LaunchDecision d = launch();
      assertThat(d.outcome()).isEqualTo(Outcome.BLOCK);
      assertThat(d.reasons().get(0)).contains(first.toString());
    }
  }
}
