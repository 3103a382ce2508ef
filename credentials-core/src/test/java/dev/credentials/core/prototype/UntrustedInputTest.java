package dev.credentials.core.prototype;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.credentials.CredentialValidationException;
import dev.credentials.PrototypeDefinitionException;
import dev.credentials.Secret;
import dev.credentials.Violation;
import dev.credentials.prototype.FieldCondition;
import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.FieldType;
import dev.credentials.prototype.Prototype;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Untrusted documents and values: every answer is a typed error, in bounded time and memory. */
@DisplayName("Untrusted documents and values")
class UntrustedInputTest {

  private static final Duration QUICKLY = Duration.ofSeconds(5);

  /** Numbers written every way that expands badly. */
  static final List<String> HUGE_NUMBERS =
      List.of(
          "1e999999999",
          "1e-999999999",
          "-1E+999999999",
          "9223372036854775808",
          "99999999999999999999",
          "123456789012345678901234567890",
          "0.0000000000000000000001",
          "1" + "0".repeat(900),
          "1." + "1".repeat(900),
          "1000000e2147483647");

  static String document(String field) {
    return "{\"code\": \"untrusted\", \"name\": \"U\", \"fields\": [{\"code\": \"F\", \"name\":"
        + " \"F\", "
        + field
        + "}, {\"code\": \"B\", \"name\": \"B\", \"type\": \"boolean\"}]}";
  }

  static PrototypeDefinitionException refused(String json) {
    Throwable t =
        assertTimeoutPreemptively(
            QUICKLY, () -> catchThrowable(() -> PrototypeDocuments.parse("untrusted", json)));
    assertThat(t).as(json).isInstanceOf(PrototypeDefinitionException.class);
    return (PrototypeDefinitionException) t;
  }

  static ValueSchema schema(FieldDefinition... fields) {
    Prototype.Builder b = Prototype.builder("values");
    for (FieldDefinition f : fields) {
      b.field(f);
    }
    return ValueSchema.compile(b.build());
  }

  static CredentialValidationException invalid(ValueSchema schema, String... kv) {
    Map<String, Secret> values = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      values.put(kv[i], Secret.of(kv[i + 1]));
    }
    Throwable t =
        assertTimeoutPreemptively(
            QUICKLY, () -> catchThrowable(() -> schema.validate("test", values)));
    assertThat(t).isInstanceOf(CredentialValidationException.class);
    return (CredentialValidationException) t;
  }

  @Nested
  @DisplayName("1. numbers are bounded before they are expanded")
  class Numbers {

    @Test
    @DisplayName("a huge number anywhere in a document is a violation at its path")
    void hugeNumbersInDocuments() {
      List<String> positions =
          List.of(
              "\"type\": \"number\", \"default\": %s",
              "\"type\": \"number\", \"minimum\": %s",
              "\"type\": \"integer\", \"maximum\": %s",
              "\"type\": \"string\", \"maxLength\": %s",
              "\"type\": \"string\", \"minLength\": %s",
              "\"type\": \"string\", \"condition\": {\"field\": \"B\", \"equals\": %s}");
      List<String> paths =
          List.of(
              "/fields/0/default",
              "/fields/0/minimum",
              "/fields/0/maximum",
              "/fields/0/maxLength",
              "/fields/0/minLength",
              "/fields/0/condition/equals");
      for (String n : HUGE_NUMBERS) {
        for (int i = 0; i < positions.size(); i++) {
          String json = document(positions.get(i).formatted(n));
          PrototypeDefinitionException e = refused(json);
          assertThat(e.violations()).extracting(Violation::path).as(json).contains(paths.get(i));
        }
      }
    }

    @Test
    @DisplayName("minLength beyond an int is refused, never silently dropped")
    void lengthBeyondIntRefused() {
      for (String n : List.of("9223372036854775808", "2147483648", "1048577")) {
        assertThat(refused(document("\"type\": \"string\", \"minLength\": " + n)).violations())
            .extracting(Violation::path)
            .containsExactly("/fields/0/minLength");
      }
    }

    @Test
    @DisplayName("a huge bound on a Java-built prototype is refused at its path")
    void hugeBoundsInJava() {
      Prototype p =
          Prototype.builder("java-huge")
              .field(
                  FieldDefinition.builder("N", FieldType.NUMBER)
                      .minimum(new BigDecimal("1e999999999"))
                      .build())
              .build();
      assertThat(assertTimeoutPreemptively(QUICKLY, () -> PrototypeRules.violations(p)))
          .extracting(Violation::path)
          .containsExactly("/fields/0/minimum");
    }

    @Test
    @DisplayName("a huge number value is a violation of its field, for integers and numbers")
    void hugeValues() {
      ValueSchema s =
          schema(
              FieldDefinition.builder("I", FieldType.INTEGER).build(),
              FieldDefinition.builder("N", FieldType.NUMBER).maximum(BigDecimal.TEN).build());
      for (String n : HUGE_NUMBERS) {
        assertThat(invalid(s, "I", n, "N", n).violations())
            .extracting(Violation::path)
            .containsExactly("I", "N");
      }
      assertThat(invalid(s, "N", "1e400").violations())
          .extracting(Violation::path)
          .containsExactly("N");
      assertThat(s.validate("t", Map.of("I", Secret.of(" 007 "), "N", Secret.of("1e1"))))
          .containsEntry("I", Secret.of("7"));
    }
  }

  @Nested
  @DisplayName("2. regular expressions run under a budget")
  class Regex {

    static final List<String> CATASTROPHIC =
        List.of("(.*a){30}", "(a+)+b", "(a|a)*b", "(a|aa)+$x", "((a+)*)*c", "(\\w+\\s?)+!");

    @Test
    @DisplayName("a catastrophic pattern gives a typed violation quickly, for values and defaults")
    void catastrophicPatterns() {
      for (String rx : CATASTROPHIC) {
        ValueSchema s = schema(FieldDefinition.builder("P", FieldType.STRING).pattern(rx).build());
        for (int length : new int[] {41, 200, 5000}) {
          CredentialValidationException e = invalid(s, "P", "a".repeat(length));
          assertThat(e.violations()).extracting(Violation::path).containsExactly("P");
        }
        String json =
            document(
                "\"type\": \"string\", \"pattern\": \""
                    + rx.replace("\\", "\\\\")
                    + "\", \"default\": \""
                    + "a".repeat(41)
                    + "\"");
        assertThat(refused(json).violations())
            .extracting(Violation::path)
            .containsExactly("/fields/0/default");
      }
    }

    @Test
    @DisplayName("a linear pattern still checks a 64 KiB value")
    void linearPatternsFitTheBudget() {
      ValueSchema s =
          schema(FieldDefinition.builder("P", FieldType.TEXT).pattern("[a-z ]*(x|y)?").build());
      assertThat(s.validate("t", Map.of("P", Secret.of("ab c".repeat(16_384))))).containsKey("P");
    }
  }

  @Nested
  @DisplayName("3. whole-value checks forgive no trailing line terminator")
  class Terminators {

    static final List<String> ENDINGS =
        List.of("\n", "\r\n", "\r", "\u0085", "\u2028", "\u2029", "\t", " ");

    @Test
    @DisplayName("URLs, e-mail addresses and pattern-checked values with a line ending are refused")
    void trailingTerminators() {
      ValueSchema s =
          schema(
              FieldDefinition.builder("U", FieldType.URL).build(),
              FieldDefinition.builder("E", FieldType.EMAIL).build(),
              FieldDefinition.builder("P", FieldType.STRING).pattern("[a-z]+").build(),
              FieldDefinition.builder("Q", FieldType.STRING).pattern("^[a-z]+$").build(),
              FieldDefinition.builder("R", FieldType.STRING).pattern(".*").build());
      assertThat(
              s.validate(
                  "t",
                  Map.of(
                      "U", Secret.of("https://a.example/x"),
                      "E", Secret.of("a@b.example"),
                      "P", Secret.of("abc"),
                      "Q", Secret.of("abc"),
                      "R", Secret.of("abc"))))
          .hasSize(5);
      SplittableRandom random = new SplittableRandom(21);
      for (String end : ENDINGS) {
        for (int i = 0; i < 20; i++) {
          String word = word(random);
          assertThat(
                  invalid(
                          s,
                          "U",
                          "https://" + word + ".example/" + word + end,
                          "E",
                          word + "@" + word + ".example" + end,
                          "P",
                          word + end,
                          "Q",
                          word + end,
                          "R",
                          word + end)
                      .violations())
              .extracting(Violation::path)
              .as("ending %s", end.codePoints().mapToObj(Integer::toHexString).toList())
              .containsExactlyElementsOf(
                  // '.' matches a tab or a space, never a line terminator
                  end.equals("\t") || end.equals(" ")
                      ? List.of("U", "E", "P", "Q")
                      : List.of("U", "E", "P", "Q", "R"));
        }
      }
    }

    @Test
    @DisplayName("a default with a trailing line terminator is refused on import")
    void defaults() {
      for (String end : ENDINGS) {
        String escaped = end.equals("\t") ? "\\t" : end.equals(" ") ? " " : jsonEscape(end);
        for (String type : List.of("url", "email")) {
          String value = type.equals("url") ? "https://a.example" : "a@b.example";
          assertThat(
                  refused(
                          document(
                              "\"type\": \""
                                  + type
                                  + "\", \"default\": \""
                                  + value
                                  + escaped
                                  + "\""))
                      .violations())
              .extracting(Violation::path)
              .containsExactly("/fields/0/default");
        }
      }
    }

    private static String jsonEscape(String s) {
      StringBuilder b = new StringBuilder();
      s.chars().forEach(c -> b.append(String.format("\\u%04x", c)));
      return b.toString();
    }

    private static String word(SplittableRandom r) {
      StringBuilder b = new StringBuilder();
      int n = 1 + r.nextInt(10);
      for (int i = 0; i < n; i++) {
        b.append((char) ('a' + r.nextInt(26)));
      }
      return b.toString();
    }
  }

  @Nested
  @DisplayName("6. conditions compare parsed values")
  class Conditions {

    @Test
    @DisplayName("TRUE, True and true all meet a condition on true")
    void booleanCase() {
      ValueSchema s =
          schema(
              FieldDefinition.builder("DB_SSL", FieldType.BOOLEAN).build(),
              FieldDefinition.builder("DB_CERT", FieldType.TEXT)
                  .required(true)
                  .condition(FieldCondition.whenEquals("DB_SSL", "true"))
                  .build());
      for (String t : List.of("true", "TRUE", "True", " true ")) {
        assertThat(s.validate("t", Map.of("DB_SSL", Secret.of(t), "DB_CERT", Secret.of("pem"))))
            .as(t)
            .containsEntry("DB_SSL", Secret.of("true"))
            .containsEntry("DB_CERT", Secret.of("pem"));
        assertThat(invalid(s, "DB_SSL", t).violations())
            .extracting(Violation::path)
            .containsExactly("DB_CERT");
      }
      assertThat(s.validate("t", Map.of("DB_SSL", Secret.of("FALSE"), "DB_CERT", Secret.of("x"))))
          .doesNotContainKey("DB_CERT");
    }

    @Test
    @DisplayName("integers compare by value: 007 meets a condition on 7")
    void integerValue() {
      ValueSchema s =
          schema(
              FieldDefinition.builder("LEVEL", FieldType.INTEGER).build(),
              FieldDefinition.builder("EXTRA", FieldType.STRING)
                  .required(true)
                  .condition(FieldCondition.whenEquals("LEVEL", "7"))
                  .build());
      assertThat(invalid(s, "LEVEL", "007").violations())
          .extracting(Violation::path)
          .containsExactly("EXTRA");
    }
  }

  @Nested
  @DisplayName("4. only typed errors come out of the document and value entry points")
  class Fuzz {

    static final List<String> SEEDS =
        List.of(
            document("\"type\": \"select\", \"options\": [{\"value\": \"a\"}]"),
            document("\"type\": \"integer\", \"minimum\": 1, \"maximum\": 9, \"default\": 3"),
            document("\"type\": \"string\", \"pattern\": \"[a-z]+\", \"default\": \"ab\""),
            "{\"code\": \"Mf\", \"name\": {\"en\": \"M\"}, \"fields\": [{\"keyword\": \"K\","
                + " \"type\": \"set\", \"name\": \"K\", \"options\": {\"a\": \"b\"}}]}");

    static final List<String> INSERTS =
        List.of(
            "{",
            "}",
            "[",
            "]",
            ",",
            ":",
            "\"",
            "null",
            "true",
            "1e400",
            "1e999999999",
            "99999999999999999999",
            "-0",
            "{\"a\": \"b\"}",
            "{\"1\": 1}",
            "\"options\": {\"a\": \"b\"}",
            "\"99999999999999999999\": 1",
            "\"1\": 2",
            "\"condition\": {\"field\": \"F\"}",
            "\"condition\": {\"field\": \"B\", \"equals\": {}}",
            "\\u0000",
            "\u2028",
            "[".repeat(1200),
            "\"default\": [1]",
            "\"type\": \"select\"",
            "\"pattern\": \"(\"");

    @Test
    @DisplayName("mutated documents give a prototype or a PrototypeDefinitionException")
    void documents() {
      SplittableRandom random = new SplittableRandom(2026);
      int refused = 0;
      for (int run = 0; run < 3000; run++) {
        String json = mutate(SEEDS.get(random.nextInt(SEEDS.size())), random);
        Throwable t = catchThrowable(() -> PrototypeDocuments.read("fuzz", json));
        if (t != null) {
          refused++;
          assertThat(t)
              .as("run %d: %s", run, json)
              .isInstanceOf(PrototypeDefinitionException.class);
        }
      }
      assertThat(refused).isGreaterThan(1000);
    }

    @Test
    @DisplayName("a select field whose options are an object is a violation, not a crash")
    void optionsAsObject() {
      assertThat(
              refused(document("\"type\": \"select\", \"options\": {\"a\": \"b\"}")).violations())
          .extracting(Violation::path)
          .containsExactly("/fields/0/options");
    }

    @Test
    @DisplayName("unknown properties with numeric names are violations, not crashes")
    void numericNames() {
      assertThat(
              refused(
                      "{\"code\": \"nn\", \"name\": \"N\", \"1\": 1, \"99999999999999999999\": 2,"
                          + " \"fields\": [{\"code\": \"F\", \"name\": \"F\", \"type\":"
                          + " \"string\", \"2\": 3}]}")
                  .violations())
          .extracting(Violation::path)
          .containsExactly("/1", "/99999999999999999999", "/fields/0/2");
    }

    @Test
    @DisplayName("random values give normalised values or a CredentialValidationException")
    void values() {
      ValueSchema s =
          schema(
              FieldDefinition.builder("I", FieldType.INTEGER).minimum(BigDecimal.ONE).build(),
              FieldDefinition.builder("N", FieldType.NUMBER).build(),
              FieldDefinition.builder("B", FieldType.BOOLEAN).build(),
              FieldDefinition.builder("U", FieldType.URL).build(),
              FieldDefinition.builder("E", FieldType.EMAIL).build(),
              FieldDefinition.builder("P", FieldType.STRING).pattern("[a-z]{2,5}").build(),
              FieldDefinition.builder("C", FieldType.STRING)
                  .required(true)
                  .condition(FieldCondition.whenEquals("B", "true"))
                  .build());
      List<String> codes = List.of("I", "N", "B", "U", "E", "P", "C", "X", "");
      SplittableRandom random = new SplittableRandom(7);
      for (int run = 0; run < 3000; run++) {
        Map<String, Secret> values = new LinkedHashMap<>();
        int n = random.nextInt(6);
        for (int i = 0; i < n; i++) {
          values.put(
              codes.get(random.nextInt(codes.size())),
              Secret.of(mutate(INSERTS.get(random.nextInt(INSERTS.size())), random)));
        }
        Throwable t = catchThrowable(() -> s.validate("fuzz", values));
        if (t != null) {
          assertThat(t).as("run %d", run).isInstanceOf(CredentialValidationException.class);
        }
      }
    }

    static String mutate(String seed, SplittableRandom random) {
      StringBuilder b = new StringBuilder(seed);
      int edits = 1 + random.nextInt(4);
      for (int i = 0; i < edits; i++) {
        int at = b.length() == 0 ? 0 : random.nextInt(b.length() + 1);
        switch (random.nextInt(3)) {
          case 0 -> b.insert(at, INSERTS.get(random.nextInt(INSERTS.size())));
          case 1 -> {
            if (b.length() > 0) {
              b.delete(
                  at == b.length() ? at - 1 : at, Math.min(b.length(), at + 1 + random.nextInt(8)));
            }
          }
          default -> {
            List<String> parts = new ArrayList<>(List.of(b.toString().split(",", -1)));
            if (parts.size() > 1) {
              int k = random.nextInt(parts.size());
              parts.set(k, INSERTS.get(random.nextInt(INSERTS.size())));
              b = new StringBuilder(String.join(",", parts));
            }
          }
        }
      }
      return b.toString();
    }
  }

  @Test
  @DisplayName("a secret field's default never shows in toString")
  void toStringMasksSecretDefaults() {
    FieldDefinition f =
        FieldDefinition.builder("TOKEN", FieldType.STRING)
            .secret(true)
            .defaultValue("canary-4b1d")
            .build();
    Prototype p = Prototype.builder("masked").field(f).build();
    assertThat(f.toString())
        .doesNotContain("canary-4b1d")
        .contains("defaultValue=Optional[******]");
    assertThat(p.toString()).doesNotContain("canary-4b1d");
    assertThat(FieldDefinition.builder("PLAIN", FieldType.STRING).defaultValue("shown").build())
        .asString()
        .contains("shown");
    assertThatThrownBy(() -> PrototypeRules.requireValid("java", p))
        .isInstanceOf(PrototypeDefinitionException.class)
        .hasMessageNotContaining("canary-4b1d");
  }
}
