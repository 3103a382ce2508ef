package dev.credentials.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.credentials.core.internal.checks.DeclaredProbe;
import dev.credentials.core.prototype.PrototypeRegistry;
import dev.credentials.prototype.Prototype;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every built-in prototype's declarations are valid against the shipped kinds (loading the registry
 * with this module on the class path judges kinds, parameters and fields), and a prototype without
 * a check or a test says why in its description.
 */
@DisplayName("The built-in catalogue's declarations")
class BuiltinDeclarationsTest {

  @Test
  @DisplayName("validate against the shipped kinds, and a prototype without one says why")
  void valid() {
    PrototypeRegistry registry =
        PrototypeRegistry.load(List.of(), true, getClass().getClassLoader());
    List<Prototype> builtins =
        registry.all().stream()
            .filter(p -> registry.source(p.code()).equals("credentials-prototypes"))
            .toList();
    assertThat(builtins).hasSizeGreaterThan(40);
    int declarations = 0;
    for (Prototype p : builtins) {
      if (p.check().isPresent()) {
        declarations++;
        assertThat(registry.check(p.code())).get().isInstanceOf(DeclaredProbe.class);
        assertThat(Harness.KINDS.find(p.check().get().kind())).as(p.code()).isPresent();
      } else {
        assertThat(p.description()).as(p.code()).contains("No live check or connection test: ");
      }
      if (p.test().isPresent()) {
        declarations++;
        assertThat(registry.connectionTest(p.code())).get().isInstanceOf(DeclaredProbe.class);
        assertThat(Harness.KINDS.find(p.test().get().kind())).as(p.code()).isPresent();
      } else if (p.check().isPresent()) {
        assertThat(p.description()).as(p.code()).contains("No connection test: ");
      }
    }
    assertThat(declarations).isGreaterThan(60);
  }
}
