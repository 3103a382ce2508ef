package dev.credentials.core.internal.vault;

import com.google.crypto.tink.Aead;
import dev.credentials.CredentialDecryptionException;
import dev.credentials.CredentialId;
import dev.credentials.Secret;
import dev.credentials.TenantId;
import dev.credentials.core.CredentialKeys;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * Seals and opens a credential's values with the engine's keys (the vault's cipher). The associated
 * data binds each ciphertext to its tenant and credential id, so a ciphertext copied to another row
 * or tenant does not open.
 *
 * <p>All field values of a credential, secret or not, are sealed together: hostnames and user names
 * are reconnaissance data worth protecting, and one ciphertext per credential means one decryption
 * per resolve.
 *
 * <p>The keys are an immutable {@link CredentialKeys} that key rotation replaces atomically: every
 * operation reads the current keys once, so it never mixes two keysets.
 */
public final class Sealer {

  /**
   * A ciphertext and the id of the primary key that sealed it.
   *
   * @param keyId the primary key's id
   * @param ciphertext the sealed values
   */
  public record Sealed(String keyId, byte[] ciphertext) {}

  /** A keyset and its primitive, read together so that no operation mixes two keysets. */
  private record Keyring(CredentialKeys keys, Aead aead) {}

  private volatile Keyring keyring;

  /**
   * A sealer over a keyset.
   *
   * @param keys the keyset
   * @param aead its primitive (which only the keys' own package can hand out)
   */
  public Sealer(CredentialKeys keys, Aead aead) {
    this.keyring =
        new Keyring(Objects.requireNonNull(keys, "keys"), Objects.requireNonNull(aead, "aead"));
  }

  /**
   * @return the current keys
   */
  public CredentialKeys keys() {
    return keyring.keys();
  }

  /**
   * Installs a new keyset; later operations use it.
   *
   * @param next the keyset
   * @param aead its primitive
   */
  public void replace(CredentialKeys next, Aead aead) {
    keyring =
        new Keyring(Objects.requireNonNull(next, "keys"), Objects.requireNonNull(aead, "aead"));
  }

  /**
   * @return the id of the current primary key
   */
  public String primaryKeyId() {
    return keyring.keys().primaryKeyId();
  }

  private static final String AAD_PREFIX = "dev.credentials/v1\u0000";

  /**
   * {@code "dev.credentials/v1\0" + tenant + "\0" + id} as bytes. Tenant ids and credential ids are
   * ASCII by construction, so each char is one byte: the same bytes as UTF-8, without encoding.
   *
   * <p>{@link String#getBytes(int, int, byte[], int)} keeps the low byte of each char: exactly the
   * ASCII bytes here, copied as a block from a Latin-1 string. It is deprecated because it does not
   * encode, which is why it fits.
   */
  @SuppressWarnings("deprecation")
  public static byte[] associatedData(TenantId tenant, CredentialId id) {
    String t = tenant.value();
    String c = id.value();
    int prefix = AAD_PREFIX.length();
    byte[] out = new byte[prefix + t.length() + 1 + c.length()];
    AAD_PREFIX.getBytes(0, prefix, out, 0);
    t.getBytes(0, t.length(), out, prefix);
    // out[prefix + t.length()] stays 0: the separator.
    c.getBytes(0, c.length(), out, prefix + t.length() + 1);
    return out;
  }

  /** The associated data of one credential, kept for its next opening or sealing. */
  private record Opening(TenantId tenant, CredentialId id, byte[] associatedData) {}

  /**
   * Associated data of credentials opened or sealed lately, by credential id: a warm resolve opens
   * the same credentials again and again, and an update or a rewrap opens a credential and then
   * seals it. Direct-mapped and racy on purpose: entries have only final fields, a lost slot costs
   * one rebuild, and a hit is checked against both tenant and id. The arrays are never written
   * after they are built (the cipher only reads associated data).
   */
  private final Opening[] openings = new Opening[256];

  private byte[] openingData(TenantId tenant, CredentialId id) {
    int slot = id.hashCode() & (openings.length - 1);
    Opening o = openings[slot];
    if (o != null
        && (o.id == id || o.id.equals(id))
        && (o.tenant == tenant || o.tenant.equals(tenant))) {
      return o.associatedData;
    }
    byte[] ad = associatedData(tenant, id);
    openings[slot] = new Opening(tenant, id, ad);
    return ad;
  }

  /** Zeros that {@link #wipe} copies over plaintext. */
  private static final byte[] ZEROS = new byte[512];

  /**
   * Overwrites a plaintext buffer with zeros. Copies from a block of zeros, which the JIT does with
   * vector moves; {@link Arrays#fill(byte[], byte)} stores byte by byte, with about three times the
   * instructions.
   */
  public static void wipe(byte[] buffer) {
    for (int p = 0; p < buffer.length; p += ZEROS.length) {
      System.arraycopy(ZEROS, 0, buffer, p, Math.min(ZEROS.length, buffer.length - p));
    }
  }

  /**
   * Seals with the current primary and returns the ciphertext with the id of the key that sealed
   * it: read together from one keyset, so a rotation in between cannot record the wrong key.
   */
  public Sealed sealWithPrimary(TenantId tenant, CredentialId id, Map<String, Secret> values) {
    Keyring k = keyring;
    return new Sealed(k.keys().primaryKeyId(), seal(k.aead(), openingData(tenant, id), values));
  }

  private static byte[] seal(Aead aead, byte[] associatedData, Map<String, Secret> values) {
    byte[] plain = ValueCodec.encodeBorrowed(values);
    try {
      return aead.encrypt(plain, associatedData);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("sealing with the primary key failed", e);
    } finally {
      wipe(plain);
    }
  }

  /**
   * The associated data of one version of a credential's history: {@link #associatedData} followed
   * by {@code "\0v"} and the version number, so a version's ciphertext neither opens as the current
   * values nor as another version.
   *
   * @param tenant the tenant
   * @param id the credential
   * @param version the version
   * @return the bytes
   */
  public static byte[] versionAssociatedData(TenantId tenant, CredentialId id, long version) {
    byte[] base = associatedData(tenant, id);
    byte[] suffix = ("\u0000v" + version).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] out = Arrays.copyOf(base, base.length + suffix.length);
    System.arraycopy(suffix, 0, out, base.length, suffix.length);
    return out;
  }

  /**
   * Seals one version of a credential's values with the current primary.
   *
   * @param tenant the tenant
   * @param id the credential
   * @param version the version
   * @param values the values
   * @return the ciphertext and the key that sealed it
   */
  public Sealed sealVersionWithPrimary(
      TenantId tenant, CredentialId id, long version, Map<String, Secret> values) {
    Keyring k = keyring;
    return new Sealed(
        k.keys().primaryKeyId(),
        seal(k.aead(), versionAssociatedData(tenant, id, version), values));
  }

  /**
   * Opens one version of a credential's values with any enabled key of the current keyset.
   *
   * @param tenant the tenant
   * @param id the credential
   * @param version the version
   * @param keyId the key that sealed it (for the message)
   * @param sealed the ciphertext
   * @return the values
   * @throws CredentialDecryptionException when they do not open
   */
  public Map<String, Secret> openVersion(
      TenantId tenant, CredentialId id, long version, String keyId, byte[] sealed) {
    byte[] plain;
    try {
      plain = keyring.aead().decrypt(sealed, versionAssociatedData(tenant, id, version));
    } catch (GeneralSecurityException e) {
      throw new CredentialDecryptionException(id, keyId, e);
    }
    try {
      return ValueCodec.decode(plain);
    } catch (RuntimeException e) {
      wipe(plain);
      throw new CredentialDecryptionException(id, keyId, e);
    }
  }

  /**
   * Opens sealed values with any enabled key of the current keyset.
   *
   * @throws CredentialDecryptionException naming the credential and key id when the key is missing,
   *     disabled or destroyed, or the ciphertext was altered or moved
   */
  public Map<String, Secret> open(TenantId tenant, CredentialId id, String keyId, byte[] sealed) {
    byte[] plain;
    try {
      plain = keyring.aead().decrypt(sealed, openingData(tenant, id));
    } catch (GeneralSecurityException e) {
      throw new CredentialDecryptionException(id, keyId, e);
    }
    try {
      // The secrets adopt the plaintext: one array for all values instead of a copy each. The
      // framing between the values is field codes and lengths, not secret.
      return ValueCodec.decode(plain);
    } catch (RuntimeException e) {
      wipe(plain);
      throw new CredentialDecryptionException(id, keyId, e);
    }
  }
}
