package dev.credentials.jdbc;

import static dev.credentials.jdbc.Fixtures.ACME;
import static dev.credentials.jdbc.Fixtures.GLOBEX;
import static dev.credentials.jdbc.Fixtures.binding;
import static dev.credentials.jdbc.Fixtures.cred;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.AuditChainBrokenException;
import dev.credentials.Caller;
import dev.credentials.CredentialId;
import dev.credentials.CredentialNotFoundException;
import dev.credentials.DuplicateCredentialException;
import dev.credentials.ErrorCode;
import dev.credentials.NewCredential;
import dev.credentials.PageRequest;
import dev.credentials.Principal;
import dev.credentials.StorageException;
import dev.credentials.TenantId;
import dev.credentials.audit.AuditAction;
import dev.credentials.audit.AuditEvent;
import dev.credentials.audit.AuditQuery;
import dev.credentials.audit.ChainVerification;
import dev.credentials.core.CredentialKeys;
import dev.credentials.core.Credentials;
import dev.credentials.jdbc.TestDatabases.Kind;
import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.FieldType;
import dev.credentials.prototype.Prototype;
import dev.credentials.spi.CredentialRepository;
import dev.credentials.spi.StoredCredential;
import dev.credentials.spi.UnitOfWork;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What only a database can get wrong, for one kind of database: schema and dialect, driver errors,
 * IN-list limits, deadlock retries, lock waits and statement batching. Everything else a repository
 * must do is the testkit's {@code RepositoryCompatibilityKit}, which each database runs once.
 */
abstract class JdbcRepositoryContract {

  protected CredentialRepository repository;

  @BeforeEach
  void open() {
    repository = newRepository();
  }

  @AfterEach
  void closeRepository() {
    if (repository != null) {
      repository.close();
    }
  }

  /**
   * @return the database under test
   */
  abstract Kind kind();

  /**
   * @return a fresh, empty repository of {@link #kind()}
   */
  protected CredentialRepository newRepository() {
    return TestDatabases.freshRepository(kind());
  }

  JdbcCredentialRepository jdbc() {
    return (JdbcCredentialRepository) repository;
  }

  @Test
  @DisplayName("the schema is migrated to the newest version and the dialect is detected")
  void migratedAndDetected() {
    assertThat(jdbc().schemaVersion()).isEqualTo(7); // the newest migration
    assertThat(jdbc().dialect().name()).isEqualTo(kind().name());
  }

  @Test
  @DisplayName("a storage failure is a StorageException that names no value")
  void storageFailureHidesValues() {
    String marker = "SECRETMARKER";
    String longName = marker + "x".repeat(400);
    Throwable thrown =
        org.assertj.core.api.Assertions.catchThrowable(
            () ->
                repository.inTransaction(
                    u -> {
                      u.credentials().insert(cred(longName).build());
                      return null;
                    }));
    assertThat(thrown).isInstanceOf(StorageException.class).hasMessageContaining("SQLState");
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage())).doesNotContain(marker);
      for (Throwable s : t.getSuppressed()) {
        assertThat(String.valueOf(s.getMessage())).doesNotContain(marker);
      }
    }
    assertThat(
            repository.read(
                (UnitOfWork u) -> u.credentials().findByName(ACME, longName, "production")))
        .isEmpty();
  }

  @Test
  @DisplayName(
      "a name or environment with an unpaired surrogate finds nothing, not the row its '?' matches")
  void unpairedSurrogateLookups() {
    StoredCredential s = cred("a?b").build();
    repository.inTransaction(
        u -> {
          u.credentials().insert(s);
          return null;
        });
    for (String lone : new String[] {"\uD800", "\uDFFF"}) {
      assertThat(
              repository.read(
                  (UnitOfWork u) ->
                      u.credentials().findByName(ACME, "a" + lone + "b", "production")))
          .isEmpty();
      assertThat(
              repository.read(
                  (UnitOfWork u) -> u.credentials().findByName(ACME, "a?b", "producti" + lone)))
          .isEmpty();
    }
    assertThat(
            repository.read(
                (UnitOfWork u) -> u.credentials().findByName(ACME, "a?b", "production")))
        .contains(s);
  }

  @Test
  @DisplayName(
      "after the newest audit event is deleted by hand, verify says broken and appends fail, typed")
  void truncatedAuditChain() {
    String url = TestDatabases.freshUrl(kind());
    TenantId tenant = TenantId.of("acme");
    Caller admin = Caller.of(tenant, Principal.admin("ops", tenant));
    try (JdbcCredentialRepository jdbc = JdbcCredentialRepository.builder().url(url).build();
        Credentials engine =
            Credentials.builder()
                .repository(jdbc)
                .keys(CredentialKeys.generate())
                .discoverPrototypes(false)
                .slf4jReporter(false)
                .prototype(
                    Prototype.builder("db")
                        .field(FieldDefinition.builder("USER", FieldType.STRING).build())
                        .build())
                .build()) {
      for (String name : List.of("one", "two", "three")) {
        engine.store().create(admin, NewCredential.builder("db", name).value("USER", "u").build());
      }
      assertThat(engine.audit().verify(admin).intact()).isTrue();
      TestDatabases.execute(
          url,
          "DELETE FROM audit_events WHERE tenant = 'acme'"
              + " AND seq = (SELECT m FROM (SELECT MAX(seq) AS m FROM audit_events"
              + " WHERE tenant = 'acme') x)");
      ChainVerification verification = engine.audit().verify(admin);
      assertThat(verification.intact()).isFalse();
      assertThat(verification.firstBrokenSequence()).hasValue(3);
      assertThat(verification.message())
          .contains("ends at event 2", "head records event 3", "docs/operations.md");
      assertThat(jdbc.read((UnitOfWork u) -> u.audit().headSequence(tenant))).isEqualTo(3);
      assertThatThrownBy(
              () ->
                  engine
                      .store()
                      .create(
                          admin, NewCredential.builder("db", "four").value("USER", "u").build()))
          .isInstanceOf(AuditChainBrokenException.class)
          .hasMessageContaining("ends at event 2 but its head records event 3")
          .hasMessageContaining("Repairing a truncated audit chain")
          .satisfies(
              e ->
                  assertThat(((AuditChainBrokenException) e).code())
                      .isEqualTo(ErrorCode.AUDIT_CHAIN_BROKEN));
      assertThat(engine.store().findByName(admin, "four", "production"))
          .as("nothing written")
          .isEmpty();
      // The repair of docs/operations.md when the events cannot be restored: the head moves back.
      TestDatabases.execute(url, "UPDATE audit_chain_heads SET last_seq = 2 WHERE tenant = 'acme'");
      engine.store().create(admin, NewCredential.builder("db", "four").value("USER", "u").build());
      assertThat(engine.audit().verify(admin).intact()).isTrue();
    }
  }

  @Test
  @DisplayName("binding a credential that does not exist is refused")
  void bindingNeedsCredential() {
    CredentialId ghost = CredentialId.random();
    assertThatThrownBy(
            () ->
                repository.inTransaction(
                    u -> {
                      u.bindings().put(binding(ACME, "job", "t", ghost));
                      return null;
                    }))
        .isInstanceOf(CredentialNotFoundException.class)
        .hasMessageContaining(ghost.value());
  }

  @Test
  @DisplayName(
      "threads reading one name in eight tenants, by name and by id, each get their own tenant's row")
  void concurrentReadsStayInTheirTenant() throws Exception {
    int tenants = 8;
    List<StoredCredential> rows = new ArrayList<>();
    repository.inTransaction(
        u -> {
          for (int t = 0; t < tenants; t++) {
            StoredCredential s = cred("shared").tenant(TenantId.of("tenant-" + t)).build();
            u.credentials().insert(s);
            rows.add(s);
          }
          return null;
        });
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<Integer>> readers = new ArrayList<>();
      for (int r = 0; r < 6; r++) {
        int start = r;
        readers.add(
            pool.submit(
                () -> {
                  int checked = 0;
                  for (int i = 0; i < 400; i++) {
                    StoredCredential want = rows.get((start + i) % tenants);
                    TenantId tenant = want.metadata().tenant();
                    boolean byName = (i & 1) == 0;
                    StoredCredential got =
                        repository
                            .read(
                                (UnitOfWork u) ->
                                    byName
                                        ? u.credentials().findByName(tenant, "shared", "production")
                                        : u.credentials().find(tenant, want.metadata().id()))
                            .orElseThrow();
                    assertThat(got.metadata().tenant()).isEqualTo(tenant);
                    assertThat(got.metadata().id()).isEqualTo(want.metadata().id());
                    assertThat(got.sealedValues()).isEqualTo(want.sealedValues());
                    checked++;
                  }
                  return checked;
                }));
      }
      for (Future<Integer> f : readers) {
        assertThat(f.get(120, TimeUnit.SECONDS)).isEqualTo(400);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName("more ids than one IN list holds are still all found")
  void manyIds() {
    List<CredentialId> ids = new ArrayList<>();
    repository.inTransaction(
        u -> {
          for (int i = 0; i < 30; i++) {
            var s = cred("c" + i).build();
            u.credentials().insert(s);
            ids.add(s.metadata().id());
          }
          return null;
        });
    List<CredentialId> asked = new ArrayList<>();
    for (int i = 0; i < 1500; i++) {
      asked.add(CredentialId.random());
    }
    asked.addAll(ids);
    assertThat(repository.read((UnitOfWork u) -> u.credentials().findAll(ACME, asked)).keySet())
        .containsExactlyElementsOf(ids);
  }

  @Test
  @DisplayName("a unit of work that deadlocks is rolled back and run again until it succeeds")
  void deadlockRetried() throws Exception {
    CyclicBarrier bothLocked = new CyclicBarrier(2);
    AtomicInteger attempts = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> one = pool.submit(() -> crossAppend(ACME, GLOBEX, bothLocked, attempts));
      Future<?> two = pool.submit(() -> crossAppend(GLOBEX, ACME, bothLocked, attempts));
      one.get(60, TimeUnit.SECONDS);
      two.get(60, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    assertThat(attempts.get()).as("attempts, one of them a retry").isGreaterThanOrEqualTo(3);
    for (TenantId t : List.of(ACME, GLOBEX)) {
      List<AuditEvent> chain =
          repository.read(
              (UnitOfWork u) ->
                  u.audit().events(t, AuditQuery.all(), PageRequest.first(10)).items());
      assertThat(chain).extracting(AuditEvent::sequence).containsExactly(1L, 2L);
      assertThat(chain.get(1).previousHash()).isEqualTo(chain.get(0).hash());
    }
  }

  @Test
  @DisplayName("an append that waited for the chain head chains onto the event committed meanwhile")
  void appendAfterWaitingForTheHead() throws Exception {
    repository.inTransaction(
        u -> {
          append(u, ACME);
          return null;
        });
    CountDownLatch headLocked = new CountDownLatch(1);
    CountDownLatch waiterStarted = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> holder =
          pool.submit(
              () ->
                  repository.inTransaction(
                      u -> {
                        append(u, ACME); // holds the head until this commits
                        headLocked.countDown();
                        try {
                          waiterStarted.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                          throw new IllegalStateException(e);
                        }
                        sleep(300); // the waiter is now blocked on the head's lock
                        return null;
                      }));
      headLocked.await(30, TimeUnit.SECONDS);
      Future<Long> waiter =
          pool.submit(
              () ->
                  repository.inTransaction(
                      u -> {
                        waiterStarted.countDown();
                        // PostgreSQL re-checks its locking join against the moved head here
                        long last = u.audit().last(ACME).orElseThrow().sequence();
                        append(u, ACME);
                        return last;
                      }));
      holder.get(60, TimeUnit.SECONDS);
      assertThat(waiter.get(60, TimeUnit.SECONDS))
          .as("the event the waiter chained onto")
          .isEqualTo(2L);
    } finally {
      pool.shutdownNow();
    }
    List<AuditEvent> chain =
        repository.read(
            (UnitOfWork u) ->
                u.audit().events(ACME, AuditQuery.all(), PageRequest.first(10)).items());
    assertThat(chain).extracting(AuditEvent::sequence).containsExactly(1L, 2L, 3L);
    assertThat(chain.get(1).previousHash()).isEqualTo(chain.get(0).hash());
    assertThat(chain.get(2).previousHash()).isEqualTo(chain.get(1).hash());
  }

  /**
   * Appends to the first tenant's audit chain, then to the second's; on the first attempt waits
   * until the other thread holds its first chain head, so that both wait for each other.
   */
  private Object crossAppend(
      TenantId first, TenantId second, CyclicBarrier barrier, AtomicInteger attempts) {
    boolean[] firstAttempt = {true};
    return repository.inTransaction(
        u -> {
          attempts.incrementAndGet();
          append(u, first);
          if (firstAttempt[0]) {
            firstAttempt[0] = false;
            try {
              barrier.await(30, TimeUnit.SECONDS);
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          }
          append(u, second);
          return null;
        });
  }

  @Test
  @DisplayName(
      "a batch of events with repeated and ever-new details stores each event's own details")
  void batchedDetailsKeptApart() {
    // The unit of work encodes each distinct details map once; more distinct maps than it keeps,
    // equal maps that are different objects, and the empty map must all come back as appended.
    List<java.util.Map<String, String>> details = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      details.add(
          switch (i % 3) {
            case 0 -> java.util.Map.of("via", "name", "fields", "F" + i);
            case 1 -> java.util.Map.of("via", "plan", "fields", new String("A,B"));
            default -> i % 2 == 0 ? java.util.Map.of() : java.util.Map.of("reason", "r" + (i % 7));
          });
    }
    repository.inTransaction(
        u -> {
          for (java.util.Map<String, String> d : details) {
            append(u, ACME, d);
          }
          return null;
        });
    List<AuditEvent> stored =
        repository
            .read(u -> u.audit().events(ACME, AuditQuery.all(), PageRequest.first(500)))
            .items();
    assertThat(stored).hasSize(150);
    for (AuditEvent e : stored) {
      assertThat(e.details())
          .as("event %d", e.sequence())
          .isEqualTo(details.get((int) e.sequence() - 1));
    }
  }

  private static void append(UnitOfWork u, TenantId tenant) {
    append(u, tenant, java.util.Map.of());
  }

  private static void append(UnitOfWork u, TenantId tenant, java.util.Map<String, String> details) {
    Optional<AuditEvent> last = u.audit().last(tenant);
    long seq = last.map(AuditEvent::sequence).orElse(0L) + 1;
    u.audit()
        .append(
            new AuditEvent(
                tenant,
                seq,
                Fixtures.T0,
                "svc:t",
                AuditAction.ACCESSED,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                details,
                last.map(AuditEvent::hash).orElse(AuditEvent.GENESIS_HASH),
                tenant + "-" + seq));
  }

  @Test
  @DisplayName(
      "of two concurrent inserts of one name or one id, the later gets the reference's duplicate message")
  void concurrentDuplicateInserts() throws Exception {
    StoredCredential winner = cred("race").build();
    StoredCredential sameName = cred("race").build();
    StoredCredential sameId = cred("other").id(winner.metadata().id()).build();
    CountDownLatch inserted = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      Future<?> first =
          pool.submit(
              () ->
                  repository.inTransaction(
                      u -> {
                        u.credentials().insert(winner);
                        inserted.countDown();
                        sleep(700); // hold the uncommitted row while the others insert
                        return null;
                      }));
      assertThat(inserted.await(30, TimeUnit.SECONDS)).isTrue();
      Future<Throwable> byName = pool.submit(() -> insertFailure(sameName));
      Future<Throwable> byId = pool.submit(() -> insertFailure(sameId));
      first.get(30, TimeUnit.SECONDS);
      assertThat(byName.get(30, TimeUnit.SECONDS))
          .isInstanceOf(DuplicateCredentialException.class)
          .hasMessageContaining("a credential named 'race' already exists in environment");
      assertThat(byId.get(30, TimeUnit.SECONDS))
          .isInstanceOf(DuplicateCredentialException.class)
          .hasMessage(
              "a credential with id " + winner.metadata().id() + " already exists; use a new id");
    } finally {
      pool.shutdownNow();
    }
    assertThat(
            repository.read(
                (UnitOfWork u) -> u.credentials().findByName(ACME, "race", "production")))
        .contains(winner);
  }

  private Throwable insertFailure(StoredCredential s) {
    return org.assertj.core.api.Assertions.catchThrowable(
        () ->
            repository.inTransaction(
                u -> {
                  u.credentials().insert(s);
                  return null;
                }));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  @DisplayName("after close the repository refuses work")
  void closed() {
    repository.close();
    assertThatThrownBy(() -> repository.read(u -> u.prototypeDocuments().all()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    repository = null;
  }
}
