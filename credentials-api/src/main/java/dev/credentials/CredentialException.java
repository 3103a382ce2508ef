package dev.credentials;

import java.util.Objects;

/**
 * The root of every exception the library throws for a failed operation. Messages say what to do
 * next and never contain a secret value. Precondition failures use the JDK's exceptions instead.
 */
public abstract class CredentialException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  /**
   * @param code the error code
   * @param message the message
   */
  protected CredentialException(ErrorCode code, String message) {
    super(message);
    this.code = Objects.requireNonNull(code, "code");
  }

  /**
   * @param code the error code
   * @param message the message
   * @param cause the cause
   */
  protected CredentialException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  /**
   * What went wrong.
   *
   * @return the error code
   */
  public ErrorCode code() {
    return code;
  }
}
