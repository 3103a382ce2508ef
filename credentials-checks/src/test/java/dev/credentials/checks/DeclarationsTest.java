package dev.credentials.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.CheckResult;
import dev.credentials.CredentialState;
import dev.credentials.InvalidCheckDeclarationException;
import dev.credentials.InvalidCheckDeclarationException.Reason;
import dev.credentials.PrototypeDefinitionException;
import dev.credentials.Secret;
import dev.credentials.core.internal.checks.CheckKindRegistry;
import dev.credentials.core.internal.checks.DeclaredProbe;
import dev.credentials.prototype.CheckDeclaration;
import dev.credentials.prototype.CheckTemplate;
import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.FieldType;
import dev.credentials.prototype.Prototype;
import dev.credentials.spi.CheckKind;
import dev.credentials.spi.CheckParameter;
import dev.credentials.spi.CheckParameter.Escaping;
import dev.credentials.spi.ProbeRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Check declarations")
class DeclarationsTest {

  static final ClassLoader LOADER = DeclarationsTest.class.getClassLoader();

  static final Prototype PG =
      Prototype.builder("pg")
          .category("Database")
          .field(FieldDefinition.builder("PGHOST", FieldType.STRING).required(true).build())
          .field(FieldDefinition.builder("PGPORT", FieldType.INTEGER).build())
          .field(FieldDefinition.builder("PGDATABASE", FieldType.STRING).build())
          .field(FieldDefinition.builder("PGPASSWORD", FieldType.PASSWORD).build())
          .build();

  @Nested
  @DisplayName("templates")
  class Templates {
    @Test
    @DisplayName("name the fields they refer to, and keep $$ as a literal $")
    void fields() {
      CheckTemplate t = CheckTemplate.parse("/p", "a$$b${PGHOST}:${PGPORT}/${PGHOST}");
      assertThat(t.fields()).containsExactly("PGHOST", "PGPORT");
      assertThat(
              t.expand(
                      Escaping.VERBATIM, Map.of("PGHOST", Secret.of("h"), "PGPORT", Secret.of("1")))
                  .reveal())
          .isEqualTo("a$bh:1/h");
    }

    @Test
    @DisplayName("that do not parse are typed errors with the path and position")
    void unparseable() {
      for (String bad : new String[] {"x${PGHOST", "x$y", "${}", "${pghost}", "${A B}", "$"}) {
        assertThatThrownBy(() -> CheckTemplate.parse("/check/parameters/url", bad))
            .as(bad)
            .isInstanceOf(InvalidCheckDeclarationException.class)
            .isInstanceOf(PrototypeDefinitionException.class)
            .satisfies(
                e -> {
                  InvalidCheckDeclarationException i = (InvalidCheckDeclarationException) e;
                  assertThat(i.has(Reason.UNPARSEABLE_TEMPLATE)).isTrue();
                  assertThat(i.problems().get(0).path()).isEqualTo("/check/parameters/url");
                });
      }
    }

    @Test
    @DisplayName("percent-encode every URL part, so a value cannot add a path, query, user or host")
    void urlEscaping() {
      CheckTemplate t =
          CheckTemplate.parse("/p", "jdbc:postgresql://${PGHOST}:${PGPORT}/${PGDATABASE}");
      String url =
          t.expand(
                  Escaping.URL,
                  Map.of(
                      "PGHOST", Secret.of("evil@host/x?y#"),
                      "PGPORT", Secret.of("5432"),
                      "PGDATABASE", Secret.of("db name/../é&password=x")))
              .reveal();
      assertThat(url)
          .isEqualTo(
              "jdbc:postgresql://evil%40host%2Fx%3Fy%23:5432/db%20name%2F..%2F%C3%A9%26password%3Dx");
    }

    @Test
    @DisplayName("insert a base URL at the start as is, only when it is an absolute URL by itself")
    void baseUrl() {
      CheckTemplate t = CheckTemplate.parse("/p", "${PGHOST}/c/${PGDATABASE}");
      assertThat(
              t.expand(
                      Escaping.URL,
                      Map.of(
                          "PGHOST",
                          Secret.of("https://erp.example:5434"),
                          "PGDATABASE",
                          Secret.of("a/b")))
                  .reveal())
          .isEqualTo("https://erp.example:5434/c/a%2Fb");
      assertThatThrownBy(() -> t.expand(Escaping.URL, Map.of("PGHOST", Secret.of("not a url"))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("PGHOST")
          .hasMessageNotContaining("not a url");
    }

    @Test
    @DisplayName("refuse a control character in a header value, naming the field and not the value")
    void header() {
      CheckTemplate t = CheckTemplate.parse("/p", "Bearer ${PGPASSWORD}");
      assertThatThrownBy(
              () -> t.expand(Escaping.HEADER, Map.of("PGPASSWORD", Secret.of("tok\r\nX-Evil: 1"))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("PGPASSWORD")
          .hasMessageNotContaining("X-Evil");
    }
  }

  @Nested
  @DisplayName("validation")
  class Validation {
    @Test
    @DisplayName(
        "reports every problem at once with its path: unknown field, parameter, missing one")
    void allProblems() {
      CheckDeclaration d =
          CheckDeclaration.builder("jdbc")
              .parameter("user", "${PGUSERX}")
              .parameter("pasword", "${PGPASSWORD}")
              .parameter("password", "${PGPASSWORD")
              .build();
      assertThatThrownBy(() -> DeclaredProbe.of(PG, "/check", d, Harness.KINDS))
          .isInstanceOfSatisfying(
              InvalidCheckDeclarationException.class,
              e -> {
                assertThat(e.problems())
                    .extracting(p -> p.path() + " " + p.reason())
                    .containsExactlyInAnyOrder(
                        "/check/parameters/user UNKNOWN_FIELD",
                        "/check/parameters/pasword UNKNOWN_PARAMETER",
                        "/check/parameters/password UNPARSEABLE_TEMPLATE",
                        "/check/parameters MISSING_PARAMETER");
                assertThat(e.getMessage()).contains("PGUSERX", "pasword", "url");
              });
    }

    @Test
    @DisplayName("an unknown kind is a typed error naming the known kinds")
    void unknownKind() {
      CheckDeclaration d = CheckDeclaration.of("carrier-pigeon", Map.of());
      assertThatThrownBy(() -> DeclaredProbe.of(PG, "/check", d, Harness.KINDS))
          .isInstanceOfSatisfying(
              InvalidCheckDeclarationException.class,
              e -> assertThat(e.has(Reason.UNKNOWN_KIND)).isTrue());
      assertThatThrownBy(() -> DeclaredProbe.of(PG, "/test", d, Harness.KINDS))
          .isInstanceOf(InvalidCheckDeclarationException.class)
          .hasMessageContaining("/test/kind")
          .hasMessageContaining("jdbc");
    }

    @Test
    @DisplayName("TTLs default per state, and bad names or TTLs are refused eagerly")
    void ttls() {
      CheckDeclaration d =
          CheckDeclaration.builder("tcp")
              .ttl(CredentialState.AVAILABLE, Duration.ofMinutes(9))
              .build();
      assertThat(d.ttl(CredentialState.AVAILABLE)).isEqualTo(Duration.ofMinutes(9));
      assertThat(d.ttl(CredentialState.UNAVAILABLE)).isEqualTo(Duration.ofSeconds(30));
      assertThatThrownBy(() -> CheckDeclaration.of("Bad Kind", Map.of()))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(
              () ->
                  CheckDeclaration.builder("tcp")
                      .ttl(CredentialState.DEGRADED, Duration.ofSeconds(-1))
                      .build())
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(
              () -> CheckDeclaration.builder("tcp").parameter("host", "a").parameter("host", "b"))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @Nested
  @DisplayName("the kind registry")
  class Registry {
    record Fake(String name, int priority) implements CheckKind {
      @Override
      public Map<String, CheckParameter> parameters() {
        return Map.of();
      }

      @Override
      public CheckResult probe(ProbeRequest r) {
        return r.result(CredentialState.AVAILABLE, "fake " + priority);
      }
    }

    static final class Other implements CheckKind {
      @Override
      public String name() {
        return "fake";
      }

      @Override
      public Map<String, CheckParameter> parameters() {
        return Map.of();
      }

      @Override
      public CheckResult probe(ProbeRequest r) {
        return r.result(CredentialState.AVAILABLE, "other");
      }
    }

    @Test
    @DisplayName("discovers the nine built-in kinds through ServiceLoader")
    void discovered() {
      assertThat(Harness.KINDS.names())
          .containsExactly(
              "amqp", "http", "jdbc", "mqtt", "nats", "oauth2", "redis", "smtp", "tcp");
    }

    @Test
    @DisplayName("lets an explicit registration win, the higher priority win, and refuses a tie")
    void priorities() {
      CheckKind mine = new Fake("tcp", -1000);
      assertThat(CheckKindRegistry.of(List.of(mine), true, LOADER).find("tcp")).containsSame(mine);
      Fake high = new Fake("fake", 5);
      assertThat(
              CheckKindRegistry.of(
                      List.of(new Fake("fake", 1), high, new Fake("fake", 2)), false, LOADER)
                  .find("fake"))
          .containsSame(high);
      assertThat(CheckKindRegistry.of(List.of(high, high), false, LOADER).names())
          .containsExactly("fake");
      assertThatThrownBy(
              () -> CheckKindRegistry.of(List.of(new Fake("fake", 0), new Other()), false, LOADER))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(Other.class.getName());
      assertThatThrownBy(
              () -> CheckKindRegistry.of(List.of(new Fake("Bad Name", 0)), false, LOADER))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
