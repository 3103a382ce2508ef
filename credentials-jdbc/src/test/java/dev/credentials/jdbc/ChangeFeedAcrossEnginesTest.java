package dev.credentials.jdbc;

import static dev.credentials.jdbc.FeedEngines.ADMIN;
import static dev.credentials.jdbc.FeedEngines.JOB;
import static dev.credentials.jdbc.FeedEngines.token;
import static org.assertj.core.api.Assertions.assertThat;

import dev.credentials.BindingRequest;
import dev.credentials.CredentialException;
import dev.credentials.CredentialInactiveException;
import dev.credentials.CredentialMetadata;
import dev.credentials.CredentialUpdate;
import dev.credentials.EngineHealth;
import dev.credentials.Secret;
import dev.credentials.Topic;
import dev.credentials.UnmetRequirementException;
import dev.credentials.core.CredentialKeys;
import dev.credentials.core.Credentials;
import dev.credentials.jdbc.TestDatabases.Kind;
import dev.credentials.testkit.SamplePrototypes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Engines on one real database, each with its own repository and pool, follow each other's changes
 * through the change feed: PostgreSQL {@code LISTEN}/{@code NOTIFY}, MariaDB and H2 the polled
 * change sequence.
 */
@DisplayName("The change feed between engines on one database")
class ChangeFeedAcrossEnginesTest {

  /** The poll interval of these tests (MariaDB, H2). */
  static final Duration POLL = Duration.ofMillis(200);

  /**
   * Added to the feed's own bound in assertions: the machine is shared and a thread may wait for a
   * core. The measured times are in benchmarks/README.md.
   */
  static final long SLACK_MILLIS = 1_500;

  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private List<Credentials> engines(String url, CredentialKeys keys, int n) {
    List<Credentials> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      JdbcCredentialRepository repo = FeedEngines.repository(url, POLL);
      open.add(repo);
      Credentials e = FeedEngines.engine(repo, keys, true);
      open.add(e);
      list.add(e);
    }
    return list;
  }

  static long bound(Credentials e) {
    return Long.parseLong(
            e.health().component("change-feed").orElseThrow().details().get("stalenessBoundMillis"))
        + SLACK_MILLIS;
  }

  /**
   * Polls an engine until what it serves passes the test, failing after its bound; then reads ten
   * more times, each of which must pass too (the old state never comes back).
   *
   * @return how long it took, in milliseconds
   */
  static long seenWithinBound(Credentials engine, Supplier<Object> read, Predicate<Object> fresh) {
    long bound = bound(engine);
    long start = System.nanoTime();
    long deadline = start + bound * 1_000_000;
    while (true) {
      Object v = read.get();
      if (fresh.test(v)) {
        break;
      }
      assertThat(System.nanoTime())
          .as("the engine still serves the old state after %d ms", bound)
          .isLessThan(deadline);
      Thread.onSpinWait();
    }
    long took = (System.nanoTime() - start) / 1_000_000;
    for (int i = 0; i < 10; i++) {
      assertThat(fresh.test(read.get())).as("read %d after the change was seen", i).isTrue();
    }
    return took;
  }

  /** A resolve's token, or the exception type that stopped it. */
  static Object outcome(Credentials e) {
    try {
      return token(e).orElseThrow();
    } catch (CredentialException ex) {
      return ex.getClass();
    }
  }

  static CredentialMetadata setToken(Credentials e, CredentialMetadata m, String token) {
    return e.store()
        .update(
            ADMIN,
            m.id(),
            CredentialUpdate.builder(m.version()).secret("API_TOKEN", Secret.of(token)).build());
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Kind.class)
  @DisplayName("two engines: update, deactivate, unbind, delete and key rotation are seen in bound")
  void twoEngines(Kind kind) {
    String url = TestDatabases.freshUrl(kind);
    CredentialKeys keys = CredentialKeys.generate();
    List<Credentials> es = engines(url, keys, 1);
    Credentials a = es.get(0);
    String second = a.keys().addKey();
    Credentials b = engines(url, a.keys().keyset(), 1).get(0);

    CredentialMetadata m = FeedEngines.bind(a, "feed-token-one");
    seenWithinBound(b, () -> outcome(b), v -> Secret.of("feed-token-one").equals(v));

    m = setToken(a, m, "feed-token-two");
    seenWithinBound(b, () -> outcome(b), v -> Secret.of("feed-token-two").equals(v));

    CredentialMetadata off =
        a.store()
            .update(ADMIN, m.id(), CredentialUpdate.builder(m.version()).active(false).build());
    seenWithinBound(b, () -> outcome(b), v -> v == CredentialInactiveException.class);
    m =
        a.store()
            .update(ADMIN, m.id(), CredentialUpdate.builder(off.version()).active(true).build());
    seenWithinBound(b, () -> outcome(b), v -> v instanceof Secret);

    a.bindings().unbind(ADMIN, JOB, Topic.of(SamplePrototypes.DEMO_API));
    seenWithinBound(b, () -> outcome(b), v -> v == UnmetRequirementException.class);
    a.bindings().bind(ADMIN, BindingRequest.of(JOB, SamplePrototypes.DEMO_API, m.id()));
    seenWithinBound(b, () -> outcome(b), v -> v instanceof Secret);

    // key rotation: a re-seals under the second key; b, whose cached plan holds the ciphertext of
    // the first, must reload it: with the first key disabled in b's keyset, a stale plan cannot
    // open
    a.keys().promote(second);
    a.keys().rewrap(100, p -> {});
    String first = keys.primaryKeyId();
    b.keys().promote(second);
    b.keys().disable(first);
    seenWithinBound(b, () -> outcome(b), v -> Secret.of("feed-token-two").equals(v));

    a.store().delete(ADMIN, m.id());
    seenWithinBound(b, () -> outcome(b), v -> v == UnmetRequirementException.class);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Kind.class)
  @DisplayName("five engines: a change through any one is seen by the four others in bound")
  void fiveEngines(Kind kind) {
    String url = TestDatabases.freshUrl(kind);
    List<Credentials> es = engines(url, CredentialKeys.generate(), 5);
    CredentialMetadata m = FeedEngines.bind(es.get(0), "feed-token-0");
    for (Credentials e : es) {
      seenWithinBound(e, () -> outcome(e), v -> Secret.of("feed-token-0").equals(v));
    }
    for (int round = 1; round <= 5; round++) {
      Credentials writer = es.get(round % 5);
      String t = "feed-token-" + round;
      m = setToken(writer, m, t);
      for (Credentials e : es) {
        seenWithinBound(e, () -> outcome(e), v -> Secret.of(t).equals(v));
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Kind.class)
  @DisplayName("an engine that does not follow the feed keeps serving the old value (the control)")
  void withoutTheFeed(Kind kind) {
    String url = TestDatabases.freshUrl(kind);
    CredentialKeys keys = CredentialKeys.generate();
    Credentials a = engines(url, keys, 1).get(0);
    JdbcCredentialRepository repo = FeedEngines.repository(url, POLL);
    open.add(repo);
    Credentials b = FeedEngines.engine(repo, keys, false);
    open.add(b);
    CredentialMetadata m = FeedEngines.bind(a, "feed-token-one");
    assertThat(outcome(b)).isEqualTo(Secret.of("feed-token-one"));
    setToken(a, m, "feed-token-two");
    // the follower engine a sees it in bound; b, not following, still serves its cached plan
    seenWithinBound(a, () -> outcome(a), v -> Secret.of("feed-token-two").equals(v));
    Credentials follower = engines(url, keys, 1).get(0);
    seenWithinBound(follower, () -> outcome(follower), v -> v instanceof Secret);
    assertThat(outcome(b)).isEqualTo(Secret.of("feed-token-one"));
  }

  @Test
  @DisplayName("PostgreSQL: pg_terminate_backend on the listener serves nothing stale and recovers")
  void terminatedListener() throws Exception {
    String url = TestDatabases.freshUrl(Kind.POSTGRESQL);
    CredentialKeys keys = CredentialKeys.generate();
    List<Credentials> es = engines(url, keys, 2);
    Credentials a = es.get(0);
    Credentials b = es.get(1);
    CredentialMetadata m = FeedEngines.bind(a, "feed-token-one");
    seenWithinBound(b, () -> outcome(b), v -> Secret.of("feed-token-one").equals(v));

    int killed = terminateListeners(url);
    assertThat(killed).as("both engines' listeners").isEqualTo(2);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (lossesOf(b) == 0) {
      assertThat(System.nanoTime()).as("b notices the loss").isLessThan(deadline);
      Thread.onSpinWait();
    }
    // whether b is still reconnecting or has just resumed, its next read must see this change
    m = setToken(a, m, "feed-token-two");
    assertThat(outcome(b)).isEqualTo(Secret.of("feed-token-two"));

    while (b.health().component("change-feed").orElseThrow().status() != EngineHealth.Status.UP) {
      assertThat(System.nanoTime()).as("b reconnects by itself").isLessThan(deadline);
      Thread.onSpinWait();
    }
    assertThat(outcome(b)).isEqualTo(Secret.of("feed-token-two"));
    // listening again: the next change arrives through the feed
    setToken(a, m, "feed-token-three");
    seenWithinBound(b, () -> outcome(b), v -> Secret.of("feed-token-three").equals(v));
    assertThat(b.health().component("change-feed").orElseThrow().details())
        .containsEntry("losses", "1");
  }

  static long lossesOf(Credentials e) {
    return Long.parseLong(
        e.health().component("change-feed").orElseThrow().details().get("losses"));
  }

  /** Terminates the listening connections of the URL's schema, as an operator or a failover. */
  static int terminateListeners(String url) throws Exception {
    try (Connection c = TestDatabases.connect(url);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    + " WHERE application_name = 'credentials-feed:' || 'credentials_changes.'"
                    + " || current_schema()")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
