package dev.credentials.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.credentials.Caller;
import dev.credentials.ResolvedEnvironment;
import dev.credentials.RevealedCredential;
import dev.credentials.Secret;
import dev.credentials.core.Credentials;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The examples of the README section "Handing values to a job", compiled and run. Keep the two in
 * step.
 */
@DisplayName("the examples of the README section on handing values to a job")
class DeliveryExamplesTest {

  // --- example: typed view
  @FieldPrefix("DB_")
  record PostgresConnection(String host, int port, String database, String user, Secret password) {}

  // --- end

  @Test
  @DisplayName("run all of them against the real engine")
  void examples() throws Exception {
    try (EngineFixture engine = new EngineFixture(Secret.of("pg-pw"), Secret.of("api-tok"))) {
      Credentials credentials = engine.credentials;
      Caller caller = EngineFixture.SCHEDULER;
      assertThat(filesForAJob(credentials, caller)).isEqualTo(0);
      assertThat(header(credentials, caller).map(Secret::reveal)).contains("Bearer api-tok");
      assertThat(verify(Secret.of("api-tok"), "bearer api-tok")).isTrue();
      assertThat(typed(credentials, caller).port()).isEqualTo(5432);
    }
  }

  static int filesForAJob(Credentials credentials, Caller caller) throws Exception {
    // --- example: files
    ResolvedEnvironment env = credentials.resolver().resolve(caller, "invoice-sync");
    try (CredentialFiles files = CredentialFiles.create()) {
      Path json = files.write(env, CredentialFiles.Format.JSON); // environment.json
      Path dotenv = files.write(env, CredentialFiles.Format.DOTENV); // environment.env
      Path mount = files.write(env, CredentialFiles.Format.PER_KEY); // environment/DB_PASSWORD, ...
      ProcessBuilder job =
          new ProcessBuilder(
              "sh", "-c", "set -a; . \"$DOTENV\"; test -s \"$CREDENTIALS_PATH/DB_PASSWORD\"");
      job.environment().put("CREDENTIALS_JSON", json.toString());
      job.environment().put("DOTENV", dotenv.toString());
      job.environment().put("CREDENTIALS_PATH", mount.toString());
      int exit = job.inheritIO().start().waitFor();
      if (exit != 0) {
        throw new IllegalStateException("job failed with " + exit); // files are removed anyway
      }
      return exit;
    } // every file is overwritten with zeros, then the directory is removed
    // --- end
  }

  static Optional<Secret> header(Credentials credentials, Caller caller) {
    // --- example: header
    RevealedCredential api = credentials.resolver().byName(caller, "billing-api");
    Optional<Secret> authorization = AuthorizationHeaders.from(api); // "Bearer …" (API_TOKEN)
    // or name the fields when the convention does not fit:
    Optional<Secret> basic =
        AuthorizationHeaders.from(
            credentials.resolver().byName(caller, "orders-db"),
            AuthorizationFields.basic("DB_USER", "DB_PASSWORD")); // "Basic base64(user:pass)"
    // --- end
    assertThat(basic).isPresent();
    return authorization;
  }

  static boolean verify(Secret expectedToken, String presented) {
    // --- example: verifier
    AuthorizationVerifier verifier = AuthorizationVerifier.bearer(expectedToken);
    boolean ok = verifier.verify(presented); // constant time; false for null or malformed input
    // --- end
    return ok;
  }

  static PostgresConnection typed(Credentials credentials, Caller caller) {
    // --- example: typed view (use)
    PostgresConnection pg =
        TypedViews.as(credentials.resolver().byName(caller, "orders-db"), PostgresConnection.class);
    // pg.port() is an int; pg.password() stays a Secret; a missing DB_HOST and a DB_PORT of "abc"
    // are reported together in one CredentialValidationException
    // --- end
    return pg;
  }
}
