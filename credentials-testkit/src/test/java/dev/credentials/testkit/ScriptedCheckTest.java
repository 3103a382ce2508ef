package dev.credentials.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.CheckContext;
import dev.credentials.CheckResult;
import dev.credentials.CredentialId;
import dev.credentials.CredentialMetadata;
import dev.credentials.CredentialState;
import dev.credentials.Secret;
import dev.credentials.TenantId;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ScriptedCheckTest {

  private final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));

  private CheckContext context(Duration timeout) {
    Instant now = clock.instant();
    CredentialMetadata m =
        new CredentialMetadata(
            CredentialId.random(),
            TenantId.of("t"),
            "demo-api",
            "erp",
            "production",
            "",
            Set.of(),
            true,
            Optional.empty(),
            1,
            now,
            now,
            "k1",
            Optional.empty());
    return new CheckContext(m, Map.of("API_TOKEN", Secret.of("s3cr3t-value")), clock, timeout);
  }

  @Test
  @DisplayName("plays its steps in order, checked at the context's clock")
  void playsSteps() throws Exception {
    ScriptedCheck check =
        ScriptedCheck.script()
            .then(CredentialState.AVAILABLE, "ok", Duration.ofMinutes(5))
            .then(
                CredentialState.DEGRADED,
                "slow",
                Duration.ofSeconds(30),
                Map.of("latencyMs", "2500"));
    CheckResult first = check.check(context(Duration.ofSeconds(1)));
    clock.advance(Duration.ofMinutes(1));
    CheckResult second = check.test(context(Duration.ofSeconds(1)));
    assertThat(first.state()).isEqualTo(CredentialState.AVAILABLE);
    assertThat(first.checkedAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(first.ttlSeconds()).isEqualTo(300);
    assertThat(second.state()).isEqualTo(CredentialState.DEGRADED);
    assertThat(second.checkedAt()).isEqualTo(Instant.parse("2026-01-01T00:01:00Z"));
    assertThat(second.details()).containsEntry("latencyMs", "2500");
    assertThat(check.calls()).isEqualTo(2);
  }

  @Test
  @DisplayName("a call past the end of the script fails loudly unless the last step repeats")
  void exhaustion() throws Exception {
    ScriptedCheck once =
        ScriptedCheck.script().then(CredentialState.AVAILABLE, "ok", Duration.ZERO);
    once.check(context(Duration.ofSeconds(1)));
    assertThatThrownBy(() -> once.check(context(Duration.ofSeconds(1))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("called 2 times but scripted for 1");

    ScriptedCheck repeating =
        ScriptedCheck.script()
            .then(CredentialState.AVAILABLE, "ok", Duration.ZERO)
            .then(CredentialState.UNAVAILABLE, "down", Duration.ZERO)
            .thenRepeatLast();
    List<CredentialState> states = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      states.add(repeating.check(context(Duration.ofSeconds(1))).state());
    }
    assertThat(states)
        .containsExactly(
            CredentialState.AVAILABLE,
            CredentialState.UNAVAILABLE,
            CredentialState.UNAVAILABLE,
            CredentialState.UNAVAILABLE);
    assertThatThrownBy(() -> repeating.then(CredentialState.AVAILABLE, "x", Duration.ZERO))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> ScriptedCheck.script().thenRepeatLast())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  @DisplayName("returns given results as they are and throws given exceptions")
  void returningAndThrowing() throws Exception {
    CheckResult fixed =
        CheckResult.of(
            CredentialState.MISCONFIGURED,
            "401",
            Instant.parse("2020-01-01T00:00:00Z"),
            Duration.ZERO);
    assertThat(ScriptedCheck.returning(fixed).check(context(Duration.ofSeconds(1))))
        .isSameAs(fixed);
    IOException boom = new IOException("connection reset");
    ScriptedCheck throwing = ScriptedCheck.throwing(boom);
    assertThatThrownBy(() -> throwing.check(context(Duration.ofSeconds(1)))).isSameAs(boom);
    assertThatThrownBy(() -> throwing.check(context(Duration.ofSeconds(1)))).isSameAs(boom);
    assertThat(throwing.calls()).isEqualTo(2);
  }

  @Test
  @DisplayName("records the last context and never shows it in toString")
  void lastContext() throws Exception {
    ScriptedCheck check = ScriptedCheck.always(CredentialState.AVAILABLE, "ok");
    assertThat(check.lastContext()).isEmpty();
    CheckContext ctx = context(Duration.ofSeconds(3));
    check.check(ctx);
    assertThat(check.lastContext()).containsSame(ctx);
    SecretAssertions.assertNoSecretsOf(ctx.values()).inToStringOf(check);
  }

  @Test
  @DisplayName("a hanging check blocks until its future times out and is cancelled, then ends")
  void hangingUntilInterrupted() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (ScriptedCheck check = ScriptedCheck.hanging()) {
      Future<CheckResult> f = pool.submit(() -> check.check(context(Duration.ofMillis(100))));
      assertThat(check.awaitHanging(1, Duration.ofSeconds(10))).isTrue();
      assertThatThrownBy(() -> f.get(100, TimeUnit.MILLISECONDS))
          .isInstanceOf(TimeoutException.class);
      f.cancel(true);
      pool.shutdown();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS))
          .as("the interrupted check ends its thread")
          .isTrue();
      assertThat(check.hangingCalls()).isZero();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName("release lets hanging calls answer UNAVAILABLE, and counts concurrent calls")
  void releaseAndConcurrency() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try (ScriptedCheck check = ScriptedCheck.hanging()) {
      List<Future<CheckResult>> calls = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        calls.add(pool.submit(() -> check.check(context(Duration.ofSeconds(1)))));
      }
      assertThat(check.awaitHanging(3, Duration.ofSeconds(10))).isTrue();
      check.release();
      for (Future<CheckResult> f : calls) {
        assertThat(f.get(10, TimeUnit.SECONDS).state()).isEqualTo(CredentialState.UNAVAILABLE);
      }
      assertThat(check.maxConcurrentCalls()).isEqualTo(3);
      assertThat(check.calls()).isEqualTo(3);
      assertThat(check.check(context(Duration.ofSeconds(1))).state())
          .as("after release, hanging steps return at once")
          .isEqualTo(CredentialState.UNAVAILABLE);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName("close interrupts threads still hanging")
  void closeInterrupts() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      ScriptedCheck check = ScriptedCheck.script().thenHanging().thenRepeatLast();
      Future<CheckResult> f = pool.submit(() -> check.check(context(Duration.ofSeconds(1))));
      assertThat(check.awaitHanging(1, Duration.ofSeconds(10))).isTrue();
      check.close();
      try {
        assertThat(f.get(10, TimeUnit.SECONDS).state()).isEqualTo(CredentialState.UNAVAILABLE);
      } catch (ExecutionException e) {
        assertThat(e.getCause()).isInstanceOf(InterruptedException.class);
      }
      assertThat(check.hangingCalls()).isZero();
    } finally {
      pool.shutdownNow();
    }
  }
}
