package dev.credentials.core;

import static dev.credentials.core.Fixture.ADMIN;
import static dev.credentials.core.Fixture.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.EngineHealth;
import dev.credentials.EngineHealth.Component;
import dev.credentials.EngineHealth.Status;
import dev.credentials.PageRequest;
import dev.credentials.StorageException;
import dev.credentials.audit.AuditQuery;
import dev.credentials.spi.CredentialRepository;
import dev.credentials.spi.UnitOfWork;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link Credentials#health()}: each part probed on its own, the worst state wins, no secrets. */
class HealthTest {

  final AccessAuditTest fixture = new AccessAuditTest();

  @AfterEach
  void close() {
    fixture.closeAll();
  }

  @Test
  @DisplayName("a working engine reports every part up, with safe details")
  void upWhenEverythingWorks() {
    Credentials engine = fixture.engine(AccessAuditTest.slow());
    EngineHealth health = engine.health();
    assertThat(health.status()).isEqualTo(Status.UP);
    assertThat(health.isUp()).isTrue();
    assertThat(health.components())
        .extracting(Component::name)
        .containsExactly("repository", "keyset", "access-audit");
    assertThat(health.component("keyset").orElseThrow().details())
        .containsEntry("primaryKeyId", engine.keys().status().primaryKeyId());
    assertThat(health.component("access-audit").orElseThrow().details())
        .containsEntry("mode", "batched")
        .containsEntry("capacity", "1000");
    assertThat(health.toString()).doesNotContain(AccessAuditTest.CANARY);
  }

  @Test
  @DisplayName("a failing audit writer is reported down, and up again once writes succeed")
  void accessAuditDownWhileWritesFail() {
    Credentials engine = fixture.engine(AccessAuditTest.slow());
    engine.resolver().resolve(SERVICE, "job");
    assertThat(engine.health().component("access-audit").orElseThrow().details())
        .containsEntry("pending", "1");

    fixture.repository.failWrites = true;
    assertThatThrownBy(() -> engine.audit().query(ADMIN, AuditQuery.all(), PageRequest.first(9)))
        .isInstanceOf(StorageException.class);
    EngineHealth failing = engine.health();
    assertThat(failing.status()).isEqualTo(Status.DOWN);
    Component audit = failing.component("access-audit").orElseThrow();
    assertThat(audit.status()).isEqualTo(Status.DOWN);
    assertThat(audit.message()).contains("reads are withheld");
    assertThat(audit.details()).containsEntry("error", StorageException.class.getName());
    assertThat(failing.component("repository").orElseThrow().status()).isEqualTo(Status.UP);
    assertThat(failing.component("keyset").orElseThrow().status()).isEqualTo(Status.UP);

    fixture.repository.failWrites = false;
    engine.audit().query(ADMIN, AuditQuery.all(), PageRequest.first(9));
    assertThat(engine.health().status()).isEqualTo(Status.UP);
  }

  @Test
  @DisplayName("an unreadable repository is reported down without the driver's message")
  void repositoryDownWithoutItsMessage() {
    String canary = "jdbc:postgresql://db/x?password=hunter2-canary";
    InMemoryCredentialRepository delegate = new InMemoryCredentialRepository();
    AtomicBoolean unreachable = new AtomicBoolean();
    CredentialRepository broken =
        new CredentialRepository() {
          @Override
          public <T> T inTransaction(Function<UnitOfWork, T> work) {
            return delegate.inTransaction(work);
          }

          @Override
          public <T> T read(Function<UnitOfWork, T> work) {
            if (unreachable.get()) {
              throw new StorageException("cannot connect to " + canary);
            }
            return delegate.read(work);
          }
        };
    try (Credentials engine =
        Credentials.builder()
            .repository(broken)
            .keys(CredentialKeys.generate())
            .discoverPrototypes(false)
            .slf4jReporter(false)
            .build()) {
      assertThat(engine.health().status()).isEqualTo(Status.UP);
      unreachable.set(true);
      EngineHealth health = engine.health();
      Component repository = health.component("repository").orElseThrow();
      assertThat(health.status()).isEqualTo(Status.DOWN);
      assertThat(repository.status()).isEqualTo(Status.DOWN);
      assertThat(repository.message()).contains("StorageException").doesNotContain("hunter2");
      assertThat(health.toString()).doesNotContain("hunter2");
      assertThat(health.component("keyset").orElseThrow().status()).isEqualTo(Status.UP);
    }
  }

  @Test
  @DisplayName("a synchronous engine reports its audit mode")
  void synchronousMode() {
    Credentials engine = fixture.engine(AccessAudit.synchronous());
    assertThat(engine.health().component("access-audit").orElseThrow().details())
        .containsEntry("mode", "synchronous");
  }

  @Test
  @DisplayName("a health value refuses a status that is not the worst of its parts")
  void statusIsTheWorst() {
    Component down = new Component("repository", Status.DOWN, "down", Map.of());
    Component up = new Component("keyset", Status.UP, "up", Map.of());
    assertThat(EngineHealth.of(Instant.EPOCH, List.of(up, down)).status()).isEqualTo(Status.DOWN);
    assertThatThrownBy(() -> new EngineHealth(Status.UP, Instant.EPOCH, List.of(up, down)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DOWN");
  }
}
