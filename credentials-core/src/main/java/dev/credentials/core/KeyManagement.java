package dev.credentials.core;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.proto.KeyData;
import com.google.crypto.tink.proto.KeyStatusType;
import com.google.crypto.tink.proto.Keyset;
import dev.credentials.Caller;
import dev.credentials.ConcurrentCredentialModificationException;
import dev.credentials.CredentialDecryptionException;
import dev.credentials.CredentialId;
import dev.credentials.CredentialMetadata;
import dev.credentials.KeyUnavailableException;
import dev.credentials.Principal;
import dev.credentials.Secret;
import dev.credentials.TenantId;
import dev.credentials.audit.AuditAction;
import dev.credentials.core.internal.audit.AuditedWrites;
import dev.credentials.core.internal.resolve.TenantGenerations;
import dev.credentials.core.internal.vault.Sealer;
import dev.credentials.spi.CredentialRepository;
import dev.credentials.spi.StoredCredential;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Online key rotation for a running engine, obtained from {@link Credentials#keys()}. The live
 * keyset is immutable; every change here builds a new keyset from the current one and swaps it in
 * atomically, while the store keeps serving reads and writes.
 *
 * <p>A rotation, in order:
 *
 * <ol>
 *   <li>{@link #addKey()}: a new AES-256-GCM key, enabled but not primary; then <b>persist</b>
 *       {@link #keyset()} (so that every process and every backup can open what the key will seal);
 *   <li>{@link #promote(String)}: new values are sealed with it; persist again;
 *   <li>{@link #rewrap(int, Consumer)}: re-seals every stored credential still sealed with another
 *       key, then every kept version of credentials' values; resumable, and safe to run again at
 *       any time;
 *   <li>{@link #status()} until the old key's count is zero, then {@link #disable(String)};
 *       persist;
 *   <li>after a while without {@code CANNOT_DECRYPT} errors, {@link #destroy(String)}; persist.
 * </ol>
 *
 * <p>The engine never writes the keyset anywhere itself: persisting it ({@link
 * CredentialKeys#writeEncrypted}) is the host's job, and a keyset that was promoted but not
 * persisted is lost at the next restart together with everything it sealed.
 *
 * <p>These are operator operations across all tenants; the access policy does not apply to them, so
 * the host decides who may call them. Rewrapping audits {@link AuditAction#KEY_ROTATED} in each
 * credential's tenant as the service principal {@value #ROTATION_PRINCIPAL}. Thread-safe; changes
 * to the keyset are serialised and at most one rewrap runs at a time.
 */
public final class KeyManagement {

  /** The principal that rewrap audit events name. */
  public static final String ROTATION_PRINCIPAL = "key-rotation";

  /** The largest batch {@link #rewrap} accepts. */
  public static final int MAX_BATCH_SIZE = 10_000;

  private static final Logger LOG = LoggerFactory.getLogger(KeyManagement.class);
  private static final Principal ROTATOR =
      new Principal(ROTATION_PRINCIPAL, Principal.Kind.SERVICE, Map.of());
  private static final int CONFLICT_RETRIES = 3;

  private final Sealer sealer;
  private final AuditedWrites writes;
  private final CredentialRepository repository;
  private final TenantGenerations generations;
  private final java.util.function.BiConsumer<TenantId, CredentialId> changed;
  private final Object keysetLock = new Object();
  private final ReentrantLock rewrapLock = new ReentrantLock();
  private final HistoryRewrap history;

  KeyManagement(
      Sealer sealer,
      AuditedWrites writes,
      CredentialRepository repository,
      TenantGenerations generations,
      java.util.function.BiConsumer<TenantId, CredentialId> changed) {
    this.changed = changed;
    this.sealer = sealer;
    this.writes = writes;
    this.repository = repository;
    this.generations = generations;
    this.history = new HistoryRewrap(sealer, writes, repository, ROTATOR);
  }

  /**
   * The live keyset, to persist after every change.
   *
   * @return the current keys
   */
  public CredentialKeys keyset() {
    return sealer.keys();
  }

  /**
   * Adds a new random AES-256-GCM key, enabled and not primary: it opens but does not yet seal.
   * Persist {@link #keyset()} before promoting it.
   *
   * @return the new key's id
   */
  public String addKey() {
    synchronized (keysetLock) {
      KeysetHandle current = keyset().keyset();
      KeysetHandle.Builder b = KeysetHandle.newBuilder(current);
      b.addEntry(CredentialKeys.newKeyEntry());
      KeysetHandle next = build(b);
      String id = CredentialKeys.keyId(next.getAt(next.size() - 1).getId());
      install(next);
      LOG.info("added key {} (enabled, not primary); persist the keyset before promoting it", id);
      return id;
    }
  }

  /**
   * Makes an enabled key the primary: new and updated credentials are sealed with it from now on.
   * Promoting the current primary does nothing.
   *
   * @param keyId the key id
   * @throws IllegalArgumentException when the keyset has no such key
   * @throws IllegalStateException when the key is disabled or destroyed
   */
  public void promote(String keyId) {
    synchronized (keysetLock) {
      KeysetHandle current = keyset().keyset();
      int index = indexOf(current, keyId);
      KeysetHandle.Entry entry = current.getAt(index);
      if (entry.isPrimary()) {
        return;
      }
      if (entry.getStatus() != KeyStatus.ENABLED) {
        throw new IllegalStateException(
            "key " + keyId + " is " + state(entry) + "; only an enabled key can become primary");
      }
      KeysetHandle.Builder b = KeysetHandle.newBuilder(current);
      b.getAt(index).makePrimary();
      install(build(b));
      LOG.info("promoted key {} to primary; persist the keyset, then rewrap", keyId);
    }
  }

  /**
   * Enables a disabled key again, for instance when credentials turn out to still need it.
   *
   * @param keyId the key id
   * @throws IllegalArgumentException when the keyset has no such key
   * @throws IllegalStateException when the key was destroyed
   */
  public void enable(String keyId) {
    setStatus(keyId, KeyStatus.ENABLED, false);
  }

  /**
   * Disables a key that no stored credential uses any more: it stays in the keyset but opens
   * nothing. Reversible with {@link #enable(String)}.
   *
   * @param keyId the key id
   * @throws IllegalArgumentException when the keyset has no such key
   * @throws IllegalStateException when it is the primary, destroyed, or still seals credentials
   *     (run {@link #rewrap} first)
   */
  public void disable(String keyId) {
    setStatus(keyId, KeyStatus.DISABLED, false);
  }

  /**
   * Disables a key even though stored credentials still use it: those credentials stop opening
   * ({@code CANNOT_DECRYPT}) until the key is enabled again.
   *
   * @param keyId the key id
   * @throws IllegalArgumentException when the keyset has no such key
   * @throws IllegalStateException when it is the primary or destroyed
   */
  public void disableEvenIfInUse(String keyId) {
    setStatus(keyId, KeyStatus.DISABLED, true);
  }

  /**
   * Destroys a disabled key that no stored credential uses: its key material is removed from the
   * keyset, leaving only its id with the state destroyed. Irreversible once the keyset is persisted
   * and its backups are gone.
   *
   * @param keyId the key id
   * @throws IllegalArgumentException when the keyset has no such key
   * @throws IllegalStateException when it is the primary, not disabled first, or still seals
   *     credentials
   */
  public void destroy(String keyId) {
    destroy(keyId, false);
  }

  /**
   * Destroys a disabled key even though stored credentials still use it: <b>those credentials
   * become unrecoverable</b> unless a backup of the keyset holds the key.
   *
   * @param keyId the key id
   * @throws IllegalArgumentException when the keyset has no such key
   * @throws IllegalStateException when it is the primary or not disabled first
   */
  public void destroyEvenIfInUse(String keyId) {
    destroy(keyId, true);
  }

  /**
   * Every key with its state and how many stored credentials (all tenants) it sealed, plus key ids
   * that credentials name but the keyset lacks.
   *
   * @return the report
   */
  public KeysetStatus status() {
    KeysetHandle handle = keyset().keyset();
    Map<String, Long> counts = new HashMap<>(history.countByKeyId());
    List<KeysetStatus.Key> keys = new ArrayList<>();
    for (int i = 0; i < handle.size(); i++) {
      KeysetHandle.Entry e = handle.getAt(i);
      String id = CredentialKeys.keyId(e.getId());
      Long n = counts.remove(id);
      keys.add(new KeysetStatus.Key(id, state(e), e.isPrimary(), n == null ? 0 : n));
    }
    counts.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e ->
                keys.add(
                    new KeysetStatus.Key(
                        e.getKey(), KeysetStatus.State.MISSING, false, e.getValue())));
    return new KeysetStatus(CredentialKeys.keyId(handle.getPrimary().getId()), keys);
  }

  /**
   * Re-seals every stored credential that is not sealed with the primary key, in batches of one
   * unit of work each. Only the key id and the ciphertext change: the version and update time stay,
   * so callers holding a version for an optimistic update are not disturbed. Each re-sealed
   * credential is audited as {@link AuditAction#KEY_ROTATED} in its tenant. The store keeps serving
   * reads and writes meanwhile; a credential changed concurrently is re-read and retried.
   *
   * <p>Resumable: it only picks credentials not yet on the primary, so after a crash or an
   * interruption simply run it again. It stops early, with {@code remaining > 0}, when the calling
   * thread is interrupted.
   *
   * @param batchSize credentials per unit of work, 1 to {@value #MAX_BATCH_SIZE}
   * @param progress called after every batch with the progress so far
   * @return the final progress; {@link RewrapProgress#complete()} tells whether every credential is
   *     now on the primary
   * @throws IllegalStateException when another rewrap is running
   */
  public RewrapProgress rewrap(int batchSize, Consumer<? super RewrapProgress> progress) {
    if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
      throw new IllegalArgumentException(
          "batchSize must be between 1 and " + MAX_BATCH_SIZE + ", got " + batchSize);
    }
    Objects.requireNonNull(progress, "progress");
    if (!rewrapLock.tryLock()) {
      throw new IllegalStateException("a rewrap is already running; wait for it to finish");
    }
    try {
      return runRewrap(batchSize, progress);
    } finally {
      rewrapLock.unlock();
    }
  }

  private record RowKey(TenantId tenant, CredentialId id) {
    static RowKey of(StoredCredential s) {
      return new RowKey(s.metadata().tenant(), s.metadata().id());
    }
  }

  private record BatchResult(int rewrapped, List<RowKey> unreadable, Set<RowKey> rows) {}

  private RewrapProgress runRewrap(int batchSize, Consumer<? super RewrapProgress> progress) {
    long rewrapped = 0;
    Set<RowKey> skipped = new HashSet<>();
    Map<RowKey, Integer> conflicts = new HashMap<>();
    while (!Thread.currentThread().isInterrupted()) {
      String primary = keyset().primaryKeyId();
      int limit = (int) Math.min(Integer.MAX_VALUE, (long) batchSize + skipped.size());
      List<StoredCredential> batch =
          repository.read(uow -> uow.credentials().notSealedWith(primary, limit)).stream()
              .filter(s -> !skipped.contains(RowKey.of(s)))
              .limit(batchSize)
              .toList();
      if (batch.isEmpty()) {
        break;
      }
      BatchResult result;
      try {
        result = rewrapRows(batch);
      } catch (ConcurrentCredentialModificationException e) {
        // A row changed between our read and our write (possible on databases that do not lock
        // the rows we read): redo this batch one row at a time, so one busy row holds up nobody.
        result = rewrapOneByOne(batch, conflicts, skipped);
      }
      skipped.addAll(result.unreadable());
      for (RowKey r : result.rows()) {
        generations.invalidate(r.tenant());
        changed.accept(r.tenant(), r.id());
      }
      rewrapped += result.rewrapped();
      progress.accept(progress(rewrapped, skipped.size()));
    }
    long[] versions = history.run(batchSize);
    rewrapped += versions[0];
    RewrapProgress last = progress(rewrapped, skipped.size() + versions[1]);
    LOG.info(
        "rewrap: {} credentials re-sealed with key {}, {} skipped, {} remaining",
        last.rewrapped(),
        last.primaryKeyId(),
        last.skipped(),
        last.remaining());
    return last;
  }

  private BatchResult rewrapOneByOne(
      List<StoredCredential> batch, Map<RowKey, Integer> conflicts, Set<RowKey> skipped) {
    int rewrapped = 0;
    List<RowKey> unreadable = new ArrayList<>();
    Set<RowKey> rows = new HashSet<>();
    for (StoredCredential s : batch) {
      try {
        BatchResult one = rewrapRows(List.of(s));
        rewrapped += one.rewrapped();
        unreadable.addAll(one.unreadable());
        rows.addAll(one.rows());
      } catch (ConcurrentCredentialModificationException e) {
        RowKey key = RowKey.of(s);
        if (conflicts.merge(key, 1, Integer::sum) >= CONFLICT_RETRIES) {
          LOG.warn(
              "rewrap: credential {} of tenant {} keeps changing; skipped in this run",
              key.id(),
              key.tenant());
          skipped.add(key);
        }
      }
    }
    return new BatchResult(rewrapped, unreadable, rows);
  }

  /** Re-seals rows in one unit of work; may be re-run by the repository, so it keeps no state. */
  private BatchResult rewrapRows(List<StoredCredential> rows) {
    Caller any = Caller.of(rows.get(0).metadata().tenant(), ROTATOR);
    return writes.write(
        any,
        w -> {
          int rewrapped = 0;
          List<RowKey> unreadable = new ArrayList<>();
          Set<RowKey> done = new HashSet<>();
          for (StoredCredential row : rows) {
            CredentialMetadata seen = row.metadata();
            Optional<StoredCredential> now = w.uow().credentials().find(seen.tenant(), seen.id());
            if (now.isEmpty()) {
              continue; // deleted meanwhile
            }
            CredentialMetadata m = now.get().metadata();
            Caller caller = Caller.of(m.tenant(), ROTATOR);
            if (m.keyId().equals(keyset().primaryKeyId())) {
              continue; // re-sealed by a concurrent update
            }
            Map<String, Secret> values;
            try {
              values = sealer.open(m.tenant(), m.id(), m.keyId(), now.get().sealedValues());
            } catch (CredentialDecryptionException e) {
              LOG.warn(
                  "rewrap: credential {} of tenant {} does not open with the keyset (key {});"
                      + " skipped",
                  m.id(),
                  m.tenant(),
                  m.keyId());
              unreadable.add(RowKey.of(now.get()));
              w.audit(
                  caller,
                  AuditAction.ACCESS_FAILED,
                  Optional.of(m.id()),
                  Optional.empty(),
                  Map.of("reason", "cannot decrypt (key " + m.keyId() + ") during key rotation"));
              continue;
            }
            Sealer.Sealed sealed = sealer.sealWithPrimary(m.tenant(), m.id(), values);
            CredentialMetadata next =
                new CredentialMetadata(
                    m.id(),
                    m.tenant(),
                    m.prototype(),
                    m.name(),
                    m.environment(),
                    m.description(),
                    m.tags(),
                    m.active(),
                    m.expiresAt(),
                    m.version(),
                    m.createdAt(),
                    m.updatedAt(),
                    sealed.keyId(),
                    m.lastTest(),
                    m.source());
            w.uow()
                .credentials()
                .update(new StoredCredential(next, sealed.ciphertext()), m.version());
            Map<String, String> details = new LinkedHashMap<>();
            details.put("fromKey", m.keyId());
            details.put("toKey", sealed.keyId());
            w.audit(
                caller, AuditAction.KEY_ROTATED, Optional.of(m.id()), Optional.empty(), details);
            done.add(RowKey.of(now.get()));
            rewrapped++;
          }
          return new BatchResult(rewrapped, unreadable, done);
        });
  }

  private RewrapProgress progress(long rewrapped, long skipped) {
    String primary = keyset().primaryKeyId();
    long remaining =
        history.countByKeyId().entrySet().stream()
            .filter(e -> !e.getKey().equals(primary))
            .mapToLong(Map.Entry::getValue)
            .sum();
    return new RewrapProgress(primary, rewrapped, skipped, remaining);
  }

  // ---- keyset changes

  private void setStatus(String keyId, KeyStatus status, boolean force) {
    synchronized (keysetLock) {
      KeysetHandle current = keyset().keyset();
      int index = indexOf(current, keyId);
      KeysetHandle.Entry entry = current.getAt(index);
      if (entry.getStatus() == KeyStatus.DESTROYED) {
        throw new IllegalStateException(
            "key " + keyId + " was destroyed; its key material is gone and cannot come back");
      }
      if (entry.getStatus() == status) {
        return;
      }
      if (status == KeyStatus.DISABLED) {
        refuseIfPrimary(entry, keyId, "disable");
        if (!force) {
          refuseIfInUse(keyId, "disable");
        }
      }
      KeysetHandle.Builder b = KeysetHandle.newBuilder(current);
      b.getAt(index).setStatus(status);
      install(build(b));
      LOG.info("key {} is now {}; persist the keyset", keyId, status);
    }
  }

  private void destroy(String keyId, boolean force) {
    synchronized (keysetLock) {
      KeysetHandle current = keyset().keyset();
      int index = indexOf(current, keyId);
      KeysetHandle.Entry entry = current.getAt(index);
      if (entry.getStatus() == KeyStatus.DESTROYED) {
        return;
      }
      refuseIfPrimary(entry, keyId, "destroy");
      if (entry.getStatus() != KeyStatus.DISABLED) {
        throw new IllegalStateException(
            "key "
                + keyId
                + " is enabled; disable it first and destroy it only after a while without"
                + " CANNOT_DECRYPT errors for that key");
      }
      if (!force) {
        refuseIfInUse(keyId, "destroy");
      }
      install(withoutKeyMaterial(current, entry.getId()));
      LOG.warn("key {} destroyed; persist the keyset and retire its old backups", keyId);
    }
  }

  /**
   * The keyset with one key's material removed, leaving a destroyed entry that keeps its id.
   * (Tink's builder keeps the key material of an entry marked destroyed, so the entry is
   * rewritten.)
   */
  private static KeysetHandle withoutKeyMaterial(KeysetHandle current, int tinkKeyId) {
    byte[] serialized = null;
    byte[] rewritten = null;
    try {
      serialized = TinkProtoKeysetFormat.serializeKeyset(current, InsecureSecretKeyAccess.get());
      Keyset.Builder proto = Keyset.parseFrom(serialized).toBuilder();
      for (int i = 0; i < proto.getKeyCount(); i++) {
        if (proto.getKey(i).getKeyId() == tinkKeyId) {
          // No type URL and no value: no key material. The material type stays SYMMETRIC because
          // Tink's JSON keyset reader rejects UNKNOWN_KEYMATERIAL.
          proto.setKey(
              i,
              proto.getKey(i).toBuilder()
                  .setStatus(KeyStatusType.DESTROYED)
                  .setKeyData(
                      KeyData.newBuilder().setKeyMaterialType(KeyData.KeyMaterialType.SYMMETRIC)));
        }
      }
      rewritten = proto.build().toByteArray();
      return TinkProtoKeysetFormat.parseKeyset(rewritten, InsecureSecretKeyAccess.get());
    } catch (GeneralSecurityException | IOException e) {
      throw new KeyUnavailableException("cannot remove the key material from the keyset", e);
    } finally {
      if (serialized != null) {
        Arrays.fill(serialized, (byte) 0);
      }
      if (rewritten != null) {
        Arrays.fill(rewritten, (byte) 0);
      }
    }
  }

  private static void refuseIfPrimary(KeysetHandle.Entry entry, String keyId, String operation) {
    if (entry.isPrimary()) {
      throw new IllegalStateException(
          "key "
              + keyId
              + " is the primary; add and promote another key before you "
              + operation
              + " it");
    }
  }

  private void refuseIfInUse(String keyId, String operation) {
    long inUse = history.countByKeyId().getOrDefault(keyId, 0L);
    if (inUse > 0) {
      throw new IllegalStateException(
          "key "
              + keyId
              + " still seals "
              + inUse
              + " credential(s) or kept version(s); run rewrap() until it reports none remaining"
              + " before you "
              + operation
              + " it");
    }
  }

  private static int indexOf(KeysetHandle keyset, String keyId) {
    Objects.requireNonNull(keyId, "keyId");
    int id;
    try {
      id = Integer.parseUnsignedInt(keyId);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "key id must be an unsigned decimal Tink key id, got '" + keyId + "'", e);
    }
    for (int i = 0; i < keyset.size(); i++) {
      if (keyset.getAt(i).getId() == id) {
        return i;
      }
    }
    throw new IllegalArgumentException(
        "the keyset has no key " + keyId + "; status() lists the keys it holds");
  }

  private static KeysetStatus.State state(KeysetHandle.Entry e) {
    KeyStatus s = e.getStatus();
    if (s == KeyStatus.ENABLED) {
      return KeysetStatus.State.ENABLED;
    }
    if (s == KeyStatus.DISABLED) {
      return KeysetStatus.State.DISABLED;
    }
    return KeysetStatus.State.DESTROYED;
  }

  private static KeysetHandle build(KeysetHandle.Builder b) {
    try {
      return b.build();
    } catch (GeneralSecurityException e) {
      throw new KeyUnavailableException("cannot build the new keyset", e);
    }
  }

  private void install(KeysetHandle next) {
    CredentialKeys installed = sealer.keys().withKeyset(next);
    sealer.replace(installed, installed.aead());
  }

  @Override
  public String toString() {
    return "KeyManagement[" + keyset() + "]";
  }
}
