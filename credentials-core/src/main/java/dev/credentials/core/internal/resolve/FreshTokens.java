package dev.credentials.core.internal.resolve;

import dev.credentials.Secret;
import dev.credentials.spi.StoredCredential;
import java.time.Instant;
import java.util.Map;

/**
 * Where a resolve learns that a credential's OAuth 2.0 access token has expired: the only case in
 * which a resolve waits for a refresh. Implemented by the token refresher; {@link #NONE} when the
 * engine refreshes nothing.
 */
public interface FreshTokens {

  /** Changes nothing. */
  FreshTokens NONE = (stored, values, now) -> stored;

  /**
   * The credential to read values from: {@code stored} itself unless its access token has expired,
   * else the credential after the (single) refresh.
   *
   * @param stored the credential as the resolve read it
   * @param values its opened values
   * @param now the resolve's instant
   * @return {@code stored}, or the refreshed credential
   * @throws dev.credentials.TokenRefreshException when the expired token could not be refreshed
   */
  StoredCredential fresh(StoredCredential stored, Map<String, Secret> values, Instant now);
}
