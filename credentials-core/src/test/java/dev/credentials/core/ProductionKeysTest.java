package dev.credentials.core;

import static dev.credentials.core.KeysFixture.ACME;
import static dev.credentials.core.KeysFixture.create;
import static dev.credentials.core.KeysFixture.engine;
import static dev.credentials.core.KeysFixture.password;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import dev.credentials.CredentialDecryptionException;
import dev.credentials.CredentialMetadata;
import dev.credentials.CredentialQuery;
import dev.credentials.KeyUnavailableException;
import dev.credentials.PageRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regressions: a development keyset loaded through fromFile without a word; an engine built on a
 * wrong keyset over existing data sealed new credentials with the wrong key.
 */
class ProductionKeysTest {

  @TempDir Path dir;

  static CredentialKeys realKeys() throws Exception {
    return CredentialKeys.of(KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM));
  }

  static CredentialsBuilder builder(CredentialKeys keys) {
    return Credentials.builder()
        .repository(new InMemoryCredentialRepository())
        .keys(keys)
        .discoverPrototypes(false)
        .slf4jReporter(false);
  }

  @Nested
  @DisplayName("production mode")
  class Production {

    @Test
    @DisplayName("refuses keys generated in memory, saying how to make a real keyset")
    void refusesGenerated() {
      assertThat(CredentialKeys.generate().isDevelopment()).isTrue();
      assertThatThrownBy(() -> builder(CredentialKeys.generate()).production().build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("production mode refuses development keys")
          .hasMessageContaining("CredentialKeys.generate()")
          .hasMessageContaining("tinkey create-keyset");
    }

    @Test
    @DisplayName("refuses a development keyset file, also when it is loaded with fromFile")
    void refusesDevelopmentFileEverywhere() throws Exception {
      Path p = dir.resolve("keyset.json");
      CredentialKeys dev = CredentialKeys.developmentFile(p);
      assertThat(dev.isDevelopment()).isTrue();
      assertThat(Files.readString(p)).contains(CredentialKeys.DEVELOPMENT_MEMBER);
      CredentialKeys loaded = CredentialKeys.fromFile(p);
      assertThat(loaded.isDevelopment()).isTrue();
      assertThat(loaded.primaryKeyId()).isEqualTo(dev.primaryKeyId());
      assertThat(loaded.toString()).contains("development");
      assertThatThrownBy(() -> builder(loaded).production().build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("a development keyset (keyset file " + p + ")");

      // a copy written out keeps its mark
      Path copy = dir.resolve("copy.json");
      loaded.writeCleartextInsecurely(copy);
      assertThat(CredentialKeys.fromFile(copy).isDevelopment()).isTrue();
    }

    @Test
    @DisplayName("a development file of the plain Tink format is still a development keyset")
    void plainDevelopmentFile() throws Exception {
      Path p = dir.resolve("old.json");
      Files.writeString(
          p,
          TinkJsonProtoKeysetFormat.serializeKeyset(
              realKeys().keyset(), InsecureSecretKeyAccess.get()));
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
      assertThat(CredentialKeys.fromFile(p).isDevelopment()).isFalse();
      assertThat(CredentialKeys.developmentFile(p).isDevelopment()).isTrue();
    }

    @Test
    @DisplayName("accepts a keyset supplied by the host, and rotation keeps it a production keyset")
    void acceptsRealKeys() throws Exception {
      try (Credentials engine = builder(realKeys()).production().build()) {
        engine.keys().addKey();
        assertThat(engine.keys().keyset().isDevelopment()).isFalse();
      }
      try (Credentials engine = builder(CredentialKeys.generate()).build()) {
        engine.keys().addKey();
        assertThat(engine.keys().keyset().isDevelopment()).isTrue();
      }
    }

    @Test
    @DisplayName("production() and tolerateMissingKeys() may be called once")
    void once() {
      CredentialsBuilder b = Credentials.builder().production().tolerateMissingKeys();
      assertThatThrownBy(b::production).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(b::tolerateMissingKeys).isInstanceOf(IllegalStateException.class);
    }
  }

  @Nested
  @DisplayName("a keyset that lacks the repository's keys")
  class MissingKeys {

    @Test
    @DisplayName("is refused at build, naming the missing key ids, and nothing is written")
    void refused() throws Exception {
      InMemoryCredentialRepository repo = new InMemoryCredentialRepository();
      CredentialKeys right = realKeys();
      CredentialMetadata m;
      try (Credentials one = engine(repo, right)) {
        m = create(one, ACME, "a");
      }
      CredentialKeys wrong = realKeys();
      assertThatThrownBy(() -> engine(repo, wrong))
          .isInstanceOf(KeyUnavailableException.class)
          .hasMessageContaining("1 credential(s)")
          .hasMessageContaining(right.primaryKeyId())
          .hasMessageContaining("tolerateMissingKeys()");
      java.util.Map<String, Long> byKey = repo.read(uow -> uow.credentials().countByKeyId());
      assertThat(byKey).containsOnlyKeys(right.primaryKeyId());
      try (Credentials again = engine(repo, right)) {
        assertThat(password(again, m)).isEqualTo("pw-a");
      }
    }

    @Test
    @DisplayName("starts when asked to, with those credentials unreadable and new ones usable")
    void tolerated() throws Exception {
      InMemoryCredentialRepository repo = new InMemoryCredentialRepository();
      CredentialMetadata m;
      try (Credentials one = engine(repo, realKeys())) {
        m = create(one, ACME, "a");
      }
      try (Credentials two = KeysFixture.builder(repo, realKeys()).tolerateMissingKeys().build()) {
        assertThatThrownBy(() -> password(two, m))
            .isInstanceOf(CredentialDecryptionException.class);
        CredentialMetadata fresh = create(two, ACME, "b");
        assertThat(password(two, fresh)).isEqualTo("pw-b");
        assertThat(
                two.store()
                    .list(KeysFixture.admin(ACME), CredentialQuery.all(), PageRequest.first(10))
                    .items())
            .hasSize(2);
      }
    }
  }
}
