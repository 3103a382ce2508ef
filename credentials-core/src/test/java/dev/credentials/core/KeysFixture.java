package dev.credentials.core;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KmsClient;
import com.google.crypto.tink.RegistryConfiguration;
import dev.credentials.Caller;
import dev.credentials.CredentialMetadata;
import dev.credentials.NewCredential;
import dev.credentials.Principal;
import dev.credentials.Secret;
import dev.credentials.TenantId;
import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.FieldType;
import dev.credentials.prototype.Prototype;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/** Shared helpers for the key tests: a six-field prototype, engines, callers, a fake KMS. */
final class KeysFixture {

  static final TenantId ACME = TenantId.of("acme");
  static final TenantId GLOBEX = TenantId.of("globex");
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

  private KeysFixture() {}

  /** A database connection: six fields, two of them secret, one free text. */
  static Prototype database() {
    return Prototype.builder("test-db")
        .name("Test database")
        .topic("db")
        .field(FieldDefinition.builder("DB_HOST", FieldType.STRING).required(true).build())
        .field(FieldDefinition.builder("DB_PORT", FieldType.INTEGER).build())
        .field(FieldDefinition.builder("DB_NAME", FieldType.STRING).build())
        .field(FieldDefinition.builder("DB_USER", FieldType.STRING).build())
        .field(FieldDefinition.builder("DB_PASSWORD", FieldType.PASSWORD).build())
        .field(FieldDefinition.builder("DB_NOTES", FieldType.TEXT).build())
        .build();
  }

  static Credentials engine(InMemoryCredentialRepository repository, CredentialKeys keys) {
    return builder(repository, keys).build();
  }

  static CredentialsBuilder builder(InMemoryCredentialRepository repository, CredentialKeys keys) {
    return Credentials.builder()
        .repository(repository)
        .keys(keys)
        .clock(CLOCK)
        .discoverPrototypes(false)
        .slf4jReporter(false)
        .prototype(database());
  }

  static Caller admin(TenantId tenant) {
    return Caller.of(tenant, Principal.admin("alice", tenant));
  }

  static CredentialMetadata create(Credentials engine, TenantId tenant, String name) {
    return create(engine, tenant, name, "pw-" + name);
  }

  static CredentialMetadata create(
      Credentials engine, TenantId tenant, String name, String password) {
    return engine
        .store()
        .create(
            admin(tenant),
            NewCredential.builder("test-db", name)
                .value("DB_HOST", "db." + name + ".example")
                .value("DB_PORT", "5432")
                .value("DB_USER", "app")
                .secret("DB_PASSWORD", Secret.of(password))
                .build());
  }

  static String password(Credentials engine, CredentialMetadata m) {
    return engine
        .store()
        .reveal(admin(m.tenant()), m.id())
        .value("DB_PASSWORD")
        .orElseThrow()
        .reveal();
  }

  static Map<String, Secret> values(Credentials engine, CredentialMetadata m) {
    return engine.store().reveal(admin(m.tenant()), m.id()).values();
  }

  /** A KMS whose key-encryption key is a locally generated Tink AEAD. */
  static final class FakeKms implements KmsClient {
    static final String URI = "fake-kms://projects/test/keys/kek";
    final Aead kek;
    int calls;

    FakeKms() {
      try {
        kek =
            CredentialKeys.generate()
                .keyset()
                .getPrimitive(RegistryConfiguration.get(), Aead.class);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public boolean doesSupport(String keyUri) {
      return keyUri.startsWith("fake-kms://");
    }

    @Override
    public KmsClient withCredentials(String credentialPath) {
      return this;
    }

    @Override
    public KmsClient withDefaultCredentials() {
      return this;
    }

    @Override
    public Aead getAead(String keyUri) throws GeneralSecurityException {
      calls++;
      if (!URI.equals(keyUri)) {
        throw new GeneralSecurityException("no such key: " + keyUri);
      }
      return kek;
    }
  }
}
