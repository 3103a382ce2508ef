package dev.credentials.core.internal.launch;

import dev.credentials.Secret;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Takes secret values out of text that a check, a test or a service wrote (messages and details of
 * check results, which reach logs, listeners and the hash-chained audit log): each value in any
 * letter case, in its common encodings (URL-encoded, JSON- and newline-escaped, base64 standard and
 * URL-safe), and any run of at least {@value #PREFIX_MIN} characters that starts one of those (a
 * truncated value) becomes {@code ****}. Over-masking is preferred to a leak.
 */
public final class SecretScrubber {

  /** Shortest value that is masked whole; shorter strings would mangle ordinary text. */
  static final int MIN_LENGTH = 3;

  /** Shortest leading part of a value (or of an encoding of it) that is masked on its own. */
  static final int PREFIX_MIN = 6;

  static final String MASK = "****";

  private SecretScrubber() {}

  /**
   * @param text what a check wrote
   * @param secrets the values it must not show
   * @return the text with every occurrence masked
   */
  public static String scrub(String text, Collection<Secret> secrets) {
    if (text.isEmpty() || secrets.isEmpty()) {
      return text;
    }
    List<String> patterns = patterns(secrets);
    if (patterns.isEmpty()) {
      return text;
    }
    StringBuilder out = null;
    int copied = 0;
    int i = 0;
    while (i < text.length()) {
      int masked = 0;
      for (String p : patterns) {
        int n = commonPrefix(text, i, p);
        if ((n == p.length() || n >= PREFIX_MIN) && n > masked) {
          masked = n;
        }
      }
      if (masked == 0) {
        i++;
        continue;
      }
      if (out == null) {
        out = new StringBuilder(text.length());
      }
      out.append(text, copied, i).append(MASK);
      i += masked;
      copied = i;
    }
    return out == null ? text : out.append(text, copied, text.length()).toString();
  }

  /** The lower-cased forms to look for, at least {@link #MIN_LENGTH} characters each. */
  static List<String> patterns(Collection<Secret> secrets) {
    Set<String> forms = new LinkedHashSet<>();
    for (Secret s : secrets) {
      String v = s.reveal();
      if (v.length() < MIN_LENGTH) {
        continue;
      }
      byte[] utf8 = v.getBytes(StandardCharsets.UTF_8);
      String url = URLEncoder.encode(v, StandardCharsets.UTF_8);
      forms.add(v);
      forms.add(url);
      forms.add(url.replace("+", "%20"));
      forms.add(jsonEscaped(v, false));
      forms.add(jsonEscaped(v, true));
      forms.add(Base64.getEncoder().encodeToString(utf8));
      forms.add(Base64.getUrlEncoder().encodeToString(utf8));
    }
    List<String> patterns = new ArrayList<>(forms.size());
    for (String f : forms) {
      if (f.length() >= MIN_LENGTH) {
        patterns.add(lower(f));
      }
    }
    return patterns;
  }

  /** Lower case character by character, so that positions match the text's. */
  private static String lower(String s) {
    char[] chars = s.toCharArray();
    for (int i = 0; i < chars.length; i++) {
      chars[i] = Character.toLowerCase(chars[i]);
    }
    return new String(chars);
  }

  /**
   * How many characters of {@code lowerPattern} match {@code text} from {@code at}, ignoring case.
   */
  private static int commonPrefix(String text, int at, String lowerPattern) {
    int n = Math.min(lowerPattern.length(), text.length() - at);
    int i = 0;
    while (i < n && Character.toLowerCase(text.charAt(at + i)) == lowerPattern.charAt(i)) {
      i++;
    }
    return i;
  }

  /**
   * The value as a JSON string body; also how most languages escape newlines and tabs in a string
   * literal.
   */
  private static String jsonEscaped(String v, boolean asciiOnly) {
    StringBuilder b = new StringBuilder(v.length() + 8);
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        case '/' -> b.append(asciiOnly ? "\\/" : "/");
        default -> {
          if (c < 0x20 || (asciiOnly && c > 0x7e)) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }
}
