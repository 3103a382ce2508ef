package dev.credentials.core.prototype;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.credentials.prototype.FieldCondition;
import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.FieldType;
import dev.credentials.prototype.Prototype;
import dev.credentials.prototype.SelectOption;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("FormDescriptors")
class FormDescriptorsTest {

  static final Prototype P =
      Prototype.builder("form")
          .name("Form")
          .description("A form")
          .category("Testing")
          .topic("form")
          .topic("other")
          .field(
              FieldDefinition.builder("S", FieldType.STRING)
                  .name("Label S")
                  .hint("h")
                  .description("d")
                  .defaultValue("x")
                  .build())
          .field(
              FieldDefinition.builder("P", FieldType.PASSWORD)
                  .required(true)
                  .defaultValue("s3cr3t-default")
                  .build())
          .field(FieldDefinition.builder("U", FieldType.URL).build())
          .field(FieldDefinition.builder("E", FieldType.EMAIL).build())
          .field(
              FieldDefinition.builder("I", FieldType.INTEGER)
                  .minimum(BigDecimal.ONE)
                  .maximum(BigDecimal.TEN)
                  .build())
          .field(FieldDefinition.builder("N", FieldType.NUMBER).build())
          .field(FieldDefinition.builder("B", FieldType.BOOLEAN).defaultValue("false").build())
          .field(
              FieldDefinition.builder("SEL", FieldType.SELECT)
                  .options(List.of(new SelectOption("a", "A")))
                  .build())
          .field(
              FieldDefinition.builder("T", FieldType.TEXT)
                  .pattern("[a-z]*")
                  .minLength(1)
                  .maxLength(9)
                  .build())
          .field(
              FieldDefinition.builder("F", FieldType.FILE)
                  .secret(true)
                  .condition(FieldCondition.whenEquals("B", "true"))
                  .build())
          .field(
              FieldDefinition.builder("TOKEN", FieldType.STRING)
                  .secret(true)
                  .defaultValue("tok-default")
                  .condition(FieldCondition.whenPresent("S"))
                  .build())
          .build();

  static JsonNode form() throws Exception {
    return Json.MAPPER.readTree(FormDescriptors.of(P));
  }

  @Test
  @DisplayName("lists the fields in order with their input kinds")
  void inputKinds() throws Exception {
    List<String> codes = new ArrayList<>();
    List<String> inputs = new ArrayList<>();
    form()
        .get("fields")
        .forEach(
            f -> {
              codes.add(f.get("code").asText());
              inputs.add(f.get("input").asText());
            });
    assertThat(codes).containsExactly("S", "P", "U", "E", "I", "N", "B", "SEL", "T", "F", "TOKEN");
    assertThat(inputs)
        .containsExactly(
            "text",
            "password",
            "url",
            "email",
            "number",
            "number",
            "checkbox",
            "select",
            "textarea",
            "file",
            "password");
  }

  @Test
  @DisplayName("describes the prototype, labels, help, options, constraints and conditions")
  void details() throws Exception {
    JsonNode form = form();
    assertThat(form.get("formVersion").asInt()).isEqualTo(1);
    assertThat(form.at("/prototype/name").asText()).isEqualTo("Form");
    assertThat(form.at("/prototype/topics/1").asText()).isEqualTo("other");
    JsonNode s = form.at("/fields/0");
    assertThat(s.get("label").asText()).isEqualTo("Label S");
    assertThat(s.get("hint").asText()).isEqualTo("h");
    assertThat(s.get("description").asText()).isEqualTo("d");
    assertThat(s.get("default").asText()).isEqualTo("x");
    assertThat(s.get("masked").asBoolean()).isFalse();
    assertThat(form.at("/fields/1/required").asBoolean()).isTrue();
    assertThat(form.at("/fields/4/constraints/minimum").asInt()).isEqualTo(1);
    assertThat(form.at("/fields/4/constraints/maximum").asInt()).isEqualTo(10);
    assertThat(form.at("/fields/4/constraints/step").asInt()).isEqualTo(1);
    assertThat(form.at("/fields/5/constraints").has("step")).isFalse();
    assertThat(form.at("/fields/7/options/0/label").asText()).isEqualTo("A");
    assertThat(form.at("/fields/8/constraints/pattern").asText()).isEqualTo("[a-z]*");
    assertThat(form.at("/fields/8/constraints/maxLength").asInt()).isEqualTo(9);
    assertThat(form.at("/fields/9/condition/field").asText()).isEqualTo("B");
    assertThat(form.at("/fields/9/condition/equals").asText()).isEqualTo("true");
    assertThat(form.at("/fields/10/condition/present").asBoolean()).isTrue();
  }

  @Test
  @DisplayName("masks secret fields and never includes their defaults")
  void secrets() throws Exception {
    String text = FormDescriptors.of(P);
    assertThat(text).doesNotContain("s3cr3t-default").doesNotContain("tok-default");
    JsonNode form = form();
    for (int i : new int[] {1, 9, 10}) {
      assertThat(form.at("/fields/" + i + "/secret").asBoolean()).isTrue();
      assertThat(form.at("/fields/" + i + "/masked").asBoolean()).isTrue();
      assertThat(form.at("/fields/" + i).has("default")).isFalse();
    }
    assertThat(form.at("/fields/6/default").asText()).isEqualTo("false");
  }
}
