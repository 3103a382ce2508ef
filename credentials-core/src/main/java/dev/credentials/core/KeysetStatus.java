package dev.credentials.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an operator needs during key rotation: every key of the live keyset with its state and the
 * number of credentials it sealed, plus any key id that credentials name but the keyset lacks. A
 * key can be disabled once its count is zero; see {@link KeyManagement}.
 *
 * @param primaryKeyId the key that seals new values
 * @param keys the keys in keyset order, then the missing ones
 */
public record KeysetStatus(String primaryKeyId, List<Key> keys) {

  /** The state of a key. */
  public enum State {
    /** Opens what it sealed; the primary is always enabled. */
    ENABLED,
    /** Kept in the keyset but opens nothing; can be enabled again. */
    DISABLED,
    /** Its key material is gone from the keyset: what it sealed is unrecoverable. */
    DESTROYED,
    /**
     * Credentials name it but the keyset does not hold it: they cannot be opened until the keyset
     * that holds it is restored from backup.
     */
    MISSING
  }

  /**
   * One key.
   *
   * @param keyId the Tink key id, unsigned decimal
   * @param state its state
   * @param primary whether it seals new values
   * @param credentials how many stored credentials (all tenants) it sealed
   */
  public record Key(String keyId, State state, boolean primary, long credentials) {
    /** Validates. */
    public Key {
      Objects.requireNonNull(keyId, "keyId");
      Objects.requireNonNull(state, "state");
      if (credentials < 0) {
        throw new IllegalArgumentException("credentials must not be negative");
      }
    }
  }

  /** Validates and copies. */
  public KeysetStatus {
    Objects.requireNonNull(primaryKeyId, "primaryKeyId");
    keys = List.copyOf(keys);
  }

  /**
   * @param keyId a key id
   * @return that key, or empty
   */
  public Optional<Key> key(String keyId) {
    return keys.stream().filter(k -> k.keyId().equals(keyId)).findFirst();
  }

  /**
   * @return how many credentials are sealed with a key other than the primary (what a rewrap has
   *     left to do)
   */
  public long credentialsNotOnPrimary() {
    return keys.stream().filter(k -> !k.primary()).mapToLong(Key::credentials).sum();
  }

  /**
   * @return the total number of stored credentials
   */
  public long credentials() {
    return keys.stream().mapToLong(Key::credentials).sum();
  }
}
