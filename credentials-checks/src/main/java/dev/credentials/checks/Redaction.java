package dev.credentials.checks;

import dev.credentials.CheckResult;
import dev.credentials.Secret;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Removes secret values from a check result's message and details: each value as written,
 * URL-encoded (form and RFC 3986 style) and in Base64, longest first. Values shorter than {@link
 * #MIN_LENGTH} characters are left alone (they would match ordinary words).
 */
final class Redaction {

  static final int MIN_LENGTH = 4;
  static final String MARK = "[redacted]";

  private final List<String> needles;

  private Redaction(List<String> needles) {
    this.needles = needles;
  }

  static Redaction of(Collection<Secret> secrets) {
    Set<String> out = new LinkedHashSet<>();
    for (Secret s : secrets) {
      if (s == null || s.utf8Length() < MIN_LENGTH) {
        continue;
      }
      String plain = s.reveal();
      if (plain.length() < MIN_LENGTH) {
        continue;
      }
      out.add(plain);
      out.add(URLEncoder.encode(plain, StandardCharsets.UTF_8));
      out.add(URLEncoder.encode(plain, StandardCharsets.UTF_8).replace("+", "%20"));
      byte[] utf8 = plain.getBytes(StandardCharsets.UTF_8);
      out.add(Base64.getEncoder().encodeToString(utf8));
      out.add(Base64.getUrlEncoder().withoutPadding().encodeToString(utf8));
    }
    List<String> sorted = new ArrayList<>(out);
    sorted.sort(Comparator.comparingInt(String::length).reversed());
    return new Redaction(List.copyOf(sorted));
  }

  String scrub(String text) {
    if (text == null || text.isEmpty() || needles.isEmpty()) {
      return text;
    }
    String t = text;
    for (String n : needles) {
      if (t.contains(n)) {
        t = t.replace(n, MARK);
      }
    }
    return t;
  }

  CheckResult scrub(CheckResult r) {
    if (needles.isEmpty()) {
      return r;
    }
    Map<String, String> details = new LinkedHashMap<>();
    r.details().forEach((k, v) -> details.put(scrub(k), scrub(v)));
    return new CheckResult(r.state(), scrub(r.message()), r.checkedAt(), r.ttlSeconds(), details);
  }
}
