package dev.credentials.core.internal.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.credentials.Secret;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Regression: check results were scrubbed only of exact secret values. */
class SecretScrubberTest {

  static final String SECRET = "Pa55/w\"ord\nwith space+ümlaut";

  static final List<UnaryOperator<String>> ENCODINGS =
      List.of(
          v -> v,
          v -> v.toUpperCase(Locale.ROOT),
          v -> v.toLowerCase(Locale.ROOT),
          v -> URLEncoder.encode(v, StandardCharsets.UTF_8),
          v -> URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20"),
          v -> URLEncoder.encode(v, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT),
          v -> v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n"),
          v -> Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8)),
          v -> Base64.getUrlEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8)),
          v -> v.substring(0, 8),
          v -> v.substring(0, 12) + "…");

  @Test
  @DisplayName("every common encoding, case and truncation of a secret is masked")
  void encodingsAreMasked() {
    for (UnaryOperator<String> e : ENCODINGS) {
      String leaked = e.apply(SECRET);
      String text = "authentication failed for '" + leaked + "' at host db";
      String scrubbed = SecretScrubber.scrub(text, List.of(Secret.of(SECRET)));
      assertThat(scrubbed)
          .as("encoding of %s", leaked.length())
          .contains("****")
          .startsWith("authentication failed for '")
          .endsWith("at host db")
          .doesNotContainIgnoringCase(leaked.length() > 6 ? leaked.substring(0, 6) : leaked);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"token-canary-1234", "ABCdef123456", "s3cr3t!@#$%^&*()"})
  @DisplayName("secrets in random text under random encodings never survive (seeded)")
  void randomTexts(String secret) {
    Random random = new Random(secret.hashCode());
    for (int i = 0; i < 500; i++) {
      String leaked = ENCODINGS.get(random.nextInt(ENCODINGS.size() - 2)).apply(secret);
      String text = noise(random) + leaked + noise(random);
      String scrubbed = SecretScrubber.scrub(text, List.of(Secret.of(secret), Secret.of("other")));
      assertThat(scrubbed).doesNotContainIgnoringCase(leaked);
    }
  }

  @Test
  @DisplayName("text without secrets is returned as it is; short values are left alone")
  void leavesOtherTextAlone() {
    String text = "connection refused by db.example.com:5432";
    assertThat(SecretScrubber.scrub(text, List.of(Secret.of("unrelated-value")))).isSameAs(text);
    assertThat(SecretScrubber.scrub("port 54 is ok", List.of(Secret.of("54"))))
        .isEqualTo("port 54 is ok");
  }

  static String noise(Random random) {
    String alphabet = "abc XYZ 019 :/?=&\"\\\n";
    StringBuilder b = new StringBuilder();
    int n = random.nextInt(20);
    for (int i = 0; i < n; i++) {
      b.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return b.toString();
  }
}
