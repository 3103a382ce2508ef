package dev.credentials.checks;

import static dev.credentials.checks.Harness.check;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.credentials.CheckResult;
import dev.credentials.CredentialState;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The smtp kind against GreenMail (a real SMTP server started by the test, with a user), and
 * against a scripted server for what GreenMail cannot show: a 421 greeting, and the exact command
 * sequence (never MAIL FROM).
 */
@DisplayName("The smtp kind")
class SmtpKindTest {

  static GreenMail mail;
  static final String PASS = "Smtp-pw-0451";

  @BeforeAll
  static void start() {
    mail =
        new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("robot", PASS));
    mail.start();
  }

  @AfterAll
  static void stop() {
    mail.stop();
  }

  static CheckResult smtp(int port, String security, String user, String pass, Duration t) {
    return check(
        "smtp",
        Map.of(
            "host",
            "${SMTP_HOST}",
            "port",
            "${SMTP_PORT}",
            "security",
            security,
            "user",
            "${SMTP_USERNAME}",
            "password",
            "${SMTP_PASSWORD}"),
        Map.of(
            "SMTP_HOST",
            "127.0.0.1",
            "SMTP_PORT",
            "" + port,
            "SMTP_USERNAME",
            user,
            "SMTP_PASSWORD",
            pass),
        t);
  }

  int port() {
    return mail.getSmtp().getPort();
  }

  @Test
  @DisplayName("the right login is AVAILABLE, and no mail is sent")
  void available() {
    CheckResult r = smtp(port(), "none", "robot", PASS, Harness.TIMEOUT);
    assertThat(r.state()).as(r.message()).isEqualTo(CredentialState.AVAILABLE);
    assertThat(mail.getReceivedMessages()).isEmpty();
  }

  @Test
  @DisplayName("a wrong password is MISCONFIGURED")
  void wrongPassword() {
    CheckResult r = smtp(port(), "none", "robot", "Wrong-" + PASS, Harness.TIMEOUT);
    assertThat(r.state()).as(r.message()).isEqualTo(CredentialState.MISCONFIGURED);
  }

  @Test
  @DisplayName("STARTTLS asked of a server that does not offer it is MISCONFIGURED")
  void starttlsMissing() {
    CheckResult r = smtp(port(), "starttls", "robot", PASS, Harness.TIMEOUT);
    assertThat(r.state()).isEqualTo(CredentialState.MISCONFIGURED);
    assertThat(r.message()).contains("STARTTLS");
  }

  @Test
  @DisplayName("nothing listening is UNAVAILABLE; a silent listener too, within the timeout")
  void unreachable() throws Exception {
    assertThat(smtp(Harness.closedPort(), "none", "robot", PASS, Harness.TIMEOUT).state())
        .isEqualTo(CredentialState.UNAVAILABLE);
    try (Harness.Silent s = new Harness.Silent()) {
      long start = System.nanoTime();
      CheckResult r = smtp(s.port(), "none", "robot", PASS, Duration.ofSeconds(1));
      assertThat(r.state()).isEqualTo(CredentialState.UNAVAILABLE);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2800));
    }
  }

  @Test
  @DisplayName("a 421 greeting (service not available now) is DEGRADED")
  void busy() throws Exception {
    try (Scripted s = new Scripted(true)) {
      CheckResult r = smtp(s.port(), "none", "robot", PASS, Harness.TIMEOUT);
      assertThat(r.state()).as(r.message()).isEqualTo(CredentialState.DEGRADED);
    }
  }

  @Test
  @DisplayName("says EHLO, AUTH and QUIT, and never MAIL FROM")
  void commands() throws Exception {
    try (Scripted s = new Scripted(false)) {
      CheckResult r = smtp(s.port(), "none", "robot", PASS, Harness.TIMEOUT);
      assertThat(r.state()).as(r.message()).isEqualTo(CredentialState.AVAILABLE);
      assertThat(s.verbs).startsWith("EHLO").contains("AUTH").endsWith("QUIT");
      assertThat(s.verbs).doesNotContain("MAIL", "RCPT", "DATA");
    }
  }

  /** A one-connection SMTP server that follows a script and records the verbs it hears. */
  static final class Scripted implements AutoCloseable {
    final ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    final List<String> verbs = new CopyOnWriteArrayList<>();
    final Thread thread;

    Scripted(boolean busy) throws IOException {
      thread =
          new Thread(
              () -> {
                try (Socket c = server.accept()) {
                  OutputStream out = c.getOutputStream();
                  BufferedReader in =
                      new BufferedReader(
                          new InputStreamReader(c.getInputStream(), StandardCharsets.US_ASCII));
                  if (busy) {
                    say(out, "421 test.invalid Service not available, closing channel");
                    return;
                  }
                  say(out, "220 test.invalid ESMTP");
                  String line;
                  while ((line = in.readLine()) != null) {
                    String verb = line.split(" ", 2)[0].toUpperCase(Locale.ROOT);
                    verbs.add(verb);
                    switch (verb) {
                      case "EHLO" -> say(out, "250-test.invalid\r\n250 AUTH PLAIN LOGIN");
                      case "AUTH" -> say(out, "235 2.7.0 Authentication successful");
                      case "QUIT" -> {
                        say(out, "221 bye");
                        return;
                      }
                      default -> say(out, "250 ok");
                    }
                  }
                } catch (IOException ignored) {
                  // closed
                }
              });
      thread.setDaemon(true);
      thread.start();
    }

    static void say(OutputStream out, String s) throws IOException {
      out.write((s + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }

    int port() {
      return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}
