package dev.credentials.testkit;

import static dev.credentials.testkit.RepositoryFixtures.T0;
import static dev.credentials.testkit.RepositoryFixtures.credential;
import static dev.credentials.testkit.RepositoryFixtures.event;
import static dev.credentials.testkit.RepositoryFixtures.id;
import static org.assertj.core.api.Assertions.assertThat;

import dev.credentials.ConcurrentCredentialModificationException;
import dev.credentials.CredentialId;
import dev.credentials.CredentialQuery;
import dev.credentials.DuplicateCredentialException;
import dev.credentials.PageRequest;
import dev.credentials.TenantId;
import dev.credentials.audit.AuditAction;
import dev.credentials.audit.AuditEvent;
import dev.credentials.audit.AuditQuery;
import dev.credentials.spi.StoredCredential;
import dev.credentials.spi.UnitOfWork;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The kit's tests of concurrent use. */
interface ConcurrencyTests extends KitContext {

  @Test
  @DisplayName(
      "concurrent units of work that append after reading the last audit event build gap-free chains per tenant")
  default void auditChainsDoNotFork() throws Exception {
    int perTenant = 24;
    List<Object> outcomes =
        concurrently(
            2 * perTenant,
            i -> {
              TenantId tenant = i % 2 == 0 ? TENANT_A : TENANT_B;
              return tx(
                  u -> {
                    Optional<AuditEvent> last = u.audit().last(tenant);
                    long next = last.map(AuditEvent::sequence).orElse(0L) + 1;
                    AuditEvent e =
                        event(
                            tenant,
                            next,
                            T0.plusSeconds(next),
                            "user:t" + i,
                            AuditAction.ACCESSED,
                            Optional.empty());
                    u.audit().append(e);
                    return e;
                  });
            });
    assertThat(outcomes).allMatch(o -> o instanceof AuditEvent, "every unit of work committed");
    for (TenantId tenant : List.of(TENANT_A, TENANT_B)) {
      List<AuditEvent> events = audit(tenant, AuditQuery.all());
      assertThat(events)
          .extracting(AuditEvent::sequence)
          .containsExactlyElementsOf(
              IntStream.rangeClosed(1, perTenant)
                  .mapToObj(n -> (long) n)
                  .collect(Collectors.toList()));
      for (int n = 1; n < events.size(); n++) {
        assertThat(events.get(n).previousHash()).isEqualTo(events.get(n - 1).hash());
      }
    }
  }

  @Test
  @DisplayName("of concurrent inserts of one name exactly one succeeds")
  default void oneOfConcurrentInsertsWins() throws Exception {
    int threads = 6;
    List<Object> outcomes =
        concurrently(threads, i -> insert(credential(TENANT_A, "erp").keyId("k" + i).build()));
    assertThat(outcomes).filteredOn(o -> o instanceof StoredCredential).hasSize(1);
    assertThat(outcomes)
        .filteredOn(o -> !(o instanceof StoredCredential))
        .hasSize(threads - 1)
        .allMatch(o -> o instanceof DuplicateCredentialException);
    assertThat(list(TENANT_A, CredentialQuery.all())).hasSize(1);
  }

  @Test
  @DisplayName("concurrent updates retried on conflict lose no update")
  default void concurrentUpdates() throws Exception {
    StoredCredential start = insert(ContractData.cred("counter").build());
    CredentialId id = start.metadata().id();
    int threads = 4;
    int perThread = 10;
    AtomicInteger successes = new AtomicInteger();
    AtomicInteger conflicts = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    while (true) {
                      StoredCredential current =
                          read(u -> u.credentials().find(ContractData.ACME, id)).orElseThrow();
                      long v = current.metadata().version();
                      try {
                        write(
                            u -> u.credentials().update(ContractData.next(current, "counter"), v));
                        successes.incrementAndGet();
                        break;
                      } catch (ConcurrentCredentialModificationException e) {
                        conflicts.incrementAndGet();
                      }
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(successes.get()).isEqualTo(threads * perThread);
    assertThat(
            read((UnitOfWork u) -> u.credentials().find(ContractData.ACME, id))
                .orElseThrow()
                .metadata()
                .version())
        .isEqualTo(1L + successes.get());
  }

  @Test
  @DisplayName("concurrent audit appends never fork a tenant's chain")
  default void concurrentAuditAppends() throws Exception {
    int threads = 4;
    int perThread = 10;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Callable<Void>> tasks = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        tasks.add(
            () -> {
              for (int i = 0; i < perThread; i++) {
                write(
                    u -> {
                      Optional<AuditEvent> last = u.audit().last(ContractData.ACME);
                      long seq = last.map(AuditEvent::sequence).orElse(0L) + 1;
                      String previous = last.map(AuditEvent::hash).orElse(AuditEvent.GENESIS_HASH);
                      u.audit()
                          .append(
                              new AuditEvent(
                                  ContractData.ACME,
                                  seq,
                                  ContractData.T0,
                                  "svc:t",
                                  AuditAction.ACCESSED,
                                  Optional.empty(),
                                  Optional.empty(),
                                  Optional.empty(),
                                  Optional.empty(),
                                  Map.of(),
                                  previous,
                                  "h" + seq));
                    });
              }
              return null;
            });
      }
      for (Future<Void> f : pool.invokeAll(tasks, 120, TimeUnit.SECONDS)) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    List<AuditEvent> chain =
        read(
            u ->
                u.audit()
                    .events(ContractData.ACME, AuditQuery.all(), PageRequest.first(1000))
                    .items());
    assertThat(chain).hasSize(threads * perThread);
    for (int i = 0; i < chain.size(); i++) {
      assertThat(chain.get(i).sequence()).isEqualTo(i + 1L);
      assertThat(chain.get(i).previousHash())
          .isEqualTo(i == 0 ? AuditEvent.GENESIS_HASH : chain.get(i - 1).hash());
    }
  }
}
