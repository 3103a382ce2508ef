package dev.credentials.core.internal.store;

import dev.credentials.CredentialId;
import dev.credentials.CredentialNotFoundException;
import dev.credentials.TenantId;
import dev.credentials.UnknownCredentialVersionException;

/** The one message for a credential id that is absent from a tenant. */
public final class Missing {

  private Missing() {}

  /**
   * @param tenant the tenant
   * @param id the id
   * @return the exception to throw
   */
  public static CredentialNotFoundException credential(TenantId tenant, CredentialId id) {
    return new CredentialNotFoundException(
        "no credential with id "
            + id
            + " in tenant "
            + tenant
            + "; list the tenant's credentials to find the right id");
  }

  /**
   * @param tenant the tenant
   * @param id the credential
   * @param version the version asked for
   * @return the exception to throw
   */
  public static UnknownCredentialVersionException version(
      TenantId tenant, CredentialId id, long version) {
    return new UnknownCredentialVersionException(
        "credential "
            + id
            + " in tenant "
            + tenant
            + " holds no version "
            + version
            + "; list its versions to find one that is kept");
  }
}
