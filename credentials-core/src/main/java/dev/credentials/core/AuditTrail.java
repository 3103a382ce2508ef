package dev.credentials.core;

import dev.credentials.Caller;
import dev.credentials.CredentialId;
import dev.credentials.Page;
import dev.credentials.PageRequest;
import dev.credentials.TenantId;
import dev.credentials.audit.AuditAction;
import dev.credentials.audit.AuditEvent;
import dev.credentials.audit.AuditQuery;
import dev.credentials.audit.ChainVerification;
import dev.credentials.spi.CredentialRepository;
import dev.credentials.spi.UnitOfWork;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Writes hash-chained audit events inside the caller's unit of work, and verifies chains. Each
 * event's hash covers its content and the previous event's hash, so editing, inserting or removing
 * a stored event breaks the chain from that point.
 */
final class AuditTrail {

  private final Clock clock;

  AuditTrail(Clock clock) {
    this.clock = clock;
  }

  /** Appends an event in the given unit of work and returns it. */
  AuditEvent append(
      UnitOfWork uow,
      Caller caller,
      AuditAction action,
      Optional<CredentialId> credential,
      Optional<String> consumer,
      Map<String, String> details) {
    Optional<AuditEvent> last = uow.lastAuditEvent(caller.tenant());
    long sequence = last.map(e -> e.sequence() + 1).orElse(1L);
    String previous = last.map(AuditEvent::hash).orElse(AuditEvent.GENESIS_HASH);
    AuditEvent unsigned =
        new AuditEvent(
            caller.tenant(),
            sequence,
            clock.instant(),
            caller.principal().toString(),
            action,
            credential,
            consumer,
            caller.clientAddress(),
            caller.correlationId(),
            details,
            previous,
            "");
    AuditEvent event = withHash(unsigned, hash(unsigned));
    uow.appendAuditEvent(event);
    return event;
  }

  private static AuditEvent withHash(AuditEvent e, String hash) {
    return new AuditEvent(
        e.tenant(),
        e.sequence(),
        e.time(),
        e.principal(),
        e.action(),
        e.credentialId(),
        e.consumerId(),
        e.clientAddress(),
        e.correlationId(),
        e.details(),
        e.previousHash(),
        hash);
  }

  /** SHA-256 over a canonical, unambiguous encoding of the event and its previous hash. */
  static String hash(AuditEvent e) {
    StringBuilder sb = new StringBuilder(256);
    field(sb, "tenant", e.tenant().value());
    field(sb, "sequence", Long.toString(e.sequence()));
    field(sb, "time", e.time().toString());
    field(sb, "principal", e.principal());
    field(sb, "action", e.action().name());
    field(sb, "credential", e.credentialId().map(CredentialId::value).orElse(""));
    field(sb, "consumer", e.consumerId().orElse(""));
    field(sb, "client", e.clientAddress().orElse(""));
    field(sb, "correlation", e.correlationId().orElse(""));
    e.details().forEach((k, v) -> field(sb, "d:" + k, v));
    field(sb, "previous", e.previousHash());
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", ex);
    }
  }

  private static void field(StringBuilder sb, String name, String value) {
    sb.append(name.length()).append(':').append(name).append('=');
    sb.append(value.length()).append(':').append(value).append('\n');
  }

  /** Walks a tenant's chain page by page from the first event. */
  ChainVerification verify(CredentialRepository repository, TenantId tenant) {
    String previous = AuditEvent.GENESIS_HASH;
    long expectedSequence = 1;
    PageRequest page = PageRequest.first(PageRequest.MAX_SIZE);
    while (true) {
      PageRequest current = page;
      Page<AuditEvent> events =
          repository.read(uow -> uow.auditEvents(tenant, AuditQuery.all(), current));
      for (AuditEvent e : events.items()) {
        String problem = null;
        if (e.sequence() != expectedSequence) {
          problem = "event " + expectedSequence + " is missing; the chain jumps to " + e.sequence();
        } else if (!e.previousHash().equals(previous)) {
          problem = "event " + e.sequence() + " does not link to the event before it";
        } else if (!hash(e).equals(e.hash())) {
          problem = "event " + e.sequence() + " was altered after it was written";
        }
        if (problem != null) {
          return new ChainVerification(
              expectedSequence - 1,
              OptionalLong.of(Math.min(expectedSequence, e.sequence())),
              "audit chain of tenant " + tenant + " is broken: " + problem);
        }
        previous = e.hash();
        expectedSequence++;
      }
      if (!events.hasNext()) {
        return new ChainVerification(
            expectedSequence - 1,
            OptionalLong.empty(),
            "audit chain of tenant "
                + tenant
                + " is intact ("
                + (expectedSequence - 1)
                + " events)");
      }
      page = page.next();
    }
  }
}
