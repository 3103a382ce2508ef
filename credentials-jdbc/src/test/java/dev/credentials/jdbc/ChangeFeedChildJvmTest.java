package dev.credentials.jdbc;

import static dev.credentials.jdbc.FeedEngines.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.credentials.CredentialMetadata;
import dev.credentials.CredentialUpdate;
import dev.credentials.Secret;
import dev.credentials.core.CredentialKeys;
import dev.credentials.core.Credentials;
import dev.credentials.jdbc.TestDatabases.Kind;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** An engine in a second JVM, a child process on the same database, follows this JVM's changes. */
@DisplayName("The change feed reaches an engine in another JVM")
class ChangeFeedChildJvmTest {

  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = Kind.class,
      names = {"POSTGRESQL", "MARIADB"})
  @DisplayName("a change committed here is served by the child within the feed's bound")
  void childSeesChanges(Kind kind, @TempDir Path dir) throws Exception {
    String url = TestDatabases.freshUrl(kind);
    CredentialKeys keys = CredentialKeys.generate();
    Path keyFile = dir.resolve("keyset.json");
    keys.writeCleartextInsecurely(keyFile);
    long poll = ChangeFeedAcrossEnginesTest.POLL.toMillis();
    try (JdbcCredentialRepository repo =
            FeedEngines.repository(url, ChangeFeedAcrossEnginesTest.POLL);
        Credentials a = FeedEngines.engine(repo, keys, true)) {
      CredentialMetadata m = FeedEngines.bind(a, "feed-child-one");
      Process child =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  FeedChildMain.class.getName(),
                  url,
                  keyFile.toString(),
                  Long.toString(poll))
              .redirectError(dir.resolve("child.err").toFile())
              .start();
      BlockingQueue<String> lines = new LinkedBlockingQueue<>();
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader r =
                    new BufferedReader(
                        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                  }
                } catch (java.io.IOException e) {
                  lines.add("IO " + e.getClass().getSimpleName());
                }
              });
      reader.setDaemon(true);
      reader.start();
      try {
        await(lines, "SEEN " + FeedEngines.fingerprint("feed-child-one"), Duration.ofSeconds(60));

        long bound = ChangeFeedAcrossEnginesTest.bound(a);
        m = set(a, m, "feed-child-two");
        long start = System.nanoTime();
        await(lines, "SEEN " + FeedEngines.fingerprint("feed-child-two"), Duration.ofMillis(bound));
        long took = (System.nanoTime() - start) / 1_000_000;
        System.out.println("child JVM saw the change after " + took + " ms (" + kind + ")");

        set(a, m, "feed-stop");
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("the child stops").isTrue();
        assertThat(child.exitValue()).isZero();
      } finally {
        child.destroyForcibly();
      }
    }
  }

  static CredentialMetadata set(Credentials e, CredentialMetadata m, String token) {
    return e.store()
        .update(
            ADMIN,
            m.id(),
            CredentialUpdate.builder(m.version()).secret("API_TOKEN", Secret.of(token)).build());
  }

  /** Waits for a line, failing when another line comes that is not a step towards it. */
  static void await(BlockingQueue<String> lines, String expected, Duration within)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      String line = lines.poll(Math.max(left, 0), TimeUnit.NANOSECONDS);
      assertThat(line).as("the child prints %s within %s", expected, within).isNotNull();
      if (line.equals(expected)) {
        return;
      }
      assertThat(line).as("what the child printed").startsWith("SEEN ");
    }
  }
}
