package dev.credentials.telemetry;

import dev.credentials.BindingRequest;
import dev.credentials.Caller;
import dev.credentials.CheckResult;
import dev.credentials.Consumer;
import dev.credentials.CredentialState;
import dev.credentials.LaunchDecision;
import dev.credentials.NewCredential;
import dev.credentials.Principal;
import dev.credentials.Secret;
import dev.credentials.TenantId;
import dev.credentials.core.CredentialKeys;
import dev.credentials.core.Credentials;
import dev.credentials.core.InMemoryCredentialRepository;
import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.FieldType;
import dev.credentials.prototype.Prototype;
import dev.credentials.spi.LaunchListener;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The real engine in memory with one API credential whose live check returns a scripted state (and
 * tries to put the token into its message and details), bound to the consumer {@code sync}.
 */
final class TelemetryFixture implements AutoCloseable {

  static final String CANARY = "canary-Tq7/w+Xz=lantern-é";
  static final Secret TOKEN = Secret.of(CANARY);
  static final TenantId TENANT = TenantId.of("acme");
  static final Caller ADMIN = Caller.of(TENANT, Principal.admin("alice", TENANT));
  static final Caller SCHEDULER = Caller.of(TENANT, Principal.service("scheduler", TENANT));

  final AtomicReference<CredentialState> state = new AtomicReference<>(CredentialState.AVAILABLE);
  final Credentials credentials;

  TelemetryFixture(LaunchListener listener) {
    Prototype api =
        Prototype.builder("billing-api")
            .name("Billing API")
            .topic("billing")
            .field(
                FieldDefinition.builder("API_URL", FieldType.URL)
                    .name("url")
                    .required(true)
                    .build())
            .field(
                FieldDefinition.builder("API_TOKEN", FieldType.PASSWORD)
                    .name("token")
                    .required(true)
                    .build())
            .build();
    credentials =
        Credentials.builder()
            .repository(new InMemoryCredentialRepository())
            .keys(CredentialKeys.generate())
            .discoverPrototypes(false)
            .slf4jReporter(false)
            .launchListener(listener)
            .prototype(
                api,
                ctx ->
                    new CheckResult(
                        state.get(),
                        "token " + ctx.values().get("API_TOKEN").reveal() + " was refused",
                        ctx.clock().instant(),
                        0,
                        Map.of("token", ctx.values().get("API_TOKEN").reveal())))
            .build();
    var m =
        credentials
            .store()
            .create(
                ADMIN,
                NewCredential.builder("billing-api", "billing-prod")
                    .value("API_URL", "https://billing.example/v1")
                    .secret("API_TOKEN", TOKEN)
                    .build());
    credentials.bindings().declare(ADMIN, Consumer.of("sync", "billing"));
    credentials.bindings().bind(ADMIN, BindingRequest.of("sync", "billing", m.id()));
  }

  LaunchDecision launch(CredentialState s) {
    state.set(s);
    return credentials.launchGate().prepare(SCHEDULER, "sync");
  }

  static Duration small() {
    return Duration.ofSeconds(5);
  }

  @Override
  public void close() {
    credentials.close();
  }
}
