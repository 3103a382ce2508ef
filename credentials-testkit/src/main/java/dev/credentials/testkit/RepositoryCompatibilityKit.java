package dev.credentials.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.credentials.TenantId;
import dev.credentials.spi.CredentialRepository;
import dev.credentials.spi.UnitOfWork;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The contract every {@link CredentialRepository} must meet, as JUnit 5 tests. An implementation
 * runs it by subclassing:
 *
 * <pre>{@code
 * class JdbcRepositoryKitTest extends RepositoryCompatibilityKit {
 *   @Override
 *   protected CredentialRepository createRepository() {
 *     return JdbcCredentialRepository.create(freshH2DataSource());
 *   }
 * }
 * }</pre>
 *
 * <p>Each test gets a fresh, empty repository from {@link #createRepository()} and closes it with
 * {@link #closeRepository(CredentialRepository)} afterwards. The tests are grouped by feature with
 * sentences as names, so a failing kit reads as the part of the specification that is not met.
 *
 * <p>Test data uses lower-case ASCII names and instants at millisecond precision, so orderings and
 * round trips do not depend on a database's collation or timestamp precision beyond that.
 *
 * <p>The kit uses data as the engine does: consumers are declared before they are bound, bindings
 * and check results refer to stored credentials of their tenant, and audit events may name
 * credentials that no longer exist (they outlive deletes). A schema with foreign keys along those
 * lines passes.
 *
 * <p>An implementation with a fix pending can declare the failing tests in {@link
 * #knownDeviations()}: they still run and must still fail, and the kit fails once they pass.
 */
@ExtendWith(KnownDeviations.class)
public abstract class RepositoryCompatibilityKit implements KnownDeviations.Declaring {

  /** The tenant most tests work in. */
  protected static final TenantId TENANT_A = TenantId.of("tenant-a");

  /** The other tenant, whose data must stay invisible from {@link #TENANT_A}. */
  protected static final TenantId TENANT_B = TenantId.of("tenant-b");

  private CredentialRepository repository;

  /** Runs every call in its own unit of work: reads through read(), writes in a transaction. */
  private final UnitOfWork db = new EachCallInItsOwnUnit(() -> repository);

  /** For subclasses. */
  protected RepositoryCompatibilityKit() {}

  /**
   * Creates the repository under test: fresh and empty for every test.
   *
   * @return the repository
   */
  protected abstract CredentialRepository createRepository();

  /**
   * Releases a repository after a test. The default calls {@link CredentialRepository#close()}.
   *
   * @param repository the repository {@link #createRepository()} returned
   * @throws Exception when closing fails
   */
  protected void closeRepository(CredentialRepository repository) throws Exception {
    repository.close();
  }

  /**
   * Kit tests this implementation is known to fail, by display name, e.g. {@code "a credential read
   * before a delete keeps its sealed bytes"}. Each must still fail: the kit runs it and reports the
   * failure as a report entry, and fails it as soon as it passes, so the entry is removed when the
   * implementation is fixed. Nothing is skipped. The default is none; declare deviations only while
   * a fix is pending, and say why.
   *
   * @return display names of tests expected to fail
   */
  @Override
  public Set<String> knownDeviations() {
    return Set.of();
  }

  /**
   * The repository of the running test.
   *
   * @return the repository
   */
  protected final CredentialRepository repository() {
    return repository;
  }

  @BeforeEach
  final void createFreshRepository() {
    repository = createRepository();
    assertThat(repository).as("createRepository() must return a repository").isNotNull();
  }

  @AfterEach
  final void closeRepositoryAfterTest() throws Exception {
    if (repository != null) {
      closeRepository(repository);
      repository = null;
    }
  }

  /** What every feature needs from the running test: its repository and per-test scratch. */
  abstract class Feature implements KitContext {
    private final Map<String, Object> scratch = new HashMap<>();

    @Override
    public CredentialRepository repository() {
      return repository;
    }

    @Override
    public UnitOfWork db() {
      return db;
    }

    @Override
    public Map<String, Object> scratch() {
      return scratch;
    }
  }

  /** Round trips of credentials. */
  @Nested
  @DisplayName("Credentials")
  class Credentials extends Feature implements CredentialTests {}

  /** Sourced credentials: the reference a row keeps instead of values. */
  @Nested
  @DisplayName("Source references")
  class SourceReferences extends Feature implements SourceReferenceTests {}

  /** Tenant-wide default credentials. */
  @Nested
  @DisplayName("Tenant defaults")
  class TenantDefaults extends Feature implements TenantDefaultTests {}

  /** Consumers and bindings. */
  @Nested
  @DisplayName("Consumers and bindings")
  class ConsumersAndBindings extends Feature implements ConsumerAndBindingTests {}

  /** The check log. */
  @Nested
  @DisplayName("Check log")
  class CheckLog extends Feature implements CheckLogTests {}

  /** The audit log. */
  @Nested
  @DisplayName("Audit log")
  class AuditLog extends Feature implements AuditLogTests {}

  /** Imported prototype documents. */
  @Nested
  @DisplayName("Prototype documents")
  class PrototypeDocuments extends Feature implements PrototypeDocumentTests {}

  /** The change feed between engines. */
  @Nested
  @DisplayName("Change feed")
  class ChangeFeed extends Feature implements ChangeFeedTests {}

  /** Tenancy. */
  @Nested
  @DisplayName("Tenant isolation")
  class TenantIsolation extends Feature implements TenantIsolationTests {}

  /** Uniqueness of (tenant, name, environment). */
  @Nested
  @DisplayName("Uniqueness of tenant, name and environment")
  class Uniqueness extends Feature implements UniquenessTests {}

  /** Optimistic versioning. */
  @Nested
  @DisplayName("Optimistic versioning")
  class OptimisticVersioning extends Feature implements OptimisticVersioningTests {}

  /** Atomic units of work. */
  @Nested
  @DisplayName("Atomic units of work")
  class UnitsOfWork extends Feature implements AtomicityTests {}

  /** Secure delete. */
  @Nested
  @DisplayName("Secure delete")
  class SecureDelete extends Feature implements SecureDeleteTests {}

  /** Listing and queries. */
  @Nested
  @DisplayName("Listing and queries")
  class Listing extends Feature implements ListingTests {}

  /** Key rotation queries, across tenants. */
  @Nested
  @DisplayName("Key rotation queries")
  class KeyRotation extends Feature implements KeyRotationTests {}

  /** Named leases with an expiry. */
  @Nested
  @DisplayName("Leases")
  class LeaseFeature extends Feature implements LeaseTests {}

  /** Shared launch deferral counts. */
  @Nested
  @DisplayName("Launch deferrals")
  class DeferralFeature extends Feature implements DeferralTests {}

  /** The version history of credentials' values. */
  @Nested
  @DisplayName("Version history")
  class VersionHistory extends Feature implements VersionHistoryTests {}

  /** The expiry reminders already sent. */
  @Nested
  @DisplayName("Expiry reminders")
  class Reminders extends Feature implements ReminderRecordTests {}

  /** Concurrent use. */
  @Nested
  @DisplayName("Concurrency")
  class Concurrency extends Feature implements ConcurrencyTests {}
}
