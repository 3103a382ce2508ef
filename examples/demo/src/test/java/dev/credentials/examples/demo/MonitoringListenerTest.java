package dev.credentials.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.credentials.BindingRequest;
import dev.credentials.Caller;
import dev.credentials.CheckResult;
import dev.credentials.Consumer;
import dev.credentials.CredentialMetadata;
import dev.credentials.CredentialState;
import dev.credentials.LaunchDecision;
import dev.credentials.NewCredential;
import dev.credentials.Principal;
import dev.credentials.Secret;
import dev.credentials.TenantId;
import dev.credentials.core.CredentialKeys;
import dev.credentials.core.Credentials;
import dev.credentials.core.InMemoryCredentialRepository;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class MonitoringListenerTest {

  @Test
  void forwardsProblemsAndDecisionsWithoutValues() {
    List<String> zabbix = new CopyOnWriteArrayList<>();
    List<Map.Entry<String, Map<String, String>>> otel = new CopyOnWriteArrayList<>();
    TenantId t = TenantId.of("acme");
    Caller admin = Caller.of(t, Principal.admin("a", t));
    try (Credentials c =
        Credentials.builder()
            .repository(new InMemoryCredentialRepository())
            .keys(CredentialKeys.generate())
            .discoverPrototypes(false)
            .prototype(
                Demo.erpPrototype(),
                ctx ->
                    CheckResult.of(
                        CredentialState.UNAVAILABLE,
                        "ERP is down",
                        ctx.clock().instant(),
                        Duration.ofSeconds(30)))
            .launchListener(
                new MonitoringListener("jobs-01", zabbix::add, (n, a) -> otel.add(Map.entry(n, a))))
            .build()) {
      CredentialMetadata m =
          c.store()
              .create(
                  admin,
                  NewCredential.builder("demo-erp", "erp")
                      .value("ERP_URL", "https://erp.example")
                      .value("ERP_LOGIN", "x")
                      .secret("ERP_PASSWORD", Secret.of("canary-pw"))
                      .build());
      c.bindings().declare(admin, Consumer.of("sync", "erp"));
      c.bindings().bind(admin, BindingRequest.of("sync", "erp", m.id()));
      assertThat(c.launchGate().prepare(admin, "sync").outcome())
          .isEqualTo(LaunchDecision.Outcome.DEFER);
    }
    assertThat(zabbix)
        .containsExactly(
            "jobs-01 credentials.state[acme,erp] 3", "jobs-01 credentials.launch[acme,sync] DEFER");
    assertThat(otel)
        .extracting(Map.Entry::getKey)
        .containsExactly("credentials.check.not_available", "credentials.launch.decided");
    assertThat(otel.get(1).getValue())
        .containsEntry("credentials.outcome", "DEFER")
        .containsKey("credentials.retry_at");
    assertThat(zabbix.toString() + otel).doesNotContain("canary-pw");
  }
}
