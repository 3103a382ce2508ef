package dev.credentials.examples.demo;

import dev.credentials.BindingRequest;
import dev.credentials.Caller;
import dev.credentials.Consumer;
import dev.credentials.CredentialMetadata;
import dev.credentials.LaunchDecision;
import dev.credentials.NewCredential;
import dev.credentials.Principal;
import dev.credentials.Secret;
import dev.credentials.TenantId;
import dev.credentials.core.CredentialKeys;
import dev.credentials.core.Credentials;
import dev.credentials.jdbc.JdbcCredentialRepository;
import java.nio.file.Path;

/** The README's embedding example, compiled and run by a test so that it cannot drift. */
public final class EmbeddingExample {

  private EmbeddingExample() {}

  /**
   * Runs the example.
   *
   * @param dataDir where the embedded database and the development keyset live
   * @return the launch decision
   */
  public static LaunchDecision run(Path dataDir) {
    // tag::embed[]
    TenantId acme = TenantId.of("acme");
    Caller admin = Caller.of(acme, Principal.admin("alice", acme));
    Caller scheduler = Caller.of(acme, Principal.service("scheduler", acme));

    try (JdbcCredentialRepository repository = JdbcCredentialRepository.h2File(dataDir);
        Credentials credentials =
            Credentials.builder()
                .repository(repository) // or PostgreSQL / MariaDB through the same builder
                .keys(CredentialKeys.developmentFile(dataDir.resolve("keyset.json")))
                .build()) { // built-in prototypes are found on the class path

      CredentialMetadata pg =
          credentials
              .store()
              .create(
                  admin,
                  NewCredential.builder("postgresql", "reporting-db")
                      .value("PGHOST", "db.acme.internal")
                      .value("PGDATABASE", "reporting")
                      .value("PGUSER", "reporter")
                      .secret("PGPASSWORD", Secret.of(System.getProperty("pg.password", "s3cret")))
                      .build());

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
    // end::embed[]
  }
}
