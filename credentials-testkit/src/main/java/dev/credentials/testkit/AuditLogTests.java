package dev.credentials.testkit;

import static dev.credentials.testkit.RepositoryFixtures.T0;
import static dev.credentials.testkit.RepositoryFixtures.event;
import static dev.credentials.testkit.RepositoryFixtures.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.CredentialId;
import dev.credentials.Page;
import dev.credentials.PageRequest;
import dev.credentials.audit.AuditAction;
import dev.credentials.audit.AuditEvent;
import dev.credentials.audit.AuditQuery;
import dev.credentials.spi.UnitOfWork;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The kit's tests of the audit log. */
interface AuditLogTests extends KitContext {

  @Test
  @DisplayName("events read back with every field, in sequence order")
  default void roundTrip() {
    CredentialId c = CredentialId.random();
    AuditEvent first =
        new AuditEvent(
            TENANT_A,
            1,
            T0.plusMillis(1),
            "user:alice",
            AuditAction.CREATED,
            Optional.of(c),
            Optional.of("nightly/export"),
            Optional.of("192.0.2.7"),
            Optional.of("req-42"),
            Map.of("fields", "API_URL,API_TOKEN", "name", "erp"),
            AuditEvent.GENESIS_HASH,
            RepositoryFixtures.hash(TENANT_A, 1));
    AuditEvent second =
        event(
            TENANT_A, 2, T0.plusMillis(2), "service:runner", AuditAction.ACCESSED, Optional.of(c));
    write(u -> u.audit().append(first));
    write(u -> u.audit().append(second));
    assertThat(audit(TENANT_A, AuditQuery.all())).containsExactly(first, second);
    assertThat(db().audit().last(TENANT_A)).contains(second);
  }

  @Test
  @DisplayName("several events appended in one unit of work keep their order")
  default void manyInOneUnit() {
    appendEvents(TENANT_A, 5, T0, AuditAction.ACCESSED);
    assertThat(audit(TENANT_A, AuditQuery.all()))
        .extracting(AuditEvent::sequence)
        .containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(db().audit().last(TENANT_A).orElseThrow().sequence()).isEqualTo(5);
  }

  @Test
  @DisplayName("a unit of work sees the events it appended as the last event of the tenant")
  default void lastEventInsideUnit() {
    appendEvents(TENANT_A, 1, T0, AuditAction.CREATED);
    List<Long> seen =
        tx(
            u -> {
              List<Long> out = new ArrayList<>();
              for (int i = 0; i < 3; i++) {
                AuditEvent last = u.audit().last(TENANT_A).orElseThrow();
                out.add(last.sequence());
                u.audit()
                    .append(
                        event(
                            TENANT_A,
                            last.sequence() + 1,
                            T0.plusSeconds(10 + i),
                            "user:alice",
                            AuditAction.ACCESSED,
                            Optional.empty()));
              }
              return out;
            });
    assertThat(seen).containsExactly(1L, 2L, 3L);
    assertThat(db().audit().last(TENANT_A).orElseThrow().sequence()).isEqualTo(4);
  }

  @Test
  @DisplayName("events are filtered by credential, action, principal and time range")
  default void filters() {
    CredentialId c1 = CredentialId.random();
    CredentialId c2 = CredentialId.random();
    List<AuditEvent> events =
        List.of(
            event(TENANT_A, 1, T0, "user:alice", AuditAction.CREATED, Optional.of(c1)),
            event(
                TENANT_A, 2, T0.plusSeconds(10), "user:bob", AuditAction.ACCESSED, Optional.of(c1)),
            event(
                TENANT_A,
                3,
                T0.plusSeconds(20),
                "user:alice",
                AuditAction.CREATED,
                Optional.of(c2)),
            event(
                TENANT_A,
                4,
                T0.plusSeconds(30),
                "service:runner",
                AuditAction.ACCESSED,
                Optional.of(c2)),
            event(
                TENANT_A,
                5,
                T0.plusSeconds(40),
                "user:alice",
                AuditAction.CONSUMER_DECLARED,
                Optional.empty()));
    write(u -> events.forEach(u.audit()::append));

    assertThat(audit(TENANT_A, AuditQuery.all().withCredential(c1)))
        .extracting(AuditEvent::sequence)
        .containsExactly(1L, 2L);
    assertThat(audit(TENANT_A, AuditQuery.all().withAction(AuditAction.ACCESSED)))
        .extracting(AuditEvent::sequence)
        .containsExactly(2L, 4L);
    assertThat(audit(TENANT_A, AuditQuery.all().withPrincipal("user:alice")))
        .extracting(AuditEvent::sequence)
        .containsExactly(1L, 3L, 5L);
    assertThat(audit(TENANT_A, AuditQuery.all().between(T0.plusSeconds(10), T0.plusSeconds(30))))
        .as("from is inclusive, until exclusive")
        .extracting(AuditEvent::sequence)
        .containsExactly(2L, 3L);
    assertThat(
            audit(
                TENANT_A,
                AuditQuery.all()
                    .withPrincipal("user:alice")
                    .withAction(AuditAction.CREATED)
                    .withCredential(c2)))
        .extracting(AuditEvent::sequence)
        .containsExactly(3L);
  }

  @Test
  @DisplayName("events are paged with the total and whether more follow")
  default void paging() {
    appendEvents(TENANT_A, 7, T0, AuditAction.ACCESSED);
    Page<AuditEvent> first = db().audit().events(TENANT_A, AuditQuery.all(), PageRequest.first(3));
    assertThat(first.items()).extracting(AuditEvent::sequence).containsExactly(1L, 2L, 3L);
    assertThat(first.total()).isEqualTo(7);
    assertThat(first.hasNext()).isTrue();
    Page<AuditEvent> last = db().audit().events(TENANT_A, AuditQuery.all(), new PageRequest(6, 3));
    assertThat(last.items()).extracting(AuditEvent::sequence).containsExactly(7L);
    assertThat(last.total()).isEqualTo(7);
    assertThat(last.hasNext()).isFalse();
    Page<AuditEvent> filtered =
        read(
            u ->
                u.audit()
                    .events(
                        TENANT_A,
                        AuditQuery.all().between(T0.plusSeconds(2), T0.plusSeconds(6)),
                        new PageRequest(1, 2)));
    assertThat(filtered.items()).extracting(AuditEvent::sequence).containsExactly(3L, 4L);
    assertThat(filtered.total()).as("the total counts filtered events").isEqualTo(4);
  }

  @Test
  @DisplayName("the audit chain appends in sequence per tenant and refuses a gap")
  default void auditChain() {
    assertThat(tx((UnitOfWork u) -> u.audit().last(ContractData.ACME))).isEmpty();
    AuditEvent e1 =
        ContractData.event(
            ContractData.ACME,
            1,
            AuditAction.CREATED,
            Optional.of(CredentialId.random()),
            ContractData.T0);
    AuditEvent e2 =
        ContractData.event(
            ContractData.ACME,
            2,
            AuditAction.ACCESSED,
            Optional.empty(),
            ContractData.T0.plusSeconds(1));
    write(
        u -> {
          u.audit().last(ContractData.ACME);
          u.audit().append(e1);
          assertThat(u.audit().last(ContractData.ACME)).contains(e1);
          u.audit().append(e2);
        });
    assertThat(tx((UnitOfWork u) -> u.audit().last(ContractData.ACME))).contains(e2);
    assertThat(read((UnitOfWork u) -> u.audit().last(ContractData.ACME))).contains(e2);
    assertThat(tx((UnitOfWork u) -> u.audit().last(ContractData.GLOBEX))).isEmpty();
    assertThatThrownBy(
            () ->
                write(
                    u ->
                        u.audit()
                            .append(
                                ContractData.event(
                                    ContractData.ACME,
                                    4,
                                    AuditAction.UPDATED,
                                    Optional.empty(),
                                    ContractData.T0))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("audit sequence 4 does not follow 2");
    assertThatThrownBy(
            () ->
                write(
                    u ->
                        u.audit()
                            .append(
                                ContractData.event(
                                    ContractData.GLOBEX,
                                    2,
                                    AuditAction.UPDATED,
                                    Optional.empty(),
                                    ContractData.T0))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("audit sequence 2 does not follow 0");
    write(
        u ->
            u.audit()
                .append(
                    ContractData.event(
                        ContractData.GLOBEX,
                        1,
                        AuditAction.UPDATED,
                        Optional.empty(),
                        ContractData.T0)));
  }

  @Test
  @DisplayName("audit events are read in sequence, filtered and paged")
  default void auditQueries() {
    CredentialId id = CredentialId.random();
    List<AuditEvent> events = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      events.add(
          ContractData.event(
              ContractData.ACME,
              i,
              i % 2 == 0 ? AuditAction.ACCESSED : AuditAction.UPDATED,
              i <= 3 ? Optional.of(id) : Optional.empty(),
              ContractData.T0.plusSeconds(i)));
    }
    write(u -> events.forEach(u.audit()::append));
    write(
        u ->
            u.audit()
                .append(
                    ContractData.event(
                        ContractData.GLOBEX,
                        1,
                        AuditAction.ACCESSED,
                        Optional.of(id),
                        ContractData.T0)));
    Function<AuditQuery, List<AuditEvent>> q =
        query ->
            read(u -> u.audit().events(ContractData.ACME, query, PageRequest.first(100)).items());
    assertThat(q.apply(AuditQuery.all())).containsExactlyElementsOf(events);
    assertThat(q.apply(AuditQuery.all().withCredential(id)))
        .containsExactlyElementsOf(events.subList(0, 3));
    assertThat(q.apply(AuditQuery.all().withAction(AuditAction.ACCESSED)))
        .containsExactly(events.get(1), events.get(3), events.get(5));
    assertThat(q.apply(AuditQuery.all().withPrincipal("user:alice"))).hasSize(6);
    assertThat(q.apply(AuditQuery.all().withPrincipal("user:bob"))).isEmpty();
    assertThat(
            q.apply(
                AuditQuery.all()
                    .between(ContractData.T0.plusSeconds(2), ContractData.T0.plusSeconds(4))))
        .containsExactly(events.get(1), events.get(2));
    Page<AuditEvent> page =
        read(u -> u.audit().events(ContractData.ACME, AuditQuery.all(), new PageRequest(4, 4)));
    assertThat(page.items()).containsExactlyElementsOf(events.subList(4, 6));
    assertThat(page.total()).isEqualTo(6);
  }

  @Test
  @DisplayName("the chain head records the last appended event, and 0 for a new tenant")
  default void headSequence() {
    assertThat(db().audit().headSequence(TENANT_A)).isZero();
    appendEvents(TENANT_A, 3, T0, AuditAction.ACCESSED);
    assertThat(db().audit().headSequence(TENANT_A)).isEqualTo(3);
    assertThat(db().audit().headSequence(TENANT_B)).isZero();
  }
}
