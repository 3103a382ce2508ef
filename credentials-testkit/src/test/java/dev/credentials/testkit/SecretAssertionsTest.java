package dev.credentials.testkit;

import static dev.credentials.testkit.SecretAssertions.assertNoSecretsOf;
import static dev.credentials.testkit.SecretAssertions.assertThatText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.CredentialId;
import dev.credentials.CredentialMetadata;
import dev.credentials.RevealedCredential;
import dev.credentials.Secret;
import dev.credentials.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class SecretAssertionsTest {

  private static final String TOKEN = "tok-9f8e7d6c5b4a";

  private final RevealedCredential revealed =
      new RevealedCredential(
          new CredentialMetadata(
              CredentialId.random(),
              TenantId.of("t"),
              "demo-api",
              "erp",
              "production",
              "",
              Set.of(),
              true,
              Optional.empty(),
              1,
              Instant.EPOCH,
              Instant.EPOCH,
              "k1",
              Optional.empty()),
          Map.of(
              "API_URL", Secret.of("https://erp.example"),
              "API_TOKEN", Secret.of(TOKEN),
              "EMPTY", Secret.empty()));

  @Test
  @DisplayName("passes for clean texts and fails naming the field, never showing the value")
  void namesFieldNotValue() {
    assertNoSecretsOf(revealed).in("calling the API failed: 401").in(null).in("");
    assertThatThrownBy(() -> assertNoSecretsOf(revealed).in("Authorization: Bearer " + TOKEN))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("API_TOKEN")
        .hasMessageContaining("Bearer <API_TOKEN>")
        .hasMessageNotContaining(TOKEN);
  }

  @Test
  @DisplayName("with the prototype, only secret fields count; fields can be ignored")
  void prototypeAndIgnore() {
    String log = "connecting to https://erp.example";
    assertThatThrownBy(() -> assertNoSecretsOf(revealed).in(log))
        .isInstanceOf(AssertionError.class);
    assertNoSecretsOf(revealed, SamplePrototypes.demoApi()).in(log);
    assertNoSecretsOf(revealed).ignoringFields("API_URL").in(log);
    assertThatThrownBy(() -> assertNoSecretsOf(revealed, SamplePrototypes.demoApi()).in(TOKEN))
        .isInstanceOf(AssertionError.class);
  }

  @Test
  @DisplayName("finds values in toString, in texts and in exception chains")
  void otherSources() {
    assertNoSecretsOf(revealed).inToStringOf(revealed).inAll(List.of("a", "b"));
    Exception chained =
        new IllegalStateException("outer", new RuntimeException("inner with " + TOKEN));
    assertThatThrownBy(() -> assertNoSecretsOf(revealed).inMessagesOf(chained))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("java.lang.RuntimeException")
        .hasMessageNotContaining(TOKEN);
    Exception suppressed = new IllegalStateException("outer");
    suppressed.addSuppressed(new RuntimeException(TOKEN));
    assertThatThrownBy(() -> assertNoSecretsOf(revealed).inMessagesOf(suppressed))
        .isInstanceOf(AssertionError.class);
  }

  @Test
  @DisplayName("assertThatText checks given secrets and ignores empty ones")
  void textAssert() {
    Secret password = Secret.of("hunter2-hunter2");
    assertThatText("nothing to see").containsNoneOf(password, Secret.empty());
    assertThatThrownBy(
            () -> assertThatText("pw=hunter2-hunter2").containsNoneOf(Secret.of("x1"), password))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("secret #2")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> assertThatText("t=" + TOKEN).containsNoSecretOf(revealed))
        .hasMessageContaining("API_TOKEN");
  }

  @Test
  @DisplayName("a captured log sees slf4j-simple and java.util.logging output, then lets go")
  void capturedLog() {
    try (CapturedLog log = CapturedLog.captureQuietly()) {
      LoggerFactory.getLogger(SecretAssertionsTest.class).warn("slf4j says {}", TOKEN);
      Logger.getLogger("jul.test").warning("jul says hello");
      System.out.println("stdout line");
      assertThat(log.text()).contains("slf4j says", "jul says hello", "stdout line");
      assertThat(log.lines()).anyMatch(l -> l.contains("stdout line"));
      assertThatThrownBy(() -> assertNoSecretsOf(revealed).inLog(log))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("captured log");
      assertThat(log.toString()).doesNotContain(TOKEN);
    }
    try (CapturedLog other = CapturedLog.captureQuietly()) {
      assertThat(other.text()).doesNotContain("stdout line");
    }
  }
}
