package dev.credentials;

import java.time.Duration;
import java.util.List;

/**
 * Reminders before credentials expire. Each credential gets one reminder per configured lead time
 * before its {@code expiresAt} and one at the expiry, delivered once to the engine's {@link
 * dev.credentials.spi.LaunchListener}s and audited. What was sent is recorded in the repository
 * with an atomic insert-if-absent, so neither a restart nor a second engine on the same database
 * sends a reminder again. A new expiry (a renewed credential) starts a new round.
 */
public interface ExpiryReminders {

  /**
   * Sends every reminder that is due now, across all tenants: for each active credential, the
   * reminder of the shortest lead time that has passed (the longer ones it covers are recorded as
   * sent with it). Hosts call it on a schedule, or let the engine do so (see the builder's {@code
   * reminderInterval}).
   *
   * @return the reminders delivered by this call, soonest expiry first
   */
  List<ExpiryReminder> sendDue();

  /**
   * The reminders of the caller's tenant for active credentials expiring within the longest lead
   * time (or expired): sent, due and upcoming, by due instant.
   *
   * @param caller who asks
   * @return the reminders
   * @throws CredentialAccessDeniedException when the caller may not read credentials
   */
  List<ExpiryReminder> list(Caller caller);

  /**
   * @return the configured lead times, longest first, ending with zero (the expiry itself)
   */
  List<Duration> leadTimes();
}
