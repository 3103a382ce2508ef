package dev.credentials.examples.strict;

import dev.credentials.Caller;
import dev.credentials.CredentialMetadata;
import dev.credentials.CredentialStore;
import dev.credentials.CredentialValidationException;
import dev.credentials.NewCredential;
import dev.credentials.Principal;
import dev.credentials.RevealedCredential;
import dev.credentials.Secret;
import dev.credentials.TenantId;
import dev.credentials.core.CredentialKeys;
import dev.credentials.core.Credentials;
import dev.credentials.jdbc.JdbcCredentialRepository;
import java.nio.file.Path;

/**
 * A host built against the BOM alone, on the class path, without Netty's networking jars: stores,
 * validates and reveals a credential on the embedded default. Exits non-zero on any surprise.
 */
public final class StrictHost {

  private StrictHost() {}

  /**
   * Runs the host.
   *
   * @param args the data directory
   */
  public static void main(String[] args) {
    for (String networking :
        new String[] {"io.netty.channel.Channel", "io.netty.handler.codec.http.HttpRequest"}) {
      try {
        Class.forName(networking);
        throw new IllegalStateException(networking + " is on the class path; it was excluded");
      } catch (ClassNotFoundException expected) {
        // the trimmed footprint
      }
    }
    Path dataDir = Path.of(args.length > 0 ? args[0] : "target/run-data");
    TenantId acme = TenantId.of("acme");
    Caller admin = Caller.of(acme, Principal.admin("alice", acme));

    try (JdbcCredentialRepository repository = JdbcCredentialRepository.h2File(dataDir);
        Credentials credentials =
            Credentials.builder()
                .repository(repository)
                .keys(CredentialKeys.developmentFile(dataDir.resolve("keyset.json")))
                .build()) {
      CredentialStore store = credentials.store();
      CredentialMetadata github =
          store
              .findByName(admin, "ci-token")
              .orElseGet(
                  () ->
                      store.create(
                          admin,
                          NewCredential.builder("github", "ci-token")
                              .secret("GITHUB_TOKEN", Secret.of("ghp_strict_host_canary_token"))
                              .build()));
      RevealedCredential revealed = store.reveal(admin, github.id());
      if (!revealed.values().containsKey("GITHUB_TOKEN")) {
        throw new IllegalStateException("GITHUB_TOKEN did not round-trip");
      }
      try {
        store.create(
            admin,
            NewCredential.builder("github", "bad-url")
                .secret("GITHUB_TOKEN", Secret.of("x"))
                .value("GITHUB_API_URL", "not a url")
                .build());
        throw new IllegalStateException("an invalid GITHUB_API_URL was accepted");
      } catch (CredentialValidationException expected) {
        System.out.println(
            "validation without Netty networking: "
                + expected.violations().size()
                + " violation(s)");
      }
      System.out.println("strict host ran on the class path with the BOM alone");
    }
  }
}
