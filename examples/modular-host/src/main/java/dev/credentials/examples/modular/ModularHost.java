package dev.credentials.examples.modular;

import dev.credentials.BindingRequest;
import dev.credentials.Caller;
import dev.credentials.Consumer;
import dev.credentials.CredentialMetadata;
import dev.credentials.CredentialStore;
import dev.credentials.LaunchDecision;
import dev.credentials.NewCredential;
import dev.credentials.Principal;
import dev.credentials.ResolvedEnvironment;
import dev.credentials.Secret;
import dev.credentials.TenantId;
import dev.credentials.audit.AuditEvent;
import dev.credentials.audit.AuditQuery;
import dev.credentials.core.CredentialKeys;
import dev.credentials.core.Credentials;
import dev.credentials.jdbc.JdbcCredentialRepository;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs the embedded default from a named module: the built-in prototypes (found by ServiceLoader
 * across modules), JSON Schema validation (Vert.x and Netty as named modules), Tink sealing, H2
 * through {@code java.sql}, a launch and the audit log. Exits non-zero on any surprise.
 */
public final class ModularHost {

  private ModularHost() {}

  /**
   * Runs the host.
   *
   * @param args the data directory
   */
  public static void main(String[] args) {
    requireNamed(ModularHost.class, "dev.credentials.examples.modular");
    requireNamed(Credentials.class, "dev.credentials.core");
    requireNamed(JdbcCredentialRepository.class, "dev.credentials.jdbc");

    Path dataDir = Path.of(args.length > 0 ? args[0] : "target/run-data");
    TenantId acme = TenantId.of("acme");
    Caller admin = Caller.of(acme, Principal.admin("alice", acme));
    Caller scheduler = Caller.of(acme, Principal.service("scheduler", acme));

    try (JdbcCredentialRepository repository = JdbcCredentialRepository.h2File(dataDir);
        Credentials credentials =
            Credentials.builder()
                .repository(repository)
                .keys(CredentialKeys.developmentFile(dataDir.resolve("keyset.json")))
                .build()) {
      CredentialStore store = credentials.store();
      CredentialMetadata smtp =
          store
              .findByName(admin, "mail")
              .orElseGet(
                  () ->
                      store.create(
                          admin,
                          NewCredential.builder("smtp", "mail")
                              .value("SMTP_HOST", "mail.acme.example")
                              .value("SMTP_PORT", "587")
                              .value("SMTP_USERNAME", "robot")
                              .secret("SMTP_PASSWORD", Secret.of("modular-canary-password"))
                              .value("MAIL_FROM", "robot@acme.example")
                              .build()));

      credentials.bindings().declare(admin, Consumer.of("newsletter", "smtp"));
      credentials.bindings().bind(admin, BindingRequest.of("newsletter", "smtp", smtp.id()));
      LaunchDecision decision = credentials.launchGate().prepare(scheduler, "newsletter");
      if (decision.outcome() != LaunchDecision.Outcome.RUN) {
        throw new IllegalStateException("expected RUN, got " + decision);
      }
      ResolvedEnvironment env = decision.requireEnvironment();
      if (!env.get("SMTP_HOST").orElseThrow().reveal().equals("mail.acme.example")) {
        throw new IllegalStateException("SMTP_HOST did not round-trip");
      }

      // Validation runs through Vert.x JSON Schema: a bad port is a typed error.
      try {
        store.create(
            admin,
            NewCredential.builder("smtp", "broken")
                .value("SMTP_HOST", "mail.acme.example")
                .value("SMTP_PORT", "not-a-port")
                .build());
        throw new IllegalStateException("an invalid SMTP_PORT was accepted");
      } catch (dev.credentials.CredentialValidationException expected) {
        System.out.println(
            "validation on the module path: " + expected.violations().size() + " violation(s)");
      }

      try (Stream<AuditEvent> events = credentials.audit().stream(admin, AuditQuery.all())) {
        List<AuditEvent> all = events.toList();
        System.out.println("audit events: " + all.size());
      }
      System.out.println(
          "module-path host ran: "
              + Credentials.class.getModule().getName()
              + ", "
              + JdbcCredentialRepository.class.getModule().getName()
              + ", launch "
              + decision.outcome());
    }
  }

  private static void requireNamed(Class<?> type, String module) {
    if (!module.equals(type.getModule().getName())) {
      throw new IllegalStateException(
          type.getName() + " is in " + type.getModule() + ", not in module " + module);
    }
  }
}
