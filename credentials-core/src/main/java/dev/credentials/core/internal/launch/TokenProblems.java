package dev.credentials.core.internal.launch;

import dev.credentials.Caller;
import dev.credentials.CheckResult;
import dev.credentials.spi.StoredCredential;
import java.util.Optional;

/**
 * What the launch gate learns from OAuth 2.0 token refreshes: an expired token is refreshed before
 * the launch, and a refused grant ({@code MISCONFIGURED}) or an unreachable endpoint ({@code
 * UNAVAILABLE}) counts like a live check's result. {@link #NONE} when the engine refreshes nothing.
 */
public interface TokenProblems {

  /** Reports nothing. */
  TokenProblems NONE = (caller, stored) -> Optional.empty();

  /**
   * Refreshes the credential's token when it has expired, and reports a failed refresh.
   *
   * @param caller who launches
   * @param stored the bound credential
   * @return the problem a refresh left on this version of the credential, or empty
   */
  Optional<CheckResult> beforeLaunch(Caller caller, StoredCredential stored);
}
