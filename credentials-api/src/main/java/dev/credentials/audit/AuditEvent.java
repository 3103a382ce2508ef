package dev.credentials.audit;

import dev.credentials.CredentialId;
import dev.credentials.TenantId;
import dev.credentials.internal.SortedDetails;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a tenant's audit log. Never holds a value: details name fields and metadata only.
 * Each event is hash-chained to the previous event of its tenant, so editing or removing a stored
 * event breaks the chain.
 *
 * @param tenant the tenant
 * @param sequence the position in the tenant's chain, from 1
 * @param time when it happened
 * @param principal who acted ({@code kind:name})
 * @param action what happened
 * @param credentialId the credential concerned, if any
 * @param consumerId the consumer concerned, if any
 * @param clientAddress the client's address, when given
 * @param correlationId the host's correlation id, when given
 * @param details what changed or was read, e.g. {@code fields → "DB_USER,DB_PASSWORD"}
 * @param previousHash the hash of the previous event of the tenant (64 zeros for the first)
 * @param hash SHA-256 over this event's content and {@code previousHash}, lower-case hex
 */
public record AuditEvent(
    TenantId tenant,
    long sequence,
    Instant time,
    String principal,
    AuditAction action,
    Optional<CredentialId> credentialId,
    Optional<String> consumerId,
    Optional<String> clientAddress,
    Optional<String> correlationId,
    Map<String, String> details,
    String previousHash,
    String hash) {

  /** The previous hash of a tenant's first event. */
  public static final String GENESIS_HASH = "0".repeat(64);

  /**
   * Validates and copies; details are kept sorted by key, immutable, and shared (not copied again)
   * when they come from another event.
   */
  public AuditEvent {
    Objects.requireNonNull(tenant, "tenant");
    if (sequence < 1) {
      throw new IllegalArgumentException("sequence starts at 1, got " + sequence);
    }
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(credentialId, "credentialId");
    Objects.requireNonNull(consumerId, "consumerId");
    Objects.requireNonNull(clientAddress, "clientAddress");
    Objects.requireNonNull(correlationId, "correlationId");
    details = SortedDetails.copyOf(Objects.requireNonNull(details, "details"));
    Objects.requireNonNull(previousHash, "previousHash");
    Objects.requireNonNull(hash, "hash");
  }
}
