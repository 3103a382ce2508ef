package dev.credentials;

/**
 * The credential exists, but holds no version with the given number: it never existed, or history
 * trimmed it (the engine keeps a limited number of versions per credential).
 */
public class UnknownCredentialVersionException extends CredentialNotFoundException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message what happened and what to do
   */
  public UnknownCredentialVersionException(String message) {
    super(message);
  }
}
