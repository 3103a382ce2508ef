package dev.credentials.core.prototype;

import static org.assertj.core.api.Assertions.assertThat;

import dev.credentials.CredentialValidationException;
import dev.credentials.Secret;
import dev.credentials.Violation;
import dev.credentials.prototype.FieldCondition;
import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.FieldType;
import dev.credentials.prototype.Prototype;
import dev.credentials.prototype.SelectOption;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Invariants over generated prototypes and values (a fixed seed, so a failure reproduces): export
 * and import round-trip, and no value ever appears in a violation message.
 */
@DisplayName("Generated prototypes")
class GeneratedPrototypesTest {

  private static final int RUNS = 300;
  private static final FieldType[] TYPES = FieldType.values();

  static Prototype generate(Random r, int n) {
    Prototype.Builder b = Prototype.builder("gen-" + n).name("Generated " + n);
    if (r.nextBoolean()) {
      b.description("d" + n).category("C" + r.nextInt(5)).tag("t" + r.nextInt(3));
    }
    int fields = 1 + r.nextInt(8);
    List<FieldDefinition> made = new ArrayList<>();
    for (int i = 0; i < fields; i++) {
      FieldType type = TYPES[r.nextInt(TYPES.length)];
      boolean secret = r.nextInt(4) == 0 || type == FieldType.PASSWORD;
      FieldDefinition.Builder f =
          FieldDefinition.builder("F" + i + "_" + type.name(), type)
              .name("Field " + i)
              .required(r.nextBoolean())
              .secret(secret);
      switch (type) {
        case SELECT -> {
          List<SelectOption> options = new ArrayList<>();
          int count = 1 + r.nextInt(4);
          for (int k = 0; k < count; k++) {
            options.add(new SelectOption("v" + k, "Value " + k));
          }
          f.options(options);
          if (!secret && r.nextBoolean()) {
            f.defaultValue("v" + r.nextInt(count));
          }
        }
        case INTEGER, NUMBER -> {
          int min = r.nextInt(100) - 50;
          if (r.nextBoolean()) {
            f.minimum(BigDecimal.valueOf(min));
          }
          if (r.nextBoolean()) {
            f.maximum(
                type == FieldType.NUMBER
                    ? new BigDecimal(min + r.nextInt(100) + ".5")
                    : BigDecimal.valueOf(min + r.nextInt(100)));
          }
        }
        case BOOLEAN -> {
          if (!secret && r.nextBoolean()) {
            f.defaultValue(r.nextBoolean() ? "true" : "false");
          }
        }
        case STRING, TEXT, PASSWORD -> {
          if (r.nextBoolean()) {
            f.pattern("[a-z0-9-]*");
          }
          if (r.nextBoolean()) {
            f.minLength(r.nextInt(3)).maxLength(3 + r.nextInt(20));
          }
        }
        default -> {}
      }
      if (i > 0 && r.nextInt(3) == 0) {
        FieldDefinition on = made.get(r.nextInt(made.size()));
        f.condition(
            on.type() == FieldType.SELECT
                ? FieldCondition.whenEquals(on.code(), on.options().get(0).value())
                : on.type() == FieldType.BOOLEAN
                    ? FieldCondition.whenEquals(on.code(), "true")
                    : FieldCondition.whenPresent(on.code()));
      }
      FieldDefinition built = f.build();
      made.add(built);
      b.field(built);
    }
    return b.build();
  }

  @Test
  @DisplayName("export then import gives an equal prototype")
  void roundTrip() {
    Random r = new Random(20261122L);
    for (int n = 0; n < RUNS; n++) {
      Prototype p = generate(r, n);
      String json = PrototypeDocuments.toJson(p);
      assertThat(PrototypeDocuments.parse("generated", json)).as(json).isEqualTo(p);
    }
  }

  @Test
  @DisplayName("no value, valid or not, appears in a violation message")
  void valuesNeverInMessages() {
    Random r = new Random(42L);
    int failures = 0;
    for (int n = 0; n < RUNS; n++) {
      Prototype p = generate(r, n);
      ValueSchema schema = ValueSchema.compile(p);
      Map<String, Secret> values = new LinkedHashMap<>();
      List<String> canaries = new ArrayList<>();
      for (FieldDefinition f : p.fields()) {
        String canary = "Zq" + Long.toString(r.nextLong() & Long.MAX_VALUE, 36) + "!";
        canaries.add(canary);
        values.put(f.code(), Secret.of(r.nextBoolean() ? canary : canary.substring(0, 3)));
      }
      String unknown = "Xk" + Long.toString(r.nextLong() & Long.MAX_VALUE, 36);
      canaries.add(unknown);
      values.put("NOT_A_FIELD", Secret.of(unknown));
      try {
        schema.validate("generated", values);
      } catch (CredentialValidationException e) {
        failures++;
        for (String canary : canaries) {
          assertThat(e.getMessage()).doesNotContain(canary);
          for (Violation v : e.violations()) {
            assertThat(v.toString()).doesNotContain(canary);
          }
        }
      }
    }
    // The unknown field alone makes every run fail: each one was checked.
    assertThat(failures).isEqualTo(RUNS);
  }
}
