package dev.credentials.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.Caller;
import dev.credentials.CredentialAccessDeniedException;
import dev.credentials.Page;
import dev.credentials.PageRequest;
import dev.credentials.Principal;
import dev.credentials.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("AuditLog.stream and the principal filter")
class AuditLogStreamTest {

  static final TenantId ACME = TenantId.of("acme");
  static final Caller ADMIN = Caller.of(ACME, Principal.admin("alice", ACME));

  /** A log over a list that counts its queries and pages like a repository. */
  static final class ListLog implements AuditLog {
    final List<AuditEvent> events = new ArrayList<>();
    final List<PageRequest> requests = new ArrayList<>();
    boolean deny;

    ListLog(int count) {
      for (int i = 1; i <= count; i++) {
        events.add(event(i, i % 3 == 0 ? "user:bob" : "user:alice"));
      }
    }

    @Override
    public Page<AuditEvent> query(Caller caller, AuditQuery query, PageRequest page) {
      if (deny) {
        throw new CredentialAccessDeniedException("denied for the test");
      }
      requests.add(page);
      List<AuditEvent> matching = events.stream().filter(query::matches).toList();
      int from = Math.min(page.offset(), matching.size());
      int to = Math.min(from + page.size(), matching.size());
      return new Page<>(matching.subList(from, to), page, matching.size());
    }

    @Override
    public ChainVerification verify(Caller caller) {
      throw new UnsupportedOperationException();
    }
  }

  static AuditEvent event(long sequence, String principal) {
    return new AuditEvent(
        ACME,
        sequence,
        Instant.EPOCH.plusSeconds(sequence),
        principal,
        AuditAction.ACCESSED,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Map.of(),
        AuditEvent.GENESIS_HASH,
        "");
  }

  @Test
  @DisplayName("streams every event across pages, in order, one query per page")
  void streamsEveryEventAcrossPages() {
    ListLog log = new ListLog(1_234);
    try (Stream<AuditEvent> events = log.stream(ADMIN, AuditQuery.all())) {
      assertThat(events.map(AuditEvent::sequence).collect(Collectors.toList()))
          .hasSize(1_234)
          .isSorted()
          .startsWith(1L)
          .endsWith(1_234L);
    }
    assertThat(log.requests)
        .extracting(PageRequest::offset)
        .containsExactly(0, AuditLog.STREAM_PAGE_SIZE, 2 * AuditLog.STREAM_PAGE_SIZE);
  }

  @Test
  @DisplayName("reads later pages only as far as the stream is consumed")
  void lazy() {
    ListLog log = new ListLog(2_000);
    assertThat(log.stream(ADMIN, AuditQuery.all()).limit(10).count()).isEqualTo(10);
    assertThat(log.requests).hasSize(1);
  }

  @Test
  @DisplayName("an empty log gives an empty stream after one query")
  void empty() {
    ListLog log = new ListLog(0);
    assertThat(log.stream(ADMIN, AuditQuery.all())).isEmpty();
    assertThat(log.requests).hasSize(1);
  }

  @Test
  @DisplayName("a denial is thrown by the call, not later by the stream")
  void denialIsEager() {
    ListLog log = new ListLog(3);
    log.deny = true;
    assertThatThrownBy(() -> log.stream(ADMIN, AuditQuery.all()))
        .isInstanceOf(CredentialAccessDeniedException.class);
  }

  @Test
  @DisplayName("withPrincipal takes a Principal and filters as its user:name form does")
  void principalFilter() {
    ListLog log = new ListLog(30);
    Principal bob = Principal.user("bob", ACME);
    assertThat(AuditQuery.all().withPrincipal(bob))
        .isEqualTo(AuditQuery.all().withPrincipal("user:bob"));
    assertThat(log.stream(ADMIN, AuditQuery.all().withPrincipal(bob)))
        .hasSize(10)
        .allSatisfy(e -> assertThat(e.principal()).isEqualTo("user:bob"));
    assertThat(AuditQuery.all().withPrincipal(Principal.service("scheduler", ACME)).principal())
        .contains("service:scheduler");
  }

  @Test
  @DisplayName("a principal filter without its kind is refused with the form to use")
  void principalFilterWithoutKind() {
    for (String bad : new String[] {"alice", "user:", "service:", "admin:alice", ""}) {
      assertThatThrownBy(() -> AuditQuery.all().withPrincipal(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'user:<name>' or 'service:<name>'");
    }
  }
}
