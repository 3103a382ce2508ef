package dev.credentials.core;

import static dev.credentials.core.KeysFixture.ACME;
import static dev.credentials.core.KeysFixture.admin;
import static dev.credentials.core.KeysFixture.create;
import static dev.credentials.core.KeysFixture.engine;
import static dev.credentials.core.KeysFixture.password;
import static org.assertj.core.api.Assertions.assertThat;

import dev.credentials.ConcurrentCredentialModificationException;
import dev.credentials.CredentialId;
import dev.credentials.CredentialMetadata;
import dev.credentials.PageRequest;
import dev.credentials.audit.AuditAction;
import dev.credentials.audit.AuditQuery;
import dev.credentials.spi.CredentialRecords;
import dev.credentials.spi.CredentialRepository;
import dev.credentials.spi.StoredCredential;
import dev.credentials.spi.UnitOfWork;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The in-memory repository serialises units of work, so a user update can never slip between the
 * rewrap's read and write there. A database with row versions can: this repository simulates it by
 * failing chosen key-rotation writes with the exception a real optimistic check throws.
 */
@DisplayName("Rewrap under concurrent modification")
class RewrapConflictTest {

  /** Fails the rotation writes of chosen credentials as if a user had updated them meanwhile. */
  static final class RacingRepository implements CredentialRepository {
    final InMemoryCredentialRepository delegate = new InMemoryCredentialRepository();
    final Set<CredentialId> alwaysConflicting = ConcurrentHashMap.newKeySet();
    final AtomicInteger conflictsLeft = new AtomicInteger();
    final AtomicInteger conflictsThrown = new AtomicInteger();
    volatile boolean racing;

    @Override
    public <T> T inTransaction(Function<UnitOfWork, T> work) {
      return delegate.inTransaction(uow -> work.apply(racing ? racy(uow) : uow));
    }

    @Override
    public <T> T read(Function<UnitOfWork, T> work) {
      return delegate.read(work);
    }

    /** The unit of work with its credential rows' {@code update} made to conflict. */
    private UnitOfWork racy(UnitOfWork uow) {
      CredentialRecords rows = uow.credentials();
      CredentialRecords racyRows =
          (CredentialRecords)
              Proxy.newProxyInstance(
                  CredentialRecords.class.getClassLoader(),
                  new Class<?>[] {CredentialRecords.class},
                  (proxy, method, args) -> {
                    if (method.getName().equals("update")) {
                      CredentialMetadata m = ((StoredCredential) args[0]).metadata();
                      if (alwaysConflicting.contains(m.id())
                          || conflictsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                        conflictsThrown.incrementAndGet();
                        throw new ConcurrentCredentialModificationException(
                            "credential " + m.id() + " was changed since version " + args[1]);
                      }
                    }
                    try {
                      return method.invoke(rows, args);
                    } catch (InvocationTargetException e) {
                      throw e.getCause();
                    }
                  });
      return (UnitOfWork)
          Proxy.newProxyInstance(
              UnitOfWork.class.getClassLoader(),
              new Class<?>[] {UnitOfWork.class},
              (proxy, method, args) -> {
                if (method.getName().equals("credentials")) {
                  return racyRows;
                }
                try {
                  return method.invoke(uow, args);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
              });
    }
  }

  @Test
  @DisplayName("a conflicting batch is redone row by row; every credential rotates exactly once")
  void conflictRetried() {
    RacingRepository repo = new RacingRepository();
    try (Credentials engine = engine(repo.delegate, CredentialKeys.generate())) {
      List<CredentialMetadata> created = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        created.add(create(engine, ACME, "c" + i));
      }
      CredentialKeys keys = engine.keys().keyset();
      try (Credentials racing = engineOver(repo, keys)) {
        String next = racing.keys().addKey();
        racing.keys().promote(next);
        repo.racing = true;
        repo.conflictsLeft.set(2);
        RewrapProgress p = racing.keys().rewrap(3, x -> {});
        assertThat(p).isEqualTo(new RewrapProgress(next, 6, 0, 0));
        assertThat(repo.conflictsThrown.get()).isEqualTo(2);
        for (CredentialMetadata m : created) {
          assertThat(racing.store().get(admin(ACME), m.id()).keyId()).isEqualTo(next);
          assertThat(password(racing, m)).isEqualTo("pw-" + m.name());
        }
        assertThat(
                racing
                    .audit()
                    .query(admin(ACME), AuditQuery.all(), PageRequest.first(100))
                    .items()
                    .stream()
                    .filter(e -> e.action() == AuditAction.KEY_ROTATED)
                    .map(e -> e.credentialId().orElseThrow())
                    .toList())
            .as("rolled-back batches leave no audit events behind")
            .containsExactlyInAnyOrderElementsOf(
                created.stream().map(CredentialMetadata::id).toList());
      }
    }
  }

  @Test
  @DisplayName("a row that keeps conflicting is skipped after a few tries, the rest completes")
  void busyRowSkipped() {
    RacingRepository repo = new RacingRepository();
    try (Credentials engine = engine(repo.delegate, CredentialKeys.generate())) {
      List<CredentialMetadata> created = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        created.add(create(engine, ACME, "c" + i));
      }
      try (Credentials racing = engineOver(repo, engine.keys().keyset())) {
        racing.keys().promote(racing.keys().addKey());
        repo.racing = true;
        repo.alwaysConflicting.add(created.get(1).id());
        RewrapProgress p = racing.keys().rewrap(2, x -> {});
        assertThat(p.rewrapped()).isEqualTo(3);
        assertThat(p.skipped()).isEqualTo(1);
        assertThat(p.remaining()).isEqualTo(1);
        assertThat(p.complete()).isFalse();
        repo.alwaysConflicting.clear();
        assertThat(racing.keys().rewrap(2, x -> {}).complete()).isTrue();
      }
    }
  }

  private static Credentials engineOver(CredentialRepository repo, CredentialKeys keys) {
    return Credentials.builder()
        .repository(repo)
        .keys(keys)
        .clock(KeysFixture.CLOCK)
        .discoverPrototypes(false)
        .slf4jReporter(false)
        .prototype(KeysFixture.database())
        .build();
  }
}
