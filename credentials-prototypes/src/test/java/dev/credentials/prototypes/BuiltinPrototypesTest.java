package dev.credentials.prototypes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.credentials.CredentialValidationException;
import dev.credentials.Secret;
import dev.credentials.Topic;
import dev.credentials.core.prototype.FormDescriptors;
import dev.credentials.core.prototype.PrototypeDocuments;
import dev.credentials.core.prototype.PrototypeRegistry;
import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.FieldType;
import dev.credentials.prototype.Prototype;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

@DisplayName("The built-in prototype catalogue")
class BuiltinPrototypesTest {

  static final ObjectMapper JSON = new ObjectMapper();

  /** Field codes that look like secrets: the rule every built-in must follow. */
  static final Pattern PASSWORD_LIKE =
      Pattern.compile("PASSWORD|TOKEN|SECRET|KEY|PASSPHRASE|WEBHOOK|PASS$");

  static PrototypeRegistry registry;

  @BeforeAll
  static void load() {
    registry =
        PrototypeRegistry.load(List.of(), true, BuiltinPrototypesTest.class.getClassLoader());
  }

  static List<Prototype> builtins() {
    return registry.all().stream()
        .filter(p -> registry.source(p.code()).equals("credentials-prototypes"))
        .toList();
  }

  @Test
  @DisplayName(
      "is found through ServiceLoader with at least 30 prototypes, one per listed resource")
  void discovered() {
    List<String> codes = builtins().stream().map(Prototype::code).toList();
    assertThat(codes).hasSizeGreaterThanOrEqualTo(30);
    assertThat(codes).containsExactlyInAnyOrderElementsOf(BuiltinPrototypes.CODES);
    BuiltinPrototypes provider = new BuiltinPrototypes();
    assertThat(provider.name()).isEqualTo("credentials-prototypes");
    assertThat(provider.priority()).isEqualTo(-100);
  }

  @Test
  @DisplayName("lists every JSON resource of its package, and nothing else")
  void everyResourceListed() throws IOException, URISyntaxException {
    URL any = BuiltinPrototypes.class.getResource(BuiltinPrototypes.CODES.get(0) + ".json");
    assertThat(any).isNotNull();
    Path dir = Path.of(any.toURI()).getParent();
    try (Stream<Path> files = Files.list(dir)) {
      List<String> onDisk =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".json"))
              .map(n -> n.substring(0, n.length() - ".json".length()))
              .toList();
      assertThat(onDisk).containsExactlyInAnyOrderElementsOf(BuiltinPrototypes.CODES);
    }
  }

  @Test
  @DisplayName("reads its resources from inside its named module")
  void namedModule() throws IOException {
    Module module = BuiltinPrototypes.class.getModule();
    assertThat(module.isNamed()).as("tests run on the module path").isTrue();
    assertThat(module.getName()).isEqualTo("dev.credentials.prototypes");
    assertThat(module.getDescriptor().provides())
        .anySatisfy(p -> assertThat(p.providers()).contains(BuiltinPrototypes.class.getName()));
    for (URL url : new BuiltinPrototypes().documents()) {
      try (InputStream in = url.openStream()) {
        assertThat(in.readAllBytes()).isNotEmpty();
      }
    }
  }

  @Test
  @DisplayName("provides the topics consumers ask for")
  void topics() {
    assertThat(registry.require("postgresql").topics())
        .contains(Topic.of("postgresql"), Topic.of("sql-database"));
    assertThat(registry.require("http-basic").topics()).contains(Topic.of("http-basic"));
    assertThat(registry.require("http-bearer").topics()).contains(Topic.of("http-bearer"));
    assertThat(registry.providing(Topic.of("sql-database")))
        .extracting(Prototype::code)
        .contains("postgresql", "mysql", "database-connection");
    assertThat(registry.require("abraflexi").fields())
        .extracting(FieldDefinition::code)
        .containsExactly(
            "ABRAFLEXI_URL", "ABRAFLEXI_LOGIN", "ABRAFLEXI_PASSWORD", "ABRAFLEXI_COMPANY");
    assertThat(registry.require("database-connection").fields())
        .extracting(FieldDefinition::code)
        .containsExactly(
            "DB_CONNECTION", "DB_HOST", "DB_PORT", "DB_DATABASE", "DB_USERNAME", "DB_PASSWORD");
    assertThat(registry.require("database-connection").field("DB_CONNECTION").orElseThrow().type())
        .isEqualTo(FieldType.SELECT);
  }

  @TestFactory
  @DisplayName("each built-in")
  Stream<DynamicTest> eachBuiltin() {
    return builtins().stream()
        .flatMap(
            p ->
                Stream.of(
                    DynamicTest.dynamicTest(
                        p.code() + ": accepts its realistic sample", () -> sample(p)),
                    DynamicTest.dynamicTest(
                        p.code() + ": keeps password-like fields secret", () -> secrets(p)),
                    DynamicTest.dynamicTest(
                        p.code() + ": types its fields by what they hold", () -> types(p)),
                    DynamicTest.dynamicTest(
                        p.code() + ": survives export and import", () -> roundTrip(p)),
                    DynamicTest.dynamicTest(
                        p.code() + ": describes a form without secret defaults", () -> form(p))));
  }

  static void sample(Prototype p) throws IOException {
    String resource = "samples/" + p.code() + ".json";
    Map<String, String> sample;
    try (InputStream in = BuiltinPrototypesTest.class.getResourceAsStream(resource)) {
      if (in == null) {
        fail("no sample credential " + resource + " in test resources");
        return;
      }
      sample = JSON.readValue(in, new TypeReference<LinkedHashMap<String, String>>() {});
    }
    Map<String, Secret> values = new LinkedHashMap<>();
    sample.forEach((k, v) -> values.put(k, Secret.of(v)));
    Map<String, Secret> normalised;
    try {
      normalised = registry.validate(p.code(), "sample of " + p.code(), values);
    } catch (CredentialValidationException e) {
      throw new AssertionError(e.getMessage(), e);
    }
    // Every sample value survives: none is dropped as hidden or unknown.
    assertThat(normalised.keySet()).containsAll(sample.keySet());
    // An empty credential is refused whenever the prototype has required fields.
    if (p.fields().stream().anyMatch(f -> f.required() && f.condition().isEmpty())) {
      try {
        registry.validate(p.code(), "empty", Map.of());
        fail(p.code() + " accepted an empty credential");
      } catch (CredentialValidationException expected) {
        assertThat(expected.violations()).isNotEmpty();
      }
    }
  }

  static void secrets(Prototype p) {
    for (FieldDefinition f : p.fields()) {
      String code = f.code();
      boolean passwordLike =
          PASSWORD_LIKE.matcher(code).find()
              && !code.contains("KEY_ID")
              && !code.contains("PUBLIC");
      if (passwordLike) {
        assertThat(f.secret()).as(p.code() + "." + code + " looks like a secret").isTrue();
      }
      if (f.type() == FieldType.PASSWORD) {
        assertThat(f.secret()).isTrue();
      }
    }
  }

  static void types(Prototype p) {
    for (FieldDefinition f : p.fields()) {
      String code = f.code();
      String at = p.code() + "." + code;
      if (code.endsWith("_URL")) {
        assertThat(f.type()).as(at).isEqualTo(FieldType.URL);
      }
      if (code.endsWith("PORT")) {
        assertThat(f.type()).as(at).isEqualTo(FieldType.INTEGER);
        assertThat(f.minimum()).as(at).isPresent();
        assertThat(f.maximum()).as(at).isPresent();
      }
      if (code.endsWith("_SSL")
          || code.endsWith("_TLS")
          || code.endsWith("_MODE") && f.type() != FieldType.SELECT) {
        assertThat(f.type()).as(at).isIn(FieldType.BOOLEAN, FieldType.SELECT);
      }
      if (code.contains("PRIVATE_KEY")
          || code.endsWith("CERT")
          || code.endsWith("_CA")
          || code.endsWith("CERT_FILE")
          || code.equals("KUBECONFIG")
          || code.equals("GOOGLE_APPLICATION_CREDENTIALS")) {
        assertThat(f.type()).as(at).isEqualTo(FieldType.FILE);
      }
      if (code.equals("MAIL_FROM") || code.endsWith("_FROM") && !code.endsWith("NUMBER")) {
        assertThat(f.type()).as(at).isEqualTo(FieldType.EMAIL);
      }
      if (f.type() == FieldType.SELECT) {
        assertThat(f.options()).as(at).isNotEmpty();
        f.defaultValue()
            .ifPresent(
                d ->
                    assertThat(f.options())
                        .as(at)
                        .anySatisfy(o -> assertThat(o.value()).isEqualTo(d)));
      }
    }
    assertThat(p.description()).as(p.code()).isNotBlank();
    assertThat(p.category()).as(p.code()).isNotEqualTo("General");
  }

  static void roundTrip(Prototype p) {
    String json = PrototypeDocuments.toJson(p);
    assertThat(PrototypeDocuments.parse("export of " + p.code(), json)).isEqualTo(p);
  }

  static void form(Prototype p) throws IOException {
    var form = JSON.readTree(FormDescriptors.of(p));
    assertThat(form.get("fields")).hasSize(p.fields().size());
    for (int i = 0; i < p.fields().size(); i++) {
      FieldDefinition f = p.fields().get(i);
      var field = form.get("fields").get(i);
      assertThat(field.get("code").asText()).isEqualTo(f.code());
      assertThat(field.get("masked").asBoolean()).isEqualTo(f.secret());
      if (f.secret()) {
        assertThat(field.has("default")).isFalse();
      }
    }
  }

  @Test
  @DisplayName("matches the catalogue table in docs/prototype-documents.md")
  void readmeTable() throws IOException {
    String expected = table(builtins());
    Path readme =
        Path.of(System.getProperty("basedir", ".")).resolve("../docs/prototype-documents.md");
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    String start = "<!-- catalogue:start -->";
    String end = "<!-- catalogue:end -->";
    int from = text.indexOf(start);
    int to = text.indexOf(end);
    assertThat(from).as("docs/prototype-documents.md has the marker " + start).isNotNegative();
    assertThat(to).as("docs/prototype-documents.md has the marker " + end).isGreaterThan(from);
    String actual = text.substring(from + start.length(), to).strip();
    if (!actual.equals(expected.strip())) {
      System.out.println("Expected catalogue table for docs/prototype-documents.md:\n" + expected);
      fail(
          "The catalogue table in docs/prototype-documents.md is out of date; replace the section between the"
              + " markers with:\n"
              + expected);
    }
  }

  static String table(List<Prototype> prototypes) {
    List<String> lines = new ArrayList<>();
    lines.add("| Code | Name | Category | Topics | Fields | Check / test |");
    lines.add("| --- | --- | --- | --- | --- | --- |");
    for (Prototype p : prototypes) {
      lines.add(
          "| `"
              + p.code()
              + "` | "
              + p.name()
              + " | "
              + p.category()
              + " | "
              + p.topics().stream().map(Topic::name).collect(Collectors.joining(", "))
              + " | "
              + p.fields().stream()
                  .map(f -> f.secret() ? f.code() + "\\*" : f.code())
                  .collect(Collectors.joining(", "))
              + " | "
              + p.check().map(d -> "`" + d.kind() + "`").orElse("—")
              + " / "
              + p.test().map(d -> "`" + d.kind() + "`").orElse("—")
              + " |");
    }
    return String.join("\n", lines) + "\n";
  }
}
