package dev.credentials.benchmarks;

import com.sun.net.httpserver.HttpServer;
import dev.credentials.BindingRequest;
import dev.credentials.Caller;
import dev.credentials.Consumer;
import dev.credentials.CredentialId;
import dev.credentials.NewCredential;
import dev.credentials.PageRequest;
import dev.credentials.Principal;
import dev.credentials.ResolvedEnvironment;
import dev.credentials.Secret;
import dev.credentials.TenantId;
import dev.credentials.audit.AuditQuery;
import dev.credentials.core.CredentialKeys;
import dev.credentials.core.Credentials;
import dev.credentials.core.TokenRefreshPolicy;
import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.FieldType;
import dev.credentials.prototype.OAuth2Fields;
import dev.credentials.prototype.Prototype;
import dev.credentials.spi.PrototypeProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A warm resolve of one OAuth 2.0 credential while its token is refreshed in the background,
 * against the same resolve with no refresh, in the same run.
 *
 * <p>{@code refresh=none}: the token is valid for an hour; nothing refreshes. {@code
 * refresh=running}: the token is due (inside the 60 s lead before its expiry, which the resolve
 * does not wait for), and a background thread refreshes it one refresh after another — a token
 * request to a local endpoint that answers after 5 ms, the sealed update with its audit event, and
 * the plan reload every new version causes. That is far more refresh work than a real deployment
 * has (one refresh per token lifetime), so the ratio is an upper bound. {@code refresh=plain}: a
 * credential of a prototype without OAuth 2.0 fields, the floor the refresh hook adds to.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx3g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TokenRefreshBenchmark {

  static final TenantId TENANT = TenantId.of("bench");
  static final Caller ADMIN = Caller.of(TENANT, Principal.admin("bench-admin", TENANT));
  static final Caller SCHEDULER = Caller.of(TENANT, Principal.service("bench-scheduler", TENANT));
  static final CredentialId NO_SUCH_CREDENTIAL = CredentialId.random();
  static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

  /** One engine with one bound credential; {@code refresh} is set by the subclass. */
  public abstract static class Engine {
    final String refresh;
    private HttpServer server;
    Credentials credentials;
    private Thread refresher;
    private volatile boolean stop;
    private final AtomicInteger refreshes = new AtomicInteger();

    Engine(String refresh) {
      this.refresh = refresh;
    }

    static Prototype prototype(String code) {
      return Prototype.builder(code)
          .name(code)
          .field(FieldDefinition.builder("TOKEN_URL", FieldType.URL).required(true).build())
          .field(FieldDefinition.builder("CLIENT_ID", FieldType.STRING).required(true).build())
          .field(
              FieldDefinition.builder("CLIENT_SECRET", FieldType.PASSWORD).required(true).build())
          .field(FieldDefinition.builder("ACCESS_TOKEN", FieldType.PASSWORD).build())
          .field(FieldDefinition.builder("EXPIRES_AT", FieldType.STRING).build())
          .build();
    }

    /** Declares the OAuth 2.0 fields of {@code bench-oauth}; {@code bench-plain} has none. */
    static final class Provider implements PrototypeProvider {
      @Override
      public List<Prototype> prototypes() {
        return List.of(prototype("bench-oauth"), prototype("bench-plain"));
      }

      @Override
      public Optional<OAuth2Fields> oauth2(String code) {
        return code.equals("bench-oauth")
            ? Optional.of(
                OAuth2Fields.builder(
                        "${TOKEN_URL}", "CLIENT_ID", "CLIENT_SECRET", "ACCESS_TOKEN", "EXPIRES_AT")
                    .build())
            : Optional.empty();
      }
    }

    @Setup
    public void setUp() throws IOException {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.setExecutor(Executors.newCachedThreadPool());
      AtomicInteger issued = new AtomicInteger();
      server.createContext(
          "/token",
          ex -> {
            try (ex) {
              ex.getRequestBody().readAllBytes();
              try {
                Thread.sleep(5); // the endpoint's latency
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              // 90 s: with the clock standing still the token stays inside the 60 s lead (due)
              byte[] body =
                  ("{\"access_token\":\"at-"
                          + issued.incrementAndGet()
                          + "-xxxxxxxxxxxxxxxxxxxxxxxxxxxx\",\"token_type\":\"Bearer\","
                          + "\"expires_in\":90}")
                      .getBytes(StandardCharsets.UTF_8);
              ex.getResponseHeaders().set("Content-Type", "application/json");
              ex.sendResponseHeaders(200, body.length);
              try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
              }
            }
          });
      server.start();
      credentials =
          Credentials.builder()
              .repository(new HeadOnlyAudit())
              .keys(CredentialKeys.generate())
              .clock(Clock.fixed(NOW, ZoneOffset.UTC))
              .discoverPrototypes(false)
              .slf4jReporter(false)
              .prototypeProvider(new Provider())
              .tokenRefresh(TokenRefreshPolicy.DEFAULT.withoutBackgroundTask())
              .build();
      String code = refresh.equals("plain") ? "bench-plain" : "bench-oauth";
      Instant expiry = refresh.equals("running") ? NOW.plusSeconds(30) : NOW.plusSeconds(3600);
      credentials.bindings().declare(ADMIN, Consumer.of("sync", code));
      CredentialId id =
          credentials
              .store()
              .create(
                  ADMIN,
                  NewCredential.builder(code, "api")
                      .value(
                          "TOKEN_URL",
                          "http://127.0.0.1:" + server.getAddress().getPort() + "/token")
                      .value("CLIENT_ID", "client-1")
                      .secret("CLIENT_SECRET", Secret.of("client-secret-xxxxxxxxxxxxxxxx"))
                      .secret("ACCESS_TOKEN", Secret.of("at-0-xxxxxxxxxxxxxxxxxxxxxxxxxxxx"))
                      .value("EXPIRES_AT", expiry.toString())
                      .build())
              .id();
      credentials.bindings().bind(ADMIN, BindingRequest.of("sync", code, id));
      resolve(); // warm: the plan is cached
      if (refresh.equals("running")) {
        refresher =
            new Thread(
                () -> {
                  while (!stop) {
                    long version = credentials.store().get(ADMIN, id).version();
                    credentials.tokens().refreshAfterRejection(SCHEDULER, id, version);
                    refreshes.incrementAndGet();
                  }
                },
                "bench-refresher");
        refresher.setDaemon(true);
        refresher.start();
      }
    }

    /** Writes the journal out between iterations, unmeasured. */
    @TearDown(Level.Iteration)
    public void writeJournal() {
      credentials
          .audit()
          .query(ADMIN, AuditQuery.all().withCredential(NO_SUCH_CREDENTIAL), PageRequest.first(1));
    }

    @TearDown
    public void tearDown() throws InterruptedException {
      stop = true;
      if (refresher != null) {
        refresher.join(10_000);
        System.out.println("refreshes during the run: " + refreshes.get());
      }
      credentials.close();
      server.stop(0);
    }

    ResolvedEnvironment resolve() {
      return credentials.resolver().resolve(SCHEDULER, "sync");
    }
  }

  /** The token is valid for an hour; nothing refreshes. */
  @State(Scope.Benchmark)
  public static class Idle extends Engine {
    /** Creates the state. */
    public Idle() {
      super("none");
    }
  }

  /** The token is due and refreshed one refresh after another in the background. */
  @State(Scope.Benchmark)
  public static class Refreshing extends Engine {
    /** Creates the state. */
    public Refreshing() {
      super("running");
    }
  }

  /** A credential of a prototype without OAuth 2.0 fields. */
  @State(Scope.Benchmark)
  public static class Plain extends Engine {
    /** Creates the state. */
    public Plain() {
      super("plain");
    }
  }

  /**
   * A warm resolve, nothing refreshing.
   *
   * @param e the engine
   * @return the environment
   */
  @Benchmark
  public ResolvedEnvironment resolveIdle(Idle e) {
    return e.resolve();
  }

  /**
   * A warm resolve while the token is due and refreshed in the background.
   *
   * @param e the engine
   * @return the environment
   */
  @Benchmark
  public ResolvedEnvironment resolveWhileRefreshing(Refreshing e) {
    return e.resolve();
  }

  /**
   * A warm resolve of a credential without OAuth 2.0 fields.
   *
   * @param e the engine
   * @return the environment
   */
  @Benchmark
  public ResolvedEnvironment resolvePlain(Plain e) {
    return e.resolve();
  }
}
