package dev.credentials;

/** A credential with the same name already exists in the tenant and environment. */
public class DuplicateCredentialException extends CredentialException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message what happened and what to do
   */
  public DuplicateCredentialException(String message) {
    super(ErrorCode.DUPLICATE, message);
  }

  /**
   * @param message what happened and what to do
   * @param cause the cause
   */
  public DuplicateCredentialException(String message, Throwable cause) {
    super(ErrorCode.DUPLICATE, message, cause);
  }

  /**
   * The error every repository raises when (tenant, name, environment) is taken, worded once.
   *
   * @param tenant the tenant
   * @param name the name
   * @param environment the environment
   * @return the exception
   */
  public static DuplicateCredentialException forName(
      TenantId tenant, String name, String environment) {
    return new DuplicateCredentialException(
        "a credential named '"
            + name
            + "' already exists in environment '"
            + environment
            + "' of tenant "
            + tenant
            + "; choose another name or environment, or update the existing one");
  }
}
