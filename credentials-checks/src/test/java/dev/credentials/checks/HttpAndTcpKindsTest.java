package dev.credentials.checks;

import static dev.credentials.checks.Harness.check;
import static org.assertj.core.api.Assertions.assertThat;

import dev.credentials.CheckResult;
import dev.credentials.CredentialState;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("The tcp, http and oauth2 kinds")
class HttpAndTcpKindsTest {

  static TestHttp http;

  @BeforeAll
  static void start() throws Exception {
    http = new TestHttp();
  }

  @AfterAll
  static void stop() {
    http.close();
  }

  @Nested
  @DisplayName("tcp")
  class Tcp {
    @Test
    @DisplayName("a socket the test opens is AVAILABLE")
    void open() throws Exception {
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        CheckResult r =
            check(
                "tcp",
                Map.of("host", "${HOST}", "port", "${PORT}"),
                Map.of("HOST", "127.0.0.1", "PORT", "" + s.getLocalPort()));
        assertThat(r.state()).isEqualTo(CredentialState.AVAILABLE);
      }
    }

    @Test
    @DisplayName("the same port after it is closed is UNAVAILABLE")
    void closed() throws Exception {
      CheckResult r =
          check(
              "tcp",
              Map.of("host", "${HOST}", "port", "${PORT}"),
              Map.of("HOST", "127.0.0.1", "PORT", "" + Harness.closedPort()));
      assertThat(r.state()).isEqualTo(CredentialState.UNAVAILABLE);
      assertThat(r.message()).contains("refused");
    }

    @Test
    @DisplayName("a port that is no number is MISCONFIGURED")
    void badPort() {
      CheckResult r =
          check(
              "tcp",
              Map.of("host", "${HOST}", "port", "${PORT}"),
              Map.of("HOST", "127.0.0.1", "PORT", "eighty"));
      assertThat(r.state()).isEqualTo(CredentialState.MISCONFIGURED);
      assertThat(r.message()).contains("port");
    }
  }

  @Nested
  @DisplayName("http")
  class Http {
    CheckResult bearer(String path, String token) {
      return check(
          "http",
          Map.of("url", "${BASE}" + path, "auth", "bearer", "token", "${TOKEN}"),
          Map.of("BASE", http.base(), "TOKEN", token));
    }

    @Test
    @DisplayName("2xx with the right bearer token is AVAILABLE, with the status in the details")
    void available() {
      CheckResult r = bearer("/me", TestHttp.TOKEN);
      assertThat(r.state()).isEqualTo(CredentialState.AVAILABLE);
      assertThat(r.details()).containsEntry("status", "200");
    }

    @Test
    @DisplayName("401 with a wrong token is MISCONFIGURED")
    void wrongToken() {
      assertThat(bearer("/me", "wrong-token-999").state()).isEqualTo(CredentialState.MISCONFIGURED);
    }

    @Test
    @DisplayName("basic, header and query authentication each reach the API")
    void otherAuth() {
      Map<String, String> v = Map.of("BASE", http.base(), "USER", "good", "PASS", "pw");
      assertThat(
              check(
                      "http",
                      Map.of(
                          "url",
                          "${BASE}/me",
                          "auth",
                          "basic",
                          "user",
                          "${USER}",
                          "password",
                          "${PASS}"),
                      v)
                  .state())
          .isEqualTo(CredentialState.AVAILABLE);
      Map<String, String> t = Map.of("BASE", http.base(), "TOKEN", TestHttp.TOKEN);
      assertThat(
              check(
                      "http",
                      Map.of(
                          "url",
                          "${BASE}/me",
                          "auth",
                          "header",
                          "header",
                          "X-Api-Key",
                          "token",
                          "${TOKEN}"),
                      t)
                  .state())
          .isEqualTo(CredentialState.AVAILABLE);
      assertThat(
              check(
                      "http",
                      Map.of(
                          "url",
                          "${BASE}/me",
                          "auth",
                          "query",
                          "query",
                          "key",
                          "token",
                          "${TOKEN}"),
                      t)
                  .state())
          .isEqualTo(CredentialState.AVAILABLE);
      assertThat(
              check(
                      "http",
                      Map.of(
                          "url",
                          "${BASE}/me",
                          "auth",
                          "basic",
                          "user",
                          "${USER}",
                          "password",
                          "${PASS}"),
                      Map.of("BASE", http.base(), "USER", "good", "PASS", "bad"))
                  .state())
          .isEqualTo(CredentialState.MISCONFIGURED);
    }

    @Test
    @DisplayName("429 and 503 are DEGRADED, 500 UNAVAILABLE, 404 MISCONFIGURED")
    void statuses() {
      assertThat(bearer("/throttled", TestHttp.TOKEN).state()).isEqualTo(CredentialState.DEGRADED);
      assertThat(bearer("/busy", TestHttp.TOKEN).state()).isEqualTo(CredentialState.DEGRADED);
      assertThat(bearer("/broken", TestHttp.TOKEN).state()).isEqualTo(CredentialState.UNAVAILABLE);
      assertThat(bearer("/missing", TestHttp.TOKEN).state())
          .isEqualTo(CredentialState.MISCONFIGURED);
    }

    @Test
    @DisplayName("declared status overrides win over the defaults")
    void overrides() {
      CheckResult r =
          check(
              "http",
              Map.of("url", "${BASE}/missing", "states", "404=AVAILABLE, 5xx=DEGRADED"),
              Map.of("BASE", http.base()));
      assertThat(r.state()).isEqualTo(CredentialState.AVAILABLE);
    }

    @Test
    @DisplayName(
        "host-only mode asks the root without credentials and accepts any answer below 500")
    void hostOnly() {
      http.paths.clear();
      CheckResult r =
          check(
              "http",
              Map.of("url", "${BASE}/me", "mode", "host", "auth", "bearer", "token", "${TOKEN}"),
              Map.of("BASE", http.base(), "TOKEN", "wrong-token-999"));
      assertThat(r.state()).isEqualTo(CredentialState.AVAILABLE);
      assertThat(http.paths).containsExactly("/");
    }

    @Test
    @DisplayName("a field value spliced into the path is percent-encoded, never raw")
    void escaping() {
      http.paths.clear();
      CheckResult r =
          check(
              "http",
              Map.of("url", "${BASE}/x/${COMPANY}"),
              Map.of("BASE", http.base(), "COMPANY", "../me?x=1#"));
      assertThat(r.details()).containsEntry("status", "404");
      assertThat(http.paths).containsExactly("/x/../me?x=1#");
    }

    @Test
    @DisplayName("nothing listening is UNAVAILABLE")
    void closed() throws Exception {
      CheckResult r =
          check(
              "http",
              Map.of("url", "${BASE}/me"),
              Map.of("BASE", "http://127.0.0.1:" + Harness.closedPort()));
      assertThat(r.state()).isEqualTo(CredentialState.UNAVAILABLE);
    }

    @Test
    @DisplayName("a listener that never answers is UNAVAILABLE within the timeout")
    void silent() throws Exception {
      try (Harness.Silent s = new Harness.Silent()) {
        long start = System.nanoTime();
        CheckResult r =
            check(
                "http",
                Map.of("url", "${BASE}/me"),
                Map.of("BASE", "http://127.0.0.1:" + s.port()),
                Duration.ofMillis(800));
        assertThat(r.state()).isEqualTo(CredentialState.UNAVAILABLE);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
      }
    }

    @Test
    @DisplayName("a method that could change something is refused as MISCONFIGURED")
    void noPost() {
      CheckResult r =
          check("http", Map.of("url", "${BASE}/me", "method", "POST"), Map.of("BASE", http.base()));
      assertThat(r.state()).isEqualTo(CredentialState.MISCONFIGURED);
    }
  }

  @Nested
  @DisplayName("oauth2")
  class OAuth2 {
    CheckResult grant(String path, String id, String secret, String clientAuth) {
      return check(
          "oauth2",
          Map.of(
              "token-url",
              "${BASE}" + path,
              "client-id",
              "${CLIENT_ID}",
              "client-secret",
              "${CLIENT_SECRET}",
              "client-auth",
              clientAuth),
          Map.of("BASE", http.base(), "CLIENT_ID", id, "CLIENT_SECRET", secret));
    }

    @Test
    @DisplayName("a client-credentials grant the endpoint honours is AVAILABLE (basic and post)")
    void available() {
      assertThat(grant("/token", "good-client", "good-secret", "basic").state())
          .isEqualTo(CredentialState.AVAILABLE);
      assertThat(grant("/token", "good-client", "good-secret", "post").state())
          .isEqualTo(CredentialState.AVAILABLE);
    }

    @Test
    @DisplayName("invalid_client is MISCONFIGURED, with the error code in the details")
    void wrongSecret() {
      CheckResult r = grant("/token", "good-client", "wrong-secret-42", "basic");
      assertThat(r.state()).isEqualTo(CredentialState.MISCONFIGURED);
      assertThat(r.details()).containsEntry("error", "invalid_client");
    }

    @Test
    @DisplayName("429 at the token endpoint is DEGRADED")
    void throttled() {
      assertThat(grant("/token-throttled", "good-client", "good-secret", "basic").state())
          .isEqualTo(CredentialState.DEGRADED);
    }

    @Test
    @DisplayName("nothing listening, or a silent listener, is UNAVAILABLE within the timeout")
    void unreachable() throws Exception {
      Map<String, String> p =
          Map.of("token-url", "${BASE}/token", "client-id", "${ID}", "client-secret", "${SECRET}");
      assertThat(
              check(
                      "oauth2",
                      p,
                      Map.of(
                          "BASE",
                          "http://127.0.0.1:" + Harness.closedPort(),
                          "ID",
                          "a",
                          "SECRET",
                          "b"))
                  .state())
          .isEqualTo(CredentialState.UNAVAILABLE);
      try (Harness.Silent s = new Harness.Silent()) {
        long start = System.nanoTime();
        CheckResult r =
            check(
                "oauth2",
                p,
                Map.of("BASE", "http://127.0.0.1:" + s.port(), "ID", "a", "SECRET", "b"),
                Duration.ofMillis(800));
        assertThat(r.state()).isEqualTo(CredentialState.UNAVAILABLE);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
      }
    }

    @Test
    @DisplayName(
        "a stored JWT is AVAILABLE before its exp and MISCONFIGURED after; none is MISCONFIGURED")
    void stored() {
      long now = System.currentTimeMillis() / 1000;
      Map<String, String> p = Map.of("mode", "stored-token", "token", "${ACCESS_TOKEN}");
      assertThat(check("oauth2", p, Map.of("ACCESS_TOKEN", jwt(now + 3600))).state())
          .isEqualTo(CredentialState.AVAILABLE);
      assertThat(check("oauth2", p, Map.of("ACCESS_TOKEN", jwt(now - 60))).state())
          .isEqualTo(CredentialState.MISCONFIGURED);
      assertThat(check("oauth2", p, Map.of("ACCESS_TOKEN", "")).state())
          .isEqualTo(CredentialState.MISCONFIGURED);
      assertThat(
              check(
                      "oauth2",
                      Map.of(
                          "mode",
                          "stored-token",
                          "token",
                          "${ACCESS_TOKEN}",
                          "expires-at",
                          "${EXPIRES}"),
                      Map.of("ACCESS_TOKEN", "opaque-token-xyz", "EXPIRES", "2001-01-01T00:00:00Z"))
                  .state())
          .isEqualTo(CredentialState.MISCONFIGURED);
    }

    static String jwt(long exp) {
      java.util.Base64.Encoder e = java.util.Base64.getUrlEncoder().withoutPadding();
      return e.encodeToString(
              "{\"alg\":\"none\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8))
          + "."
          + e.encodeToString(
              ("{\"sub\":\"x\",\"exp\":" + exp + "}")
                  .getBytes(java.nio.charset.StandardCharsets.UTF_8))
          + ".sig";
    }
  }
}
