package dev.credentials.jdbc;

import dev.credentials.BindingRequest;
import dev.credentials.Caller;
import dev.credentials.Consumer;
import dev.credentials.CredentialMetadata;
import dev.credentials.NewCredential;
import dev.credentials.Principal;
import dev.credentials.Secret;
import dev.credentials.TenantId;
import dev.credentials.core.CredentialKeys;
import dev.credentials.core.Credentials;
import dev.credentials.testkit.SamplePrototypes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Engines on one database, each on its own repository and pool, as separate application nodes run
 * them; used by the change-feed tests, the child JVM and the staleness harness.
 */
final class FeedEngines {

  /** The tenant every feed test works in. */
  static final TenantId TENANT = TenantId.of("feed-acme");

  /** Its administrator. */
  static final Caller ADMIN = Caller.of(TENANT, Principal.admin("alice", TENANT));

  /** The consumer every feed test resolves. */
  static final String JOB = "feed-job";

  private FeedEngines() {}

  /**
   * @param url the database
   * @param pollInterval the poll interval (MariaDB, H2)
   * @return a repository with its own pool of 3
   */
  static JdbcCredentialRepository repository(String url, Duration pollInterval) {
    return JdbcCredentialRepository.builder()
        .url(url)
        .maximumPoolSize(3)
        .changePollInterval(pollInterval)
        .build();
  }

  /**
   * @param repository its repository
   * @param keys the keyset every engine shares
   * @param follow whether it follows the change feed
   * @return an engine knowing the demo API prototype
   */
  static Credentials engine(
      JdbcCredentialRepository repository, CredentialKeys keys, boolean follow) {
    return Credentials.builder()
        .repository(repository)
        .keys(keys)
        .discoverPrototypes(false)
        .slf4jReporter(false)
        .prototype(SamplePrototypes.demoApi())
        .followChanges(follow)
        .build();
  }

  /**
   * Creates a credential with a token and binds it to {@link #JOB}.
   *
   * @param engine the engine
   * @param token the token
   * @return the credential
   */
  static CredentialMetadata bind(Credentials engine, String token) {
    CredentialMetadata m =
        engine
            .store()
            .create(
                ADMIN,
                NewCredential.builder(SamplePrototypes.DEMO_API, "feed-api")
                    .value("API_URL", "https://api.example.com")
                    .secret("API_TOKEN", Secret.of(token))
                    .build());
    engine.bindings().declare(ADMIN, Consumer.of(JOB, SamplePrototypes.DEMO_API));
    engine.bindings().bind(ADMIN, BindingRequest.of(JOB, SamplePrototypes.DEMO_API, m.id()));
    return m;
  }

  /**
   * @param engine the engine
   * @return the token it resolves for {@link #JOB}
   */
  static Optional<Secret> token(Credentials engine) {
    return engine.resolver().resolve(ADMIN, JOB).get("API_TOKEN");
  }

  /**
   * A fingerprint of a token that a child process may print without printing the token.
   *
   * @param token the token
   * @return the first 16 hex digits of its SHA-256
   */
  static String fingerprint(String token) {
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
