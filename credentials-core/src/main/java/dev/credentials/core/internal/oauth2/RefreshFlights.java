package dev.credentials.core.internal.oauth2;

import dev.credentials.CredentialId;
import dev.credentials.TenantId;
import java.util.function.Supplier;

/**
 * Exactly one refresh in flight per credential: whoever asks while a refresh runs waits for its
 * result instead of calling the token endpoint again. {@link InProcessRefreshFlights} serves one
 * engine; a lease held in the shared database (one engine refreshes, the others wait for the lease
 * and then read the stored result) plugs in here to serve every engine on the database.
 */
public interface RefreshFlights {

  /**
   * Runs {@code refresh} unless a refresh of the credential is in flight, whose result (or failure)
   * is then shared.
   *
   * @param <T> the result type
   * @param tenant the credential's tenant
   * @param id the credential
   * @param refresh the refresh; it reads the stored credential first and skips the call when
   *     another refresh has already replaced the token
   * @return the refresh's result
   */
  <T> T single(TenantId tenant, CredentialId id, Supplier<T> refresh);
}
