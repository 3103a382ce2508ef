package dev.credentials;

/** Two bound credentials define the same environment variable. */
public class EnvironmentClashException extends CredentialException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message what happened and what to do
   */
  public EnvironmentClashException(String message) {
    super(ErrorCode.ENVIRONMENT_CLASH, message);
  }

  /**
   * @param message what happened and what to do
   * @param cause the cause
   */
  public EnvironmentClashException(String message, Throwable cause) {
    super(ErrorCode.ENVIRONMENT_CLASH, message, cause);
  }
}
