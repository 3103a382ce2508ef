package dev.credentials.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;

import dev.credentials.TenantId;
import dev.credentials.core.prototype.PrototypeRules;
import dev.credentials.prototype.FieldCondition;
import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.Prototype;
import dev.credentials.prototype.SelectOption;
import java.math.BigDecimal;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.impl.Constraint;

class GeneratorsTest {

  /**
   * An independent reading of a field's rules, written here again so that the generators are not
   * only checked by their own code.
   */
  static boolean satisfies(FieldDefinition f, String v) {
    if (v.isEmpty()) {
      return false;
    }
    boolean typed;
    switch (f.type()) {
      case INTEGER:
        typed = v.matches("-?[0-9]+") && within(f, new BigDecimal(v));
        break;
      case NUMBER:
        typed = v.matches("-?[0-9]+(\\.[0-9]+)?") && within(f, new BigDecimal(v));
        break;
      case BOOLEAN:
        typed = v.equals("true") || v.equals("false");
        break;
      case SELECT:
        typed = f.options().stream().map(SelectOption::value).anyMatch(v::equals);
        break;
      case URL:
        try {
          URI u = URI.create(v);
          typed = u.getScheme() != null && u.getHost() != null;
        } catch (IllegalArgumentException e) {
          typed = false;
        }
        break;
      case EMAIL:
        typed = v.indexOf('@') > 0 && v.indexOf('@') == v.lastIndexOf('@') && v.contains(".");
        break;
      case STRING:
        typed = !v.contains("\n");
        break;
      default:
        typed = true;
    }
    int len = v.codePointCount(0, v.length());
    return typed
        && f.minLength().map(m -> len >= m).orElse(true)
        && f.maxLength().map(m -> len <= m).orElse(true)
        && f.pattern().map(p -> Pattern.matches(p, v)).orElse(true);
  }

  /** Values with defaults applied and hidden fields removed, to a fixed point. */
  static Map<String, String> effectiveValues(Prototype p, Map<String, String> given) {
    Map<String, String> effective = new HashMap<>();
    for (int pass = 0; pass <= p.fields().size(); pass++) {
      Map<String, String> next = new HashMap<>();
      for (FieldDefinition f : p.fields()) {
        if (shown(f, effective)) {
          String v = given.getOrDefault(f.code(), f.defaultValue().orElse(null));
          if (v != null) {
            next.put(f.code(), v);
          }
        }
      }
      effective = next;
    }
    return effective;
  }

  static boolean shown(FieldDefinition f, Map<String, String> effective) {
    return f.condition()
        .map(c -> c.isMetBy(Optional.ofNullable(effective.get(c.field()))))
        .orElse(true);
  }

  private static boolean within(FieldDefinition f, BigDecimal n) {
    return f.minimum().map(m -> n.compareTo(m) >= 0).orElse(true)
        && f.maximum().map(m -> n.compareTo(m) <= 0).orElse(true);
  }

  @Test
  @DisplayName("the same seed gives the same prototypes, values, names, tenants and operations")
  void deterministic() {
    for (long seed : List.of(0L, 1L, 42L, -7L, Long.MAX_VALUE)) {
      Generators a = Generators.seeded(seed);
      Generators b = Generators.seeded(seed);
      Prototype pa = a.prototype();
      assertThat(pa).isEqualTo(b.prototype());
      assertThat(a.validValues(pa)).isEqualTo(b.validValues(pa));
      assertThat(a.credentialName()).isEqualTo(b.credentialName());
      assertThat(a.tenants(3)).isEqualTo(b.tenants(3));
      List<TenantId> tenants = List.of(TenantId.of("t1"), TenantId.of("t2"));
      assertThat(a.operations(SamplePrototypes.all(), tenants, 50))
          .isEqualTo(b.operations(SamplePrototypes.all(), tenants, 50));
      assertThat(a.seed()).isEqualTo(seed);
    }
    assertThat(Generators.seeded(1).prototype()).isNotEqualTo(Generators.seeded(2).prototype());
  }

  @Test
  @DisplayName("generated prototypes are well-formed")
  void prototypesAreWellFormed() {
    Generators gen = Generators.seeded(2026);
    for (int i = 0; i < 500; i++) {
      Prototype p = gen.prototype();
      assertThat(PrototypeRules.violations(p)).as("prototype %d of seed 2026: %s", i, p).isEmpty();
    }
  }

  @Test
  @DisplayName(
      "generated valid values satisfy every rule, give every shown required field a value"
          + " and leave hidden fields out")
  void validValuesAreValid() {
    Generators gen = Generators.seeded(7);
    for (int i = 0; i < 300; i++) {
      Prototype p = i < 3 ? SamplePrototypes.all().get(i) : gen.prototype();
      Map<String, String> values = gen.validValues(p);
      Map<String, String> effective = effectiveValues(p, values);
      for (FieldDefinition f : p.fields()) {
        boolean shown = shown(f, effective);
        String v = values.get(f.code());
        if (v != null) {
          assertThat(shown).as("%s of %s is hidden but got a value", f.code(), p.code()).isTrue();
          if (!satisfies(f, v)) {
            fail("value %s of %s (%s) breaks its rules; prototype %s", v, f.code(), f, p);
          }
        } else if (shown && f.required() && f.defaultValue().isEmpty()) {
          fail("required field %s of %s got no value", f.code(), p.code());
        }
      }
    }
  }

  @Test
  @DisplayName("the sample prototypes' DB_SSL_CERT is given only when DB_SSL is true")
  void conditionalSampleField() {
    Generators gen = Generators.seeded(3);
    int shown = 0;
    for (int i = 0; i < 100; i++) {
      Map<String, String> v = gen.validValues(SamplePrototypes.demoDb());
      boolean ssl = "true".equals(v.get("DB_SSL"));
      assertThat(v.containsKey("DB_SSL_CERT")).isEqualTo(ssl);
      shown += ssl ? 1 : 0;
    }
    assertThat(shown).as("both branches are exercised").isBetween(1, 99);
  }

  @Test
  @DisplayName("generated invalid values break the rule they name")
  void invalidValuesAreInvalid() {
    Generators gen = Generators.seeded(11);
    int count = 0;
    for (int i = 0; i < 300; i++) {
      for (FieldDefinition f : gen.prototype().fields()) {
        for (Generators.InvalidValue bad : gen.invalidValues(f)) {
          count++;
          assertThat(bad.fieldCode()).isEqualTo(f.code());
          assertThat(satisfies(f, bad.value()))
              .as("%s for %s (%s)", bad.value(), f, bad.reason())
              .isFalse();
        }
      }
    }
    assertThat(count).isGreaterThan(300);
  }

  @Test
  @DisplayName("each invalid case of a prototype has exactly the fault it names")
  void invalidCases() {
    Generators gen = Generators.seeded(5);
    List<Generators.InvalidCase> cases = gen.invalidCases(SamplePrototypes.demoDb());
    assertThat(cases)
        .extracting(Generators.InvalidCase::fieldCode)
        .contains("DB_HOST", "DB_PORT", "DB_USER", "DB_PASSWORD", "DB_SSL");
    for (Generators.InvalidCase c : cases) {
      FieldDefinition f = SamplePrototypes.demoDb().field(c.fieldCode()).orElseThrow();
      String v = c.values().get(c.fieldCode());
      if (v == null) {
        assertThat(c.reason()).isEqualTo("required value missing");
      } else {
        assertThat(satisfies(f, v)).as(c.toString()).isFalse();
      }
      c.values().entrySet().stream()
          .filter(e -> !e.getKey().equals(c.fieldCode()))
          .forEach(
              e ->
                  assertThat(
                          satisfies(
                              SamplePrototypes.demoDb().field(e.getKey()).orElseThrow(),
                              e.getValue()))
                      .as("only %s is at fault in %s", c.fieldCode(), c)
                      .isTrue());
    }
  }

  @Test
  @DisplayName("operations act across tenants and include failures the model expects")
  void operationsMix() {
    List<TenantId> tenants = Generators.seeded(9).tenants(3);
    List<Generators.Op> ops = Generators.seeded(9).operations(SamplePrototypes.all(), tenants, 400);
    assertThat(ops).hasSize(400);
    assertThat(ops).extracting(Generators.Op::expected).contains(Generators.Outcome.values());
    assertThat(ops)
        .hasAtLeastOneElementOfType(Generators.Create.class)
        .hasAtLeastOneElementOfType(Generators.Update.class)
        .hasAtLeastOneElementOfType(Generators.Delete.class)
        .hasAtLeastOneElementOfType(Generators.Reveal.class)
        .hasAtLeastOneElementOfType(Generators.Bind.class);
    assertThat(ops.stream().map(Generators.Op::tenant).distinct()).hasSize(3);
  }

  @Test
  @DisplayName("generators plug into QuickTheories through a seed")
  void quickTheories() {
    Gen<Prototype> prototypes = in -> Generators.seeded(in.next(Constraint.none())).prototype();
    qt().withExamples(100).forAll(prototypes).check(p -> PrototypeRules.violations(p).isEmpty());
  }

  @Test
  @DisplayName("a pattern the generator cannot satisfy is reported with the field and seed")
  void impossiblePattern() {
    FieldDefinition f =
        FieldDefinition.builder("IMPOSSIBLE", dev.credentials.prototype.FieldType.STRING)
            .pattern("[a-z]{3}")
            .minLength(5)
            .build();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Generators.seeded(1).validValue(f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("IMPOSSIBLE")
        .hasMessageContaining("seed 1");
    assertThat(FieldCondition.whenPresent("X").field()).isEqualTo("X");
  }
}
