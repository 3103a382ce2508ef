package dev.credentials.core;

import dev.credentials.Caller;
import dev.credentials.CheckContext;
import dev.credentials.CheckResult;
import dev.credentials.CheckableCredential;
import dev.credentials.CredentialState;
import dev.credentials.Principal;
import dev.credentials.TenantId;
import dev.credentials.prototype.FieldCondition;
import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.FieldType;
import dev.credentials.prototype.Prototype;
import dev.credentials.prototype.SelectOption;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** Engine setups for core's own tests. */
final class Fixture {

  static final TenantId ACME = TenantId.of("acme");
  static final TenantId GLOBEX = TenantId.of("globex");
  static final Caller ADMIN = Caller.of(ACME, Principal.admin("alice", ACME));
  static final Caller USER = Caller.of(ACME, Principal.user("bob", ACME));
  static final Caller SERVICE = Caller.of(ACME, Principal.service("scheduler", ACME));
  static final Caller GLOBEX_ADMIN = Caller.of(GLOBEX, Principal.admin("gina", GLOBEX));

  private Fixture() {}

  /** A clock tests move by hand. */
  static final class TestClock extends Clock {
    private volatile Instant now;

    TestClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  /** A check that returns scripted states and counts its calls. */
  static class Script implements CheckableCredential {
    final AtomicInteger calls = new AtomicInteger();
    private final Deque<CredentialState> states = new ArrayDeque<>();
    volatile long ttl = 60;
    volatile Duration delay = Duration.ZERO;
    volatile RuntimeException failure;
    private CredentialState last = CredentialState.AVAILABLE;

    Script then(CredentialState... s) {
      states.addAll(List.of(s));
      return this;
    }

    @Override
    public synchronized CheckResult check(CheckContext ctx) throws Exception {
      calls.incrementAndGet();
      if (!delay.isZero()) {
        Thread.sleep(delay.toMillis());
      }
      if (failure != null) {
        throw failure;
      }
      if (!states.isEmpty()) {
        last = states.poll();
      }
      return new CheckResult(
          last, "scripted " + last, ctx.clock().instant(), ttl, java.util.Map.of());
    }
  }

  static Prototype api() {
    return Prototype.builder("demo-api")
        .name("Demo API")
        .topic("demo-api")
        .topic("http-api")
        .field(FieldDefinition.builder("API_URL", FieldType.URL).required(true).build())
        .field(FieldDefinition.builder("API_TOKEN", FieldType.PASSWORD).required(true).build())
        .build();
  }

  static Prototype db() {
    return Prototype.builder("demo-db")
        .name("Demo database")
        .field(FieldDefinition.builder("DB_HOST", FieldType.STRING).required(true).build())
        .field(
            FieldDefinition.builder("DB_PORT", FieldType.INTEGER)
                .minimum(BigDecimal.ONE)
                .maximum(BigDecimal.valueOf(65535))
                .defaultValue("5432")
                .build())
        .field(FieldDefinition.builder("DB_USER", FieldType.STRING).required(true).build())
        .field(FieldDefinition.builder("DB_PASSWORD", FieldType.PASSWORD).required(true).build())
        .field(FieldDefinition.builder("DB_SSL", FieldType.BOOLEAN).defaultValue("false").build())
        .field(
            FieldDefinition.builder("DB_SSL_CERT", FieldType.FILE)
                .required(true)
                .condition(FieldCondition.whenEquals("DB_SSL", "true"))
                .build())
        .field(
            FieldDefinition.builder("DB_MODE", FieldType.SELECT)
                .options(
                    List.of(
                        new SelectOption("rw", "Read-write"), new SelectOption("ro", "Read-only")))
                .build())
        .field(FieldDefinition.builder("DB_ADMIN", FieldType.EMAIL).build())
        .build();
  }

  static Credentials engine(Clock clock, Script apiCheck) {
    return engine(clock, apiCheck, b -> {});
  }

  static Credentials engine(Clock clock, Script apiCheck, Consumer<CredentialsBuilder> customise) {
    CredentialsBuilder b =
        Credentials.builder()
            .repository(new InMemoryCredentialRepository())
            .keys(CredentialKeys.generate())
            .clock(clock)
            .discoverPrototypes(false)
            .prototype(api(), apiCheck)
            .prototype(db());
    customise.accept(b);
    return b.build();
  }

  static TestClock clock() {
    return new TestClock(Instant.parse("2026-11-22T10:00:00Z"));
  }
}
