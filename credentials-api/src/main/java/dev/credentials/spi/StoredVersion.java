package dev.credentials.spi;

import dev.credentials.CredentialId;
import dev.credentials.TenantId;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * One version of a credential's values as a repository stores it: plain metadata and the values
 * sealed under {@code keyId}, bound to tenant, credential id and version.
 *
 * <p>The array is not copied for speed; repositories must not modify it.
 *
 * @param tenant the tenant
 * @param credentialId the credential
 * @param version the credential's version when these values were written, at least 1
 * @param createdAt when they were written
 * @param author who wrote them
 * @param changedFields field codes changed from the version before
 * @param keyId the key that sealed them
 * @param sealedValues the ciphertext
 */
public record StoredVersion(
    TenantId tenant,
    CredentialId credentialId,
    long version,
    Instant createdAt,
    String author,
    Set<String> changedFields,
    String keyId,
    byte[] sealedValues) {

  /** Validates. */
  public StoredVersion {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(credentialId, "credentialId");
    if (version < 1) {
      throw new IllegalArgumentException("version must be at least 1, got " + version);
    }
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(author, "author");
    changedFields = Set.copyOf(changedFields);
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(sealedValues, "sealedValues");
  }

  /**
   * The same version sealed anew.
   *
   * @param newKeyId the key that sealed it
   * @param ciphertext the new ciphertext
   * @return the copy
   */
  public StoredVersion resealed(String newKeyId, byte[] ciphertext) {
    return new StoredVersion(
        tenant, credentialId, version, createdAt, author, changedFields, newKeyId, ciphertext);
  }

  /** Equal metadata and equal ciphertext bytes. */
  @Override
  public boolean equals(Object o) {
    return o instanceof StoredVersion s
        && tenant.equals(s.tenant)
        && credentialId.equals(s.credentialId)
        && version == s.version
        && createdAt.equals(s.createdAt)
        && author.equals(s.author)
        && changedFields.equals(s.changedFields)
        && keyId.equals(s.keyId)
        && Arrays.equals(sealedValues, s.sealedValues);
  }

  @Override
  public int hashCode() {
    return Objects.hash(tenant, credentialId, version, keyId) * 31 + Arrays.hashCode(sealedValues);
  }

  /** Metadata and ciphertext length only. */
  @Override
  public String toString() {
    return "StoredVersion["
        + tenant
        + "/"
        + credentialId
        + " v"
        + version
        + " at "
        + createdAt
        + " by "
        + author
        + ", changed="
        + changedFields
        + ", key="
        + keyId
        + ", sealed="
        + sealedValues.length
        + " bytes]";
  }
}
