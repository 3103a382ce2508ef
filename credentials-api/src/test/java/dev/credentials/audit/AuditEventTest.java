package dev.credentials.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.TenantId;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AuditEventTest {

  static AuditEvent event(Map<String, String> details) {
    return new AuditEvent(
        TenantId.of("acme"),
        1,
        Instant.EPOCH,
        "user:ann",
        AuditAction.ACCESSED,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        details,
        AuditEvent.GENESIS_HASH,
        "");
  }

  @Test
  void detailsAreSortedCopiedAndEqualToAnyMapWithTheSameEntries() {
    Map<String, String> given = new LinkedHashMap<>();
    given.put("via", "resolve");
    given.put("fields", "B,A");
    given.put("topic", "erp");
    AuditEvent e = event(given);
    given.put("via", "changed afterwards");
    assertThat(e.details().keySet()).containsExactly("fields", "topic", "via");
    assertThat(e.details())
        .isEqualTo(Map.of("via", "resolve", "fields", "B,A", "topic", "erp"))
        .hasSameHashCodeAs(
            new TreeMap<>(Map.of("via", "resolve", "fields", "B,A", "topic", "erp")));
    assertThat(e.details().get("topic")).isEqualTo("erp");
    assertThat(e.details().get("nope")).isNull();
    assertThat(e.details().containsKey(42)).isFalse();
    assertThat(e.details()).hasToString("{fields=B,A, topic=erp, via=resolve}");
    assertThat(event(Map.of()).details()).isEmpty();
  }

  @Test
  void detailsOfAnotherEventAreSharedNotCopied() {
    AuditEvent first = event(new HashMap<>(Map.of("b", "2", "a", "1")));
    AuditEvent second = event(first.details());
    assertThat(second.details()).isSameAs(first.details());
  }

  @Test
  void detailsCannotBeChanged() {
    Map<String, String> d = event(Map.of("a", "1", "b", "2")).details();
    assertThatThrownBy(() -> d.put("c", "3")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> d.remove("a")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(d::clear).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> d.entrySet().iterator().next().setValue("x"))
        .isInstanceOf(UnsupportedOperationException.class);
    Iterator<String> keys = d.keySet().iterator();
    keys.next();
    assertThatThrownBy(keys::remove).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> d.values().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThat(d).containsExactlyEntriesOf(new TreeMap<>(Map.of("a", "1", "b", "2")));
  }

  @Test
  void nullDetailsAreRefusedNamingTheKey() {
    Map<String, String> withNullValue = new HashMap<>();
    withNullValue.put("reason", null);
    assertThatThrownBy(() -> event(withNullValue))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("reason");
    Map<String, String> withNullKey = new HashMap<>();
    withNullKey.put(null, "x");
    assertThatThrownBy(() -> event(withNullKey)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> event(null)).isInstanceOf(NullPointerException.class);
  }
}
