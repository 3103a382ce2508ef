package dev.credentials.testkit;

import static dev.credentials.testkit.SecretAssertions.assertNoSecretsOf;
import static dev.credentials.testkit.SecretAssertions.assertThatText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.BindingRequest;
import dev.credentials.Caller;
import dev.credentials.Consumer;
import dev.credentials.CredentialMetadata;
import dev.credentials.NewCredential;
import dev.credentials.Principal;
import dev.credentials.Secret;
import dev.credentials.TenantId;
import dev.credentials.core.CredentialKeys;
import dev.credentials.core.Credentials;
import dev.credentials.core.InMemoryCredentialRepository;
import dev.credentials.core.delivery.CredentialFiles;
import dev.credentials.core.delivery.JobLauncher;
import dev.credentials.core.delivery.JobResult;
import dev.credentials.core.delivery.OutputMasker;
import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.FieldType;
import dev.credentials.prototype.Prototype;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("canary: nothing the launcher or the masker emits contains a secret, in any encoding")
class MaskedOutputCanaryTest {

  static final String CANARY = "canary-Zq8/x+Wv=é😀-lantern\"quote";
  static final String SHORT = "c4y";
  static final TenantId TENANT = TenantId.of("acme");
  static final Caller ADMIN = Caller.of(TENANT, Principal.admin("alice", TENANT));
  static final Caller SCHEDULER = Caller.of(TENANT, Principal.service("scheduler", TENANT));

  @Test
  @DisplayName("the encoding check notices base64, URL-encoded and JSON-escaped leaks")
  void helperNotices() {
    Secret s = Secret.of(CANARY);
    for (String prefix : List.of("", "a", "ab")) {
      String b64 =
          Base64.getEncoder()
              .encodeToString((prefix + CANARY).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      assertThatThrownBy(() -> assertThatText("Basic " + b64).containsNoEncodingOf(s))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("base64")
          .hasMessageNotContaining(CANARY);
    }
    String url = java.net.URLEncoder.encode(CANARY, java.nio.charset.StandardCharsets.UTF_8);
    assertThatThrownBy(() -> assertNoSecretsOf(Map.of("T", s)).inAnyEncoding("?t=" + url))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("URL-encoded");
    String json = CANARY.replace("\"", "\\\"");
    assertThatThrownBy(
            () -> assertNoSecretsOf(Map.of("T", s)).inAnyEncoding("{\"t\":\"" + json + "\"}"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("JSON");
    assertNoSecretsOf(Map.of("T", s))
        .inAnyEncoding(
            OutputMasker.builder()
                .secret("T", s)
                .build()
                .mask("{\"t\":\"" + json + "\"} ?t=" + url));
  }

  @Test
  @DisplayName("a real job that prints its secrets every way leaves none in its output or the log")
  void launcherAndLog() {
    Prototype api =
        Prototype.builder("api")
            .name("API")
            .topic("api")
            .field(
                FieldDefinition.builder("API_URL", FieldType.URL)
                    .name("url")
                    .required(true)
                    .build())
            .field(
                FieldDefinition.builder("API_TOKEN", FieldType.PASSWORD)
                    .name("token")
                    .required(true)
                    .build())
            .field(
                FieldDefinition.builder("API_PIN", FieldType.PASSWORD)
                    .name("pin")
                    .required(true)
                    .build())
            .build();
    try (Credentials credentials =
            Credentials.builder()
                .repository(new InMemoryCredentialRepository())
                .keys(CredentialKeys.generate())
                .discoverPrototypes(false)
                .prototype(api)
                .build();
        CapturedLog log = CapturedLog.captureQuietly()) {
      CredentialMetadata m =
          credentials
              .store()
              .create(
                  ADMIN,
                  NewCredential.builder("api", "billing")
                      .value("API_URL", "https://billing.example/v1")
                      .secret("API_TOKEN", Secret.of(CANARY))
                      .secret("API_PIN", Secret.of(SHORT))
                      .build());
      credentials.bindings().declare(ADMIN, Consumer.of("sync", "api"));
      credentials.bindings().bind(ADMIN, BindingRequest.of("sync", "api", m.id()));
      String script =
          String.join(
              "\n",
              "echo \"$API_TOKEN\"",
              "printf %s \"$API_TOKEN\" | base64 -w0; echo",
              "printf a%s \"$API_TOKEN\" | base64 -w0; echo",
              "printf ab%s \"$API_TOKEN\" | base64 -w0 | tr '+/' '-_'; echo",
              "jq -rn --arg v \"$API_TOKEN\" '$v|@uri'",
              "jq -cn --arg v \"$API_TOKEN\" '{token:$v}'",
              "jq -cn --arg v \"$API_TOKEN\" '{token:$v}' >&2",
              "cat \"$CREDENTIALS_PATH\"",
              "echo \"$API_URL\"",
              "exit 7");
      JobResult r =
          JobLauncher.builder(credentials)
              .credentialFiles(CredentialFiles.Format.JSON, "CREDENTIALS_PATH")
              .build()
              .launch(SCHEDULER, "sync", List.of("sh", "-c", script));
      assertThat(r.exitCode()).isEqualTo(7);
      assertThat(r.unmaskedVariables()).containsExactly("API_PIN");
      String text = log.text();
      assertThat(text).contains("https://billing.example/v1").contains("****");
      assertThat(text).contains("API_PIN").contains("not masked");
      assertNoSecretsOf(Map.of("API_TOKEN", Secret.of(CANARY))).inLogInAnyEncoding(log);
      assertNoSecretsOf(Map.of("API_TOKEN", Secret.of(CANARY))).inToStringOf(r);
    }
  }
}
