package dev.credentials.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the packaged command line ({@code target/credentials.jar}) as a real process through the
 * whole story: a MultiFlexi prototype, a credential, a consumer from an app.json, assignment,
 * status, launch, audit, key rotation, backup, import into a fresh PostgreSQL schema, launch there.
 * Every output of every run is checked for the secret.
 */
class CliStoryIT {

  static final String CANARY = "canary-Zq7-" + UUID.randomUUID() + "-4711";
  static final String POSTGRES =
      System.getenv()
          .getOrDefault(
              "CREDENTIALS_TEST_POSTGRES_URL",
              "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  final List<String> outputs = new ArrayList<>();
  String schema;

  record Run(int code, String out, String err) {
    JsonNode json() throws IOException {
      return JSON.readTree(out);
    }
  }

  @BeforeEach
  void copyFiles() throws IOException {
    for (String f : List.of("erp.credprototype.json", "app.json")) {
      try (var in = getClass().getResourceAsStream("/story/" + f)) {
        Files.write(dir.resolve(f), in.readAllBytes());
      }
    }
  }

  @AfterEach
  void dropSchema() throws Exception {
    if (schema != null) {
      try (Connection c = DriverManager.getConnection(POSTGRES);
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
  }

  Run cli(String stdin, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // the launcher script's JVM options: a short-lived process needs no optimising compiler
    cmd.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto"));
    cmd.add("-jar");
    cmd.add(System.getProperty("credentials.cli.jar"));
    cmd.add("--home");
    cmd.add(dir.resolve("home").toString());
    cmd.addAll(List.of(args));
    return run(cmd, stdin);
  }

  Run run(List<String> cmd, String stdin) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("CREDENTIALS_"));
    pb.redirectOutput(dir.resolve("out.txt").toFile());
    pb.redirectError(dir.resolve("err.txt").toFile());
    Process p = pb.start();
    try (var in = p.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("finished: %s", cmd).isTrue();
    Run r =
        new Run(
            p.exitValue(),
            Files.readString(dir.resolve("out.txt")),
            Files.readString(dir.resolve("err.txt")));
    outputs.add(r.out());
    outputs.add(r.err());
    assertThat(r.out() + r.err()).as("output of %s", cmd).doesNotContain(CANARY);
    return r;
  }

  static String sha256(String s) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  /** A child that proves what it received without printing the secret. */
  static final String CHILD =
      "echo \"url=$ERP_URL login=$ERP_LOGIN\"; printf %s \"$ERP_PASSWORD\" | sha256sum";

  @Test
  @DisplayName("the whole story, from a MultiFlexi prototype on H2 to a launch on PostgreSQL")
  void story() throws Exception {
    Run r = cli(null, "prototype", "import", "erp.credprototype.json", "--dry-run");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("ExampleErp", "would import");

    r = cli(null, "prototype", "import", "erp.credprototype.json");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).contains("WARNING: using the DEVELOPMENT keyset");
    JsonNode list = cli(null, "prototype", "list", "-o", "json").json();
    assertThat(list.findValuesAsText("code")).contains("ExampleErp", "abraflexi");

    r =
        cli(
            "{\"ERP_PASSWORD\": \"" + CANARY + "\"}",
            "credential",
            "create",
            "--prototype",
            "ExampleErp",
            "--name",
            "erp-main",
            "--tag",
            "billing",
            "--ERP_URL=https://erp.example.com",
            "--ERP_LOGIN=admin",
            "--from-file",
            "-");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode shown = cli(null, "credential", "show", "erp-main", "-o", "json").json();
    assertThat(shown.path("fields").path("ERP_PASSWORD").asText()).isEqualTo("****");
    assertThat(shown.path("fields").path("ERP_LOGIN").asText()).isEqualTo("****");
    assertThat(shown.path("tags").get(0).asText()).isEqualTo("billing");

    r = cli(null, "consumer", "declare", "invoice-sync", "--from-app", "app.json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode status = cli(null, "status", "invoice-sync", "-o", "json").json();
    assertThat(status.path("ready").asBoolean()).isFalse();
    assertThat(status.path("requirements").get(0).path("state").asText()).isEqualTo("UNASSIGNED");

    r = cli(null, "launch", "invoice-sync", "--", "sh", "-c", CHILD);
    assertThat(r.code()).isEqualTo(75);
    assertThat(r.err()).contains("BLOCK").doesNotContain("url=");

    r = cli(null, "assign", "invoice-sync", "ExampleErp", "erp-main");
    assertThat(r.code()).as(r.err()).isZero();
    status = cli(null, "status", "invoice-sync", "-o", "json").json();
    assertThat(status.path("ready").asBoolean()).isTrue();
    assertThat(status.path("requirements").get(0).path("colour").asText()).isEqualTo("green");

    r = cli(null, "launch", "invoice-sync", "--", "sh", "-c", CHILD);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("url=https://erp.example.com login=admin", sha256(CANARY));
    assertThat(cli(null, "launch", "invoice-sync", "--", "sh", "-c", "exit 3").code()).isEqualTo(3);
    // the child's output passes the library's masker: the secret and its base64 become ****
    r =
        cli(
            null,
            "launch",
            "invoice-sync",
            "--",
            "sh",
            "-c",
            "echo \"pw=$ERP_PASSWORD\"; printf %s \"$ERP_PASSWORD\" | base64");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("pw=****")
        .doesNotContain(CANARY)
        .doesNotContain(
            java.util.Base64.getEncoder()
                .encodeToString(CANARY.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertThat(cli(null, "launch", "invoice-sync", "--timeout", "1s", "--", "sleep", "30").code())
        .isEqualTo(124);

    JsonNode verify = cli(null, "audit", "verify", "-o", "json").json();
    assertThat(verify.path("intact").asBoolean()).isTrue();
    assertThat(cli(null, "audit", "list", "-o", "json").json().findValuesAsText("action"))
        .contains("CREATED", "CONSUMER_DECLARED", "BOUND", "ACCESSED");

    r = cli(null, "keys", "rotate", "-o", "json");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.json().path("rewrapped").asLong()).isEqualTo(1);
    assertThat(r.json().path("disabled").size()).isEqualTo(1);
    JsonNode keys = cli(null, "keys", "status", "-o", "json").json();
    assertThat(keys.path("credentialsNotOnPrimary").asLong()).isZero();
    assertThat(keys.path("keys").size()).isEqualTo(2);

    r = cli(null, "backup", "export", "backup.json", "--with-audit");
    assertThat(r.code()).as(r.err()).isZero();
    Path backup = dir.resolve("backup.json");
    assertThat(Files.readString(backup)).doesNotContain(CANARY).contains("sealedValues");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backup)))
        .isEqualTo("rw-------");

    schema = "cli_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(POSTGRES);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    String db = POSTGRES + "&currentSchema=" + schema;
    r = cli(null, "--db", db, "backup", "import", "backup.json", "--dry-run", "-o", "json");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.json().path("credentials").asInt()).isEqualTo(1);
    assertThat(count(schema, "credentials")).isZero();

    r = cli(null, "--db", db, "backup", "import", "backup.json");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(count(schema, "credentials")).isEqualTo(1);
    assertThat(count(schema, "bindings")).isEqualTo(1);

    r = cli(null, "--db", db, "launch", "invoice-sync", "--", "sh", "-c", CHILD);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("url=https://erp.example.com login=admin", sha256(CANARY));
    verify = cli(null, "--db", db, "audit", "verify", "-o", "json").json();
    assertThat(verify.path("intact").asBoolean()).isTrue();

    long events = count(schema, "audit_events");
    r = cli(null, "--db", db, "backup", "import", "backup.json");
    assertThat(r.code()).as("the target has its own audit chain now: a conflict").isEqualTo(65);
    assertThat(r.err()).contains("audit").contains("Nothing was written");
    assertThat(count(schema, "credentials")).isEqualTo(1);
    assertThat(count(schema, "audit_events")).isEqualTo(events);

    JsonNode health = cli(null, "--db", db, "health", "-o", "json").json();
    assertThat(health.path("healthy").asBoolean()).as(health.toString()).isTrue();

    assertThat(String.join("\n", outputs)).doesNotContain(CANARY);
  }

  @Test
  @DisplayName("the launcher script finds the jar and runs it")
  void launcherScript() throws Exception {
    Run r =
        run(
            List.of(
                System.getProperty("credentials.cli.script"),
                "--home",
                dir.resolve("home").toString(),
                "seed",
                "--from-env",
                "--env-file",
                "seed.env",
                "--dry-run",
                "-o",
                "json"),
            null);
    // seed.env is missing: the script ran the jar, which names the file
    assertThat(r.code()).isEqualTo(66);
    assertThat(r.err()).contains("seed.env").doesNotContain("Exception");
    Files.writeString(
        dir.resolve("seed.env"),
        "# seeding\nAPI_URL=https://api.example.com\nAPI_KEY="
            + CANARY
            + "\nexport UNRELATED='x'\n",
        StandardCharsets.UTF_8);
    r =
        run(
            List.of(
                System.getProperty("credentials.cli.script"),
                "--home",
                dir.resolve("home").toString(),
                "seed",
                "--from-env",
                "--env-file",
                "seed.env",
                "--prototype",
                "api-key",
                "--dry-run",
                "-o",
                "json"),
            null);
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode plan = r.json().path("plan");
    assertThat(plan.size()).isEqualTo(1);
    assertThat(plan.get(0).path("action").asText()).isEqualTo("create");
    assertThat(plan.get(0).path("variables").toString()).contains("API_KEY", "API_URL");
    assertThat(cli(null, "credential", "list", "-o", "json").json().size()).isZero();
    r = cli(null, "seed", "--from-env", "--env-file", "seed.env", "--prototype", "api-key");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(cli(null, "credential", "list", "-o", "json").json().findValuesAsText("name"))
        .containsExactly("api-key");
    r = cli(null, "seed", "--from-env", "--env-file", "seed.env", "--prototype", "api-key");
    assertThat(r.out()).contains("skip");
  }

  static long count(String schema, String table) throws Exception {
    try (Connection c = DriverManager.getConnection(POSTGRES);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + schema + "." + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
