package dev.credentials.core;

import static dev.credentials.core.Fixture.ADMIN;
import static dev.credentials.core.Fixture.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;

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
import dev.credentials.spi.LaunchListener;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

@DisplayName("The launch gate")
class LaunchGateTest {

  final Fixture.TestClock clock = Fixture.clock();
  final Fixture.Script check = new Fixture.Script();
  final List<LaunchDecision> decisions = new CopyOnWriteArrayList<>();
  final List<CheckResult> problems = new CopyOnWriteArrayList<>();
  Credentials engine =
      Fixture.engine(
          clock,
          check,
          b ->
              b.checkTimeout(Duration.ofMillis(300))
                  .launchListener(
                      new LaunchListener() {
                        @Override
                        public void onNonAvailable(
                            TenantId t, CredentialMetadata c, CheckResult r) {
                          problems.add(r);
                        }

                        @Override
                        public void onDecision(TenantId t, LaunchDecision d) {
                          decisions.add(d);
                        }
                      }));

  @AfterEach
  void close() {
    engine.close();
  }

  CredentialMetadata boundApi() {
    CredentialMetadata m =
        engine
            .store()
            .create(
                ADMIN,
                NewCredential.builder("demo-api", "api")
                    .value("API_URL", "https://api.example")
                    .secret("API_TOKEN", Secret.of("canary-token-123"))
                    .build());
    engine.bindings().declare(ADMIN, Consumer.of("job", "demo-api"));
    engine.bindings().bind(ADMIN, BindingRequest.of("job", "demo-api", m.id()));
    return m;
  }

  LaunchDecision launch() {
    return engine.launchGate().prepare(SERVICE, "job");
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
      boundApi();
      check.then(state);
      LaunchDecision d = launch();
      assertThat(d.outcome()).isEqualTo(outcome);
      assertThat(d.exitCode()).isEqualTo(outcome == Outcome.RUN ? 0 : 75);
      if (outcome == Outcome.RUN) {
        assertThat(d.requireEnvironment().get("API_TOKEN").orElseThrow().reveal())
            .isEqualTo("canary-token-123");
      } else {
        assertThat(d.environment()).isEmpty();
        assertThat(d.reasons()).singleElement().asString().contains("topic demo-api", state.name());
      }
      if (outcome == Outcome.DEFER) {
        assertThat(d.retryAt()).contains(clock.instant().plusSeconds(60));
      }
      assertThat(decisions).containsExactly(d);
    }

    @Test
    @DisplayName("a prototype without a check yields UNKNOWN, which never blocks")
    void noCheck() {
      CredentialMetadata m =
          engine
              .store()
              .create(
                  ADMIN,
                  NewCredential.builder("demo-db", "db")
                      .value("DB_HOST", "h")
                      .value("DB_USER", "u")
                      .secret("DB_PASSWORD", Secret.of("p"))
                      .build());
      engine.bindings().declare(ADMIN, Consumer.of("job", "demo-db"));
      engine.bindings().bind(ADMIN, BindingRequest.of("job", "demo-db", m.id()));
      LaunchDecision d = launch();
      assertThat(d.outcome()).isEqualTo(Outcome.RUN);
      assertThat(d.checks().values())
          .extracting(CheckResult::state)
          .containsExactly(CredentialState.UNKNOWN);
    }

    @Test
    @DisplayName("an unbound requirement blocks, naming the requirement and why")
    void unbound() {
      engine.bindings().declare(ADMIN, Consumer.of("job", "demo-api", "smtp"));
      LaunchDecision d = launch();
      assertThat(d.outcome()).isEqualTo(Outcome.BLOCK);
      assertThat(d.reasons())
          .anySatisfy(r -> assertThat(r).contains("demo-api", "NO_CREDENTIAL"))
          .anySatisfy(r -> assertThat(r).contains("smtp", "PROVIDER_MISSING"));
      assertThat(check.calls).hasValue(0);
    }

    @Test
    @DisplayName("an inactive bound credential blocks without running its check")
    void inactive() {
      CredentialMetadata m = boundApi();
      engine.store().update(ADMIN, m.id(), CredentialUpdate.builder(1).active(false).build());
      LaunchDecision d = launch();
      assertThat(d.outcome()).isEqualTo(Outcome.BLOCK);
      assertThat(d.reasons()).singleElement().asString().contains("inactive");
      assertThat(check.calls).hasValue(0);
      assertThat(engine.bindings().status(ADMIN, "job").requirements().get(0).state())
          .isEqualTo(RequirementState.BOUND);
    }
  }

  @Nested
  @DisplayName("caches results")
  class Caching {
    @Test
    @DisplayName("reuses a result for its TTL and checks again after it expires")
    void ttl() {
      boundApi();
      check.ttl = 30;
      launch();
      launch();
      assertThat(check.calls).hasValue(1);
      clock.advance(Duration.ofSeconds(29));
      launch();
      assertThat(check.calls).hasValue(1);
      clock.advance(Duration.ofSeconds(1));
      launch();
      assertThat(check.calls).hasValue(2);
    }

    @Test
    @DisplayName("caches per credential version: an update means a fresh check")
    void perVersion() {
      CredentialMetadata m = boundApi();
      launch();
      engine.store().update(ADMIN, m.id(), CredentialUpdate.builder(1).description("x").build());
      launch();
      assertThat(check.calls).hasValue(2);
    }

    @Test
    @DisplayName("1,000 concurrent launches needing one credential run exactly one check")
    void singleFlight() throws Exception {
      boundApi();
      check.delay = Duration.ofMillis(100);
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
      assertThat(check.calls).hasValue(1);
    }
  }

  @Nested
  @DisplayName("turns failures into UNAVAILABLE without leaking secrets")
  class Failures {
    @Test
    @DisplayName("a check that hangs past the timeout")
    void timeout() {
      boundApi();
      check.delay = Duration.ofSeconds(30);
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
    }

    @Test
    @DisplayName("a check that throws with the secret in its message")
    void throwing() {
      boundApi();
      check.failure = new IllegalStateException("login with canary-token-123 refused");
      LaunchDecision d = launch();
      assertThat(d.outcome()).isEqualTo(Outcome.DEFER);
      CheckResult r = d.checks().values().iterator().next();
      assertThat(r.state()).isEqualTo(CredentialState.UNAVAILABLE);
      assertThat(r.message()).contains("IllegalStateException").doesNotContain("canary-token-123");
      assertThat(problems).singleElement().isEqualTo(r);
      assertThat(
              engine
                  .audit()
                  .query(
                      ADMIN, AuditQuery.all().withAction(AuditAction.CHECKED), PageRequest.first(5))
                  .items())
          .singleElement()
          .satisfies(e -> assertThat(e.details().toString()).doesNotContain("canary-token-123"));
    }

    @Test
    @DisplayName("a check that puts the secret in its result is scrubbed")
    void scrubbed() {
      engine.close();
      engine =
          Fixture.engine(
              clock,
              new Fixture.Script() {
                @Override
                public synchronized CheckResult check(dev.credentials.CheckContext ctx) {
                  String token = ctx.value("API_TOKEN").orElseThrow().reveal();
                  return new CheckResult(
                      CredentialState.DEGRADED,
                      "token " + token + " is rate limited",
                      ctx.clock().instant(),
                      10,
                      java.util.Map.of("sent", token));
                }
              });
      boundApi();
      LaunchDecision d = launch();
      CheckResult r = d.checks().values().iterator().next();
      assertThat(r.message()).isEqualTo("token **** is rate limited");
      assertThat(r.details()).containsEntry("sent", "****");
      assertThat(d.reasons().toString()).doesNotContain("canary-token-123");
    }
  }

  @Nested
  @DisplayName("backs off repeated deferrals")
  class Backoff {
    @Test
    @DisplayName("doubles the delay per consecutive deferral up to the cap, then resets on RUN")
    void exponential() {
      engine.close();
      engine =
          Fixture.engine(
              clock,
              check,
              b -> b.deferrals(new DeferralPolicy(Duration.ofMinutes(5), 100, Duration.ofDays(1))));
      boundApi();
      check.ttl = 0;
      check.then(CredentialState.UNAVAILABLE);
      List<Duration> delays = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        LaunchDecision d = launch();
        assertThat(d.outcome()).isEqualTo(Outcome.DEFER);
        assertThat(d.deferrals()).isEqualTo(i + 1);
        delays.add(Duration.between(clock.instant(), d.retryAt().orElseThrow()));
        clock.advance(Duration.ofSeconds(1));
      }
      assertThat(delays)
          .containsExactly(
              Duration.ofSeconds(60),
              Duration.ofSeconds(120),
              Duration.ofSeconds(240),
              Duration.ofMinutes(5),
              Duration.ofMinutes(5));
      check.then(CredentialState.AVAILABLE);
      assertThat(launch().outcome()).isEqualTo(Outcome.RUN);
      check.then(CredentialState.UNAVAILABLE);
      LaunchDecision again = launch();
      assertThat(again.deferrals()).isEqualTo(1);
    }

    @Test
    @DisplayName("blocks with a clear reason after the maximum number of deferrals")
    void maxDeferrals() {
      engine.close();
      engine =
          Fixture.engine(
              clock,
              check,
              b -> b.deferrals(new DeferralPolicy(Duration.ofMinutes(5), 3, Duration.ofDays(1))));
      boundApi();
      check.ttl = 0;
      check.then(CredentialState.DEGRADED);
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
      engine.close();
      engine =
          Fixture.engine(
              clock,
              check,
              b ->
                  b.deferrals(new DeferralPolicy(Duration.ofMinutes(5), 100, Duration.ofHours(1))));
      boundApi();
      check.ttl = 0;
      check.then(CredentialState.UNAVAILABLE);
      Instant first = clock.instant();
      assertThat(launch().outcome()).isEqualTo(Outcome.DEFER);
      clock.advance(Duration.ofMinutes(59));
      assertThat(launch().outcome()).isEqualTo(Outcome.DEFER);
      clock.advance(Duration.ofMinutes(1));
      LaunchDecision d = launch();
      assertThat(d.outcome()).isEqualTo(Outcome.BLOCK);
      assertThat(d.reasons().get(0)).contains(first.toString());
    }
  }

  @Test
  @DisplayName("the deferral policy caps its delays and validates its settings")
  void policy() {
    DeferralPolicy p = new DeferralPolicy(Duration.ofMinutes(10), 5, Duration.ofHours(1));
    assertThat(p.delay(Duration.ofSeconds(60), 1)).isEqualTo(Duration.ofSeconds(60));
    assertThat(p.delay(Duration.ofSeconds(60), 4)).isEqualTo(Duration.ofSeconds(480));
    assertThat(p.delay(Duration.ofSeconds(60), 50)).isEqualTo(Duration.ofMinutes(10));
    assertThat(p.delay(Duration.ofHours(1), 3)).isEqualTo(Duration.ofHours(1));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new DeferralPolicy(Duration.ZERO, 1, Duration.ofHours(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
