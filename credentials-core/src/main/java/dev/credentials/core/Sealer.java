package dev.credentials.core;

import dev.credentials.CredentialDecryptionException;
import dev.credentials.CredentialId;
import dev.credentials.Secret;
import dev.credentials.TenantId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * Seals and opens a credential's values with the engine's keys. The associated data binds each
 * ciphertext to its tenant and credential id, so a ciphertext copied to another row or tenant does
 * not open.
 *
 * <p>All field values of a credential, secret or not, are sealed together: hostnames and user names
 * are reconnaissance data worth protecting, and one ciphertext per credential means one decryption
 * per resolve.
 *
 * <p>The keys are an immutable {@link CredentialKeys} that key rotation replaces atomically: every
 * operation reads the current keys once, so it never mixes two keysets.
 */
final class Sealer {

  /** A ciphertext and the id of the primary key that sealed it. */
  record Sealed(String keyId, byte[] ciphertext) {}

  private volatile CredentialKeys keys;

  Sealer(CredentialKeys keys) {
    this.keys = Objects.requireNonNull(keys, "keys");
  }

  /** The current keys. */
  CredentialKeys keys() {
    return keys;
  }

  /** Installs a new keyset; later operations use it. */
  void replace(CredentialKeys next) {
    keys = Objects.requireNonNull(next, "keys");
  }

  /** The id of the current primary key. */
  String primaryKeyId() {
    return keys.primaryKeyId();
  }

  private static final byte[] AAD_PREFIX =
      "dev.credentials/v1\u0000".getBytes(StandardCharsets.US_ASCII);

  /**
   * {@code "dev.credentials/v1\0" + tenant + "\0" + id} as bytes. Tenant ids and credential ids are
   * ASCII by construction, so each char is one byte: the same bytes as UTF-8, without encoding.
   */
  static byte[] associatedData(TenantId tenant, CredentialId id) {
    String t = tenant.value();
    String c = id.value();
    byte[] out = new byte[AAD_PREFIX.length + t.length() + 1 + c.length()];
    System.arraycopy(AAD_PREFIX, 0, out, 0, AAD_PREFIX.length);
    int p = AAD_PREFIX.length;
    for (int i = 0; i < t.length(); i++) {
      out[p++] = (byte) t.charAt(i);
    }
    out[p++] = 0;
    for (int i = 0; i < c.length(); i++) {
      out[p++] = (byte) c.charAt(i);
    }
    return out;
  }

  /**
   * Seals with the current primary and returns the ciphertext with the id of the key that sealed
   * it: read together from one keyset, so a rotation in between cannot record the wrong key.
   */
  Sealed sealWithPrimary(TenantId tenant, CredentialId id, Map<String, Secret> values) {
    CredentialKeys k = keys;
    return new Sealed(k.primaryKeyId(), seal(k, tenant, id, values));
  }

  private static byte[] seal(
      CredentialKeys k, TenantId tenant, CredentialId id, Map<String, Secret> values) {
    byte[] plain = ValueCodec.encode(values);
    try {
      return k.aead().encrypt(plain, associatedData(tenant, id));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("sealing with the primary key failed", e);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  /**
   * Opens sealed values with any enabled key of the current keyset.
   *
   * @throws CredentialDecryptionException naming the credential and key id when the key is missing,
   *     disabled or destroyed, or the ciphertext was altered or moved
   */
  Map<String, Secret> open(TenantId tenant, CredentialId id, String keyId, byte[] sealed) {
    byte[] plain;
    try {
      plain = keys.aead().decrypt(sealed, associatedData(tenant, id));
    } catch (GeneralSecurityException e) {
      throw new CredentialDecryptionException(id, keyId, e);
    }
    try {
      return ValueCodec.decode(plain);
    } catch (RuntimeException e) {
      throw new CredentialDecryptionException(id, keyId, e);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }
}
