package dev.credentials.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.CheckResult;
import dev.credentials.Consumer;
import dev.credentials.CredentialState;
import dev.credentials.LaunchDecision;
import dev.credentials.LaunchDecision.Outcome;
import dev.credentials.Secret;
import dev.credentials.core.CredentialKeys;
import dev.credentials.core.Credentials;
import dev.credentials.core.InMemoryCredentialRepository;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("JobLauncher")
class JobLauncherTest {

  static final String PASSWORD = "pä$$w0rd-\"quoted\" 😀 end";
  static final String TOKEN = "tok_8fJ2kQm91ZxPw3Lr";

  static String b64(String prefix, String value) {
    return Base64.getEncoder().encodeToString((prefix + value).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("runs the job through a real shell with secrets and their encodings masked")
  void masksRealShell() {
    try (EngineFixture engine = new EngineFixture(Secret.of(PASSWORD), Secret.of(TOKEN))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      JobLauncher launcher =
          JobLauncher.builder(engine.credentials).stdout(out).stderr(err).build();
      String script =
          String.join(
              "\n",
              "echo \"token=$API_TOKEN\"",
              "printf %s \"$API_TOKEN\" | base64",
              "printf x%s \"$API_TOKEN\" | base64",
              "printf xy%s \"$API_TOKEN\" | base64",
              "printf 'Authorization: Basic %s\\n' \"$(printf 'user:%s' \"$DB_PASSWORD\" | base64 -w0)\"",
              "printf %s \"$DB_PASSWORD\" | dd bs=1 2>/dev/null; echo",
              "printf '{\"p\":\"%s\"}\\n' \"$(printf %s \"$DB_PASSWORD\" | sed 's/\"/\\\\\"/g')\"",
              "echo \"host=$DB_HOST user=$DB_USER\" >&2",
              "echo \"$API_TOKEN\" >&2",
              "exit 3");
      JobResult r =
          launcher.launch(EngineFixture.SCHEDULER, "invoice-sync", List.of("sh", "-c", script));
      String stdout = out.toString(StandardCharsets.UTF_8);
      String stderr = err.toString(StandardCharsets.UTF_8);
      assertThat(r.exitCode()).isEqualTo(3);
      assertThat(r.started()).isTrue();
      assertThat(r.outcome()).isEqualTo(Outcome.RUN);
      assertThat(stdout + stderr)
          .doesNotContain(TOKEN)
          .doesNotContain(PASSWORD)
          .doesNotContain("w0rd");
      for (String prefix : List.of("", "x", "xy")) {
        String encoded = b64(prefix, TOKEN);
        assertThat(stdout).doesNotContain(encoded.substring(4, encoded.length() - 4));
      }
      assertThat(stdout).doesNotContain(b64("user:", PASSWORD).substring(8, 30));
      assertThat(stdout.lines()).hasSize(7).allMatch(l -> l.contains("****"), "masked line");
      // non-secret fields stay readable
      assertThat(stderr).contains("host=db.internal user=orders_app").contains("****");
    }
  }

  @Test
  @DisplayName("writes the credential file for the job and removes it afterwards")
  void files() throws Exception {
    try (EngineFixture engine = new EngineFixture(Secret.of(PASSWORD), Secret.of(TOKEN))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      JobResult r =
          JobLauncher.builder(engine.credentials)
              .stdout(out)
              .stderr(out)
              .credentialFiles(CredentialFiles.Format.JSON, "CREDENTIALS_PATH")
              .build()
              .launch(
                  EngineFixture.SCHEDULER,
                  "invoice-sync",
                  List.of("sh", "-c", "echo \"$CREDENTIALS_PATH\"; cat \"$CREDENTIALS_PATH\""));
      assertThat(r.exitCode()).isZero();
      String text = out.toString(StandardCharsets.UTF_8);
      Path path = Path.of(text.lines().findFirst().orElseThrow());
      assertThat(text).contains("\"DB_HOST\":\"db.internal\"").contains("\"API_TOKEN\":\"****\"");
      assertThat(text).doesNotContain(TOKEN).doesNotContain("w0rd");
      assertThat(Files.exists(path)).isFalse();
      assertThat(Files.exists(path.getParent())).isFalse();
    }
  }

  @Test
  @DisplayName("starts nothing for a BLOCK decision and returns 75 with the reasons")
  void blocked() {
    try (EngineFixture engine = new EngineFixture(Secret.of(PASSWORD), Secret.of(TOKEN))) {
      engine.credentials.bindings().declare(EngineFixture.ADMIN, Consumer.of("lonely", "pg"));
      Path marker =
          Path.of(System.getProperty("java.io.tmpdir"), "launcher-blocked-" + System.nanoTime());
      JobResult r =
          JobLauncher.builder(engine.credentials)
              .build()
              .launch(EngineFixture.SCHEDULER, "lonely", List.of("touch", marker.toString()));
      assertThat(r.outcome()).isEqualTo(Outcome.BLOCK);
      assertThat(r.exitCode()).isEqualTo(75);
      assertThat(r.started()).isFalse();
      assertThat(r.reasons()).anyMatch(s -> s.contains("pg"));
      assertThat(Files.exists(marker)).isFalse();
    }
  }

  @Test
  @DisplayName("starts nothing for a DEFER decision and returns 75 with the reasons")
  void deferred() {
    try (Credentials credentials =
        Credentials.builder()
            .repository(new InMemoryCredentialRepository())
            .keys(CredentialKeys.generate())
            .discoverPrototypes(false)
            .slf4jReporter(false)
            .prototype(
                EngineFixture.api(),
                ctx ->
                    CheckResult.of(
                        CredentialState.UNAVAILABLE,
                        "billing is down",
                        ctx.clock().instant(),
                        Duration.ofMinutes(1)))
            .build()) {
      var api =
          credentials
              .store()
              .create(
                  EngineFixture.ADMIN,
                  dev.credentials.NewCredential.builder("api", "billing")
                      .value("API_URL", "https://billing.example/v1")
                      .secret("API_TOKEN", Secret.of(TOKEN))
                      .build());
      credentials.bindings().declare(EngineFixture.ADMIN, Consumer.of("sync", "api"));
      credentials
          .bindings()
          .bind(EngineFixture.ADMIN, dev.credentials.BindingRequest.of("sync", "api", api.id()));
      LaunchDecision d = credentials.launchGate().prepare(EngineFixture.SCHEDULER, "sync");
      JobResult r =
          JobLauncher.builder(credentials)
              .build()
              .launch(EngineFixture.SCHEDULER, d, List.of("false"));
      assertThat(r.outcome()).isEqualTo(Outcome.DEFER);
      assertThat(r.exitCode()).isEqualTo(LaunchDecision.EX_TEMPFAIL);
      assertThat(r.started()).isFalse();
      assertThat(r.reasons()).anyMatch(s -> s.contains("billing is down"));
    }
  }

  @Test
  @DisplayName("destroys the job and its children at the timeout")
  void timeout() throws Exception {
    try (EngineFixture engine = new EngineFixture(Secret.of(PASSWORD), Secret.of(TOKEN))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      long start = System.nanoTime();
      JobResult r =
          JobLauncher.builder(engine.credentials)
              .stdout(out)
              .timeout(Duration.ofMillis(700))
              .build()
              .launch(
                  EngineFixture.SCHEDULER,
                  "invoice-sync",
                  List.of("sh", "-c", "sleep 60 & echo $!; echo \"$API_TOKEN\"; wait"));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
      assertThat(r.timedOut()).isTrue();
      assertThat(r.exitCode()).isEqualTo(JobResult.TIMED_OUT);
      String text = out.toString(StandardCharsets.UTF_8);
      long child = Long.parseLong(text.lines().findFirst().orElseThrow().trim());
      assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false)).isFalse();
      assertThat(text).contains("****").doesNotContain(TOKEN);
    }
  }

  @Test
  @DisplayName("names too-short secret variables, never their values")
  void tooShort() {
    try (EngineFixture engine = new EngineFixture(Secret.of("abc"), Secret.of(TOKEN))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      JobResult r =
          JobLauncher.builder(engine.credentials)
              .stdout(out)
              .build()
              .launch(
                  EngineFixture.SCHEDULER,
                  "invoice-sync",
                  List.of("sh", "-c", "echo \"$DB_PASSWORD\""));
      assertThat(r.unmaskedVariables()).containsExactly("DB_PASSWORD");
      assertThat(r.toString()).doesNotContain("abc");
      assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("abc\n");
    }
  }

  @Test
  @DisplayName("refuses an empty command and a bad variable name with a clear message")
  void badInput() {
    try (EngineFixture engine = new EngineFixture(Secret.of(PASSWORD), Secret.of(TOKEN))) {
      JobLauncher launcher = JobLauncher.builder(engine.credentials).build();
      assertThatThrownBy(() -> launcher.launch(EngineFixture.SCHEDULER, "invoice-sync", List.of()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("command");
      assertThatThrownBy(
              () ->
                  JobLauncher.builder(engine.credentials)
                      .credentialFiles(CredentialFiles.Format.JSON, "bad name"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("pathVariable");
      assertThatThrownBy(() -> JobLauncher.builder(engine.credentials).timeout(Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(
              () ->
                  launcher.launch(
                      EngineFixture.SCHEDULER,
                      "invoice-sync",
                      List.of("/nonexistent/program-" + TOKEN.length())))
          .isInstanceOf(java.io.UncheckedIOException.class)
          .hasMessageContaining("check that the program exists");
    }
  }
}
