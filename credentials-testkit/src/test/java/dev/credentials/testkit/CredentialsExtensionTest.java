package dev.credentials.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.credentials.BindingRequest;
import dev.credentials.Consumer;
import dev.credentials.CredentialMetadata;
import dev.credentials.CredentialQuery;
import dev.credentials.CredentialState;
import dev.credentials.CredentialStore;
import dev.credentials.LaunchDecision.Outcome;
import dev.credentials.NewCredential;
import dev.credentials.PageRequest;
import dev.credentials.Secret;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("The JUnit 5 extension")
class CredentialsExtensionTest {

  static final ScriptedCheck CHECK =
      ScriptedCheck.script()
          .then(CredentialState.UNAVAILABLE, "down", Duration.ofSeconds(30))
          .then(CredentialState.AVAILABLE, "up", Duration.ofMinutes(5));

  @RegisterExtension
  static CredentialsExtension credentials =
      CredentialsExtension.inMemory().with(s -> s.check(SamplePrototypes.DEMO_API, CHECK));

  static NewCredential api() {
    return NewCredential.builder(SamplePrototypes.DEMO_API, "api")
        .value("API_URL", "https://api.example")
        .secret("API_TOKEN", Secret.of("t0ken-value"))
        .build();
  }

  @Test
  @DisplayName("injects engine, clock and store; the clock drives TTLs and deferrals")
  void scenario(TestEngine t, MutableClock clock, CredentialStore store) {
    CredentialMetadata m = store.create(t.admin(), api());
    t.engine().bindings().declare(t.admin(), Consumer.of("job", SamplePrototypes.DEMO_API));
    t.engine()
        .bindings()
        .bind(t.admin(), BindingRequest.of("job", SamplePrototypes.DEMO_API, m.id()));
    assertThat(t.engine().launchGate().prepare(t.service(), "job").outcome())
        .isEqualTo(Outcome.DEFER);
    clock.advance(Duration.ofSeconds(30));
    assertThat(t.engine().launchGate().prepare(t.service(), "job").outcome())
        .isEqualTo(Outcome.RUN);
    assertThat(CHECK.calls()).isEqualTo(2);
  }

  @Test
  @DisplayName("gives every test a fresh engine")
  void fresh(TestEngine t, CredentialStore store) {
    assertThat(store.list(t.admin(), CredentialQuery.all(), PageRequest.first(10)).total())
        .isZero();
    store.create(t.admin(), api());
    assertThat(store.list(t.admin(), CredentialQuery.all(), PageRequest.first(10)).total()).isOne();
  }
}
