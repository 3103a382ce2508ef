package dev.credentials.spi;

import dev.credentials.CheckResult;
import dev.credentials.CredentialId;
import dev.credentials.TenantId;
import java.util.Collection;
import java.util.Map;

/**
 * The check log of one unit of work: the results of live checks and connection tests, the newest
 * hundred or so kept per credential. Every method is scoped by tenant.
 */
public interface CheckLog {

  /**
   * Appends a live-check or connection-test result.
   *
   * @param tenant the tenant
   * @param credentialId the credential
   * @param result the result
   */
  void append(TenantId tenant, CredentialId credentialId, CheckResult result);

  /**
   * The latest logged result of each credential, in one round trip.
   *
   * @param tenant the tenant
   * @param ids the credentials
   * @return the latest results by credential
   */
  Map<CredentialId, CheckResult> latest(TenantId tenant, Collection<CredentialId> ids);
}
