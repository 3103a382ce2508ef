package dev.credentials.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.Secret;
import dev.credentials.core.internal.vault.ValueCodec;
import dev.credentials.internal.ValueMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("The opened-values map")
class ValueMapTest {

  private static LinkedHashMap<String, Secret> expected(int n) {
    LinkedHashMap<String, Secret> map = new LinkedHashMap<>();
    for (int i = n - 1; i >= 0; i--) {
      map.put("CODE_" + i, Secret.of("value-" + i));
    }
    return map;
  }

  private static ValueMap valueMap(Map<String, Secret> content) {
    return ValueMap.of(
        content.keySet().toArray(new String[0]), content.values().toArray(new Secret[0]));
  }

  /** Small maps scan, large ones use an index: both sides of the limit. */
  @ParameterizedTest(name = "{0} entries")
  @ValueSource(ints = {0, 1, 2, 8, 9, 40})
  @DisplayName("is equal to a LinkedHashMap of the same content, both ways, with its hash code")
  void equality(int n) {
    LinkedHashMap<String, Secret> expected = expected(n);
    ValueMap map = valueMap(expected);
    assertThat(map).isEqualTo(expected);
    assertThat(expected).isEqualTo(map);
    assertThat(map.hashCode()).isEqualTo(expected.hashCode());
    assertThat(map).isEqualTo(new HashMap<>(expected)).isEqualTo(new TreeMap<>(expected));
    assertThat(map.entrySet()).isEqualTo(expected.entrySet());
    assertThat(map.keySet()).isEqualTo(expected.keySet());
    assertThat(map.entrySet().hashCode()).isEqualTo(expected.entrySet().hashCode());
    assertThat(map.keySet().hashCode()).isEqualTo(expected.keySet().hashCode());
    assertThat(Map.copyOf(map)).isEqualTo(expected);
    assertThat(map.size()).isEqualTo(n);
    assertThat(map.isEmpty()).isEqualTo(n == 0);
    if (n > 0) {
      LinkedHashMap<String, Secret> other = new LinkedHashMap<>(expected);
      other.put("CODE_0", Secret.of("another value"));
      assertThat(map).isNotEqualTo(other);
      assertThat(other).isNotEqualTo(map);
      other = new LinkedHashMap<>(expected);
      other.put("EXTRA", Secret.empty());
      assertThat(map).isNotEqualTo(other);
      assertThat(other).isNotEqualTo(map);
    }
  }

  @ParameterizedTest(name = "{0} entries")
  @ValueSource(ints = {0, 1, 8, 9, 40})
  @DisplayName("iterates entries, keys and values in insertion order")
  void order(int n) {
    LinkedHashMap<String, Secret> expected = expected(n);
    ValueMap map = valueMap(expected);
    assertThat(map.entrySet()).containsExactlyElementsOf(expected.entrySet());
    assertThat(map.keySet()).containsExactlyElementsOf(expected.keySet());
    assertThat(map.values()).containsExactlyElementsOf(expected.values());
    List<String> seen = new ArrayList<>();
    map.forEach((k, v) -> seen.add(k));
    assertThat(seen).containsExactlyElementsOf(expected.keySet());
    Iterator<String> keys = map.keySet().iterator();
    for (int i = 0; i < n; i++) {
      keys.next();
    }
    assertThat(keys.hasNext()).isFalse();
    assertThatThrownBy(keys::next).isInstanceOf(NoSuchElementException.class);
  }

  @ParameterizedTest(name = "{0} entries")
  @ValueSource(ints = {0, 1, 8, 9, 40})
  @DisplayName("finds present codes and nothing else")
  void lookups(int n) {
    LinkedHashMap<String, Secret> expected = expected(n);
    ValueMap map = valueMap(expected);
    for (Map.Entry<String, Secret> e : expected.entrySet()) {
      // An equal string that is not the same instance.
      String key = new String(e.getKey().toCharArray());
      assertThat(map.get(key)).isSameAs(e.getValue());
      assertThat(map.containsKey(key)).isTrue();
      assertThat(map.containsValue(Secret.of(e.getValue().reveal()))).isTrue();
      assertThat(map.getOrDefault(key, Secret.empty())).isSameAs(e.getValue());
      assertThat(map.entrySet()).contains(Map.entry(key, e.getValue()));
      assertThat(map.keySet()).contains(key);
    }
    assertThat(map.get("CODE_" + n)).isNull();
    assertThat(map.get("")).isNull();
    assertThat(map.get(null)).isNull();
    assertThat(map.get(42)).isNull();
    assertThat(map.containsKey(null)).isFalse();
    assertThat(map.containsValue(null)).isFalse();
    assertThat(map.containsValue(Secret.of("absent"))).isFalse();
    assertThat(map.getOrDefault("absent", Secret.empty())).isSameAs(Secret.empty());
    assertThat(map.entrySet()).doesNotContain(Map.entry("CODE_0", Secret.of("wrong")));
  }

  @ParameterizedTest(name = "{0} entries")
  @ValueSource(ints = {0, 3, 9})
  @DisplayName("cannot be modified, through any view")
  void unmodifiable(int n) {
    ValueMap map = valueMap(expected(n));
    Secret s = Secret.of("x");
    List<Runnable> mutations =
        List.of(
            () -> map.put("CODE_0", s),
            () -> map.put("NEW", s),
            () -> map.remove("CODE_0"),
            () -> map.putAll(Map.of("NEW", s)),
            () -> map.clear(),
            () -> map.putIfAbsent("NEW", s),
            () -> map.replace("CODE_0", s),
            () -> map.replaceAll((k, v) -> s),
            () -> map.computeIfAbsent("NEW", k -> s),
            () -> map.computeIfPresent("CODE_0", (k, v) -> s),
            () -> map.compute("NEW", (k, v) -> s),
            () -> map.merge("NEW", s, (a, b) -> s),
            () -> map.keySet().remove("CODE_0"),
            () -> map.keySet().clear(),
            () -> map.keySet().add("NEW"),
            () -> map.values().remove(s),
            () -> map.values().clear(),
            () -> map.entrySet().clear(),
            () -> map.entrySet().add(Map.entry("NEW", s)),
            () -> {
              Iterator<Map.Entry<String, Secret>> it = map.entrySet().iterator();
              if (it.hasNext()) {
                it.next().setValue(s);
              } else {
                throw new UnsupportedOperationException();
              }
            },
            () -> {
              Iterator<String> it = map.keySet().iterator();
              if (it.hasNext()) {
                it.next();
              }
              it.remove();
            });
    for (Runnable mutation : mutations) {
      // Every mutator throws, even one that would change nothing, as in Map.of().
      assertThatThrownBy(mutation::run).isInstanceOf(UnsupportedOperationException.class);
    }
    assertThat(map).isEqualTo(expected(n));
  }

  @ParameterizedTest(name = "{0} entries")
  @ValueSource(ints = {0, 3, 9})
  @DisplayName("shows codes but never values")
  void redacted(int n) {
    ValueMap map = valueMap(expected(n));
    assertThat(map.toString()).doesNotContain("value-");
    if (n > 0) {
      assertThat(map.toString()).contains("CODE_0", "Secret[redacted]");
    }
    assertThat(map.entrySet().toString()).doesNotContain("value-");
    assertThat(map.values().toString()).doesNotContain("value-");
  }

  @ParameterizedTest(name = "{0} entries")
  @ValueSource(ints = {2, 9, 40})
  @DisplayName("refuses duplicate codes and null values")
  void refusesBadContent(int n) {
    String[] codes = expected(n).keySet().toArray(new String[0]);
    codes[n - 1] = new String(codes[0].toCharArray());
    assertThatThrownBy(() -> ValueMap.of(codes, new Secret[n]))
        .isInstanceOf(IllegalArgumentException.class);
    String[] distinct = expected(n).keySet().toArray(new String[0]);
    assertThatThrownBy(() -> ValueMap.of(distinct, new Secret[n]))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> ValueMap.of(distinct, new Secret[n + 1]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @org.junit.jupiter.api.Test
  @DisplayName("the field list of access events: sorted codes, the same for decoded and plain maps")
  void fieldListIsTheSortedCodes() {
    Map<String, Secret> plain = new LinkedHashMap<>();
    plain.put("DB_USER", Secret.of("u"));
    plain.put("API_KEY", Secret.of("k"));
    plain.put("DB_HOST", Secret.of("h"));
    Map<String, Secret> decoded = ValueCodec.decode(ValueCodec.encode(plain));
    assertThat(decoded).isInstanceOf(ValueMap.class);
    assertThat(ValueMap.fieldList(decoded)).isEqualTo("API_KEY,DB_HOST,DB_USER");
    assertThat(ValueMap.fieldList(decoded)).isSameAs(ValueMap.fieldList(decoded));
    assertThat(ValueMap.fieldList(plain)).isEqualTo("API_KEY,DB_HOST,DB_USER");
    assertThat(ValueMap.fieldList(Map.of())).isEmpty();
  }

  @org.junit.jupiter.api.Test
  @DisplayName("walks by position in its order, and copies other maps in their order")
  void positionsAndCopies() {
    Map<String, Secret> plain = new LinkedHashMap<>();
    plain.put("B", Secret.of("2"));
    plain.put("A", Secret.of("1"));
    ValueMap copy = ValueMap.copyOf(plain);
    assertThat(copy).isEqualTo(plain);
    assertThat(copy.codeAt(0)).isEqualTo("B");
    assertThat(copy.valueAt(1).reveal()).isEqualTo("1");
    assertThat(ValueMap.copyOf(copy)).isSameAs(copy);
    Map<String, Secret> withNull = new HashMap<>();
    withNull.put("X", null);
    assertThatThrownBy(() -> ValueMap.copyOf(withNull)).isInstanceOf(NullPointerException.class);
  }
}
