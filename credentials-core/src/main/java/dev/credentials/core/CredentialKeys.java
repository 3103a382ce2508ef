package dev.credentials.core;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import dev.credentials.KeyUnavailableException;
import java.security.GeneralSecurityException;
import java.util.Objects;

/**
 * The keys that seal credential values: a Tink keyset of AES-256-GCM keys with exactly one primary.
 * Values are sealed with the primary key; any enabled key of the keyset opens what it sealed, so a
 * keyset that keeps old keys during rotation still reads old rows.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class CredentialKeys {

  static {
    try {
      AeadConfig.register();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final KeysetHandle keyset;
  private final Aead aead;
  private final String primaryKeyId;

  private CredentialKeys(KeysetHandle keyset) {
    this.keyset = Objects.requireNonNull(keyset, "keyset");
    try {
      this.aead = keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
    } catch (GeneralSecurityException e) {
      throw new KeyUnavailableException(
          "the keyset cannot be used for AEAD; supply a keyset of AES-256-GCM keys", e);
    }
    this.primaryKeyId = keyId(keyset.getPrimary().getId());
  }

  /**
   * A fresh keyset with one random AES-256-GCM key, held in memory only. For tests, demos and
   * development: values sealed with it are lost with the process unless the keyset is saved.
   *
   * @return the keys
   */
  public static CredentialKeys generate() {
    try {
      return new CredentialKeys(KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM));
    } catch (GeneralSecurityException e) {
      throw new KeyUnavailableException("cannot generate an AES-256-GCM key", e);
    }
  }

  /**
   * Keys from a Tink keyset the host manages.
   *
   * @param keyset the keyset; its primary key seals new values
   * @return the keys
   */
  public static CredentialKeys of(KeysetHandle keyset) {
    return new CredentialKeys(keyset);
  }

  /**
   * The id of the primary key, as recorded on every credential it seals.
   *
   * @return the key id
   */
  public String primaryKeyId() {
    return primaryKeyId;
  }

  /**
   * The Tink keyset.
   *
   * @return the keyset handle
   */
  public KeysetHandle keyset() {
    return keyset;
  }

  /** The AEAD primitive; engine-internal. */
  Aead aead() {
    return aead;
  }

  /** The text form of a Tink key id. */
  static String keyId(int tinkKeyId) {
    return Integer.toUnsignedString(tinkKeyId);
  }

  /** Never shows key material. */
  @Override
  public String toString() {
    return "CredentialKeys[primary=" + primaryKeyId + ", keys=" + keyset.size() + "]";
  }
}
