package dev.credentials.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.quicktheories.QuickTheory.qt;

import dev.credentials.PrototypeDefinitionException;
import dev.credentials.Violation;
import dev.credentials.core.prototype.PrototypeDocuments;
import dev.credentials.core.prototype.PrototypeRegistry;
import dev.credentials.core.prototype.PrototypeRules;
import dev.credentials.prototype.FieldCondition;
import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.FieldType;
import dev.credentials.prototype.Prototype;
import dev.credentials.prototype.SelectOption;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.impl.Constraint;

/**
 * One set of prototype rules: a prototype built in Java is accepted by a registry exactly when its
 * exported document is accepted by an import, refused with the same violations otherwise, and an
 * accepted prototype comes back equal from export then import.
 */
@DisplayName("Prototype rules over generated prototypes")
class PrototypeRulesPropertyTest {

  private static final int RUNS = 400;

  @Test
  @DisplayName("whatever a registry accepts, export then import accepts and gives back")
  void acceptedPrototypesRoundTrip() {
    Gen<Prototype> prototypes = in -> Generators.seeded(in.next(Constraint.none())).prototype();
    qt().withExamples(150)
        .forAll(prototypes)
        .checkAssert(
            p -> {
              PrototypeRegistry registry =
                  PrototypeRegistry.load(
                      List.of(ScriptedPrototypeProvider.of("generated", p)),
                      false,
                      getClass().getClassLoader());
              assertThat(registry.require(p.code())).isEqualTo(p);
              String json = PrototypeDocuments.toJson(p);
              Prototype back = PrototypeDocuments.parse("export", json);
              assertThat(normalised(back)).as(json).isEqualTo(normalised(p));
              assertThat(PrototypeDocuments.toJson(back)).isEqualTo(json);
            });
  }

  @Test
  @DisplayName(
      "a registry and an import of the exported document agree on every broken prototype, path"
          + " for path")
  void registryAndImportAgree() {
    int refused = 0;
    for (long seed = 0; seed < RUNS; seed++) {
      SplittableRandom random = new SplittableRandom(seed);
      Prototype p = mutate(Generators.seeded(seed).prototype(), random);
      List<Violation> rules = PrototypeRules.violations(p);
      String json = PrototypeDocuments.toJson(p);
      PrototypeDefinitionException fromImport =
          catchThrowableOfType(
              PrototypeDefinitionException.class, () -> PrototypeDocuments.parse("export", json));
      PrototypeDefinitionException fromRegistry =
          catchThrowableOfType(
              PrototypeDefinitionException.class,
              () ->
                  PrototypeRegistry.load(
                      List.of(ScriptedPrototypeProvider.of("mutated", p)),
                      false,
                      getClass().getClassLoader()));
      if (rules.isEmpty()) {
        assertThat(fromImport).as("seed %d: import refused %s", seed, json).isNull();
        assertThat(fromRegistry).as("seed %d: registry refused", seed).isNull();
        assertThat(normalised(PrototypeDocuments.parse("export", json))).isEqualTo(normalised(p));
      } else {
        refused++;
        assertThat(fromImport).as("seed %d: import accepted %s", seed, json).isNotNull();
        assertThat(fromRegistry).as("seed %d: registry accepted", seed).isNotNull();
        assertThat(fromImport.violations())
            .as("seed %d", seed)
            .containsExactlyInAnyOrderElementsOf(rules);
        assertThat(fromRegistry.violations())
            .as("seed %d", seed)
            .containsExactlyInAnyOrderElementsOf(rules);
      }
    }
    assertThat(refused).as("mutations that broke a rule").isGreaterThan(RUNS / 3);
  }

  @Test
  @DisplayName("a Java-built prototype with minLength above maxLength is refused at registration")
  void invertedLengthsRefused() {
    Prototype p =
        Prototype.builder("inverted")
            .field(
                FieldDefinition.builder("NAME", FieldType.STRING)
                    .minLength(10)
                    .maxLength(2)
                    .build())
            .field(
                FieldDefinition.builder("TOKEN", FieldType.PASSWORD).defaultValue("s3cr3t").build())
            .build();
    PrototypeDefinitionException e =
        catchThrowableOfType(
            PrototypeDefinitionException.class,
            () ->
                PrototypeRegistry.load(
                    List.of(ScriptedPrototypeProvider.of("java", p)),
                    false,
                    getClass().getClassLoader()));
    assertThat(e.violations())
        .extracting(Violation::path)
        .containsExactly("/fields/0/maxLength", "/fields/1/default");
    assertThat(e.getMessage()).doesNotContain("s3cr3t");
    assertThat(p.toString()).doesNotContain("s3cr3t");
  }

  /** Decimal bounds compared by value: the documented normalisation of 1.50 to 1.5. */
  static Prototype normalised(Prototype p) {
    List<FieldDefinition> fields = new ArrayList<>();
    for (FieldDefinition f : p.fields()) {
      FieldDefinition.Builder b = copy(f);
      f.minimum().ifPresent(v -> b.minimum(v.stripTrailingZeros()));
      f.maximum().ifPresent(v -> b.maximum(v.stripTrailingZeros()));
      fields.add(b.build());
    }
    return rebuilt(p, fields);
  }

  /** Breaks one rule (or, now and then, none) of a well-formed prototype. */
  static Prototype mutate(Prototype p, SplittableRandom random) {
    List<FieldDefinition> fields = new ArrayList<>(p.fields());
    int i = random.nextInt(fields.size());
    FieldDefinition f = fields.get(i);
    FieldDefinition.Builder b = copy(f);
    switch (random.nextInt(14)) {
      case 0 -> b.minLength(10).maxLength(2);
      case 1 -> b.secret(true).defaultValue("canary-default");
      case 2 -> b.minimum(new BigDecimal("1e999999999"));
      case 3 -> b.maximum(new BigDecimal("-1e-999999999"));
      case 4 -> b.pattern("(.*a){30}").defaultValue("a".repeat(41));
      case 5 -> b.pattern("[a-");
      case 6 -> b.minLength(Integer.MAX_VALUE);
      case 7 -> b.name("n".repeat(201));
      case 8 -> b.defaultValue(f.type() == FieldType.STRING ? "ok" : "not valid here\n");
      case 9 -> {
        if (f.type() == FieldType.INTEGER) {
          b.minimum(new BigDecimal("0.5"));
        } else {
          b.options(List.of(new SelectOption("", "empty")));
        }
      }
      case 10 -> {
        if (i > 0) {
          b.condition(
              FieldCondition.whenEquals(fields.get(0).code(), random.nextBoolean() ? "" : "x y"));
        }
      }
      case 11 -> b.pattern("[a-z]+").defaultValue("abc\n");
      case 12 -> b.maximum(new BigDecimal("12345678901234567890"));
      default -> {} // unchanged: must be accepted by both
    }
    fields.set(i, b.build());
    return rebuilt(p, fields);
  }

  private static Prototype rebuilt(Prototype p, List<FieldDefinition> fields) {
    Prototype.Builder out =
        Prototype.builder(p.code())
            .uuid(p.uuid())
            .name(p.name())
            .description(p.description())
            .version(p.version())
            .category(p.category());
    p.tags().forEach(out::tag);
    p.topics().forEach(t -> out.topic(t.name()));
    fields.forEach(out::field);
    return out.build();
  }

  private static FieldDefinition.Builder copy(FieldDefinition f) {
    FieldDefinition.Builder b =
        FieldDefinition.builder(f.code(), f.type())
            .name(f.name())
            .description(f.description())
            .hint(f.hint())
            .required(f.required())
            .secret(f.secret())
            .options(f.options());
    f.defaultValue().ifPresent(b::defaultValue);
    f.pattern().ifPresent(b::pattern);
    f.minLength().ifPresent(b::minLength);
    f.maxLength().ifPresent(b::maxLength);
    f.minimum().ifPresent(b::minimum);
    f.maximum().ifPresent(b::maximum);
    f.condition().ifPresent(b::condition);
    return b;
  }
}
