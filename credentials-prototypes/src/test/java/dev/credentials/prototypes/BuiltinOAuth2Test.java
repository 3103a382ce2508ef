package dev.credentials.prototypes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.credentials.Secret;
import dev.credentials.core.prototype.PrototypeRegistry;
import dev.credentials.prototype.CheckTemplate;
import dev.credentials.prototype.OAuth2Fields;
import dev.credentials.spi.CheckParameter.Escaping;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The built-ins that hold an OAuth 2.0 client declare their token fields, and they fit. */
class BuiltinOAuth2Test {

  static PrototypeRegistry registry;

  @BeforeAll
  static void load() {
    // loading refuses a declaration that names a field its prototype lacks
    registry = PrototypeRegistry.load(List.of(), true, BuiltinOAuth2Test.class.getClassLoader());
  }

  @Test
  @DisplayName("oauth2, csas, salesforce and hubspot declare OAuth 2.0 fields; others do not")
  void declared() {
    Set<String> declared = Set.of("oauth2", "csas", "salesforce", "hubspot");
    for (var p : registry.all()) {
      assertThat(registry.oauth2(p.code()).isPresent())
          .as(p.code())
          .isEqualTo(declared.contains(p.code()));
    }
    for (String code : declared) {
      OAuth2Fields f = registry.oauth2(code).orElseThrow();
      assertThat(f.problemsWith(registry.require(code))).as(code).isEmpty();
      assertThat(registry.require(code).field(f.accessToken()).orElseThrow().secret())
          .as(code + " keeps its access token secret")
          .isTrue();
    }
  }

  @Test
  @DisplayName("the token endpoints expand from the credential's fields")
  void endpoints() {
    assertThat(endpoint("oauth2", Map.of("OAUTH2_URL", "https://idp.example/token")))
        .isEqualTo("https://idp.example/token");
    assertThat(
            endpoint(
                "salesforce", Map.of("SALESFORCE_INSTANCE_URL", "https://acme.my.salesforce.com")))
        .isEqualTo("https://acme.my.salesforce.com/services/oauth2/token");
    assertThat(endpoint("hubspot", Map.of())).isEqualTo("https://api.hubapi.com/oauth/v1/token");
    assertThat(registry.require("csas").field("CSAS_AUTH_URL").orElseThrow().defaultValue())
        .isPresent();
  }

  private static String endpoint(String code, Map<String, String> values) {
    Map<String, Secret> secrets =
        values.entrySet().stream()
            .collect(
                java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> Secret.of(e.getValue())));
    return CheckTemplate.parse("t", registry.oauth2(code).orElseThrow().tokenEndpoint())
        .expand(Escaping.URL, secrets)
        .reveal();
  }
}
