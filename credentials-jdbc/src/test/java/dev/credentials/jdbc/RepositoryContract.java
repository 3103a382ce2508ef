package dev.credentials.jdbc;

import static dev.credentials.jdbc.Fixtures.ACME;
import static dev.credentials.jdbc.Fixtures.GLOBEX;
import static dev.credentials.jdbc.Fixtures.T0;
import static dev.credentials.jdbc.Fixtures.binding;
import static dev.credentials.jdbc.Fixtures.check;
import static dev.credentials.jdbc.Fixtures.cred;
import static dev.credentials.jdbc.Fixtures.event;
import static dev.credentials.jdbc.Fixtures.next;
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
import dev.credentials.spi.CredentialRepository;
import dev.credentials.spi.StoredCredential;
import dev.credentials.spi.UnitOfWork;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The repository SPI's behaviour, as the in-memory reference implementation defines it. Runs
 * against the reference itself (so that these tests describe it truthfully) and against every
 * database.
 */
abstract class RepositoryContract {

  protected CredentialRepository repository;

  /**
   * @return a fresh, empty repository
   */
  protected abstract CredentialRepository newRepository();

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

  <T> T tx(Function<UnitOfWork, T> work) {
    return repository.inTransaction(work);
  }

  void write(java.util.function.Consumer<UnitOfWork> work) {
    repository.inTransaction(
        u -> {
          work.accept(u);
          return null;
        });
  }

  <T> T read(Function<UnitOfWork, T> work) {
    return repository.read(work);
  }

  StoredCredential insert(StoredCredential s) {
    write(u -> u.credentials().insert(s));
    return s;
  }

  // ------------------------------------------------------------------ credentials

  @Test
  @DisplayName("a credential reads back equal by id, by name and by ids, nanoseconds included")
  void roundTrip() {
    StoredCredential s =
        insert(
            cred("erp")
                .expires(Instant.parse("2027-01-01T00:00:00.000000001Z"))
                .lastTest(check(CredentialState.DEGRADED, "slow", T0.plusNanos(7)))
                .build());
    StoredCredential bare = insert(cred("bare").tags().build());
    assertThat(read((UnitOfWork u) -> u.credentials().find(ACME, s.metadata().id()))).contains(s);
    assertThat(read((UnitOfWork u) -> u.credentials().findByName(ACME, "erp", "production")))
        .contains(s);
    assertThat(read((UnitOfWork u) -> u.credentials().find(ACME, bare.metadata().id())))
        .contains(bare);
    assertThat(read((UnitOfWork u) -> u.credentials().findAll(ACME, List.of(s.metadata().id()))))
        .containsExactly(Map.entry(s.metadata().id(), s));
  }

  @Test
  @DisplayName("extreme instants and a large sealed value survive storage")
  void extremes() {
    byte[] big = new byte[200_000];
    new java.util.Random(1).nextBytes(big);
    StoredCredential s =
        new StoredCredential(
            cred("x").expires(Instant.parse("9999-12-31T23:59:59.999999999Z")).build().metadata(),
            big);
    StoredCredential old =
        insert(cred("old").expires(Instant.parse("1901-01-01T00:00:00.5Z")).build());
    insert(s);
    assertThat(read((UnitOfWork u) -> u.credentials().find(ACME, s.metadata().id()))).contains(s);
    assertThat(read((UnitOfWork u) -> u.credentials().find(ACME, old.metadata().id())))
        .contains(old);
  }

  @Test
  @DisplayName(
      "credentials(ids) returns the found ones in the order asked; absent and foreign ids are missing")
  void credentialsByIds() {
    StoredCredential a = insert(cred("a").build());
    StoredCredential b = insert(cred("b").build());
    StoredCredential foreign = insert(cred("a").tenant(GLOBEX).build());
    CredentialId absent = CredentialId.random();
    Map<CredentialId, StoredCredential> found =
        read(
            u ->
                u.credentials()
                    .findAll(
                        ACME,
                        List.of(
                            b.metadata().id(),
                            absent,
                            foreign.metadata().id(),
                            a.metadata().id())));
    assertThat(found.keySet()).containsExactly(b.metadata().id(), a.metadata().id());
    assertThat(read((UnitOfWork u) -> u.credentials().findAll(ACME, List.of()))).isEmpty();
  }

  @Test
  @DisplayName("names are unique per tenant and environment, with the reference's message")
  void duplicateName() {
    insert(cred("db").build());
    assertThatThrownBy(() -> insert(cred("db").build()))
        .isInstanceOf(DuplicateCredentialException.class)
        .hasMessage(
            "a credential named 'db' already exists in environment 'production' of tenant acme;"
                + " choose another name or environment, or update the existing one");
    insert(cred("db").env("staging").build());
    insert(cred("db").tenant(GLOBEX).build());
    insert(cred("DB").build());
    insert(cred("db ").build());
    assertThat(
            read(u -> u.credentials().list(ACME, CredentialQuery.all(), PageRequest.first(10)))
                .total())
        .isEqualTo(4);
  }

  @Test
  @DisplayName("an id is unique in its tenant; a name clash is reported before an id clash")
  void duplicateId() {
    StoredCredential a = insert(cred("a").build());
    assertThatThrownBy(() -> insert(cred("b").id(a.metadata().id()).build()))
        .isInstanceOf(DuplicateCredentialException.class)
        .hasMessage("a credential with id " + a.metadata().id() + " already exists; use a new id");
    assertThatThrownBy(() -> insert(cred("a").id(a.metadata().id()).build()))
        .isInstanceOf(DuplicateCredentialException.class)
        .hasMessageContaining("named 'a'");
  }

  @Test
  @DisplayName("a duplicate caught inside a unit of work leaves the rest of it intact")
  void duplicateCaughtInsideWork() {
    insert(cred("db").build());
    StoredCredential other = cred("other").build();
    write(
        u -> {
          assertThatThrownBy(() -> u.credentials().insert(cred("db").build()))
              .isInstanceOf(DuplicateCredentialException.class);
          u.credentials().insert(other);
        });
    assertThat(read((UnitOfWork u) -> u.credentials().find(ACME, other.metadata().id())))
        .contains(other);
  }

  @Test
  @DisplayName("an update needs the stored version and replaces everything")
  void update() {
    StoredCredential v1 = insert(cred("db").build());
    StoredCredential v2 = next(v1, "db2");
    write(u -> u.credentials().update(v2, 1));
    assertThat(read((UnitOfWork u) -> u.credentials().find(ACME, v1.metadata().id()))).contains(v2);
    assertThat(read((UnitOfWork u) -> u.credentials().findByName(ACME, "db", "production")))
        .isEmpty();
    assertThat(read((UnitOfWork u) -> u.credentials().findByName(ACME, "db2", "production")))
        .contains(v2);
    assertThat(
            read(u ->
                    u.credentials()
                        .list(ACME, CredentialQuery.all().withTag("edited"), PageRequest.first(5)))
                .items())
        .containsExactly(v2);
    assertThat(
            read(u ->
                    u.credentials()
                        .list(ACME, CredentialQuery.all().withTag("team-a"), PageRequest.first(5)))
                .items())
        .isEmpty();
    // the old name is free again
    insert(cred("db").build());
  }

  @Test
  @DisplayName(
      "an update based on a stale version, of a missing or of a foreign credential is a concurrent modification")
  void staleUpdate() {
    StoredCredential v1 = insert(cred("db").build());
    write(u -> u.credentials().update(next(v1, "db"), 1));
    assertThatThrownBy(() -> write(u -> u.credentials().update(next(v1, "db"), 1)))
        .isInstanceOf(ConcurrentCredentialModificationException.class)
        .hasMessage(
            "credential "
                + v1.metadata().id()
                + " was changed or deleted since version 1; read it again and retry");
    StoredCredential missing = cred("ghost").build();
    assertThatThrownBy(() -> write(u -> u.credentials().update(next(missing, "ghost"), 1)))
        .isInstanceOf(ConcurrentCredentialModificationException.class);
    StoredCredential foreign = cred("db").tenant(GLOBEX).id(v1.metadata().id()).version(2).build();
    assertThatThrownBy(() -> write(u -> u.credentials().update(next(foreign, "x"), 2)))
        .isInstanceOf(ConcurrentCredentialModificationException.class);
    assertThat(
            read((UnitOfWork u) -> u.credentials().find(ACME, v1.metadata().id()))
                .orElseThrow()
                .metadata()
                .name())
        .isEqualTo("db");
  }

  @Test
  @DisplayName("renaming onto a taken name is a duplicate, and a stale version wins over the clash")
  void renameClash() {
    insert(cred("a").build());
    StoredCredential b = insert(cred("b").build());
    assertThatThrownBy(() -> write(u -> u.credentials().update(next(b, "a"), 1)))
        .isInstanceOf(DuplicateCredentialException.class)
        .hasMessageContaining("named 'a' already exists");
    assertThatThrownBy(() -> write(u -> u.credentials().update(next(b, "a"), 7)))
        .isInstanceOf(ConcurrentCredentialModificationException.class);
    assertThat(read((UnitOfWork u) -> u.credentials().find(ACME, b.metadata().id()))).contains(b);
  }

  @Test
  @DisplayName(
      "delete removes the credential, its bindings and check results, and keeps the audit trail")
  void delete() {
    StoredCredential s = insert(cred("db").build());
    StoredCredential keep = insert(cred("keep").build());
    CredentialId id = s.metadata().id();
    write(
        u -> {
          u.bindings().putConsumer(ACME, Consumer.of("job-1", "postgres", "other"));
          u.bindings().put(binding(ACME, "job-1", "postgres", id));
          u.bindings().put(binding(ACME, "job-1", "other", keep.metadata().id()));
          u.checks().append(ACME, id, check(CredentialState.AVAILABLE, "ok", T0));
          u.checks().append(ACME, keep.metadata().id(), check(CredentialState.AVAILABLE, "ok", T0));
          u.audit().last(ACME);
          u.audit().append(event(ACME, 1, AuditAction.CREATED, Optional.of(id), T0));
        });
    assertThat(tx((UnitOfWork u) -> u.credentials().delete(GLOBEX, id))).isFalse();
    assertThat(tx((UnitOfWork u) -> u.credentials().delete(ACME, id))).isTrue();
    assertThat(tx((UnitOfWork u) -> u.credentials().delete(ACME, id))).isFalse();
    assertThat(read((UnitOfWork u) -> u.credentials().find(ACME, id))).isEmpty();
    assertThat(read((UnitOfWork u) -> u.bindings().ofCredential(ACME, id))).isEmpty();
    assertThat(read((UnitOfWork u) -> u.bindings().ofConsumer(ACME, "job-1"))).hasSize(1);
    assertThat(read((UnitOfWork u) -> u.checks().latest(ACME, List.of(id, keep.metadata().id()))))
        .containsOnlyKeys(keep.metadata().id());
    assertThat(
            read(u ->
                    u.audit()
                        .events(ACME, AuditQuery.all().withCredential(id), PageRequest.first(5)))
                .total())
        .isEqualTo(1);
    insert(cred("db").build());
  }

  @Test
  @DisplayName("a deleted credential comes back whole when the unit of work fails")
  void deleteRolledBack() {
    StoredCredential s = insert(cred("db").build());
    write(u -> u.bindings().put(binding(ACME, "job-1", "postgres", s.metadata().id())));
    RuntimeException boom = new IllegalStateException("boom");
    assertThatThrownBy(
            () ->
                write(
                    u -> {
                      u.credentials().delete(ACME, s.metadata().id());
                      throw boom;
                    }))
        .isSameAs(boom);
    assertThat(read((UnitOfWork u) -> u.credentials().find(ACME, s.metadata().id()))).contains(s);
    assertThat(read((UnitOfWork u) -> u.bindings().ofCredential(ACME, s.metadata().id())))
        .hasSize(1);
  }

  @Test
  @DisplayName("listing orders by name, environment, id and filters on every field")
  void listing() {
    StoredCredential b = insert(cred("b").prototype("http").tags("x").build());
    StoredCredential a2 = insert(cred("a").env("staging").tags("x", "y").build());
    StoredCredential a1 = insert(cred("a").env("production").active(false).tags().build());
    StoredCredential pct = insert(cred("Big_100%").env("dev").tags("y").build());
    StoredCredential other = insert(cred("Bigx100x").env("dev").build());
    insert(cred("a").tenant(GLOBEX).build());
    Function<CredentialQuery, List<StoredCredential>> list =
        q -> read(u -> u.credentials().list(ACME, q, PageRequest.first(100)).items());
    assertThat(list.apply(CredentialQuery.all())).containsExactly(pct, other, a1, a2, b);
    assertThat(list.apply(CredentialQuery.all().withPrototype("http"))).containsExactly(b);
    assertThat(list.apply(CredentialQuery.all().withEnvironment("dev")))
        .containsExactly(pct, other);
    assertThat(list.apply(CredentialQuery.all().withTag("x"))).containsExactly(a2, b);
    assertThat(list.apply(CredentialQuery.all().withTag("nope"))).isEmpty();
    assertThat(list.apply(CredentialQuery.all().withActive(false))).containsExactly(a1);
    assertThat(list.apply(CredentialQuery.all().withActive(true)))
        .containsExactly(pct, other, a2, b);
    assertThat(list.apply(CredentialQuery.all().withNameContaining("G_1"))).containsExactly(pct);
    assertThat(list.apply(CredentialQuery.all().withNameContaining("100%"))).containsExactly(pct);
    assertThat(list.apply(CredentialQuery.all().withNameContaining("BIG")))
        .containsExactly(pct, other);
    assertThat(list.apply(CredentialQuery.all().withNameContaining(""))).hasSize(5);
    assertThat(
            list.apply(
                CredentialQuery.all().withEnvironment("staging").withTag("y").withActive(true)))
        .containsExactly(a2);
  }

  @Test
  @DisplayName("listing pages with offset and size and counts every match")
  void paging() {
    List<StoredCredential> all = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      all.add(insert(cred("n" + i).build()));
    }
    Page<StoredCredential> first =
        read(u -> u.credentials().list(ACME, CredentialQuery.all(), PageRequest.first(3)));
    assertThat(first.items()).containsExactlyElementsOf(all.subList(0, 3));
    assertThat(first.total()).isEqualTo(7);
    assertThat(first.hasNext()).isTrue();
    Page<StoredCredential> last =
        read(u -> u.credentials().list(ACME, CredentialQuery.all(), new PageRequest(6, 3)));
    assertThat(last.items()).containsExactly(all.get(6));
    assertThat(last.hasNext()).isFalse();
    Page<StoredCredential> beyond =
        read(u -> u.credentials().list(ACME, CredentialQuery.all(), new PageRequest(50, 3)));
    assertThat(beyond.items()).isEmpty();
    assertThat(beyond.total()).isEqualTo(7);
  }

  @Test
  @DisplayName("credentials of prototypes are ordered by name, environment, id")
  void ofPrototypes() {
    StoredCredential c = insert(cred("c").prototype("p1").build());
    StoredCredential a = insert(cred("a").prototype("p2").build());
    insert(cred("b").prototype("p3").build());
    insert(cred("a").prototype("p1").tenant(GLOBEX).build());
    assertThat(read((UnitOfWork u) -> u.credentials().ofPrototypes(ACME, Set.of("p1", "p2"))))
        .containsExactly(a, c);
    assertThat(read((UnitOfWork u) -> u.credentials().ofPrototypes(ACME, Set.of()))).isEmpty();
  }

  @Test
  @DisplayName("expiring credentials are the active ones expiring strictly before, soonest first")
  void expiring() {
    Instant limit = T0.plusSeconds(100);
    StoredCredential later = insert(cred("a").expires(T0.plusSeconds(50)).build());
    StoredCredential sooner = insert(cred("z").expires(T0.plusSeconds(10)).build());
    StoredCredential sameTimeB = insert(cred("b").expires(T0.plusSeconds(50)).build());
    insert(cred("at-limit").expires(limit).build());
    insert(cred("inactive").expires(T0).active(false).build());
    insert(cred("never").build());
    insert(cred("foreign").tenant(GLOBEX).expires(T0).build());
    assertThat(read((UnitOfWork u) -> u.credentials().expiringBefore(ACME, limit)))
        .containsExactly(sooner, later, sameTimeB);
  }

  @Test
  @DisplayName("key rotation queries see every tenant, ordered by tenant and id, limited")
  void keyRotation() {
    StoredCredential a1 = insert(cred("a").keyId("old").build());
    StoredCredential g1 = insert(cred("g").tenant(GLOBEX).keyId("older").build());
    StoredCredential a2 = insert(cred("b").keyId("old").build());
    insert(cred("c").keyId("new").build());
    assertThat(read((UnitOfWork u) -> u.credentials().countByKeyId()))
        .containsExactly(Map.entry("new", 1L), Map.entry("old", 2L), Map.entry("older", 1L));
    List<StoredCredential> expected = new ArrayList<>(List.of(a1, a2));
    expected.sort(java.util.Comparator.comparing(s -> s.metadata().id().value()));
    expected.add(g1);
    assertThat(read((UnitOfWork u) -> u.credentials().notSealedWith("new", 10)))
        .containsExactlyElementsOf(expected);
    assertThat(read((UnitOfWork u) -> u.credentials().notSealedWith("new", 2)))
        .containsExactlyElementsOf(expected.subList(0, 2));
    assertThat(read((UnitOfWork u) -> u.credentials().notSealedWith("new", 0))).isEmpty();
  }

  @Test
  @DisplayName("a tenant never sees another tenant's credentials, even by id")
  void isolation() {
    StoredCredential s = insert(cred("db").expires(T0).build());
    CredentialId id = s.metadata().id();
    write(u -> u.checks().append(ACME, id, check(CredentialState.AVAILABLE, "ok", T0)));
    write(u -> u.bindings().put(binding(ACME, "job", "postgres", id)));
    assertThat(read((UnitOfWork u) -> u.credentials().find(GLOBEX, id))).isEmpty();
    assertThat(read((UnitOfWork u) -> u.credentials().findByName(GLOBEX, "db", "production")))
        .isEmpty();
    assertThat(read((UnitOfWork u) -> u.credentials().findAll(GLOBEX, List.of(id)))).isEmpty();
    assertThat(
            read(u -> u.credentials().list(GLOBEX, CredentialQuery.all(), PageRequest.first(5)))
                .total())
        .isZero();
    assertThat(read((UnitOfWork u) -> u.credentials().ofPrototypes(GLOBEX, Set.of("postgres"))))
        .isEmpty();
    assertThat(read((UnitOfWork u) -> u.credentials().expiringBefore(GLOBEX, T0.plusSeconds(1))))
        .isEmpty();
    assertThat(read((UnitOfWork u) -> u.checks().latest(GLOBEX, List.of(id)))).isEmpty();
    assertThat(read((UnitOfWork u) -> u.bindings().ofCredential(GLOBEX, id))).isEmpty();
    assertThat(read((UnitOfWork u) -> u.bindings().ofConsumer(GLOBEX, "job"))).isEmpty();
    // the same id may exist in another tenant, independently
    StoredCredential twin = insert(cred("db").tenant(GLOBEX).id(id).build());
    assertThat(read((UnitOfWork u) -> u.credentials().find(GLOBEX, id))).contains(twin);
    assertThat(read((UnitOfWork u) -> u.credentials().find(ACME, id))).contains(s);
  }

  // ------------------------------------------------------------------ consumers and bindings

  @Test
  @DisplayName("a consumer keeps its requirements in order and is replaced whole")
  void consumers() {
    Consumer c =
        new Consumer(
            "flows/nightly:sync",
            List.of(
                new Requirement(Topic.of("zeta"), "last but listed first"),
                new Requirement(Topic.of("alpha"), "")));
    write(u -> u.bindings().putConsumer(ACME, c));
    assertThat(read((UnitOfWork u) -> u.bindings().consumer(ACME, c.id()))).contains(c);
    assertThat(read((UnitOfWork u) -> u.bindings().consumer(GLOBEX, c.id()))).isEmpty();
    assertThat(read((UnitOfWork u) -> u.bindings().consumer(ACME, "missing"))).isEmpty();
    Consumer replaced = Consumer.of("flows/nightly:sync", "beta");
    write(u -> u.bindings().putConsumer(ACME, replaced));
    assertThat(read((UnitOfWork u) -> u.bindings().consumer(ACME, c.id()))).contains(replaced);
    Consumer none = Consumer.of("empty");
    write(u -> u.bindings().putConsumer(ACME, none));
    assertThat(read((UnitOfWork u) -> u.bindings().consumer(ACME, "empty"))).contains(none);
  }

  @Test
  @DisplayName("a binding replaces the one for the same consumer and topic; listings are ordered")
  void bindings() {
    CredentialId a = insert(cred("a").build()).metadata().id();
    CredentialId b = insert(cred("b").build()).metadata().id();
    Binding prefixed =
        new Binding(
            ACME, "job-1", Topic.of("mail"), b, Optional.of("ERP_A_"), T0.plusNanos(1), "svc:x");
    write(
        u -> {
          u.bindings().put(binding(ACME, "job-1", "zz", a));
          u.bindings().put(binding(ACME, "job-1", "mail", a));
          u.bindings().put(prefixed);
          u.bindings().put(binding(ACME, "job-0", "zz", b));
        });
    assertThat(read((UnitOfWork u) -> u.bindings().ofConsumer(ACME, "job-1")))
        .containsExactly(prefixed, binding(ACME, "job-1", "zz", a));
    assertThat(read((UnitOfWork u) -> u.bindings().ofCredential(ACME, b)))
        .containsExactly(binding(ACME, "job-0", "zz", b), prefixed);
    assertThat(tx((UnitOfWork u) -> u.bindings().delete(ACME, "job-1", Topic.of("mail")))).isTrue();
    assertThat(tx((UnitOfWork u) -> u.bindings().delete(ACME, "job-1", Topic.of("mail"))))
        .isFalse();
    assertThat(tx((UnitOfWork u) -> u.bindings().delete(GLOBEX, "job-1", Topic.of("zz"))))
        .isFalse();
    assertThat(read((UnitOfWork u) -> u.bindings().ofConsumer(ACME, "job-1")))
        .containsExactly(binding(ACME, "job-1", "zz", a));
  }

  // ------------------------------------------------------------------ check results

  @Test
  @DisplayName("the latest check result is the last appended, per credential, in one call")
  void checkResults() {
    CredentialId a = insert(cred("a").build()).metadata().id();
    CredentialId b = insert(cred("b").build()).metadata().id();
    CredentialId none = insert(cred("c").build()).metadata().id();
    CheckResult newest = check(CredentialState.UNAVAILABLE, "down", T0.minusSeconds(60));
    write(
        u -> {
          for (int i = 0; i < 120; i++) {
            u.checks()
                .append(ACME, a, check(CredentialState.AVAILABLE, "ok " + i, T0.plusSeconds(i)));
          }
          u.checks().append(ACME, a, newest);
          u.checks()
              .append(
                  ACME,
                  b,
                  CheckResult.of(
                      CredentialState.MISCONFIGURED, "bad password", T0, java.time.Duration.ZERO));
          u.checks().append(GLOBEX, none, check(CredentialState.AVAILABLE, "foreign", T0));
        });
    Map<CredentialId, CheckResult> latest = read(u -> u.checks().latest(ACME, List.of(a, b, none)));
    assertThat(latest).containsOnlyKeys(a, b);
    assertThat(latest.get(a)).isEqualTo(newest);
    assertThat(latest.get(b).state()).isEqualTo(CredentialState.MISCONFIGURED);
    assertThat(read((UnitOfWork u) -> u.checks().latest(ACME, List.of()))).isEmpty();
  }

  // ------------------------------------------------------------------ audit

  @Test
  @DisplayName("the audit chain appends in sequence per tenant and refuses a gap")
  void auditChain() {
    assertThat(tx((UnitOfWork u) -> u.audit().last(ACME))).isEmpty();
    AuditEvent e1 = event(ACME, 1, AuditAction.CREATED, Optional.of(CredentialId.random()), T0);
    AuditEvent e2 = event(ACME, 2, AuditAction.ACCESSED, Optional.empty(), T0.plusSeconds(1));
    write(
        u -> {
          u.audit().last(ACME);
          u.audit().append(e1);
          assertThat(u.audit().last(ACME)).contains(e1);
          u.audit().append(e2);
        });
    assertThat(tx((UnitOfWork u) -> u.audit().last(ACME))).contains(e2);
    assertThat(read((UnitOfWork u) -> u.audit().last(ACME))).contains(e2);
    assertThat(tx((UnitOfWork u) -> u.audit().last(GLOBEX))).isEmpty();
    assertThatThrownBy(
            () ->
                write(
                    u ->
                        u.audit()
                            .append(event(ACME, 4, AuditAction.UPDATED, Optional.empty(), T0))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("audit sequence 4 does not follow 2");
    assertThatThrownBy(
            () ->
                write(
                    u ->
                        u.audit()
                            .append(event(GLOBEX, 2, AuditAction.UPDATED, Optional.empty(), T0))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("audit sequence 2 does not follow 0");
    write(u -> u.audit().append(event(GLOBEX, 1, AuditAction.UPDATED, Optional.empty(), T0)));
  }

  @Test
  @DisplayName("audit events are read in sequence, filtered and paged")
  void auditQueries() {
    CredentialId id = CredentialId.random();
    List<AuditEvent> events = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      events.add(
          event(
              ACME,
              i,
              i % 2 == 0 ? AuditAction.ACCESSED : AuditAction.UPDATED,
              i <= 3 ? Optional.of(id) : Optional.empty(),
              T0.plusSeconds(i)));
    }
    write(u -> events.forEach(u.audit()::append));
    write(u -> u.audit().append(event(GLOBEX, 1, AuditAction.ACCESSED, Optional.of(id), T0)));
    Function<AuditQuery, List<AuditEvent>> q =
        query -> read(u -> u.audit().events(ACME, query, PageRequest.first(100)).items());
    assertThat(q.apply(AuditQuery.all())).containsExactlyElementsOf(events);
    assertThat(q.apply(AuditQuery.all().withCredential(id)))
        .containsExactlyElementsOf(events.subList(0, 3));
    assertThat(q.apply(AuditQuery.all().withAction(AuditAction.ACCESSED)))
        .containsExactly(events.get(1), events.get(3), events.get(5));
    assertThat(q.apply(AuditQuery.all().withPrincipal("user:alice"))).hasSize(6);
    assertThat(q.apply(AuditQuery.all().withPrincipal("user:bob"))).isEmpty();
    assertThat(q.apply(AuditQuery.all().between(T0.plusSeconds(2), T0.plusSeconds(4))))
        .containsExactly(events.get(1), events.get(2));
    Page<AuditEvent> page =
        read(u -> u.audit().events(ACME, AuditQuery.all(), new PageRequest(4, 4)));
    assertThat(page.items()).containsExactlyElementsOf(events.subList(4, 6));
    assertThat(page.total()).isEqualTo(6);
  }

  // ------------------------------------------------------------------ prototype documents

  @Test
  @DisplayName("prototype documents are stored, replaced and listed")
  void prototypeDocuments() {
    assertThat(read((UnitOfWork u) -> u.prototypeDocuments().all())).isEmpty();
    String big = "{\"code\":\"x\",\"pad\":\"" + "é".repeat(70_000) + "\"}";
    write(
        u -> {
          u.prototypeDocuments().put("x", "{}");
          u.prototypeDocuments().put("y", "{\"code\":\"y\"}");
          u.prototypeDocuments().put("x", big);
        });
    assertThat(read((UnitOfWork u) -> u.prototypeDocuments().all()))
        .containsOnly(Map.entry("x", big), Map.entry("y", "{\"code\":\"y\"}"));
  }

  // ------------------------------------------------------------------ transactions

  @Test
  @DisplayName(
      "a unit of work that throws leaves nothing behind and its exception propagates unchanged")
  void rollback() {
    StoredCredential existing = insert(cred("existing").build());
    RuntimeException boom = new RuntimeException("boom");
    StoredCredential s = cred("db").build();
    assertThatThrownBy(
            () ->
                write(
                    u -> {
                      u.credentials().insert(s);
                      u.credentials().update(next(existing, "renamed"), 1);
                      u.bindings().putConsumer(ACME, Consumer.of("job", "t"));
                      u.bindings().put(binding(ACME, "job", "t", s.metadata().id()));
                      u.checks()
                          .append(
                              ACME, s.metadata().id(), check(CredentialState.AVAILABLE, "ok", T0));
                      u.audit().last(ACME);
                      u.audit().append(event(ACME, 1, AuditAction.CREATED, Optional.empty(), T0));
                      u.prototypeDocuments().put("p", "{}");
                      throw boom;
                    }))
        .isSameAs(boom);
    assertThat(read((UnitOfWork u) -> u.credentials().find(ACME, s.metadata().id()))).isEmpty();
    assertThat(read((UnitOfWork u) -> u.credentials().find(ACME, existing.metadata().id())))
        .contains(existing);
    assertThat(read((UnitOfWork u) -> u.bindings().consumer(ACME, "job"))).isEmpty();
    assertThat(read((UnitOfWork u) -> u.bindings().ofConsumer(ACME, "job"))).isEmpty();
    assertThat(read((UnitOfWork u) -> u.checks().latest(ACME, List.of(s.metadata().id()))))
        .isEmpty();
    assertThat(tx((UnitOfWork u) -> u.audit().last(ACME))).isEmpty();
    assertThat(read((UnitOfWork u) -> u.prototypeDocuments().all())).isEmpty();
    // the chain continues at 1: the rolled-back append left no trace
    write(u -> u.audit().append(event(ACME, 1, AuditAction.CREATED, Optional.empty(), T0)));
  }

  @Test
  @DisplayName("an Error rolls back as well")
  void rollbackOnError() {
    StoredCredential s = cred("db").build();
    AssertionError error = new AssertionError("bad");
    assertThatThrownBy(
            () ->
                write(
                    u -> {
                      u.credentials().insert(s);
                      throw error;
                    }))
        .isSameAs(error);
    assertThat(read((UnitOfWork u) -> u.credentials().find(ACME, s.metadata().id()))).isEmpty();
  }

  @Test
  @DisplayName("read-only work cannot write, and a unit of work cannot be used after it ended")
  void readOnlyAndEnded() {
    assertThatThrownBy(
            () ->
                read(
                    u -> {
                      u.credentials().insert(cred().build());
                      return null;
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("read-only unit of work cannot write");
    assertThatThrownBy(
            () ->
                read(
                    u -> {
                      u.prototypeDocuments().put("x", "{}");
                      return null;
                    }))
        .isInstanceOf(IllegalStateException.class);
    AtomicReference<UnitOfWork> leaked = new AtomicReference<>();
    write(leaked::set);
    assertThatThrownBy(() -> leaked.get().credentials().find(ACME, CredentialId.random()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("this unit of work has ended");
    assertThatThrownBy(() -> leaked.get().credentials().insert(cred().build()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("this unit of work has ended");
  }

  // ------------------------------------------------------------------ concurrency

  @Test
  @DisplayName("concurrent updates retried on conflict lose no update")
  void concurrentUpdates() throws Exception {
    StoredCredential start = insert(cred("counter").build());
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
                          read(u -> u.credentials().find(ACME, id)).orElseThrow();
                      long v = current.metadata().version();
                      try {
                        write(u -> u.credentials().update(next(current, "counter"), v));
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
            read((UnitOfWork u) -> u.credentials().find(ACME, id))
                .orElseThrow()
                .metadata()
                .version())
        .isEqualTo(1L + successes.get());
  }

  @Test
  @DisplayName("concurrent audit appends never fork a tenant's chain")
  void concurrentAuditAppends() throws Exception {
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
                      Optional<AuditEvent> last = u.audit().last(ACME);
                      long seq = last.map(AuditEvent::sequence).orElse(0L) + 1;
                      String previous = last.map(AuditEvent::hash).orElse(AuditEvent.GENESIS_HASH);
                      u.audit()
                          .append(
                              new AuditEvent(
                                  ACME,
                                  seq,
                                  T0,
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
        read(u -> u.audit().events(ACME, AuditQuery.all(), PageRequest.first(1000)).items());
    assertThat(chain).hasSize(threads * perThread);
    for (int i = 0; i < chain.size(); i++) {
      assertThat(chain.get(i).sequence()).isEqualTo(i + 1L);
      assertThat(chain.get(i).previousHash())
          .isEqualTo(i == 0 ? AuditEvent.GENESIS_HASH : chain.get(i - 1).hash());
    }
  }

  /** For subclasses: a tenant-scoped marker. */
  static TenantId tenant(String v) {
    return TenantId.of(v);
  }
}
