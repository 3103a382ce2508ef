package dev.credentials.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.credentials.LaunchDecision;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoTest {

  @TempDir Path data;

  String runDemo() throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int exit = Demo.run(new PrintStream(buf, true, StandardCharsets.UTF_8), data);
    assertThat(exit).isZero();
    return buf.toString(StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("the demo runs twice on its H2 file database and finds its credential again")
  void persistent() throws Exception {
    assertThat(runDemo()).contains("2. Created credential acme-erp");
    assertThat(Files.exists(data.resolve("keyset.json"))).isTrue();
    assertThat(java.nio.file.Files.getPosixFilePermissions(data.resolve("keyset.json")))
        .containsExactlyInAnyOrder(
            java.nio.file.attribute.PosixFilePermission.OWNER_READ,
            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    String second = runDemo();
    assertThat(second)
        .contains("2. Found credential acme-erp")
        .contains("ERP_PASSWORD has 20 characters");
    for (Path p : Files.walk(data).filter(Files::isRegularFile).toList()) {
      if (!p.getFileName().toString().equals("keyset.json")) {
        assertThat(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1))
            .as("no plaintext secret in the database file %s", p)
            .doesNotContain("s3cr3t-demo-password");
      }
    }
  }

  @Test
  @DisplayName("the demo tells the whole story and the child process receives the environment")
  void demo() throws Exception {
    String out = runDemo();
    assertThat(out)
        .contains("erp → UNASSIGNED")
        .contains("erp → BOUND")
        .contains("Launch decision: RUN")
        .contains("ERP_PASSWORD=****")
        .contains("job sees ERP_URL=https://erp.acme.example/api, ERP_LOGIN=integration")
        .contains("and prints it by mistake: ****")
        .contains("ERP_PASSWORD has 20 characters")
        .contains("audit chain of tenant acme is intact")
        .doesNotContain("s3cr3t-demo-password");
  }

  @Test
  @DisplayName("the README's embedding example runs, and runs again on the same data")
  void embeddingExampleRuns() {
    LaunchDecision first = EmbeddingExample.run(data);
    assertThat(first.outcome()).isEqualTo(LaunchDecision.Outcome.RUN);
    String expected = System.getenv().getOrDefault("REPORTING_DB_PASSWORD", "change-me");
    assertThat(first.requireEnvironment().get("PGPASSWORD").orElseThrow().reveal())
        .isEqualTo(expected);
    LaunchDecision second = EmbeddingExample.run(data);
    assertThat(second.outcome()).isEqualTo(LaunchDecision.Outcome.RUN);
    assertThat(second.requireEnvironment().get("PGHOST").orElseThrow().reveal())
        .isEqualTo("db.acme.internal");
  }

  @Test
  @DisplayName("the README shows the embedding example exactly as compiled, imports included")
  void readmeInSync() throws IOException {
    String source =
        Files.readString(
            Path.of("src/main/java/dev/credentials/examples/demo/EmbeddingExample.java"));
    String readme = Files.readString(Path.of("../../README.md"));
    assertThat(readme)
        .as("README.md must contain EmbeddingExample.java exactly, in a java block")
        .contains("```java\n" + source + "```");
  }
}
