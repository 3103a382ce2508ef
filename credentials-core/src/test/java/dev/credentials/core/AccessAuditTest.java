package dev.credentials.core;

import static dev.credentials.core.Fixture.ACME;
import static dev.credentials.core.Fixture.ADMIN;
import static dev.credentials.core.Fixture.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.BindingRequest;
import dev.credentials.Consumer;
import dev.credentials.CredentialId;
import dev.credentials.CredentialUpdate;
import dev.credentials.NewCredential;
import dev.credentials.PageRequest;
import dev.credentials.Secret;
import dev.credentials.StorageException;
import dev.credentials.audit.AuditAction;
import dev.credentials.audit.AuditEvent;
import dev.credentials.audit.AuditQuery;
import dev.credentials.spi.CredentialRepository;
import dev.credentials.spi.UnitOfWork;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Access events: batched journal and synchronous mode, their bounds and fail-closed behaviour. */
class AccessAuditTest {

  static final String CANARY = "canary-7f3e9a1b-access-audit";

  /** An in-memory repository whose writes can be made to fail or to wait. */
  static final class Switchable implements CredentialRepository {
    final InMemoryCredentialRepository delegate = new InMemoryCredentialRepository();
    volatile boolean failWrites;
    volatile CountDownLatch holdWrites;

    @Override
    public <T> T inTransaction(Function<UnitOfWork, T> work) {
      if (failWrites) {
        throw new StorageException("database unreachable (test)");
      }
      CountDownLatch hold = holdWrites;
      if (hold != null) {
        try {
          hold.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return delegate.inTransaction(work);
    }

    @Override
    public <T> T read(Function<UnitOfWork, T> work) {
      return delegate.read(work);
    }

    List<AuditEvent> events() {
      return delegate.read(
          uow -> uow.audit().events(ACME, AuditQuery.all(), PageRequest.first(500)).items());
    }

    List<AuditEvent> accessed() {
      return events().stream().filter(e -> e.action() == AuditAction.ACCESSED).toList();
    }
  }

  final Switchable repository = new Switchable();
  final Fixture.TestClock clock = Fixture.clock();
  final List<Credentials> opened = new ArrayList<>();
  CredentialId credential;

  Credentials engine(AccessAudit mode, dev.credentials.spi.AuditSink... sinks) {
    CredentialsBuilder b =
        Credentials.builder()
            .repository(repository)
            .keys(CredentialKeys.generate())
            .clock(clock)
            .discoverPrototypes(false)
            .slf4jReporter(false)
            .prototype(Fixture.api());
    if (mode != null) {
      b.accessAudit(mode);
    }
    for (var s : sinks) {
      b.auditSink(s);
    }
    Credentials engine = b.build();
    opened.add(engine);
    credential =
        engine
            .store()
            .create(
                ADMIN,
                NewCredential.builder("demo-api", "api")
                    .value("API_URL", "https://api.example.com")
                    .secret("API_TOKEN", Secret.of(CANARY))
                    .build())
            .id();
    engine.bindings().declare(ADMIN, Consumer.of("job", "demo-api"));
    engine.bindings().bind(ADMIN, BindingRequest.of("job", "demo-api", credential));
    return engine;
  }

  @AfterEach
  void closeAll() {
    repository.failWrites = false;
    repository.holdWrites = null;
    opened.forEach(Credentials::close);
  }

  static AccessAudit slow() {
    return AccessAudit.batched(Duration.ofSeconds(10), 500, 1000);
  }

  static void eventually(Runnable assertion) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try {
        assertion.run();
        return;
      } catch (AssertionError e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(5);
      }
    }
  }

  @Test
  void batchedIsTheDefault() {
    Credentials engine = engine(null);
    assertThat(engine.toString()).doesNotContain(CANARY);
    engine.resolver().resolve(SERVICE, "job");
    // the default writer writes within 100 ms; either way a query writes the journal first
    List<AuditEvent> events =
        engine.audit().query(ADMIN, AuditQuery.all(), PageRequest.first(100)).items();
    assertThat(events).extracting(AuditEvent::action).contains(AuditAction.ACCESSED);
  }

  @Test
  void aQueryWritesTheJournalFirstAndTheChainHolds() {
    Credentials engine = engine(slow());
    engine.resolver().resolve(SERVICE, "job");
    engine.resolver().byName(SERVICE, "api");
    engine.store().reveal(ADMIN, credential);
    assertThat(repository.accessed()).as("still journalled").isEmpty();

    List<AuditEvent> accessed =
        engine.audit().query(ADMIN, AuditQuery.all(), PageRequest.first(100)).items().stream()
            .filter(e -> e.action() == AuditAction.ACCESSED)
            .toList();
    assertThat(accessed)
        .extracting(e -> e.details().get("via"))
        .containsExactly("resolve", "name", "reveal");
    assertThat(accessed.get(0).details())
        .containsEntry("fields", "API_TOKEN,API_URL")
        .containsEntry("topic", "demo-api");
    assertThat(accessed.get(0).consumerId()).contains("job");
    assertThat(accessed).allSatisfy(e -> assertThat(e.credentialId()).contains(credential));
    assertThat(engine.audit().verify(ADMIN).intact()).isTrue();
    assertThat(repository.events().toString()).doesNotContain(CANARY);
  }

  @Test
  void theWriterWritesWithinMaxDelay() throws InterruptedException {
    Credentials engine = engine(AccessAudit.batched(Duration.ofMillis(20), 500, 1000));
    engine.resolver().resolve(SERVICE, "job");
    eventually(() -> assertThat(repository.accessed()).hasSize(1));
  }

  @Test
  void aFullBatchWakesTheWriterAtOnce() throws InterruptedException {
    Credentials engine = engine(AccessAudit.batched(Duration.ofSeconds(10), 3, 100));
    engine.resolver().resolve(SERVICE, "job");
    engine.resolver().resolve(SERVICE, "job");
    assertThat(repository.accessed()).isEmpty();
    engine.resolver().resolve(SERVICE, "job");
    eventually(() -> assertThat(repository.accessed()).hasSize(3));
  }

  @Test
  void anEventKeepsTheTimeOfItsAccess() {
    Credentials engine = engine(slow());
    Instant accessedAt = clock.instant();
    engine.resolver().resolve(SERVICE, "job");
    clock.advance(Duration.ofHours(1));
    engine.audit().query(ADMIN, AuditQuery.all(), PageRequest.first(100));
    assertThat(repository.accessed())
        .singleElement()
        .extracting(AuditEvent::time)
        .isEqualTo(accessedAt);
  }

  @Test
  void aChangeFollowsTheAccessesBeforeItInTheChain() {
    Credentials engine = engine(slow());
    engine.resolver().resolve(SERVICE, "job");
    engine.store().update(ADMIN, credential, CredentialUpdate.builder(1).description("x").build());
    List<AuditAction> actions = repository.events().stream().map(AuditEvent::action).toList();
    assertThat(actions)
        .containsSubsequence(AuditAction.BOUND, AuditAction.ACCESSED, AuditAction.UPDATED);
  }

  @Test
  void aFailedWriteWithholdsValuesUntilTheAuditLogRecovers() {
    Credentials engine = engine(slow());
    engine.resolver().resolve(SERVICE, "job");
    repository.failWrites = true;
    assertThatThrownBy(() -> engine.audit().query(ADMIN, AuditQuery.all(), PageRequest.first(9)))
        .isInstanceOf(StorageException.class);

    assertThatThrownBy(() -> engine.resolver().resolve(SERVICE, "job"))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("values withheld")
        .hasMessageNotContaining(CANARY);
    assertThatThrownBy(() -> engine.resolver().byName(SERVICE, "api"))
        .isInstanceOf(StorageException.class);

    repository.failWrites = false;
    engine.audit().query(ADMIN, AuditQuery.all(), PageRequest.first(9));
    assertThat(engine.resolver().resolve(SERVICE, "job").variables()).containsKey("API_TOKEN");
    engine.audit().query(ADMIN, AuditQuery.all(), PageRequest.first(9));
    // the event recorded before the failure was kept; the refused reads handed nothing out
    assertThat(repository.accessed()).hasSize(2);
    assertThat(engine.audit().verify(ADMIN).intact()).isTrue();
  }

  @Test
  void aFullJournalFailsClosed() throws Exception {
    Credentials engine = engine(AccessAudit.batched(Duration.ofSeconds(10), 2, 2));
    CountDownLatch hold = new CountDownLatch(1);
    repository.holdWrites = hold;
    engine.resolver().resolve(SERVICE, "job");
    engine.resolver().resolve(SERVICE, "job"); // a full batch: the writer starts and waits
    assertThatThrownBy(() -> engine.resolver().resolve(SERVICE, "job"))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("2 access events are waiting");
    hold.countDown();
    eventually(() -> assertThat(repository.accessed()).hasSize(2));
    repository.holdWrites = null;
    engine.resolver().resolve(SERVICE, "job");
  }

  @Test
  void aReaderWaitsForRoomWhileTheWriterCatchesUp() throws Exception {
    Credentials engine = engine(AccessAudit.batched(Duration.ofSeconds(10), 1, 1));
    CountDownLatch hold = new CountDownLatch(1);
    repository.holdWrites = hold;
    engine.resolver().resolve(SERVICE, "job"); // fills the journal; the writer waits on the hold
    ExecutorService reader = Executors.newSingleThreadExecutor();
    try {
      Future<?> waiting = reader.submit(() -> engine.resolver().resolve(SERVICE, "job"));
      Thread.sleep(200);
      assertThat(waiting).as("back pressure: the reader waits").isNotDone();
      hold.countDown();
      waiting.get(10, TimeUnit.SECONDS);
    } finally {
      reader.shutdownNow();
    }
    engine.audit().query(ADMIN, AuditQuery.all(), PageRequest.first(9));
    assertThat(repository.accessed()).hasSize(2);
  }

  static long writers() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("credentials-access-audit") && t.isAlive())
        .count();
  }

  @Test
  void theWriterThreadStartsWithTheFirstReadAndEndsWithClose() throws InterruptedException {
    long before = writers();
    Credentials engine = engine(slow());
    assertThat(writers()).as("no reads yet, no thread").isEqualTo(before);
    engine.resolver().resolve(SERVICE, "job");
    assertThat(writers()).isEqualTo(before + 1);
    engine.close();
    eventually(() -> assertThat(writers()).isEqualTo(before));
    assertThat(repository.accessed()).hasSize(1);
  }

  @Test
  void closeWritesTheJournal() {
    Credentials engine = engine(slow());
    engine.resolver().resolve(SERVICE, "job");
    engine.close();
    assertThat(repository.accessed()).hasSize(1);
    // after close, accesses are written at once
    engine.resolver().resolve(SERVICE, "job");
    assertThat(repository.accessed()).hasSize(2);
  }

  @Test
  void closeSaysHowManyEventsAreLost() {
    Credentials engine = engine(slow());
    engine.resolver().resolve(SERVICE, "job");
    engine.resolver().resolve(SERVICE, "job");
    repository.failWrites = true;
    assertThatThrownBy(engine::close)
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("2 access events could not be written");
  }

  @Test
  void synchronousModeWritesBeforeValuesLeave() {
    Credentials engine = engine(AccessAudit.synchronous());
    engine.resolver().resolve(SERVICE, "job");
    assertThat(repository.accessed()).hasSize(1);
    repository.failWrites = true;
    assertThatThrownBy(() -> engine.resolver().resolve(SERVICE, "job"))
        .isInstanceOf(StorageException.class)
        .hasMessageNotContaining(CANARY);
  }

  @Test
  void sinksReceiveJournalledEvents() {
    List<AuditEvent> received = new CopyOnWriteArrayList<>();
    Credentials engine = engine(slow(), received::add);
    engine.resolver().resolve(SERVICE, "job");
    assertThat(received).extracting(AuditEvent::action).doesNotContain(AuditAction.ACCESSED);
    engine.audit().verify(ADMIN);
    assertThat(received).extracting(AuditEvent::action).contains(AuditAction.ACCESSED);
  }

  @Test
  void concurrentReadsLoseNoEvent() throws Exception {
    Credentials engine = engine(AccessAudit.batched(Duration.ofMillis(2), 50, 100_000));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 300; i++) {
                    engine.resolver().resolve(SERVICE, "job");
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    long accessed = 0;
    PageRequest page = PageRequest.first(PageRequest.MAX_SIZE);
    while (true) {
      var items = engine.audit().query(ADMIN, AuditQuery.all(), page);
      accessed += items.items().stream().filter(e -> e.action() == AuditAction.ACCESSED).count();
      if (!items.hasNext()) {
        break;
      }
      page = page.next();
    }
    assertThat(accessed).isEqualTo(1200);
    assertThat(engine.audit().verify(ADMIN).intact()).isTrue();
  }

  @Test
  void boundsAreChecked() {
    assertThatThrownBy(() -> AccessAudit.batched(Duration.ZERO, 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxDelay");
    assertThatThrownBy(() -> AccessAudit.batched(Duration.ofMillis(5), 0, 1))
        .hasMessageContaining("maxBatch");
    assertThatThrownBy(() -> AccessAudit.batched(Duration.ofMillis(5), 10, 9))
        .hasMessageContaining("capacity");
    assertThat(AccessAudit.batched().toString()).contains("PT0.1S", "500", "100000");
    assertThat(AccessAudit.synchronous().isBatched()).isFalse();
    CredentialsBuilder b = Credentials.builder().accessAudit(AccessAudit.synchronous());
    assertThatThrownBy(() -> b.accessAudit(AccessAudit.batched()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("accessAudit");
  }
}
