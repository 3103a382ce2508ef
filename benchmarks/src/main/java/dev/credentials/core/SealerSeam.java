package dev.credentials.core;

import dev.credentials.CredentialId;
import dev.credentials.Secret;
import dev.credentials.TenantId;
import dev.credentials.core.internal.vault.Sealer;
import dev.credentials.core.internal.vault.ValueCodec;
import java.util.Map;

/**
 * Benchmark-only access to the package-private sealing path of the core. It lives in the benchmarks
 * module under the core's package name (a split package, fine on the class path that JMH uses), so
 * that the core does not grow public API for a benchmark.
 */
public final class SealerSeam {

  private final Sealer sealer;

  /**
   * @param keys the keys to seal with
   */
  public SealerSeam(CredentialKeys keys) {
    this.sealer = new Sealer(keys, keys.aead());
  }

  /**
   * Seals as the store does when it writes a credential.
   *
   * @param tenant the tenant
   * @param id the credential
   * @param values the values
   * @return the sealed values with the id of the key that sealed them
   */
  public byte[] seal(TenantId tenant, CredentialId id, Map<String, Secret> values) {
    return sealer.sealWithPrimary(tenant, id, values).ciphertext();
  }

  /**
   * Opens as the store does on reveal and resolve.
   *
   * @param tenant the tenant
   * @param id the credential
   * @param keyId the recorded key id
   * @param sealed the sealed values
   * @return the values
   */
  public Map<String, Secret> open(TenantId tenant, CredentialId id, String keyId, byte[] sealed) {
    return sealer.open(tenant, id, keyId, sealed);
  }

  /**
   * @param values the values
   * @return the plaintext the sealer encrypts for them
   */
  public static byte[] encode(Map<String, Secret> values) {
    return ValueCodec.encode(values);
  }

  /**
   * As the sealer encodes: into the thread's buffer, which the caller must {@link #wipe}.
   *
   * @param values the values
   * @return the plaintext, in the thread's buffer
   */
  public static byte[] encodeBorrowed(Map<String, Secret> values) {
    return ValueCodec.encodeBorrowed(values);
  }

  /**
   * @param plaintext a plaintext to overwrite with zeros, as the sealer does after encrypting
   */
  public static void wipe(byte[] plaintext) {
    Sealer.wipe(plaintext);
  }

  /**
   * @param plaintext what {@link #encode} returned
   * @return the values
   */
  public static Map<String, Secret> decode(byte[] plaintext) {
    return ValueCodec.decode(plaintext);
  }

  /**
   * @param tenant the tenant
   * @param id the credential
   * @return the associated data the sealer binds to
   */
  public static byte[] associatedData(TenantId tenant, CredentialId id) {
    return Sealer.associatedData(tenant, id);
  }
}
