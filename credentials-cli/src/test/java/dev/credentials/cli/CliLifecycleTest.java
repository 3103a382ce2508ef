package dev.credentials.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verbs of a credential's life: versions, rollback and expiry reminders, in process. */
class CliLifecycleTest {

  static final String CANARY = "canary-Lc7-" + UUID.randomUUID();
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  record Run(int code, String out, String err) {
    JsonNode json() throws IOException {
      return JSON.readTree(out);
    }
  }

  Run cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> all = new ArrayList<>(List.of("--home", dir.resolve("home").toString()));
    all.addAll(List.of(args));
    Io io =
        new Io(
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            new HashMap<>(),
            Optional.empty());
    int code = CredentialsCli.run(io, all.toArray(String[]::new));
    Run r =
        new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    assertThat(r.out() + r.err()).doesNotContain(CANARY);
    return r;
  }

  @Test
  @DisplayName(
      "versions lists who changed which fields, rollback restores, reminders show and send")
  void lifecycle() throws IOException {
    try (var in = getClass().getResourceAsStream("/story/erp.credprototype.json")) {
      Files.write(dir.resolve("erp.json"), in.readAllBytes());
    }
    Files.writeString(dir.resolve("v1.json"), "{\"ERP_PASSWORD\": \"" + CANARY + "-1\"}");
    Files.writeString(dir.resolve("v2.json"), "{\"ERP_PASSWORD\": \"" + CANARY + "-2\"}");
    assertThat(cli("prototype", "import", dir.resolve("erp.json").toString()).code()).isZero();
    Run created =
        cli(
            "credential",
            "create",
            "--prototype",
            "ExampleErp",
            "--name",
            "erp",
            "--ERP_URL=https://erp.example.com",
            "--ERP_LOGIN=admin",
            "--expires",
            "5d",
            "--from-file",
            dir.resolve("v1.json").toString());
    assertThat(created.code()).as(created.err()).isZero();
    Run updated =
        cli("credential", "update", "erp", "--from-file", dir.resolve("v2.json").toString());
    assertThat(updated.code()).as(updated.err()).isZero();

    Run listed = cli("credential", "versions", "erp", "-o", "json");
    JsonNode versions = listed.json();
    assertThat(versions).as(updated.out() + "|" + listed.out() + "|" + listed.err()).hasSize(2);
    assertThat(versions.get(0).path("version").asLong()).isEqualTo(2);
    assertThat(versions.get(0).path("changedFields").asText()).isEqualTo("ERP_PASSWORD");
    assertThat(versions.get(0).path("current").asBoolean()).isTrue();
    assertThat(versions.get(1).path("version").asLong()).isEqualTo(1);

    Run stale = cli("credential", "rollback", "erp", "--to", "1", "--expected-version", "1");
    assertThat(stale.code()).as(stale.err()).isEqualTo(Exit.TEMPFAIL);
    Run unknown = cli("credential", "rollback", "erp", "--to", "9");
    assertThat(unknown.code()).as(unknown.err()).isEqualTo(Exit.NO_INPUT);
    assertThat(unknown.err()).contains("no version 9");
    Run rolled = cli("credential", "rollback", "erp", "--to", "1");
    assertThat(rolled.code()).as(rolled.err()).isZero();
    assertThat(cli("credential", "versions", "erp", "-o", "json").json()).hasSize(3);

    JsonNode due = cli("credential", "reminders", "-o", "json").json();
    assertThat(due).hasSize(4);
    assertThat(due.findValuesAsText("state")).containsExactly("due", "due", "upcoming", "upcoming");
    JsonNode sent = cli("credential", "reminders", "--send", "-o", "json").json();
    assertThat(sent.findValuesAsText("state"))
        .containsExactly("sent", "sent", "upcoming", "upcoming");
    assertThat(sent.findValuesAsText("lead")).containsExactly("30d", "7d", "1d", "at expiry");
  }
}
