package dev.credentials.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.Caller;
import dev.credentials.CredentialMetadata;
import dev.credentials.CredentialQuery;
import dev.credentials.DuplicateCredentialException;
import dev.credentials.NewCredential;
import dev.credentials.PageRequest;
import dev.credentials.Principal;
import dev.credentials.Secret;
import dev.credentials.TenantId;
import dev.credentials.core.CredentialKeys;
import dev.credentials.core.Credentials;
import dev.credentials.jdbc.TestDatabases.Kind;
import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.FieldType;
import dev.credentials.prototype.Prototype;
import java.lang.reflect.Proxy;
import java.sql.DriverManager;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What a create costs in statements on each database: the insert of the credential, then the audit
 * chain's (lock its head, read the last event, insert the new one, move the head; PostgreSQL and
 * MariaDB lock the head and read the event in one statement), and one commit. No savepoint, and on
 * H2 and PostgreSQL no duplicate check while the name and id are free (MariaDB checks first: its
 * driver logs every failed statement). A duplicate still gets the reference's message and leaves
 * nothing behind.
 */
@DisplayName("Creating on JDBC")
class CreateRoundTripsTest {

  private static final TenantId TENANT = TenantId.of("acme");
  private static final Caller ADMIN = Caller.of(TENANT, Principal.admin("ops", TENANT));

  private static NewCredential credential(String name) {
    return NewCredential.builder("db", name)
        .value("USER", "report")
        .secret("PASSWORD", Secret.of("canary-create-7f3a"))
        .build();
  }

  /** A data source that opens a new connection from the URL each time (the pool sits above it). */
  static DataSource fromUrl(String url) {
    return (DataSource)
        Proxy.newProxyInstance(
            DataSource.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              switch (method.getName()) {
                case "getConnection":
                  return DriverManager.getConnection(url);
                case "getLoginTimeout":
                  return 0;
                case "isWrapperFor":
                  return false;
                case "toString":
                  return "test data source";
                default:
                  return null;
              }
            });
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  @DisplayName(
      "a create is 5 statements on PostgreSQL, 7 on H2 and MariaDB, a commit, no savepoint")
  void createRoundTrips(Kind kind) {
    CountingDataSource counting = new CountingDataSource(fromUrl(TestDatabases.freshUrl(kind)));
    JdbcCredentialRepository repository =
        JdbcCredentialRepository.builder().dataSource(counting.dataSource()).build();
    try (Credentials engine =
        Credentials.builder()
            .repository(repository)
            .keys(CredentialKeys.generate())
            .discoverPrototypes(false)
            .slf4jReporter(false)
            .prototype(
                Prototype.builder("db")
                    .field(FieldDefinition.builder("USER", FieldType.STRING).build())
                    .field(FieldDefinition.builder("PASSWORD", FieldType.PASSWORD).build())
                    .build())
            .build()) {
      engine.store().create(ADMIN, credential("first")); // creates the tenant's chain head
      counting.clear();

      CredentialMetadata second = engine.store().create(ADMIN, credential("second"));

      List<String> statements = counting.mine();
      boolean checksFirst = kind == Kind.MARIADB;
      boolean joinsHead = kind != Kind.H2;
      // the change feed's announcement: pg_notify, or the counter's update and the batched insert
      int announcing = kind == Kind.POSTGRESQL ? 1 : 2;
      assertThat(statements)
          .as("statements of one create on %s", kind)
          .hasSize(5 + (checksFirst ? 1 : 0) - (joinsHead ? 1 : 0) + announcing);
      assertThat(
              statements.stream()
                  .filter(s -> s.contains("pg_notify") || s.contains("credentials_change")))
          .as("announcing statements on %s", kind)
          .hasSize(announcing);
      assertThat(statements.stream().filter(s -> s.contains("LEFT JOIN audit_events")))
          .as("chain head locked with its last event on %s", kind)
          .hasSize(joinsHead ? 1 : 0);
      assertThat(statements.stream().filter(s -> s.startsWith("SELECT 'name'")))
          .as("duplicate checks on %s", kind)
          .hasSize(checksFirst ? 1 : 0);
      assertThat(statements.get(checksFirst ? 1 : 0)).startsWith("INSERT INTO credentials");
      assertThat(counting.transactionCalls()).as("on %s", kind).containsExactly("commit");

      // A duplicate name: the same message as the reference, and nothing written.
      counting.clear();
      assertThatThrownBy(() -> engine.store().create(ADMIN, credential("second")))
          .isInstanceOf(DuplicateCredentialException.class)
          .hasMessageContaining("second");
      assertThat(engine.store().list(ADMIN, CredentialQuery.all(), PageRequest.first(10)).items())
          .extracting(CredentialMetadata::name)
          .containsExactlyInAnyOrder("first", "second");
      assertThat(engine.store().get(ADMIN, second.id()).version()).isEqualTo(1);
    } finally {
      repository.close();
    }
  }
}
