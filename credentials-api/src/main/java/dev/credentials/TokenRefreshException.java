package dev.credentials;

import java.util.Objects;

/**
 * An OAuth 2.0 access token could not be obtained or refreshed. {@link #state()} says what the
 * launch gate makes of it: {@link CredentialState#MISCONFIGURED} when the token endpoint refused
 * the grant or the client ({@code invalid_grant}, {@code invalid_client}: an administrator must
 * authorise again), {@link CredentialState#UNAVAILABLE} when it could not be reached or failed
 * (network errors, timeouts, 5xx: retried later). The message never holds a token or a secret.
 */
public class TokenRefreshException extends CredentialException {

  private static final long serialVersionUID = 1L;

  /** The state the failure gives the credential. */
  private final CredentialState state;

  /**
   * @param state {@code MISCONFIGURED} or {@code UNAVAILABLE}
   * @param message what happened and what to do
   */
  public TokenRefreshException(CredentialState state, String message) {
    super(ErrorCode.TOKEN_REFRESH_FAILED, message);
    this.state = Objects.requireNonNull(state, "state");
  }

  /**
   * The state the failure gives the credential.
   *
   * @return {@code MISCONFIGURED} or {@code UNAVAILABLE}
   */
  public CredentialState state() {
    return state;
  }
}
