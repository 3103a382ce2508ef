package dev.credentials.core.prototype;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.credentials.ErrorCode;
import dev.credentials.PrototypeDefinitionException;
import dev.credentials.Topic;
import dev.credentials.Violation;
import dev.credentials.prototype.FieldCondition;
import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.FieldType;
import dev.credentials.prototype.Prototype;
import dev.credentials.prototype.SelectOption;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("PrototypeDocuments")
class PrototypeDocumentsTest {

  static final String MINIMAL =
      """
      {"code": "demo", "name": "Demo", "fields": [{"code": "API_TOKEN", "name": "Token", "type": "password"}]}
      """;

  static PrototypeDefinitionException refused(String json) {
    return catchThrowableOfType(
        PrototypeDefinitionException.class, () -> PrototypeDocuments.parse("test.json", json));
  }

  static List<String> paths(PrototypeDefinitionException e) {
    return e.violations().stream().map(Violation::path).toList();
  }

  /** One field document with the given field properties (JSON object members). */
  static String withField(String members) {
    return """
        {"code": "demo", "name": "Demo", "fields": [{"code": "F", "name": "F", %s}]}
        """
        .formatted(members);
  }

  @Nested
  @DisplayName("reading our format")
  class Reading {

    @Test
    @DisplayName("applies defaults: name-based uuid, version 1.0, category General, topics [code]")
    void defaults() {
      Prototype p = PrototypeDocuments.parse("test.json", MINIMAL);
      assertThat(p.code()).isEqualTo("demo");
      assertThat(p.uuid())
          .isEqualTo(
              UUID.nameUUIDFromBytes(
                  "dev.credentials.prototype:demo".getBytes(StandardCharsets.UTF_8)));
      assertThat(p.uuid()).isEqualTo(Prototype.builder("demo").build().uuid());
      assertThat(p.version()).isEqualTo("1.0");
      assertThat(p.category()).isEqualTo("General");
      assertThat(p.topics()).containsExactly(Topic.of("demo"));
      FieldDefinition token = p.fields().get(0);
      assertThat(token.type()).isEqualTo(FieldType.PASSWORD);
      assertThat(token.secret()).isTrue();
      assertThat(token.required()).isFalse();
    }

    @Test
    @DisplayName("reads every property of a field")
    void everyProperty() {
      Prototype p =
          PrototypeDocuments.parse(
              "test.json",
              """
              {"code": "db", "uuid": "3f1e4b7a-0000-4000-8000-000000000001", "name": "DB",
               "description": "d", "version": "2.1", "category": "Database", "logo": "db.svg",
               "url": "https://db.example.com", "tags": ["sql"], "topics": ["db", "sql-database"],
               "fields": [
                 {"code": "DB_SSL", "name": "SSL", "type": "boolean", "default": false},
                 {"code": "DB_PORT", "name": "Port", "type": "integer", "required": true,
                  "default": 5432, "minimum": 1, "maximum": 65535, "hint": "5432"},
                 {"code": "DB_MODE", "name": "Mode", "type": "select",
                  "options": [{"value": "a", "label": "A"}, {"value": "b"}]},
                 {"code": "DB_CERT", "name": "Cert", "type": "file", "secret": true,
                  "condition": {"field": "DB_SSL", "equals": true}},
                 {"code": "DB_USER", "name": "User", "type": "string", "pattern": "[a-z]+",
                  "minLength": 1, "maxLength": 63, "condition": {"field": "DB_MODE"}}
               ]}
              """);
      assertThat(p.uuid()).isEqualTo(UUID.fromString("3f1e4b7a-0000-4000-8000-000000000001"));
      assertThat(p.topics()).containsExactly(Topic.of("db"), Topic.of("sql-database"));
      assertThat(p.field("DB_SSL").orElseThrow().defaultValue()).contains("false");
      FieldDefinition port = p.field("DB_PORT").orElseThrow();
      assertThat(port.defaultValue()).contains("5432");
      assertThat(port.minimum()).contains(BigDecimal.ONE);
      assertThat(port.maximum()).contains(new BigDecimal("65535"));
      assertThat(p.field("DB_MODE").orElseThrow().options())
          .containsExactly(new SelectOption("a", "A"), new SelectOption("b", "b"));
      FieldDefinition cert = p.field("DB_CERT").orElseThrow();
      assertThat(cert.secret()).isTrue();
      assertThat(cert.condition()).contains(FieldCondition.whenEquals("DB_SSL", "true"));
      FieldDefinition user = p.field("DB_USER").orElseThrow();
      assertThat(user.pattern()).contains("[a-z]+");
      assertThat(user.minLength()).contains(1);
      assertThat(user.maxLength()).contains(63);
      assertThat(user.condition()).contains(FieldCondition.whenPresent("DB_MODE"));
    }

    @Test
    @DisplayName("returns the meta-schema it validates against")
    void metaSchema() {
      assertThat(PrototypeDocuments.metaSchema())
          .contains("https://json-schema.org/draft/2020-12/schema")
          .contains("\"propertyNames\"");
    }
  }

  @Nested
  @DisplayName("refusing invalid documents")
  class Refusing {

    @Test
    @DisplayName("reports every violation at once, each with its JSON path")
    void everyViolationAtOnce() {
      PrototypeDefinitionException e =
          refused(
              """
              {"code": "x", "name": "", "colour": "red", "tags": ["a", "a"],
               "fields": [
                 {"code": "GOOD", "name": "Good", "type": "string"},
                 {"code": "bad-code", "name": "Bad", "type": "string"},
                 {"code": "NO_TYPE", "name": "No type"},
                 {"code": "KIND", "name": "Kind", "type": "colour"},
                 {"code": "PICK", "name": "Pick", "type": "select"}
               ]}
              """);
      assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PROTOTYPE);
      assertThat(paths(e))
          .containsExactlyInAnyOrder(
              "/code",
              "/colour",
              "/fields/1/code",
              "/fields/2/type",
              "/fields/3/type",
              "/fields/4/options",
              "/name",
              "/tags");
      assertThat(e.getMessage()).contains("test.json").contains("8 problems");
    }

    @Test
    @DisplayName("does not mistake a valid sibling for an unknown property (Vert.x workaround)")
    void validSiblingsAreNotBlamed() {
      PrototypeDefinitionException e =
          refused(
              withField(
                  "\"type\": \"string\", \"minLength\": -1, \"description\": \"fine\", \"hint\":"
                      + " \"fine\""));
      assertThat(paths(e)).containsExactly("/fields/0/minLength");
    }

    @Test
    @DisplayName("names unknown properties and lists the known ones")
    void unknownProperties() {
      PrototypeDefinitionException e =
          refused(
              """
              {"code": "demo", "name": "Demo", "owner": "me", "fields": [
                {"code": "A", "name": "A", "type": "string", "placeholder": "x",
                 "options": [{"value": "v", "colour": "red"}],
                 "condition": {"field": "B", "when": "v"}}]}
              """);
      assertThat(paths(e))
          .contains(
              "/owner",
              "/fields/0/placeholder",
              "/fields/0/options/0/colour",
              "/fields/0/condition/when");
      assertThat(e.violations())
          .filteredOn(v -> v.path().equals("/owner"))
          .singleElement()
          .extracting(Violation::message)
          .asString()
          .contains("not a known property")
          .contains("fields");
    }

    @Test
    @DisplayName("checks each rule of the top level")
    void topLevelRules() {
      assertThat(paths(refused("{\"code\": \"x\", \"name\": \"N\", \"fields\": []}")))
          .containsExactlyInAnyOrder("/code", "/fields");
      assertThat(paths(refused("{\"name\": \"N\"}"))).containsExactlyInAnyOrder("/code", "/fields");
      String tooLongCode = "a".repeat(65);
      assertThat(
              paths(
                  refused(
                      """
                      {"code": "%s", "uuid": "nope", "name": "N", "version": "",
                       "url": "ftp:/x y", "topics": ["bad topic"],
                       "fields": [{"code": "A", "name": "A", "type": "string"}]}
                      """
                          .formatted(tooLongCode))))
          .containsExactlyInAnyOrder("/code", "/uuid", "/version", "/url", "/topics/0");
      assertThat(paths(refused("[1, 2]"))).containsExactly("");
    }

    @Test
    @DisplayName("checks each rule of a field")
    void fieldRules() {
      assertThat(paths(refused(withField("\"type\": \"string\", \"required\": \"yes\""))))
          .containsExactly("/fields/0/required");
      assertThat(paths(refused(withField("\"type\": \"integer\", \"minimum\": \"1\""))))
          .containsExactly("/fields/0/minimum");
      assertThat(paths(refused(withField("\"type\": \"string\", \"maxLength\": 0"))))
          .containsExactly("/fields/0/maxLength");
      assertThat(paths(refused(withField("\"type\": \"string\", \"default\": [1]"))))
          .containsExactly("/fields/0/default");
      assertThat(paths(refused(withField("\"type\": \"string\", \"pattern\": \"(\""))))
          .containsExactly("/fields/0/pattern");
      assertThat(paths(refused(withField("\"type\": \"integer\", \"pattern\": \"[0-9]+\""))))
          .containsExactly("/fields/0/pattern");
      assertThat(paths(refused(withField("\"type\": \"string\", \"maximum\": 3"))))
          .containsExactly("/fields/0/maximum");
      assertThat(
              paths(refused(withField("\"type\": \"string\", \"minLength\": 5, \"maxLength\": 2"))))
          .containsExactly("/fields/0/maxLength");
      assertThat(paths(refused(withField("\"type\": \"integer\", \"minimum\": 5, \"maximum\": 2"))))
          .containsExactly("/fields/0/maximum");
      assertThat(
              paths(refused(withField("\"type\": \"string\", \"options\": [{\"value\": \"a\"}]"))))
          .containsExactly("/fields/0/options");
      assertThat(
              paths(
                  refused(
                      withField(
                          "\"type\": \"select\", \"options\": [{\"value\": \"a\"}, {\"value\":"
                              + " \"a\"}]"))))
          .containsExactly("/fields/0/options/1/value");
      assertThat(paths(refused(withField("\"type\": \"password\", \"secret\": false"))))
          .containsExactly("/fields/0/secret");
      assertThat(
              paths(refused(withField("\"type\": \"string\", \"condition\": {\"field\": \"F\"}"))))
          .containsExactly("/fields/0/condition/field");
    }

    @Test
    @DisplayName("checks defaults against their field")
    void defaults() {
      assertThat(paths(refused(withField("\"type\": \"boolean\", \"default\": \"yes\""))))
          .containsExactly("/fields/0/default");
      assertThat(paths(refused(withField("\"type\": \"integer\", \"default\": 1.5"))))
          .containsExactly("/fields/0/default");
      assertThat(
              paths(refused(withField("\"type\": \"integer\", \"maximum\": 10, \"default\": 11"))))
          .containsExactly("/fields/0/default");
      assertThat(
              paths(
                  refused(
                      withField(
                          "\"type\": \"select\", \"options\": [{\"value\": \"a\"}], \"default\":"
                              + " \"b\""))))
          .containsExactly("/fields/0/default");
      assertThat(paths(refused(withField("\"type\": \"url\", \"default\": \"example.com\""))))
          .containsExactly("/fields/0/default");
      assertThat(
              paths(
                  refused(
                      withField(
                          "\"type\": \"string\", \"pattern\": \"[a-z]+\", \"default\": \"a1\""))))
          .containsExactly("/fields/0/default");
    }

    @Test
    @DisplayName("never quotes the default value of a secret field")
    void secretDefaultNeverEchoed() {
      String canary = "canary-Secret-9d41";
      PrototypeDefinitionException e =
          refused(
              withField(
                  "\"type\": \"password\", \"pattern\": \"[0-9]+\", \"maxLength\": 3, \"default\":"
                      + " \""
                      + canary
                      + "\""));
      assertThat(paths(e)).containsExactly("/fields/0/default");
      assertThat(e.getMessage()).doesNotContain(canary).doesNotContain("9d41");
      assertThat(e.violations().toString()).doesNotContain(canary);
      PrototypeDefinitionException syntax = refused("{\"code\": \"" + canary + "\" \"name\"}");
      assertThat(syntax.getMessage()).doesNotContain(canary).contains("line 1");
    }

    @Test
    @DisplayName("reports duplicate field codes with both paths")
    void duplicateFieldCodes() {
      PrototypeDefinitionException e =
          refused(
              """
              {"code": "demo", "name": "Demo", "fields": [
                {"code": "A", "name": "A", "type": "string"},
                {"code": "B", "name": "B", "type": "string"},
                {"code": "A", "name": "A again", "type": "string"}]}
              """);
      assertThat(e.violations())
          .singleElement()
          .satisfies(
              v -> {
                assertThat(v.path()).isEqualTo("/fields/2/code");
                assertThat(v.message()).contains("/fields/0").contains("unique");
              });
    }

    @Test
    @DisplayName("reports conditions on unknown fields, on themselves and in cycles")
    void conditions() {
      PrototypeDefinitionException e =
          refused(
              """
              {"code": "demo", "name": "Demo", "fields": [
                {"code": "A", "name": "A", "type": "string", "condition": {"field": "NOPE"}},
                {"code": "B", "name": "B", "type": "string", "condition": {"field": "C"}},
                {"code": "C", "name": "C", "type": "string", "condition": {"field": "B"}},
                {"code": "S", "name": "S", "type": "select", "options": [{"value": "x"}]},
                {"code": "D", "name": "D", "type": "string", "condition": {"field": "S", "equals": "y"}},
                {"code": "E", "name": "E", "type": "boolean"},
                {"code": "G", "name": "G", "type": "string", "condition": {"field": "E", "equals": "on"}}]}
              """);
      assertThat(paths(e))
          .containsExactly(
              "/fields/0/condition/field",
              "/fields/1/condition/field",
              "/fields/2/condition/field",
              "/fields/4/condition/equals",
              "/fields/6/condition/equals");
      assertThat(e.violations().get(0).message()).contains("A, B, C, S, D, E, G");
    }

    @Test
    @DisplayName("refuses documents over the size limit before parsing them")
    void sizeLimit() {
      String padding = " ".repeat(PrototypeDocuments.MAX_DOCUMENT_BYTES);
      PrototypeDefinitionException e = refused(MINIMAL + padding);
      assertThat(e.violations())
          .singleElement()
          .extracting(Violation::message)
          .asString()
          .contains("larger than");
      // Multi-byte characters count in bytes: 100k three-byte characters are ~300 KB.
      String wide = "{\"code\": \"" + "€".repeat(100_000) + "\"}";
      assertThat(wide.length()).isLessThan(PrototypeDocuments.MAX_DOCUMENT_BYTES);
      assertThat(refused(wide).getMessage()).contains("larger than");
      // Exactly at the limit is still read (and here refused for its content, not its size).
      String atLimit =
          MINIMAL.strip()
              + " ".repeat(PrototypeDocuments.MAX_DOCUMENT_BYTES - MINIMAL.strip().length());
      assertThat(PrototypeDocuments.parse("test.json", atLimit).code()).isEqualTo("demo");
    }

    @Test
    @DisplayName("refuses malformed JSON, repeated keys, trailing content and empty input")
    void malformed() {
      assertThat(refused("{\"code\": ").getMessage()).contains("not valid JSON");
      assertThat(refused("{\"code\": \"a\", \"code\": \"b\"}").getMessage())
          .contains("repeats a property name");
      assertThat(refused(MINIMAL + " {}").getMessage()).contains("not valid JSON");
      assertThat(refused("   ").getMessage()).contains("empty");
    }
  }

  @Nested
  @DisplayName("writing")
  class Writing {

    @Test
    @DisplayName("exports a Java-defined prototype that parses back equal")
    void roundTrip() {
      Prototype p =
          Prototype.builder("round-trip")
              .name("Round trip")
              .description("All the things")
              .category("Testing")
              .url("https://example.com")
              .logo("logo.svg")
              .tag("t1")
              .topic("round-trip")
              .topic("other")
              .field(
                  FieldDefinition.builder("MODE", FieldType.SELECT)
                      .options(
                          List.of(new SelectOption("a", "Alpha"), new SelectOption("b", "Beta")))
                      .defaultValue("a")
                      .build())
              .field(
                  FieldDefinition.builder("PORT", FieldType.INTEGER)
                      .required(true)
                      .minimum(BigDecimal.ONE)
                      .maximum(new BigDecimal("65535"))
                      .defaultValue("443")
                      .build())
              .field(
                  FieldDefinition.builder("RATIO", FieldType.NUMBER)
                      .minimum(new BigDecimal("0.5"))
                      .build())
              .field(
                  FieldDefinition.builder("KEY", FieldType.FILE)
                      .secret(true)
                      .hint("PEM")
                      .condition(FieldCondition.whenEquals("MODE", "b"))
                      .build())
              .field(
                  FieldDefinition.builder("NAME", FieldType.STRING)
                      .pattern("[a-z]+")
                      .minLength(2)
                      .maxLength(8)
                      .condition(FieldCondition.whenPresent("KEY"))
                      .build())
              .field(FieldDefinition.builder("PASS", FieldType.PASSWORD).build())
              .build();
      String json = PrototypeDocuments.toJson(p);
      assertThat(PrototypeDocuments.parse("export", json)).isEqualTo(p);
      assertThat(PrototypeDocuments.toJson(PrototypeDocuments.parse("export", json)))
          .isEqualTo(json);
      assertThat(json)
          .startsWith("{\n  \"code\": \"round-trip\",\n  \"uuid\": ")
          .doesNotContain("\r");
    }

    @Test
    @DisplayName("normalises decimal bounds so that export and import agree")
    void decimals() {
      Prototype p =
          PrototypeDocuments.parse(
              "t", withField("\"type\": \"number\", \"minimum\": 1.50, \"maximum\": 1E+3"));
      assertThat(p.fields().get(0).minimum()).contains(new BigDecimal("1.5"));
      assertThat(p.fields().get(0).maximum()).contains(new BigDecimal("1000"));
      assertThat(PrototypeDocuments.parse("t", PrototypeDocuments.toJson(p))).isEqualTo(p);
    }

    @Test
    @DisplayName("does not write defaults the reader applies anyway")
    void compact() {
      String json = PrototypeDocuments.toJson(PrototypeDocuments.parse("t", MINIMAL));
      assertThat(json).doesNotContain("\"secret\"").doesNotContain("\"required\"");
      assertThatThrownBy(() -> PrototypeDocuments.toJson(null))
          .isInstanceOf(NullPointerException.class);
    }
  }
}
