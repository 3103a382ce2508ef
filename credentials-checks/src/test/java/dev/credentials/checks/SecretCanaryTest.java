package dev.credentials.checks;

import static dev.credentials.checks.Harness.check;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.credentials.CheckResult;
import dev.credentials.CredentialState;
import dev.credentials.testkit.CapturedLog;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Every kind, with canary secrets (right and wrong ones) against real servers, silent listeners and
 * closed ports, logging at TRACE (SLF4J through slf4j-simple, and java.util.logging at ALL for the
 * clients that use it): no canary appears in any message, detail or log line, as written,
 * URL-encoded or in Base64.
 */
@DisplayName("No secret leaks from any kind")
class SecretCanaryTest {

  static final String TAG = UUID.randomUUID().toString().substring(0, 6);

  /** Characters that URL and Base64 encodings change, so each form is a different string. */
  static final String RIGHT = "Canary+Right/" + TAG + "=é&";

  static final String WRONG = "Canary+Wrong/" + TAG + "=é&";

  static List<String> forms(String secret) {
    byte[] b = secret.getBytes(StandardCharsets.UTF_8);
    List<String> out = new ArrayList<>();
    out.add(secret);
    out.add(URLEncoder.encode(secret, StandardCharsets.UTF_8));
    out.add(URLEncoder.encode(secret, StandardCharsets.UTF_8).replace("+", "%20"));
    out.add(Base64.getEncoder().encodeToString(b));
    out.add(Base64.getUrlEncoder().withoutPadding().encodeToString(b));
    out.add("Canary+Right/" + TAG);
    out.add("Canary+Wrong/" + TAG);
    return out;
  }

  @Test
  @DisplayName("in messages, details or TRACE logs, in any encoding")
  void noCanary() throws Exception {
    Logger root = Logger.getLogger("");
    Level before = root.getLevel();
    root.setLevel(Level.ALL);
    // Two loggers stay at INFO, and docs/checks.md says why: the JDK HTTP client's developer debug
    // logger prints every request URL, so a declaration that puts a token in the URL (auth=query,
    // or a token in the path as Telegram's API needs) shows it there; and the test's own
    // HttpServer prints the request lines it receives.
    Logger jdkHttpDebug = Logger.getLogger("jdk.internal.httpclient.debug");
    Logger testServer = Logger.getLogger("com.sun.net.httpserver");
    jdkHttpDebug.setLevel(Level.INFO);
    testServer.setLevel(Level.INFO);
    String user = "can_" + TAG;
    List<CheckResult> results = new ArrayList<>();
    Set<CredentialState> seen = EnumSet.noneOf(CredentialState.class);
    String logText;
    // Setting up the servers (which log their own statements) happens before the capture.
    try (Connection c =
            DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/test?user=root");
        Statement s = c.createStatement()) {
      s.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + RIGHT + "'");
      s.execute("CREATE USER '" + user + "'@'localhost' IDENTIFIED BY '" + RIGHT + "'");
    }
    try (Jedis j = new Jedis("127.0.0.1", 6379)) {
      j.aclSetUser(user, "on", ">" + RIGHT, "+ping", "+hello", "+client", "+auth");
    }
    GreenMail mail =
        new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("robot", RIGHT));
    mail.start();
    try (CapturedLog log = CapturedLog.captureQuietly();
        TestHttp http = new TestHttp();
        Harness.Silent silent = new Harness.Silent()) {
      String closed = "" + Harness.closedPort();
      String mute = "" + silent.port();
      Duration quick = Duration.ofMillis(700);

      // tcp: no secret of its own, but a secret field in the credential
      results.add(
          check(
              "tcp",
              Map.of("host", "127.0.0.1", "port", "${PORT}"),
              Map.of("PORT", closed, "PASSWORD", RIGHT)));

      // http: bearer, basic, header, query with canaries; silent and closed
      for (String token : List.of(RIGHT, WRONG)) {
        for (String auth : List.of("bearer", "header", "query")) {
          results.add(
              check(
                  "http",
                  Map.of(
                      "url",
                      "${BASE}/me",
                      "auth",
                      auth,
                      "token",
                      "${TOKEN}",
                      "header",
                      "X-Api-Key",
                      "query",
                      "key"),
                  Map.of("BASE", http.base(), "TOKEN", token)));
        }
        results.add(
            check(
                "http",
                Map.of("url", "${BASE}/me", "auth", "basic", "user", "good", "password", "${PASS}"),
                Map.of("BASE", http.base(), "PASS", token)));
      }
      results.add(
          check(
              "http",
              Map.of("url", "${BASE}/me", "auth", "bearer", "token", "${TOKEN}"),
              Map.of("BASE", "http://127.0.0.1:" + mute, "TOKEN", RIGHT),
              quick));
      results.add(
          check(
              "http",
              Map.of("url", "${BASE}/${TOKEN}", "auth", "query", "query", "k", "token", "${TOKEN}"),
              Map.of("BASE", "http://127.0.0.1:" + closed, "TOKEN", RIGHT)));

      // oauth2: client secrets and stored tokens
      for (String secret : List.of(RIGHT, WRONG)) {
        for (String base : List.of(http.base(), "http://127.0.0.1:" + closed)) {
          results.add(
              check(
                  "oauth2",
                  Map.of(
                      "token-url",
                      "${BASE}/token",
                      "client-id",
                      "good-client",
                      "client-secret",
                      "${SECRET}",
                      "client-auth",
                      "post"),
                  Map.of("BASE", base, "SECRET", secret)));
        }
      }
      results.add(
          check(
              "oauth2",
              Map.of("mode", "stored-token", "token", "${TOKEN}"),
              Map.of("TOKEN", RIGHT)));

      // jdbc: MariaDB user whose password is the canary; right, wrong, silent
      {
        for (String pw : List.of(RIGHT, WRONG)) {
          for (String url :
              List.of(
                  "jdbc:mariadb://127.0.0.1:${PORT}/",
                  "jdbc:postgresql://127.0.0.1:${PORT}/test")) {
            for (String port : List.of(url.contains("mariadb") ? "3306" : "5432", closed)) {
              results.add(
                  check(
                      "jdbc",
                      Map.of("url", url, "user", "${USER}", "password", "${PASSWORD}"),
                      Map.of(
                          "PORT",
                          port,
                          "USER",
                          url.contains("mariadb") ? user : "nobody_" + TAG,
                          "PASSWORD",
                          pw)));
            }
          }
        }
        results.add(
            check(
                "jdbc",
                Map.of(
                    "url", "jdbc:postgresql://127.0.0.1:${PORT}/test", "password", "${PASSWORD}"),
                Map.of("PORT", mute, "PASSWORD", RIGHT),
                quick));
      }

      // redis: an ACL user whose password is the canary
      {
        for (String pw : List.of(RIGHT, WRONG)) {
          for (String port : List.of("6379", closed)) {
            results.add(
                check(
                    "redis",
                    Map.of(
                        "host",
                        "127.0.0.1",
                        "port",
                        "${PORT}",
                        "user",
                        "${USER}",
                        "password",
                        "${PASSWORD}"),
                    Map.of("PORT", port, "USER", user, "PASSWORD", pw)));
          }
        }
        results.add(
            check(
                "redis",
                Map.of("host", "127.0.0.1", "port", "${PORT}", "password", "${PASSWORD}"),
                Map.of("PORT", mute, "PASSWORD", RIGHT),
                quick));
      }

      // smtp: GreenMail user whose password is the canary
      {
        for (String pw : List.of(RIGHT, WRONG)) {
          for (String port : List.of("" + mail.getSmtp().getPort(), closed, mute)) {
            results.add(
                check(
                    "smtp",
                    Map.of(
                        "host",
                        "127.0.0.1",
                        "port",
                        "${PORT}",
                        "security",
                        "none",
                        "user",
                        "robot",
                        "password",
                        "${PASSWORD}"),
                    Map.of("PORT", port, "PASSWORD", pw),
                    quick.multipliedBy(2)));
          }
        }
      }

      // amqp, nats, mqtt: canary passwords against the real brokers, closed and silent ports
      for (String pw : List.of(RIGHT, WRONG)) {
        for (String port : List.of("5672", closed, mute)) {
          results.add(
              check(
                  "amqp",
                  Map.of(
                      "host",
                      "127.0.0.1",
                      "port",
                      "${PORT}",
                      "user",
                      "guest",
                      "password",
                      "${PASSWORD}"),
                  Map.of("PORT", port, "PASSWORD", pw),
                  quick.multipliedBy(2)));
        }
        for (String port : List.of("4222", closed, mute)) {
          results.add(
              check(
                  "nats",
                  Map.of(
                      "url",
                      "nats://127.0.0.1:${PORT}",
                      "user",
                      "someone",
                      "password",
                      "${PASSWORD}"),
                  Map.of("PORT", port, "PASSWORD", pw),
                  quick.multipliedBy(2)));
          results.add(
              check(
                  "nats",
                  Map.of("url", "nats://127.0.0.1:${PORT}", "token", "${TOKEN}"),
                  Map.of("PORT", port, "TOKEN", pw),
                  quick.multipliedBy(2)));
        }
        for (String port : List.of("1883", closed, mute)) {
          results.add(
              check(
                  "mqtt",
                  Map.of(
                      "url",
                      "tcp://127.0.0.1:${PORT}",
                      "user",
                      "someone",
                      "password",
                      "${PASSWORD}"),
                  Map.of("PORT", port, "PASSWORD", pw),
                  quick.multipliedBy(2)));
        }
      }
      logText = log.text();
    } finally {
      root.setLevel(before);
      jdkHttpDebug.setLevel(null);
      testServer.setLevel(null);
      mail.stop();
      try (Connection c =
              DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/test?user=root");
          Statement s = c.createStatement()) {
        s.execute("DROP USER IF EXISTS '" + user + "'@'%'");
        s.execute("DROP USER IF EXISTS '" + user + "'@'localhost'");
      }
      try (Jedis j = new Jedis("127.0.0.1", 6379)) {
        j.aclDelUser(user);
      }
    }

    List<String> texts = new ArrayList<>();
    for (CheckResult r : results) {
      seen.add(r.state());
      texts.add(r.message());
      texts.add(r.toString());
      r.details().forEach((k, v) -> texts.add(k + "=" + v));
    }
    texts.add(logText);
    for (String text : texts) {
      for (String canary : List.of(RIGHT, WRONG)) {
        for (String form : forms(canary)) {
          assertThat(text).as("a result or the log").doesNotContain(form);
        }
      }
    }
    // The run covered the states and logging was really on at TRACE.
    assertThat(seen)
        .contains(
            CredentialState.AVAILABLE, CredentialState.MISCONFIGURED, CredentialState.UNAVAILABLE);
    assertThat(logText).contains("DeclaredProbe").contains(" said: ");
    assertThat(results).hasSize(60);
  }
}
