package dev.credentials.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.credentials.BindingRequest;
import dev.credentials.Caller;
import dev.credentials.Consumer;
import dev.credentials.CredentialId;
import dev.credentials.NewCredential;
import dev.credentials.Principal;
import dev.credentials.Secret;
import dev.credentials.TenantId;
import dev.credentials.core.AccessAudit;
import dev.credentials.core.CredentialKeys;
import dev.credentials.core.Credentials;
import dev.credentials.core.CredentialsBuilder;
import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.FieldType;
import dev.credentials.prototype.Prototype;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a resolve costs in statements on a real repository: one for a credential by name, and, for a
 * consumer, the same number however many credentials it binds (no N+1). Statements are counted on
 * the calling thread; access events are journalled and written later by the audit writer, which
 * this test holds off.
 */
@DisplayName("Resolving on JDBC")
class ResolveRoundTripsTest {

  private static final TenantId TENANT = TenantId.of("acme");
  private static final Caller ADMIN = Caller.of(TENANT, Principal.admin("ops", TENANT));

  private CountingDataSource counting;
  private JdbcCredentialRepository repository;
  private Credentials engine;

  private static Prototype service(int i) {
    return Prototype.builder("svc-" + i)
        .name("Service " + i)
        .topic("svc-" + i)
        .field(FieldDefinition.builder("URL", FieldType.URL).required(true).build())
        .field(FieldDefinition.builder("USER", FieldType.STRING).required(true).build())
        .field(FieldDefinition.builder("PASSWORD", FieldType.PASSWORD).required(true).build())
        .build();
  }

  @BeforeEach
  void setUp() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    counting = new CountingDataSource(h2);
    repository = JdbcCredentialRepository.builder().dataSource(counting.dataSource()).build();
    CredentialsBuilder builder =
        Credentials.builder()
            .repository(repository)
            .keys(CredentialKeys.generate())
            .discoverPrototypes(false)
            .slf4jReporter(false)
            // the writer waits 10 s: every statement counted below is the reader's own
            .accessAudit(AccessAudit.batched(Duration.ofSeconds(10), 10_000, 10_000));
    for (int i = 0; i < 10; i++) {
      builder.prototype(service(i));
    }
    engine = builder.build();
  }

  @AfterEach
  void tearDown() {
    engine.close();
    repository.close();
  }

  private CredentialId create(int i) {
    return engine
        .store()
        .create(
            ADMIN,
            NewCredential.builder("svc-" + i, "svc-" + i + "-prod")
                .value("URL", "https://svc" + i + ".example.com")
                .value("USER", "user-" + i)
                .secret("PASSWORD", Secret.of("password-" + i))
                .build())
        .id();
  }

  @Test
  @DisplayName("a cold resolve by name is one statement")
  void byNameIsOneStatement() {
    create(0);
    for (int round = 0; round < 3; round++) {
      counting.clear();
      assertThat(engine.resolver().byName(ADMIN, "svc-0-prod").values()).hasSize(3);
      assertThat(counting.mine())
          .as("round %d", round)
          .singleElement()
          .asString()
          .startsWith("SELECT")
          .contains("FROM credentials");
    }
  }

  /** Statements of the first (cold) and the second (warm) resolve of a consumer. */
  private List<Integer> resolveCounts(int bindings) {
    String[] topics = new String[bindings];
    for (int i = 0; i < bindings; i++) {
      topics[i] = "svc-" + i;
    }
    engine.bindings().declare(ADMIN, Consumer.of("job", topics));
    for (int i = 0; i < bindings; i++) {
      engine
          .bindings()
          .bind(ADMIN, BindingRequest.of("job", "svc-" + i, create(i)).withPrefix("S" + i + "_"));
    }
    counting.clear();
    assertThat(engine.resolver().resolve(ADMIN, "job").variables()).hasSize(3 * bindings);
    int cold = counting.mine().size();
    counting.clear();
    assertThat(engine.resolver().resolve(ADMIN, "job").variables()).hasSize(3 * bindings);
    int warm = counting.mine().size();
    return List.of(cold, warm);
  }

  @ParameterizedTest(name = "{0} bindings")
  @ValueSource(ints = {2, 10})
  @DisplayName("a consumer's resolve takes as many statements for many bindings as for one")
  void noNPlusOne(int bindings) {
    List<Integer> many = resolveCounts(bindings);
    // the same counts as a consumer with one binding, in a fresh engine and database
    tearDown();
    setUp();
    List<Integer> one = resolveCounts(1);
    assertThat(many).isEqualTo(one);
    // cold: the consumer with its requirements, its bindings, its credentials (one IN list)
    assertThat(one.get(0)).as("cold").isEqualTo(3);
    // warm: the plan is cached with the ciphertexts it opens
    assertThat(one.get(1)).as("warm").isZero();
  }
}
