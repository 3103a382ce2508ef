package dev.credentials.core;

import dev.credentials.Caller;
import dev.credentials.CredentialDecryptionException;
import dev.credentials.Principal;
import dev.credentials.Secret;
import dev.credentials.audit.AuditAction;
import dev.credentials.core.internal.audit.AuditedWrites;
import dev.credentials.core.internal.vault.Sealer;
import dev.credentials.spi.CredentialRepository;
import dev.credentials.spi.StoredVersion;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Key rotation's second pass: re-seals the kept versions of credentials' values that are not sealed
 * with the primary key, in batches of one unit of work each, with the version's own associated
 * data. Each re-sealed version is audited as {@link AuditAction#KEY_ROTATED} with its version
 * number. Versions that do not open are skipped and reported.
 */
final class HistoryRewrap {

  private static final Logger LOG = LoggerFactory.getLogger(HistoryRewrap.class);

  private record RowKey(String tenant, String id, long version) {
    static RowKey of(StoredVersion v) {
      return new RowKey(v.tenant().value(), v.credentialId().value(), v.version());
    }
  }

  private final Sealer sealer;
  private final AuditedWrites writes;
  private final CredentialRepository repository;
  private final Principal rotator;

  HistoryRewrap(
      Sealer sealer, AuditedWrites writes, CredentialRepository repository, Principal rotator) {
    this.sealer = sealer;
    this.writes = writes;
    this.repository = repository;
    this.rotator = rotator;
  }

  /**
   * Key ids in use by credentials and by their kept versions together.
   *
   * @return key id → count of sealed values
   */
  Map<String, Long> countByKeyId() {
    return repository.read(
        uow -> {
          Map<String, Long> counts = new HashMap<>(uow.credentials().countByKeyId());
          uow.versions().countByKeyId().forEach((k, n) -> counts.merge(k, n, Long::sum));
          return counts;
        });
  }

  /**
   * Re-seals every kept version not on the primary.
   *
   * @param batchSize versions per unit of work
   * @return how many versions were re-sealed and how many were skipped
   */
  long[] run(int batchSize) {
    long rewrapped = 0;
    Set<RowKey> skipped = new HashSet<>();
    while (!Thread.currentThread().isInterrupted()) {
      String primary = sealer.primaryKeyId();
      int limit = (int) Math.min(Integer.MAX_VALUE, (long) batchSize + skipped.size());
      List<StoredVersion> batch =
          repository.read(uow -> uow.versions().notSealedWith(primary, limit)).stream()
              .filter(v -> !skipped.contains(RowKey.of(v)))
              .limit(batchSize)
              .toList();
      if (batch.isEmpty()) {
        break;
      }
      for (StoredVersion v : batch) {
        if (reseal(v)) {
          rewrapped++;
        } else {
          skipped.add(RowKey.of(v));
        }
      }
    }
    return new long[] {rewrapped, skipped.size()};
  }

  /** Re-seals one version in its own unit of work; false when it does not open. */
  private boolean reseal(StoredVersion seen) {
    Caller caller = Caller.of(seen.tenant(), rotator);
    return writes.write(
        caller,
        w -> {
          Optional<StoredVersion> now =
              w.uow().versions().find(seen.tenant(), seen.credentialId(), seen.version());
          if (now.isEmpty() || now.get().keyId().equals(sealer.primaryKeyId())) {
            return true; // trimmed or re-sealed meanwhile
          }
          StoredVersion v = now.get();
          Map<String, Secret> values;
          try {
            values =
                sealer.openVersion(
                    v.tenant(), v.credentialId(), v.version(), v.keyId(), v.sealedValues());
          } catch (CredentialDecryptionException e) {
            LOG.warn(
                "rewrap: version {} of credential {} of tenant {} does not open with the keyset"
                    + " (key {}); skipped",
                v.version(),
                v.credentialId(),
                v.tenant(),
                v.keyId());
            return false;
          }
          Sealer.Sealed sealed =
              sealer.sealVersionWithPrimary(v.tenant(), v.credentialId(), v.version(), values);
          w.uow().versions().reseal(v.resealed(sealed.keyId(), sealed.ciphertext()));
          Map<String, String> details = new LinkedHashMap<>();
          details.put("fromKey", v.keyId());
          details.put("toKey", sealed.keyId());
          details.put("version", String.valueOf(v.version()));
          w.audit(
              AuditAction.KEY_ROTATED, Optional.of(v.credentialId()), Optional.empty(), details);
          return true;
        });
  }
}
