package dev.credentials.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.Secret;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("OutputMasker")
class OutputMaskerTest {

  static final String TOKEN = "ghp_Zq81xWv3LmN0pYt7";

  static OutputMasker masker(String... namesAndValues) {
    OutputMasker.Builder b = OutputMasker.builder();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      b.secret(namesAndValues[i], Secret.of(namesAndValues[i + 1]));
    }
    return b.build();
  }

  static String b64(String prefix, String value, Base64.Encoder e) {
    return e.encodeToString((prefix + value).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("replaces the value with ****")
  void plain() {
    assertThat(masker("TOKEN", TOKEN).mask("token=" + TOKEN + " done"))
        .isEqualTo("token=**** done");
  }

  @Test
  @DisplayName("masks base64 and base64url at all three alignments, leaving no decodable value")
  void base64() {
    OutputMasker m = masker("TOKEN", "p+/?>" + TOKEN + "~~?");
    String value = "p+/?>" + TOKEN + "~~?";
    for (Base64.Encoder e : List.of(Base64.getEncoder(), Base64.getUrlEncoder())) {
      for (String prefix : List.of("", "a", "ab", "abc", "Basic user:")) {
        String encoded = b64(prefix, value, e);
        String out = m.mask("Authorization: Basic " + encoded + "\n");
        assertThat(out).contains("****").doesNotContain(value);
        String rest = out.substring("Authorization: Basic ".length()).trim();
        // what is left around the mask is at most the partial groups at each end
        assertThat(rest.replace("****", "")).hasSizeLessThanOrEqualTo(prefix.length() * 2 + 6);
      }
    }
  }

  @Test
  @DisplayName("masks URL-encoded and JSON-escaped values")
  void urlAndJson() {
    String value = "pä ss/wo\"rd\\+&=\n😀";
    OutputMasker m = masker("PASSWORD", value);
    String form = URLEncoder.encode(value, StandardCharsets.UTF_8);
    String rfc = form.replace("+", "%20");
    String jackson = value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    String php =
        jackson.replace("/", "\\/").replace("ä", "\\u00e4").replace("😀", "\\ud83d\\ude00");
    for (String shown :
        List.of(value, form, rfc, form.toLowerCase(java.util.Locale.ROOT), jackson, php)) {
      assertThat(m.mask("[" + shown + "]")).as("shown as %s", "encoding").isEqualTo("[****]");
    }
  }

  @Test
  @DisplayName("takes the longest match and joins overlapping ones")
  void longestAndOverlapping() {
    OutputMasker m = masker("A", "abcdef", "B", "abcdefgh", "C", "ghijkl");
    assertThat(m.mask("x abcdefgh y")).isEqualTo("x **** y");
    assertThat(m.mask("x abcdefghijkl y")).isEqualTo("x **** y");
    assertThat(m.mask("abcdefabcdef")).isEqualTo("********");
    assertThat(m.mask("abcde fghij")).isEqualTo("abcde fghij");
  }

  @Test
  @DisplayName("leaves short values alone and names them, never their value")
  void tooShort() {
    OutputMasker m =
        OutputMasker.builder()
            .secret("PIN", Secret.of("123"))
            .secret("EMPTY", Secret.empty())
            .secret("TOKEN", Secret.of(TOKEN))
            .build();
    assertThat(m.unmaskedVariables()).containsExactly("PIN");
    assertThat(m.maskedVariables()).containsExactly("TOKEN");
    assertThat(m.mask("123 " + TOKEN)).isEqualTo("123 ****");
    assertThat(m.toString()).doesNotContain(TOKEN).doesNotContain("123");
    OutputMasker two =
        OutputMasker.builder().minimumLength(2).secret("PIN", Secret.of("123")).build();
    assertThat(two.mask("a123b")).isEqualTo("a****b");
    assertThatThrownBy(() -> OutputMasker.builder().minimumLength(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("minimumLength");
  }

  @Test
  @DisplayName("finds a value written one byte at a time, and holds back only a possible beginning")
  void byteByByte() throws IOException {
    OutputMasker m = masker("TOKEN", TOKEN);
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    OutputStream out = m.wrap(sink);
    for (byte b : ("line " + TOKEN + " end ghp_").getBytes(StandardCharsets.UTF_8)) {
      out.write(b);
    }
    out.flush();
    assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo("line **** end ");
    out.write("Zq".getBytes(StandardCharsets.UTF_8));
    out.close();
    assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo("line **** end ghp_Zq");
    assertThatThrownBy(() -> out.write(1)).isInstanceOf(IOException.class);
  }

  @Test
  @DisplayName("masks multi-byte UTF-8 values through a Writer split inside characters")
  void writer() throws IOException {
    String value = "пароль-秘密-😀-ключ";
    OutputMasker m = masker("PASSWORD", value);
    StringWriter sink = new StringWriter();
    try (Writer w = m.wrap(sink)) {
      String text = "é before " + value + " after 😀";
      for (int i = 0; i < text.length(); i++) {
        w.write(text.charAt(i)); // surrogate pairs arrive in two writes
        w.flush();
      }
    }
    assertThat(sink.toString()).isEqualTo("é before **** after 😀");
  }

  @Test
  @DisplayName("a stream over a masker without values passes everything through")
  void nothingToMask() {
    OutputMasker m = OutputMasker.builder().secret("PIN", Secret.of("1")).build();
    assertThat(m.mask("1 2 3 ✓")).isEqualTo("1 2 3 ✓");
  }

  /** The reference: find every occurrence of every encoding in the whole text, join overlaps. */
  static byte[] reference(byte[] text, List<byte[]> patterns) {
    boolean[] covered = new boolean[text.length];
    boolean[] starts = new boolean[text.length];
    int[] ends = new int[text.length];
    for (byte[] p : patterns) {
      for (int i = 0; i + p.length <= text.length; i++) {
        if (java.util.Arrays.equals(text, i, i + p.length, p, 0, p.length)) {
          starts[i] = true;
          ends[i] = Math.max(ends[i], i + p.length);
        }
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int maskEnd = 0;
    for (int i = 0; i < text.length; i++) {
      if (starts[i]) {
        if (i >= maskEnd) {
          out.writeBytes("****".getBytes(StandardCharsets.US_ASCII));
        }
        maskEnd = Math.max(maskEnd, ends[i]);
      }
      covered[i] = i < maskEnd;
      if (!covered[i]) {
        out.write(text[i]);
      }
    }
    return out.toByteArray();
  }

  static String randomValue(Random r) {
    return randomValue(r, 4);
  }

  static String randomValue(Random r, int minimum) {
    String alphabet = "abcXYZ019+/=_-~ \"\\\n%é€😀";
    int n = minimum + r.nextInt(24);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.appendCodePoint(
          alphabet.codePointAt(
              alphabet.offsetByCodePoints(
                  0, r.nextInt(alphabet.codePointCount(0, alphabet.length())))));
    }
    return sb.toString();
  }

  @Test
  @DisplayName("property: any split of any output gives the same result as masking it whole")
  void randomSplits() throws IOException {
    for (long seed = 1; seed <= 400; seed++) {
      Random r = new Random(seed);
      int count = 1 + r.nextInt(6);
      OutputMasker.Builder b = OutputMasker.builder();
      List<byte[]> patterns = new ArrayList<>();
      List<String> values = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        // later seeds use longer values, so that the shift table skips further
        String v = randomValue(r, seed > 150 ? 16 : 4);
        if (i > 0 && r.nextInt(3) == 0) { // overlapping values: share a prefix or suffix
          String other = values.get(r.nextInt(values.size()));
          // cut at a code point, never inside a surrogate pair
          int half = other.offsetByCodePoints(0, other.codePointCount(0, other.length()) / 2);
          v = r.nextBoolean() ? other.substring(0, half) + v : v + other.substring(half);
        }
        values.add(v);
        b.secret("V" + i, Secret.of(v));
        patterns.addAll(SecretEncodings.of(v.getBytes(StandardCharsets.UTF_8)));
      }
      OutputMasker m = b.build();
      StringBuilder text = new StringBuilder();
      int pieces = r.nextInt(40);
      for (int i = 0; i < pieces; i++) {
        String v = values.get(r.nextInt(values.size()));
        switch (r.nextInt(6)) {
          case 0 -> text.append(v);
          case 1 -> text.append(b64("x".repeat(r.nextInt(3)), v, Base64.getEncoder()));
          case 2 -> text.append(b64("y".repeat(r.nextInt(3)), v, Base64.getUrlEncoder()));
          case 3 -> text.append(URLEncoder.encode(v, StandardCharsets.UTF_8));
          case 4 -> text.append(v, 0, v.length() / 2); // a near miss
          default -> text.append(randomValue(r));
        }
        text.append(r.nextBoolean() ? " " : "");
      }
      byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
      byte[] expected = reference(bytes, patterns);
      ByteArrayOutputStream sink = new ByteArrayOutputStream();
      try (OutputStream out = m.wrap(sink)) {
        int i = 0;
        while (i < bytes.length) {
          int n = Math.min(bytes.length - i, r.nextInt(4) == 0 ? 1 : r.nextInt(64) + 1);
          if (n == 1 && r.nextBoolean()) {
            out.write(bytes[i]);
          } else {
            out.write(bytes, i, n);
          }
          if (r.nextInt(5) == 0) {
            out.flush();
          }
          i += n;
        }
      }
      assertThat(sink.toByteArray()).as("seed %d", seed).isEqualTo(expected);
      String masked = sink.toString(StandardCharsets.UTF_8);
      for (String v : values) {
        assertThat(masked).as("seed %d", seed).doesNotContain(v);
      }
    }
  }

  @Test
  @DisplayName("property: across buffer boundaries of a long output with long values")
  void longOutput() throws IOException {
    Random r = new Random(42);
    StringBuilder v = new StringBuilder();
    for (int i = 0; i < 3000; i++) {
      v.append((char) ('a' + r.nextInt(26)));
    }
    String value = v.toString();
    OutputMasker m = masker("KEY", value);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      text.append("x".repeat(r.nextInt(9000))).append(value).append('\n');
    }
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    try (OutputStream out = m.wrap(sink)) {
      int i = 0;
      while (i < bytes.length) {
        int n = Math.min(bytes.length - i, 1 + r.nextInt(20000));
        out.write(bytes, i, n);
        i += n;
      }
    }
    String masked = sink.toString(StandardCharsets.UTF_8);
    assertThat(masked).doesNotContain(value.substring(0, 100));
    assertThat(masked.split("\\*\\*\\*\\*", -1)).hasSize(41);
  }

  @Test
  @DisplayName("never shows a value in toString")
  void toStrings() {
    OutputMasker m =
        OutputMasker.of(
            new dev.credentials.ResolvedEnvironment(
                Map.of("TOKEN", Secret.of(TOKEN)), Map.of(), java.util.Set.of()));
    assertThat(m.toString()).contains("TOKEN").doesNotContain(TOKEN);
    assertThat(m.wrap(new ByteArrayOutputStream()).toString())
        .doesNotContain(TOKEN)
        .doesNotContain("ghp");
  }
}
