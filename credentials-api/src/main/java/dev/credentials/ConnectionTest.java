package dev.credentials;

/**
 * A thorough, on-demand connection test of a credential, run by an administrator through {@link
 * CredentialStore#test(Caller, CredentialId)}. The result is recorded on the credential and
 * audited. Unlike {@link CheckableCredential} it may take longer and exercise more of the service.
 */
@FunctionalInterface
public interface ConnectionTest {
  /**
   * Tests the credential.
   *
   * @param context the credential and its values
   * @return the result
   * @throws Exception when the test cannot complete
   */
  CheckResult test(CheckContext context) throws Exception;
}
