package dev.credentials.core.prototype;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.credentials.CredentialValidationException;
import dev.credentials.Secret;
import dev.credentials.Violation;
import dev.credentials.prototype.FieldCondition;
import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.FieldType;
import dev.credentials.prototype.Prototype;
import dev.credentials.prototype.SelectOption;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ValueSchema")
class ValueSchemaTest {

  static final String CANARY = "canary-7Hq2-DO-NOT-PRINT";

  static final Prototype DB =
      Prototype.builder("db")
          .field(FieldDefinition.builder("DB_HOST", FieldType.STRING).required(true).build())
          .field(
              FieldDefinition.builder("DB_PORT", FieldType.INTEGER)
                  .minimum(BigDecimal.ONE)
                  .maximum(new BigDecimal("65535"))
                  .defaultValue("5432")
                  .build())
          .field(
              FieldDefinition.builder("DB_RATIO", FieldType.NUMBER)
                  .minimum(new BigDecimal("0.5"))
                  .maximum(new BigDecimal("2.5"))
                  .build())
          .field(FieldDefinition.builder("DB_PASSWORD", FieldType.PASSWORD).required(true).build())
          .field(FieldDefinition.builder("DB_URL", FieldType.URL).build())
          .field(FieldDefinition.builder("DB_ADMIN", FieldType.EMAIL).build())
          .field(
              FieldDefinition.builder("DB_MODE", FieldType.SELECT)
                  .options(
                      List.of(
                          new SelectOption("rw", "Read-write"),
                          new SelectOption("ro", "Read-only")))
                  .defaultValue("rw")
                  .build())
          .field(
              FieldDefinition.builder("DB_USER", FieldType.STRING)
                  .pattern("[a-z]+")
                  .minLength(2)
                  .maxLength(8)
                  .build())
          .field(FieldDefinition.builder("DB_SSL", FieldType.BOOLEAN).defaultValue("false").build())
          .field(
              FieldDefinition.builder("DB_SSL_CERT", FieldType.FILE)
                  .secret(true)
                  .required(true)
                  .condition(FieldCondition.whenEquals("DB_SSL", "true"))
                  .build())
          .field(
              FieldDefinition.builder("DB_SSL_KEY_PASSPHRASE", FieldType.PASSWORD)
                  .condition(FieldCondition.whenPresent("DB_SSL_CERT"))
                  .required(true)
                  .build())
          .build();

  static final ValueSchema SCHEMA = ValueSchema.compile(DB);

  static Map<String, Secret> values(String... kv) {
    Map<String, Secret> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], Secret.of(kv[i + 1]));
    }
    return m;
  }

  static Map<String, String> valid(String... kv) {
    Map<String, String> out = new LinkedHashMap<>();
    SCHEMA.validate("test", values(kv)).forEach((k, v) -> out.put(k, v.reveal()));
    return out;
  }

  static CredentialValidationException invalid(String... kv) {
    CredentialValidationException e =
        catchThrowableOfType(
            CredentialValidationException.class, () -> SCHEMA.validate("test", values(kv)));
    assertThat(e).as("expected a validation failure").isNotNull();
    return e;
  }

  static List<String> paths(String... kv) {
    return invalid(kv).violations().stream().map(Violation::path).toList();
  }

  static final String[] GOOD = {"DB_HOST", "db.example.com", "DB_PASSWORD", CANARY};

  static String[] good(String... more) {
    String[] all = new String[GOOD.length + more.length];
    System.arraycopy(GOOD, 0, all, 0, GOOD.length);
    System.arraycopy(more, 0, all, GOOD.length, more.length);
    return all;
  }

  @Test
  @DisplayName("applies defaults and drops empty values")
  void defaults() {
    assertThat(valid(good("DB_URL", "")))
        .containsEntry("DB_PORT", "5432")
        .containsEntry("DB_MODE", "rw")
        .containsEntry("DB_SSL", "false")
        .doesNotContainKey("DB_URL");
  }

  @Test
  @DisplayName("required means present and non-empty")
  void required() {
    assertThat(paths("DB_HOST", "", "DB_PASSWORD", "")).containsExactly("DB_HOST", "DB_PASSWORD");
    assertThat(paths()).containsExactly("DB_HOST", "DB_PASSWORD");
  }

  @Test
  @DisplayName("integers and numbers must parse and lie within their bounds")
  void numbers() {
    assertThat(paths(good("DB_PORT", "0"))).containsExactly("DB_PORT");
    assertThat(paths(good("DB_PORT", "65536"))).containsExactly("DB_PORT");
    assertThat(paths(good("DB_PORT", "54.5"))).containsExactly("DB_PORT");
    assertThat(paths(good("DB_PORT", "port"))).containsExactly("DB_PORT");
    assertThat(valid(good("DB_PORT", " 6543 "))).containsEntry("DB_PORT", "6543");
    assertThat(paths(good("DB_RATIO", "0.4"))).containsExactly("DB_RATIO");
    assertThat(paths(good("DB_RATIO", "2.6"))).containsExactly("DB_RATIO");
    assertThat(paths(good("DB_RATIO", "many"))).containsExactly("DB_RATIO");
    assertThat(valid(good("DB_RATIO", "2.5"))).containsEntry("DB_RATIO", "2.5");
    assertThat(invalid(good("DB_PORT", "0")).violations().get(0).message())
        .contains("between 1 and 65535");
  }

  @Test
  @DisplayName("URLs need a scheme and a host; e-mail addresses need an @ and a domain")
  void urlAndEmail() {
    assertThat(paths(good("DB_URL", "db.example.com"))).containsExactly("DB_URL");
    assertThat(paths(good("DB_URL", "https://"))).containsExactly("DB_URL");
    assertThat(valid(good("DB_URL", "https://db.example.com:8443/x?y=1"))).containsKey("DB_URL");
    assertThat(paths(good("DB_ADMIN", "admin"))).containsExactly("DB_ADMIN");
    assertThat(valid(good("DB_ADMIN", "admin@example.com"))).containsKey("DB_ADMIN");
  }

  @Test
  @DisplayName("select values must be one of the options")
  void select() {
    assertThat(paths(good("DB_MODE", "Read-write"))).containsExactly("DB_MODE");
    assertThat(invalid(good("DB_MODE", "x")).violations().get(0).message())
        .contains("rw (Read-write), ro (Read-only)");
    assertThat(valid(good("DB_MODE", "ro"))).containsEntry("DB_MODE", "ro");
  }

  @Test
  @DisplayName("a pattern must match the whole value, and lengths are enforced")
  void patternsAndLengths() {
    assertThat(paths(good("DB_USER", "ab1"))).as("anchored pattern").containsExactly("DB_USER");
    assertThat(paths(good("DB_USER", "1ab"))).containsExactly("DB_USER");
    assertThat(paths(good("DB_USER", "a"))).containsExactly("DB_USER");
    assertThat(paths(good("DB_USER", "abcdefghi"))).containsExactly("DB_USER");
    assertThat(valid(good("DB_USER", "admin"))).containsEntry("DB_USER", "admin");
  }

  @Test
  @DisplayName("booleans are true or false, in any case, stored lower-case")
  void booleans() {
    assertThat(paths(good("DB_SSL", "yes"))).containsExactly("DB_SSL");
    assertThat(valid(good("DB_SSL", "FALSE"))).containsEntry("DB_SSL", "false");
  }

  @Test
  @DisplayName("conditional fields are required only when shown and dropped when hidden")
  void conditions() {
    assertThat(valid(good("DB_SSL_CERT", "pem", "DB_SSL_KEY_PASSPHRASE", "p")))
        .doesNotContainKeys("DB_SSL_CERT", "DB_SSL_KEY_PASSPHRASE");
    assertThat(paths(good("DB_SSL", "true"))).containsExactly("DB_SSL_CERT");
    assertThat(paths(good("DB_SSL", "true", "DB_SSL_CERT", "pem")))
        .as("a chain: the passphrase is shown once the certificate is")
        .containsExactly("DB_SSL_KEY_PASSPHRASE");
    assertThat(valid(good("DB_SSL", "true", "DB_SSL_CERT", "pem", "DB_SSL_KEY_PASSPHRASE", "p")))
        .containsEntry("DB_SSL_CERT", "pem")
        .containsEntry("DB_SSL_KEY_PASSPHRASE", "p");
    assertThat(invalid(good("DB_SSL", "true")).violations().get(0).message())
        .contains("when DB_SSL is 'true'");
  }

  @Test
  @DisplayName("a condition sees the default of the field it depends on")
  void conditionOnDefault() {
    Prototype p =
        Prototype.builder("cond")
            .field(FieldDefinition.builder("MODE", FieldType.STRING).defaultValue("on").build())
            .field(
                FieldDefinition.builder("EXTRA", FieldType.STRING)
                    .required(true)
                    .condition(FieldCondition.whenEquals("MODE", "on"))
                    .build())
            .build();
    ValueSchema s = ValueSchema.compile(p);
    assertThat(
            catchThrowableOfType(
                    CredentialValidationException.class, () -> s.validate("t", values()))
                .violations())
        .extracting(Violation::path)
        .containsExactly("EXTRA");
  }

  @Test
  @DisplayName("unknown fields are rejected and the known ones listed")
  void unknownFields() {
    CredentialValidationException e = invalid(good("DB_NAME", "x"));
    assertThat(e.violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.path()).isEqualTo("DB_NAME");
              assertThat(v.message()).contains("DB_HOST, DB_PORT");
            });
  }

  @Test
  @DisplayName("reports every violation at once, in form order")
  void everyViolationAtOnce() {
    assertThat(
            paths(
                "DB_PORT",
                "x",
                "DB_RATIO",
                "9",
                "DB_URL",
                "u",
                "DB_ADMIN",
                "a",
                "DB_MODE",
                "m",
                "DB_USER",
                "ABC",
                "DB_SSL",
                "maybe",
                "DB_NAME",
                "x"))
        .containsExactly(
            "DB_HOST",
            "DB_PORT",
            "DB_RATIO",
            "DB_PASSWORD",
            "DB_URL",
            "DB_ADMIN",
            "DB_MODE",
            "DB_USER",
            "DB_SSL",
            "DB_NAME");
  }

  @Test
  @DisplayName("a secret value never appears in any violation message")
  void canaryNeverPrinted() {
    // The canary as the value of every field, so each rule fails on it.
    List<String> codes = DB.fields().stream().map(FieldDefinition::code).toList();
    String[] kv = new String[codes.size() * 2 + 2];
    for (int i = 0; i < codes.size(); i++) {
      kv[2 * i] = codes.get(i);
      kv[2 * i + 1] = CANARY;
    }
    kv[kv.length - 2] = "UNKNOWN_" + "FIELD";
    kv[kv.length - 1] = CANARY;
    CredentialValidationException e = invalid(kv);
    assertThat(e.violations()).hasSizeGreaterThan(5);
    assertThat(e.getMessage()).doesNotContain(CANARY).doesNotContain("7Hq2");
    assertThat(e.toString()).doesNotContain(CANARY);
    e.violations().forEach(v -> assertThat(v.toString()).doesNotContain(CANARY));
    // Conditional and typed paths too.
    CredentialValidationException e2 =
        invalid("DB_HOST", "h", "DB_PASSWORD", "p", "DB_SSL", "true", "DB_PORT", CANARY + "1");
    assertThat(e2.getMessage()).doesNotContain(CANARY);
  }

  @Test
  @DisplayName("the exported value schema is 2020-12 with secrets write-only")
  void exportedSchema() {
    String schema = ValueSchema.schemaOf(DB).encode();
    assertThat(schema)
        .contains("\"$schema\":\"https://json-schema.org/draft/2020-12/schema\"")
        .contains("\"writeOnly\":true")
        .contains("\"pattern\":\"^(?:[a-z]+)$\"");
  }
}
