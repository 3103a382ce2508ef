package dev.credentials.rotation;

import dev.credentials.CredentialException;
import dev.credentials.ErrorCode;

/**
 * A rotation failed. The message says at which step and what state the service and the stored
 * credential were left in (unchanged, or rolled back to the old secret); it never holds a secret.
 */
public class RotationFailedException extends CredentialException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message what happened, the state left behind, and what to do
   * @param cause the cause, whose message holds no secret
   */
  public RotationFailedException(String message, Throwable cause) {
    super(ErrorCode.ROTATION_FAILED, message, cause);
  }
}
