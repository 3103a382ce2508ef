package dev.credentials.core;

import dev.credentials.CredentialDecryptionException;
import dev.credentials.CredentialId;
import dev.credentials.Secret;
import dev.credentials.TenantId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Map;

/**
 * Seals and opens a credential's values with the engine's keys. The associated data binds each
 * ciphertext to its tenant and credential id, so a ciphertext copied to another row or tenant does
 * not open.
 */
final class Sealer {

  private final CredentialKeys keys;

  Sealer(CredentialKeys keys) {
    this.keys = keys;
  }

  String primaryKeyId() {
    return keys.primaryKeyId();
  }

  static byte[] associatedData(TenantId tenant, CredentialId id) {
    return ("dev.credentials/v1\u0000" + tenant.value() + "\u0000" + id.value())
        .getBytes(StandardCharsets.UTF_8);
  }

  byte[] seal(TenantId tenant, CredentialId id, Map<String, Secret> values) {
    byte[] plain = ValueCodec.encode(values);
    try {
      return keys.aead().encrypt(plain, associatedData(tenant, id));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("sealing with the primary key failed", e);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  Map<String, Secret> open(TenantId tenant, CredentialId id, String keyId, byte[] sealed) {
    byte[] plain;
    try {
      plain = keys.aead().decrypt(sealed, associatedData(tenant, id));
    } catch (GeneralSecurityException e) {
      throw new CredentialDecryptionException(id, keyId, e);
    }
    try {
      return ValueCodec.decode(plain);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }
}
