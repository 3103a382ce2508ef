package dev.credentials.core;

import static dev.credentials.core.Fixture.ACME;
import static dev.credentials.core.Fixture.ADMIN;
import static dev.credentials.core.Fixture.GLOBEX_ADMIN;
import static dev.credentials.core.Fixture.USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.ConcurrentCredentialModificationException;
import dev.credentials.CredentialAccessDeniedException;
import dev.credentials.CredentialDecryptionException;
import dev.credentials.CredentialMetadata;
import dev.credentials.CredentialNotFoundException;
import dev.credentials.CredentialUpdate;
import dev.credentials.CredentialVersion;
import dev.credentials.NewCredential;
import dev.credentials.PageRequest;
import dev.credentials.RevealedVersion;
import dev.credentials.Secret;
import dev.credentials.UnknownCredentialVersionException;
import dev.credentials.audit.AuditAction;
import dev.credentials.audit.AuditEvent;
import dev.credentials.audit.AuditQuery;
import dev.credentials.core.internal.vault.Sealer;
import dev.credentials.spi.StoredVersion;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Versions of a credential's values")
class VersionsTest {

  private static final String CANARY = "canary-7f3a9c1e-history";

  private final Fixture.TestClock clock = Fixture.clock();
  private InMemoryCredentialRepository repo;
  private Credentials engine;

  private Credentials engine(Consumer<CredentialsBuilder> customise) {
    repo = new InMemoryCredentialRepository();
    CredentialsBuilder b =
        Credentials.builder()
            .repository(repo)
            .keys(CredentialKeys.generate())
            .clock(clock)
            .discoverPrototypes(false)
            .slf4jReporter(false)
            .prototype(Fixture.db());
    customise.accept(b);
    engine = b.build();
    return engine;
  }

  @AfterEach
  void close() {
    if (engine != null) {
      engine.close();
    }
  }

  private CredentialMetadata create(String password) {
    return engine
        .store()
        .create(
            ADMIN,
            NewCredential.builder("demo-db", "main")
                .value("DB_HOST", "db.internal")
                .value("DB_USER", "app")
                .secret("DB_PASSWORD", Secret.of(password))
                .build());
  }

  private CredentialMetadata setPassword(CredentialMetadata m, String password) {
    return engine
        .store()
        .update(
            ADMIN,
            m.id(),
            CredentialUpdate.builder(m.version())
                .secret("DB_PASSWORD", Secret.of(password))
                .build());
  }

  private String password(RevealedVersion v) {
    return v.value("DB_PASSWORD").orElseThrow().reveal();
  }

  private List<StoredVersion> stored(CredentialMetadata m) {
    java.util.function.Function<dev.credentials.spi.UnitOfWork, List<StoredVersion>> read =
        u -> u.versions().list(ACME, m.id());
    return repo.read(read);
  }

  private java.util.Map<String, Long> keyCounts() {
    java.util.function.Function<dev.credentials.spi.UnitOfWork, java.util.Map<String, Long>> read =
        u -> u.versions().countByKeyId();
    return repo.read(read);
  }

  private List<AuditEvent> audit() {
    return engine.audit().query(ADMIN, AuditQuery.all(), PageRequest.first(1000)).items();
  }

  @Test
  @DisplayName("a change of values keeps the values before; the listing shows who, when and which")
  void listing() {
    engine(b -> {});
    CredentialMetadata v1 = create("pw-1");
    assertThat(engine.store().versions(ADMIN, v1.id())).as("a create writes no history").isEmpty();
    clock.advance(java.time.Duration.ofMinutes(5));
    CredentialMetadata v2 = setPassword(v1, "pw-2");
    CredentialMetadata v3 =
        engine
            .store()
            .update(
                ADMIN,
                v2.id(),
                CredentialUpdate.builder(v2.version()).tags(java.util.Set.of("t")).build());

    List<CredentialVersion> versions = engine.store().versions(ADMIN, v1.id());
    assertThat(versions)
        .as("a metadata change is no new version of the values")
        .containsExactly(
            new CredentialVersion(
                2, v2.updatedAt(), "user:alice", java.util.Set.of("DB_PASSWORD"), true),
            new CredentialVersion(
                1,
                v1.createdAt(),
                "user:alice",
                java.util.Set.of("DB_HOST", "DB_USER", "DB_PASSWORD", "DB_PORT", "DB_SSL"),
                false));
    assertThat(v3.version()).isEqualTo(3);
    assertThat(password(engine.store().revealVersion(ADMIN, v1.id(), 1))).isEqualTo("pw-1");
    assertThat(password(engine.store().revealVersion(ADMIN, v1.id(), 2))).isEqualTo("pw-2");
  }

  @Test
  @DisplayName("revealing a version is audited as an access of that version, under reveal's rules")
  void revealIsAudited() {
    engine(b -> {});
    CredentialMetadata m = setPassword(create("pw-1"), "pw-2");
    RevealedVersion old = engine.store().revealVersion(ADMIN, m.id(), 1);
    assertThat(old.version().current()).isFalse();
    AuditEvent e = audit().get(audit().size() - 1);
    assertThat(e.action()).isEqualTo(AuditAction.ACCESSED);
    assertThat(e.details()).containsEntry("version", "1").containsEntry("via", "reveal");

    assertThatThrownBy(() -> engine.store().revealVersion(ADMIN, m.id(), 7))
        .isInstanceOf(UnknownCredentialVersionException.class)
        .hasMessageContaining("no version 7");
    assertThat(audit().get(audit().size() - 1).action()).isEqualTo(AuditAction.ACCESS_FAILED);
    assertThatThrownBy(() -> engine.store().revealVersion(GLOBEX_ADMIN, m.id(), 1))
        .isInstanceOf(CredentialNotFoundException.class)
        .isNotInstanceOf(UnknownCredentialVersionException.class);
    assertThatThrownBy(() -> engine.store().revealVersion(USER, m.id(), 1))
        .isInstanceOf(CredentialAccessDeniedException.class);

    CredentialMetadata inactive =
        engine
            .store()
            .update(ADMIN, m.id(), CredentialUpdate.builder(m.version()).active(false).build());
    assertThatThrownBy(() -> engine.store().revealVersion(ADMIN, inactive.id(), 1))
        .isInstanceOf(dev.credentials.CredentialInactiveException.class);
  }

  @Test
  @DisplayName("rollback restores old values as a new version, with check-and-set on the current")
  void rollback() {
    engine(b -> {});
    CredentialMetadata v1 = create("pw-1");
    CredentialMetadata v2 = setPassword(v1, "pw-2");

    assertThatThrownBy(() -> engine.store().rollback(ADMIN, v1.id(), 1, v1.version()))
        .isInstanceOf(ConcurrentCredentialModificationException.class);
    assertThatThrownBy(() -> engine.store().rollback(ADMIN, v1.id(), 9, v2.version()))
        .isInstanceOf(UnknownCredentialVersionException.class);
    assertThat(engine.store().get(ADMIN, v1.id()).version()).as("nothing written").isEqualTo(2);

    CredentialMetadata v3 = engine.store().rollback(ADMIN, v1.id(), 1, v2.version());
    assertThat(v3.version()).isEqualTo(3);
    assertThat(engine.store().reveal(ADMIN, v1.id()).value("DB_PASSWORD").orElseThrow().reveal())
        .isEqualTo("pw-1");
    assertThat(engine.store().versions(ADMIN, v1.id()))
        .extracting(CredentialVersion::version, CredentialVersion::changedFields)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(3L, java.util.Set.of("DB_PASSWORD")),
            org.assertj.core.groups.Tuple.tuple(2L, java.util.Set.of("DB_PASSWORD")),
            org.assertj.core.groups.Tuple.tuple(
                1L, java.util.Set.of("DB_HOST", "DB_USER", "DB_PASSWORD", "DB_PORT", "DB_SSL")));
    List<AuditEvent> updates =
        audit().stream().filter(a -> a.action() == AuditAction.UPDATED).toList();
    AuditEvent e = updates.get(updates.size() - 1);
    assertThat(e.details()).containsEntry("rollbackTo", "1").containsEntry("fields", "DB_PASSWORD");
    assertThatThrownBy(() -> engine.store().rollback(USER, v1.id(), 2, v3.version()))
        .isInstanceOf(CredentialAccessDeniedException.class);
  }

  @Test
  @DisplayName("history keeps the configured depth, trims in the same unit of work, and 0 is off")
  void depth() {
    engine(b -> b.historyDepth(2));
    CredentialMetadata m = create("pw-0");
    for (int i = 1; i <= 5; i++) {
      m = setPassword(m, "pw-" + i);
    }
    assertThat(engine.store().versions(ADMIN, m.id()))
        .extracting(CredentialVersion::version)
        .containsExactly(6L, 5L, 4L);
    long id = 4;
    assertThat(password(engine.store().revealVersion(ADMIN, m.id(), id))).isEqualTo("pw-3");
    engine.close();

    engine(b -> b.historyDepth(0));
    CredentialMetadata off = setPassword(create("pw-0"), "pw-1");
    assertThat(engine.store().versions(ADMIN, off.id())).isEmpty();
    assertThatThrownBy(() -> Credentials.builder().historyDepth(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("historyDepth");
  }

  @Test
  @DisplayName("delete removes the history with the credential")
  void deleteRemovesHistory() {
    engine(b -> {});
    CredentialMetadata m = setPassword(setPassword(create("pw-1"), "pw-2"), "pw-3");
    assertThat(stored(m)).hasSize(3);
    engine.store().delete(ADMIN, m.id());
    assertThat(stored(m)).isEmpty();
    assertThat(keyCounts()).isEmpty();
  }

  @Test
  @DisplayName("a version's ciphertext is bound to its version: moved to another, it does not open")
  void associatedDataNamesTheVersion() {
    engine(b -> {});
    CredentialMetadata m = setPassword(create("pw-1"), "pw-2");
    StoredVersion v1 = repo.read(u -> u.versions().find(ACME, m.id(), 1)).orElseThrow();
    Sealer sealer = new Sealer(engine.keys().keyset(), engine.keys().keyset().aead());
    assertThat(
            sealer
                .openVersion(ACME, m.id(), 1, v1.keyId(), v1.sealedValues())
                .get("DB_PASSWORD")
                .reveal())
        .isEqualTo("pw-1");
    assertThatThrownBy(() -> sealer.openVersion(ACME, m.id(), 2, v1.keyId(), v1.sealedValues()))
        .isInstanceOf(CredentialDecryptionException.class);
    assertThatThrownBy(() -> sealer.open(ACME, m.id(), v1.keyId(), v1.sealedValues()))
        .isInstanceOf(CredentialDecryptionException.class);
  }

  @Test
  @DisplayName("key rotation re-seals the history too, so the old key can be disabled")
  void rewrapCoversHistory() {
    engine(b -> {});
    CredentialMetadata m = setPassword(setPassword(create("pw-1"), "pw-2"), "pw-3");
    KeyManagement keys = engine.keys();
    String oldKey = keys.keyset().primaryKeyId();
    String newKey = keys.addKey();
    keys.promote(newKey);
    CredentialMetadata now = setPassword(engine.store().get(ADMIN, m.id()), "pw-4");
    assertThat(keyCounts()).containsEntry(oldKey, 3L).containsEntry(newKey, 1L);
    assertThatThrownBy(() -> keys.disable(oldKey))
        .as("the credential row is on the new key, its history is not")
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("kept version");

    RewrapProgress done = keys.rewrap(2, p -> {});
    assertThat(done.complete()).isTrue();
    assertThat(done.rewrapped()).isEqualTo(3);
    assertThat(keyCounts()).containsOnlyKeys(newKey);
    keys.disable(oldKey);
    for (long v = 1; v <= 4; v++) {
      assertThat(password(engine.store().revealVersion(ADMIN, now.id(), v))).isEqualTo("pw-" + v);
    }
    assertThat(audit())
        .filteredOn(e -> e.action() == AuditAction.KEY_ROTATED)
        .extracting(e -> e.details().get("version"))
        .containsExactly("1", "2", "3");
  }

  @Test
  @DisplayName("no value of any version reaches audit entries, toString or messages")
  void canary() {
    engine(b -> {});
    CredentialMetadata m = create(CANARY + "-1");
    m = setPassword(m, CANARY + "-2");
    CredentialMetadata rolled = engine.store().rollback(ADMIN, m.id(), 1, m.version());
    RevealedVersion revealed = engine.store().revealVersion(ADMIN, m.id(), 2);
    StringBuilder seen = new StringBuilder();
    seen.append(engine.store().versions(ADMIN, m.id())).append(revealed).append(rolled);
    seen.append(stored(rolled));
    for (AuditEvent e : audit()) {
      seen.append(e).append(e.details());
    }
    try {
      engine.store().rollback(ADMIN, m.id(), 1, 1);
    } catch (ConcurrentCredentialModificationException e) {
      seen.append(e.getMessage());
    }
    assertThat(seen.toString()).doesNotContain(CANARY).contains("DB_PASSWORD");
    assertThat(password(revealed)).isEqualTo(CANARY + "-2");
  }
}
