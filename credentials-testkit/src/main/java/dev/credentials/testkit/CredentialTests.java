package dev.credentials.testkit;

import static dev.credentials.testkit.RepositoryFixtures.T0;
import static dev.credentials.testkit.RepositoryFixtures.check;
import static dev.credentials.testkit.RepositoryFixtures.credential;
import static dev.credentials.testkit.RepositoryFixtures.from;
import static dev.credentials.testkit.RepositoryFixtures.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.CheckResult;
import dev.credentials.Consumer;
import dev.credentials.CredentialId;
import dev.credentials.CredentialQuery;
import dev.credentials.CredentialState;
import dev.credentials.PageRequest;
import dev.credentials.audit.AuditAction;
import dev.credentials.audit.AuditQuery;
import dev.credentials.spi.StoredCredential;
import dev.credentials.spi.UnitOfWork;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The kit's tests of round trips of credentials. */
interface CredentialTests extends KitContext {

  @Test
  @DisplayName("a fresh repository holds nothing")
  default void freshRepositoryIsEmpty() {
    read(
        u -> {
          assertThat(u.credentials().list(TENANT_A, CredentialQuery.all(), ALL).total()).isZero();
          assertThat(u.credentials().countByKeyId()).isEmpty();
          assertThat(u.credentials().notSealedWith("k1", 10)).isEmpty();
          assertThat(u.prototypeDocuments().all()).isEmpty();
          assertThat(u.audit().last(TENANT_A)).isEmpty();
          assertThat(u.bindings().consumer(TENANT_A, "job-1")).isEmpty();
          return null;
        });
  }

  @Test
  @DisplayName("an inserted credential reads back with every metadata field and its exact bytes")
  default void insertRoundTrip() {
    CheckResult lastTest =
        new CheckResult(
            CredentialState.DEGRADED,
            "slow answer: 2.3 s",
            T0.plusMillis(1234),
            300,
            Map.of("latencyMs", "2300", "server", "nginx/1.25"));
    StoredCredential s =
        credential(TENANT_A, "billing api")
            .prototype("demo-db")
            .environment("staging")
            .description("Zugangsdaten für die Buchhaltung — ünïcödé ✓")
            .tags("erp", "finance", "eu")
            .active(false)
            .expiresAt(T0.plus(Duration.ofDays(90)).plusMillis(7))
            .version(7)
            .createdAt(T0.minusMillis(5))
            .updatedAt(T0.plusMillis(999))
            .keyId("key-2026-01")
            .lastTest(lastTest)
            .sealedValues(everyByteValue())
            .build();
    insert(s);

    StoredCredential back = get(TENANT_A, s.metadata().id()).orElseThrow();
    assertThat(back.metadata()).isEqualTo(s.metadata());
    assertThat(back.sealedValues()).containsExactly(everyByteValue());
    assertThat(back).isEqualTo(s);
  }

  @Test
  @DisplayName("a credential without optional metadata reads back with them empty")
  default void minimalRoundTrip() {
    StoredCredential s = insert(credential(TENANT_A, "plain").build());
    StoredCredential back = get(TENANT_A, s.metadata().id()).orElseThrow();
    assertThat(back.metadata().tags()).isEmpty();
    assertThat(back.metadata().expiresAt()).isEmpty();
    assertThat(back.metadata().lastTest()).isEmpty();
    assertThat(back.metadata().description()).isEmpty();
    assertThat(back).isEqualTo(s);
  }

  @Test
  @DisplayName("a credential is found by its name and environment, and only by them")
  default void foundByName() {
    StoredCredential s = insert(credential(TENANT_A, "erp").environment("staging").build());
    read(
        u -> {
          assertThat(u.credentials().findByName(TENANT_A, "erp", "staging")).contains(s);
          assertThat(u.credentials().findByName(TENANT_A, "erp", "production")).isEmpty();
          assertThat(u.credentials().findByName(TENANT_A, "er", "staging")).isEmpty();
          return null;
        });
  }

  @Test
  @DisplayName("an update replaces the metadata and the sealed bytes")
  default void updateRoundTrip() {
    StoredCredential s = insert(credential(TENANT_A, "erp").tags("a").build());
    StoredCredential changed =
        from(s)
            .nextVersion()
            .description("rotated")
            .tags("b", "c")
            .keyId("k2")
            .expiresAt(T0.plusSeconds(3600))
            .lastTest(check(CredentialState.AVAILABLE, "ok", T0.plusSeconds(5)))
            .sealedValues(RepositoryFixtures.sealed("new"))
            .build();
    write(u -> u.credentials().update(changed, 1));
    assertThat(get(TENANT_A, s.metadata().id())).contains(changed);
  }

  @Test
  @DisplayName("a deleted credential is gone; deleting it again reports false")
  default void deleteRoundTrip() {
    StoredCredential s = insert(credential(TENANT_A, "erp").build());
    assertThat(db().credentials().delete(TENANT_A, s.metadata().id())).isTrue();
    assertThat(get(TENANT_A, s.metadata().id())).isEmpty();
    assertThat(byName(TENANT_A, "erp", "production")).isEmpty();
    assertThat(db().credentials().delete(TENANT_A, s.metadata().id())).isFalse();
  }

  @Test
  @DisplayName("an unknown id reads as empty and deletes as false")
  default void unknownId() {
    CredentialId unknown = CredentialId.random();
    assertThat(get(TENANT_A, unknown)).isEmpty();
    assertThat(db().credentials().delete(TENANT_A, unknown)).isFalse();
  }

  @Test
  @DisplayName("a bulk read returns the credentials found, keyed by id, and skips unknown ids")
  default void bulkRead() {
    StoredCredential a = insert(credential(TENANT_A, "a").build());
    StoredCredential b = insert(credential(TENANT_A, "b").build());
    insert(credential(TENANT_A, "c").build());
    CredentialId unknown = CredentialId.random();
    Map<CredentialId, StoredCredential> found =
        read(
            u ->
                u.credentials()
                    .findAll(TENANT_A, List.of(a.metadata().id(), unknown, b.metadata().id())));
    assertThat(found)
        .containsOnlyKeys(a.metadata().id(), b.metadata().id())
        .containsEntry(a.metadata().id(), a)
        .containsEntry(b.metadata().id(), b);
    assertThat(db().credentials().findAll(TENANT_A, List.of())).isEmpty();
  }

  @Test
  @DisplayName("a unit of work reads its own writes before it commits")
  default void readYourWrites() {
    StoredCredential s = credential(TENANT_A, "erp").build();
    Optional<StoredCredential> seen =
        tx(
            u -> {
              u.credentials().insert(s);
              return u.credentials().find(TENANT_A, s.metadata().id());
            });
    assertThat(seen).contains(s);
  }

  @Test
  @DisplayName("a credential read before a delete keeps its sealed bytes")
  default void readCopiesSurviveDelete() {
    StoredCredential s = insert(credential(TENANT_A, "erp").build());
    StoredCredential before = get(TENANT_A, s.metadata().id()).orElseThrow();
    byte[] expected = before.sealedValues().clone();
    write(u -> u.credentials().delete(TENANT_A, s.metadata().id()));
    assertThat(before.sealedValues())
        .as("StoredCredential arrays must not be modified by the repository")
        .containsExactly(expected);
  }

  @Test
  @DisplayName("a credential reads back equal by id, by name and by ids, nanoseconds included")
  default void roundTrip() {
    StoredCredential s =
        insert(
            ContractData.cred("erp")
                .expires(Instant.parse("2027-01-01T00:00:00.000000001Z"))
                .lastTest(
                    ContractData.check(
                        CredentialState.DEGRADED, "slow", ContractData.T0.plusNanos(7)))
                .build());
    StoredCredential bare = insert(ContractData.cred("bare").tags().build());
    assertThat(read((UnitOfWork u) -> u.credentials().find(ContractData.ACME, s.metadata().id())))
        .contains(s);
    assertThat(
            read(
                (UnitOfWork u) ->
                    u.credentials().findByName(ContractData.ACME, "erp", "production")))
        .contains(s);
    assertThat(
            read((UnitOfWork u) -> u.credentials().find(ContractData.ACME, bare.metadata().id())))
        .contains(bare);
    assertThat(
            read(
                (UnitOfWork u) ->
                    u.credentials().findAll(ContractData.ACME, List.of(s.metadata().id()))))
        .containsExactly(Map.entry(s.metadata().id(), s));
  }

  @Test
  @DisplayName("extreme instants and a large sealed value survive storage")
  default void extremes() {
    byte[] big = new byte[200_000];
    new java.util.Random(1).nextBytes(big);
    StoredCredential s =
        new StoredCredential(
            ContractData.cred("x")
                .expires(Instant.parse("9999-12-31T23:59:59.999999999Z"))
                .build()
                .metadata(),
            big);
    StoredCredential old =
        insert(ContractData.cred("old").expires(Instant.parse("1901-01-01T00:00:00.5Z")).build());
    insert(s);
    assertThat(read((UnitOfWork u) -> u.credentials().find(ContractData.ACME, s.metadata().id())))
        .contains(s);
    assertThat(read((UnitOfWork u) -> u.credentials().find(ContractData.ACME, old.metadata().id())))
        .contains(old);
  }

  @Test
  @DisplayName(
      "credentials(ids) returns the found ones in the order asked; absent and foreign ids are missing")
  default void credentialsByIds() {
    StoredCredential a = insert(ContractData.cred("a").build());
    StoredCredential b = insert(ContractData.cred("b").build());
    StoredCredential foreign = insert(ContractData.cred("a").tenant(ContractData.GLOBEX).build());
    CredentialId absent = CredentialId.random();
    Map<CredentialId, StoredCredential> found =
        read(
            u ->
                u.credentials()
                    .findAll(
                        ContractData.ACME,
                        List.of(
                            b.metadata().id(),
                            absent,
                            foreign.metadata().id(),
                            a.metadata().id())));
    assertThat(found.keySet()).containsExactly(b.metadata().id(), a.metadata().id());
    assertThat(read((UnitOfWork u) -> u.credentials().findAll(ContractData.ACME, List.of())))
        .isEmpty();
  }

  @Test
  @DisplayName("an update needs the stored version and replaces everything")
  default void update() {
    StoredCredential v1 = insert(ContractData.cred("db").build());
    StoredCredential v2 = ContractData.next(v1, "db2");
    write(u -> u.credentials().update(v2, 1));
    assertThat(read((UnitOfWork u) -> u.credentials().find(ContractData.ACME, v1.metadata().id())))
        .contains(v2);
    assertThat(
            read(
                (UnitOfWork u) ->
                    u.credentials().findByName(ContractData.ACME, "db", "production")))
        .isEmpty();
    assertThat(
            read(
                (UnitOfWork u) ->
                    u.credentials().findByName(ContractData.ACME, "db2", "production")))
        .contains(v2);
    assertThat(
            read(u ->
                    u.credentials()
                        .list(
                            ContractData.ACME,
                            CredentialQuery.all().withTag("edited"),
                            PageRequest.first(5)))
                .items())
        .containsExactly(v2);
    assertThat(
            read(u ->
                    u.credentials()
                        .list(
                            ContractData.ACME,
                            CredentialQuery.all().withTag("team-a"),
                            PageRequest.first(5)))
                .items())
        .isEmpty();
    // the old name is free again
    insert(ContractData.cred("db").build());
  }

  @Test
  @DisplayName(
      "delete removes the credential, its bindings and check results, and keeps the audit trail")
  default void delete() {
    StoredCredential s = insert(ContractData.cred("db").build());
    StoredCredential keep = insert(ContractData.cred("keep").build());
    CredentialId id = s.metadata().id();
    write(
        u -> {
          u.bindings().putConsumer(ContractData.ACME, Consumer.of("job-1", "postgres", "other"));
          u.bindings().put(ContractData.binding(ContractData.ACME, "job-1", "postgres", id));
          u.bindings()
              .put(ContractData.binding(ContractData.ACME, "job-1", "other", keep.metadata().id()));
          u.checks()
              .append(
                  ContractData.ACME,
                  id,
                  ContractData.check(CredentialState.AVAILABLE, "ok", ContractData.T0));
          u.checks()
              .append(
                  ContractData.ACME,
                  keep.metadata().id(),
                  ContractData.check(CredentialState.AVAILABLE, "ok", ContractData.T0));
          u.audit().last(ContractData.ACME);
          u.audit()
              .append(
                  ContractData.event(
                      ContractData.ACME, 1, AuditAction.CREATED, Optional.of(id), ContractData.T0));
        });
    assertThat(tx((UnitOfWork u) -> u.credentials().delete(ContractData.GLOBEX, id))).isFalse();
    assertThat(tx((UnitOfWork u) -> u.credentials().delete(ContractData.ACME, id))).isTrue();
    assertThat(tx((UnitOfWork u) -> u.credentials().delete(ContractData.ACME, id))).isFalse();
    assertThat(read((UnitOfWork u) -> u.credentials().find(ContractData.ACME, id))).isEmpty();
    assertThat(read((UnitOfWork u) -> u.bindings().ofCredential(ContractData.ACME, id))).isEmpty();
    assertThat(read((UnitOfWork u) -> u.bindings().ofConsumer(ContractData.ACME, "job-1")))
        .hasSize(1);
    assertThat(
            read(
                (UnitOfWork u) ->
                    u.checks().latest(ContractData.ACME, List.of(id, keep.metadata().id()))))
        .containsOnlyKeys(keep.metadata().id());
    assertThat(
            read(u ->
                    u.audit()
                        .events(
                            ContractData.ACME,
                            AuditQuery.all().withCredential(id),
                            PageRequest.first(5)))
                .total())
        .isEqualTo(1);
    insert(ContractData.cred("db").build());
  }

  @Test
  @DisplayName("a deleted credential comes back whole when the unit of work fails")
  default void deleteRolledBack() {
    StoredCredential s = insert(ContractData.cred("db").build());
    write(
        u ->
            u.bindings()
                .put(
                    ContractData.binding(
                        ContractData.ACME, "job-1", "postgres", s.metadata().id())));
    RuntimeException boom = new IllegalStateException("boom");
    assertThatThrownBy(
            () ->
                write(
                    u -> {
                      u.credentials().delete(ContractData.ACME, s.metadata().id());
                      throw boom;
                    }))
        .isSameAs(boom);
    assertThat(read((UnitOfWork u) -> u.credentials().find(ContractData.ACME, s.metadata().id())))
        .contains(s);
    assertThat(
            read((UnitOfWork u) -> u.bindings().ofCredential(ContractData.ACME, s.metadata().id())))
        .hasSize(1);
  }

  @Test
  @DisplayName("a tenant never sees another tenant's credentials, even by id")
  default void isolation() {
    StoredCredential s = insert(ContractData.cred("db").expires(ContractData.T0).build());
    CredentialId id = s.metadata().id();
    write(
        u ->
            u.checks()
                .append(
                    ContractData.ACME,
                    id,
                    ContractData.check(CredentialState.AVAILABLE, "ok", ContractData.T0)));
    write(u -> u.bindings().put(ContractData.binding(ContractData.ACME, "job", "postgres", id)));
    assertThat(read((UnitOfWork u) -> u.credentials().find(ContractData.GLOBEX, id))).isEmpty();
    assertThat(
            read(
                (UnitOfWork u) ->
                    u.credentials().findByName(ContractData.GLOBEX, "db", "production")))
        .isEmpty();
    assertThat(read((UnitOfWork u) -> u.credentials().findAll(ContractData.GLOBEX, List.of(id))))
        .isEmpty();
    assertThat(
            read(u ->
                    u.credentials()
                        .list(ContractData.GLOBEX, CredentialQuery.all(), PageRequest.first(5)))
                .total())
        .isZero();
    assertThat(
            read(
                (UnitOfWork u) ->
                    u.credentials().ofPrototypes(ContractData.GLOBEX, Set.of("postgres"))))
        .isEmpty();
    assertThat(
            read(
                (UnitOfWork u) ->
                    u.credentials()
                        .expiringBefore(ContractData.GLOBEX, ContractData.T0.plusSeconds(1))))
        .isEmpty();
    assertThat(read((UnitOfWork u) -> u.checks().latest(ContractData.GLOBEX, List.of(id))))
        .isEmpty();
    assertThat(read((UnitOfWork u) -> u.bindings().ofCredential(ContractData.GLOBEX, id)))
        .isEmpty();
    assertThat(read((UnitOfWork u) -> u.bindings().ofConsumer(ContractData.GLOBEX, "job")))
        .isEmpty();
    // the same id may exist in another tenant, independently
    StoredCredential twin =
        insert(ContractData.cred("db").tenant(ContractData.GLOBEX).id(id).build());
    assertThat(read((UnitOfWork u) -> u.credentials().find(ContractData.GLOBEX, id)))
        .contains(twin);
    assertThat(read((UnitOfWork u) -> u.credentials().find(ContractData.ACME, id))).contains(s);
  }
}
