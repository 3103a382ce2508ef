package dev.credentials.core;

import dev.credentials.ConcurrentCredentialModificationException;
import dev.credentials.CredentialId;
import dev.credentials.TenantId;
import dev.credentials.spi.CredentialVersions;
import dev.credentials.spi.StoredVersion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The version history of the {@link InMemoryCredentialRepository}: per tenant and credential, the
 * versions by number. Each change replaces a credential's map with a changed copy and journals the
 * old one, so a rollback puts it back; removed versions have their ciphertext overwritten first.
 */
final class InMemoryVersions {

  private final Map<TenantId, Map<CredentialId, NavigableMap<Long, StoredVersion>>> data =
      new HashMap<>();

  /**
   * @param journal the unit of work
   * @return its view of the history
   */
  CredentialVersions view(InMemoryUnit journal) {
    return new View(journal);
  }

  /**
   * Removes a credential's whole history, as part of its delete.
   *
   * @param journal the unit of work
   * @param tenant the tenant
   * @param id the credential
   */
  void removeAll(InMemoryUnit journal, TenantId tenant, CredentialId id) {
    new View(journal).trim(tenant, id, 0);
  }

  private static StoredVersion copy(StoredVersion v) {
    return v.resealed(v.keyId(), v.sealedValues().clone());
  }

  private final class View implements CredentialVersions {
    private final InMemoryUnit journal;

    View(InMemoryUnit journal) {
      this.journal = journal;
    }

    private NavigableMap<Long, StoredVersion> of(TenantId tenant, CredentialId id) {
      return data.getOrDefault(tenant, Map.of()).getOrDefault(id, new TreeMap<>());
    }

    /** Installs a changed copy of a credential's history, journaling the one it replaces. */
    private void install(TenantId tenant, CredentialId id, NavigableMap<Long, StoredVersion> next) {
      Map<CredentialId, NavigableMap<Long, StoredVersion>> byId =
          data.computeIfAbsent(tenant, t -> new HashMap<>());
      NavigableMap<Long, StoredVersion> old = byId.get(id);
      if (next.isEmpty()) {
        byId.remove(id);
      } else {
        byId.put(id, next);
      }
      journal.onRollback(
          () -> {
            Map<CredentialId, NavigableMap<Long, StoredVersion>> m =
                data.computeIfAbsent(tenant, t -> new HashMap<>());
            if (old == null) {
              m.remove(id);
            } else {
              m.put(id, old);
            }
          });
    }

    @Override
    public void insert(StoredVersion version) {
      journal.writing();
      Objects.requireNonNull(version, "version");
      NavigableMap<Long, StoredVersion> next =
          new TreeMap<>(of(version.tenant(), version.credentialId()));
      if (next.containsKey(version.version())) {
        throw new ConcurrentCredentialModificationException(
            "credential "
                + version.credentialId()
                + " already holds version "
                + version.version()
                + "; read it again and retry");
      }
      next.put(version.version(), copy(version));
      install(version.tenant(), version.credentialId(), next);
    }

    @Override
    public List<StoredVersion> list(TenantId tenant, CredentialId id) {
      journal.reading();
      List<StoredVersion> out = new ArrayList<>();
      for (StoredVersion v : of(tenant, id).descendingMap().values()) {
        out.add(copy(v));
      }
      return out;
    }

    @Override
    public Optional<StoredVersion> find(TenantId tenant, CredentialId id, long version) {
      journal.reading();
      return Optional.ofNullable(of(tenant, id).get(version)).map(InMemoryVersions::copy);
    }

    @Override
    public int trim(TenantId tenant, CredentialId id, int keep) {
      journal.writing();
      if (keep < 0) {
        throw new IllegalArgumentException("keep must be at least 0, got " + keep);
      }
      NavigableMap<Long, StoredVersion> current = of(tenant, id);
      if (current.size() <= keep) {
        return 0;
      }
      NavigableMap<Long, StoredVersion> next = new TreeMap<>(current);
      int removed = 0;
      while (next.size() > keep) {
        StoredVersion gone = next.pollFirstEntry().getValue();
        // Secure delete: overwrite our own copy; undo restores the bytes.
        byte[] saved = gone.sealedValues().clone();
        Arrays.fill(gone.sealedValues(), (byte) 0);
        journal.onRollback(() -> System.arraycopy(saved, 0, gone.sealedValues(), 0, saved.length));
        removed++;
      }
      install(tenant, id, next);
      return removed;
    }

    @Override
    public boolean reseal(StoredVersion version) {
      journal.writing();
      NavigableMap<Long, StoredVersion> current = of(version.tenant(), version.credentialId());
      StoredVersion old = current.get(version.version());
      if (old == null) {
        return false;
      }
      NavigableMap<Long, StoredVersion> next = new TreeMap<>(current);
      next.put(version.version(), copy(old.resealed(version.keyId(), version.sealedValues())));
      install(version.tenant(), version.credentialId(), next);
      return true;
    }

    @Override
    public Map<String, Long> countByKeyId() {
      journal.reading();
      Map<String, Long> out = new HashMap<>();
      for (Map<CredentialId, NavigableMap<Long, StoredVersion>> byId : data.values()) {
        for (NavigableMap<Long, StoredVersion> versions : byId.values()) {
          for (StoredVersion v : versions.values()) {
            out.merge(v.keyId(), 1L, Long::sum);
          }
        }
      }
      return out;
    }

    @Override
    public List<StoredVersion> notSealedWith(String keyId, int limit) {
      journal.reading();
      Objects.requireNonNull(keyId, "keyId");
      List<StoredVersion> out = new ArrayList<>();
      data.entrySet().stream()
          .sorted(Map.Entry.comparingByKey(java.util.Comparator.comparing(TenantId::value)))
          .forEach(
              t ->
                  t.getValue().entrySet().stream()
                      .sorted(
                          Map.Entry.comparingByKey(
                              java.util.Comparator.comparing(CredentialId::value)))
                      .forEach(
                          c -> {
                            for (StoredVersion v : c.getValue().values()) {
                              if (!v.keyId().equals(keyId)) {
                                out.add(v);
                              }
                            }
                          }));
      return out.stream().limit(limit).map(InMemoryVersions::copy).toList();
    }
  }
}
