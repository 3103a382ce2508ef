package dev.credentials.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.credentials.CheckResult;
import dev.credentials.CredentialMetadata;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Prints results as human tables or as JSON with stable field names ({@code --output json}). Only
 * metadata ever reaches here: values are masked before.
 */
final class Output {

  /** The output formats. */
  enum Format {
    text,
    json
  }

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final PrintStream out;
  private final Format format;
  private final boolean colour;

  Output(PrintStream out, Format format, boolean colour) {
    this.out = out;
    this.format = format;
    this.colour = colour;
  }

  boolean json() {
    return format == Format.json;
  }

  /** Prints a value (maps, lists, strings, numbers, booleans) as JSON. */
  void printJson(Object value) {
    try {
      out.println(JSON.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new Exit.Failure(Exit.SOFTWARE, "cannot write JSON: " + e.getOriginalMessage());
    }
  }

  /** Prints rows as JSON (a list of objects) or as an aligned table with the given columns. */
  void table(List<String> columns, List<Map<String, Object>> rows) {
    if (json()) {
      printJson(rows);
      return;
    }
    if (rows.isEmpty()) {
      out.println("(none)");
      return;
    }
    int[] width = new int[columns.size()];
    List<String[]> cells = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      width[i] = columns.get(i).length();
    }
    for (Map<String, Object> row : rows) {
      String[] c = new String[columns.size()];
      for (int i = 0; i < columns.size(); i++) {
        c[i] = text(row.get(columns.get(i)));
        width[i] = Math.max(width[i], c[i].length());
      }
      cells.add(c);
    }
    StringBuilder head = new StringBuilder();
    for (int i = 0; i < columns.size(); i++) {
      pad(
          head,
          columns.get(i).toUpperCase(java.util.Locale.ROOT),
          width[i],
          i == columns.size() - 1);
    }
    out.println(head.toString().stripTrailing());
    for (String[] c : cells) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < c.length; i++) {
        pad(line, c[i], width[i], i == c.length - 1);
      }
      out.println(paint(line.toString().stripTrailing()));
    }
  }

  /** Prints one object as JSON or as "key: value" lines. */
  void object(Map<String, Object> value) {
    if (json()) {
      printJson(value);
      return;
    }
    int w = value.keySet().stream().mapToInt(String::length).max().orElse(0);
    value.forEach(
        (k, v) -> {
          if (v instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof Map<?, ?>) {
            out.println(k + ":");
            for (Object item : l) {
              out.println("  - " + text(item));
            }
          } else {
            out.println(k + ":" + " ".repeat(w - k.length() + 1) + text(v));
          }
        });
  }

  /** Prints a line of human text (not in JSON mode). */
  void line(String s) {
    if (!json()) {
      out.println(paint(s));
    }
  }

  private static void pad(StringBuilder b, String s, int width, boolean last) {
    b.append(s);
    if (!last) {
      b.append(" ".repeat(width - s.length() + 2));
    }
  }

  static String text(Object v) {
    if (v == null) {
      return "-";
    }
    if (v instanceof Iterable<?> it) {
      List<String> parts = new ArrayList<>();
      it.forEach(x -> parts.add(text(x)));
      return parts.isEmpty() ? "-" : String.join(",", parts);
    }
    if (v instanceof Map<?, ?> m) {
      List<String> parts = new ArrayList<>();
      m.forEach((k, x) -> parts.add(k + "=" + text(x)));
      return parts.isEmpty() ? "-" : String.join(" ", parts);
    }
    String s = v.toString();
    return s.isEmpty() ? "-" : s;
  }

  /** Colours the phase-1 and live-state words on a terminal. */
  private String paint(String s) {
    if (!colour) {
      return s;
    }
    return s.replace("PROVIDER_MISSING", "\u001b[31mPROVIDER_MISSING\u001b[0m")
        .replace("NO_CREDENTIAL", "\u001b[33mNO_CREDENTIAL\u001b[0m")
        .replace("UNASSIGNED", "\u001b[36mUNASSIGNED\u001b[0m")
        .replace("BOUND", "\u001b[32mBOUND\u001b[0m");
  }

  /** A credential's metadata with stable field names; never values. */
  static Map<String, Object> credential(CredentialMetadata m) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("id", m.id().value());
    r.put("tenant", m.tenant().value());
    r.put("name", m.name());
    r.put("prototype", m.prototype());
    r.put("environment", m.environment());
    r.put("description", m.description());
    r.put("tags", List.copyOf(new TreeSet<>(m.tags())));
    r.put("active", m.active());
    r.put("expiresAt", m.expiresAt().map(Object::toString).orElse(null));
    r.put("version", m.version());
    r.put("createdAt", m.createdAt().toString());
    r.put("updatedAt", m.updatedAt().toString());
    r.put("keyId", m.keyId());
    r.put("lastTest", m.lastTest().map(Output::check).orElse(null));
    // a sourced credential shows where its values live (a reference holds no value)
    m.source().ifPresent(s -> r.put("source", s.source() + ":" + s.location()));
    return r;
  }

  /** A check result with stable field names. */
  static Map<String, Object> check(CheckResult c) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("state", c.state().name());
    r.put("message", c.message());
    r.put("checkedAt", c.checkedAt().toString());
    r.put("ttlSeconds", c.ttlSeconds());
    r.put("details", new java.util.TreeMap<>(c.details()));
    return r;
  }
}
