package dev.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import dev.credentials.internal.ValueMap;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A public value built from a value map keeps its values when the caller changes the arrays the map
 * was built from afterwards.
 */
class ValueMapAliasingTest {

  private static CredentialMetadata metadata() {
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    return new CredentialMetadata(
        CredentialId.random(),
        TenantId.of("acme"),
        "db",
        "main",
        "production",
        "",
        Set.of(),
        true,
        Optional.empty(),
        1,
        t,
        t,
        "1",
        Optional.empty());
  }

  @Test
  @DisplayName("an environment does not change when the values array it was built from changes")
  void environmentValuesAreNotAliased() {
    Secret[] values = {Secret.of("one"), Secret.of("two")};
    ValueMap map = ValueMap.of(ValueMap.Keys.of(new String[] {"A", "B"}), values);
    ResolvedEnvironment env = new ResolvedEnvironment(map, Map.of(), Set.of());
    values[0] = Secret.of("changed");
    assertThat(env.get("A").orElseThrow().reveal()).isEqualTo("one");
    assertThat(map.get("A").reveal()).isEqualTo("one");
  }

  @Test
  @DisplayName(
      "an environment does not change when the code or value arrays it was built from change")
  void environmentCodesAreNotAliased() {
    String[] codes = {"A", "B"};
    Secret[] values = {Secret.of("one"), Secret.of("two")};
    ResolvedEnvironment env =
        new ResolvedEnvironment(ValueMap.of(codes, values), Map.of(), Set.of());
    codes[0] = "Z";
    values[1] = Secret.of("changed");
    assertThat(env.variables().keySet()).containsExactly("A", "B");
    assertThat(env.get("A")).isPresent();
    assertThat(env.get("Z")).isEmpty();
    assertThat(env.get("B").orElseThrow().reveal()).isEqualTo("two");
  }

  @Test
  @DisplayName("keys do not change when the codes array they were built from changes")
  void keysAreNotAliased() {
    String[] codes = {"A", "B"};
    ValueMap.Keys keys = ValueMap.Keys.of(codes);
    codes[1] = "Z";
    assertThat(keys.get(1)).isEqualTo("B");
  }

  @Test
  @DisplayName(
      "a revealed credential does not change when the values array it was built from changes")
  void revealedValuesAreNotAliased() {
    Secret[] values = {Secret.of("secret")};
    RevealedCredential c =
        new RevealedCredential(metadata(), ValueMap.of(new String[] {"PASSWORD"}, values));
    values[0] = Secret.of("changed");
    assertThat(c.value("PASSWORD").orElseThrow().reveal()).isEqualTo("secret");
  }
}
