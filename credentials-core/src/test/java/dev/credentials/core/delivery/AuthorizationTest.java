package dev.credentials.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.RevealedCredential;
import dev.credentials.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Authorization headers and their verifier")
class AuthorizationTest {

  static Map<String, Secret> values(String... kv) {
    Map<String, Secret> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], Secret.of(kv[i + 1]));
    }
    return m;
  }

  static String header(Optional<Secret> s) {
    return s.orElseThrow().reveal();
  }

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Nested
  @DisplayName("AuthorizationHeaders")
  class Headers {

    @Test
    @DisplayName("bearer wins when a token and basic fields are both set")
    void bearerWins() {
      Map<String, Secret> v =
          values("API_TOKEN", "tok", "API_USERNAME", "bob", "API_PASSWORD", "pw");
      assertThat(header(AuthorizationHeaders.from(v))).isEqualTo("Bearer tok");
      assertThat(
              header(
                  AuthorizationHeaders.from(
                      v,
                      AuthorizationFields.bearerOrBasic(
                          "API_TOKEN", "API_USERNAME", "API_PASSWORD"))))
          .isEqualTo("Bearer tok");
    }

    @Test
    @DisplayName("an empty token falls back to basic")
    void emptyTokenFallsBack() {
      Map<String, Secret> v = values("API_TOKEN", "", "API_USER", "bob", "API_PASSWORD", "pw");
      assertThat(header(AuthorizationHeaders.from(v))).isEqualTo("Basic " + b64("bob:pw"));
    }

    @Test
    @DisplayName("basic is base64 of UTF-8 user:password, an empty password allowed")
    void basicEncoding() {
      assertThat(
              header(
                  AuthorizationHeaders.from(values("USER", "Aladdin", "PASSWORD", "open sesame"))))
          .isEqualTo("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
      assertThat(
              header(
                  AuthorizationHeaders.from(values("ERP_LOGIN", "jür", "ERP_PASSWORD", "pä:ss"))))
          .isEqualTo("Basic " + b64("jür:pä:ss"));
      assertThat(header(AuthorizationHeaders.from(values("DB_USERNAME", "u", "DB_PASSWORD", ""))))
          .isEqualTo("Basic " + b64("u:"));
    }

    @Test
    @DisplayName("the convention recognises the documented codes")
    void convention() {
      for (String code :
          new String[] {
            "TOKEN", "BEARER_TOKEN", "ACCESS_TOKEN", "API_TOKEN", "GITHUB_TOKEN", "X_API_TOKEN"
          }) {
        assertThat(header(AuthorizationHeaders.from(values(code, "t"))))
            .as(code)
            .isEqualTo("Bearer t");
      }
      // preferred codes beat other *_TOKEN fields; refresh and id tokens never count
      assertThat(
              header(
                  AuthorizationHeaders.from(
                      values("ACCESS_TOKEN", "a", "REFRESH_TOKEN", "r", "CSRF_TOKEN", "c"))))
          .isEqualTo("Bearer a");
      assertThat(AuthorizationHeaders.from(values("REFRESH_TOKEN", "r", "OIDC_ID_TOKEN", "i")))
          .isEmpty();
      assertThat(AuthorizationHeaders.from(values("PAID_TOKEN", "p"))).isPresent();
      // a user name without its password, or a password without a user name, is not basic
      assertThat(AuthorizationHeaders.from(values("DB_USER", "u", "ERP_PASSWORD", "p"))).isEmpty();
      assertThat(AuthorizationHeaders.from(values("DB_HOST", "h"))).isEmpty();
    }

    @Test
    @DisplayName(
        "an ambiguous convention is refused with the field codes, and explicit fields choose")
    void ambiguous() {
      Map<String, Secret> tokens =
          Map.of("GITHUB_TOKEN", Canary.SECRET, "GITLAB_TOKEN", Canary.SECRET);
      IllegalArgumentException e =
          Canary.thrownWithoutLeak(
              IllegalArgumentException.class, () -> AuthorizationHeaders.from(tokens));
      assertThat(e).hasMessageContaining("GITHUB_TOKEN").hasMessageContaining("GITLAB_TOKEN");
      assertThat(
              header(AuthorizationHeaders.from(tokens, AuthorizationFields.bearer("GITLAB_TOKEN"))))
          .isEqualTo("Bearer " + Canary.VALUE);

      Map<String, Secret> pairs =
          values("DB_USER", "u", "DB_PASSWORD", "p", "ERP_LOGIN", "l", "ERP_PASSWORD", "q");
      assertThatThrownBy(() -> AuthorizationHeaders.from(pairs))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("DB_USER+DB_PASSWORD")
          .hasMessageContaining("ERP_LOGIN+ERP_PASSWORD");
      assertThat(
              header(
                  AuthorizationHeaders.from(
                      pairs, AuthorizationFields.basic("ERP_LOGIN", "ERP_PASSWORD"))))
          .isEqualTo("Basic " + b64("l:q"));
    }

    @Test
    @DisplayName("explicit fields that are not set give empty")
    void explicitUnset() {
      assertThat(AuthorizationHeaders.from(values("A", "x"), AuthorizationFields.bearer("B")))
          .isEmpty();
      assertThat(AuthorizationHeaders.from(values("U", "x"), AuthorizationFields.basic("U", "P")))
          .isEmpty();
      assertThatThrownBy(
              () -> new AuthorizationFields(Optional.empty(), Optional.of("U"), Optional.empty()))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(
              () -> new AuthorizationFields(Optional.empty(), Optional.empty(), Optional.empty()))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("values that cannot be in a header are refused without the value")
    void badValues() {
      for (Secret bad :
          new Secret[] {
            Canary.containing("a b", ""),
            Canary.containing("", "\r\nX-Evil: 1"),
            Canary.containing("ü", "")
          }) {
        IllegalArgumentException e =
            Canary.thrownWithoutLeak(
                IllegalArgumentException.class,
                () -> AuthorizationHeaders.from(Map.of("API_TOKEN", bad)));
        assertThat(e).hasMessageContaining("API_TOKEN");
      }
      Canary.thrownWithoutLeak(
          IllegalArgumentException.class, () -> AuthorizationHeaders.bearer(Secret.empty()));
      IllegalArgumentException colon =
          Canary.thrownWithoutLeak(
              IllegalArgumentException.class,
              () -> AuthorizationHeaders.basic(Canary.containing("a:", ""), Secret.of("p")));
      assertThat(colon).hasMessageContaining("colon");
      Canary.thrownWithoutLeak(
          IllegalArgumentException.class,
          () -> AuthorizationHeaders.basic(Secret.of("u"), Canary.containing("\n", "")));
      Canary.thrownWithoutLeak(
          IllegalArgumentException.class,
          () -> AuthorizationHeaders.basic(Secret.empty(), Canary.SECRET));
    }

    @Test
    @DisplayName("from a credential resolved by the real engine")
    void fromEngine() {
      try (EngineFixture engine = new EngineFixture(Canary.SECRET, Canary.containing("tok-", ""))) {
        RevealedCredential api = engine.billingApi();
        Secret h = Canary.noLeak(() -> AuthorizationHeaders.from(api).orElseThrow());
        assertThat(h.reveal()).isEqualTo("Bearer tok-" + Canary.VALUE);
        RevealedCredential db = engine.database();
        assertThat(AuthorizationHeaders.from(db).orElseThrow().reveal())
            .isEqualTo("Basic " + b64("orders_app:" + Canary.VALUE));
        // the whole environment of the consumer holds both: bearer wins
        assertThat(AuthorizationHeaders.from(engine.resolve().variables()).orElseThrow().reveal())
            .startsWith("Bearer ");
      }
    }
  }

  @Nested
  @DisplayName("AuthorizationVerifier")
  class Verifier {

    @Test
    @DisplayName("accepts the expected bearer header, with the scheme in any case")
    void acceptsBearer() {
      AuthorizationVerifier v = AuthorizationVerifier.bearer(Canary.SECRET);
      assertThat(v.verify("Bearer " + Canary.VALUE)).isTrue();
      assertThat(v.verify("bearer " + Canary.VALUE)).isTrue();
      assertThat(v.verify("BEARER   " + Canary.VALUE + " ")).isTrue();
      assertThat(v.verify(Secret.of("Bearer " + Canary.VALUE))).isTrue();
      assertThat(v.scheme()).isEqualTo("bearer");
      Canary.assertNoLeak(v);
    }

    @Test
    @DisplayName("rejects other tokens, prefixes, extensions and other schemes")
    void rejectsBearer() {
      AuthorizationVerifier v = AuthorizationVerifier.bearer(Canary.SECRET);
      assertThat(v.verify("Bearer " + Canary.VALUE + "x")).isFalse();
      assertThat(v.verify("Bearer " + Canary.VALUE.substring(1))).isFalse();
      assertThat(v.verify("Bearer " + Canary.VALUE.substring(0, 5))).isFalse();
      assertThat(v.verify("Token " + Canary.VALUE)).isFalse();
      assertThat(v.verify("Basic " + Canary.VALUE)).isFalse();
    }

    @Test
    @DisplayName("accepts basic credentials however they are padded, rejects wrong ones")
    void basic() {
      AuthorizationVerifier v = AuthorizationVerifier.basic(Secret.of("Aladdin"), Canary.SECRET);
      String good = b64("Aladdin:" + Canary.VALUE);
      assertThat(v.verify("Basic " + good)).isTrue();
      assertThat(v.verify("basic " + good.replace("=", ""))).isTrue();
      assertThat(v.verify("Basic " + b64("Aladdin:wrong"))).isFalse();
      assertThat(v.verify("Basic " + b64("aladdin:" + Canary.VALUE))).isFalse();
      assertThat(v.verify("Bearer " + good)).isFalse();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(
        strings = {
          "",
          "   ",
          "Bearer",
          "Bearer ",
          "Bearer\t" + Canary.VALUE,
          " Bearer",
          "Basic !!!not-base64!!!",
          "Basic ====",
          "Bearer a b",
          "Bear:er " + Canary.VALUE,
          "Bearer " + Canary.VALUE + "\r\nX: y",
          "Bearer ünïcødé"
        })
    @DisplayName("rejects malformed headers without throwing")
    void malformed(String header) {
      assertThat(AuthorizationVerifier.bearer(Canary.SECRET).verify(header)).isFalse();
      assertThat(AuthorizationVerifier.basic(Secret.of("u"), Canary.SECRET).verify(header))
          .isFalse();
    }

    @Test
    @DisplayName("rejects oversized headers")
    void oversized() {
      String big = "Bearer " + "a".repeat(AuthorizationVerifier.MAX_HEADER_LENGTH);
      assertThat(AuthorizationVerifier.of(Secret.of("Bearer a")).verify(big)).isFalse();
      assertThat(AuthorizationVerifier.of(Secret.of("Bearer a")).verify(Secret.of(big))).isFalse();
    }

    @Test
    @DisplayName("a malformed expected value is refused without echoing it")
    void malformedExpected() {
      IllegalArgumentException e =
          Canary.thrownWithoutLeak(
              IllegalArgumentException.class, () -> AuthorizationVerifier.of(Canary.SECRET));
      assertThat(e).hasMessageContaining("malformed");
    }

    @Test
    @DisplayName("from a credential by the convention")
    void fromCredential() {
      try (EngineFixture engine = new EngineFixture(Canary.SECRET, Secret.of("tok-1"))) {
        AuthorizationVerifier v = AuthorizationVerifier.from(engine.billingApi()).orElseThrow();
        assertThat(v.verify("Bearer tok-1")).isTrue();
        AuthorizationVerifier db =
            AuthorizationVerifier.from(
                    engine.database().values(), AuthorizationFields.basic("DB_USER", "DB_PASSWORD"))
                .orElseThrow();
        assertThat(db.verify("Basic " + b64("orders_app:" + Canary.VALUE))).isTrue();
        assertThat(db.verify("Basic " + b64("orders_app:nope"))).isFalse();
      }
    }
  }
}
