package dev.credentials.core.prototype;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.credentials.CredentialState;
import dev.credentials.InvalidCheckDeclarationException.Problem;
import dev.credentials.InvalidCheckDeclarationException.Reason;
import dev.credentials.Violation;
import dev.credentials.prototype.CheckDeclaration;
import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.FieldType;
import dev.credentials.prototype.Prototype;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code check} and {@code test} members of a prototype document: reading, writing, and the
 * rules the meta-schema cannot express (durations within bounds, templates that parse and name
 * fields of the document). Whether the kind exists and knows the parameters is judged where the
 * kinds are known, when a registry registers the prototype.
 *
 * <pre>{@code
 * "check": {
 *   "kind": "jdbc",
 *   "parameters": {"url": "jdbc:postgresql://${PGHOST}:${PGPORT}/${PGDATABASE}"},
 *   "ttls": {"AVAILABLE": "PT10M"},
 *   "timeout": "PT5S"
 * }
 * }</pre>
 */
final class DeclarationDocuments {

  /** The members, in document order. */
  static final List<String> ROLES = List.of("check", "test");

  private DeclarationDocuments() {}

  /** Writes a prototype's declarations into its document. */
  static void write(ObjectNode out, Prototype prototype) {
    prototype.check().ifPresent(d -> write(out.putObject("check"), d));
    prototype.test().ifPresent(d -> write(out.putObject("test"), d));
  }

  private static void write(ObjectNode out, CheckDeclaration d) {
    out.put("kind", d.kind());
    if (!d.parameters().isEmpty()) {
      ObjectNode parameters = out.putObject("parameters");
      d.parameters().forEach(parameters::put);
    }
    if (!d.ttls().isEmpty()) {
      ObjectNode ttls = out.putObject("ttls");
      d.ttls().forEach((state, ttl) -> ttls.put(state.name(), ttl.toString()));
    }
    if (!d.timeout().equals(CheckDeclaration.DEFAULT_TIMEOUT)) {
      out.put("timeout", d.timeout().toString());
    }
  }

  /** Reads the declarations of a valid document into a builder. */
  static void read(JsonNode doc, Prototype.Builder b) {
    JsonNode check = doc.path("check");
    if (check.isObject()) {
      b.check(declaration(check));
    }
    JsonNode test = doc.path("test");
    if (test.isObject()) {
      b.test(declaration(test));
    }
  }

  private static CheckDeclaration declaration(JsonNode node) {
    Map<String, String> parameters = new LinkedHashMap<>();
    node.path("parameters")
        .properties()
        .forEach(e -> parameters.put(e.getKey(), e.getValue().asText()));
    Map<CredentialState, Duration> ttls = new EnumMap<>(CredentialState.class);
    node.path("ttls")
        .properties()
        .forEach(
            e ->
                ttls.put(
                    CredentialState.valueOf(e.getKey()), Duration.parse(e.getValue().asText())));
    Duration timeout =
        node.path("timeout").isTextual()
            ? Duration.parse(node.get("timeout").asText())
            : CheckDeclaration.DEFAULT_TIMEOUT;
    return new CheckDeclaration(node.get("kind").asText(), parameters, ttls, timeout);
  }

  /**
   * Every violation of the declarations of a document the meta-schema accepted in shape: bad
   * durations, templates that do not parse or name no field. Never quotes a value.
   */
  static List<Violation> violations(JsonNode doc) {
    List<Violation> out = new ArrayList<>();
    for (String role : ROLES) {
      JsonNode node = doc.path(role);
      if (!node.isObject() || !node.path("kind").isTextual()) {
        continue;
      }
      String at = "/" + role;
      List<Violation> durations = durationViolations(node, at);
      if (!durations.isEmpty()) {
        out.addAll(durations);
        continue;
      }
      CheckDeclaration d;
      try {
        d = declaration(node);
      } catch (IllegalArgumentException e) {
        // the meta-schema checks names and shapes; this is a safety net, not a path
        out.add(
            new Violation(at, "is not a valid declaration; check its kind and parameter names"));
        continue;
      }
      Prototype fields = fieldsOf(doc);
      for (Problem p : d.problems(at, fields, null)) {
        if (p.reason() != Reason.UNKNOWN_KIND) {
          out.add(p.violation());
        }
      }
    }
    return out;
  }

  private static List<Violation> durationViolations(JsonNode node, String at) {
    List<Violation> out = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : node.path("ttls").properties()) {
      String path = at + "/ttls/" + e.getKey();
      Duration ttl = duration(e.getValue(), path, out);
      if (ttl != null && (ttl.isNegative() || ttl.compareTo(CheckDeclaration.MAX_TTL) > 0)) {
        out.add(new Violation(path, "must be between PT0S and " + CheckDeclaration.MAX_TTL));
      }
    }
    if (node.has("timeout")) {
      Duration timeout = duration(node.get("timeout"), at + "/timeout", out);
      if (timeout != null
          && (timeout.isNegative()
              || timeout.isZero()
              || timeout.compareTo(CheckDeclaration.MAX_TIMEOUT) > 0)) {
        out.add(
            new Violation(
                at + "/timeout", "must be positive and at most " + CheckDeclaration.MAX_TIMEOUT));
      }
    }
    return out;
  }

  private static Duration duration(JsonNode value, String path, List<Violation> out) {
    try {
      return Duration.parse(value.asText());
    } catch (DateTimeParseException e) {
      out.add(new Violation(path, "is not an ISO-8601 duration such as PT30S or PT10M"));
      return null;
    }
  }

  /** A prototype with the document's code and valid field codes, for judging templates. */
  private static Prototype fieldsOf(JsonNode doc) {
    String code = doc.path("code").asText("");
    Prototype.Builder b =
        Prototype.builder(Prototype.CODE.matcher(code).matches() ? code : "document");
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (JsonNode f : doc.path("fields")) {
      String fc = f.path("code").asText("");
      if (FieldDefinition.CODE.matcher(fc).matches() && seen.add(fc)) {
        b.field(FieldDefinition.builder(fc, FieldType.STRING).build());
      }
    }
    return b.build();
  }
}
