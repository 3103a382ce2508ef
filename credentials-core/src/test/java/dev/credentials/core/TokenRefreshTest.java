package dev.credentials.core;

import static dev.credentials.core.Fixture.ADMIN;
import static dev.credentials.core.Fixture.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.BindingRequest;
import dev.credentials.Consumer;
import dev.credentials.CredentialMetadata;
import dev.credentials.CredentialState;
import dev.credentials.CredentialUpdate;
import dev.credentials.LaunchDecision;
import dev.credentials.NewCredential;
import dev.credentials.PageRequest;
import dev.credentials.ResolvedEnvironment;
import dev.credentials.Secret;
import dev.credentials.TokenRefreshException;
import dev.credentials.audit.AuditAction;
import dev.credentials.audit.AuditEvent;
import dev.credentials.audit.AuditQuery;
import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.FieldType;
import dev.credentials.prototype.OAuth2Fields;
import dev.credentials.prototype.Prototype;
import dev.credentials.spi.PrototypeProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** OAuth 2.0 token refresh against a token endpoint the test starts ({@link TokenServer}). */
class TokenRefreshTest {

  static Prototype prototype() {
    return Prototype.builder("test-oauth")
        .name("Test OAuth client")
        .field(FieldDefinition.builder("TOKEN_URL", FieldType.URL).required(true).build())
        .field(FieldDefinition.builder("CLIENT_ID", FieldType.STRING).required(true).build())
        .field(FieldDefinition.builder("CLIENT_SECRET", FieldType.PASSWORD).required(true).build())
        .field(FieldDefinition.builder("SCOPE", FieldType.STRING).build())
        .field(FieldDefinition.builder("ACCESS_TOKEN", FieldType.PASSWORD).build())
        .field(FieldDefinition.builder("REFRESH_TOKEN", FieldType.PASSWORD).build())
        .field(FieldDefinition.builder("EXPIRES_AT", FieldType.STRING).build())
        .build();
  }

  static final OAuth2Fields FIELDS =
      OAuth2Fields.builder(
              "${TOKEN_URL}", "CLIENT_ID", "CLIENT_SECRET", "ACCESS_TOKEN", "EXPIRES_AT")
          .refreshToken("REFRESH_TOKEN")
          .scope("SCOPE")
          .build();

  static final class Provider implements PrototypeProvider {
    private final OAuth2Fields fields;

    Provider() {
      this(FIELDS);
    }

    Provider(OAuth2Fields fields) {
      this.fields = fields;
    }

    @Override
    public List<Prototype> prototypes() {
      return List.of(prototype());
    }

    @Override
    public Optional<OAuth2Fields> oauth2(String prototypeCode) {
      return prototypeCode.equals("test-oauth") ? Optional.of(fields) : Optional.empty();
    }
  }

  private TokenServer server;
  private Fixture.TestClock clock;
  private Credentials engine;

  @BeforeEach
  void start() throws Exception {
    server = new TokenServer();
    clock = Fixture.clock();
    engine = engine(new Provider());
  }

  private Credentials engine(Provider provider) {
    return engine(provider, new InMemoryCredentialRepository(), CredentialKeys.generate());
  }

  private Credentials engine(
      Provider provider, InMemoryCredentialRepository repository, CredentialKeys keys) {
    Credentials engine =
        Credentials.builder()
            .repository(repository)
            .keys(keys)
            .clock(clock)
            .discoverPrototypes(false)
            .prototypeProvider(provider)
            .tokenRefresh(
                TokenRefreshPolicy.DEFAULT
                    .withoutBackgroundTask()
                    .withRequestTimeout(Duration.ofMillis(500)))
            .build();
    engine.bindings().declare(ADMIN, Consumer.of("job", "test-oauth"));
    return engine;
  }

  @AfterEach
  void stop() {
    engine.close();
    server.close();
  }

  private CredentialMetadata create(String accessToken, Instant expiresAt, String refreshToken) {
    NewCredential.Builder b =
        NewCredential.builder("test-oauth", "api")
            .value("TOKEN_URL", server.url())
            .value("CLIENT_ID", TokenServer.CLIENT_ID)
            .secret("CLIENT_SECRET", Secret.of(TokenServer.CLIENT_SECRET));
    if (accessToken != null) {
      b.secret("ACCESS_TOKEN", Secret.of(accessToken));
    }
    if (expiresAt != null) {
      b.value("EXPIRES_AT", expiresAt.toString());
    }
    if (refreshToken != null) {
      b.secret("REFRESH_TOKEN", Secret.of(refreshToken));
    }
    CredentialMetadata m = engine.store().create(ADMIN, b.build());
    engine.bindings().bind(ADMIN, BindingRequest.of("job", "test-oauth", m.id()));
    return m;
  }

  private String accessToken() {
    return engine.resolver().resolve(SERVICE, "job").get("ACCESS_TOKEN").orElseThrow().reveal();
  }

  private String stored(CredentialMetadata m, String field) {
    return engine.store().reveal(ADMIN, m.id()).values().get(field).reveal();
  }

  @Test
  @DisplayName("a credential without an access token gets one by the client-credentials grant")
  void clientCredentials() {
    CredentialMetadata m = create(null, null, null);
    String token = accessToken();
    assertThat(token).startsWith("AT-");
    assertThat(server.calls).hasValue(1);
    assertThat(server.requests.get(0)).containsEntry("grant_type", "client_credentials");
    assertThat(stored(m, "EXPIRES_AT")).isEqualTo(clock.instant().plusSeconds(3600).toString());
    assertThat(engine.store().get(ADMIN, m.id()).version()).isEqualTo(m.version() + 1);
    assertThat(accessToken()).isEqualTo(token);
    assertThat(server.calls).hasValue(1);
    List<AuditEvent> updates =
        engine
            .audit()
            .query(
                ADMIN,
                AuditQuery.all().withCredential(m.id()).withAction(AuditAction.UPDATED),
                PageRequest.first(10))
            .items();
    assertThat(updates).hasSize(1);
    assertThat(updates.get(0).principal()).contains("credentials-oauth2-refresh");
    assertThat(updates.get(0).details().get("fields")).isEqualTo("ACCESS_TOKEN,EXPIRES_AT");
  }

  @Test
  @DisplayName("the client authenticates by HTTP Basic, or in the form body when declared so")
  void clientAuthentication() {
    create(null, null, null);
    accessToken();
    assertThat(server.requests.get(0)).containsEntry("auth", "basic");
    engine.close();
    engine =
        engine(
            new Provider(
                OAuth2Fields.builder(
                        "${TOKEN_URL}", "CLIENT_ID", "CLIENT_SECRET", "ACCESS_TOKEN", "EXPIRES_AT")
                    .clientAuthentication(OAuth2Fields.ClientAuthentication.FORM)
                    .build()));
    create(null, null, null);
    accessToken();
    assertThat(server.requests.get(1)).containsEntry("auth", "form");
    assertThat(server.calls).hasValue(2);
  }

  @Test
  @DisplayName("a valid token is resolved without a call; a due one is refreshed in the background")
  void proactive() {
    Instant expiry = clock.instant().plus(Duration.ofHours(1));
    create("AT-old", expiry, null);
    assertThat(accessToken()).isEqualTo("AT-old");
    assertThat(engine.tokens().refreshDue()).isZero();
    clock.advance(Duration.ofMinutes(58)); // 2 minutes left: not yet within the 60 s lead
    assertThat(accessToken()).isEqualTo("AT-old");
    assertThat(engine.tokens().refreshDue()).isZero();
    clock.advance(Duration.ofSeconds(70)); // 50 s left: due
    assertThat(accessToken()).isEqualTo("AT-old"); // the resolve does not wait for a due token
    assertThat(server.calls).hasValue(0);
    assertThat(engine.tokens().refreshDue()).isEqualTo(1);
    assertThat(server.calls).hasValue(1);
    assertThat(accessToken()).startsWith("AT-").isNotEqualTo("AT-old");
    assertThat(engine.tokens().refreshDue()).isZero();
  }

  @Test
  @DisplayName("the engine's background task refreshes a due token without any resolve waiting")
  void backgroundTask() throws Exception {
    engine.close();
    engine =
        Credentials.builder()
            .repository(new InMemoryCredentialRepository())
            .keys(CredentialKeys.generate())
            .clock(clock)
            .discoverPrototypes(false)
            .prototypeProvider(new Provider())
            .tokenRefresh(
                new TokenRefreshPolicy(
                    Duration.ofSeconds(60), 10, Duration.ofMillis(20), Duration.ofSeconds(5)))
            .build();
    engine.bindings().declare(ADMIN, Consumer.of("job", "test-oauth"));
    create("AT-old", clock.instant().plusSeconds(30), null); // due: inside the 60 s lead
    assertThat(accessToken()).isEqualTo("AT-old"); // watched from this resolve on
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (server.calls.get() == 0 && System.nanoTime() < deadline) {
      LockSupport.parkNanos(1_000_000); // bounded poll for the background task's refresh
    }
    assertThat(server.calls).hasValue(1);
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    String token = accessToken();
    while (token.equals("AT-old") && System.nanoTime() < until) {
      LockSupport.parkNanos(1_000_000);
      token = accessToken(); // the update commits just after the endpoint answers
    }
    assertThat(token).startsWith("AT-").isNotEqualTo("AT-old");
  }

  @Test
  @DisplayName("a deleted credential is no longer watched")
  void deleted() {
    CredentialMetadata m = create("AT-old", clock.instant().plusSeconds(30), null);
    accessToken(); // watched, and due
    engine.store().delete(ADMIN, m.id());
    assertThat(engine.tokens().refreshDue()).isEqualTo(1); // finds it gone
    assertThat(engine.tokens().refreshDue()).isZero();
    assertThat(server.calls).hasValue(0);
  }

  @Test
  @DisplayName("a short-lived token is due at 10 % of its lifetime before expiry")
  void tenPercentOfLifetime() {
    server.expiresIn = 300;
    create(null, null, null);
    accessToken(); // obtains a token living 300 s
    assertThat(server.calls).hasValue(1);
    clock.advance(Duration.ofSeconds(265)); // 35 s left: outside 10 % (30 s), inside 60 s
    assertThat(engine.tokens().refreshDue()).isZero();
    clock.advance(Duration.ofSeconds(6)); // 29 s left
    assertThat(engine.tokens().refreshDue()).isEqualTo(1);
    assertThat(server.calls).hasValue(2);
  }

  @Test
  @DisplayName("an expired token is refreshed on the resolve, and the refresh token rotates")
  void rotation() {
    String first = server.refreshToken();
    CredentialMetadata m = create("AT-old", clock.instant().minusSeconds(1), first);
    String token = accessToken();
    assertThat(token).isNotEqualTo("AT-old");
    assertThat(server.requests.get(0))
        .containsEntry("grant_type", "refresh_token")
        .containsEntry("refresh_token", first);
    String second = stored(m, "REFRESH_TOKEN");
    assertThat(second).isNotEqualTo(first).isEqualTo(server.validRefreshToken);
    clock.advance(Duration.ofHours(2));
    accessToken();
    assertThat(server.requests.get(1)).containsEntry("refresh_token", second);
    assertThat(stored(m, "REFRESH_TOKEN")).isNotEqualTo(second);
    assertThat(server.calls).hasValue(2);
  }

  @Test
  @DisplayName("a revoked grant makes the credential MISCONFIGURED: launches block, no retry")
  void revokedGrant() {
    server.refreshToken();
    CredentialMetadata m = create("AT-old", clock.instant().minusSeconds(1), "RT-revoked");
    assertThatThrownBy(this::accessToken)
        .isInstanceOfSatisfying(
            TokenRefreshException.class,
            e -> assertThat(e.state()).isEqualTo(CredentialState.MISCONFIGURED))
        .hasMessageContaining("invalid_grant")
        .hasMessageContaining("authorise the credential again");
    LaunchDecision d = engine.launchGate().prepare(SERVICE, "job");
    assertThat(d.outcome()).isEqualTo(LaunchDecision.Outcome.BLOCK);
    assertThat(String.join(" ", d.reasons())).contains("authorise");
    assertThat(engine.tokens().refreshDue()).isZero();
    assertThat(server.calls).hasValue(1); // recorded: neither launch nor background calls again
    List<AuditEvent> checked =
        engine
            .audit()
            .query(
                ADMIN,
                AuditQuery.all().withCredential(m.id()).withAction(AuditAction.CHECKED),
                PageRequest.first(10))
            .items();
    assertThat(checked).hasSize(1);
    assertThat(checked.get(0).details()).containsEntry("state", "MISCONFIGURED");

    // the administrator authorises again: the new version is refreshed
    engine
        .store()
        .update(
            ADMIN,
            m.id(),
            CredentialUpdate.builder(m.version())
                .secret("REFRESH_TOKEN", Secret.of(server.refreshToken()))
                .build());
    assertThat(engine.launchGate().prepare(SERVICE, "job").outcome())
        .isEqualTo(LaunchDecision.Outcome.RUN);
    assertThat(server.calls).hasValue(2);
  }

  @Test
  @DisplayName("invalid_client makes the credential MISCONFIGURED")
  void invalidClient() {
    server.mode = TokenServer.Mode.INVALID_CLIENT;
    create(null, null, null);
    assertThatThrownBy(this::accessToken)
        .isInstanceOfSatisfying(
            TokenRefreshException.class,
            e -> assertThat(e.state()).isEqualTo(CredentialState.MISCONFIGURED))
        .hasMessageContaining("invalid_client");
  }

  @Test
  @DisplayName("a failing endpoint (5xx) makes the credential UNAVAILABLE: launches defer")
  void failingEndpoint() {
    server.mode = TokenServer.Mode.FAIL_500;
    create("AT-old", clock.instant().minusSeconds(1), null);
    LaunchDecision d = engine.launchGate().prepare(SERVICE, "job");
    assertThat(d.outcome()).isEqualTo(LaunchDecision.Outcome.DEFER);
    assertThatThrownBy(this::accessToken)
        .isInstanceOfSatisfying(
            TokenRefreshException.class,
            e -> assertThat(e.state()).isEqualTo(CredentialState.UNAVAILABLE))
        .hasMessageContaining("HTTP 503");
    assertThat(server.calls).hasValue(1); // retried only after RETRY_AFTER
    server.mode = TokenServer.Mode.NORMAL;
    clock.advance(Duration.ofSeconds(31));
    assertThat(accessToken()).startsWith("AT-").isNotEqualTo("AT-old");
    assertThat(engine.launchGate().prepare(SERVICE, "job").outcome())
        .isEqualTo(LaunchDecision.Outcome.RUN);
  }

  @Test
  @DisplayName("a slow endpoint times out into UNAVAILABLE")
  void slowEndpoint() {
    server.delay = Duration.ofSeconds(2);
    create(null, null, null);
    long started = System.nanoTime();
    assertThatThrownBy(this::accessToken)
        .isInstanceOfSatisfying(
            TokenRefreshException.class,
            e -> assertThat(e.state()).isEqualTo(CredentialState.UNAVAILABLE))
        .hasMessageContaining("did not answer in time");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  @DisplayName("two engines on one repository resolving an expired token: one call to the endpoint")
  void twoEngines() throws Exception {
    server.delay = Duration.ofMillis(300);
    InMemoryCredentialRepository shared = new InMemoryCredentialRepository();
    CredentialKeys keys = CredentialKeys.generate();
    engine.close();
    engine = engine(new Provider(), shared, keys);
    create("AT-old", clock.instant().minusSeconds(1), null);
    try (Credentials other = engine(new Provider(), shared, keys)) {
      List<Credentials> engines = List.of(engine, other);
      int n = 20;
      ExecutorService pool = Executors.newFixedThreadPool(n);
      try {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          Credentials on = engines.get(i % 2);
          Callable<String> task =
              () -> {
                go.await();
                return on.resolver()
                    .resolve(SERVICE, "job")
                    .get("ACCESS_TOKEN")
                    .orElseThrow()
                    .reveal();
              };
          results.add(pool.submit(task));
        }
        go.countDown();
        List<String> tokens = new ArrayList<>();
        for (Future<String> f : results) {
          tokens.add(f.get(30, TimeUnit.SECONDS));
        }
        assertThat(server.calls).hasValue(1);
        assertThat(tokens).hasSize(n).doesNotContain("AT-old");
        assertThat(tokens.stream().distinct().count()).isEqualTo(1);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  @DisplayName("50 concurrent resolves of an expired token: exactly one call to the endpoint")
  void fiftyConcurrentResolves() throws Exception {
    server.delay = Duration.ofMillis(200);
    create("AT-old", clock.instant().minusSeconds(1), null);
    int n = 50;
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Callable<String> task =
            () -> {
              go.await();
              return accessToken();
            };
        results.add(pool.submit(task));
      }
      go.countDown();
      List<String> tokens = new ArrayList<>();
      for (Future<String> f : results) {
        tokens.add(f.get(30, TimeUnit.SECONDS));
      }
      assertThat(server.calls).hasValue(1);
      assertThat(tokens).hasSize(n).doesNotContain("AT-old");
      assertThat(tokens.stream().distinct().count()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName("after a 401 the host asks for a new token; a stale rejection calls nothing")
  void afterRejection() {
    CredentialMetadata m = create("AT-revoked", clock.instant().plusSeconds(3600), null);
    CredentialMetadata next = engine.tokens().refreshAfterRejection(SERVICE, m.id(), m.version());
    assertThat(next.version()).isEqualTo(m.version() + 1);
    assertThat(server.calls).hasValue(1);
    assertThat(accessToken()).isNotEqualTo("AT-revoked");
    engine.tokens().refreshAfterRejection(SERVICE, m.id(), m.version()); // another host, late
    assertThat(server.calls).hasValue(1);
  }

  @Test
  @DisplayName("tokens and the client secret never reach logs, messages, audit or toString")
  void canary() {
    PrintStream originalErr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    List<String> texts = new ArrayList<>();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      CredentialMetadata m =
          create("AT-old-" + TokenServer.CANARY, clock.instant().minusSeconds(1), null);
      ResolvedEnvironment env = engine.resolver().resolve(SERVICE, "job");
      texts.add(env.toString());
      texts.add(env.masked().toString());
      texts.add(engine.store().get(ADMIN, m.id()).toString());
      clock.advance(Duration.ofHours(2));
      engine.tokens().refreshDue();
      server.mode = TokenServer.Mode.INVALID_GRANT; // its description holds the canary
      clock.advance(Duration.ofHours(2));
      try {
        accessToken();
      } catch (TokenRefreshException e) {
        texts.add(e.getMessage());
        texts.add(e.toString());
      }
      texts.add(engine.launchGate().prepare(SERVICE, "job").toString());
      for (AuditEvent e :
          engine.audit().query(ADMIN, AuditQuery.all(), PageRequest.first(1000)).items()) {
        texts.add(e.toString());
        texts.add(e.details().toString());
      }
    } finally {
      System.setErr(originalErr);
    }
    texts.add(captured.toString(StandardCharsets.UTF_8));
    assertThat(server.calls.get()).isGreaterThanOrEqualTo(2);
    assertThat(String.join("\n", texts))
        .contains("refreshed the access token")
        .doesNotContain(TokenServer.CANARY);
  }
}
