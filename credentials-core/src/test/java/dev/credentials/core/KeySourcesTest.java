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
import com.google.crypto.tink.aead.AesGcmKey;
import dev.credentials.CredentialMetadata;
import dev.credentials.ErrorCode;
import dev.credentials.KeyUnavailableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Key sources")
class KeySourcesTest {

  @TempDir Path dir;

  private static String perms(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  private static void chmod(Path p, String perms) throws IOException {
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
  }

  /** Raw key bytes of every key, in several encodings an accidental leak could take. */
  private static List<String> keyMaterialForms(CredentialKeys keys) throws Exception {
    List<String> forms = new ArrayList<>();
    KeysetHandle h = keys.keyset();
    for (int i = 0; i < h.size(); i++) {
      byte[] raw =
          ((AesGcmKey) h.getAt(i).getKey())
              .getKeyBytes()
              .toByteArray(InsecureSecretKeyAccess.get());
      forms.add(new String(raw, StandardCharsets.ISO_8859_1));
      forms.add(Base64.getEncoder().encodeToString(raw));
      forms.add(HexFormat.of().formatHex(raw));
    }
    String json = TinkJsonProtoKeysetFormat.serializeKeyset(h, InsecureSecretKeyAccess.get());
    Matcher m = Pattern.compile("\"value\":\"([^\"]+)\"").matcher(json);
    while (m.find()) {
      forms.add(m.group(1));
    }
    return forms;
  }

  @Nested
  @DisplayName("production never generates")
  class Production {

    @Test
    @DisplayName("the builder refuses to start without keys")
    void builderWithoutKeys() {
      assertThatThrownBy(
              () -> Credentials.builder().repository(new InMemoryCredentialRepository()).build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("no keys");
    }

    @Test
    @DisplayName("a missing keyset file is an error, and no file appears")
    void missingFile() {
      Path p = dir.resolve("keyset.json");
      assertThatThrownBy(() -> CredentialKeys.fromFile(p))
          .isInstanceOfSatisfying(
              KeyUnavailableException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.KEY_UNAVAILABLE))
          .hasMessageContaining(p.toString())
          .hasMessageContaining("never generates");
      assertThat(p).doesNotExist();
    }

    @Test
    @DisplayName("a missing encrypted keyset is an error, and no file appears")
    void missingEncryptedFile() {
      Path p = dir.resolve("keyset.enc.json");
      KeysFixture.FakeKms kms = new KeysFixture.FakeKms();
      assertThatThrownBy(() -> CredentialKeys.fromKms(p, kms, KeysFixture.FakeKms.URI))
          .isInstanceOf(KeyUnavailableException.class)
          .hasMessageContaining(p.toString());
      assertThat(p).doesNotExist();
    }

    @Test
    @DisplayName("an unset or empty environment variable or property is an error")
    void unsetVariable() {
      assertThatThrownBy(() -> CredentialKeys.fromEnvironment("CREDENTIALS_KEYSET", v -> null))
          .isInstanceOf(KeyUnavailableException.class)
          .hasMessageContaining("environment variable CREDENTIALS_KEYSET");
      assertThatThrownBy(() -> CredentialKeys.fromEnvironment("CREDENTIALS_KEYSET", v -> " "))
          .isInstanceOf(KeyUnavailableException.class);
      assertThatThrownBy(
              () -> CredentialKeys.fromSystemProperty("dev.credentials.test.unset.keyset"))
          .isInstanceOf(KeyUnavailableException.class)
          .hasMessageContaining("system property dev.credentials.test.unset.keyset");
    }
  }

  @Nested
  @DisplayName("cleartext keyset files")
  class Files0600 {

    @Test
    @DisplayName("are written 0600 and read back with the same keys")
    void writeAndRead() throws Exception {
      CredentialKeys keys = CredentialKeys.generate();
      Path p = dir.resolve("keyset.json");
      keys.writeCleartextInsecurely(p);
      assertThat(perms(p)).isEqualTo("rw-------");
      CredentialKeys back = CredentialKeys.fromFile(p);
      assertThat(back.primaryKeyId()).isEqualTo(keys.primaryKeyId());
      try (Stream<Path> files = Files.list(dir)) {
        assertThat(files).containsExactly(p);
      }
    }

    @Test
    @DisplayName("are accepted read-only for the owner (0400)")
    void readOnly() throws Exception {
      Path p = dir.resolve("keyset.json");
      CredentialKeys.generate().writeCleartextInsecurely(p);
      chmod(p, "r--------");
      assertThat(CredentialKeys.fromFile(p).primaryKeyId()).isNotEmpty();
    }

    @Test
    @DisplayName("are refused when group or others may read them, naming path, mode and fix")
    void refusedWhenWide() throws Exception {
      Path p = dir.resolve("keyset.json");
      CredentialKeys keys = CredentialKeys.generate();
      keys.writeCleartextInsecurely(p);
      for (String wide : List.of("rw-r--r--", "rw-r-----", "rw----r--", "rw--w----")) {
        chmod(p, wide);
        assertThatThrownBy(() -> CredentialKeys.fromFile(p))
            .isInstanceOf(KeyUnavailableException.class)
            .hasMessageContaining(p.toString())
            .hasMessageContaining(wide)
            .hasMessageContaining("chmod 600");
      }
      chmod(p, "rw-r--r--");
      assertThatThrownBy(() -> CredentialKeys.fromFile(p)).hasMessageContaining("(0644)");
      assertThatThrownBy(() -> CredentialKeys.developmentFile(p))
          .isInstanceOf(KeyUnavailableException.class)
          .hasMessageContaining("chmod 600");
      for (String form : keyMaterialForms(keys)) {
        assertThatThrownBy(() -> CredentialKeys.fromFile(p)).message().doesNotContain(form);
      }
    }

    @Test
    @DisplayName("that are not keysets are refused without quoting their content")
    void garbage() throws Exception {
      Path p = dir.resolve("keyset.json");
      Files.writeString(p, "{\"not\": \"a keyset TOPSECRET\"}");
      chmod(p, "rw-------");
      assertThatThrownBy(() -> CredentialKeys.fromFile(p))
          .isInstanceOf(KeyUnavailableException.class)
          .hasMessageContaining("not a valid Tink JSON keyset")
          .message()
          .doesNotContain("TOPSECRET");
    }
  }

  @Nested
  @DisplayName("development mode")
  class Development {

    @Test
    @DisplayName("generates a keyset file 0600 in a 0700 directory on first use, then reuses it")
    void generatesOnce() throws Exception {
      Path p = dir.resolve("new-dir").resolve("dev-keyset.json");
      CredentialKeys first = CredentialKeys.developmentFile(p);
      assertThat(p).exists();
      assertThat(perms(p)).isEqualTo("rw-------");
      assertThat(perms(p.getParent())).isEqualTo("rwx------");
      try (Stream<Path> files = Files.list(p.getParent())) {
        assertThat(files).containsExactly(p);
      }
      CredentialKeys second = CredentialKeys.developmentFile(p);
      assertThat(second.primaryKeyId()).isEqualTo(first.primaryKeyId());
      assertThat(CredentialKeys.fromFile(p).primaryKeyId()).isEqualTo(first.primaryKeyId());
    }

    @Test
    @DisplayName("values sealed by one process open in the next")
    void survivesRestart() {
      Path p = dir.resolve("dev-keyset.json");
      InMemoryCredentialRepository repo = new InMemoryCredentialRepository();
      CredentialMetadata m;
      try (Credentials one = engine(repo, CredentialKeys.developmentFile(p))) {
        m = create(one, ACME, "a");
      }
      try (Credentials two = engine(repo, CredentialKeys.developmentFile(p))) {
        assertThat(password(two, m)).isEqualTo("pw-a");
      }
    }
  }

  @Nested
  @DisplayName("keysets supplied by the host")
  class Supplied {

    @Test
    @DisplayName("as Tink JSON or base64 of it, from a variable, a property or bytes")
    void jsonAndBase64() throws Exception {
      CredentialKeys keys = CredentialKeys.generate();
      Path p = dir.resolve("k.json");
      keys.writeCleartextInsecurely(p);
      String json = Files.readString(p);
      String b64 = Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
      String wrapped = b64.replaceAll("(.{60})", "$1\n");
      Map<String, String> env = Map.of("K_JSON", json, "K_B64", b64, "K_WRAPPED", wrapped);
      for (String var : env.keySet()) {
        assertThat(CredentialKeys.fromEnvironment(var, env::get).primaryKeyId())
            .isEqualTo(keys.primaryKeyId());
      }
      assertThat(CredentialKeys.fromJson(json.getBytes(StandardCharsets.UTF_8)).primaryKeyId())
          .isEqualTo(keys.primaryKeyId());
      String property = "dev.credentials.test.keyset." + System.nanoTime();
      System.setProperty(property, b64);
      try {
        assertThat(CredentialKeys.fromSystemProperty(property).primaryKeyId())
            .isEqualTo(keys.primaryKeyId());
      } finally {
        System.clearProperty(property);
      }
    }

    @Test
    @DisplayName("that is not a keyset is refused without quoting it")
    void garbage() {
      assertThatThrownBy(() -> CredentialKeys.fromJson("s3cr3t!!"))
          .isInstanceOf(KeyUnavailableException.class)
          .message()
          .doesNotContain("s3cr3t")
          .doesNotContain("21");
      assertThatThrownBy(() -> CredentialKeys.fromJson("{\"s3cr3t\": 1}"))
          .isInstanceOf(KeyUnavailableException.class)
          .message()
          .doesNotContain("s3cr3t");
    }

    @Test
    @DisplayName("toString shows ids, never key material")
    void toStringRedacts() throws Exception {
      CredentialKeys keys = CredentialKeys.generate();
      assertThat(keys.toString()).contains(keys.primaryKeyId());
      for (String form : keyMaterialForms(keys)) {
        assertThat(keys.toString()).doesNotContain(form);
      }
    }
  }

  @Nested
  @DisplayName("encrypted keysets")
  class Encrypted {

    @Test
    @DisplayName("via a fake KMS: written without cleartext key bytes, read back, values open")
    void kms() throws Exception {
      KeysFixture.FakeKms kms = new KeysFixture.FakeKms();
      Path p = dir.resolve("keyset.enc.json");
      InMemoryCredentialRepository repo = new InMemoryCredentialRepository();
      CredentialKeys keys = CredentialKeys.generate();
      CredentialMetadata m;
      try (Credentials one = engine(repo, keys)) {
        one.keys().promote(one.keys().addKey());
        m = create(one, ACME, "a");
        one.keys().keyset().writeEncrypted(p, CredentialKeys.kmsAead(kms, KeysFixture.FakeKms.URI));
        keys = one.keys().keyset();
      }
      String onDisk = Files.readString(p, StandardCharsets.ISO_8859_1);
      assertThat(onDisk).contains("encryptedKeyset");
      for (String form : keyMaterialForms(keys)) {
        assertThat(onDisk).doesNotContain(form);
      }
      CredentialKeys back = CredentialKeys.fromKms(p, kms, KeysFixture.FakeKms.URI);
      assertThat(back.primaryKeyId()).isEqualTo(keys.primaryKeyId());
      assertThat(back.keyset().size()).isEqualTo(2);
      try (Credentials two = engine(repo, back)) {
        assertThat(password(two, m)).isEqualTo("pw-a");
      }
    }

    @Test
    @DisplayName("refuse a wrong key-encryption key, an unknown URI and an unsupported URI")
    void wrongKek() {
      Path p = dir.resolve("keyset.enc.json");
      KeysFixture.FakeKms kms = new KeysFixture.FakeKms();
      CredentialKeys.generate().writeEncrypted(p, kms.kek);
      KeysFixture.FakeKms otherKms = new KeysFixture.FakeKms();
      assertThatThrownBy(() -> CredentialKeys.fromKms(p, otherKms, KeysFixture.FakeKms.URI))
          .isInstanceOf(KeyUnavailableException.class)
          .hasMessageContaining("does not decrypt");
      assertThatThrownBy(() -> CredentialKeys.fromKms(p, kms, "fake-kms://other"))
          .isInstanceOf(KeyUnavailableException.class)
          .hasMessageContaining("refused");
      assertThatThrownBy(() -> CredentialKeys.fromKms(p, kms, "aws-kms://x"))
          .isInstanceOf(KeyUnavailableException.class)
          .hasMessageContaining("does not support");
      assertThatThrownBy(() -> CredentialKeys.fromFile(p))
          .isInstanceOf(KeyUnavailableException.class);
    }
  }

  @Test
  @DisplayName("a keyset with a key that is not AES-256-GCM is refused")
  void notAes256Gcm() throws Exception {
    com.google.crypto.tink.aead.AeadConfig.register();
    KeysetHandle h =
        KeysetHandle.generateNew(com.google.crypto.tink.aead.PredefinedAeadParameters.AES128_GCM);
    assertThatThrownBy(() -> CredentialKeys.of(h))
        .isInstanceOf(KeyUnavailableException.class)
        .hasMessageContaining("AES-256-GCM");
  }
}
