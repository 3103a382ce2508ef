package dev.credentials.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.CredentialValidationException;
import dev.credentials.ResolvedEnvironment;
import dev.credentials.RevealedCredential;
import dev.credentials.Secret;
import dev.credentials.core.delivery.CredentialFiles.Format;
import java.net.URL;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every path of the package, run with values that contain the canary: no exception (message, cause,
 * stack trace) and no {@code toString} may show it.
 */
@DisplayName("the canary never leaks from the delivery package")
class CanarySweepTest {

  /** Values where every field holds the canary in a shape that breaks some rule. */
  static Map<String, Secret> poisoned() {
    Map<String, Secret> m = new LinkedHashMap<>();
    m.put("API_TOKEN", Canary.containing("bad token ", "\n"));
    m.put("GITHUB_TOKEN", Canary.SECRET);
    m.put("DB_USER", Canary.containing("user:", ""));
    m.put("DB_PASSWORD", Canary.containing("\u0000", ""));
    m.put("PORT", Canary.SECRET);
    m.put("URL", Canary.containing("not a url ", ""));
    m.put("TIMEOUT", Canary.SECRET);
    m.put("NUL", Canary.containing("\u0000", ""));
    return m;
  }

  record View(int port, URL url, Duration timeout, Secret apiToken, String missing) {}

  interface ProxyView {
    Secret apiToken();

    String githubToken();
  }

  @Test
  @DisplayName("the helper itself notices a leak, also in a cause")
  void helperWorks() {
    RuntimeException leaky =
        new IllegalStateException("wrapped", new IllegalArgumentException("x" + Canary.VALUE));
    assertThatThrownBy(() -> Canary.assertNoLeak(leaky)).isInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> Canary.assertNoLeak((Object) ("v=" + Canary.VALUE)))
        .isInstanceOf(AssertionError.class);
  }

  @Test
  @DisplayName("through the engine's own values and toString")
  void engine() {
    try (EngineFixture engine = new EngineFixture(Canary.SECRET, Canary.SECRET)) {
      ResolvedEnvironment env = engine.resolve();
      RevealedCredential db = engine.database();
      Canary.assertNoLeak(env);
      Canary.assertNoLeak(db);
      Canary.assertNoLeak(env.masked());
    }
  }

  @Test
  @DisplayName("CredentialFiles")
  void files() {
    try (CredentialFiles files = CredentialFiles.create()) {
      Canary.thrownWithoutLeak(
          IllegalArgumentException.class, () -> files.write("x", poisoned(), Format.DOTENV));
      Canary.noLeak(() -> files.write("x", poisoned(), Format.JSON));
      Canary.noLeak(() -> files.write("x", poisoned(), Format.PER_KEY));
      Canary.thrownWithoutLeak(
          IllegalStateException.class, () -> files.write("x", poisoned(), Format.JSON));
      Canary.assertNoLeak(files);
      Canary.assertNoLeak(files.paths());
    }
  }

  @Test
  @DisplayName("AuthorizationHeaders and AuthorizationVerifier")
  void headers() {
    Map<String, Secret> values = poisoned();
    Canary.thrownWithoutLeak(
        IllegalArgumentException.class, () -> AuthorizationHeaders.from(values));
    Canary.thrownWithoutLeak(
        IllegalArgumentException.class,
        () -> AuthorizationHeaders.from(values, AuthorizationFields.bearer("API_TOKEN")));
    Canary.thrownWithoutLeak(
        IllegalArgumentException.class,
        () ->
            AuthorizationHeaders.from(values, AuthorizationFields.basic("DB_USER", "DB_PASSWORD")));
    Canary.thrownWithoutLeak(
        IllegalArgumentException.class, () -> AuthorizationVerifier.of(Canary.SECRET));
    Secret header =
        Canary.noLeak(
            () ->
                AuthorizationHeaders.from(values, AuthorizationFields.bearer("GITHUB_TOKEN"))
                    .orElseThrow());
    AuthorizationVerifier verifier = Canary.noLeak(() -> AuthorizationVerifier.of(header));
    assertThat(verifier.verify(header)).isTrue();
    assertThat(verifier.verify("Bearer " + Canary.VALUE + " x")).isFalse();
  }

  @Test
  @DisplayName("TypedViews")
  void views() {
    CredentialValidationException e =
        Canary.thrownWithoutLeak(
            CredentialValidationException.class, () -> TypedViews.as(poisoned(), View.class));
    assertThat(e.violations()).hasSize(4);
    ProxyView view = Canary.noLeak(() -> TypedViews.as(poisoned(), ProxyView.class));
    assertThat(view.githubToken()).isEqualTo(Canary.VALUE);
  }

  @Test
  @DisplayName("OutputMasker and JobLauncher")
  void maskerAndLauncher() throws Exception {
    OutputMasker masker = Canary.noLeak(() -> OutputMasker.builder().secrets(poisoned()).build());
    Canary.assertNoLeak(masker.mask("x " + Canary.VALUE + " y"));
    java.io.OutputStream wrapped = masker.wrap(new java.io.ByteArrayOutputStream());
    Canary.assertNoLeak(wrapped);
    wrapped.close();
    Canary.assertNoLeak(org.assertj.core.api.Assertions.catchThrowable(() -> wrapped.write(1)));
    try (EngineFixture engine = new EngineFixture(Canary.SECRET, Canary.SECRET)) {
      JobLauncher launcher = JobLauncher.builder(engine.credentials).build();
      Canary.assertNoLeak(launcher);
      Canary.assertNoLeak(
          OutputMasker.forLaunch(engine.credentials, EngineFixture.SCHEDULER, engine.resolve()));
      Canary.thrownWithoutLeak(
          java.io.UncheckedIOException.class,
          () ->
              launcher.launch(
                  EngineFixture.SCHEDULER, "invoice-sync", java.util.List.of("/nonexistent/job")));
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      JobResult r =
          JobLauncher.builder(engine.credentials)
              .stdout(out)
              .stderr(out)
              .build()
              .launch(
                  EngineFixture.SCHEDULER,
                  "invoice-sync",
                  java.util.List.of("sh", "-c", "echo \"$API_TOKEN $DB_PASSWORD\"; env"));
      Canary.assertNoLeak(r);
      Canary.assertNoLeak(out.toString(java.nio.charset.StandardCharsets.UTF_8));
    }
  }
}
