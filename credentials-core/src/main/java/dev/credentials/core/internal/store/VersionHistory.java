package dev.credentials.core.internal.store;

import dev.credentials.Caller;
import dev.credentials.CredentialMetadata;
import dev.credentials.CredentialVersion;
import dev.credentials.PageRequest;
import dev.credentials.Secret;
import dev.credentials.audit.AuditAction;
import dev.credentials.audit.AuditEvent;
import dev.credentials.audit.AuditQuery;
import dev.credentials.core.internal.vault.Sealer;
import dev.credentials.core.internal.vault.ValueVault;
import dev.credentials.spi.StoredVersion;
import dev.credentials.spi.UnitOfWork;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Keeps the versions of credentials' values. A change of values records both the values before
 * (when history does not hold them yet: the values of a create, or of a time history was off) and
 * the values after, each sealed with associated data that names its version, in the unit of work of
 * the change; the newest {@code depth} earlier versions stay besides the current one, older ones
 * are removed at once. A create writes no history: a credential whose values never changed has
 * none.
 */
public final class VersionHistory {

  /** The author of values written before history was kept. */
  static final String UNKNOWN_AUTHOR = "unknown";

  private final ValueVault vault;
  private final int depth;

  /**
   * @param vault where values are sealed
   * @param depth how many earlier versions are kept per credential; 0 keeps no history
   */
  public VersionHistory(ValueVault vault, int depth) {
    if (depth < 0) {
      throw new IllegalArgumentException("history depth must be at least 0, got " + depth);
    }
    this.vault = vault;
    this.depth = depth;
  }

  /**
   * @return how many earlier versions are kept per credential
   */
  public int depth() {
    return depth;
  }

  /**
   * Records a change of values: the values before become history (recorded now if history did not
   * have them, for credentials written while it was off), the values after become the newest
   * version, and versions beyond the depth go.
   *
   * @param uow the unit of work of the update
   * @param caller who changes
   * @param old the credential before
   * @param before its values before
   * @param next the credential after
   * @param after its values after
   * @param changed the field codes whose values differ
   */
  void changed(
      UnitOfWork uow,
      Caller caller,
      CredentialMetadata old,
      Map<String, Secret> before,
      CredentialMetadata next,
      Map<String, Secret> after,
      Set<String> changed) {
    if (depth == 0) {
      uow.versions().trim(old.tenant(), old.id(), 0);
      return;
    }
    List<StoredVersion> kept = uow.versions().list(old.tenant(), old.id());
    if (kept.isEmpty()) {
      // The values before were written at the create (version 1) or while history was off.
      Instant at = old.updatedAt();
      String author = UNKNOWN_AUTHOR;
      if (old.version() == 1) {
        at = old.createdAt();
        author =
            uow
                .audit()
                .events(
                    old.tenant(),
                    AuditQuery.all().withCredential(old.id()).withAction(AuditAction.CREATED),
                    PageRequest.first(1))
                .items()
                .stream()
                .map(AuditEvent::principal)
                .findFirst()
                .orElse(UNKNOWN_AUTHOR);
      }
      insert(uow, old, old.version(), at, author, before.keySet(), before);
    }
    insert(uow, next, next.version(), next.updatedAt(), author(caller), changed, after);
    uow.versions().trim(old.tenant(), old.id(), depth + 1);
  }

  private void insert(
      UnitOfWork uow,
      CredentialMetadata m,
      long version,
      Instant at,
      String author,
      Set<String> changed,
      Map<String, Secret> values) {
    Sealer.Sealed sealed = vault.sealVersion(m.tenant(), m.id(), version, values);
    uow.versions()
        .insert(
            new StoredVersion(
                m.tenant(),
                m.id(),
                version,
                at,
                author,
                new TreeSet<>(changed),
                sealed.keyId(),
                sealed.ciphertext()));
  }

  /**
   * How a stored version is shown.
   *
   * @param v the stored version
   * @param newest whether it is the newest one, that is the current values
   * @return the description, without values
   */
  static CredentialVersion describe(StoredVersion v, boolean newest) {
    return new CredentialVersion(v.version(), v.createdAt(), v.author(), v.changedFields(), newest);
  }

  private static String author(Caller caller) {
    return caller.principal().toString();
  }
}
