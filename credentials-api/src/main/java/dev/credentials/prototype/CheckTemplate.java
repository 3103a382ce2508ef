package dev.credentials.prototype;

import dev.credentials.InvalidCheckDeclarationException;
import dev.credentials.InvalidCheckDeclarationException.Problem;
import dev.credentials.InvalidCheckDeclarationException.Reason;
import dev.credentials.Secret;
import dev.credentials.spi.CheckParameter.Escaping;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A parameter template of a declared check: literal text with field references {@code ${CODE}}
 * ({@code $$} is a literal {@code $}). This class is the one place where templates are parsed and
 * field values inserted, escaped as the parameter's {@link Escaping} demands.
 *
 * <p>Instances are immutable.
 */
public final class CheckTemplate {

  private static final int MAX_LENGTH = 4096;
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  /** Literal parts are Strings, field references are {@link Ref}s. */
  private final List<Object> parts;

  private final String text;

  private record Ref(String field) {}

  private CheckTemplate(String text, List<Object> parts) {
    this.text = text;
    this.parts = List.copyOf(parts);
  }

  /**
   * Parses a template.
   *
   * @param at the path of the template for messages, e.g. {@code /check/parameters/url}
   * @param text the template
   * @return the template
   * @throws InvalidCheckDeclarationException with reason {@link Reason#UNPARSEABLE_TEMPLATE} when
   *     it does not parse
   */
  public static CheckTemplate parse(String at, String text) {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(text, "text");
    if (text.length() > MAX_LENGTH) {
      throw unparseable(
          at, "is " + text.length() + " characters long; a template has at most " + MAX_LENGTH);
    }
    List<Object> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c != '$') {
        literal.append(c);
        i++;
        continue;
      }
      if (i + 1 < text.length() && text.charAt(i + 1) == '$') {
        literal.append('$');
        i += 2;
        continue;
      }
      if (i + 1 >= text.length() || text.charAt(i + 1) != '{') {
        throw unparseable(
            at,
            "has a '$' at character "
                + (i + 1)
                + " that starts no field reference; write ${FIELD_CODE}, or $$ for a literal '$'");
      }
      int close = text.indexOf('}', i + 2);
      if (close < 0) {
        throw unparseable(
            at,
            "opens a field reference at character "
                + (i + 1)
                + " that is never closed; write ${FIELD_CODE}");
      }
      String code = text.substring(i + 2, close);
      if (!FieldDefinition.CODE.matcher(code).matches()) {
        throw unparseable(
            at,
            "refers to '"
                + printable(code)
                + "' at character "
                + (i + 1)
                + ", which is not a field code (upper-case letters, digits and '_', starting with"
                + " a letter)");
      }
      if (literal.length() > 0) {
        parts.add(literal.toString());
        literal.setLength(0);
      }
      parts.add(new Ref(code));
      i = close + 1;
    }
    if (literal.length() > 0) {
      parts.add(literal.toString());
    }
    return new CheckTemplate(text, parts);
  }

  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (int k = 0; k < s.length() && k < 64; k++) {
      char c = s.charAt(k);
      b.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return b.toString();
  }

  private static InvalidCheckDeclarationException unparseable(String at, String what) {
    return new InvalidCheckDeclarationException(
        "check template",
        List.of(new Problem(at, Reason.UNPARSEABLE_TEMPLATE, "template " + what)));
  }

  /**
   * The field codes the template refers to, in order of first appearance.
   *
   * @return the codes
   */
  public Set<String> fields() {
    Set<String> out = new LinkedHashSet<>();
    for (Object p : parts) {
      if (p instanceof Ref r) {
        out.add(r.field());
      }
    }
    return out;
  }

  /**
   * The template as written.
   *
   * @return the text
   */
  public String text() {
    return text;
  }

  /**
   * Inserts the values. A field without a value inserts the empty string.
   *
   * @param escaping how each value is escaped
   * @param values the values by field code
   * @return the expanded text, as a secret since it may hold one
   * @throws IllegalArgumentException when a value cannot be inserted safely (a control character in
   *     a header, a base URL that is not an absolute URL); the message names the field, never its
   *     value
   */
  public Secret expand(Escaping escaping, Map<String, Secret> values) {
    Objects.requireNonNull(escaping, "escaping");
    Objects.requireNonNull(values, "values");
    StringBuilder out = new StringBuilder(text.length() + 32);
    for (int k = 0; k < parts.size(); k++) {
      Object p = parts.get(k);
      if (p instanceof String s) {
        out.append(s);
        continue;
      }
      String field = ((Ref) p).field();
      Secret s = values.get(field);
      String value = s == null ? "" : s.reveal();
      switch (escaping) {
        case VERBATIM -> out.append(value);
        case HEADER -> {
          if (hasControl(value)) {
            throw new IllegalArgumentException(
                "the value of field " + field + " holds a control character (a line break?)");
          }
          out.append(value);
        }
        case URL -> {
          if (k == 0 && !value.isEmpty()) {
            requireAbsoluteUrl(field, value);
            out.append(value);
          } else {
            encode(value, out);
          }
        }
      }
    }
    return Secret.of(out.toString());
  }

  private static boolean hasControl(String v) {
    for (int k = 0; k < v.length(); k++) {
      char c = v.charAt(k);
      if (c < 0x20 || c == 0x7f) {
        return true;
      }
    }
    return false;
  }

  private static void requireAbsoluteUrl(String field, String value) {
    String problem = null;
    if (hasControl(value) || value.indexOf(' ') >= 0) {
      problem = "holds a space or control character";
    } else {
      try {
        URI uri = new URI(value);
        if (!uri.isAbsolute() || uri.getRawAuthority() == null) {
          problem = "is not an absolute URL with a host";
        } else if (uri.getRawFragment() != null) {
          problem = "has a fragment ('#')";
        }
      } catch (URISyntaxException e) {
        problem = "is not a URL";
      }
    }
    if (problem != null) {
      throw new IllegalArgumentException(
          "the value of field " + field + ", which starts a URL template, " + problem);
    }
  }

  /** Percent-encodes the UTF-8 bytes of a value; RFC 3986 unreserved characters stay. */
  private static void encode(String value, StringBuilder out) {
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= 'a' && c <= 'z'
          || c >= 'A' && c <= 'Z'
          || c >= '0' && c <= '9'
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CheckTemplate t && t.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  /** The template as written; it holds field codes, never values. */
  @Override
  public String toString() {
    return text;
  }
}
