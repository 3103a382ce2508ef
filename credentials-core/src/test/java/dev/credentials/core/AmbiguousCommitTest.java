package dev.credentials.core;

import static dev.credentials.core.Fixture.ACME;
import static dev.credentials.core.Fixture.ADMIN;
import static dev.credentials.core.Fixture.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.BindingRequest;
import dev.credentials.Consumer;
import dev.credentials.CredentialId;
import dev.credentials.ErrorCode;
import dev.credentials.NewCredential;
import dev.credentials.PageRequest;
import dev.credentials.Secret;
import dev.credentials.StorageOutcomeUnknownException;
import dev.credentials.audit.AuditAction;
import dev.credentials.audit.AuditEvent;
import dev.credentials.audit.AuditQuery;
import dev.credentials.spi.CredentialRepository;
import dev.credentials.spi.UnitOfWork;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Batched access events after a commit whose outcome is unknown: the journal keeps them and writes
 * them again only if the first write did not commit, so that each access is recorded once.
 */
@DisplayName("Access events after a commit with an unknown outcome")
class AmbiguousCommitTest {

  /** An in-memory repository whose next write can lose its answer, before or after committing. */
  static final class LosesAnswers implements CredentialRepository {
    final InMemoryCredentialRepository delegate = new InMemoryCredentialRepository();
    volatile Boolean commitThenFail; // null: behave; true: commit, then fail; false: fail only

    @Override
    public <T> T inTransaction(Function<UnitOfWork, T> work) {
      Boolean mode = commitThenFail;
      if (mode == null) {
        return delegate.inTransaction(work);
      }
      commitThenFail = null;
      if (mode) {
        delegate.inTransaction(work);
      }
      throw new StorageOutcomeUnknownException(
          "commit failed without an answer (test); read the state before repeating", null);
    }

    @Override
    public <T> T read(Function<UnitOfWork, T> work) {
      return delegate.read(work);
    }

    List<AuditEvent> accessed() {
      return delegate
          .read(uow -> uow.audit().events(ACME, AuditQuery.all(), PageRequest.first(500)).items())
          .stream()
          .filter(e -> e.action() == AuditAction.ACCESSED)
          .toList();
    }
  }

  final LosesAnswers repository = new LosesAnswers();
  final Credentials engine =
      Credentials.builder()
          .repository(repository)
          .keys(CredentialKeys.generate())
          .clock(Fixture.clock())
          .discoverPrototypes(false)
          .slf4jReporter(false)
          .prototype(Fixture.api())
          .accessAudit(AccessAudit.batched(Duration.ofSeconds(10), 500, 1000))
          .build();

  AmbiguousCommitTest() {
    CredentialId id =
        engine
            .store()
            .create(
                ADMIN,
                NewCredential.builder("demo-api", "api")
                    .value("API_URL", "https://api.example.com")
                    .secret("API_TOKEN", Secret.of("token"))
                    .build())
            .id();
    engine.bindings().declare(ADMIN, Consumer.of("job", "demo-api"));
    engine.bindings().bind(ADMIN, BindingRequest.of("job", "demo-api", id));
  }

  @AfterEach
  void close() {
    engine.close();
  }

  private void flushThroughAQuery() {
    engine.audit().query(ADMIN, AuditQuery.all(), PageRequest.first(1));
  }

  private void resolveThreeTimes() {
    for (int i = 0; i < 3; i++) {
      engine.resolver().resolve(SERVICE, "job");
    }
  }

  @Test
  @DisplayName("a batch that was committed although its commit failed is not written again")
  void committedBatchIsNotRepeated() {
    resolveThreeTimes();
    repository.commitThenFail = true;
    assertThatThrownBy(this::flushThroughAQuery)
        .isInstanceOf(StorageOutcomeUnknownException.class)
        .satisfies(
            e ->
                assertThat(((StorageOutcomeUnknownException) e).code())
                    .isEqualTo(ErrorCode.STORAGE_OUTCOME_UNKNOWN));
    assertThat(repository.accessed()).hasSize(3);
    flushThroughAQuery(); // the journal retries: it finds the batch and drops it
    engine.resolver().resolve(SERVICE, "job");
    flushThroughAQuery();
    List<AuditEvent> accessed = repository.accessed();
    assertThat(accessed).hasSize(4);
    assertThat(accessed).extracting(AuditEvent::sequence).doesNotHaveDuplicates();
    assertThat(engine.audit().verify(ADMIN).intact()).isTrue();
  }

  @Test
  @DisplayName("a batch whose commit failed without committing is written on the retry")
  void uncommittedBatchIsWritten() {
    resolveThreeTimes();
    repository.commitThenFail = false;
    assertThatThrownBy(this::flushThroughAQuery).isInstanceOf(StorageOutcomeUnknownException.class);
    assertThat(repository.accessed()).isEmpty();
    flushThroughAQuery();
    assertThat(repository.accessed()).hasSize(3);
    assertThat(engine.audit().verify(ADMIN).intact()).isTrue();
  }
}
