package dev.credentials.testkit;

import static dev.credentials.testkit.RepositoryFixtures.T0;
import static dev.credentials.testkit.RepositoryFixtures.binding;
import static dev.credentials.testkit.RepositoryFixtures.check;
import static dev.credentials.testkit.RepositoryFixtures.credential;
import static dev.credentials.testkit.RepositoryFixtures.event;
import static dev.credentials.testkit.RepositoryFixtures.from;
import static dev.credentials.testkit.RepositoryFixtures.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.Binding;
import dev.credentials.CheckResult;
import dev.credentials.ConcurrentCredentialModificationException;
import dev.credentials.Consumer;
import dev.credentials.CredentialId;
import dev.credentials.CredentialQuery;
import dev.credentials.CredentialState;
import dev.credentials.DuplicateCredentialException;
import dev.credentials.Page;
import dev.credentials.PageRequest;
import dev.credentials.Requirement;
import dev.credentials.TenantId;
import dev.credentials.Topic;
import dev.credentials.audit.AuditAction;
import dev.credentials.audit.AuditEvent;
import dev.credentials.audit.AuditQuery;
import dev.credentials.spi.AuditChain;
import dev.credentials.spi.BindingRecords;
import dev.credentials.spi.CredentialRecords;
import dev.credentials.spi.CredentialRepository;
import dev.credentials.spi.PrototypeDocumentRecords;
import dev.credentials.spi.StoredCredential;
import dev.credentials.spi.UnitOfWork;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The contract every {@link CredentialRepository} must meet, as JUnit 5 tests. An implementation
 * runs it by subclassing:
 *
 * <pre>{@code
 * class JdbcRepositoryKitTest extends RepositoryCompatibilityKit {
 *   @Override
 *   protected CredentialRepository createRepository() {
 *     return JdbcCredentialRepository.create(freshH2DataSource());
 *   }
 * }
 * }</pre>
 *
 * <p>Each test gets a fresh, empty repository from {@link #createRepository()} and closes it with
 * {@link #closeRepository(CredentialRepository)} afterwards. The tests are grouped by feature with
 * sentences as names, so a failing kit reads as the part of the specification that is not met.
 *
 * <p>Test data uses lower-case ASCII names and instants at millisecond precision, so orderings and
 * round trips do not depend on a database's collation or timestamp precision beyond that.
 *
 * <p>The kit uses data as the engine does: consumers are declared before they are bound, bindings
 * and check results refer to stored credentials of their tenant, and audit events may name
 * credentials that no longer exist (they outlive deletes). A schema with foreign keys along those
 * lines passes.
 *
 * <p>An implementation with a fix pending can declare the failing tests in {@link
 * #knownDeviations()}: they still run and must still fail, and the kit fails once they pass.
 */
@ExtendWith(KnownDeviations.class)
public abstract class RepositoryCompatibilityKit implements KnownDeviations.Declaring {

  /** The tenant most tests work in. */
  protected static final TenantId TENANT_A = TenantId.of("tenant-a");

  /** The other tenant, whose data must stay invisible from {@link #TENANT_A}. */
  protected static final TenantId TENANT_B = TenantId.of("tenant-b");

  private static final PageRequest ALL = PageRequest.first(PageRequest.MAX_SIZE);

  private CredentialRepository repository;

  /** For subclasses. */
  protected RepositoryCompatibilityKit() {}

  /**
   * Creates the repository under test: fresh and empty for every test.
   *
   * @return the repository
   */
  protected abstract CredentialRepository createRepository();

  /**
   * Releases a repository after a test. The default calls {@link CredentialRepository#close()}.
   *
   * @param repository the repository {@link #createRepository()} returned
   * @throws Exception when closing fails
   */
  protected void closeRepository(CredentialRepository repository) throws Exception {
    repository.close();
  }

  /**
   * Kit tests this implementation is known to fail, by display name, e.g. {@code "a credential read
   * before a delete keeps its sealed bytes"}. Each must still fail: the kit runs it and reports the
   * failure as a report entry, and fails it as soon as it passes, so the entry is removed when the
   * implementation is fixed. Nothing is skipped. The default is none; declare deviations only while
   * a fix is pending, and say why.
   *
   * @return display names of tests expected to fail
   */
  @Override
  public Set<String> knownDeviations() {
    return Set.of();
  }

  /**
   * The repository of the running test.
   *
   * @return the repository
   */
  protected final CredentialRepository repository() {
    return repository;
  }

  @BeforeEach
  final void createFreshRepository() {
    repository = createRepository();
    assertThat(repository).as("createRepository() must return a repository").isNotNull();
  }

  @AfterEach
  final void closeRepositoryAfterTest() throws Exception {
    if (repository != null) {
      closeRepository(repository);
      repository = null;
    }
  }

  // ---------------------------------------------------------------- helpers

  /** Runs every call in its own unit of work: reads through read(), writes in a transaction. */
  private final UnitOfWork db = new EachCallInItsOwnUnit();

  /**
   * Each aggregate part is a proxy that opens a unit of work per call: a read-only one for reads, a
   * transaction for the methods that write ({@link #WRITES}).
   */
  private final class EachCallInItsOwnUnit implements UnitOfWork {
    private final CredentialRecords credentials =
        part(CredentialRecords.class, UnitOfWork::credentials);
    private final BindingRecords bindings = part(BindingRecords.class, UnitOfWork::bindings);
    private final dev.credentials.spi.CheckLog checks =
        part(dev.credentials.spi.CheckLog.class, UnitOfWork::checks);
    private final AuditChain audit = part(AuditChain.class, UnitOfWork::audit);
    private final PrototypeDocumentRecords documents =
        part(PrototypeDocumentRecords.class, UnitOfWork::prototypeDocuments);

    @Override
    public CredentialRecords credentials() {
      return credentials;
    }

    @Override
    public BindingRecords bindings() {
      return bindings;
    }

    @Override
    public dev.credentials.spi.CheckLog checks() {
      return checks;
    }

    @Override
    public AuditChain audit() {
      return audit;
    }

    @Override
    public PrototypeDocumentRecords prototypeDocuments() {
      return documents;
    }
  }

  /** The names of the aggregate methods that write. */
  private static final Set<String> WRITES =
      Set.of("insert", "update", "delete", "put", "putConsumer", "append");

  private <P> P part(Class<P> type, Function<UnitOfWork, Object> aggregate) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
              case "equals" -> proxy == args[0];
              case "hashCode" -> System.identityHashCode(proxy);
              default -> "each call in its own unit of work: " + type.getSimpleName();
            };
          }
          Function<UnitOfWork, Object> call =
              u -> {
                try {
                  return method.invoke(aggregate.apply(u), args);
                } catch (InvocationTargetException e) {
                  if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                  }
                  if (e.getCause() instanceof Error err) {
                    throw err;
                  }
                  throw new IllegalStateException(e.getCause());
                } catch (IllegalAccessException e) {
                  throw new IllegalStateException(e);
                }
              };
          return WRITES.contains(method.getName()) ? tx(call) : read(call);
        };
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
  }

  private <T> T tx(Function<UnitOfWork, T> work) {
    return repository.inTransaction(work);
  }

  private void write(java.util.function.Consumer<UnitOfWork> work) {
    repository.inTransaction(
        u -> {
          work.accept(u);
          return null;
        });
  }

  private <T> T read(Function<UnitOfWork, T> work) {
    return repository.read(work);
  }

  /**
   * Stores bindings, declaring their consumers first (with the bound topics as requirements) where
   * they are not declared yet, as the engine does.
   */
  private void bind(Binding... bindings) {
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

  private StoredCredential insert(StoredCredential s) {
    write(u -> u.credentials().insert(s));
    return s;
  }

  private Optional<StoredCredential> byName(TenantId tenant, String name, String environment) {
    return db.credentials().findByName(tenant, name, environment);
  }

  private Map<CredentialId, CheckResult> latest(TenantId tenant, CredentialId... ids) {
    return db.checks().latest(tenant, List.of(ids));
  }

  private Optional<StoredCredential> get(TenantId tenant, CredentialId id) {
    return db.credentials().find(tenant, id);
  }

  private List<StoredCredential> list(TenantId tenant, CredentialQuery query) {
    return db.credentials().list(tenant, query, ALL).items();
  }

  private static List<String> names(Collection<StoredCredential> credentials) {
    return credentials.stream().map(s -> s.metadata().name()).collect(Collectors.toList());
  }

  private List<AuditEvent> audit(TenantId tenant, AuditQuery query) {
    return db.audit().events(tenant, query, ALL).items();
  }

  private void appendEvents(TenantId tenant, int count, Instant start, AuditAction action) {
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

  private static byte[] everyByteValue() {
    byte[] b = new byte[512];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) i;
    }
    return b;
  }

  /** Everything a tenant holds that the kit's tests touch, to compare before and after. */
  private record Snapshot(
      List<StoredCredential> credentials,
      Optional<Consumer> consumer,
      List<Binding> bindings,
      Map<CredentialId, CheckResult> checks,
      List<AuditEvent> audit,
      Map<String, String> documents,
      Map<String, Long> keys) {}

  private Snapshot snapshot(TenantId tenant, String consumerId) {
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

  // ---------------------------------------------------------------- groups

  /** Round trips of credentials. */
  @Nested
  @DisplayName("Credentials")
  class Credentials {

    @Test
    @DisplayName("a fresh repository holds nothing")
    void freshRepositoryIsEmpty() {
      read(
          u -> {
            assertThat(u.credentials().list(TENANT_A, CredentialQuery.all(), ALL).total()).isZero();
            assertThat(u.credentials().countByKeyId()).isEmpty();
            assertThat(u.credentials().notSealedWith("k1", 10)).isEmpty();
            assertThat(u.prototypeDocuments().all()).isEmpty();
            assertThat(u.audit().last(TENANT_A)).isEmpty();
            assertThat(u.bindings().consumer(TENANT_A, "job-1")).isEmpty();
            return null;
          });
    }

    @Test
    @DisplayName("an inserted credential reads back with every metadata field and its exact bytes")
    void insertRoundTrip() {
      CheckResult lastTest =
          new CheckResult(
              CredentialState.DEGRADED,
              "slow answer: 2.3 s",
              T0.plusMillis(1234),
              300,
              Map.of("latencyMs", "2300", "server", "nginx/1.25"));
      StoredCredential s =
          credential(TENANT_A, "billing api")
              .prototype("demo-db")
              .environment("staging")
              .description("Zugangsdaten für die Buchhaltung — ünïcödé ✓")
              .tags("erp", "finance", "eu")
              .active(false)
              .expiresAt(T0.plus(Duration.ofDays(90)).plusMillis(7))
              .version(7)
              .createdAt(T0.minusMillis(5))
              .updatedAt(T0.plusMillis(999))
              .keyId("key-2026-01")
              .lastTest(lastTest)
              .sealedValues(everyByteValue())
              .build();
      insert(s);

      StoredCredential back = get(TENANT_A, s.metadata().id()).orElseThrow();
      assertThat(back.metadata()).isEqualTo(s.metadata());
      assertThat(back.sealedValues()).containsExactly(everyByteValue());
      assertThat(back).isEqualTo(s);
    }

    @Test
    @DisplayName("a credential without optional metadata reads back with them empty")
    void minimalRoundTrip() {
      StoredCredential s = insert(credential(TENANT_A, "plain").build());
      StoredCredential back = get(TENANT_A, s.metadata().id()).orElseThrow();
      assertThat(back.metadata().tags()).isEmpty();
      assertThat(back.metadata().expiresAt()).isEmpty();
      assertThat(back.metadata().lastTest()).isEmpty();
      assertThat(back.metadata().description()).isEmpty();
      assertThat(back).isEqualTo(s);
    }

    @Test
    @DisplayName("a credential is found by its name and environment, and only by them")
    void foundByName() {
      StoredCredential s = insert(credential(TENANT_A, "erp").environment("staging").build());
      read(
          u -> {
            assertThat(u.credentials().findByName(TENANT_A, "erp", "staging")).contains(s);
            assertThat(u.credentials().findByName(TENANT_A, "erp", "production")).isEmpty();
            assertThat(u.credentials().findByName(TENANT_A, "er", "staging")).isEmpty();
            return null;
          });
    }

    @Test
    @DisplayName("an update replaces the metadata and the sealed bytes")
    void updateRoundTrip() {
      StoredCredential s = insert(credential(TENANT_A, "erp").tags("a").build());
      StoredCredential changed =
          from(s)
              .nextVersion()
              .description("rotated")
              .tags("b", "c")
              .keyId("k2")
              .expiresAt(T0.plusSeconds(3600))
              .lastTest(check(CredentialState.AVAILABLE, "ok", T0.plusSeconds(5)))
              .sealedValues(RepositoryFixtures.sealed("new"))
              .build();
      write(u -> u.credentials().update(changed, 1));
      assertThat(get(TENANT_A, s.metadata().id())).contains(changed);
    }

    @Test
    @DisplayName("a deleted credential is gone; deleting it again reports false")
    void deleteRoundTrip() {
      StoredCredential s = insert(credential(TENANT_A, "erp").build());
      assertThat(db.credentials().delete(TENANT_A, s.metadata().id())).isTrue();
      assertThat(get(TENANT_A, s.metadata().id())).isEmpty();
      assertThat(byName(TENANT_A, "erp", "production")).isEmpty();
      assertThat(db.credentials().delete(TENANT_A, s.metadata().id())).isFalse();
    }

    @Test
    @DisplayName("an unknown id reads as empty and deletes as false")
    void unknownId() {
      CredentialId unknown = CredentialId.random();
      assertThat(get(TENANT_A, unknown)).isEmpty();
      assertThat(db.credentials().delete(TENANT_A, unknown)).isFalse();
    }

    @Test
    @DisplayName("a bulk read returns the credentials found, keyed by id, and skips unknown ids")
    void bulkRead() {
      StoredCredential a = insert(credential(TENANT_A, "a").build());
      StoredCredential b = insert(credential(TENANT_A, "b").build());
      insert(credential(TENANT_A, "c").build());
      CredentialId unknown = CredentialId.random();
      Map<CredentialId, StoredCredential> found =
          read(
              u ->
                  u.credentials()
                      .findAll(TENANT_A, List.of(a.metadata().id(), unknown, b.metadata().id())));
      assertThat(found)
          .containsOnlyKeys(a.metadata().id(), b.metadata().id())
          .containsEntry(a.metadata().id(), a)
          .containsEntry(b.metadata().id(), b);
      assertThat(db.credentials().findAll(TENANT_A, List.of())).isEmpty();
    }

    @Test
    @DisplayName("a unit of work reads its own writes before it commits")
    void readYourWrites() {
      StoredCredential s = credential(TENANT_A, "erp").build();
      Optional<StoredCredential> seen =
          tx(
              u -> {
                u.credentials().insert(s);
                return u.credentials().find(TENANT_A, s.metadata().id());
              });
      assertThat(seen).contains(s);
    }

    @Test
    @DisplayName("a credential read before a delete keeps its sealed bytes")
    void readCopiesSurviveDelete() {
      StoredCredential s = insert(credential(TENANT_A, "erp").build());
      StoredCredential before = get(TENANT_A, s.metadata().id()).orElseThrow();
      byte[] expected = before.sealedValues().clone();
      write(u -> u.credentials().delete(TENANT_A, s.metadata().id()));
      assertThat(before.sealedValues())
          .as("StoredCredential arrays must not be modified by the repository")
          .containsExactly(expected);
    }
  }

  /** Consumers and bindings. */
  @Nested
  @DisplayName("Consumers and bindings")
  class ConsumersAndBindings {

    @Test
    @DisplayName("a consumer reads back with its requirements; putting it again replaces it")
    void consumerRoundTrip() {
      Consumer first =
          new Consumer(
              "nightly/export:v1",
              List.of(
                  new Requirement(Topic.of("demo-api"), "pushes invoices"),
                  Requirement.of("sql-database")));
      write(u -> u.bindings().putConsumer(TENANT_A, first));
      assertThat(db.bindings().consumer(TENANT_A, "nightly/export:v1")).contains(first);

      Consumer second = Consumer.of("nightly/export:v1", "demo-db");
      write(u -> u.bindings().putConsumer(TENANT_A, second));
      assertThat(db.bindings().consumer(TENANT_A, "nightly/export:v1")).contains(second);
      assertThat(db.bindings().consumer(TENANT_A, "other")).isEmpty();
    }

    @Test
    @DisplayName("bindings read back with prefix, time and author, ordered by topic")
    void bindingRoundTrip() {
      StoredCredential c = insert(credential(TENANT_A, "erp").build());
      CredentialId id = c.metadata().id();
      Binding zeta =
          new Binding(
              TENANT_A,
              "job",
              Topic.of("zeta"),
              id,
              Optional.of("ERP_A_"),
              T0.plusMillis(42),
              "user:bob");
      Binding alpha = binding(TENANT_A, "job", "alpha", id);
      write(
          u -> {
            u.bindings().putConsumer(TENANT_A, Consumer.of("job", "alpha", "zeta"));
            u.bindings().put(zeta);
            u.bindings().put(alpha);
          });
      assertThat(db.bindings().ofConsumer(TENANT_A, "job")).containsExactly(alpha, zeta);
      assertThat(db.bindings().ofConsumer(TENANT_A, "nobody")).isEmpty();
    }

    @Test
    @DisplayName("a binding for the same consumer and topic replaces the previous one")
    void bindingReplaces() {
      StoredCredential one = insert(credential(TENANT_A, "one").build());
      StoredCredential two = insert(credential(TENANT_A, "two").build());
      bind(binding(TENANT_A, "job", "erp", one.metadata().id()));
      Binding replacement = binding(TENANT_A, "job", "erp", two.metadata().id());
      bind(replacement);
      assertThat(db.bindings().ofConsumer(TENANT_A, "job")).containsExactly(replacement);
      assertThat(db.bindings().ofCredential(TENANT_A, one.metadata().id())).isEmpty();
    }

    @Test
    @DisplayName("a binding is removed once; removing it again reports false")
    void deleteBinding() {
      StoredCredential c = insert(credential(TENANT_A, "erp").build());
      bind(binding(TENANT_A, "job", "erp", c.metadata().id()));
      assertThat(db.bindings().delete(TENANT_A, "job", Topic.of("erp"))).isTrue();
      assertThat(db.bindings().ofConsumer(TENANT_A, "job")).isEmpty();
      assertThat(db.bindings().delete(TENANT_A, "job", Topic.of("erp"))).isFalse();
      assertThat(db.bindings().delete(TENANT_A, "nobody", Topic.of("erp"))).isFalse();
    }

    @Test
    @DisplayName("the bindings of a credential are found across consumers")
    void bindingsOfCredential() {
      StoredCredential c = insert(credential(TENANT_A, "erp").build());
      StoredCredential other = insert(credential(TENANT_A, "other").build());
      Binding b1 = binding(TENANT_A, "job-1", "erp", c.metadata().id());
      Binding b2 = binding(TENANT_A, "job-2", "erp", c.metadata().id());
      Binding b3 = binding(TENANT_A, "job-2", "crm", other.metadata().id());
      bind(b1, b2, b3);
      assertThat(db.bindings().ofCredential(TENANT_A, c.metadata().id()))
          .containsExactlyInAnyOrder(b1, b2);
    }
  }

  /** The check log. */
  @Nested
  @DisplayName("Check log")
  class CheckLog {

    @Test
    @DisplayName("the latest result of each credential is returned, for many in one call")
    void latestPerCredential() {
      CredentialId a = insert(credential(TENANT_A, "a").build()).metadata().id();
      CredentialId b = insert(credential(TENANT_A, "b").build()).metadata().id();
      CredentialId c = insert(credential(TENANT_A, "c").build()).metadata().id();
      CheckResult a1 = check(CredentialState.AVAILABLE, "ok", T0);
      CheckResult a2 = check(CredentialState.UNAVAILABLE, "refused", T0.plusSeconds(60));
      CheckResult a3 =
          new CheckResult(
              CredentialState.MISCONFIGURED,
              "401 Unauthorized: replace the token",
              T0.plusMillis(120_001),
              0,
              Map.of("httpStatus", "401"));
      CheckResult b1 = check(CredentialState.DEGRADED, "slow", T0.plusSeconds(10));
      write(
          u -> {
            u.checks().append(TENANT_A, a, a1);
            u.checks().append(TENANT_A, b, b1);
          });
      write(u -> u.checks().append(TENANT_A, a, a2));
      write(u -> u.checks().append(TENANT_A, a, a3));

      Map<CredentialId, CheckResult> latest = db.checks().latest(TENANT_A, List.of(a, b, c));
      assertThat(latest).containsOnlyKeys(a, b).containsEntry(a, a3).containsEntry(b, b1);
      assertThat(db.checks().latest(TENANT_A, List.of())).isEmpty();
    }
  }

  /** The audit log. */
  @Nested
  @DisplayName("Audit log")
  class AuditLog {

    @Test
    @DisplayName("events read back with every field, in sequence order")
    void roundTrip() {
      CredentialId c = CredentialId.random();
      AuditEvent first =
          new AuditEvent(
              TENANT_A,
              1,
              T0.plusMillis(1),
              "user:alice",
              AuditAction.CREATED,
              Optional.of(c),
              Optional.of("nightly/export"),
              Optional.of("192.0.2.7"),
              Optional.of("req-42"),
              Map.of("fields", "API_URL,API_TOKEN", "name", "erp"),
              AuditEvent.GENESIS_HASH,
              RepositoryFixtures.hash(TENANT_A, 1));
      AuditEvent second =
          event(
              TENANT_A,
              2,
              T0.plusMillis(2),
              "service:runner",
              AuditAction.ACCESSED,
              Optional.of(c));
      write(u -> u.audit().append(first));
      write(u -> u.audit().append(second));
      assertThat(audit(TENANT_A, AuditQuery.all())).containsExactly(first, second);
      assertThat(db.audit().last(TENANT_A)).contains(second);
    }

    @Test
    @DisplayName("several events appended in one unit of work keep their order")
    void manyInOneUnit() {
      appendEvents(TENANT_A, 5, T0, AuditAction.ACCESSED);
      assertThat(audit(TENANT_A, AuditQuery.all()))
          .extracting(AuditEvent::sequence)
          .containsExactly(1L, 2L, 3L, 4L, 5L);
      assertThat(db.audit().last(TENANT_A).orElseThrow().sequence()).isEqualTo(5);
    }

    @Test
    @DisplayName("a unit of work sees the events it appended as the last event of the tenant")
    void lastEventInsideUnit() {
      appendEvents(TENANT_A, 1, T0, AuditAction.CREATED);
      List<Long> seen =
          tx(
              u -> {
                List<Long> out = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                  AuditEvent last = u.audit().last(TENANT_A).orElseThrow();
                  out.add(last.sequence());
                  u.audit()
                      .append(
                          event(
                              TENANT_A,
                              last.sequence() + 1,
                              T0.plusSeconds(10 + i),
                              "user:alice",
                              AuditAction.ACCESSED,
                              Optional.empty()));
                }
                return out;
              });
      assertThat(seen).containsExactly(1L, 2L, 3L);
      assertThat(db.audit().last(TENANT_A).orElseThrow().sequence()).isEqualTo(4);
    }

    @Test
    @DisplayName("events are filtered by credential, action, principal and time range")
    void filters() {
      CredentialId c1 = CredentialId.random();
      CredentialId c2 = CredentialId.random();
      List<AuditEvent> events =
          List.of(
              event(TENANT_A, 1, T0, "user:alice", AuditAction.CREATED, Optional.of(c1)),
              event(
                  TENANT_A,
                  2,
                  T0.plusSeconds(10),
                  "user:bob",
                  AuditAction.ACCESSED,
                  Optional.of(c1)),
              event(
                  TENANT_A,
                  3,
                  T0.plusSeconds(20),
                  "user:alice",
                  AuditAction.CREATED,
                  Optional.of(c2)),
              event(
                  TENANT_A,
                  4,
                  T0.plusSeconds(30),
                  "service:runner",
                  AuditAction.ACCESSED,
                  Optional.of(c2)),
              event(
                  TENANT_A,
                  5,
                  T0.plusSeconds(40),
                  "user:alice",
                  AuditAction.CONSUMER_DECLARED,
                  Optional.empty()));
      write(u -> events.forEach(u.audit()::append));

      assertThat(audit(TENANT_A, AuditQuery.all().withCredential(c1)))
          .extracting(AuditEvent::sequence)
          .containsExactly(1L, 2L);
      assertThat(audit(TENANT_A, AuditQuery.all().withAction(AuditAction.ACCESSED)))
          .extracting(AuditEvent::sequence)
          .containsExactly(2L, 4L);
      assertThat(audit(TENANT_A, AuditQuery.all().withPrincipal("user:alice")))
          .extracting(AuditEvent::sequence)
          .containsExactly(1L, 3L, 5L);
      assertThat(audit(TENANT_A, AuditQuery.all().between(T0.plusSeconds(10), T0.plusSeconds(30))))
          .as("from is inclusive, until exclusive")
          .extracting(AuditEvent::sequence)
          .containsExactly(2L, 3L);
      assertThat(
              audit(
                  TENANT_A,
                  AuditQuery.all()
                      .withPrincipal("user:alice")
                      .withAction(AuditAction.CREATED)
                      .withCredential(c2)))
          .extracting(AuditEvent::sequence)
          .containsExactly(3L);
    }

    @Test
    @DisplayName("events are paged with the total and whether more follow")
    void paging() {
      appendEvents(TENANT_A, 7, T0, AuditAction.ACCESSED);
      Page<AuditEvent> first = db.audit().events(TENANT_A, AuditQuery.all(), PageRequest.first(3));
      assertThat(first.items()).extracting(AuditEvent::sequence).containsExactly(1L, 2L, 3L);
      assertThat(first.total()).isEqualTo(7);
      assertThat(first.hasNext()).isTrue();
      Page<AuditEvent> last = db.audit().events(TENANT_A, AuditQuery.all(), new PageRequest(6, 3));
      assertThat(last.items()).extracting(AuditEvent::sequence).containsExactly(7L);
      assertThat(last.total()).isEqualTo(7);
      assertThat(last.hasNext()).isFalse();
      Page<AuditEvent> filtered =
          read(
              u ->
                  u.audit()
                      .events(
                          TENANT_A,
                          AuditQuery.all().between(T0.plusSeconds(2), T0.plusSeconds(6)),
                          new PageRequest(1, 2)));
      assertThat(filtered.items()).extracting(AuditEvent::sequence).containsExactly(3L, 4L);
      assertThat(filtered.total()).as("the total counts filtered events").isEqualTo(4);
    }
  }

  /** Imported prototype documents. */
  @Nested
  @DisplayName("Prototype documents")
  class PrototypeDocuments {

    @Test
    @DisplayName("documents read back by code; putting one again replaces it")
    void roundTrip() {
      String json = "{\"code\":\"erp\",\"name\":\"ERP — ünïcödé\",\"fields\":[]}";
      write(
          u -> {
            u.prototypeDocuments().put("erp", json);
            u.prototypeDocuments().put("crm", "{\"code\":\"crm\"}");
          });
      assertThat(db.prototypeDocuments().all())
          .containsOnly(Map.entry("erp", json), Map.entry("crm", "{\"code\":\"crm\"}"));
      write(u -> u.prototypeDocuments().put("crm", "{\"code\":\"crm\",\"version\":\"2\"}"));
      assertThat(db.prototypeDocuments().all())
          .containsEntry("crm", "{\"code\":\"crm\",\"version\":\"2\"}")
          .hasSize(2);
    }
  }

  /** Tenancy. */
  @Nested
  @DisplayName("Tenant isolation")
  class TenantIsolation {

    private StoredCredential a;

    @BeforeEach
    void credentialInTenantA() {
      a = insert(credential(TENANT_A, "erp").prototype("demo-db").tags("x").expiresAt(T0).build());
      write(
          u -> {
            u.bindings().putConsumer(TENANT_A, Consumer.of("job", "erp"));
            u.bindings().put(binding(TENANT_A, "job", "erp", a.metadata().id()));
            u.checks()
                .append(TENANT_A, a.metadata().id(), check(CredentialState.AVAILABLE, "ok", T0));
            u.audit()
                .append(
                    event(
                        TENANT_A,
                        1,
                        T0,
                        "user:alice",
                        AuditAction.CREATED,
                        Optional.of(a.metadata().id())));
          });
    }

    @Test
    @DisplayName("another tenant's credential id reads as absent, alone or in bulk")
    void readsAsAbsent() {
      CredentialId id = a.metadata().id();
      read(
          u -> {
            assertThat(u.credentials().find(TENANT_B, id)).isEmpty();
            assertThat(u.credentials().findAll(TENANT_B, List.of(id))).isEmpty();
            assertThat(u.credentials().findByName(TENANT_B, "erp", "production")).isEmpty();
            return null;
          });
    }

    @Test
    @DisplayName("another tenant cannot update the credential: it behaves as deleted")
    void cannotUpdate() {
      StoredCredential hijack = from(a).tenant(TENANT_B).nextVersion().description("mine").build();
      assertThatThrownBy(() -> write(u -> u.credentials().update(hijack, 1)))
          .isInstanceOf(ConcurrentCredentialModificationException.class);
      assertThat(get(TENANT_A, a.metadata().id())).contains(a);
      assertThat(get(TENANT_B, a.metadata().id())).isEmpty();
    }

    @Test
    @DisplayName("another tenant cannot delete the credential, its bindings or its checks")
    void cannotDelete() {
      assertThat(db.credentials().delete(TENANT_B, a.metadata().id())).isFalse();
      assertThat(db.bindings().delete(TENANT_B, "job", Topic.of("erp"))).isFalse();
      assertThat(get(TENANT_A, a.metadata().id())).contains(a);
      assertThat(db.bindings().ofConsumer(TENANT_A, "job")).hasSize(1);
      assertThat(db.checks().latest(TENANT_A, List.of(a.metadata().id()))).hasSize(1);
    }

    @Test
    @DisplayName("listings, counts and queries of another tenant do not include the credential")
    void listingsAreScoped() {
      read(
          u -> {
            Page<StoredCredential> page =
                u.credentials().list(TENANT_B, CredentialQuery.all(), ALL);
            assertThat(page.items()).isEmpty();
            assertThat(page.total()).isZero();
            assertThat(
                    u.credentials().list(TENANT_B, CredentialQuery.all().withTag("x"), ALL).total())
                .isZero();
            assertThat(u.credentials().ofPrototypes(TENANT_B, Set.of("demo-db"))).isEmpty();
            assertThat(u.credentials().expiringBefore(TENANT_B, T0.plusSeconds(1))).isEmpty();
            return null;
          });
    }

    @Test
    @DisplayName("consumers and bindings belong to one tenant")
    void bindingsAreScoped() {
      read(
          u -> {
            assertThat(u.bindings().consumer(TENANT_B, "job")).isEmpty();
            assertThat(u.bindings().ofConsumer(TENANT_B, "job")).isEmpty();
            assertThat(u.bindings().ofCredential(TENANT_B, a.metadata().id())).isEmpty();
            return null;
          });
      write(u -> u.bindings().putConsumer(TENANT_B, Consumer.of("job", "crm")));
      assertThat(db.bindings().consumer(TENANT_A, "job")).contains(Consumer.of("job", "erp"));
    }

    @Test
    @DisplayName("check results belong to one tenant")
    void checksAreScoped() {
      assertThat(db.checks().latest(TENANT_B, List.of(a.metadata().id()))).isEmpty();
    }

    @Test
    @DisplayName("each tenant has its own audit chain, sequence and reads")
    void auditIsScoped() {
      read(
          u -> {
            assertThat(u.audit().last(TENANT_B)).isEmpty();
            assertThat(u.audit().events(TENANT_B, AuditQuery.all(), ALL).total()).isZero();
            assertThat(
                    u.audit()
                        .events(TENANT_B, AuditQuery.all().withCredential(a.metadata().id()), ALL)
                        .items())
                .isEmpty();
            return null;
          });
      AuditEvent b1 = event(TENANT_B, 1, T0, "user:eve", AuditAction.CREATED, Optional.empty());
      write(u -> u.audit().append(b1));
      assertThat(db.audit().last(TENANT_B)).contains(b1);
      assertThat(audit(TENANT_B, AuditQuery.all())).containsExactly(b1);
      assertThat(audit(TENANT_A, AuditQuery.all()))
          .extracting(AuditEvent::tenant)
          .containsOnly(TENANT_A);
    }
  }

  /** Uniqueness of (tenant, name, environment). */
  @Nested
  @DisplayName("Uniqueness of tenant, name and environment")
  class Uniqueness {

    @Test
    @DisplayName("a second credential with the same name and environment is refused")
    void duplicateRefused() {
      StoredCredential first = insert(credential(TENANT_A, "erp").build());
      StoredCredential second = credential(TENANT_A, "erp").keyId("k2").build();
      assertThatThrownBy(() -> insert(second)).isInstanceOf(DuplicateCredentialException.class);
      assertThat(list(TENANT_A, CredentialQuery.all())).containsExactly(first);
      assertThat(get(TENANT_A, second.metadata().id())).isEmpty();
    }

    @Test
    @DisplayName("an id cannot be inserted twice")
    void duplicateIdRefused() {
      StoredCredential first = insert(credential(TENANT_A, "erp").build());
      StoredCredential sameId = credential(TENANT_A, "other").id(first.metadata().id()).build();
      assertThatThrownBy(() -> insert(sameId)).isInstanceOf(DuplicateCredentialException.class);
      assertThat(get(TENANT_A, first.metadata().id())).contains(first);
      assertThat(byName(TENANT_A, "other", "production")).isEmpty();
    }

    @Test
    @DisplayName("the same name is allowed in another environment and in another tenant")
    void sameNameElsewhere() {
      insert(credential(TENANT_A, "erp").environment("production").build());
      insert(credential(TENANT_A, "erp").environment("staging").build());
      insert(credential(TENANT_B, "erp").environment("production").build());
      assertThat(list(TENANT_A, CredentialQuery.all())).hasSize(2);
      assertThat(list(TENANT_B, CredentialQuery.all())).hasSize(1);
    }

    @Test
    @DisplayName("renaming onto a taken name and environment is refused and changes nothing")
    void renameOntoTakenRefused() {
      insert(credential(TENANT_A, "erp").build());
      StoredCredential crm = insert(credential(TENANT_A, "crm").build());
      StoredCredential renamed = from(crm).nextVersion().name("erp").build();
      assertThatThrownBy(() -> write(u -> u.credentials().update(renamed, 1)))
          .isInstanceOf(DuplicateCredentialException.class);
      assertThat(get(TENANT_A, crm.metadata().id())).contains(crm);
      StoredCredential moved =
          from(crm).nextVersion().environment("production").name("erp").build();
      assertThatThrownBy(() -> write(u -> u.credentials().update(moved, 1)))
          .isInstanceOf(DuplicateCredentialException.class);
    }

    @Test
    @DisplayName("after a rename the old name is free and the new one finds the credential")
    void renameFreesOldName() {
      StoredCredential erp = insert(credential(TENANT_A, "erp").build());
      StoredCredential renamed =
          from(erp).nextVersion().name("erp old").environment("archive").build();
      write(u -> u.credentials().update(renamed, 1));
      read(
          u -> {
            assertThat(u.credentials().findByName(TENANT_A, "erp", "production")).isEmpty();
            assertThat(u.credentials().findByName(TENANT_A, "erp old", "archive"))
                .contains(renamed);
            return null;
          });
      insert(credential(TENANT_A, "erp").build());
      assertThat(list(TENANT_A, CredentialQuery.all())).hasSize(2);
    }

    @Test
    @DisplayName("an update that keeps its own name is not a duplicate of itself")
    void keepOwnName() {
      StoredCredential erp = insert(credential(TENANT_A, "erp").build());
      StoredCredential same = from(erp).nextVersion().description("new").build();
      write(u -> u.credentials().update(same, 1));
      assertThat(get(TENANT_A, erp.metadata().id())).contains(same);
    }

    @Test
    @DisplayName("after a delete the name is free again")
    void deleteFreesName() {
      StoredCredential erp = insert(credential(TENANT_A, "erp").build());
      write(u -> u.credentials().delete(TENANT_A, erp.metadata().id()));
      StoredCredential again = insert(credential(TENANT_A, "erp").build());
      assertThat(byName(TENANT_A, "erp", "production")).contains(again);
    }
  }

  /** Optimistic versioning. */
  @Nested
  @DisplayName("Optimistic versioning")
  class OptimisticVersioning {

    @Test
    @DisplayName("an update based on the stored version succeeds and stores the new version")
    void currentVersionWins() {
      StoredCredential v1 = insert(credential(TENANT_A, "erp").build());
      StoredCredential v2 = from(v1).nextVersion().build();
      write(u -> u.credentials().update(v2, 1));
      StoredCredential v3 = from(v2).nextVersion().build();
      write(u -> u.credentials().update(v3, 2));
      assertThat(get(TENANT_A, v1.metadata().id()).orElseThrow().metadata().version()).isEqualTo(3);
    }

    @Test
    @DisplayName("an update based on a stale version is refused and changes nothing")
    void staleVersionRefused() {
      StoredCredential v1 = insert(credential(TENANT_A, "erp").build());
      StoredCredential v2 = from(v1).nextVersion().description("first writer").build();
      write(u -> u.credentials().update(v2, 1));
      StoredCredential late =
          from(v1).nextVersion().description("second writer").sealedValues(new byte[] {9}).build();
      assertThatThrownBy(() -> write(u -> u.credentials().update(late, 1)))
          .isInstanceOf(ConcurrentCredentialModificationException.class);
      assertThat(get(TENANT_A, v1.metadata().id())).contains(v2);
    }

    @Test
    @DisplayName("an update of a deleted credential is refused as a concurrent modification")
    void deletedRefused() {
      StoredCredential v1 = insert(credential(TENANT_A, "erp").build());
      write(u -> u.credentials().delete(TENANT_A, v1.metadata().id()));
      StoredCredential v2 = from(v1).nextVersion().build();
      assertThatThrownBy(() -> write(u -> u.credentials().update(v2, 1)))
          .isInstanceOf(ConcurrentCredentialModificationException.class);
      assertThat(get(TENANT_A, v1.metadata().id())).isEmpty();
    }

    @Test
    @DisplayName("of concurrent updates based on the same version exactly one wins")
    void oneOfConcurrentUpdatesWins() throws Exception {
      StoredCredential v1 = insert(credential(TENANT_A, "erp").build());
      int threads = 6;
      List<Object> outcomes =
          concurrently(
              threads,
              i -> {
                StoredCredential next = from(v1).nextVersion().description("writer " + i).build();
                write(u -> u.credentials().update(next, 1));
                return next;
              });
      List<Object> winners =
          outcomes.stream().filter(o -> o instanceof StoredCredential).collect(Collectors.toList());
      assertThat(winners).hasSize(1);
      assertThat(outcomes)
          .filteredOn(o -> !(o instanceof StoredCredential))
          .hasSize(threads - 1)
          .allMatch(o -> o instanceof ConcurrentCredentialModificationException);
      assertThat(get(TENANT_A, v1.metadata().id())).contains((StoredCredential) winners.get(0));
    }
  }

  /** Atomic units of work. */
  @Nested
  @DisplayName("Atomic units of work")
  class UnitsOfWork {

    @Test
    @DisplayName("work that throws after writes of every kind leaves nothing behind")
    void rollsBackEverything() {
      StoredCredential kept = insert(credential(TENANT_A, "kept").build());
      StoredCredential doomed = insert(credential(TENANT_A, "doomed").build());
      write(
          u -> {
            u.bindings().putConsumer(TENANT_A, Consumer.of("job", "erp", "crm"));
            u.bindings().put(binding(TENANT_A, "job", "erp", kept.metadata().id()));
            u.bindings().put(binding(TENANT_A, "job", "crm", doomed.metadata().id()));
            u.checks()
                .append(
                    TENANT_A, doomed.metadata().id(), check(CredentialState.AVAILABLE, "ok", T0));
            u.audit()
                .append(
                    event(TENANT_A, 1, T0, "user:alice", AuditAction.CREATED, Optional.empty()));
            u.prototypeDocuments().put("erp", "{}");
          });
      Snapshot before = snapshot(TENANT_A, "job");

      RuntimeException boom = new IllegalStateException("boom after many writes");
      assertThatThrownBy(
              () ->
                  write(
                      u -> {
                        StoredCredential fresh = credential(TENANT_A, "new").build();
                        u.credentials().insert(fresh);
                        u.credentials()
                            .update(
                                from(kept).nextVersion().description("changed").keyId("k9").build(),
                                1);
                        u.credentials().delete(TENANT_A, doomed.metadata().id());
                        u.bindings().putConsumer(TENANT_A, Consumer.of("job", "other"));
                        u.bindings().put(binding(TENANT_A, "job", "erp", fresh.metadata().id()));
                        u.bindings().delete(TENANT_A, "job", Topic.of("crm"));
                        u.checks()
                            .append(
                                TENANT_A,
                                kept.metadata().id(),
                                check(CredentialState.UNAVAILABLE, "down", T0));
                        u.audit()
                            .append(
                                event(
                                    TENANT_A,
                                    2,
                                    T0,
                                    "user:alice",
                                    AuditAction.UPDATED,
                                    Optional.empty()));
                        u.prototypeDocuments().put("erp", "{\"changed\":true}");
                        u.prototypeDocuments().put("crm", "{}");
                        throw boom;
                      }))
          .as("the exception propagates unchanged")
          .isSameAs(boom);

      assertThat(snapshot(TENANT_A, "job")).isEqualTo(before);
      assertThat(get(TENANT_A, doomed.metadata().id()).orElseThrow().sealedValues())
          .as("a rolled back delete leaves the sealed bytes intact")
          .containsExactly(doomed.sealedValues());
    }

    @Test
    @DisplayName("a credential exception raised by the repository itself propagates unchanged")
    void repositoryExceptionPropagates() {
      insert(credential(TENANT_A, "erp").build());
      Snapshot before = snapshot(TENANT_A, "job");
      assertThatThrownBy(
              () ->
                  write(
                      u -> {
                        u.credentials().insert(credential(TENANT_A, "crm").build());
                        u.bindings().putConsumer(TENANT_A, Consumer.of("job", "erp"));
                        u.credentials().insert(credential(TENANT_A, "erp").build());
                      }))
          .isExactlyInstanceOf(DuplicateCredentialException.class);
      assertThat(snapshot(TENANT_A, "job")).isEqualTo(before);
    }

    @Test
    @DisplayName("an error thrown by the work also rolls it back")
    void errorRollsBack() {
      AssertionError error = new AssertionError("failed inside the unit of work");
      assertThatThrownBy(
              () ->
                  write(
                      u -> {
                        u.credentials().insert(credential(TENANT_A, "erp").build());
                        throw error;
                      }))
          .isSameAs(error);
      assertThat(list(TENANT_A, CredentialQuery.all())).isEmpty();
    }

    @Test
    @DisplayName("the value the work returns is returned")
    void returnsValue() {
      String result = repository.inTransaction(u -> "result");
      assertThat(result).isEqualTo("result");
      Integer answer = repository.read(u -> 42);
      assertThat(answer).isEqualTo(42);
    }
  }

  /** Secure delete. */
  @Nested
  @DisplayName("Secure delete")
  class SecureDelete {

    @Test
    @DisplayName(
        "deleting a credential removes its bindings and check results but keeps its audit events")
    void deleteCascades() {
      StoredCredential erp = insert(credential(TENANT_A, "erp").build());
      StoredCredential crm = insert(credential(TENANT_A, "crm").build());
      CredentialId id = erp.metadata().id();
      bind(
          binding(TENANT_A, "job-1", "erp", id),
          binding(TENANT_A, "job-2", "erp", id),
          binding(TENANT_A, "job-2", "crm", crm.metadata().id()));
      write(
          u -> {
            u.checks().append(TENANT_A, id, check(CredentialState.AVAILABLE, "ok", T0));
            u.checks()
                .append(TENANT_A, crm.metadata().id(), check(CredentialState.AVAILABLE, "ok", T0));
            u.audit()
                .append(event(TENANT_A, 1, T0, "user:alice", AuditAction.CREATED, Optional.of(id)));
          });
      write(
          u -> {
            assertThat(u.credentials().delete(TENANT_A, id)).isTrue();
            u.audit()
                .append(
                    event(
                        TENANT_A,
                        2,
                        T0.plusSeconds(1),
                        "user:alice",
                        AuditAction.DELETED,
                        Optional.of(id)));
          });
      read(
          u -> {
            assertThat(u.bindings().ofCredential(TENANT_A, id)).isEmpty();
            assertThat(u.bindings().ofConsumer(TENANT_A, "job-1")).isEmpty();
            assertThat(u.bindings().ofConsumer(TENANT_A, "job-2"))
                .extracting(Binding::credentialId)
                .containsExactly(crm.metadata().id());
            assertThat(u.checks().latest(TENANT_A, List.of(id, crm.metadata().id())))
                .containsOnlyKeys(crm.metadata().id());
            assertThat(u.audit().events(TENANT_A, AuditQuery.all().withCredential(id), ALL).items())
                .extracting(AuditEvent::action)
                .containsExactly(AuditAction.CREATED, AuditAction.DELETED);
            assertThat(u.credentials().find(TENANT_A, crm.metadata().id())).contains(crm);
            return null;
          });
    }

    @Test
    @DisplayName(
        "a credential inserted again under a deleted credential's name starts without checks")
    void noCheckResultsResurface() {
      StoredCredential erp = insert(credential(TENANT_A, "erp").build());
      write(
          u ->
              u.checks()
                  .append(
                      TENANT_A, erp.metadata().id(), check(CredentialState.AVAILABLE, "ok", T0)));
      write(u -> u.credentials().delete(TENANT_A, erp.metadata().id()));
      StoredCredential again = insert(credential(TENANT_A, "erp").build());
      assertThat(latest(TENANT_A, erp.metadata().id(), again.metadata().id())).isEmpty();
    }
  }

  /** Listing and queries. */
  @Nested
  @DisplayName("Listing and queries")
  class Listing {

    @Test
    @DisplayName("credentials are listed by name, then environment")
    void ordering() {
      insert(credential(TENANT_A, "delta").build());
      insert(credential(TENANT_A, "alpha").environment("staging").build());
      insert(credential(TENANT_A, "charlie").build());
      insert(credential(TENANT_A, "alpha").environment("production").build());
      insert(credential(TENANT_A, "bravo").build());
      List<StoredCredential> all = list(TENANT_A, CredentialQuery.all());
      assertThat(all)
          .extracting(s -> s.metadata().name() + "/" + s.metadata().environment())
          .containsExactly(
              "alpha/production",
              "alpha/staging",
              "bravo/production",
              "charlie/production",
              "delta/production");
    }

    @Test
    @DisplayName("every query filter selects what it names")
    void filters() {
      insert(credential(TENANT_A, "erp main").prototype("demo-api").tags("finance", "eu").build());
      insert(
          credential(TENANT_A, "erp backup")
              .prototype("demo-api")
              .environment("staging")
              .active(false)
              .build());
      insert(credential(TENANT_A, "warehouse").prototype("demo-db").tags("eu").build());
      insert(
          credential(TENANT_A, "crm")
              .prototype("demo-db")
              .environment("staging")
              .tags("finance")
              .build());

      assertThat(names(list(TENANT_A, CredentialQuery.all().withPrototype("demo-db"))))
          .containsExactly("crm", "warehouse");
      assertThat(names(list(TENANT_A, CredentialQuery.all().withEnvironment("staging"))))
          .containsExactly("crm", "erp backup");
      assertThat(names(list(TENANT_A, CredentialQuery.all().withTag("finance"))))
          .containsExactly("crm", "erp main");
      assertThat(names(list(TENANT_A, CredentialQuery.all().withActive(false))))
          .containsExactly("erp backup");
      assertThat(names(list(TENANT_A, CredentialQuery.all().withActive(true))))
          .containsExactly("crm", "erp main", "warehouse");
      assertThat(names(list(TENANT_A, CredentialQuery.all().withNameContaining("ERP"))))
          .as("name filter ignores case")
          .containsExactly("erp backup", "erp main");
      assertThat(names(list(TENANT_A, CredentialQuery.all().withNameContaining("house"))))
          .containsExactly("warehouse");
      assertThat(
              names(
                  list(
                      TENANT_A,
                      CredentialQuery.all()
                          .withPrototype("demo-api")
                          .withTag("eu")
                          .withActive(true)
                          .withEnvironment("production")
                          .withNameContaining("main"))))
          .containsExactly("erp main");
      assertThat(list(TENANT_A, CredentialQuery.all().withTag("none"))).isEmpty();
    }

    @Test
    @DisplayName("pages carry the total and tell whether more follow")
    void paging() {
      for (String n : List.of("a1", "a2", "a3", "a4", "a5")) {
        insert(credential(TENANT_A, n).build());
      }
      Page<StoredCredential> first =
          db.credentials().list(TENANT_A, CredentialQuery.all(), PageRequest.first(2));
      assertThat(names(first.items())).containsExactly("a1", "a2");
      assertThat(first.total()).isEqualTo(5);
      assertThat(first.hasNext()).isTrue();
      Page<StoredCredential> second =
          db.credentials().list(TENANT_A, CredentialQuery.all(), first.request().next());
      assertThat(names(second.items())).containsExactly("a3", "a4");
      Page<StoredCredential> last =
          db.credentials().list(TENANT_A, CredentialQuery.all(), new PageRequest(4, 2));
      assertThat(names(last.items())).containsExactly("a5");
      assertThat(last.hasNext()).isFalse();
      assertThat(last.total()).isEqualTo(5);
      Page<StoredCredential> beyond =
          db.credentials().list(TENANT_A, CredentialQuery.all(), new PageRequest(10, 2));
      assertThat(beyond.items()).isEmpty();
      assertThat(beyond.total()).isEqualTo(5);
      Page<StoredCredential> filtered =
          read(
              u ->
                  u.credentials()
                      .list(
                          TENANT_A,
                          CredentialQuery.all().withNameContaining("a"),
                          new PageRequest(1, 1)));
      assertThat(names(filtered.items())).containsExactly("a2");
      assertThat(filtered.total()).isEqualTo(5);
    }

    @Test
    @DisplayName("credentials of any of several prototypes are found, ordered by name")
    void ofPrototypes() {
      insert(credential(TENANT_A, "zulu").prototype("demo-api").build());
      insert(credential(TENANT_A, "yankee").prototype("demo-db").build());
      insert(credential(TENANT_A, "xray").prototype("demo-cloud").build());
      assertThat(names(db.credentials().ofPrototypes(TENANT_A, Set.of("demo-api", "demo-db"))))
          .containsExactly("yankee", "zulu");
      List<StoredCredential> unknown = db.credentials().ofPrototypes(TENANT_A, Set.of("unknown"));
      assertThat(unknown).isEmpty();
      List<StoredCredential> none = db.credentials().ofPrototypes(TENANT_A, Set.of());
      assertThat(none).isEmpty();
    }

    @Test
    @DisplayName(
        "binding candidates are the first active, unexpired credentials of the prototypes, by name")
    void candidates() {
      insert(credential(TENANT_A, "echo").prototype("demo-api").build());
      insert(credential(TENANT_A, "delta").prototype("demo-db").build());
      insert(credential(TENANT_A, "charlie").prototype("demo-api").active(false).build());
      insert(credential(TENANT_A, "bravo").prototype("demo-db").expiresAt(T0).build());
      insert(credential(TENANT_A, "alpha").prototype("demo-cloud").build());
      insert(
          credential(TENANT_A, "foxtrot")
              .prototype("demo-api")
              .expiresAt(T0.plusSeconds(1))
              .build());
      insert(credential(TENANT_B, "able").prototype("demo-api").build());
      Set<String> both = Set.of("demo-api", "demo-db");
      assertThat(names(db.credentials().candidates(TENANT_A, both, T0, 10)))
          .as("inactive and expired (at or before now) left out, other prototypes and tenants too")
          .containsExactly("delta", "echo", "foxtrot");
      assertThat(names(db.credentials().candidates(TENANT_A, both, T0, 2)))
          .containsExactly("delta", "echo");
      assertThat(db.credentials().candidates(TENANT_A, both, T0, 0)).isEmpty();
      assertThat(db.credentials().candidates(TENANT_A, Set.of(), T0, 10)).isEmpty();
    }

    @Test
    @DisplayName("active credentials expiring before an instant are found, soonest first")
    void expiringBefore() {
      insert(credential(TENANT_A, "late").expiresAt(T0.plus(Duration.ofDays(30))).build());
      insert(credential(TENANT_A, "soon").expiresAt(T0.plus(Duration.ofDays(2))).build());
      insert(credential(TENANT_A, "sooner").expiresAt(T0.plus(Duration.ofDays(1))).build());
      insert(credential(TENANT_A, "inactive").active(false).expiresAt(T0.plusSeconds(1)).build());
      insert(credential(TENANT_A, "never").build());
      insert(credential(TENANT_A, "expired").expiresAt(T0.minusSeconds(60)).build());
      insert(credential(TENANT_A, "boundary").expiresAt(T0.plus(Duration.ofDays(7))).build());

      assertThat(names(db.credentials().expiringBefore(TENANT_A, T0.plus(Duration.ofDays(7)))))
          .as("active only, strictly before the instant, soonest first")
          .containsExactly("expired", "sooner", "soon");
    }
  }

  /** Key rotation queries, across tenants. */
  @Nested
  @DisplayName("Key rotation queries")
  class KeyRotation {

    @Test
    @DisplayName("credentials are counted per key id across every tenant")
    void countByKeyId() {
      insert(credential(TENANT_A, "a1").keyId("k1").build());
      insert(credential(TENANT_A, "a2").keyId("k2").build());
      insert(credential(TENANT_B, "b1").keyId("k1").build());
      assertThat(db.credentials().countByKeyId())
          .containsOnly(Map.entry("k1", 2L), Map.entry("k2", 1L));
    }

    @Test
    @DisplayName(
        "credentials not sealed with a key are found across tenants, by tenant and id, up to a limit")
    void notSealedWith() {
      insert(credential(TENANT_B, "b3").id(id(3)).keyId("old").build());
      insert(credential(TENANT_A, "a2").id(id(2)).keyId("old").build());
      insert(credential(TENANT_A, "a1").id(id(5)).keyId("older").build());
      insert(credential(TENANT_A, "a0").id(id(1)).keyId("new").build());
      insert(credential(TENANT_B, "b1").id(id(4)).keyId("new").build());

      assertThat(db.credentials().notSealedWith("new", 10))
          .extracting(s -> s.metadata().id())
          .containsExactly(id(2), id(5), id(3));
      assertThat(db.credentials().notSealedWith("new", 2))
          .extracting(s -> s.metadata().id())
          .containsExactly(id(2), id(5));
      assertThat(db.credentials().notSealedWith("none", 100)).hasSize(5);
    }
  }

  /** Concurrent use. */
  @Nested
  @DisplayName("Concurrency")
  class Concurrency {

    @Test
    @DisplayName(
        "concurrent units of work that append after reading the last audit event build gap-free chains per tenant")
    void auditChainsDoNotFork() throws Exception {
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
    void oneOfConcurrentInsertsWins() throws Exception {
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
  }

  /**
   * Runs {@code count} tasks at once from a common start; returns each task's result or the
   * exception it threw, in task order.
   */
  private static List<Object> concurrently(int count, Function<Integer, Object> task)
      throws Exception {
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
