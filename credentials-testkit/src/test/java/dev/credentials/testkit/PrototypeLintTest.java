package dev.credentials.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.credentials.prototype.FieldCondition;
import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.FieldType;
import dev.credentials.prototype.Prototype;
import dev.credentials.prototype.SelectOption;
import dev.credentials.testkit.internal.PrototypeLint;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PrototypeLintTest {

  @Test
  @DisplayName("the sample prototypes are well-formed")
  void samplesAreClean() {
    assertThat(PrototypeLint.problems(SamplePrototypes.all())).isEmpty();
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
    assertThat(PrototypeLint.problems(List.of(bad, bad)))
        .anyMatch(s -> s.contains("defined twice"))
        .anyMatch(s -> s.contains("PORT: minimum is greater than maximum"))
        .anyMatch(s -> s.contains("PORT: default value is invalid"))
        .anyMatch(s -> s.contains("KEY: a secret field must not ship a default value"))
        .anyMatch(s -> s.contains("NAME: pattern does not compile"))
        .anyMatch(s -> s.contains("NAME: only integer and number fields"))
        .anyMatch(s -> s.contains("MODE: option a is listed twice"))
        .anyMatch(s -> s.contains("EXTRA: condition value b can never be a value of MODE"))
        .anyMatch(s -> s.contains("EXTRA: minLength is greater than maxLength"));
  }
}
