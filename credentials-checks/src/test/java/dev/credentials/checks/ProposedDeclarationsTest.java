package dev.credentials.checks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.credentials.InvalidCheckDeclarationException;
import dev.credentials.core.prototype.PrototypeRegistry;
import dev.credentials.prototype.CheckDeclaration;
import dev.credentials.prototype.Prototype;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The check and test declarations proposed for every built-in prototype (docs/checks.md lists them)
 * are valid today: each names a shipped kind, only its parameters, and only fields the prototype
 * has; and every built-in prototype has an entry, with a reason.
 */
@DisplayName("The declarations proposed for the built-in catalogue")
class ProposedDeclarationsTest {

  @Test
  @DisplayName("cover every built-in prototype and validate against it and the shipped kinds")
  void valid() throws Exception {
    JsonNode all;
    try (InputStream in = getClass().getResourceAsStream("proposed-declarations.json")) {
      all = new ObjectMapper().readTree(in);
    }
    PrototypeRegistry registry =
        PrototypeRegistry.load(List.of(), true, getClass().getClassLoader());
    List<String> builtins =
        registry.all().stream()
            .filter(p -> registry.source(p.code()).equals("credentials-prototypes"))
            .map(Prototype::code)
            .toList();
    List<String> proposed = new ArrayList<>();
    all.fieldNames().forEachRemaining(proposed::add);
    assertThat(proposed).containsExactlyInAnyOrderElementsOf(builtins);
    List<String> problems = new ArrayList<>();
    int declarations = 0;
    for (String code : proposed) {
      JsonNode entry = all.get(code);
      assertThat(entry.path("why").asText()).as(code + " says why").isNotBlank();
      for (String role : List.of("check", "test")) {
        JsonNode d = entry.get(role);
        if (d == null) {
          continue;
        }
        CheckDeclaration.Builder b = CheckDeclaration.builder(d.get("kind").asText());
        for (Map.Entry<String, JsonNode> p : d.get("parameters").properties()) {
          b.parameter(p.getKey(), p.getValue().asText());
        }
        try {
          DeclaredCheck.of(registry.require(code), b.build(), Harness.KINDS);
          declarations++;
        } catch (InvalidCheckDeclarationException e) {
          problems.add(code + " " + role + ": " + e.getMessage());
        }
      }
    }
    assertThat(problems).isEmpty();
    assertThat(declarations).isGreaterThan(60);
  }
}
