package dev.credentials.spi;

import dev.credentials.CredentialId;
import dev.credentials.TenantId;
import java.time.Instant;
import java.util.Objects;

/**
 * An active credential with an expiry, as the reminder scan sees it: no values.
 *
 * @param tenant the tenant
 * @param id the credential
 * @param name its name
 * @param environment its environment
 * @param expiresAt its expiry
 */
public record ExpiringCredential(
    TenantId tenant, CredentialId id, String name, String environment, Instant expiresAt) {

  /** Validates. */
  public ExpiringCredential {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
