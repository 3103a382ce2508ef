package dev.credentials;

/**
 * The OAuth 2.0 access tokens of credentials whose prototype declares {@link
 * dev.credentials.prototype.OAuth2Fields}. The engine refreshes them in the background before they
 * expire; a resolve waits for a refresh only when the token has already expired. This service is
 * for a host whose request was refused with HTTP 401 although the token had not expired (revoked,
 * rotated elsewhere): it asks for a new token.
 *
 * <p>Exactly one refresh per credential is in flight at a time; whoever asks while one runs waits
 * for its result. The new access token (and a rotated refresh token) are stored sealed in one unit
 * of work with an {@code UPDATED} audit event.
 */
public interface OAuth2Tokens {

  /**
   * Refreshes a credential's access token because the service refused the token of version {@code
   * rejectedVersion}. When the credential has moved past that version (another caller refreshed it
   * meanwhile) nothing is called and the current metadata is returned: read the values again.
   *
   * @param caller who asks; needs the {@code RESOLVE} permission
   * @param id the credential
   * @param rejectedVersion the credential version whose access token was refused
   * @return the metadata of the credential with its new token
   * @throws CredentialNotFoundException when the credential does not exist in the caller's tenant
   * @throws IllegalArgumentException when the credential's prototype declares no OAuth 2.0 fields
   * @throws TokenRefreshException when the token endpoint refused or failed
   */
  CredentialMetadata refreshAfterRejection(Caller caller, CredentialId id, long rejectedVersion);

  /**
   * Refreshes every token this engine watches that is due (within the lead time of its expiry). The
   * engine's background task calls this; a host whose clock is its own (tests with a fake clock)
   * may call it too.
   *
   * @return how many refreshes were attempted (successful or not)
   */
  int refreshDue();
}
