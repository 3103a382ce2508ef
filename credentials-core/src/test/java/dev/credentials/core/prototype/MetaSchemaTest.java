package dev.credentials.core.prototype;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Pins the Vert.x JSON Schema behaviour that made the meta-schema use {@code propertyNames}: if a
 * Vert.x upgrade fixes it, the first two tests fail and the workaround can be reconsidered.
 */
@DisplayName("Meta-schema and the Vert.x additionalProperties problem")
class MetaSchemaTest {

  private static final String PROPERTIES =
      "\"properties\": {\"a\": {\"type\": \"string\", \"minLength\": 3}, \"b\": {\"type\":"
          + " \"string\"}}";

  private static List<String> errorLocations(String schema, String instance) {
    Validator v =
        Validator.create(
            JsonSchema.of(new JsonObject(schema)),
            new JsonSchemaOptions()
                .setDraft(Draft.DRAFT202012)
                .setBaseUri("urn:test")
                .setOutputFormat(OutputFormat.Basic));
    OutputUnit out = v.validate(new JsonObject(instance));
    if (Boolean.TRUE.equals(out.getValid())) {
      return List.of();
    }
    return Objects.requireNonNull(out.getErrors()).stream()
        .map(u -> u.getKeywordLocation() + " @ " + u.getInstanceLocation())
        .toList();
  }

  @Test
  @DisplayName("Vert.x blames a declared, failing property as 'additional'")
  void additionalPropertiesMisreports() {
    String schema = "{" + PROPERTIES + ", \"additionalProperties\": false}";
    assertThat(errorLocations(schema, "{\"a\": \"x\", \"b\": \"ok\"}"))
        .contains("#/additionalProperties @ #/a");
  }

  @Test
  @DisplayName("unevaluatedProperties has the same problem")
  void unevaluatedPropertiesMisreports() {
    String schema = "{" + PROPERTIES + ", \"unevaluatedProperties\": false}";
    assertThat(errorLocations(schema, "{\"a\": \"x\", \"b\": \"ok\"}"))
        .contains("#/unevaluatedProperties @ #/a");
  }

  @Test
  @DisplayName("propertyNames with an enum blames only the unknown property")
  void propertyNamesIsExact() {
    String schema = "{" + PROPERTIES + ", \"propertyNames\": {\"enum\": [\"a\", \"b\"]}}";
    assertThat(errorLocations(schema, "{\"a\": \"x\", \"b\": \"ok\", \"c\": 1}"))
        .containsExactlyInAnyOrder(
            "#/propertyNames @ #",
            "#/propertyNames/enum @ #/c",
            "#/properties @ #/a",
            "#/properties/a/minLength @ #/a");
  }

  @Test
  @DisplayName("the meta-schema's property lists match the properties it declares")
  void propertyListsMatchDeclarations() throws Exception {
    var tree = Json.MAPPER.readTree(MetaSchema.text());
    for (String at : List.of("", "/$defs/field", "/$defs/option", "/$defs/condition")) {
      var schema = tree.at(at);
      List<String> names =
          schema
              .path("propertyNames")
              .path("enum")
              .valueStream()
              .map(n -> n.asText())
              .sorted()
              .toList();
      List<String> declared =
          schema.path("properties").propertyStream().map(e -> e.getKey()).sorted().toList();
      assertThat(names).as(at).isEqualTo(declared);
    }
  }
}
