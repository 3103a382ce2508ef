package dev.credentials.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.credentials.BindingRequest;
import dev.credentials.Caller;
import dev.credentials.Consumer;
import dev.credentials.CredentialMetadata;
import dev.credentials.CredentialState;
import dev.credentials.LaunchDecision;
import dev.credentials.LaunchDecision.Outcome;
import dev.credentials.NewCredential;
import dev.credentials.Principal;
import dev.credentials.Secret;
import dev.credentials.TenantId;
import dev.credentials.core.CredentialKeys;
import dev.credentials.core.Credentials;
import dev.credentials.core.DeferralPolicy;
import dev.credentials.core.InMemoryCredentialRepository;
import dev.credentials.jdbc.TestDatabases.Kind;
import dev.credentials.spi.CredentialRepository;
import dev.credentials.testkit.MutableClock;
import dev.credentials.testkit.SamplePrototypes;
import dev.credentials.testkit.ScriptedCheck;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Several engines, each with its own repository and connection pool, on one database: one live
 * check per credential across them, and deferral counts that add up across them. The engines share
 * one {@link MutableClock}, so TTLs and lease expiries move only when the test says; the check is a
 * {@link ScriptedCheck} shared by the engines, which counts every probe.
 */
@DisplayName("Many engines on one database: launch state")
class ManyEnginesLaunchTest {

  /** Where the engines keep their state. */
  enum Backend {
    IN_MEMORY,
    H2,
    POSTGRESQL,
    MARIADB
  }

  private static final TenantId TENANT = TenantId.of("many-engines");
  private static final Caller ADMIN = Caller.of(TENANT, Principal.admin("ops", TENANT));
  private static final Duration TTL = Duration.ofMinutes(5);

  private final List<AutoCloseable> open = new ArrayList<>();
  private final MutableClock clock = MutableClock.atDefaultStart();
  private final CredentialKeys keys = CredentialKeys.generate();

  @AfterEach
  void closeEngines() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  /** One repository per engine, each its own pool, all on one fresh database. */
  private Supplier<CredentialRepository> database(Backend backend) {
    if (backend == Backend.IN_MEMORY) {
      InMemoryCredentialRepository shared = new InMemoryCredentialRepository();
      return () -> shared;
    }
    Kind kind = Kind.valueOf(backend.name());
    String url = TestDatabases.freshUrl(kind);
    return () -> {
      JdbcCredentialRepository r =
          JdbcCredentialRepository.builder().url(url).maximumPoolSize(3).build();
      open.add(r);
      return r;
    };
  }

  private List<Credentials> engines(
      int count,
      Supplier<CredentialRepository> database,
      ScriptedCheck check,
      Duration checkTimeout,
      DeferralPolicy deferrals) {
    List<Credentials> engines = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Credentials engine =
          Credentials.builder()
              .repository(database.get())
              .keys(keys)
              .clock(clock)
              .prototype(SamplePrototypes.demoApi(), check)
              .checkTimeout(checkTimeout)
              .deferrals(deferrals)
              .build();
      open.add(engine);
      engines.add(engine);
    }
    return engines;
  }

  private CredentialMetadata bind(Credentials engine) {
    CredentialMetadata m =
        engine
            .store()
            .create(
                ADMIN,
                NewCredential.builder(SamplePrototypes.DEMO_API, "partner-api")
                    .value("API_URL", "https://partner.example.com")
                    .secret("API_TOKEN", Secret.of("many-engines-canary-token"))
                    .build());
    engine.bindings().declare(ADMIN, Consumer.of("nightly-import", SamplePrototypes.DEMO_API));
    engine
        .bindings()
        .bind(ADMIN, BindingRequest.of("nightly-import", SamplePrototypes.DEMO_API, m.id()));
    // A logged result is reused only when taken after the credential's last change: on a clock
    // that stands still, a check at the instant of the change would never be shared.
    clock.advance(Duration.ofMillis(1));
    return m;
  }

  /** Every engine launches the consumer at once; the decisions in engine order. */
  private static List<LaunchDecision> launchTogether(List<Credentials> engines) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(engines.size());
    try {
      CyclicBarrier start = new CyclicBarrier(engines.size());
      List<Future<LaunchDecision>> futures = new ArrayList<>();
      for (Credentials engine : engines) {
        futures.add(
            pool.submit(
                () -> {
                  start.await(30, TimeUnit.SECONDS);
                  return engine.launchGate().prepare(ADMIN, "nightly-import");
                }));
      }
      List<LaunchDecision> decisions = new ArrayList<>();
      for (Future<LaunchDecision> f : futures) {
        decisions.add(f.get(60, TimeUnit.SECONDS));
      }
      return decisions;
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  @DisplayName("5 engines launching the same consumer within one TTL run its check once")
  void fiveEnginesCheckOnce(Backend backend) throws Exception {
    ScriptedCheck check =
        ScriptedCheck.script()
            .thenSlowly(Duration.ofMillis(300), CredentialState.AVAILABLE, "reachable", TTL)
            .thenRepeatLast();
    List<Credentials> engines =
        engines(5, database(backend), check, Duration.ofSeconds(10), DeferralPolicy.defaults());
    bind(engines.get(0));

    assertThat(launchTogether(engines))
        .extracting(LaunchDecision::outcome)
        .containsOnly(Outcome.RUN);
    assertThat(check.calls()).as("one probe for five engines launching at once").isEqualTo(1);
    assertThat(check.maxConcurrentCalls()).isEqualTo(1);

    clock.advance(TTL.minusSeconds(1));
    assertThat(launchTogether(engines))
        .extracting(LaunchDecision::outcome)
        .containsOnly(Outcome.RUN);
    assertThat(check.calls()).as("the result is reused until its TTL ends").isEqualTo(1);

    clock.advance(Duration.ofSeconds(2));
    assertThat(launchTogether(engines))
        .extracting(LaunchDecision::outcome)
        .containsOnly(Outcome.RUN);
    assertThat(check.calls()).as("once the TTL ended, one probe again").isEqualTo(2);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  @DisplayName(
      "an engine that dies holding a credential's check lease blocks the others no longer than the lease")
  void deadOwnerBlocksOnlyUntilTheLeaseExpires(Backend backend) throws Exception {
    ScriptedCheck check =
        ScriptedCheck.script().then(CredentialState.AVAILABLE, "reachable", TTL).thenRepeatLast();
    Supplier<CredentialRepository> database = database(backend);
    List<Credentials> engines =
        engines(1, database, check, Duration.ofMillis(400), DeferralPolicy.defaults());
    Credentials engine = engines.get(0);
    CredentialMetadata m = bind(engine);
    // The dead engine took the lease the way engines do, for the timeout plus a grace, and died.
    Instant leaseEnd = clock.instant().plusMillis(1_400);
    CredentialRepository repository = database.get();
    assertThat(
            (boolean)
                repository.inTransaction(
                    u ->
                        u.leases()
                            .tryAcquire(
                                TENANT,
                                "check:" + m.id().value(),
                                "dead-engine",
                                clock.instant(),
                                leaseEnd)))
        .isTrue();

    long started = System.nanoTime();
    LaunchDecision waiting = engine.launchGate().prepare(ADMIN, "nightly-import");
    Duration waited = Duration.ofNanos(System.nanoTime() - started);
    assertThat(check.calls()).as("no probe while another engine holds the lease").isZero();
    assertThat(waiting.outcome()).isEqualTo(Outcome.DEFER);
    assertThat(waiting.reasons()).anySatisfy(r -> assertThat(r).contains("another engine"));
    assertThat(waited).as("the wait is bounded by the lease").isLessThan(Duration.ofSeconds(5));

    clock.advance(Duration.ofMillis(1_400));
    assertThat(engine.launchGate().prepare(ADMIN, "nightly-import").outcome())
        .isEqualTo(Outcome.RUN);
    assertThat(check.calls()).as("the lease expired: this engine took it over").isEqualTo(1);
    assertThat(
            repository.<java.util.Optional<dev.credentials.spi.Lease>>read(
                u -> u.leases().holder(TENANT, "check:" + m.id().value(), clock.instant())))
        .as("released after the check")
        .isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  @DisplayName(
      "a waiting engine takes the lease over as soon as it expires, long before its own bound")
  void waiterTakesOverOnExpiry(Backend backend) throws Exception {
    ScriptedCheck check =
        ScriptedCheck.script().then(CredentialState.AVAILABLE, "reachable", TTL).thenRepeatLast();
    Supplier<CredentialRepository> database = database(backend);
    List<Credentials> engines =
        engines(1, database, check, Duration.ofSeconds(30), DeferralPolicy.defaults());
    Credentials engine = engines.get(0);
    CredentialMetadata m = bind(engine);
    CredentialRepository repository = database.get();
    repository.inTransaction(
        u ->
            u.leases()
                .tryAcquire(
                    TENANT,
                    "check:" + m.id().value(),
                    "dead-engine",
                    clock.instant(),
                    clock.instant().plusSeconds(31)));

    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      long started = System.nanoTime();
      Future<LaunchDecision> launch =
          pool.submit(() -> engine.launchGate().prepare(ADMIN, "nightly-import"));
      clock.advance(Duration.ofSeconds(31));
      assertThat(launch.get(20, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.RUN);
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .as("well within the 31 s this engine would wait for a live holder")
          .isLessThan(Duration.ofSeconds(10));
      assertThat(check.calls()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  @DisplayName(
      "deferrals count across engines: the limit reached across them blocks, and a RUN on any resets it")
  void deferralsAddUpAcrossEngines(Backend backend) throws Exception {
    ScriptedCheck check =
        ScriptedCheck.script()
            .then(CredentialState.UNAVAILABLE, "connection refused", Duration.ofMinutes(1))
            .then(CredentialState.AVAILABLE, "reachable", Duration.ofMinutes(1))
            .then(CredentialState.UNAVAILABLE, "connection refused", Duration.ofMinutes(1))
            .thenRepeatLast();
    DeferralPolicy policy = new DeferralPolicy(Duration.ofMinutes(15), 4, Duration.ofHours(6));
    List<Credentials> engines =
        engines(5, database(backend), check, Duration.ofSeconds(10), policy);
    bind(engines.get(0));

    for (int i = 0; i < 4; i++) {
      LaunchDecision d = engines.get(i).launchGate().prepare(ADMIN, "nightly-import");
      assertThat(d.outcome()).as("launch on engine " + i).isEqualTo(Outcome.DEFER);
      assertThat(d.deferrals()).as("count after engine " + i).isEqualTo(i + 1);
    }
    assertThat(check.calls()).as("one probe, its result shared").isEqualTo(1);
    LaunchDecision fifth = engines.get(4).launchGate().prepare(ADMIN, "nightly-import");
    assertThat(fifth.outcome())
        .as("the fifth deferral across engines passes the limit of 4")
        .isEqualTo(Outcome.BLOCK);
    assertThat(fifth.reasons().get(0)).contains("deferred 4 times");

    LaunchDecision again = engines.get(0).launchGate().prepare(ADMIN, "nightly-import");
    assertThat(again.outcome()).isEqualTo(Outcome.DEFER);
    assertThat(again.deferrals()).as("a block ends the count on every engine").isEqualTo(1);
    assertThat(engines.get(1).launchGate().prepare(ADMIN, "nightly-import").deferrals())
        .isEqualTo(2);

    clock.advance(Duration.ofSeconds(61));
    assertThat(engines.get(2).launchGate().prepare(ADMIN, "nightly-import").outcome())
        .isEqualTo(Outcome.RUN);
    clock.advance(Duration.ofSeconds(61));
    LaunchDecision afterRun = engines.get(3).launchGate().prepare(ADMIN, "nightly-import");
    assertThat(afterRun.outcome()).isEqualTo(Outcome.DEFER);
    assertThat(afterRun.deferrals()).as("a RUN on another engine reset the count").isEqualTo(1);
    assertThat(check.calls()).isEqualTo(3);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  @DisplayName(
      "a launch whose checks this engine holds fresh reads no check log, lease or deferral row")
  void warmLaunchStaysOffTheSharedState(Kind kind) throws Exception {
    ScriptedCheck check =
        ScriptedCheck.script().then(CredentialState.AVAILABLE, "reachable", TTL).thenRepeatLast();
    CountingDataSource counting =
        new CountingDataSource(CreateRoundTripsTest.fromUrl(TestDatabases.freshUrl(kind)));
    JdbcCredentialRepository repository =
        JdbcCredentialRepository.builder().dataSource(counting.dataSource()).build();
    open.add(repository);
    List<Credentials> engines =
        engines(1, () -> repository, check, Duration.ofSeconds(10), DeferralPolicy.defaults());
    Credentials engine = engines.get(0);
    bind(engine);
    assertThat(engine.launchGate().prepare(ADMIN, "nightly-import").outcome())
        .isEqualTo(Outcome.RUN);
    assertThat(counting.all())
        .as("the cold launch looked for a logged result, took the lease, cleared deferrals")
        .anySatisfy(sql -> assertThat(sql).contains("check_results"))
        .anySatisfy(sql -> assertThat(sql).contains("leases"))
        .anySatisfy(sql -> assertThat(sql).contains("launch_deferrals"));

    counting.clear();
    for (int i = 0; i < 20; i++) {
      clock.advance(Duration.ofSeconds(1));
      assertThat(engine.launchGate().prepare(ADMIN, "nightly-import").outcome())
          .isEqualTo(Outcome.RUN);
    }
    assertThat(counting.all())
        .noneSatisfy(
            sql -> assertThat(sql).containsAnyOf("check_results", "leases", "launch_deferrals"));
    assertThat(check.calls()).isEqualTo(1);
  }
}
