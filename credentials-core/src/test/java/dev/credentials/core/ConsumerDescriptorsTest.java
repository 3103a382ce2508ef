package dev.credentials.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.Consumer;
import dev.credentials.CredentialValidationException;
import dev.credentials.Requirement;
import dev.credentials.Violation;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Application descriptors")
class ConsumerDescriptorsTest {

  @Test
  @DisplayName("read a requirements array, in order, each topic once")
  void array() {
    Consumer c =
        ConsumerDescriptors.fromApplicationJson(
            "app-1",
            """
            {"name": "Bank statements to ERP", "executable": "abraflexi-raiffeisenbank",
             "environment": {"ACCOUNT_NUMBER": {"type": "string"}},
             "requirements": ["AbraFlexi", {"topic": "RaiffeisenBank", "description": "statements"}, "AbraFlexi"]}
            """);
    assertThat(c.id()).isEqualTo("app-1");
    assertThat(c.requirements())
        .extracting(r -> r.topic().name())
        .containsExactly("AbraFlexi", "RaiffeisenBank");
    assertThat(c.requirements().get(1))
        .isEqualTo(new Requirement(dev.credentials.Topic.of("RaiffeisenBank"), "statements"));
  }

  @Test
  @DisplayName("read a comma-separated requirements string")
  void string() {
    assertThat(
            ConsumerDescriptors.fromApplicationJson("a", "{\"requirements\": \"AbraFlexi, Fio\"}")
                .requirements())
        .extracting(r -> r.topic().name())
        .containsExactly("AbraFlexi", "Fio");
  }

  @Test
  @DisplayName("an application without requirements needs no credentials")
  void none() {
    assertThat(ConsumerDescriptors.fromApplicationJson("a", "{\"name\": \"x\"}").requirements())
        .isEmpty();
  }

  @Test
  @DisplayName("reports every bad entry by JSON path")
  void bad() {
    assertThatThrownBy(
            () ->
                ConsumerDescriptors.fromApplicationJson(
                    "a", "{\"requirements\": [\"ok\", 3, \"bad topic!\"]}"))
        .isInstanceOfSatisfying(
            CredentialValidationException.class,
            e ->
                assertThat(e.violations())
                    .extracting(Violation::path)
                    .containsExactly("/requirements/1", "/requirements/2"));
    assertThatThrownBy(() -> ConsumerDescriptors.fromApplicationJson("a", "{nope"))
        .isInstanceOf(CredentialValidationException.class)
        .hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> ConsumerDescriptors.fromApplicationJson("a", "{\"requirements\": 5}"))
        .hasMessageContaining("/requirements");
  }
}
