package dev.credentials.core.internal.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.credentials.CredentialId;
import dev.credentials.TenantId;
import dev.credentials.audit.AuditAction;
import dev.credentials.audit.AuditEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The audit hash and its time format are written for speed; they must produce exactly what the
 * plain definition produces, or chains written earlier would no longer verify.
 */
class AuditHashTest {

  /** The definition: the UTF-8 bytes of one string built field by field, hashed with SHA-256. */
  static String reference(AuditEvent e) throws Exception {
    StringBuilder sb = new StringBuilder();
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
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256")
                .digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
  }

  static void field(StringBuilder sb, String name, String value) {
    sb.append(name.length()).append(':').append(name).append('=');
    sb.append(value.length()).append(':').append(value).append('\n');
  }

  static String text(Random r) {
    String[] alphabet = {"a", "Z", "0", "-", " ", "é", "ß", "日本", "🔑", ":", "=", "\n", "\u0000"};
    StringBuilder sb = new StringBuilder();
    int n = r.nextInt(12);
    for (int i = 0; i < n; i++) {
      sb.append(alphabet[r.nextInt(alphabet.length)]);
    }
    return sb.toString();
  }

  @Test
  void matchesTheDefinitionForRandomEvents() throws Exception {
    Random r = new Random(20261122);
    for (int i = 0; i < 2000; i++) {
      Map<String, String> details =
          r.nextBoolean() ? Map.of() : Map.of("via", text(r), "fields", text(r), text(r) + "x", "");
      AuditEvent e =
          new AuditEvent(
              TenantId.of("t" + r.nextInt(1000)),
              1 + r.nextInt(1_000_000),
              Instant.ofEpochSecond(
                  r.nextLong(-62_000_000_000L, 250_000_000_000L),
                  r.nextInt(3) == 0 ? 0 : r.nextInt(1_000_000_000)),
              "user:" + text(r),
              AuditAction.values()[r.nextInt(AuditAction.values().length)],
              r.nextBoolean() ? Optional.of(CredentialId.random()) : Optional.empty(),
              r.nextBoolean() ? Optional.of(text(r)) : Optional.empty(),
              r.nextBoolean() ? Optional.of("10.0.0." + r.nextInt(255)) : Optional.empty(),
              r.nextBoolean() ? Optional.of(text(r)) : Optional.empty(),
              details,
              AuditEvent.GENESIS_HASH,
              "");
      assertThat(AuditTrail.hash(e)).as("event %d", i).isEqualTo(reference(e));
    }
  }

  /**
   * The hash remembers the bytes of strings it saw, by identity, and of the hash it computed last:
   * events that reuse the same instances (as journalled reads do), strings whose hash codes collide
   * ("Aa" and "BB"), and chains whose previous hash is the last one computed all still hash exactly
   * as defined.
   */
  @Test
  void matchesTheDefinitionWhenStringsAndHashesRepeat() throws Exception {
    Random r = new Random(42);
    String[] pool = new String[40];
    pool[0] = "Aa";
    pool[1] = "BB";
    pool[2] = "AaAa";
    pool[3] = "BBBB";
    for (int i = 4; i < pool.length; i++) {
      pool[i] = i % 3 == 0 ? text(r) + "é" : "field-" + i;
    }
    TenantId[] tenants = {TenantId.of("acme"), TenantId.of("globex")};
    String previous = AuditEvent.GENESIS_HASH;
    for (int i = 0; i < 5000; i++) {
      AuditEvent e =
          new AuditEvent(
              tenants[r.nextInt(2)],
              i + 1,
              Instant.ofEpochSecond(1_800_000_000L + i, r.nextInt(1_000_000_000)),
              pool[r.nextInt(pool.length)],
              AuditAction.ACCESSED,
              Optional.empty(),
              Optional.of(pool[r.nextInt(pool.length)]),
              Optional.empty(),
              r.nextBoolean() ? Optional.of(pool[r.nextInt(pool.length)]) : Optional.empty(),
              Map.of("via", pool[r.nextInt(pool.length)], "fields", pool[r.nextInt(pool.length)]),
              r.nextInt(10) == 0 ? pool[r.nextInt(pool.length)] : previous,
              "");
      String hash = AuditTrail.hash(e);
      assertThat(hash).as("event %d", i).isEqualTo(reference(e));
      previous = hash;
    }
  }

  @Test
  void timesAreFormattedExactlyLikeInstantToString() {
    Random r = new Random(7);
    Instant[] edges = {
      Instant.EPOCH,
      Instant.parse("0000-01-01T00:00:00Z"),
      Instant.parse("9999-12-31T23:59:59.999999999Z"),
      Instant.parse("1969-12-31T23:59:59.5Z"),
      Instant.parse("2026-11-22T10:00:00.120Z"),
      Instant.parse("2026-11-22T10:00:00.000120Z"),
      Instant.parse("2026-11-22T10:00:00.000000120Z"),
      Instant.parse("2024-02-29T23:59:59Z"),
      Instant.MIN,
      Instant.MAX,
      Instant.parse("+10000-01-01T00:00:00Z")
    };
    for (Instant t : edges) {
      assertThat(IsoInstant.format(t)).isEqualTo(t.toString());
    }
    for (int i = 0; i < 200_000; i++) {
      Instant t =
          Instant.ofEpochSecond(
              r.nextLong(-63_000_000_000L, 254_000_000_000L),
              switch (r.nextInt(4)) {
                case 0 -> 0;
                case 1 -> r.nextInt(1000) * 1_000_000;
                case 2 -> r.nextInt(1_000_000) * 1000;
                default -> r.nextInt(1_000_000_000);
              });
      assertThat(IsoInstant.format(t)).isEqualTo(t.toString());
    }
  }
}
