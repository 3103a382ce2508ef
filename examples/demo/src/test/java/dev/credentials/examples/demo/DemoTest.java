package dev.credentials.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.credentials.LaunchDecision;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DemoTest {

  @Test
  @DisplayName("the demo tells the whole story and the child process receives the environment")
  void demo() throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int exit = Demo.run(new PrintStream(buf, true, StandardCharsets.UTF_8));
    String out = buf.toString(StandardCharsets.UTF_8);
    assertThat(exit).isZero();
    assertThat(out)
        .contains("erp → UNASSIGNED")
        .contains("erp → BOUND")
        .contains("Launch decision: RUN")
        .contains("ERP_PASSWORD=****")
        .contains("job sees ERP_URL=https://erp.acme.example/api, ERP_LOGIN=integration")
        .contains("ERP_PASSWORD has 20 characters")
        .contains("audit chain of tenant acme is intact")
        .doesNotContain("s3cr3t-demo-password");
  }

  @Test
  @DisplayName("the README's embedding example runs")
  void embeddingExampleRuns() {
    LaunchDecision d = EmbeddingExample.run();
    assertThat(d.outcome()).isEqualTo(LaunchDecision.Outcome.RUN);
    assertThat(d.requireEnvironment().get("PGPASSWORD").orElseThrow().reveal()).isEqualTo("s3cret");
  }

  @Test
  @DisplayName("the README shows the embedding example exactly as compiled")
  void readmeInSync() throws IOException {
    String source =
        Files.readString(
            Path.of("src/main/java/dev/credentials/examples/demo/EmbeddingExample.java"));
    List<String> lines = source.lines().collect(Collectors.toList());
    int from = indexOf(lines, "// tag::embed[]") + 1;
    int to = indexOf(lines, "// end::embed[]");
    String snippet =
        lines.subList(from, to).stream()
            .map(l -> l.length() >= 4 ? l.substring(4) : l.strip())
            .collect(Collectors.joining("\n"));
    String readme = Files.readString(Path.of("../../README.md"));
    assertThat(readme)
        .as("README.md must contain the embedding example exactly as in EmbeddingExample.java")
        .contains("```java\n" + snippet + "\n```");
  }

  private static int indexOf(List<String> lines, String marker) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().equals(marker)) {
        return i;
      }
    }
    throw new AssertionError("marker " + marker + " not found");
  }
}
