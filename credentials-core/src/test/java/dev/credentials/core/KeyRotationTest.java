package dev.credentials.core;

import static dev.credentials.core.KeysFixture.ACME;
import static dev.credentials.core.KeysFixture.GLOBEX;
import static dev.credentials.core.KeysFixture.admin;
import static dev.credentials.core.KeysFixture.create;
import static dev.credentials.core.KeysFixture.engine;
import static dev.credentials.core.KeysFixture.password;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.BindingRequest;
import dev.credentials.Consumer;
import dev.credentials.CredentialId;
import dev.credentials.CredentialMetadata;
import dev.credentials.CredentialUpdate;
import dev.credentials.PageRequest;
import dev.credentials.Secret;
import dev.credentials.TenantId;
import dev.credentials.audit.AuditAction;
import dev.credentials.audit.AuditEvent;
import dev.credentials.audit.AuditQuery;
import dev.credentials.core.internal.vault.Sealer;
import dev.credentials.core.internal.vault.ValueCodec;
import dev.credentials.spi.StoredCredential;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Online key rotation")
class KeyRotationTest {

  private InMemoryCredentialRepository repo;
  private Credentials engine;
  private KeyManagement keys;
  private final List<CredentialMetadata> created = new ArrayList<>();

  @BeforeEach
  void setUp() {
    repo = new InMemoryCredentialRepository();
    engine = engine(repo, CredentialKeys.generate());
    keys = engine.keys();
  }

  @AfterEach
  void tearDown() {
    engine.close();
  }

  private void createMany(int perTenant) {
    for (int i = 0; i < perTenant; i++) {
      created.add(create(engine, ACME, "acme-" + i));
      created.add(create(engine, GLOBEX, "globex-" + i));
    }
  }

  private CredentialMetadata current(CredentialMetadata m) {
    return engine.store().get(admin(m.tenant()), m.id());
  }

  private List<AuditEvent> events(TenantId tenant, AuditAction action) {
    return engine
        .audit()
        .query(admin(tenant), AuditQuery.all(), PageRequest.first(PageRequest.MAX_SIZE))
        .items()
        .stream()
        .filter(e -> e.action() == action)
        .toList();
  }

  @Test
  @DisplayName(
      "add, promote, rewrap, disable, destroy: old rows readable throughout, all on the new"
          + " key after")
  void fullRotation() {
    createMany(5);
    String oldKey = keys.keyset().primaryKeyId();

    String newKey = keys.addKey();
    assertThat(newKey).isNotEqualTo(oldKey);
    KeysetStatus added = keys.status();
    assertThat(added.primaryKeyId()).isEqualTo(oldKey);
    assertThat(added.key(newKey))
        .contains(new KeysetStatus.Key(newKey, KeysetStatus.State.ENABLED, false, 0));
    assertThat(create(engine, ACME, "still-old").keyId())
        .as("an added key does not seal before it is promoted")
        .isEqualTo(oldKey);
    created.add(current(created.get(created.size() - 1)));

    keys.promote(newKey);
    CredentialMetadata fresh = create(engine, ACME, "fresh");
    assertThat(fresh.keyId()).isEqualTo(newKey);
    for (CredentialMetadata m : created) {
      assertThat(password(engine, m)).as("old rows before rewrap").isEqualTo("pw-" + m.name());
    }
    KeysetStatus promoted = keys.status();
    assertThat(promoted.key(oldKey).orElseThrow().credentials()).isEqualTo(11);
    assertThat(promoted.key(newKey).orElseThrow().primary()).isTrue();
    assertThat(promoted.credentialsNotOnPrimary()).isEqualTo(11);

    assertThatThrownBy(() -> keys.disable(oldKey))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("still seals 11");
    assertThatThrownBy(() -> keys.disable(newKey))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("primary");
    assertThatThrownBy(() -> keys.destroy(oldKey))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("disable it first");

    List<RewrapProgress> reports = new ArrayList<>();
    RewrapProgress done = keys.rewrap(3, reports::add);
    assertThat(done).isEqualTo(new RewrapProgress(newKey, 11, 0, 0));
    assertThat(done.complete()).isTrue();
    assertThat(reports)
        .extracting(RewrapProgress::rewrapped, RewrapProgress::remaining)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(3L, 8L),
            org.assertj.core.groups.Tuple.tuple(6L, 5L),
            org.assertj.core.groups.Tuple.tuple(9L, 2L),
            org.assertj.core.groups.Tuple.tuple(11L, 0L));

    for (CredentialMetadata before : created) {
      CredentialMetadata after = current(before);
      assertThat(after.keyId()).isEqualTo(newKey);
      assertThat(after.version()).as("the version stays").isEqualTo(before.version());
      assertThat(after.updatedAt()).isEqualTo(before.updatedAt());
      assertThat(password(engine, after)).isEqualTo("pw-" + before.name());
    }
    assertThat(events(ACME, AuditAction.KEY_ROTATED))
        .hasSize(6)
        .allSatisfy(
            e -> {
              assertThat(e.principal()).isEqualTo("service:key-rotation");
              assertThat(e.tenant()).isEqualTo(ACME);
              assertThat(e.details())
                  .containsEntry("fromKey", oldKey)
                  .containsEntry("toKey", newKey);
            });
    assertThat(events(GLOBEX, AuditAction.KEY_ROTATED)).hasSize(5);
    assertThat(engine.audit().verify(admin(ACME)).intact()).isTrue();
    assertThat(engine.audit().verify(admin(GLOBEX)).intact()).isTrue();

    // A user's optimistic update based on the version read before the rewrap still succeeds.
    CredentialMetadata first = created.get(0);
    engine
        .store()
        .update(
            admin(first.tenant()),
            first.id(),
            CredentialUpdate.builder(first.version()).description("after rotation").build());

    assertThat(keys.status().key(oldKey).orElseThrow().credentials()).isZero();
    keys.disable(oldKey);
    assertThat(password(engine, created.get(1))).isEqualTo("pw-" + created.get(1).name());
    keys.destroy(oldKey);
    KeysetStatus end = keys.status();
    assertThat(end.key(oldKey))
        .contains(new KeysetStatus.Key(oldKey, KeysetStatus.State.DESTROYED, false, 0));
    assertThat(end.credentials()).isEqualTo(12);
    assertThat(keys.rewrap(10, p -> {})).isEqualTo(new RewrapProgress(newKey, 0, 0, 0));
  }

  @Test
  @DisplayName("a destroyed key's material is gone from the persisted keyset; its id remains")
  void destroyedKeyPersisted(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    String oldKey = keys.keyset().primaryKeyId();
    byte[] oldMaterial =
        ((com.google.crypto.tink.aead.AesGcmKey) keys.keyset().keyset().getPrimary().getKey())
            .getKeyBytes()
            .toByteArray(com.google.crypto.tink.InsecureSecretKeyAccess.get());
    String newKey = keys.addKey();
    keys.promote(newKey);
    keys.disable(oldKey);
    keys.destroy(oldKey);
    java.nio.file.Path file = dir.resolve("keyset.json");
    keys.keyset().writeCleartextInsecurely(file);
    String json = java.nio.file.Files.readString(file);
    assertThat(json)
        .doesNotContain(java.util.Base64.getEncoder().encodeToString(oldMaterial))
        .contains("DESTROYED");
    CredentialKeys reloaded = CredentialKeys.fromFile(file);
    assertThat(reloaded.primaryKeyId()).isEqualTo(newKey);
    KeysFixture.FakeKms kms = new KeysFixture.FakeKms();
    java.nio.file.Path encrypted = dir.resolve("keyset.enc.json");
    keys.keyset().writeEncrypted(encrypted, kms.kek);
    assertThat(CredentialKeys.fromEncryptedFile(encrypted, kms.kek).keyset().getAt(0).getStatus())
        .isEqualTo(com.google.crypto.tink.KeyStatus.DESTROYED);
    try (Credentials restarted = engine(repo, reloaded)) {
      assertThat(restarted.keys().status().keys())
          .extracting(KeysetStatus.Key::keyId, KeysetStatus.Key::state)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(oldKey, KeysetStatus.State.DESTROYED),
              org.assertj.core.groups.Tuple.tuple(newKey, KeysetStatus.State.ENABLED));
      CredentialMetadata m = create(restarted, ACME, "after-restart");
      assertThat(m.keyId()).isEqualTo(newKey);
      String third = restarted.keys().addKey();
      assertThat(restarted.keys().keyset().keyset().size()).isEqualTo(3);
      restarted.keys().promote(third);
      assertThat(restarted.keys().rewrap(5, p -> {}).rewrapped()).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("a rewrap interrupted after a batch resumes where it stopped")
  void interruptedRewrapResumes() {
    createMany(5);
    String newKey = keys.addKey();
    keys.promote(newKey);
    AtomicInteger batches = new AtomicInteger();
    assertThatThrownBy(
            () ->
                keys.rewrap(
                    4,
                    p -> {
                      if (batches.incrementAndGet() == 1) {
                        throw new IllegalStateException("simulated crash after the first batch");
                      }
                    }))
        .hasMessageContaining("simulated crash");
    KeysetStatus half = keys.status();
    assertThat(half.key(newKey).orElseThrow().credentials()).isEqualTo(4);
    assertThat(half.credentialsNotOnPrimary()).isEqualTo(6);

    RewrapProgress resumed = keys.rewrap(4, p -> {});
    assertThat(resumed).isEqualTo(new RewrapProgress(newKey, 6, 0, 0));
    assertThat(
            events(ACME, AuditAction.KEY_ROTATED).size()
                + events(GLOBEX, AuditAction.KEY_ROTATED).size())
        .as("each credential rotated exactly once")
        .isEqualTo(10);
  }

  @Test
  @DisplayName("a crash inside a batch rolls the batch back; the next run redoes it")
  void crashInsideBatch() {
    createMany(3);
    String newKey = keys.addKey();
    keys.promote(newKey);
    Thread.currentThread().interrupt();
    RewrapProgress stopped = keys.rewrap(2, p -> {});
    assertThat(Thread.interrupted()).isTrue();
    assertThat(stopped).isEqualTo(new RewrapProgress(newKey, 0, 0, 6));
    assertThat(stopped.complete()).isFalse();
    assertThat(keys.rewrap(2, p -> {})).isEqualTo(new RewrapProgress(newKey, 6, 0, 0));
  }

  @Test
  @DisplayName("rows that do not open are skipped, audited and reported, not retried forever")
  void unreadableRowsSkipped() {
    createMany(2);
    InMemoryCredentialRepository foreignRepo = repo;
    CredentialMetadata foreign;
    try (Credentials other =
        KeysFixture.builder(foreignRepo, CredentialKeys.generate()).tolerateMissingKeys().build()) {
      foreign = create(other, ACME, "sealed-elsewhere");
    }
    String newKey = keys.addKey();
    keys.promote(newKey);
    RewrapProgress p = keys.rewrap(1, x -> {});
    assertThat(p).isEqualTo(new RewrapProgress(newKey, 4, 1, 1));
    assertThat(events(ACME, AuditAction.ACCESS_FAILED))
        .anySatisfy(
            e -> {
              assertThat(e.credentialId()).contains(foreign.id());
              assertThat(e.details().get("reason")).contains(foreign.keyId());
            });
    assertThat(keys.status().key(foreign.keyId()).orElseThrow().state())
        .isEqualTo(KeysetStatus.State.MISSING);
  }

  @Test
  @DisplayName("the resolver does not serve ciphertext cached before the rotation")
  void resolverCacheInvalidated() {
    CredentialMetadata db = create(engine, ACME, "db");
    engine.bindings().declare(admin(ACME), Consumer.of("job", "db"));
    engine.bindings().bind(admin(ACME), BindingRequest.of("job", "db", db.id()));
    assertThat(engine.resolver().resolve(admin(ACME), "job").get("DB_PASSWORD"))
        .hasValueSatisfying(s -> assertThat(s.reveal()).isEqualTo("pw-db"));
    String oldKey = db.keyId();
    keys.promote(keys.addKey());
    keys.rewrap(10, p -> {});
    keys.disable(oldKey);
    assertThat(engine.resolver().resolve(admin(ACME), "job").get("DB_PASSWORD"))
        .hasValueSatisfying(s -> assertThat(s.reveal()).isEqualTo("pw-db"));
  }

  @Test
  @DisplayName("keyset changes refuse unknown and malformed key ids, and a second rewrap at once")
  void refusals() {
    assertThatThrownBy(() -> keys.promote("123"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no key 123");
    assertThatThrownBy(() -> keys.disable("abc")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> keys.rewrap(0, p -> {})).isInstanceOf(IllegalArgumentException.class);
    String added = keys.addKey();
    keys.disable(added);
    assertThatThrownBy(() -> keys.promote(added))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("DISABLED");
    CredentialMetadata x = create(engine, ACME, "x");
    RewrapProgress nothing =
        keys.rewrap(
            1,
            p -> {
              throw new AssertionError("nothing to rewrap calls no listener");
            });
    assertThat(nothing).isEqualTo(new RewrapProgress(x.keyId(), 0, 0, 0));
  }

  @Test
  @DisplayName("a second rewrap while one runs is refused")
  void oneRewrapAtATime() throws Exception {
    createMany(2);
    keys.promote(keys.addKey());
    List<Throwable> seen = new CopyOnWriteArrayList<>();
    keys.rewrap(
        1,
        p -> {
          Thread t =
              new Thread(
                  () -> {
                    try {
                      keys.rewrap(1, q -> {});
                    } catch (Throwable e) {
                      seen.add(e);
                    }
                  });
          t.start();
          try {
            t.join();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    assertThat(seen)
        .isNotEmpty()
        .allSatisfy(
            e ->
                assertThat(e)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already running"));
  }

  @Test
  @DisplayName("rewrap runs while readers and writers keep using the store")
  void concurrentReadersAndWriters() throws Exception {
    for (int i = 0; i < 60; i++) {
      created.add(create(engine, i % 2 == 0 ? ACME : GLOBEX, "c-" + i, "v0-" + i));
    }
    Map<CredentialId, String> expected = new ConcurrentHashMap<>();
    created.forEach(m -> expected.put(m.id(), "v0-" + m.name().substring(2)));
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger reads = new AtomicInteger();
    AtomicInteger writes = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int r = 0; r < 2; r++) {
      threads.add(
          new Thread(
              () -> {
                while (!stop.get()) {
                  CredentialMetadata m =
                      created.get(ThreadLocalRandom.current().nextInt(created.size()));
                  try {
                    assertThat(password(engine, m)).startsWith("v");
                    reads.incrementAndGet();
                  } catch (Throwable e) {
                    errors.add(e);
                  }
                }
              }));
    }
    // One writer per credential subset so that the expected final value is well defined.
    threads.add(
        new Thread(
            () -> {
              int n = 0;
              while (!stop.get()) {
                CredentialMetadata m = created.get(n % created.size());
                try {
                  CredentialMetadata cur = current(m);
                  String value = "v" + (++n) + "-w";
                  engine
                      .store()
                      .update(
                          admin(m.tenant()),
                          m.id(),
                          CredentialUpdate.builder(cur.version())
                              .secret("DB_PASSWORD", Secret.of(value))
                              .build());
                  expected.put(m.id(), value);
                  writes.incrementAndGet();
                } catch (Throwable e) {
                  errors.add(e);
                }
              }
            }));
    threads.forEach(Thread::start);
    try {
      while ((reads.get() < 20 || writes.get() < 5) && errors.isEmpty()) {
        Thread.onSpinWait();
      }
      String newKey = keys.addKey();
      keys.promote(newKey);
      RewrapProgress p = keys.rewrap(1, x -> {});
      assertThat(p.complete()).isTrue();
      assertThat(p.skipped()).isZero();
    } finally {
      stop.set(true);
      for (Thread t : threads) {
        t.join();
      }
    }
    assertThat(errors).isEmpty();
    String primary = keys.keyset().primaryKeyId();
    for (CredentialMetadata m : created) {
      assertThat(current(m).keyId()).isEqualTo(primary);
      assertThat(password(engine, m)).isEqualTo(expected.get(m.id()));
    }
    assertThat(keys.status().credentialsNotOnPrimary()).isZero();
  }

  @Test
  @DisplayName("a rewrap re-seals an unpadded (version 1) plaintext padded, with its values intact")
  void rewrapPadsVersion1() throws Exception {
    InMemoryCredentialRepository repository = new InMemoryCredentialRepository();
    CredentialKeys old = CredentialKeys.generate();
    try (Credentials e = engine(repository, old)) {
      CredentialMetadata m = create(e, ACME, "legacy", "pw-legacy");
      // what a release before padding stored: the same values, version 1, no padding
      byte[] padded = ValueCodec.encode(e.store().reveal(admin(ACME), m.id()).values());
      int end = padded.length;
      while (padded[end - 1] == 0) {
        end--; // the last value ends in a non-zero byte here
      }
      byte[] v1 = Arrays.copyOf(padded, end);
      v1[0] = 1;
      byte[] ad = Sealer.associatedData(ACME, m.id());
      repository.inTransaction(
          uow -> {
            try {
              uow.credentials()
                  .update(new StoredCredential(m, old.aead().encrypt(v1, ad)), m.version());
            } catch (GeneralSecurityException ex) {
              throw new IllegalStateException(ex);
            }
            return null;
          });
      assertThat(password(e, m)).isEqualTo("pw-legacy");

      e.keys().promote(e.keys().addKey());
      assertThat(e.keys().rewrap(10, p -> {}).rewrapped()).isEqualTo(1);

      byte[] stored =
          repository.read(uow -> uow.credentials().find(ACME, m.id())).orElseThrow().sealedValues();
      byte[] plain = e.keys().keyset().aead().decrypt(stored, ad);
      assertThat(plain[0]).isEqualTo((byte) 2);
      assertThat(plain.length % 64).isZero();
      assertThat(plain.length).isGreaterThan(v1.length);
      assertThat(password(e, current(e, m))).isEqualTo("pw-legacy");
    }
  }

  private static CredentialMetadata current(Credentials e, CredentialMetadata m) {
    return e.store().get(admin(m.tenant()), m.id());
  }
}
