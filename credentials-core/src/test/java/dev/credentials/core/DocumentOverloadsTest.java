package dev.credentials.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.Consumer;
import dev.credentials.CredentialValidationException;
import dev.credentials.PrototypeDefinitionException;
import dev.credentials.Topic;
import dev.credentials.core.prototype.PrototypeDocuments;
import dev.credentials.prototype.Prototype;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Prototype documents and application descriptors from files, URLs and streams")
class DocumentOverloadsTest {

  static final String DOC =
      "{\"code\": \"overload-api\", \"name\": \"Overload API\", \"fields\": ["
          + "{\"code\": \"OVL_URL\", \"name\": \"URL\", \"type\": \"url\", \"required\": true},"
          + "{\"code\": \"OVL_TOKEN\", \"name\": \"Token\", \"type\": \"password\"}]}";
  static final String APP = "{\"requirements\": [\"overload-api\", \"smtp\"]}";

  final InMemoryCredentialRepository repository = new InMemoryCredentialRepository();
  final Credentials engine =
      Credentials.builder()
          .repository(repository)
          .keys(CredentialKeys.generate())
          .discoverPrototypes(false)
          .build();

  @TempDir Path dir;

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  @DisplayName("imports from files, a URL and a stream, like the String form")
  void importsFromEverySource() throws IOException {
    Path file = Files.writeString(dir.resolve("overload.json"), DOC);
    assertThat(engine.importPrototypeFiles(List.of(file), true))
        .extracting(Prototype::code)
        .containsExactly("overload-api");
    assertThat(engine.importPrototypes(file.toUri().toURL(), true))
        .extracting(Prototype::code)
        .containsExactly("overload-api");
    assertThat(
            engine.importPrototypes(
                "upload-1", new ByteArrayInputStream(DOC.getBytes(StandardCharsets.UTF_8)), false))
        .extracting(Prototype::code)
        .containsExactly("overload-api");
    assertThat(engine.exportPrototype("overload-api")).contains("OVL_TOKEN");
  }

  @Test
  @DisplayName("an invalid file is reported with the file name, and nothing is registered")
  void invalidFileNamesTheFile() throws IOException {
    Path good = Files.writeString(dir.resolve("good.json"), DOC);
    Path bad = Files.writeString(dir.resolve("bad.json"), "{\"code\": \"x\"}");
    assertThatThrownBy(() -> engine.importPrototypeFiles(List.of(good, bad), false))
        .isInstanceOf(PrototypeDefinitionException.class)
        .hasMessageContaining("good.json, bad.json")
        .hasMessageContaining("[1]");
    assertThatThrownBy(() -> engine.exportPrototype("overload-api"))
        .isInstanceOf(RuntimeException.class);
  }

  @Test
  @DisplayName("a document over the size limit is refused before parsing, naming the limit")
  void tooLarge() {
    byte[] big = new byte[PrototypeDocuments.MAX_DOCUMENT_BYTES + 10];
    java.util.Arrays.fill(big, (byte) ' ');
    assertThatThrownBy(
            () -> engine.importPrototypes("upload-2", new ByteArrayInputStream(big), true))
        .isInstanceOf(PrototypeDefinitionException.class)
        .hasMessageContaining("upload-2")
        .hasMessageContaining("larger than " + PrototypeDocuments.MAX_DOCUMENT_BYTES);
  }

  @Test
  @DisplayName("bytes that are not UTF-8 are a typed error that quotes nothing")
  void notUtf8() {
    byte[] latin1 = "{\"code\": \"caf\u00e9-secret\"}".getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(
            () -> engine.importPrototypes("upload-3", new ByteArrayInputStream(latin1), true))
        .isInstanceOf(PrototypeDefinitionException.class)
        .hasMessageContaining("not UTF-8")
        .hasMessageNotContaining("secret");
  }

  @Test
  @DisplayName("a missing file is an UncheckedIOException naming it")
  void missingFile() {
    Path missing = dir.resolve("missing.json");
    assertThatThrownBy(() -> engine.importPrototypeFiles(List.of(missing), true))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("missing.json");
  }

  @Test
  @DisplayName("app.json reads from a file, a URL and a stream")
  void applicationDescriptors() throws IOException {
    Path app = Files.writeString(dir.resolve("app.json"), APP);
    Consumer expected = ConsumerDescriptors.fromApplicationJson("bank-import", APP);
    assertThat(ConsumerDescriptors.fromApplicationJson("bank-import", app)).isEqualTo(expected);
    assertThat(ConsumerDescriptors.fromApplicationJson("bank-import", app.toUri().toURL()))
        .isEqualTo(expected);
    assertThat(
            ConsumerDescriptors.fromApplicationJson(
                "bank-import", new ByteArrayInputStream(APP.getBytes(StandardCharsets.UTF_8))))
        .isEqualTo(expected);
    assertThat(expected.requirements())
        .extracting(r -> r.topic())
        .containsExactly(Topic.of("overload-api"), Topic.of("smtp"));
  }

  @Test
  @DisplayName("an oversized app.json stream is refused with the limit")
  void applicationDescriptorTooLarge() {
    byte[] big = new byte[ConsumerDescriptors.MAX_DESCRIPTOR_BYTES + 1];
    java.util.Arrays.fill(big, (byte) ' ');
    assertThatThrownBy(
            () -> ConsumerDescriptors.fromApplicationJson("x", new ByteArrayInputStream(big)))
        .isInstanceOf(CredentialValidationException.class)
        .hasMessageContaining("larger than " + ConsumerDescriptors.MAX_DESCRIPTOR_BYTES);
  }
}
