package dev.credentials.jdbc;

import dev.credentials.CredentialException;
import dev.credentials.core.CredentialKeys;
import dev.credentials.core.Credentials;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The second JVM of {@code ChangeFeedChildJvmTest}: an engine on the given database that resolves
 * {@link FeedEngines#JOB} in a loop and prints {@code SEEN} and a fingerprint of the token (never
 * the token) each time it changes. It stops when it sees the token {@code feed-stop}, or after a
 * minute.
 */
final class FeedChildMain {

  private FeedChildMain() {}

  /**
   * @param args the JDBC URL, the keyset file, the poll interval in milliseconds
   */
  public static void main(String[] args) {
    String stop = FeedEngines.fingerprint("feed-stop");
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    try (JdbcCredentialRepository repo =
            FeedEngines.repository(args[0], Duration.ofMillis(Long.parseLong(args[2])));
        Credentials engine =
            FeedEngines.engine(repo, CredentialKeys.fromFile(Path.of(args[1])), true)) {
      String last = "";
      while (System.nanoTime() < deadline) {
        String seen;
        try {
          seen = FeedEngines.token(engine).map(s -> FeedEngines.fingerprint(s.reveal())).orElse("");
        } catch (CredentialException e) {
          seen = e.getClass().getSimpleName();
        }
        if (!seen.equals(last)) {
          last = seen;
          System.out.println("SEEN " + seen);
          System.out.flush();
        }
        if (seen.equals(stop)) {
          return;
        }
        Thread.onSpinWait();
      }
      System.exit(3);
    }
  }
}
