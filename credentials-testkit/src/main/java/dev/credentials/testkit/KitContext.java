package dev.credentials.testkit;

import static dev.credentials.testkit.RepositoryFixtures.event;
import static dev.credentials.testkit.RepositoryFixtures.id;
import static org.assertj.core.api.Assertions.assertThat;

import dev.credentials.Binding;
import dev.credentials.CheckResult;
import dev.credentials.Consumer;
import dev.credentials.CredentialId;
import dev.credentials.CredentialQuery;
import dev.credentials.PageRequest;
import dev.credentials.TenantId;
import dev.credentials.audit.AuditAction;
import dev.credentials.audit.AuditEvent;
import dev.credentials.audit.AuditQuery;
import dev.credentials.spi.CredentialRepository;
import dev.credentials.spi.StoredCredential;
import dev.credentials.spi.UnitOfWork;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What every feature of {@link RepositoryCompatibilityKit} works with: the repository of the
 * running test and small helpers over it. The kit's {@code @Nested} classes implement it.
 */
interface KitContext {

  /** The tenant most tests work in. */
  TenantId TENANT_A = RepositoryCompatibilityKit.TENANT_A;

  /** The other tenant, whose data must stay invisible from {@link #TENANT_A}. */
  TenantId TENANT_B = RepositoryCompatibilityKit.TENANT_B;

  /** A page that holds everything the tests store. */
  PageRequest ALL = PageRequest.first(PageRequest.MAX_SIZE);

  /**
   * @return the repository of the running test, fresh and empty when it started
   */
  CredentialRepository repository();

  /**
   * @return the repository's aggregates, each call in its own unit of work
   */
  UnitOfWork db();

  /**
   * @return values a feature keeps between its {@code @BeforeEach} and its test, per test
   */
  Map<String, Object> scratch();

  default <T> T tx(Function<UnitOfWork, T> work) {
    return repository().inTransaction(work);
  }

  default void write(java.util.function.Consumer<UnitOfWork> work) {
    repository()
        .inTransaction(
            u -> {
              work.accept(u);
              return null;
            });
  }

  default <T> T read(Function<UnitOfWork, T> work) {
    return repository().read(work);
  }

  /**
   * Stores bindings, declaring their consumers first (with the bound topics as requirements) where
   * they are not declared yet, as the engine does.
   */
  default void bind(Binding... bindings) {
    write(
        u -> {
          Map<String, List<String>> topics = new java.util.LinkedHashMap<>();
          for (Binding b : bindings) {
            topics
                .computeIfAbsent(b.tenant() + "\u0000" + b.consumerId(), k -> new ArrayList<>())
                .add(b.topic().name());
          }
          for (Binding b : bindings) {
            if (u.bindings().consumer(b.tenant(), b.consumerId()).isEmpty()) {
              u.bindings()
                  .putConsumer(
                      b.tenant(),
                      Consumer.of(
                          b.consumerId(),
                          topics.get(b.tenant() + "\u0000" + b.consumerId()).stream()
                              .distinct()
                              .toArray(String[]::new)));
            }
            u.bindings().put(b);
          }
        });
  }

  default StoredCredential insert(StoredCredential s) {
    write(u -> u.credentials().insert(s));
    return s;
  }

  default Optional<StoredCredential> byName(TenantId tenant, String name, String environment) {
    return db().credentials().findByName(tenant, name, environment);
  }

  default Map<CredentialId, CheckResult> latest(TenantId tenant, CredentialId... ids) {
    return db().checks().latest(tenant, List.of(ids));
  }

  default Optional<StoredCredential> get(TenantId tenant, CredentialId id) {
    return db().credentials().find(tenant, id);
  }

  default List<StoredCredential> list(TenantId tenant, CredentialQuery query) {
    return db().credentials().list(tenant, query, ALL).items();
  }

  default List<String> names(Collection<StoredCredential> credentials) {
    return credentials.stream().map(s -> s.metadata().name()).collect(Collectors.toList());
  }

  default List<AuditEvent> audit(TenantId tenant, AuditQuery query) {
    return db().audit().events(tenant, query, ALL).items();
  }

  default void appendEvents(TenantId tenant, int count, Instant start, AuditAction action) {
    write(
        u -> {
          long last = u.audit().last(tenant).map(AuditEvent::sequence).orElse(0L);
          for (int i = 1; i <= count; i++) {
            u.audit()
                .append(
                    event(
                        tenant,
                        last + i,
                        start.plusSeconds(i),
                        "user:alice",
                        action,
                        Optional.empty()));
          }
        });
  }

  default byte[] everyByteValue() {
    byte[] b = new byte[512];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) i;
    }
    return b;
  }

  /** Everything a tenant holds that the kit's tests touch, to compare before and after. */
  record Snapshot(
      List<StoredCredential> credentials,
      Optional<Consumer> consumer,
      List<Binding> bindings,
      Map<CredentialId, CheckResult> checks,
      List<AuditEvent> audit,
      Map<String, String> documents,
      Map<String, Long> keys) {}

  default Snapshot snapshot(TenantId tenant, String consumerId) {
    return read(
        u -> {
          List<StoredCredential> creds =
              u.credentials().list(tenant, CredentialQuery.all(), ALL).items();
          return new Snapshot(
              creds,
              u.bindings().consumer(tenant, consumerId),
              u.bindings().ofConsumer(tenant, consumerId),
              u.checks()
                  .latest(
                      tenant,
                      creds.stream().map(s -> s.metadata().id()).collect(Collectors.toList())),
              u.audit().events(tenant, AuditQuery.all(), ALL).items(),
              u.prototypeDocuments().all(),
              u.credentials().countByKeyId());
        });
  }

  /**
   * Runs {@code count} tasks at once from a common start; returns each task's result or the
   * exception it threw, in task order.
   */
  default List<Object> concurrently(int count, Function<Integer, Object> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(count, 8));
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Object>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int n = i;
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  try {
                    return task.apply(n);
                  } catch (RuntimeException e) {
                    return e;
                  }
                }));
      }
      start.countDown();
      List<Object> results = new ArrayList<>();
      for (Future<Object> f : futures) {
        results.add(f.get(60, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }
}
