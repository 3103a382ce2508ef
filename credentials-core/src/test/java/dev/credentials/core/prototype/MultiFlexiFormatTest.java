package dev.credentials.core.prototype;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.credentials.PrototypeDefinitionException;
import dev.credentials.Violation;
import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.FieldType;
import dev.credentials.prototype.Prototype;
import dev.credentials.prototype.SelectOption;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("MultiFlexi credential-prototype documents")
class MultiFlexiFormatTest {

  static String resource(String name) throws IOException {
    try (InputStream in = MultiFlexiFormatTest.class.getResourceAsStream("multiflexi/" + name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  @DisplayName("reads localised texts, keywords, MultiFlexi type names and defaults")
  void readsErp() throws IOException {
    Prototype p = PrototypeDocuments.parse("erp", resource("erp.credprototype.json"));
    assertThat(p.code()).isEqualTo("ExampleErp");
    assertThat(p.uuid()).isEqualTo(UUID.fromString("0b6c1c1e-5a0e-4d8e-9a57-3c1f0f6b2a11"));
    assertThat(p.name()).isEqualTo("Example ERP");
    assertThat(p.description()).isEqualTo("Access to the example ERP server");
    assertThat(p.url()).isEqualTo("https://erp.example.com/");
    assertThat(p.version()).isEqualTo("1.2");
    assertThat(p.tags()).containsExactly("ERP", "accounting");
    assertThat(p.fields())
        .extracting(FieldDefinition::code)
        .containsExactly(
            "ERP_URL",
            "ERP_LOGIN",
            "ERP_PASSWORD",
            "ERP_TIMEOUT",
            "ERP_VERIFY_TLS",
            "ERP_MODE",
            "ERP_NOTE");
    assertThat(p.fields())
        .extracting(FieldDefinition::type)
        .containsExactly(
            FieldType.URL,
            FieldType.STRING,
            FieldType.PASSWORD,
            FieldType.NUMBER,
            FieldType.BOOLEAN,
            FieldType.SELECT,
            FieldType.TEXT);
    FieldDefinition url = p.field("ERP_URL").orElseThrow();
    assertThat(url.name()).isEqualTo("Server URL");
    assertThat(url.hint()).isEqualTo("https://erp.example.com:5434");
    assertThat(url.required()).isTrue();
    assertThat(p.field("ERP_PASSWORD").orElseThrow().secret()).isTrue();
    assertThat(p.field("ERP_PASSWORD").orElseThrow().name()).isEqualTo("Password");
    assertThat(p.field("ERP_TIMEOUT").orElseThrow().defaultValue()).contains("30");
    assertThat(p.field("ERP_VERIFY_TLS").orElseThrow().defaultValue()).contains("true");
    assertThat(p.field("ERP_MODE").orElseThrow().options())
        .containsExactly(new SelectOption("live", "live"), new SelectOption("sandbox", "sandbox"));
    assertThat(p.field("ERP_NOTE").orElseThrow().name())
        .as("first language without en")
        .isEqualTo("Poznámka");
  }

  @Test
  @DisplayName("reads option objects, default_value, file-path and float")
  void readsMail() throws IOException {
    Prototype p = PrototypeDocuments.parse("mail", resource("mail.credprototype.json"));
    assertThat(p.field("SMTP_PORT").orElseThrow().type()).isEqualTo(FieldType.INTEGER);
    assertThat(p.field("SMTP_PORT").orElseThrow().defaultValue()).contains("587");
    assertThat(p.field("SMTP_SECURITY").orElseThrow().options())
        .containsExactly(new SelectOption("starttls", "STARTTLS"), new SelectOption("tls", "TLS"));
    assertThat(p.field("SMTP_KEY_FILE").orElseThrow().type()).isEqualTo(FieldType.FILE);
    assertThat(p.field("SMTP_RATE").orElseThrow().type()).isEqualTo(FieldType.NUMBER);
    assertThat(p.field("SMTP_FROM").orElseThrow().type()).isEqualTo(FieldType.EMAIL);
  }

  @Test
  @DisplayName("reports violations at the paths of the original document, quoting no value")
  void violationsInOriginalTerms() throws IOException {
    PrototypeDefinitionException e =
        catchThrowableOfType(
            PrototypeDefinitionException.class,
            () -> PrototypeDocuments.parse("broken", resource("broken.credprototype.json")));
    // /fields/3/surprise is unknown: ignored with a warning, as MultiFlexi ignores it.
    assertThat(e.violations())
        .extracting(Violation::path)
        .containsExactlyInAnyOrder(
            "/code",
            "/homepage",
            "/uuid",
            "/fields/0/keyword",
            "/fields/1/default_value",
            "/fields/2/type",
            "/fields/3/keyword");
    assertThat(e.getMessage()).doesNotContain("canary-default-7f3a");
  }

  @Test
  @DisplayName("reads value-to-label option objects and reports their paths by key")
  void optionObjects() {
    String json =
        """
        {"code": "Opts", "name": {"en": "Opts"}, "version": "1.0", "fields": [
          {"keyword": "LEVEL", "type": "select", "name": "Level",
           "options": {"low": {"en": "Low", "cs": "Nízká"}, "high": "High"}},
          {"keyword": "BAD", "type": "select", "name": "Bad", "options": {"x": 1}}]}
        """;
    PrototypeDefinitionException e =
        catchThrowableOfType(
            PrototypeDefinitionException.class, () -> PrototypeDocuments.parse("opts", json));
    assertThat(e.violations())
        .extracting(Violation::path)
        .containsExactly("/fields/1/options/x/label");
    Prototype p = PrototypeDocuments.parse("opts", json.replace("{\"x\": 1}", "[\"x\"]"));
    assertThat(p.field("LEVEL").orElseThrow().options())
        .containsExactly(new SelectOption("low", "Low"), new SelectOption("high", "High"));
  }

  @Test
  @DisplayName("tells the formats apart from the document alone")
  void detection() {
    assertThat(
            MultiFlexiFormat.detect(tree("{\"code\": \"a\", \"fields\": [{\"keyword\": \"A\"}]}")))
        .isTrue();
    assertThat(MultiFlexiFormat.detect(tree("{\"code\": \"a\", \"name\": {\"en\": \"A\"}}")))
        .isTrue();
    assertThat(MultiFlexiFormat.detect(tree("{\"$schema\": \"https://multiflexi.eu/x.json\"}")))
        .isTrue();
    assertThat(MultiFlexiFormat.detect(tree(PrototypeDocumentsTest.MINIMAL))).isFalse();
  }

  @Test
  @DisplayName("exports a MultiFlexi prototype in our format, which parses back equal")
  void exportsInOurFormat() throws IOException {
    for (String name : List.of("erp.credprototype.json", "mail.credprototype.json")) {
      Prototype p = PrototypeDocuments.parse(name, resource(name));
      String ours = PrototypeDocuments.toJson(p);
      assertThat(MultiFlexiFormat.detect(tree(ours))).isFalse();
      assertThat(PrototypeDocuments.parse(name, ours)).isEqualTo(p);
    }
  }

  private static com.fasterxml.jackson.databind.JsonNode tree(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  @DisplayName(
      "ignores unknown properties of a MultiFlexi document as MultiFlexi does, warning with each"
          + " path")
  void unknownPropertiesAreWarnings() {
    String json =
        """
        {"code": "Warned", "name": {"en": "Warned"}, "version": "1.0", "vendor": "acme",
         "fields": [
          {"keyword": "LEVEL", "type": "select", "name": "Level", "ui": {"width": 3},
           "options": [{"value": "low", "label": "Low", "icon": "l"}, "high"]},
          {"keyword": "HOST", "type": "string", "name": "Host", "x/y": 1,
           "condition": {"field": "LEVEL", "equals": "low", "note": "n"}}]}
        """;
    ParsedDocument d = PrototypeDocuments.read("warned", json);
    assertThat(d.prototype().code()).isEqualTo("Warned");
    assertThat(d.prototype().field("HOST").orElseThrow().condition()).isPresent();
    assertThat(d.warnings())
        .extracting(Violation::path)
        .containsExactly(
            "/fields/0/options/0/icon",
            "/fields/0/ui",
            "/fields/1/condition/note",
            "/fields/1/x~1y",
            "/vendor");
    assertThat(d.warnings()).allSatisfy(w -> assertThat(w.message()).contains("ignored"));
    assertThat(PrototypeDocuments.parse("warned", json)).isEqualTo(d.prototype());
  }

  @Test
  @DisplayName("keeps this library's own format strict: an unknown property is a violation")
  void ownFormatStaysStrict() {
    String json =
        """
        {"code": "strict", "name": "Strict", "vendor": "acme",
         "fields": [{"code": "HOST", "name": "Host", "type": "string", "ui": 1}]}
        """;
    PrototypeDefinitionException e =
        catchThrowableOfType(
            PrototypeDefinitionException.class, () -> PrototypeDocuments.read("strict", json));
    assertThat(e.violations())
        .extracting(Violation::path)
        .containsExactlyInAnyOrder("/vendor", "/fields/0/ui");
    String clean = json.replace(", \"vendor\": \"acme\"", "").replace(", \"ui\": 1", "");
    assertThat(PrototypeDocuments.read("strict", clean).warnings()).isEmpty();
  }
}
