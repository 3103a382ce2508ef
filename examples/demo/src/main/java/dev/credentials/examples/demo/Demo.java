package dev.credentials.examples.demo;

import dev.credentials.BindingRequest;
import dev.credentials.Caller;
import dev.credentials.CheckResult;
import dev.credentials.Consumer;
import dev.credentials.ConsumerStatus;
import dev.credentials.CredentialMetadata;
import dev.credentials.CredentialState;
import dev.credentials.LaunchDecision;
import dev.credentials.NewCredential;
import dev.credentials.Principal;
import dev.credentials.RequirementStatus;
import dev.credentials.ResolvedEnvironment;
import dev.credentials.Secret;
import dev.credentials.TenantId;
import dev.credentials.Topic;
import dev.credentials.core.CredentialKeys;
import dev.credentials.core.Credentials;
import dev.credentials.core.CredentialsBuilder;
import dev.credentials.core.delivery.JobLauncher;
import dev.credentials.core.delivery.JobResult;
import dev.credentials.jdbc.JdbcCredentialRepository;
import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.FieldType;
import dev.credentials.prototype.Prototype;
import dev.credentials.telemetry.OpenTelemetryListener;
import dev.credentials.telemetry.ZabbixListener;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The whole story on the embedded default: register a prototype, create a credential for a tenant,
 * bind it to a consumer, print the phase-1 status, prepare a launch with a live check, print the
 * masked environment, and run a real child process with it through the {@link JobLauncher}, whose
 * output is masked. With {@code ZABBIX_SERVER} set, checks and decisions go to Zabbix; with {@code
 * OTEL_ENABLED}, to OpenTelemetry.
 */
public final class Demo {

  private Demo() {}

  /** The prototype the demo registers: an ERP API with a URL, a login and a secret password. */
  static Prototype erpPrototype() {
    return Prototype.builder("demo-erp")
        .name("Demo ERP")
        .description("The REST API of a fictional ERP")
        .category("ERP")
        .topic("erp")
        .field(
            FieldDefinition.builder("ERP_URL", FieldType.URL)
                .name("API URL")
                .required(true)
                .build())
        .field(
            FieldDefinition.builder("ERP_LOGIN", FieldType.STRING)
                .name("Login")
                .required(true)
                .build())
        .field(
            FieldDefinition.builder("ERP_PASSWORD", FieldType.PASSWORD)
                .name("Password")
                .required(true)
                .build())
        .build();
  }

  /**
   * Runs the demo.
   *
   * @param args ignored
   * @throws Exception when the child process cannot run
   */
  public static void main(String[] args) throws Exception {
    Path data = Path.of(args.length > 0 ? args[0] : ".credentials-demo");
    System.exit(run(System.out, data));
  }

  static int run(PrintStream out, Path data) throws Exception {
    TenantId tenant = TenantId.of("acme");
    Caller admin = Caller.of(tenant, Principal.admin("alice", tenant));
    Caller scheduler = Caller.of(tenant, Principal.service("scheduler", tenant));

    Optional<ZabbixListener> zabbix = ZabbixListener.fromEnvironment();
    CredentialsBuilder builder = Credentials.builder();
    zabbix.ifPresent(builder::launchListener);
    OpenTelemetryListener.fromEnvironment().ifPresent(builder::launchListener);
    try (JdbcCredentialRepository repository = JdbcCredentialRepository.h2File(data);
        Credentials credentials =
            builder
                .repository(repository)
                // Development mode: generates the keyset file (0600) on first use. Production
                // loads a managed keyset instead, e.g. CredentialKeys.fromKms(...).
                .keys(CredentialKeys.developmentFile(data.resolve("keyset.json")))
                .prototype(
                    erpPrototype(),
                    ctx ->
                        CheckResult.of(
                            CredentialState.AVAILABLE,
                            "ERP answered (simulated check)",
                            ctx.clock().instant(),
                            Duration.ofMinutes(1)))
                .build()) {
      out.println(
          "1. Embedded H2 database in "
              + data.toAbsolutePath()
              + "; prototypes registered: "
              + credentials.prototypes().all().size());

      CredentialMetadata erp = credentials.store().findByName(admin, "acme-erp").orElse(null);
      if (erp == null) {
        erp =
            credentials
                .store()
                .create(
                    admin,
                    NewCredential.builder("demo-erp", "acme-erp")
                        .value("ERP_URL", "https://erp.acme.example/api")
                        .value("ERP_LOGIN", "integration")
                        .secret("ERP_PASSWORD", Secret.of("s3cr3t-demo-password"))
                        .build());
        out.println(
            "2. Created credential "
                + erp.name()
                + " ("
                + erp.id()
                + "), sealed with key "
                + erp.keyId());
      } else {
        out.println(
            "2. Found credential "
                + erp.name()
                + " ("
                + erp.id()
                + ") from an earlier run,"
                + " sealed with key "
                + erp.keyId());
        credentials.bindings().unbind(admin, "invoice-sync", Topic.of("erp"));
      }

      credentials.bindings().declare(admin, Consumer.of("invoice-sync", "erp"));
      ConsumerStatus before = credentials.bindings().status(admin, "invoice-sync");
      print(out, "3. Phase-1 status before binding", before);
      credentials.bindings().bind(admin, BindingRequest.of("invoice-sync", "erp", erp.id()));
      print(
          out,
          "4. Phase-1 status after binding",
          credentials.bindings().status(admin, "invoice-sync"));

      LaunchDecision decision = credentials.launchGate().prepare(scheduler, "invoice-sync");
      out.println(
          "5. Launch decision: "
              + decision.outcome()
              + " "
              + decision.checks().values().stream()
                  .map(c -> c.state() + " (" + c.message() + ")")
                  .toList());
      if (decision.outcome() != LaunchDecision.Outcome.RUN) {
        out.println("   not running: " + decision.reasons() + ", exit code " + decision.exitCode());
        return decision.exitCode();
      }
      ResolvedEnvironment env = decision.requireEnvironment();
      out.println("6. Environment for the job (masked): " + env.masked());

      JobResult result =
          JobLauncher.builder(credentials)
              .stdout(out)
              .stderr(out)
              .timeout(Duration.ofMinutes(1))
              .build()
              .launch(
                  scheduler,
                  decision,
                  List.of(
                      "sh",
                      "-c",
                      "echo \"7. Child process: job sees ERP_URL=$ERP_URL, ERP_LOGIN=$ERP_LOGIN,"
                          + " ERP_PASSWORD has ${#ERP_PASSWORD} characters\";"
                          + " echo \"7. Child process: and prints it by mistake: $ERP_PASSWORD\""));
      out.println(
          "8. Child exited with "
              + result.exitCode()
              + "; audit chain: "
              + credentials.audit().verify(admin).message());
      return result.exitCode();
    } finally {
      zabbix.ifPresent(ZabbixListener::close);
    }
  }

  private static void print(PrintStream out, String title, ConsumerStatus status) {
    out.println(title + ":");
    List<RequirementStatus> reqs = status.requirements();
    for (RequirementStatus r : reqs) {
      out.println("   " + r.requirement().topic() + " → " + r.state() + ": " + r.advice());
    }
  }
}
