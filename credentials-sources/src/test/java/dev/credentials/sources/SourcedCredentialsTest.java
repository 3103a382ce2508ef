package dev.credentials.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.BindingRequest;
import dev.credentials.Consumer;
import dev.credentials.CredentialMetadata;
import dev.credentials.CredentialSourceException;
import dev.credentials.CredentialSourceException.Reason;
import dev.credentials.CredentialState;
import dev.credentials.CredentialUpdate;
import dev.credentials.CredentialValidationException;
import dev.credentials.LaunchDecision;
import dev.credentials.NewCredential;
import dev.credentials.PageRequest;
import dev.credentials.Topic;
import dev.credentials.audit.AuditAction;
import dev.credentials.audit.AuditEvent;
import dev.credentials.audit.AuditQuery;
import dev.credentials.core.AccessAudit;
import dev.credentials.core.CredentialsBuilder;
import dev.credentials.spi.SourceReference;
import dev.credentials.spi.StoredCredential;
import dev.credentials.testkit.TestEngine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sourced credentials in the engine, end to end: a {@code credentials_path} file read by a real
 * {@link FileSource}, the built-in {@code http-bearer} prototype, a consumer bound to it, resolve
 * and launch.
 */
@DisplayName("A file-sourced credential in the engine")
class SourcedCredentialsTest {

  private static final String CANARY_1 = "canary-token-1-Zq8vX";
  private static final String CANARY_2 = "canary-token-2-Kp3wR";

  @TempDir Path dir;

  private final FileSource files =
      FileSource.builder().pollInterval(Duration.ofMillis(100)).build();
  private TestEngine t;

  @AfterEach
  void close() {
    if (t != null) {
      t.close();
    }
    files.close();
  }

  private TestEngine engine(java.util.function.Consumer<CredentialsBuilder> more) {
    t =
        TestEngine.inMemory()
            .discoverPrototypes()
            .configure(
                b -> {
                  b.source(files).accessAudit(AccessAudit.synchronous());
                  more.accept(b);
                })
            .build();
    return t;
  }

  private static Path write(Path p, String content) throws IOException {
    Path tmp = p.resolveSibling(p.getFileName() + ".tmp");
    Files.writeString(tmp, content);
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
    return Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private CredentialMetadata createBearer(Path file) {
    CredentialMetadata m =
        t.engine()
            .store()
            .create(
                t.admin(),
                NewCredential.builder("http-bearer", "api-token")
                    .source(SourceReference.of("file", file.toString()))
                    .build());
    t.engine().bindings().declare(t.admin(), Consumer.of("report", "http-bearer"));
    t.engine().bindings().bind(t.admin(), BindingRequest.of("report", "http-bearer", m.id()));
    return m;
  }

  private String resolvedToken() {
    return t.engine()
        .resolver()
        .resolve(t.service(), "report")
        .get("HTTP_BEARER_TOKEN")
        .orElseThrow()
        .reveal();
  }

  private List<AuditEvent> events() {
    return t.engine().audit().query(t.admin(), AuditQuery.all(), PageRequest.first(1000)).items();
  }

  @Test
  @DisplayName("resolves and launches, and a change on disk is seen by the next resolve")
  void resolvesLaunchesAndSeesChanges() throws IOException {
    engine(b -> {});
    Path file = write(dir.resolve("token.json"), "{\"bearer_auth\": \"" + CANARY_1 + "\"}");
    CredentialMetadata m = createBearer(file);

    assertThat(m.source()).contains(SourceReference.of("file", file.toString()));
    assertThat(resolvedToken()).isEqualTo(CANARY_1);
    LaunchDecision launch = t.engine().launchGate().prepare(t.service(), "report");
    assertThat(launch.outcome()).isEqualTo(LaunchDecision.Outcome.RUN);
    assertThat(launch.requireEnvironment().get("HTTP_BEARER_TOKEN").orElseThrow().reveal())
        .isEqualTo(CANARY_1);

    write(file, "{\"bearer_auth\": \"" + CANARY_2 + "\"}");
    assertThat(resolvedToken()).isEqualTo(CANARY_2);

    // every access names the source; no value anywhere in the audit log
    List<AuditEvent> accessed =
        events().stream().filter(e -> e.action() == AuditAction.ACCESSED).toList();
    assertThat(accessed).hasSizeGreaterThanOrEqualTo(3);
    assertThat(accessed)
        .allSatisfy(e -> assertThat(e.details()).containsEntry("source", "file:" + file));
    assertThat(events().toString()).doesNotContain(CANARY_1).doesNotContain(CANARY_2);
  }

  @Test
  @DisplayName("stores metadata and the reference only: no value in the row, sealed or not")
  void storesNoValues() throws IOException {
    engine(b -> {});
    Path file = write(dir.resolve("token.json"), "{\"bearer_auth\": \"" + CANARY_1 + "\"}");
    CredentialMetadata m = createBearer(file);
    StoredCredential row =
        t.repository().read(u -> u.credentials().find(m.tenant(), m.id())).orElseThrow();
    assertThat(row.metadata().source()).isPresent();
    assertThat(new String(row.sealedValues(), StandardCharsets.ISO_8859_1))
        .doesNotContain(CANARY_1);
    assertThat(row.toString()).doesNotContain(CANARY_1);
    // reveal reads from the source: the sealed part holds no field
    assertThat(t.engine().store().reveal(t.admin(), m.id()).values())
        .containsOnlyKeys("HTTP_BEARER_TOKEN");
    assertThat(t.engine().store().reveal(t.admin(), m.id()).values().toString())
        .doesNotContain(CANARY_1);
  }

  @Test
  @DisplayName("with the plaintext cache on, a change on disk is seen once the watch reports it")
  void cachedValuesFollowTheWatch() throws IOException, InterruptedException {
    engine(b -> b.cachePlaintext(true));
    Path file = write(dir.resolve("token.json"), "{\"bearer_auth\": \"" + CANARY_1 + "\"}");
    createBearer(file);
    assertThat(resolvedToken()).isEqualTo(CANARY_1);
    write(file, "{\"bearer_auth\": \"" + CANARY_2 + "\"}");
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    String seen = resolvedToken();
    while (!seen.equals(CANARY_2) && System.nanoTime() < deadline) {
      Thread.onSpinWait();
      seen = resolvedToken();
    }
    assertThat(seen).isEqualTo(CANARY_2);
  }

  @Test
  @DisplayName("a source that fails is a typed error on resolve, audited, and a DEFER at launch")
  void sourceFailure() throws IOException {
    engine(b -> {});
    Path file = write(dir.resolve("token.json"), "{\"bearer_auth\": \"" + CANARY_1 + "\"}");
    CredentialMetadata m = createBearer(file);
    Files.delete(file);

    assertThatThrownBy(this::resolvedToken)
        .isInstanceOfSatisfying(
            CredentialSourceException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND))
        .hasMessageContaining(file.toString());
    assertThat(events())
        .anySatisfy(
            e -> {
              assertThat(e.action()).isEqualTo(AuditAction.ACCESS_FAILED);
              assertThat(e.credentialId()).contains(m.id());
              assertThat(e.details().get("reason")).contains("file:" + file);
            });

    LaunchDecision launch = t.engine().launchGate().prepare(t.service(), "report");
    assertThat(launch.outcome()).isEqualTo(LaunchDecision.Outcome.DEFER);
    assertThat(launch.checks().get(Topic.of("http-bearer")).state())
        .isEqualTo(CredentialState.UNAVAILABLE);
    assertThat(launch.reasons()).anySatisfy(r -> assertThat(r).contains(file.toString()));
  }

  @Test
  @DisplayName("values that break the prototype are violations with field paths; launch BLOCKs")
  void invalidValues() throws IOException {
    engine(b -> {});
    Path file = write(dir.resolve("token.json"), "{\"bearer_auth\": \"" + CANARY_1 + "\"}");
    createBearer(file);
    write(file, "{\"HTTP_URL\": \"not a url " + CANARY_2 + "\"}");

    assertThatThrownBy(this::resolvedToken)
        .isInstanceOfSatisfying(
            CredentialValidationException.class,
            e ->
                assertThat(e.violations())
                    .extracting(v -> v.path())
                    .contains("HTTP_BEARER_TOKEN", "HTTP_URL"))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(CANARY_2));
    LaunchDecision launch = t.engine().launchGate().prepare(t.service(), "report");
    assertThat(launch.outcome()).isEqualTo(LaunchDecision.Outcome.BLOCK);
    assertThat(launch.checks().get(Topic.of("http-bearer")).state())
        .isEqualTo(CredentialState.MISCONFIGURED);
    assertThat(launch.toString()).doesNotContain(CANARY_2);
  }

  @Test
  @DisplayName("creation reads the source once: a missing file or unknown source writes nothing")
  void creationRefusesBadReferences() {
    engine(b -> {});
    Path missing = dir.resolve("missing.json");
    assertThatThrownBy(
            () ->
                t.engine()
                    .store()
                    .create(
                        t.admin(),
                        NewCredential.builder("http-bearer", "a")
                            .source(SourceReference.of("file", missing.toString()))
                            .build()))
        .isInstanceOf(CredentialSourceException.class)
        .hasMessageContaining(missing.toString());
    assertThatThrownBy(
            () ->
                t.engine()
                    .store()
                    .create(
                        t.admin(),
                        NewCredential.builder("http-bearer", "b")
                            .source(SourceReference.of("vault", "apps/x"))
                            .build()))
        .isInstanceOfSatisfying(
            CredentialSourceException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_REFERENCE))
        .hasMessageContaining("builder().source");
    assertThatThrownBy(
            () ->
                t.engine()
                    .store()
                    .create(
                        t.admin(),
                        NewCredential.builder("http-bearer", "c")
                            .source(
                                new SourceReference(
                                    "file", missing.toString(), Map.of("NO_SUCH_FIELD", "x")))
                            .build()))
        .isInstanceOfSatisfying(
            CredentialValidationException.class,
            e ->
                assertThat(e.violations())
                    .extracting(v -> v.path())
                    .containsExactly("source.fields.NO_SUCH_FIELD"));
    Map<String, Long> rows = t.repository().read(u -> u.credentials().countByKeyId());
    assertThat(rows).isEmpty();
  }

  @Test
  @DisplayName(
      "values and a source exclude each other; a sourced credential's values change at the source")
  void valuesBelongToTheSource() throws IOException {
    engine(b -> {});
    assertThatThrownBy(
            () ->
                NewCredential.builder("http-bearer", "x")
                    .value("HTTP_URL", "https://example.com")
                    .source(SourceReference.of("file", "/x.json"))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not both");
    Path file = write(dir.resolve("token.json"), "{\"bearer_auth\": \"" + CANARY_1 + "\"}");
    CredentialMetadata m = createBearer(file);
    assertThatThrownBy(
            () ->
                t.engine()
                    .store()
                    .update(
                        t.admin(),
                        m.id(),
                        CredentialUpdate.builder(m.version())
                            .value("HTTP_URL", "https://example.com")
                            .build()))
        .isInstanceOfSatisfying(
            CredentialValidationException.class,
            e -> assertThat(e.violations()).extracting(v -> v.path()).containsExactly("values"));
    CredentialMetadata renamed =
        t.engine()
            .store()
            .update(
                t.admin(), m.id(), CredentialUpdate.builder(m.version()).name("renamed").build());
    assertThat(renamed.source()).isEqualTo(m.source());
    assertThat(resolvedToken()).isEqualTo(CANARY_1);
  }

  /** A client that counts its closes. */
  static final class Client implements AutoCloseable {
    final java.util.concurrent.atomic.AtomicInteger closes =
        new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public void close() {
      closes.incrementAndGet();
    }
  }

  @Test
  @DisplayName("a change on disk retires the credential's shared client")
  void fileChangeRetiresSharedClient() throws IOException {
    engine(b -> {});
    Path file = write(dir.resolve("token.json"), "{\"bearer_auth\": \"" + CANARY_1 + "\"}");
    CredentialMetadata m = createBearer(file);
    resolvedToken(); // the first read starts the watch
    java.util.concurrent.atomic.AtomicInteger logins =
        new java.util.concurrent.atomic.AtomicInteger();
    dev.credentials.core.SharedClients.Key key =
        dev.credentials.core.SharedClients.Key.of(m.tenant(), m.id());
    Client first;
    try (var lease =
        t.engine()
            .sharedClients()
            .acquire(
                key,
                k -> {
                  logins.incrementAndGet();
                  return new Client();
                })) {
      first = lease.client();
    }
    write(file, "{\"bearer_auth\": \"" + CANARY_2 + "\"}");
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (first.closes.get() == 0 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(first.closes).hasValue(1);
    assertThat(t.engine().sharedClients().size()).isZero();
  }
}
