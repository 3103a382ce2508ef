package dev.credentials.core.prototype;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.credentials.CheckResult;
import dev.credentials.CredentialState;
import dev.credentials.PrototypeDefinitionException;
import dev.credentials.Violation;
import dev.credentials.prototype.CheckDeclaration;
import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.FieldType;
import dev.credentials.prototype.Prototype;
import dev.credentials.spi.CheckKind;
import dev.credentials.spi.CheckParameter;
import dev.credentials.spi.ProbeRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Declared check and test in prototype documents")
class DeclarationDocumentsTest {

  static final String DOC =
      """
      {
        "code": "pg",
        "name": "PostgreSQL",
        "fields": [
          {"code": "PGHOST", "name": "Host", "type": "string", "required": true},
          {"code": "PGPORT", "name": "Port", "type": "integer", "default": 5432},
          {"code": "PGPASSWORD", "name": "Password", "type": "password"}
        ],
        "check": {
          "kind": "probe",
          "parameters": {"host": "${PGHOST}", "port": "${PGPORT}"},
          "ttls": {"AVAILABLE": "PT10M", "UNAVAILABLE": "PT15S"},
          "timeout": "PT2S"
        },
        "test": {
          "kind": "probe",
          "parameters": {"host": "${PGHOST}", "port": "${PGPORT}", "password": "${PGPASSWORD}"}
        }
      }
      """;

  /** A kind with host (required), port and password. */
  static final class ProbeKind implements CheckKind {
    @Override
    public String name() {
      return "probe";
    }

    @Override
    public Map<String, CheckParameter> parameters() {
      return Map.of(
          "host", CheckParameter.required(CheckParameter.Escaping.VERBATIM, "host"),
          "port", CheckParameter.optional(CheckParameter.Escaping.VERBATIM, "port"),
          "password", CheckParameter.optional(CheckParameter.Escaping.VERBATIM, "password"));
    }

    @Override
    public CheckResult probe(ProbeRequest request) {
      return request.result(CredentialState.AVAILABLE, "reached " + request.text("host", "?"));
    }
  }

  static PrototypeRegistry registry(List<CheckKind> kinds) {
    return PrototypeRegistry.load(
        List.of(), false, DeclarationDocumentsTest.class.getClassLoader(), kinds);
  }

  static dev.credentials.CredentialMetadata metadata() {
    java.time.Instant now = java.time.Instant.parse("2026-12-03T10:00:00Z");
    return new dev.credentials.CredentialMetadata(
        dev.credentials.CredentialId.of("00000000-0000-0000-0000-000000000001"),
        dev.credentials.TenantId.of("t"),
        "pg",
        "db",
        "production",
        "",
        java.util.Set.of(),
        true,
        java.util.Optional.empty(),
        1,
        now,
        now,
        "k",
        java.util.Optional.empty());
  }

  @Test
  @DisplayName("a document's check and test are read with their TTLs and timeout, and written back")
  void roundTrip() {
    Prototype p = PrototypeDocuments.parse("doc", DOC);
    CheckDeclaration check = p.check().orElseThrow();
    assertThat(check.kind()).isEqualTo("probe");
    assertThat(check.parameters()).containsEntry("host", "${PGHOST}");
    assertThat(check.ttl(CredentialState.AVAILABLE)).isEqualTo(Duration.ofMinutes(10));
    assertThat(check.ttl(CredentialState.UNAVAILABLE)).isEqualTo(Duration.ofSeconds(15));
    assertThat(check.ttl(CredentialState.DEGRADED)).isEqualTo(Duration.ofMinutes(1));
    assertThat(check.timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(p.test().orElseThrow().timeout()).isEqualTo(CheckDeclaration.DEFAULT_TIMEOUT);
    assertThat(PrototypeDocuments.parse("again", PrototypeDocuments.toJson(p))).isEqualTo(p);
  }

  @Test
  @DisplayName("a Java-built prototype's declarations export and import unchanged")
  void javaBuilt() {
    Prototype p =
        Prototype.builder("api")
            .field(FieldDefinition.builder("API_URL", FieldType.URL).build())
            .field(FieldDefinition.builder("API_TOKEN", FieldType.PASSWORD).build())
            .check(CheckDeclaration.builder("http").parameter("url", "${API_URL}").build())
            .test(
                CheckDeclaration.builder("http")
                    .parameter("url", "${API_URL}/me")
                    .parameter("auth", "bearer")
                    .parameter("token", "${API_TOKEN}")
                    .ttl(CredentialState.MISCONFIGURED, Duration.ZERO)
                    .build())
            .build();
    String json = PrototypeDocuments.toJson(p);
    assertThat(json).contains("\"check\"").contains("PT0S");
    assertThat(PrototypeDocuments.parse("export", json)).isEqualTo(p);
    assertThat(PrototypeRules.violations(p)).isEmpty();
  }

  @Test
  @DisplayName(
      "an unknown member, a template naming no field, a template that does not parse and a bad"
          + " duration are definition errors with their paths")
  void badDeclarations() {
    String doc =
        DOC.replace("\"ttls\": {\"AVAILABLE\": \"PT10M\"", "\"ttls\": {\"AVAILABLE\": \"ten\"")
            .replace("\"port\": \"${PGPORT}\"}", "\"port\": \"${PGPORT\"}")
            .replace("\"password\": \"${PGPASSWORD}\"", "\"password\": \"${PGPASS}\"")
            .replace("\"timeout\": \"PT2S\"", "\"timeout\": \"PT2S\", \"retries\": 3");
    PrototypeDefinitionException e =
        catchThrowableOfType(
            PrototypeDefinitionException.class, () -> PrototypeDocuments.parse("doc", doc));
    assertThat(e.violations())
        .extracting(Violation::path)
        .containsExactly("/check/retries", "/check/ttls/AVAILABLE", "/test/parameters/password");
    String templates = DOC.replace("\"port\": \"${PGPORT}\"}", "\"port\": \"${PGPORT\"}");
    PrototypeDefinitionException t =
        catchThrowableOfType(
            PrototypeDefinitionException.class, () -> PrototypeDocuments.parse("doc", templates));
    assertThat(t.violations()).extracting(Violation::path).contains("/check/parameters/port");
    String ttl = DOC.replace("\"AVAILABLE\": \"PT10M\"", "\"AVAILABLE\": \"ten\"");
    PrototypeDefinitionException d =
        catchThrowableOfType(
            PrototypeDefinitionException.class, () -> PrototypeDocuments.parse("doc", ttl));
    assertThat(d.violations()).extracting(Violation::path).containsExactly("/check/ttls/AVAILABLE");
  }

  @Test
  @DisplayName("the registry judges kinds: an unknown parameter or kind is an error with its path")
  void kindsJudged() {
    PrototypeRegistry r = registry(List.of(new ProbeKind()));
    r.importDocuments("doc", List.of(DOC), false);
    assertThat(r.check("pg")).isPresent();
    assertThat(r.connectionTest("pg")).isPresent();

    String unknownParameter = DOC.replace("\"port\": \"${PGPORT}\"}", "\"prot\": \"${PGPORT}\"}");
    for (boolean dryRun : new boolean[] {true, false}) {
      PrototypeDefinitionException pd =
          catchThrowableOfType(
              PrototypeDefinitionException.class,
              () -> r.importDocuments("doc", List.of(unknownParameter), dryRun));
      assertThat(pd.violations())
          .extracting(Violation::path)
          .containsExactly("/check/parameters/prot");
    }
    String frob = DOC.replaceFirst("\"kind\": \"probe\"", "\"kind\": \"frobnicate\"");
    PrototypeDefinitionException k =
        catchThrowableOfType(
            PrototypeDefinitionException.class,
            () -> r.importDocuments("doc", List.of(frob), false));
    assertThat(k.violations()).extracting(Violation::path).containsExactly("/check/kind");
    assertThat(k.getMessage()).contains("frobnicate").contains("checkKind");
  }

  @Test
  @DisplayName(
      "a kind that credentials-checks ships is accepted without it and answers UNKNOWN naming the"
          + " artifact")
  void shippedKindAbsent() throws Exception {
    String redis = DOC.replace("\"kind\": \"probe\"", "\"kind\": \"redis\"");
    PrototypeRegistry r = registry(List.of());
    r.importDocuments("doc", List.of(redis), false);
    CheckResult result =
        r.check("pg")
            .orElseThrow()
            .check(
                new dev.credentials.CheckContext(
                    metadata(),
                    Map.of("PGHOST", dev.credentials.Secret.of("127.0.0.1")),
                    java.time.Clock.systemUTC(),
                    Duration.ofSeconds(1)));
    assertThat(result.state()).isEqualTo(CredentialState.UNKNOWN);
    assertThat(result.message()).contains("dev.credentials:credentials-checks");
    assertThat(result.details())
        .containsEntry("missing-artifact", "dev.credentials:credentials-checks");
  }
}
