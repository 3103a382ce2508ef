package dev.credentials.checks;

import static dev.credentials.checks.Harness.check;
import static org.assertj.core.api.Assertions.assertThat;

import dev.credentials.CheckResult;
import dev.credentials.CredentialState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * The redis, amqp, nats and mqtt kinds against the servers on this machine. Redis gets a test ACL
 * user; RabbitMQ has guest/guest; the NATS server and Mosquitto on this machine run without
 * authentication, so the test starts a second nats-server (user/password, and token) and a second
 * mosquitto (password file made with mosquitto_passwd) on free ports.
 */
@DisplayName("The broker kinds")
class BrokerKindsTest {

  static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);

  /** Asserts the silent-listener case of a kind: UNAVAILABLE well within the timeout. */
  static void silentIsUnavailable(Function<Integer, CheckResult> run) throws Exception {
    try (Harness.Silent s = new Harness.Silent()) {
      long start = System.nanoTime();
      CheckResult r = run.apply(s.port());
      assertThat(r.state()).isEqualTo(CredentialState.UNAVAILABLE);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2800));
    }
  }

  @Nested
  @DisplayName("redis")
  class Redis {
    static final String USER = "chk_" + SUFFIX;
    static final String PASS = "Redis-pw-" + SUFFIX;

    @BeforeAll
    static void user() {
      try (Jedis j = new Jedis("127.0.0.1", 6379)) {
        j.aclSetUser(USER, "on", ">" + PASS, "+ping", "+hello", "+client", "+auth", "+select");
      }
    }

    @AfterAll
    static void drop() {
      try (Jedis j = new Jedis("127.0.0.1", 6379)) {
        j.aclDelUser(USER);
      }
    }

    CheckResult redis(String port, String user, String pass, Duration timeout) {
      return check(
          "redis",
          Map.of("host", "${HOST}", "port", "${PORT}", "user", "${USER}", "password", "${PASS}"),
          Map.of("HOST", "127.0.0.1", "PORT", port, "USER", user, "PASS", pass),
          timeout);
    }

    @Test
    @DisplayName("an ACL user with the right password is AVAILABLE, a wrong one MISCONFIGURED")
    void passwords() {
      assertThat(redis("6379", USER, PASS, Harness.TIMEOUT).state())
          .isEqualTo(CredentialState.AVAILABLE);
      assertThat(redis("6379", USER, "Wrong-" + PASS, Harness.TIMEOUT).state())
          .isEqualTo(CredentialState.MISCONFIGURED);
    }

    @Test
    @DisplayName(
        "a server busy running a script (BUSY) is DEGRADED: a redis-server the test starts")
    void busy(@TempDir Path dir) throws Exception {
      int port = Harness.closedPort();
      try (Harness.Daemon server =
          new Harness.Daemon(
              List.of(
                  Harness.executable("redis-server"),
                  "--port",
                  "" + port,
                  "--bind",
                  "127.0.0.1",
                  "--save",
                  "",
                  "--appendonly",
                  "no",
                  "--lua-time-limit",
                  "100",
                  "--dir",
                  dir.toString()),
              port,
              dir.resolve("redis.log"))) {
        Thread script =
            new Thread(
                () -> {
                  try (Jedis j = new Jedis("127.0.0.1", port, 20_000)) {
                    j.eval("local i = 0 while true do i = i + 1 end");
                  } catch (RuntimeException killed) {
                    // SCRIPT KILL ends it
                  }
                });
        script.setDaemon(true);
        script.start();
        Thread.sleep(500);
        assertThat(server.process.isAlive()).isTrue();
        try {
          CheckResult r =
              check(
                  "redis",
                  Map.of("host", "127.0.0.1", "port", "${PORT}"),
                  Map.of("PORT", "" + port));
          assertThat(r.state()).as(r.message()).isEqualTo(CredentialState.DEGRADED);
          assertThat(r.details()).containsEntry("reply", "BUSY");
        } finally {
          try (Jedis j = new Jedis("127.0.0.1", port)) {
            j.scriptKill();
          } catch (RuntimeException alreadyDone) {
            // nothing running any more
          }
        }
      }
    }

    @Test
    @DisplayName("nothing listening is UNAVAILABLE; a silent listener too, within the timeout")
    void unreachable() throws Exception {
      assertThat(redis("" + Harness.closedPort(), USER, PASS, Harness.TIMEOUT).state())
          .isEqualTo(CredentialState.UNAVAILABLE);
      silentIsUnavailable(p -> redis("" + p, USER, PASS, Duration.ofSeconds(1)));
    }
  }

  @Nested
  @DisplayName("amqp")
  class Amqp {
    CheckResult amqp(String port, String vhost, String user, String pass, Duration timeout) {
      return check(
          "amqp",
          Map.of(
              "host",
              "${HOST}",
              "port",
              "${PORT}",
              "vhost",
              "${VHOST}",
              "user",
              "${USER}",
              "password",
              "${PASS}"),
          Map.of("HOST", "127.0.0.1", "PORT", port, "VHOST", vhost, "USER", user, "PASS", pass),
          timeout);
    }

    @Test
    @DisplayName("guest/guest is AVAILABLE; a wrong password or unknown vhost MISCONFIGURED")
    void credentials() {
      assertThat(amqp("5672", "/", "guest", "guest", Harness.TIMEOUT).state())
          .isEqualTo(CredentialState.AVAILABLE);
      assertThat(amqp("5672", "/", "guest", "Wrong-" + SUFFIX, Harness.TIMEOUT).state())
          .isEqualTo(CredentialState.MISCONFIGURED);
      assertThat(amqp("5672", "no-vhost-" + SUFFIX, "guest", "guest", Harness.TIMEOUT).state())
          .isEqualTo(CredentialState.MISCONFIGURED);
    }

    @Test
    @DisplayName("nothing listening is UNAVAILABLE; a silent listener too, within the timeout")
    void unreachable() throws Exception {
      assertThat(amqp("" + Harness.closedPort(), "/", "guest", "guest", Harness.TIMEOUT).state())
          .isEqualTo(CredentialState.UNAVAILABLE);
      silentIsUnavailable(p -> amqp("" + p, "/", "guest", "guest", Duration.ofSeconds(1)));
    }
  }

  @Nested
  @DisplayName("nats")
  class Nats {
    static Harness.Daemon withUser;
    static Harness.Daemon withToken;
    static final String PASS = "Nats-pw-" + SUFFIX;
    static final String TOKEN = "Nats-token-" + SUFFIX;

    @BeforeAll
    static void servers(@TempDir Path dir) throws Exception {
      int p1 = Harness.closedPort();
      withUser =
          new Harness.Daemon(
              List.of(
                  Harness.executable("nats-server"),
                  "-a",
                  "127.0.0.1",
                  "-p",
                  "" + p1,
                  "--user",
                  "checker",
                  "--pass",
                  PASS),
              p1,
              dir.resolve("nats-user.log"));
      int p2 = Harness.closedPort();
      withToken =
          new Harness.Daemon(
              List.of(
                  Harness.executable("nats-server"),
                  "-a",
                  "127.0.0.1",
                  "-p",
                  "" + p2,
                  "--auth",
                  TOKEN),
              p2,
              dir.resolve("nats-token.log"));
    }

    @AfterAll
    static void stop() {
      withUser.close();
      withToken.close();
    }

    CheckResult user(int port, String pass, Duration timeout) {
      return check(
          "nats",
          Map.of("url", "nats://${HOST}:${PORT}", "user", "${USER}", "password", "${PASS}"),
          Map.of("HOST", "127.0.0.1", "PORT", "" + port, "USER", "checker", "PASS", pass),
          timeout);
    }

    @Test
    @DisplayName("user/password: right is AVAILABLE, wrong MISCONFIGURED")
    void userPassword() {
      assertThat(user(withUser.port, PASS, Harness.TIMEOUT).state())
          .isEqualTo(CredentialState.AVAILABLE);
      assertThat(user(withUser.port, "Wrong-" + PASS, Harness.TIMEOUT).state())
          .isEqualTo(CredentialState.MISCONFIGURED);
    }

    @Test
    @DisplayName("token: right is AVAILABLE, wrong MISCONFIGURED")
    void token() {
      Map<String, String> p = Map.of("url", "nats://127.0.0.1:${PORT}", "token", "${TOKEN}");
      assertThat(check("nats", p, Map.of("PORT", "" + withToken.port, "TOKEN", TOKEN)).state())
          .isEqualTo(CredentialState.AVAILABLE);
      assertThat(
              check("nats", p, Map.of("PORT", "" + withToken.port, "TOKEN", "Wrong-" + TOKEN))
                  .state())
          .isEqualTo(CredentialState.MISCONFIGURED);
    }

    @Test
    @DisplayName("the machine's NATS server without authentication is AVAILABLE")
    void open() {
      assertThat(check("nats", Map.of("url", "nats://127.0.0.1:4222"), Map.of()).state())
          .isEqualTo(CredentialState.AVAILABLE);
    }

    @Test
    @DisplayName("nothing listening is UNAVAILABLE; a silent listener too, within the timeout")
    void unreachable() throws Exception {
      assertThat(user(Harness.closedPort(), PASS, Harness.TIMEOUT).state())
          .isEqualTo(CredentialState.UNAVAILABLE);
      silentIsUnavailable(p -> user(p, PASS, Duration.ofSeconds(1)));
    }
  }

  @Nested
  @DisplayName("mqtt")
  class Mqtt {
    static Harness.Daemon broker;
    static final String PASS = "Mqtt-pw-" + SUFFIX;

    @BeforeAll
    static void broker(@TempDir Path dir) throws Exception {
      Path passwd = dir.resolve("passwd");
      Process p =
          new ProcessBuilder(
                  Harness.executable("mosquitto_passwd"),
                  "-b",
                  "-c",
                  passwd.toString(),
                  "checker",
                  PASS)
              .redirectErrorStream(true)
              .start();
      assertThat(p.waitFor()).as("mosquitto_passwd exit code").isZero();
      passwd.toFile().setReadable(true, false);
      dir.toFile().setExecutable(true, false);
      int port = Harness.closedPort();
      Path conf = dir.resolve("mosquitto.conf");
      Files.writeString(
          conf,
          "listener "
              + port
              + " 127.0.0.1\nallow_anonymous false\npassword_file "
              + passwd
              + "\npersistence false\n");
      broker =
          new Harness.Daemon(
              List.of(Harness.executable("mosquitto"), "-c", conf.toString()),
              port,
              dir.resolve("mosquitto.log"));
    }

    @AfterAll
    static void stop() {
      broker.close();
    }

    CheckResult mqtt(int port, String pass, Duration timeout) {
      return check(
          "mqtt",
          Map.of("url", "tcp://${HOST}:${PORT}", "user", "${USER}", "password", "${PASS}"),
          Map.of("HOST", "127.0.0.1", "PORT", "" + port, "USER", "checker", "PASS", pass),
          timeout);
    }

    @Test
    @DisplayName("right password is AVAILABLE, wrong MISCONFIGURED (CONNACK 4 or 5)")
    void passwords() {
      assertThat(mqtt(broker.port, PASS, Harness.TIMEOUT).state())
          .isEqualTo(CredentialState.AVAILABLE);
      CheckResult wrong = mqtt(broker.port, "Wrong-" + PASS, Harness.TIMEOUT);
      assertThat(wrong.state()).isEqualTo(CredentialState.MISCONFIGURED);
      assertThat(wrong.details().get("reason-code")).isIn("4", "5");
    }

    @Test
    @DisplayName("CONNACK 3 (server unavailable) is DEGRADED: a scripted broker the test starts")
    void serverUnavailable() throws Exception {
      try (java.net.ServerSocket server =
          new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        Thread broker =
            new Thread(
                () -> {
                  try (java.net.Socket c = server.accept()) {
                    java.io.InputStream in = c.getInputStream();
                    in.read(); // CONNECT fixed header
                    int length = 0;
                    int shift = 0;
                    int b;
                    do {
                      b = in.read();
                      length |= (b & 0x7f) << shift;
                      shift += 7;
                    } while ((b & 0x80) != 0);
                    in.readNBytes(length);
                    c.getOutputStream().write(new byte[] {0x20, 0x02, 0x00, 0x03});
                    c.getOutputStream().flush();
                    in.read(); // wait for the client to close
                  } catch (java.io.IOException ignored) {
                    // closed
                  }
                });
        broker.setDaemon(true);
        broker.start();
        CheckResult r = mqtt(server.getLocalPort(), PASS, Harness.TIMEOUT);
        assertThat(r.state()).as(r.message()).isEqualTo(CredentialState.DEGRADED);
        assertThat(r.details()).containsEntry("reason-code", "3");
      }
    }

    @Test
    @DisplayName("the machine's Mosquitto on 1883 without authentication is AVAILABLE")
    void open() {
      assertThat(check("mqtt", Map.of("url", "tcp://127.0.0.1:1883"), Map.of()).state())
          .isEqualTo(CredentialState.AVAILABLE);
    }

    @Test
    @DisplayName("nothing listening is UNAVAILABLE; a silent listener too, within the timeout")
    void unreachable() throws Exception {
      assertThat(mqtt(Harness.closedPort(), PASS, Harness.TIMEOUT).state())
          .isEqualTo(CredentialState.UNAVAILABLE);
      silentIsUnavailable(p -> mqtt(p, PASS, Duration.ofSeconds(1)));
    }
  }
}
