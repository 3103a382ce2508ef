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

  @Test
  @DisplayName("a topic that is not text is a violation at its path, never dropped or coerced")
  void nonTextTopics() {
    CredentialValidationException e =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            CredentialValidationException.class,
            () ->
                ConsumerDescriptors.fromApplicationJson(
                    "a",
                    """
                    {"requirements": [{"topic": {"name": "postgresql"}}, {"topic": null},
                     {"topic": true}, {"name": 5}, {"topic": "ok", "description": []},
                     {"topic": "  "}]}
                    """));
    assertThat(e.violations())
        .extracting(Violation::path)
        .containsExactly(
            "/requirements/0/topic",
            "/requirements/1/topic",
            "/requirements/2/topic",
            "/requirements/3/name",
            "/requirements/4/description",
            "/requirements/5/topic");
  }

  @Test
  @DisplayName("deep nesting, huge numbers and mutated descriptors give only typed errors")
  void onlyTypedErrors() {
    java.util.List<String> inputs = new java.util.ArrayList<>();
    inputs.add("[".repeat(1001) + "]".repeat(1001));
    inputs.add("{\"requirements\": " + "[".repeat(1001) + "]".repeat(1001) + "}");
    inputs.add("{\"requirements\": [" + "9".repeat(1001) + "]}");
    inputs.add("{\"requirements\": [1e999999999]}");
    inputs.add("{\"requirements\": [{\"topic\": \"" + "a".repeat(100_000) + "\"}]}");
    String seed =
        "{\"requirements\": [\"AbraFlexi\", {\"topic\": \"Fio\", \"description\": \"d\"}]}";
    java.util.SplittableRandom random = new java.util.SplittableRandom(5);
    String alphabet = "{}[]\",:0123456789eE+-.ntrufalse \\u";
    for (int run = 0; run < 3000; run++) {
      StringBuilder b = new StringBuilder(seed);
      for (int k = 0; k < 1 + random.nextInt(4); k++) {
        int at = random.nextInt(b.length() + 1);
        if (random.nextBoolean() && at < b.length()) {
          b.deleteCharAt(at);
        } else {
          b.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
        }
      }
      inputs.add(b.toString());
    }
    int refused = 0;
    for (String json : inputs) {
      Throwable t =
          org.assertj.core.api.Assertions.catchThrowable(
              () -> ConsumerDescriptors.fromApplicationJson("fuzz", json));
      if (t != null) {
        refused++;
        assertThat(t)
            .as(json.length() > 200 ? json.substring(0, 200) : json)
            .isInstanceOf(CredentialValidationException.class);
      }
    }
    assertThat(refused).isGreaterThan(1000);
  }
}
