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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** Small builders of repository test data, used by {@link RepositoryCompatibilityKit}. */
final class RepositoryFixtures {

  /** A fixed, readable instant tests start from; everything is at millisecond precision. */
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private RepositoryFixtures() {}

  /** An id whose text sorts by {@code n}. */
  static CredentialId id(int n) {
    return CredentialId.of(String.format("00000000-0000-4000-8000-%012d", n));
  }

  /** A credential builder with plain defaults: prototype demo-api, production, key k1, v1. */
  static Cred credential(TenantId tenant, String name) {
    return new Cred(tenant, name);
  }

  /** A builder starting from an existing credential. */
  static Cred from(StoredCredential s) {
    return new Cred(s);
  }

  /** Ciphertext-like bytes that differ per label. */
  static byte[] sealed(String label) {
    return ("sealed:" + label).getBytes(StandardCharsets.UTF_8);
  }

  static CheckResult check(CredentialState state, String message, Instant at) {
    return new CheckResult(state, message, at, 60, Map.of("latencyMs", "12"));
  }

  static Binding binding(TenantId tenant, String consumer, String topic, CredentialId credential) {
    return new Binding(
        tenant, consumer, Topic.of(topic), credential, Optional.empty(), T0, "user:alice");
  }

  /** The hash the fixtures give event {@code sequence} of a tenant: any 64 hex digits will do. */
  static String hash(TenantId tenant, long sequence) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      return HexFormat.of()
          .formatHex(d.digest((tenant + "#" + sequence).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An audit event linked to the fixtures' hash of its predecessor. */
  static AuditEvent event(
      TenantId tenant,
      long sequence,
      Instant time,
      String principal,
      AuditAction action,
      Optional<CredentialId> credential) {
    return new AuditEvent(
        tenant,
        sequence,
        time,
        principal,
        action,
        credential,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Map.of(),
        sequence == 1 ? AuditEvent.GENESIS_HASH : hash(tenant, sequence - 1),
        hash(tenant, sequence));
  }

  /** A builder of stored credentials. */
  static final class Cred {
    private CredentialId id;
    private TenantId tenant;
    private String prototype = "demo-api";
    private String name;
    private String environment = "production";
    private String description = "";
    private Set<String> tags = Set.of();
    private boolean active = true;
    private Optional<Instant> expiresAt = Optional.empty();
    private long version = 1;
    private Instant createdAt = T0;
    private Instant updatedAt = T0;
    private String keyId = "k1";
    private Optional<CheckResult> lastTest = Optional.empty();
    private Optional<dev.credentials.spi.SourceReference> source = Optional.empty();
    private byte[] sealed;

    Cred(TenantId tenant, String name) {
      this.id = CredentialId.random();
      this.tenant = Objects.requireNonNull(tenant);
      this.name = Objects.requireNonNull(name);
      this.sealed = sealed(tenant + "/" + name);
    }

    Cred(StoredCredential s) {
      CredentialMetadata m = s.metadata();
      id = m.id();
      tenant = m.tenant();
      prototype = m.prototype();
      name = m.name();
      environment = m.environment();
      description = m.description();
      tags = m.tags();
      active = m.active();
      expiresAt = m.expiresAt();
      version = m.version();
      createdAt = m.createdAt();
      updatedAt = m.updatedAt();
      keyId = m.keyId();
      lastTest = m.lastTest();
      source = m.source();
      sealed = s.sealedValues().clone();
    }

    Cred id(CredentialId v) {
      id = v;
      return this;
    }

    Cred tenant(TenantId v) {
      tenant = v;
      return this;
    }

    Cred prototype(String v) {
      prototype = v;
      return this;
    }

    Cred name(String v) {
      name = v;
      return this;
    }

    Cred environment(String v) {
      environment = v;
      return this;
    }

    Cred description(String v) {
      description = v;
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

    Cred expiresAt(Instant v) {
      expiresAt = Optional.of(v);
      return this;
    }

    Cred version(long v) {
      version = v;
      return this;
    }

    Cred createdAt(Instant v) {
      createdAt = v;
      return this;
    }

    Cred updatedAt(Instant v) {
      updatedAt = v;
      return this;
    }

    Cred keyId(String v) {
      keyId = v;
      return this;
    }

    Cred lastTest(CheckResult v) {
      lastTest = Optional.of(v);
      return this;
    }

    Cred source(dev.credentials.spi.SourceReference v) {
      source = Optional.of(v);
      return this;
    }

    Cred sealedValues(byte[] v) {
      sealed = v.clone();
      return this;
    }

    /** The next version: version + 1, updated one second later. */
    Cred nextVersion() {
      version++;
      updatedAt = updatedAt.plusSeconds(1);
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
              lastTest,
              source),
          sealed.clone());
    }
  }
}
