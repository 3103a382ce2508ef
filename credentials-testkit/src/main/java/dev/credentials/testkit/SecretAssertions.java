package dev.credentials.testkit;

import dev.credentials.RevealedCredential;
import dev.credentials.Secret;
import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.Prototype;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ-style assertions that no secret value reaches a text: a log, a message, a {@code
 * toString}, an exception. Failure messages name the field and show the text with the value
 * replaced by {@code <FIELD>}, never the value itself. Empty values are ignored.
 *
 * <pre>{@code
 * assertNoSecretsOf(revealed).in(exception.getMessage());
 * assertNoSecretsOf(revealed, prototype).inLog(log);   // only the prototype's secret fields
 * assertThatText(auditRow.toString()).containsNoneOf(password, token);
 * }</pre>
 *
 * <p>Needs AssertJ on the test class path.
 */
public final class SecretAssertions {

  private SecretAssertions() {}

  /**
   * Assertions about every value of a revealed credential.
   *
   * @param credential the credential
   * @return the assertions
   */
  public static NoSecrets assertNoSecretsOf(RevealedCredential credential) {
    return new NoSecrets(Objects.requireNonNull(credential, "credential").values());
  }

  /**
   * Assertions about the values of the fields a prototype marks secret; other fields (a host name,
   * a port) may legitimately appear in logs.
   *
   * @param credential the credential
   * @param prototype its prototype
   * @return the assertions
   */
  public static NoSecrets assertNoSecretsOf(RevealedCredential credential, Prototype prototype) {
    Map<String, Secret> secret = new LinkedHashMap<>();
    for (FieldDefinition f : prototype.fields()) {
      if (f.secret()) {
        credential.value(f.code()).ifPresent(v -> secret.put(f.code(), v));
      }
    }
    return new NoSecrets(secret);
  }

  /**
   * Assertions about values by field code.
   *
   * @param values the values
   * @return the assertions
   */
  public static NoSecrets assertNoSecretsOf(Map<String, Secret> values) {
    return new NoSecrets(values);
  }

  /**
   * Assertions about a text.
   *
   * @param text the text
   * @return the assertions
   */
  public static TextAssert assertThatText(String text) {
    return new TextAssert(text);
  }

  /** Checks texts against a set of named secret values. */
  public static final class NoSecrets {
    private final Map<String, Secret> values;

    private NoSecrets(Map<String, Secret> values) {
      this.values = new LinkedHashMap<>(values);
    }

    /**
     * Leaves fields out of the check, e.g. a URL that is meant to be logged.
     *
     * @param fieldCodes the fields
     * @return this
     */
    public NoSecrets ignoringFields(String... fieldCodes) {
      for (String f : fieldCodes) {
        values.remove(f);
      }
      return this;
    }

    /**
     * Asserts that no value occurs in a text.
     *
     * @param text the text; null counts as empty
     * @return this
     */
    public NoSecrets in(String text) {
      check("text", text, values);
      return this;
    }

    /**
     * Asserts that no value occurs in any of several texts.
     *
     * @param texts the texts
     * @return this
     */
    public NoSecrets inAll(Collection<String> texts) {
      int i = 0;
      for (String t : texts) {
        check("text #" + i++, t, values);
      }
      return this;
    }

    /**
     * Asserts that no value occurs in a text, neither as it is nor in a common encoding: base64
     * (standard and URL-safe, wherever the value sits in the encoded text), URL encoding, or a JSON
     * string escape. For output that a masker or a reporter produced.
     *
     * @param text the text; null counts as empty
     * @return this
     */
    public NoSecrets inAnyEncoding(String text) {
      checkEncodings("text", text, values);
      return this;
    }

    /**
     * Asserts that no value occurs in what a log captured, in any common encoding (see {@link
     * #inAnyEncoding(String)}).
     *
     * @param log the capture
     * @return this
     */
    public NoSecrets inLogInAnyEncoding(CapturedLog log) {
      checkEncodings("captured log", log.text(), values);
      return this;
    }

    /**
     * Asserts that no value occurs in what a log captured.
     *
     * @param log the capture
     * @return this
     */
    public NoSecrets inLog(CapturedLog log) {
      check("captured log", log.text(), values);
      return this;
    }

    /**
     * Asserts that no value occurs in an object's {@code toString()}.
     *
     * @param object the object
     * @return this
     */
    public NoSecrets inToStringOf(Object object) {
      check("toString() of " + object.getClass().getSimpleName(), String.valueOf(object), values);
      return this;
    }

    /**
     * Asserts that no value occurs in an exception's messages, its causes' or its suppressed
     * exceptions'.
     *
     * @param thrown the exception
     * @return this
     */
    public NoSecrets inMessagesOf(Throwable thrown) {
      List<Throwable> todo = new ArrayList<>(List.of(thrown));
      List<Throwable> seen = new ArrayList<>();
      while (!todo.isEmpty()) {
        Throwable t = todo.remove(0);
        if (seen.stream().anyMatch(s -> s == t)) {
          continue;
        }
        seen.add(t);
        check(t.getClass().getName() + " message", t.getMessage(), values);
        check(t.getClass().getName() + " toString()", t.toString(), values);
        if (t.getCause() != null) {
          todo.add(t.getCause());
        }
        todo.addAll(Arrays.asList(t.getSuppressed()));
      }
      return this;
    }
  }

  /** AssertJ assertions on a text. */
  public static final class TextAssert extends AbstractAssert<TextAssert, String> {
    private TextAssert(String actual) {
      super(actual, TextAssert.class);
    }

    /**
     * Asserts that none of the secrets' values occurs in the text.
     *
     * @param secrets the secrets
     * @return this
     */
    public TextAssert containsNoneOf(Secret... secrets) {
      Map<String, Secret> named = new LinkedHashMap<>();
      for (int i = 0; i < secrets.length; i++) {
        named.put("secret #" + (i + 1), Objects.requireNonNull(secrets[i]));
      }
      check(descriptionText().isEmpty() ? "text" : descriptionText(), actual, named);
      return this;
    }

    /**
     * Asserts that none of the secrets' values occurs in the text, as it is or in a common encoding
     * (see {@link NoSecrets#inAnyEncoding(String)}).
     *
     * @param secrets the secrets
     * @return this
     */
    public TextAssert containsNoEncodingOf(Secret... secrets) {
      Map<String, Secret> named = new LinkedHashMap<>();
      for (int i = 0; i < secrets.length; i++) {
        named.put("secret #" + (i + 1), Objects.requireNonNull(secrets[i]));
      }
      checkEncodings(descriptionText().isEmpty() ? "text" : descriptionText(), actual, named);
      return this;
    }

    /**
     * Asserts that none of a credential's values occurs in the text.
     *
     * @param credential the credential
     * @return this
     */
    public TextAssert containsNoSecretOf(RevealedCredential credential) {
      check(descriptionText().isEmpty() ? "text" : descriptionText(), actual, credential.values());
      return this;
    }
  }

  /**
   * The forms a value takes in common encodings, by name: the value, its base64 and base64url at
   * the three alignments (only the characters that depend on the value alone), its URL encodings
   * and its JSON string escapes. Values under 3 bytes have no stable base64 form and only appear as
   * themselves.
   */
  static Map<String, String> encodings(String value) {
    Map<String, String> forms = new LinkedHashMap<>();
    forms.put("", value);
    byte[] bytes = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    for (int alignment = 0; alignment < 3; alignment++) {
      byte[] shifted = new byte[alignment + bytes.length];
      System.arraycopy(bytes, 0, shifted, alignment, bytes.length);
      String std = java.util.Base64.getEncoder().encodeToString(shifted);
      String url = java.util.Base64.getUrlEncoder().encodeToString(shifted);
      int from = (8 * alignment + 5) / 6;
      int to = 8 * (alignment + bytes.length) / 6;
      if (to - from >= 4) {
        forms.put(" as base64 at offset " + alignment, std.substring(from, to));
        forms.put(" as base64url at offset " + alignment, url.substring(from, to));
      }
    }
    String form = java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    forms.put(" URL-encoded", form);
    forms.put(" URL-encoded (%20)", form.replace("+", "%20"));
    StringBuilder json = new StringBuilder();
    StringBuilder ascii = new StringBuilder();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      String e =
          switch (c) {
            case '"' -> "\\\"";
            case '\\' -> "\\\\";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default -> c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c);
          };
      json.append(e);
      ascii.append(c > 0x7e ? String.format("\\u%04x", (int) c) : e);
    }
    forms.put(" JSON-escaped", json.toString());
    forms.put(" JSON-escaped as ASCII", ascii.toString());
    return forms;
  }

  private static void checkEncodings(String what, String text, Map<String, Secret> values) {
    Map<String, Secret> all = new LinkedHashMap<>();
    for (Map.Entry<String, Secret> e : values.entrySet()) {
      if (e.getValue().isEmpty()) {
        continue;
      }
      encodings(e.getValue().reveal())
          .forEach((how, form) -> all.put(e.getKey() + how, Secret.of(form)));
    }
    check(what, text, all);
  }

  private static void check(String what, String text, Map<String, Secret> values) {
    if (text == null || text.isEmpty()) {
      return;
    }
    List<String> leaked = new ArrayList<>();
    String redacted = text;
    for (Map.Entry<String, Secret> e : values.entrySet()) {
      if (e.getValue().isEmpty()) {
        continue;
      }
      String plain = e.getValue().reveal();
      if (redacted.contains(plain)) {
        leaked.add(e.getKey());
        redacted = redacted.replace(plain, "<" + e.getKey() + ">");
      }
    }
    if (!leaked.isEmpty()) {
      throw new AssertionError(
          "expected no secret value in the "
              + what
              + ", but it contains the value of "
              + String.join(", ", leaked)
              + ":\n"
              + redacted);
    }
  }
}
