package dev.credentials;

/** A consumer's requirement is not bound to a usable credential. */
public class UnmetRequirementException extends CredentialException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message what happened and what to do
   */
  public UnmetRequirementException(String message) {
    super(ErrorCode.UNMET_REQUIREMENT, message);
  }

  /**
   * @param message what happened and what to do
   * @param cause the cause
   */
  public UnmetRequirementException(String message, Throwable cause) {
    super(ErrorCode.UNMET_REQUIREMENT, message, cause);
  }
}
