package dev.credentials;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A reminder that a credential expires: at a lead time before its expiry, or at the expiry itself
 * (lead time zero). Carries names and instants, never values.
 *
 * @param tenant the tenant
 * @param credentialId the credential
 * @param name the credential's name
 * @param environment the credential's environment
 * @param expiresAt when the credential expires
 * @param leadTime how long before the expiry the reminder is due; zero for the expiry itself
 * @param dueAt {@code expiresAt - leadTime}
 * @param sentAt when it was delivered, or empty while it has not been
 */
public record ExpiryReminder(
    TenantId tenant,
    CredentialId credentialId,
    String name,
    String environment,
    Instant expiresAt,
    Duration leadTime,
    Instant dueAt,
    Optional<Instant> sentAt) {

  /** Validates. */
  public ExpiryReminder {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(credentialId, "credentialId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(leadTime, "leadTime");
    if (leadTime.isNegative()) {
      throw new IllegalArgumentException("leadTime must not be negative, got " + leadTime);
    }
    Objects.requireNonNull(dueAt, "dueAt");
    Objects.requireNonNull(sentAt, "sentAt");
  }

  /**
   * @return whether this is the reminder at the expiry itself
   */
  public boolean atExpiry() {
    return leadTime.isZero();
  }
}
