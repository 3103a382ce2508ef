package dev.credentials.testkit;

import dev.credentials.Binding;
import dev.credentials.CheckResult;
import dev.credentials.CredentialId;
import dev.credentials.CredentialMetadata;
import dev.credentials.CredentialState;
import dev.credentials.TenantId;
import dev.credentials.Topic;
import dev.credentials.audit.AuditAction;
import dev.credentials.audit.AuditEvent;
import dev.credentials.spi.StoredCredential;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Test data of the kit's reference-semantics tests. Instants carry nanoseconds on purpose: storage
 * must keep them.
 */
final class ContractData {

  static final TenantId ACME = TenantId.of("acme");
  static final TenantId GLOBEX = TenantId.of("globex");
  static final Instant T0 = Instant.parse("2026-03-01T10:15:30.123456789Z");

  private ContractData() {}

  /** A mutable recipe for a stored credential. */
  static final class Cred {
    CredentialId id = CredentialId.random();
    TenantId tenant = ACME;
    String prototype = "postgres";
    String name = "db";
    String environment = "production";
    String description = "the main database";
    Set<String> tags = Set.of("team-a", "critical");
    boolean active = true;
    Optional<Instant> expiresAt = Optional.empty();
    long version = 1;
    Instant createdAt = T0;
    Instant updatedAt = T0;
    String keyId = "key-1";
    Optional<CheckResult> lastTest = Optional.empty();
    byte[] sealed = ("ciphertext-" + id).getBytes(StandardCharsets.UTF_8);

    Cred tenant(TenantId v) {
      tenant = v;
      return this;
    }

    Cred name(String v) {
      name = v;
      return this;
    }

    Cred env(String v) {
      environment = v;
      return this;
    }

    Cred prototype(String v) {
      prototype = v;
      return this;
    }

    Cred tags(String... v) {
      tags = Set.of(v);
      return this;
    }

    Cred active(boolean v) {
      active = v;
      return this;
    }

    Cred expires(Instant v) {
      expiresAt = Optional.of(v);
      return this;
    }

    Cred version(long v) {
      version = v;
      return this;
    }

    Cred keyId(String v) {
      keyId = v;
      return this;
    }

    Cred id(CredentialId v) {
      id = v;
      return this;
    }

    Cred lastTest(CheckResult v) {
      lastTest = Optional.of(v);
      return this;
    }

    StoredCredential build() {
      return new StoredCredential(
          new CredentialMetadata(
              id,
              tenant,
              prototype,
              name,
              environment,
              description,
              tags,
              active,
              expiresAt,
              version,
              createdAt,
              updatedAt,
              keyId,
              lastTest),
          sealed.clone());
    }
  }

  static Cred cred() {
    return new Cred();
  }

  static Cred cred(String name) {
    return new Cred().name(name);
  }

  /** The same credential, one version later, with other metadata. */
  static StoredCredential next(StoredCredential s, String newName) {
    CredentialMetadata m = s.metadata();
    return new StoredCredential(
        new CredentialMetadata(
            m.id(),
            m.tenant(),
            m.prototype(),
            newName,
            m.environment(),
            m.description() + " (edited)",
            Set.of("edited"),
            m.active(),
            m.expiresAt(),
            m.version() + 1,
            m.createdAt(),
            m.updatedAt().plusSeconds(1),
            m.keyId(),
            m.lastTest()),
        ("ciphertext-v" + (m.version() + 1)).getBytes(StandardCharsets.UTF_8));
  }

  static CheckResult check(CredentialState state, String message, Instant at) {
    return new CheckResult(state, message, at, 300, Map.of("latency_ms", "12", "http", "200"));
  }

  static Binding binding(TenantId tenant, String consumer, String topic, CredentialId id) {
    return new Binding(tenant, consumer, Topic.of(topic), id, Optional.empty(), T0, "user:alice");
  }

  static AuditEvent event(
      TenantId tenant, long seq, AuditAction action, Optional<CredentialId> id, Instant at) {
    return new AuditEvent(
        tenant,
        seq,
        at,
        "user:alice",
        action,
        id,
        Optional.of("job-1"),
        Optional.of("10.0.0.1"),
        Optional.of("corr-" + seq),
        Map.of("fields", "DB_USER,DB_PASSWORD"),
        seq == 1 ? AuditEvent.GENESIS_HASH : String.format("%064d", seq - 1),
        String.format("%064d", seq));
  }
}
