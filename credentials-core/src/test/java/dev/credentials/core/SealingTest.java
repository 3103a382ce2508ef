package dev.credentials.core;

import static dev.credentials.core.KeysFixture.ACME;
import static dev.credentials.core.KeysFixture.GLOBEX;
import static dev.credentials.core.KeysFixture.admin;
import static dev.credentials.core.KeysFixture.create;
import static dev.credentials.core.KeysFixture.engine;
import static dev.credentials.core.KeysFixture.password;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.CredentialDecryptionException;
import dev.credentials.CredentialId;
import dev.credentials.CredentialMetadata;
import dev.credentials.ErrorCode;
import dev.credentials.NewCredential;
import dev.credentials.PageRequest;
import dev.credentials.Secret;
import dev.credentials.TenantId;
import dev.credentials.audit.AuditAction;
import dev.credentials.audit.AuditEvent;
import dev.credentials.audit.AuditQuery;
import dev.credentials.core.internal.vault.Sealer;
import dev.credentials.spi.StoredCredential;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Sealing credential values")
class SealingTest {

  static Sealer sealerOf(CredentialKeys keys) {
    return new Sealer(keys, keys.aead());
  }

  private static final TenantId T = TenantId.of("t1");
  private static final CredentialId ID = CredentialId.random();

  private static Map<String, String> reveal(Map<String, Secret> values) {
    Map<String, String> out = new LinkedHashMap<>();
    values.forEach((k, v) -> out.put(k, v.reveal()));
    return out;
  }

  @Nested
  @DisplayName("round trips")
  class RoundTrips {
    private final Sealer sealer = sealerOf(CredentialKeys.generate());

    private Map<String, String> roundTrip(Map<String, Secret> values) {
      Sealer.Sealed sealed = sealer.sealWithPrimary(T, ID, values);
      return reveal(sealer.open(T, ID, sealed.keyId(), sealed.ciphertext()));
    }

    @Test
    @DisplayName("no values, empty values and empty codes survive")
    void empty() {
      assertThat(roundTrip(Map.of())).isEmpty();
      Map<String, Secret> v = new LinkedHashMap<>();
      v.put("A", Secret.empty());
      v.put("B", Secret.of(""));
      assertThat(roundTrip(v)).containsExactly(Map.entry("A", ""), Map.entry("B", ""));
    }

    @Test
    @DisplayName("unicode survives byte for byte")
    void unicode() {
      String s = "Žluťoučký kůň 🐎 пароль 密码 \u0000 end";
      assertThat(roundTrip(Map.of("PASSWORD", Secret.of(s)))).containsEntry("PASSWORD", s);
    }

    @Test
    @DisplayName("a 64 KiB value survives")
    void large() {
      String big = "x".repeat(64 * 1024 - 1) + "é";
      Map<String, String> out = roundTrip(Map.of("BLOB", Secret.of(big)));
      assertThat(out.get("BLOB")).isEqualTo(big);
    }

    @Test
    @DisplayName("the ciphertext contains no value in clear")
    void noPlaintext() {
      byte[] sealed =
          sealer
              .sealWithPrimary(T, ID, Map.of("DB_HOST", Secret.of("db.internal.example.com")))
              .ciphertext();
      assertThat(new String(sealed, StandardCharsets.ISO_8859_1))
          .doesNotContain("db.internal.example.com")
          .doesNotContain("DB_HOST");
    }

    @Test
    @DisplayName("the key id reported with a ciphertext is the key that sealed it, across a swap")
    void keyIdMatchesSealingKey() {
      CredentialKeys before = sealer.keys();
      Sealer.Sealed first = sealer.sealWithPrimary(T, ID, Map.of("A", Secret.of("1")));
      CredentialKeys other = CredentialKeys.generate();
      sealer.replace(other, other.aead());
      assertThat(first.keyId()).isEqualTo(before.primaryKeyId());
      Sealer.Sealed s = sealer.sealWithPrimary(T, ID, Map.of("A", Secret.of("1")));
      assertThat(s.keyId()).isEqualTo(other.primaryKeyId());
      assertThat(first.ciphertext()).isNotEqualTo(s.ciphertext());
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> sealer.open(T, ID, first.keyId(), first.ciphertext()))
          .as("the old ciphertext does not open once its key has left the keyset")
          .isInstanceOf(dev.credentials.CredentialDecryptionException.class);
    }
  }

  @Nested
  @DisplayName("opening fails closed")
  class FailsClosed {

    @Test
    @DisplayName("a ciphertext moved to another credential id does not open")
    void otherId() {
      Sealer sealer = sealerOf(CredentialKeys.generate());
      byte[] sealed = sealer.sealWithPrimary(T, ID, Map.of("A", Secret.of("v"))).ciphertext();
      CredentialId other = CredentialId.random();
      assertThatThrownBy(() -> sealer.open(T, other, "1", sealed))
          .isInstanceOf(CredentialDecryptionException.class);
    }

    @Test
    @DisplayName("a ciphertext moved to another tenant does not open")
    void otherTenant() {
      Sealer sealer = sealerOf(CredentialKeys.generate());
      byte[] sealed = sealer.sealWithPrimary(T, ID, Map.of("A", Secret.of("v"))).ciphertext();
      assertThatThrownBy(() -> sealer.open(TenantId.of("t2"), ID, "1", sealed))
          .isInstanceOf(CredentialDecryptionException.class);
    }

    @Test
    @DisplayName(
        "remembered associated data never opens a ciphertext moved to another tenant or id")
    void rememberedAssociatedData() {
      Sealer sealer = sealerOf(CredentialKeys.generate());
      byte[] sealed = sealer.sealWithPrimary(T, ID, Map.of("A", Secret.of("v"))).ciphertext();
      assertThat(sealer.open(T, ID, "1", sealed).get("A").reveal()).isEqualTo("v");
      // the same id in another tenant: an equal id instance, a remembered slot
      CredentialId sameId = CredentialId.of(ID.value());
      assertThatThrownBy(() -> sealer.open(TenantId.of("t2"), sameId, "1", sealed))
          .isInstanceOf(CredentialDecryptionException.class);
      // an id whose slot is the same as ID's
      CredentialId neighbour;
      do {
        neighbour = CredentialId.random();
      } while ((neighbour.hashCode() & 255) != (ID.hashCode() & 255));
      byte[] other = sealer.sealWithPrimary(T, neighbour, Map.of("A", Secret.of("w"))).ciphertext();
      for (int i = 0; i < 3; i++) {
        assertThat(sealer.open(T, neighbour, "1", other).get("A").reveal()).isEqualTo("w");
        assertThat(sealer.open(T, sameId, "1", sealed).get("A").reveal()).isEqualTo("v");
        CredentialId n = neighbour;
        assertThatThrownBy(() -> sealer.open(T, n, "1", sealed))
            .isInstanceOf(CredentialDecryptionException.class);
      }
    }

    @Test
    @DisplayName("sealing with remembered associated data binds to the tenant and id it is given")
    void sealingWithRememberedAssociatedData() {
      CredentialKeys keys = CredentialKeys.generate();
      Sealer warm = sealerOf(keys);
      byte[] first = warm.sealWithPrimary(T, ID, Map.of("A", Secret.of("v"))).ciphertext();
      warm.open(T, ID, "1", first); // ID's slot now remembers tenant T
      TenantId t2 = TenantId.of("t2");
      CredentialId sameId = CredentialId.of(ID.value());
      CredentialId neighbour;
      do {
        neighbour = CredentialId.random();
      } while ((neighbour.hashCode() & 255) != (ID.hashCode() & 255));
      byte[] inT2 = warm.sealWithPrimary(t2, sameId, Map.of("A", Secret.of("w"))).ciphertext();
      byte[] ofNeighbour =
          warm.sealWithPrimary(T, neighbour, Map.of("A", Secret.of("x"))).ciphertext();
      byte[] again = warm.sealWithPrimary(T, ID, Map.of("A", Secret.of("y"))).ciphertext();
      // a sealer that remembers nothing judges where each ciphertext belongs
      Sealer cold = sealerOf(keys);
      assertThat(cold.open(t2, ID, "1", inT2).get("A").reveal()).isEqualTo("w");
      assertThat(sealerOf(keys).open(T, neighbour, "1", ofNeighbour).get("A").reveal())
          .isEqualTo("x");
      assertThat(sealerOf(keys).open(T, ID, "1", again).get("A").reveal()).isEqualTo("y");
      CredentialId n = neighbour;
      assertThatThrownBy(() -> sealerOf(keys).open(T, ID, "1", inT2))
          .isInstanceOf(CredentialDecryptionException.class);
      assertThatThrownBy(() -> sealerOf(keys).open(T, ID, "1", ofNeighbour))
          .isInstanceOf(CredentialDecryptionException.class);
      assertThatThrownBy(() -> sealerOf(keys).open(t2, n, "1", again))
          .isInstanceOf(CredentialDecryptionException.class);
    }

    @Test
    @DisplayName("a flipped bit does not open")
    void tampered() {
      Sealer sealer = sealerOf(CredentialKeys.generate());
      byte[] sealed = sealer.sealWithPrimary(T, ID, Map.of("A", Secret.of("v"))).ciphertext();
      sealed[sealed.length - 1] ^= 1;
      assertThatThrownBy(() -> sealer.open(T, ID, sealer.primaryKeyId(), sealed))
          .isInstanceOf(CredentialDecryptionException.class);
    }

    @Test
    @DisplayName("in the store, a swapped ciphertext is refused, audited and never returned")
    void storeSwap() {
      InMemoryCredentialRepository repo = new InMemoryCredentialRepository();
      try (Credentials engine = engine(repo, CredentialKeys.generate())) {
        CredentialMetadata a = create(engine, ACME, "a", "secret-a");
        CredentialMetadata b = create(engine, ACME, "b", "secret-b");
        CredentialMetadata g = create(engine, GLOBEX, "g", "secret-g");
        byte[] sealedA =
            repo.read(uow -> uow.credentials().find(ACME, a.id())).orElseThrow().sealedValues();
        // Same tenant, other row; and another tenant.
        repo.inTransaction(
            uow -> {
              uow.credentials().update(new StoredCredential(b, sealedA), b.version());
              uow.credentials().update(new StoredCredential(g, sealedA), g.version());
              return null;
            });
        for (CredentialMetadata victim : List.of(b, g)) {
          assertThatThrownBy(() -> engine.store().reveal(admin(victim.tenant()), victim.id()))
              .isInstanceOfSatisfying(
                  CredentialDecryptionException.class,
                  e -> {
                    assertThat(e.credentialId()).isEqualTo(victim.id());
                    assertThat(e.keyId()).isEqualTo(victim.keyId());
                    assertThat(e.code()).isEqualTo(ErrorCode.CANNOT_DECRYPT);
                    assertThat(e.getMessage())
                        .contains(victim.id().toString(), victim.keyId())
                        .doesNotContain("secret-a");
                  });
          List<AuditEvent> events =
              engine
                  .audit()
                  .query(admin(victim.tenant()), AuditQuery.all(), PageRequest.first(100))
                  .items();
          assertThat(events)
              .anySatisfy(
                  e -> {
                    assertThat(e.action()).isEqualTo(AuditAction.ACCESS_FAILED);
                    assertThat(e.credentialId()).contains(victim.id());
                    assertThat(e.details().get("reason")).contains("cannot decrypt");
                  });
        }
        assertThat(password(engine, a)).isEqualTo("secret-a");
      }
    }

    @Test
    @DisplayName("a wrong keyset cannot open, and says which credential and key")
    void wrongKeyset() {
      InMemoryCredentialRepository repo = new InMemoryCredentialRepository();
      CredentialMetadata m;
      try (Credentials first = engine(repo, CredentialKeys.generate())) {
        m = create(first, ACME, "a");
      }
      try (Credentials second =
          KeysFixture.builder(repo, CredentialKeys.generate()).tolerateMissingKeys().build()) {
        assertThatThrownBy(() -> password(second, m))
            .isInstanceOfSatisfying(
                CredentialDecryptionException.class,
                e -> {
                  assertThat(e.credentialId()).isEqualTo(m.id());
                  assertThat(e.keyId()).isEqualTo(m.keyId());
                });
        assertThat(second.keys().status().key(m.keyId()))
            .hasValueSatisfying(k -> assertThat(k.state()).isEqualTo(KeysetStatus.State.MISSING));
      }
    }

    @Test
    @DisplayName("a disabled key opens nothing until enabled again; a destroyed key never again")
    void disabledAndDestroyed() {
      try (Credentials engine =
          engine(new InMemoryCredentialRepository(), CredentialKeys.generate())) {
        CredentialMetadata m = create(engine, ACME, "a");
        KeyManagement keys = engine.keys();
        String old = m.keyId();
        keys.promote(keys.addKey());
        keys.disableEvenIfInUse(old);
        assertThatThrownBy(() -> password(engine, m))
            .isInstanceOf(CredentialDecryptionException.class);
        keys.enable(old);
        assertThat(password(engine, m)).isEqualTo("pw-a");
        keys.disableEvenIfInUse(old);
        keys.destroyEvenIfInUse(old);
        assertThatThrownBy(() -> keys.enable(old)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> password(engine, m))
            .isInstanceOf(CredentialDecryptionException.class)
            .hasMessageContaining(old);
        assertThat(keys.status().key(old))
            .hasValueSatisfying(
                k -> {
                  assertThat(k.state()).isEqualTo(KeysetStatus.State.DESTROYED);
                  assertThat(k.credentials()).isEqualTo(1);
                });
      }
    }
  }

  @Test
  @DisplayName("in the store, unicode and 64 KiB values round-trip; an empty value is absent")
  void storeRoundTrip() {
    try (Credentials engine =
        engine(new InMemoryCredentialRepository(), CredentialKeys.generate())) {
      String unicode = "heslo-čšř-🔑-密码";
      String big = "y".repeat(64 * 1024);
      CredentialMetadata m =
          engine
              .store()
              .create(
                  admin(ACME),
                  NewCredential.builder("test-db", "rt")
                      .value("DB_HOST", "h")
                      .value("DB_NAME", "")
                      .secret("DB_PASSWORD", Secret.of(unicode))
                      .value("DB_NOTES", big)
                      .build());
      Map<String, String> out = reveal(KeysFixture.values(engine, m));
      assertThat(out).containsEntry("DB_PASSWORD", unicode).containsEntry("DB_NOTES", big);
      // The engine treats an empty value as absent (validation drops it); the sealer itself
      // round-trips empty values, see RoundTrips.empty.
      assertThat(out).doesNotContainKey("DB_NAME");
    }
  }
}
