package dev.credentials.spi;

import dev.credentials.CredentialMetadata;
import java.util.Objects;

/**
 * A credential as a repository stores it: plain metadata and one sealed value (every field value,
 * sealed together under {@link CredentialMetadata#keyId()}, bound to tenant and id).
 *
 * <p>The array is not copied for speed; repositories must not modify it.
 *
 * @param metadata the metadata
 * @param sealedValues the ciphertext
 */
public record StoredCredential(CredentialMetadata metadata, byte[] sealedValues) {

  /** Validates. */
  public StoredCredential {
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(sealedValues, "sealedValues");
  }

  /** Equal metadata and equal ciphertext bytes. */
  @Override
  public boolean equals(Object o) {
    return o instanceof StoredCredential s
        && metadata.equals(s.metadata)
        && java.util.Arrays.equals(sealedValues, s.sealedValues);
  }

  @Override
  public int hashCode() {
    return metadata.hashCode() * 31 + java.util.Arrays.hashCode(sealedValues);
  }

  /** Metadata and ciphertext length only. */
  @Override
  public String toString() {
    return "StoredCredential[" + metadata + ", sealed=" + sealedValues.length + " bytes]";
  }
}
