package dev.credentials.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.credentials.prototype.FieldCondition;
import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.FieldType;
import dev.credentials.prototype.Prototype;
import dev.credentials.prototype.SelectOption;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The kit judges a provider's prototypes by the engine's own rules, with their JSON paths. */
class ProviderPrototypeRulesTest {

  @Test
  @DisplayName("the sample prototypes are well-formed")
  void samplesAreClean() {
    assertThat(PrototypeProviderCompatibilityKit.problems(SamplePrototypes.all())).isEmpty();
  }

  @Test
  @DisplayName("every problem is reported, each naming prototype and field")
  void reportsAll() {
    Prototype bad =
        Prototype.builder("bad-one")
            .field(
                FieldDefinition.builder("PORT", FieldType.INTEGER)
                    .minimum(BigDecimal.TEN)
                    .maximum(BigDecimal.ONE)
                    .defaultValue("abc")
                    .build())
            .field(
                FieldDefinition.builder("KEY", FieldType.STRING)
                    .secret(true)
                    .defaultValue("x")
                    .build())
            .field(
                FieldDefinition.builder("NAME", FieldType.STRING)
                    .pattern("[a-")
                    .minimum(BigDecimal.ONE)
                    .build())
            .field(
                FieldDefinition.builder("MODE", FieldType.SELECT)
                    .options(List.of(new SelectOption("a", "A"), new SelectOption("a", "A again")))
                    .build())
            .field(
                FieldDefinition.builder("EXTRA", FieldType.STRING)
                    .condition(FieldCondition.whenEquals("MODE", "b"))
                    .minLength(5)
                    .maxLength(2)
                    .build())
            .build();
    assertThat(PrototypeProviderCompatibilityKit.problems(List.of(bad, bad)))
        .anyMatch(s -> s.contains("defined twice"))
        .anyMatch(s -> s.contains("/fields/0/maximum: must not be smaller than minimum"))
        .anyMatch(s -> s.contains("/fields/0/default: must be a whole number"))
        .anyMatch(s -> s.contains("/fields/1/default: must not be set on a secret field"))
        .anyMatch(s -> s.contains("/fields/2/pattern: is not a valid Java regular expression"))
        .anyMatch(s -> s.contains("/fields/2/minimum: applies only to integer and number"))
        .anyMatch(s -> s.contains("/fields/3/options/1/value: repeats the value"))
        .anyMatch(s -> s.contains("/fields/4/condition/equals: can never be a value of MODE"))
        .anyMatch(s -> s.contains("/fields/4/maxLength: must not be smaller than minLength"));
  }
}
