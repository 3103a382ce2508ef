package dev.credentials.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.credentials.core.CredentialKeys;
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
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input, in process: each case gets one clear message naming what to fix, its exit code, and
 * leaves the store as it was. A canary secret never reaches any output.
 */
class CliBadInputTest {

  static final String CANARY = "canary-Bq4-" + UUID.randomUUID();
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  final List<String> outputs = new ArrayList<>();
  final Map<String, String> env = new HashMap<>();

  record Run(int code, String out, String err) {
    JsonNode json() throws IOException {
      return JSON.readTree(out);
    }
  }

  Run cli(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> all = new ArrayList<>(List.of("--home", dir.resolve("home").toString()));
    all.addAll(List.of(args));
    Io io =
        new Io(
            new ByteArrayInputStream((stdin == null ? "" : stdin).getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            env,
            Optional.empty());
    int code = CredentialsCli.run(io, all.toArray(String[]::new));
    Run r =
        new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    outputs.add(r.out() + r.err());
    assertThat(r.out() + r.err()).doesNotContain(CANARY);
    assertThat(r.err()).doesNotContain("\tat ");
    return r;
  }

  void write(String name, String content) throws IOException {
    Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
  }

  String file(String name) {
    return dir.resolve(name).toString();
  }

  @BeforeEach
  void files() throws IOException {
    try (var in = getClass().getResourceAsStream("/story/erp.credprototype.json")) {
      Files.write(dir.resolve("erp.json"), in.readAllBytes());
    }
    write("values.json", "{\"ERP_PASSWORD\": \"" + CANARY + "\"}");
  }

  /** Imports the ERP prototype and creates one credential; returns its version. */
  long seeded() throws IOException {
    assertThat(cli(null, "prototype", "import", file("erp.json")).code()).isZero();
    Run r =
        cli(
            null,
            "credential",
            "create",
            "--prototype",
            "ExampleErp",
            "--name",
            "erp",
            "--ERP_URL=https://erp.example.com",
            "--ERP_LOGIN=admin",
            "--from-file",
            file("values.json"));
    assertThat(r.code()).as(r.err()).isZero();
    return version();
  }

  long version() throws IOException {
    return cli(null, "credential", "list", "-o", "json").json().get(0).path("version").asLong();
  }

  int credentials() throws IOException {
    return cli(null, "credential", "list", "-o", "json").json().size();
  }

  @Nested
  @DisplayName("usage errors exit 2 and open nothing")
  class Usage {
    @Test
    @DisplayName("an unknown verb names it and suggests the closest")
    void unknownVerb() {
      Run r = cli(null, "credentail", "list");
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err()).contains("credentail").contains("Did you mean");
      assertThat(dir.resolve("home")).doesNotExist();
    }

    @Test
    @DisplayName("an unknown option names it")
    void unknownOption() {
      Run r = cli(null, "prototype", "list", "--colour");
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err()).contains("Unknown option: '--colour'");
      assertThat(dir.resolve("home")).doesNotExist();
    }

    @Test
    @DisplayName("a missing required option names it")
    void missingOption() {
      Run r = cli(null, "credential", "create", "--name", "x");
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err()).contains("--prototype");
      assertThat(dir.resolve("home")).doesNotExist();
    }

    @Test
    @DisplayName("a bad duration names the option")
    void badDuration() {
      Run r = cli(null, "credential", "expiring", "--within", "soon");
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err()).contains("--within").contains("30d");
    }

    @Test
    @DisplayName("a secret on the command line is refused, its value never echoed")
    void secretOnArgv() throws IOException {
      assertThat(cli(null, "prototype", "import", file("erp.json")).code()).isZero();
      Run r =
          cli(
              null,
              "credential",
              "create",
              "--prototype",
              "ExampleErp",
              "--name",
              "erp",
              "--ERP_URL=https://erp.example.com",
              "--ERP_LOGIN=admin",
              "--ERP_PASSWORD=" + CANARY);
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err()).contains("ERP_PASSWORD is a secret field").contains("--from-file");
      assertThat(credentials()).isZero();
    }

    @Test
    @DisplayName("a field the prototype lacks is named with the fields it has")
    void unknownField() throws IOException {
      assertThat(cli(null, "prototype", "import", file("erp.json")).code()).isZero();
      Run r =
          cli(
              null,
              "credential",
              "create",
              "--prototype",
              "ExampleErp",
              "--name",
              "e",
              "--ERP_UR=x");
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err()).contains("has no field ERP_UR").contains("ERP_URL");
      assertThat(credentials()).isZero();
    }
  }

  @Nested
  @DisplayName("bad data exits 65 or 66 and writes nothing")
  class Data {
    @Test
    @DisplayName("a missing required field is named")
    void missingRequiredField() throws IOException {
      assertThat(cli(null, "prototype", "import", file("erp.json")).code()).isZero();
      Run r =
          cli(
              null,
              "credential",
              "create",
              "--prototype",
              "ExampleErp",
              "--name",
              "erp",
              "--ERP_URL=https://erp.example.com",
              "--ERP_LOGIN=admin");
      assertThat(r.code()).isEqualTo(65);
      assertThat(r.err()).contains("ERP_PASSWORD");
      assertThat(credentials()).isZero();
    }

    @Test
    @DisplayName("a malformed prototype file is named with line and column")
    void malformedPrototype() throws IOException {
      write("bad.json", "{\n  \"code\": \"Broken\",\n  \"fields\": [\n");
      Run r = cli(null, "prototype", "import", file("bad.json"));
      assertThat(r.code()).isEqualTo(65);
      assertThat(r.err()).contains("bad.json").contains("line");
      assertThat(dir.resolve("home")).doesNotExist();
    }

    @Test
    @DisplayName("an invalid prototype document is refused with its JSON path")
    void invalidPrototype() throws IOException {
      write("invalid.json", "{\"code\": \"x\", \"fields\": [{\"keyword\": \"lower\"}]}");
      Run r = cli(null, "prototype", "import", file("invalid.json"));
      assertThat(r.code()).isEqualTo(65);
      assertThat(r.err()).contains("invalid.json");
      assertThat(cli(null, "prototype", "list", "-o", "json").out()).doesNotContain("\"x\"");
    }

    @Test
    @DisplayName("a missing file exits 66 and names it")
    void missingFile() {
      Run r = cli(null, "prototype", "import", file("nope.json"));
      assertThat(r.code()).isEqualTo(66);
      assertThat(r.err()).contains("nope.json").contains("no such file");
    }

    @Test
    @DisplayName("a malformed values file is named, the secret never shown")
    void malformedValues() throws IOException {
      assertThat(cli(null, "prototype", "import", file("erp.json")).code()).isZero();
      write("values.json", "{\"ERP_PASSWORD\": \"" + CANARY + "\", ");
      Run r =
          cli(
              null,
              "credential",
              "create",
              "--prototype",
              "ExampleErp",
              "--name",
              "erp",
              "--from-file",
              file("values.json"));
      assertThat(r.code()).isEqualTo(65);
      assertThat(r.err()).contains("values.json").contains("not valid JSON");
      assertThat(credentials()).isZero();
    }

    @Test
    @DisplayName("a malformed app.json is named with its JSON path")
    void malformedApp() throws IOException {
      write("app.json", "{\"requirements\": [42]}");
      Run r = cli(null, "consumer", "declare", "job", "--from-app", file("app.json"));
      assertThat(r.code()).isEqualTo(65);
      assertThat(r.err()).contains("/requirements/0");
      assertThat(cli(null, "consumer", "list", "-o", "json").json().size()).isZero();
    }

    @Test
    @DisplayName("a malformed backup is refused with every problem by path; nothing written")
    void malformedBackup() throws IOException {
      long v = seeded();
      write(
          "backup.json",
          "{\"format\": \"dev.credentials.backup\", \"version\": 1, \"tenant\": \"default\","
              + " \"exportedAt\": \"2026-01-01T00:00:00Z\", \"prototypes\": {},"
              + " \"credentials\": [{\"id\": \"nope\"}], \"consumers\": [], \"bindings\": []}");
      Run r = cli(null, "backup", "import", file("backup.json"));
      assertThat(r.code()).isEqualTo(65);
      assertThat(r.err()).contains("/credentials/0");
      assertThat(credentials()).isEqualTo(1);
      assertThat(version()).isEqualTo(v);
    }

    @Test
    @DisplayName("a conflicting backup writes nothing by default, and skips with --on-conflict")
    void conflictingBackup() throws IOException {
      seeded();
      assertThat(cli(null, "backup", "export", file("b.json")).code()).isZero();
      assertThat(cli(null, "credential", "delete", "erp").code()).isZero();
      // another credential of the same name and environment now exists
      assertThat(
              cli(
                      null,
                      "credential",
                      "create",
                      "--prototype",
                      "ExampleErp",
                      "--name",
                      "erp",
                      "--ERP_URL=https://other.example.com",
                      "--ERP_LOGIN=other",
                      "--from-file",
                      file("values.json"))
                  .code())
          .isZero();
      long v = version();
      Run r = cli(null, "backup", "import", file("b.json"));
      assertThat(r.code()).isEqualTo(65);
      assertThat(r.err()).contains("credential erp (production) exists").contains("Nothing");
      r = cli(null, "backup", "import", file("b.json"), "--on-conflict", "skip", "-o", "json");
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.json().path("skipped").toString()).contains("erp");
      assertThat(credentials()).isEqualTo(1);
      assertThat(version()).isEqualTo(v);
    }
  }

  @Nested
  @DisplayName("keys and storage")
  class KeysAndStorage {
    @Test
    @DisplayName("a wrong keyset exits 78 and changes nothing")
    void wrongKeyset() throws IOException {
      long v = seeded();
      Path other = dir.resolve("other-keyset.json");
      CredentialKeys.generate().writeCleartextInsecurely(other);
      Run r =
          cli(null, "--keyset", other.toString(), "credential", "update", "erp", "--ERP_LOGIN=x");
      assertThat(r.code()).as(r.err()).isEqualTo(78);
      r = cli(null, "--keyset", other.toString(), "credential", "show", "erp");
      assertThat(r.code()).isEqualTo(78);
      assertThat(version()).isEqualTo(v);
      assertThat(cli(null, "backup", "export", file("b.json")).code()).isZero();
      r = cli(null, "--keyset", other.toString(), "backup", "import", file("b.json"));
      assertThat(r.code()).isEqualTo(78);
      // the engine refuses a keyset that lacks the stored credentials' keys before anything runs
      assertThat(r.err()).contains("does not hold").contains("key id");
      assertThat(version()).isEqualTo(v);
    }

    @Test
    @DisplayName("a missing keyset file exits 66 and names it")
    void missingKeyset() {
      Run r = cli(null, "--keyset", file("none.json"), "credential", "list");
      assertThat(r.code()).isEqualTo(66);
      assertThat(r.err()).contains("none.json");
    }

    @Test
    @DisplayName("an unreachable database exits 69, masks the password, creates no keyset")
    void unreachableDatabase() {
      env.put("CREDENTIALS_DB_PASSWORD", CANARY);
      Run r =
          cli(
              null,
              "--db",
              "jdbc:postgresql://127.0.0.1:1/test?user=postgres&password=" + CANARY,
              "credential",
              "list");
      assertThat(r.code()).isEqualTo(69);
      assertThat(r.err()).contains("cannot open the database").contains("password=****");
      assertThat(dir.resolve("home/keyset.json")).doesNotExist();
    }

    @Test
    @DisplayName("a principal without the role is denied with 77 and nothing is written")
    void denied() throws IOException {
      assertThat(cli(null, "prototype", "import", file("erp.json")).code()).isZero();
      Run r =
          cli(
              null,
              "--role",
              "service",
              "credential",
              "create",
              "--prototype",
              "ExampleErp",
              "--name",
              "erp",
              "--ERP_URL=https://erp.example.com",
              "--ERP_LOGIN=admin",
              "--from-file",
              file("values.json"));
      assertThat(r.code()).isEqualTo(77);
      assertThat(credentials()).isZero();
    }
  }

  @Test
  @DisplayName("keys rotate resumes a rotation interrupted after the key was added and persisted")
  void rotationResumes() throws Exception {
    seeded();
    Path file = dir.resolve("home/keyset.json");
    com.google.crypto.tink.KeysetHandle before = CredentialKeys.fromFile(file).keyset();
    com.google.crypto.tink.KeysetHandle added =
        com.google.crypto.tink.KeysetHandle.newBuilder(before)
            .addEntry(
                com.google.crypto.tink.KeysetHandle.generateEntryFromParametersName("AES256_GCM")
                    .withRandomId())
            .build();
    CredentialKeys.of(added).writeCleartextInsecurely(file);
    String oldPrimary =
        cli(null, "keys", "status", "-o", "json").json().path("primaryKeyId").asText();
    Run r = cli(null, "keys", "rotate", "-o", "json");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.json().path("resumed").asBoolean()).isTrue();
    assertThat(r.json().path("rewrapped").asLong()).isEqualTo(1);
    assertThat(r.json().path("disabled").get(0).asText()).isEqualTo(oldPrimary);
    JsonNode keys = cli(null, "keys", "status", "-o", "json").json();
    assertThat(keys.path("keys").size()).as("no third key was added").isEqualTo(2);
    assertThat(keys.path("primaryKeyId").asText()).isNotEqualTo(oldPrimary);
    assertThat(keys.path("credentialsNotOnPrimary").asLong()).isZero();
    r = cli(null, "credential", "show", "erp");
    assertThat(r.code()).as("still opens after the rotation: " + r.err()).isZero();
  }

  @Test
  @DisplayName("canary: the secret never appears in any output, text or JSON")
  void canary() throws IOException {
    seeded();
    cli(null, "credential", "show", "erp");
    cli(null, "credential", "show", "erp", "-o", "json");
    cli(null, "credential", "list");
    cli(null, "credential", "list", "-o", "json");
    cli(null, "consumer", "declare", "job", "--requires", "ExampleErp");
    cli(null, "assign", "job", "ExampleErp", "erp", "--prefix", "ERP_A_");
    cli(null, "status", "job", "-o", "json");
    cli(null, "audit", "list", "-o", "json");
    cli(null, "stats", "-o", "json");
    cli(null, "health", "-o", "json");
    cli(null, "backup", "export", file("b.json"), "-o", "json");
    env.put("ERP_URL", "https://erp.example.com");
    env.put("ERP_LOGIN", "seed");
    env.put("ERP_PASSWORD", CANARY);
    Run seed = cli(null, "seed", "--from-env", "--prototype", "ExampleErp", "--dry-run");
    assertThat(seed.out()).contains("ERP_PASSWORD").contains("create");
    assertThat(Files.readString(dir.resolve("b.json"))).doesNotContain(CANARY);
    assertThat(String.join("\n", outputs)).doesNotContain(CANARY).contains("****");
  }
}
