package dev.credentials.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.CredentialState;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ScriptedPrototypeProviderTest {

  @Test
  @DisplayName("offers what it was given, by prototype code")
  void offers() {
    ScriptedCheck check = ScriptedCheck.always(CredentialState.AVAILABLE, "ok");
    ScriptedCheck test = ScriptedCheck.always(CredentialState.DEGRADED, "slow");
    ScriptedPrototypeProvider p =
        ScriptedPrototypeProvider.builder("mine")
            .priority(5)
            .prototype(SamplePrototypes.demoApi(), check, test)
            .prototype(SamplePrototypes.demoDb())
            .build();
    assertThat(p.name()).isEqualTo("mine");
    assertThat(p.priority()).isEqualTo(5);
    assertThat(p.prototypes()).extracting(x -> x.code()).containsExactly("demo-api", "demo-db");
    assertThat(p.check("demo-api")).containsSame(check);
    assertThat(p.connectionTest("demo-api")).containsSame(test);
    assertThat(p.check("demo-db")).isEmpty();
    assertThat(ScriptedPrototypeProvider.of("plain", SamplePrototypes.demoCloud()).prototypes())
        .hasSize(1);
  }

  @Test
  @DisplayName("refuses duplicates and checks for prototypes it does not define")
  void refusesMisuse() {
    assertThatThrownBy(
            () ->
                ScriptedPrototypeProvider.builder("x")
                    .prototype(SamplePrototypes.demoApi())
                    .prototype(SamplePrototypes.demoApi()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                ScriptedPrototypeProvider.builder("x")
                    .check("nope", ScriptedCheck.always(CredentialState.AVAILABLE, "ok"))
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("nope");
    assertThatThrownBy(() -> ScriptedPrototypeProvider.builder(" "))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
