package dev.credentials.core.internal.audit;

import dev.credentials.Caller;
import dev.credentials.CredentialId;
import dev.credentials.Page;
import dev.credentials.PageRequest;
import dev.credentials.Principal;
import dev.credentials.TenantId;
import dev.credentials.audit.AuditAction;
import dev.credentials.audit.AuditEvent;
import dev.credentials.audit.AuditQuery;
import dev.credentials.audit.ChainVerification;
import dev.credentials.internal.SortedDetails;
import dev.credentials.spi.CredentialRepository;
import dev.credentials.spi.UnitOfWork;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Writes hash-chained audit events inside the caller's unit of work, and verifies chains. Each
 * event's hash covers its content and the previous event's hash, so editing, inserting or removing
 * a stored event breaks the chain from that point.
 */
public final class AuditTrail {

  private final Clock clock;

  /**
   * A trail that stamps events with this clock.
   *
   * @param clock the engine's clock
   */
  public AuditTrail(Clock clock) {
    this.clock = clock;
  }

  /** Appends an event in the given unit of work, at the clock's time, and returns it. */
  public AuditEvent append(
      UnitOfWork uow,
      Caller caller,
      AuditAction action,
      Optional<CredentialId> credential,
      Optional<String> consumer,
      Map<String, String> details) {
    return append(uow, caller, clock.instant(), action, credential, consumer, details);
  }

  /** Appends an event that happened at {@code time} (a journalled access) and returns it. */
  public AuditEvent append(
      UnitOfWork uow,
      Caller caller,
      Instant time,
      AuditAction action,
      Optional<CredentialId> credential,
      Optional<String> consumer,
      Map<String, String> details) {
    Optional<AuditEvent> last = uow.audit().last(caller.tenant());
    long sequence = last.isPresent() ? last.get().sequence() + 1 : 1L;
    String previous = last.isPresent() ? last.get().hash() : AuditEvent.GENESIS_HASH;
    String principal = CANONICAL.get().principal(caller.principal());
    // Details are sorted and frozen once; the event keeps the frozen map without copying it again,
    // and details frozen before (a cached plan's reads) are not copied at all.
    Map<String, String> sorted = SortedDetails.copyOf(details);
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
    uow.audit().append(event);
    return event;
  }

  /** SHA-256 over a canonical, unambiguous encoding of the event and its previous hash. */
  public static String hash(AuditEvent e) {
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
    c.field(SEQUENCE, sequence);
    c.field(TIME, time);
    String credentialValue = credential.isPresent() ? credential.get().value() : "";
    String consumerValue = consumer.orElse("");
    String clientValue = client.orElse("");
    String correlationValue = correlation.orElse("");
    // From the principal to the details, an access event repeats the one before it of the same
    // reader and credential: those bytes are remembered, keyed by the identity of their parts.
    Segment memo =
        c.segment(
            principal,
            action,
            credentialValue,
            consumerValue,
            clientValue,
            correlationValue,
            sortedDetails);
    if (memo != null) {
      c.bytes(memo.bytes);
    } else {
      int start = c.length;
      c.field(PRINCIPAL, principal);
      c.field(ACTION, action.name());
      c.field(CREDENTIAL, credentialValue);
      c.field(CONSUMER, consumerValue);
      c.field(CLIENT, clientValue);
      c.field(CORRELATION, correlationValue);
      for (Map.Entry<String, String> d : sortedDetails.entrySet()) {
        c.detail(d.getKey(), d.getValue());
      }
      if (action == AuditAction.ACCESSED) {
        c.remember(
            new Segment(
                principal,
                action,
                credentialValue,
                consumerValue,
                clientValue,
                correlationValue,
                sortedDetails,
                Arrays.copyOfRange(c.buf, start, c.length)));
      }
    }
    c.field(PREVIOUS, previous);
    return c.digest();
  }

  /** The canonical bytes from the principal to the details, and the parts they encode. */
  private record Segment(
      String principal,
      AuditAction action,
      String credential,
      String consumer,
      String client,
      String correlation,
      Map<String, String> details,
      byte[] bytes) {

    boolean matches(
        String principal,
        AuditAction action,
        String credential,
        String consumer,
        String client,
        String correlation,
        Map<String, String> details) {
      return this.details == details
          && this.credential == credential
          && this.principal == principal
          && this.action == action
          && this.consumer == consumer
          && this.client == client
          && this.correlation == correlation;
    }
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
    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final int MEMO = 64;
    private static final int MEMO_MAX = 128;
    private final MessageDigest sha;
    byte[] buf = new byte[512];
    int length;
    private final byte[] scratch = new byte[IsoInstant.LENGTH];
    private final String[] memoStrings = new String[MEMO];
    private final byte[][] memoBytes = new byte[MEMO][];
    private String lastHash;
    private byte[] lastHashBytes;

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

    private static final int SEGMENTS = 16;
    private final Segment[] segments = new Segment[SEGMENTS];

    private static int slot(Map<String, String> details, String credential) {
      return (System.identityHashCode(details) ^ System.identityHashCode(credential))
          & (SEGMENTS - 1);
    }

    /** The remembered segment of exactly these parts (the same instances), or null. */
    Segment segment(
        String principal,
        AuditAction action,
        String credential,
        String consumer,
        String client,
        String correlation,
        Map<String, String> details) {
      Segment s = segments[slot(details, credential)];
      return s != null
              && s.matches(principal, action, credential, consumer, client, correlation, details)
          ? s
          : null;
    }

    private Principal lastPrincipal;
    private String lastPrincipalText;

    /**
     * {@code principal.toString()}, the same instance for the same principal as last time: a
     * principal builds a new string on each call, and the segment memo matches by identity.
     */
    String principal(Principal p) {
      if (p != lastPrincipal) {
        lastPrincipalText = p.toString();
        lastPrincipal = p;
      }
      return lastPrincipalText;
    }

    void remember(Segment s) {
      segments[slot(s.details, s.credential)] = s;
    }

    void field(byte[] prefix, String value) {
      bytes(prefix);
      value(value);
    }

    /** A field whose value is an instant: the bytes of {@link Instant#toString()}, without it. */
    void field(byte[] prefix, Instant time) {
      int n = IsoInstant.format(time, scratch);
      if (n < 0) {
        field(prefix, time.toString());
        return;
      }
      bytes(prefix);
      number(n);
      put(':');
      ensure(n);
      System.arraycopy(scratch, 0, buf, length, n);
      length += n;
      put('\n');
    }

    /** A field whose value is a number: the same bytes as its decimal string, without one. */
    void field(byte[] prefix, long value) {
      if (value < 0) {
        field(prefix, Long.toString(value));
        return;
      }
      bytes(prefix);
      int digits = 1;
      for (long v = value; v >= 10; v /= 10) {
        digits++;
      }
      number(digits);
      put(':');
      ensure(digits);
      long v = value;
      for (int i = digits - 1; i >= 0; i--) {
        buf[length + i] = (byte) ('0' + (int) (v % 10));
        v /= 10;
      }
      length += digits;
      put('\n');
    }

    void detail(String key, String value) {
      number(key.length() + 2);
      put(':');
      put('d');
      put(':');
      utf8(key);
      put('=');
      value(value);
    }

    /** {@code len(value):value\n}, the length in chars, the value in UTF-8. */
    private void value(String value) {
      number(value.length());
      put(':');
      utf8(value);
      put('\n');
    }

    /**
     * Appends a string's UTF-8 bytes. Audit fields are nearly always ASCII, whose UTF-8 bytes are
     * its chars: those are copied straight into the buffer, and only a string with another char is
     * encoded (over whatever the ASCII loop had written).
     */
    private void utf8(String s) {
      if (s == lastHash) {
        bytes(lastHashBytes);
        return;
      }
      int n = s.length();
      if (n == 0) {
        return;
      }
      // Tenants, principals, actions, credential ids, consumers and details repeat from event to
      // event as the same String instances: their bytes are remembered by identity.
      int slot = s.hashCode() & (MEMO - 1);
      if (memoStrings[slot] == s) {
        bytes(memoBytes[slot]);
        return;
      }
      int start = length;
      ensure(n);
      byte[] b = buf;
      boolean ascii = true;
      for (int i = 0; i < n; i++) {
        char c = s.charAt(i);
        if (c >= 0x80) {
          ascii = false;
          break;
        }
        b[start + i] = (byte) c;
      }
      if (ascii) {
        length = start + n;
      } else {
        bytes(s.getBytes(StandardCharsets.UTF_8));
      }
      if (length - start <= MEMO_MAX) {
        memoStrings[slot] = s;
        memoBytes[slot] = Arrays.copyOfRange(buf, start, length);
      }
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

    void bytes(byte[] b) {
      ensure(b.length);
      System.arraycopy(b, 0, buf, length, b.length);
      length += b.length;
    }

    private void ensure(int more) {
      if (length + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, length + more));
      }
    }

    /**
     * The SHA-256 of the buffer in lower-case hex. The result is usually the next event's previous
     * hash, so its bytes are kept for that.
     */
    String digest() {
      sha.update(buf, 0, length);
      byte[] d = sha.digest();
      byte[] hex = new byte[d.length * 2];
      for (int i = 0; i < d.length; i++) {
        hex[2 * i] = HEX_DIGITS[(d[i] >> 4) & 0xf];
        hex[2 * i + 1] = HEX_DIGITS[d[i] & 0xf];
      }
      String result = new String(hex, StandardCharsets.ISO_8859_1);
      lastHash = result;
      lastHashBytes = hex;
      return result;
    }
  }

  /** Walks a tenant's chain page by page from the first event. */
  public ChainVerification verify(CredentialRepository repository, TenantId tenant) {
    // Read before the events: an append meanwhile can only make the chain longer than the head.
    long head = repository.read(uow -> uow.audit().headSequence(tenant));
    String previous = AuditEvent.GENESIS_HASH;
    long expectedSequence = 1;
    PageRequest page = PageRequest.first(PageRequest.MAX_SIZE);
    while (true) {
      PageRequest current = page;
      Page<AuditEvent> events =
          repository.read(uow -> uow.audit().events(tenant, AuditQuery.all(), current));
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
        long end = expectedSequence - 1;
        if (head > end) {
          return new ChainVerification(
              end,
              OptionalLong.of(end + 1),
              "audit chain of tenant "
                  + tenant
                  + " is broken: it ends at event "
                  + end
                  + " but its head records event "
                  + head
                  + "; the newest events were deleted (see docs/operations.md)");
        }
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
