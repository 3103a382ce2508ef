package dev.credentials.examples.demo;

import dev.credentials.BindingRequest;
import dev.credentials.Caller;
import dev.credentials.Consumer;
import dev.credentials.CredentialMetadata;
import dev.credentials.CredentialStore;
import dev.credentials.LaunchDecision;
import dev.credentials.NewCredential;
import dev.credentials.Principal;
import dev.credentials.Secret;
import dev.credentials.TenantId;
import dev.credentials.core.CredentialKeys;
import dev.credentials.core.Credentials;
import dev.credentials.jdbc.JdbcCredentialRepository;
import java.nio.file.Path;

/** Stores a PostgreSQL credential, binds it to a job and decides whether the job may start. */
public final class EmbeddingExample {

  private EmbeddingExample() {}

  /**
   * Runs the example against an embedded H2 database in a directory; run it twice.
   *
   * @param args the data directory (default {@code credentials-data})
   */
  public static void main(String[] args) {
    Path dataDir = Path.of(args.length > 0 ? args[0] : "credentials-data");
    System.out.println("Launch decision: " + run(dataDir).outcome());
  }

  static LaunchDecision run(Path dataDir) {
    TenantId acme = TenantId.of("acme");
    Caller admin = Caller.of(acme, Principal.admin("alice", acme));
    Caller scheduler = Caller.of(acme, Principal.service("scheduler", acme));

    // The repository belongs to the host: closing the engine leaves it open, so it is closed last.
    try (JdbcCredentialRepository repository = JdbcCredentialRepository.h2File(dataDir);
        Credentials credentials =
            Credentials.builder()
                .repository(repository) // or PostgreSQL / MariaDB through the same builder
                .keys(CredentialKeys.developmentFile(dataDir.resolve("keyset.json")))
                .build()) { // built-in prototypes are found on the class path

      CredentialStore store = credentials.store();
      CredentialMetadata pg =
          store // (tenant, name, environment) is unique: find it before creating it again
              .findByName(admin, "reporting-db")
              .orElseGet(
                  () ->
                      store.create(
                          admin,
                          NewCredential.builder("postgresql", "reporting-db")
                              .value("PGHOST", "db.acme.internal")
                              .value("PGDATABASE", "reporting")
                              .value("PGUSER", "reporter")
                              .secret(
                                  "PGPASSWORD",
                                  Secret.of(
                                      System.getenv()
                                          .getOrDefault("REPORTING_DB_PASSWORD", "change-me")))
                              .build()));

      credentials.bindings().declare(admin, Consumer.of("nightly-report", "postgresql"));
      credentials
          .bindings()
          .bind(admin, BindingRequest.of("nightly-report", "postgresql", pg.id()));

      LaunchDecision decision = credentials.launchGate().prepare(scheduler, "nightly-report");
      if (decision.outcome() == LaunchDecision.Outcome.RUN) {
        ProcessBuilder job = new ProcessBuilder("./report.sh");
        decision.requireEnvironment().applyTo(job); // PGHOST, PGPASSWORD, ... for the job
      }
      return decision;
    }
  }
}
