package dev.credentials;

import java.util.Objects;

/**
 * A credential's sealed values could not be opened: the key is wrong, missing or destroyed, or the
 * ciphertext was tampered with or moved to another row. Names the credential and key, never a
 * value.
 */
public class CredentialDecryptionException extends CredentialException {

  private static final long serialVersionUID = 1L;

  private final String credentialId;
  private final String keyId;

  /**
   * @param credentialId the credential
   * @param keyId the id of the key the credential was sealed with
   * @param cause the cause
   */
  public CredentialDecryptionException(CredentialId credentialId, String keyId, Throwable cause) {
    super(
        ErrorCode.CANNOT_DECRYPT,
        "cannot decrypt credential "
            + credentialId
            + " sealed with key "
            + keyId
            + ": the key is missing, disabled or wrong, or the stored value was altered; load the"
            + " keyset that holds key "
            + keyId
            + " or restore the credential from a backup",
        cause);
    this.credentialId = Objects.requireNonNull(credentialId).value();
    this.keyId = Objects.requireNonNull(keyId);
  }

  /**
   * @return the credential that could not be opened
   */
  public CredentialId credentialId() {
    return CredentialId.of(credentialId);
  }

  /**
   * @return the id of the key it was sealed with
   */
  public String keyId() {
    return keyId;
  }
}
