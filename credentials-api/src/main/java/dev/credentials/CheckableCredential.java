package dev.credentials;

/**
 * A live availability check of a kind of credential, run right before a launch (phase 2): can the
 * service be reached with these values now? Implementations come with the prototype's {@link
 * dev.credentials.spi.PrototypeProvider}.
 *
 * <p>A check should be fast and side-effect free, honour {@link CheckContext#timeout()}, and put no
 * secret in its result. Throwing is allowed; the engine turns it into {@link
 * CredentialState#UNAVAILABLE} with a message that names the exception type only.
 */
@FunctionalInterface
public interface CheckableCredential {
  /**
   * Checks the credential.
   *
   * @param context the credential and its values
   * @return the result
   * @throws Exception when the check cannot complete
   */
  CheckResult check(CheckContext context) throws Exception;
}
