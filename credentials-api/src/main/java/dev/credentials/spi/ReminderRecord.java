package dev.credentials.spi;

import dev.credentials.CredentialId;
import dev.credentials.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * An expiry reminder that was sent: for which credential, which expiry and which lead time.
 *
 * @param tenant the tenant
 * @param credentialId the credential
 * @param expiresAt the expiry the reminder was about
 * @param leadTime how long before the expiry it was due (whole seconds; zero at the expiry)
 * @param sentAt when it was recorded as sent
 */
public record ReminderRecord(
    TenantId tenant,
    CredentialId credentialId,
    Instant expiresAt,
    Duration leadTime,
    Instant sentAt) {

  /** Validates. */
  public ReminderRecord {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(credentialId, "credentialId");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(leadTime, "leadTime");
    if (leadTime.isNegative() || leadTime.getNano() != 0) {
      throw new IllegalArgumentException(
          "leadTime must be a non-negative whole number of seconds, got " + leadTime);
    }
    Objects.requireNonNull(sentAt, "sentAt");
  }
}
