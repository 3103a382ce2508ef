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
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

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

  /** Appends an event in the given unit of work, at the clock's time, and returns it. */
  AuditEvent append(
      UnitOfWork uow,
      Caller caller,
      AuditAction action,
      Optional<CredentialId> credential,
      Optional<String> consumer,
      Map<String, String> details) {
    return append(uow, caller, clock.instant(), action, credential, consumer, details);
  }

  /** Appends an event that happened at {@code time} (a journalled access) and returns it. */
  AuditEvent append(
      UnitOfWork uow,
      Caller caller,
      Instant time,
      AuditAction action,
      Optional<CredentialId> credential,
      Optional<String> consumer,
      Map<String, String> details) {
    Optional<AuditEvent> last = uow.lastAuditEvent(caller.tenant());
    long sequence = last.isPresent() ? last.get().sequence() + 1 : 1L;
    String previous = last.isPresent() ? last.get().hash() : AuditEvent.GENESIS_HASH;
    // details already sorted by key (a resolve's are, and are reused) are hashed as they are
    Map<String, String> sorted =
        details instanceof java.util.SortedMap<String, String> sm && sm.comparator() == null
            ? details
            : new TreeMap<>(details);
    String principal = caller.principal().toString();
    String hash =
        hash(
            caller.tenant(),
            sequence,
            time,
            principal,
            action,
            credential,
            consumer,
            caller.clientAddress(),
            caller.correlationId(),
            sorted,
            previous);
    AuditEvent event =
        new AuditEvent(
            caller.tenant(),
            sequence,
            time,
            principal,
            action,
            credential,
            consumer,
            caller.clientAddress(),
            caller.correlationId(),
            sorted,
            previous,
            hash);
    uow.appendAuditEvent(event);
    return event;
  }

  /** SHA-256 over a canonical, unambiguous encoding of the event and its previous hash. */
  static String hash(AuditEvent e) {
    return hash(
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
        e.previousHash());
  }

  /**
   * The hash of an event's parts. The encoding is the UTF-8 form of {@code len(name):name=
   * len(value):value\n} per field, lengths in chars, details sorted by key; it is written straight
   * into a reused per-thread buffer and digest, because this runs once per audit event.
   */
  private static String hash(
      TenantId tenant,
      long sequence,
      Instant time,
      String principal,
      AuditAction action,
      Optional<CredentialId> credential,
      Optional<String> consumer,
      Optional<String> client,
      Optional<String> correlation,
      Map<String, String> sortedDetails,
      String previous) {
    Canonical c = CANONICAL.get();
    c.reset();
    c.field(TENANT, tenant.value());
    c.field(SEQUENCE, Long.toString(sequence));
    c.field(TIME, IsoInstant.format(time));
    c.field(PRINCIPAL, principal);
    c.field(ACTION, action.name());
    c.field(CREDENTIAL, credential.isPresent() ? credential.get().value() : "");
    c.field(CONSUMER, consumer.orElse(""));
    c.field(CLIENT, client.orElse(""));
    c.field(CORRELATION, correlation.orElse(""));
    for (Map.Entry<String, String> d : sortedDetails.entrySet()) {
      c.detail(d.getKey(), d.getValue());
    }
    c.field(PREVIOUS, previous);
    return c.digest();
  }

  private static final byte[] TENANT = prefix("tenant");
  private static final byte[] SEQUENCE = prefix("sequence");
  private static final byte[] TIME = prefix("time");
  private static final byte[] PRINCIPAL = prefix("principal");
  private static final byte[] ACTION = prefix("action");
  private static final byte[] CREDENTIAL = prefix("credential");
  private static final byte[] CONSUMER = prefix("consumer");
  private static final byte[] CLIENT = prefix("client");
  private static final byte[] CORRELATION = prefix("correlation");
  private static final byte[] PREVIOUS = prefix("previous");

  /** {@code len(name):name=} in ASCII. */
  private static byte[] prefix(String name) {
    return (name.length() + ":" + name + "=").getBytes(StandardCharsets.US_ASCII);
  }

  private static final ThreadLocal<Canonical> CANONICAL = ThreadLocal.withInitial(Canonical::new);

  /** A growable byte buffer and a SHA-256 digest, reused by one thread. */
  private static final class Canonical {
    private static final HexFormat HEX = HexFormat.of();
    private final MessageDigest sha;
    private byte[] buf = new byte[512];
    private int length;

    Canonical() {
      try {
        sha = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException ex) {
        throw new IllegalStateException("SHA-256 is required by every Java platform", ex);
      }
    }

    void reset() {
      length = 0;
    }

    void field(byte[] prefix, String value) {
      bytes(prefix);
      value(value);
    }

    void detail(String key, String value) {
      number(key.length() + 2);
      put(':');
      put('d');
      put(':');
      bytes(key.getBytes(StandardCharsets.UTF_8));
      put('=');
      value(value);
    }

    /** {@code len(value):value\n}, the length in chars, the value in UTF-8. */
    private void value(String value) {
      number(value.length());
      put(':');
      bytes(value.getBytes(StandardCharsets.UTF_8));
      put('\n');
    }

    private void number(int n) {
      int digits = n < 10 ? 1 : n < 100 ? 2 : n < 1000 ? 3 : Integer.toString(n).length();
      ensure(digits);
      for (int i = digits - 1; i >= 0; i--) {
        buf[length + i] = (byte) ('0' + n % 10);
        n /= 10;
      }
      length += digits;
    }

    private void put(char ascii) {
      ensure(1);
      buf[length++] = (byte) ascii;
    }

    private void bytes(byte[] b) {
      ensure(b.length);
      System.arraycopy(b, 0, buf, length, b.length);
      length += b.length;
    }

    private void ensure(int more) {
      if (length + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, length + more));
      }
    }

    String digest() {
      sha.update(buf, 0, length);
      return HEX.formatHex(sha.digest());
    }
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
