package dev.credentials.core.prototype;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.credentials.Violation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads MultiFlexi's credential-prototype documents as they are and rewrites them into this
 * library's format, remembering where each rewritten value came from so that violations point into
 * the original document.
 *
 * <p>What differs in MultiFlexi documents: fields are named by {@code keyword}; defaults are {@code
 * default_value} (or {@code default}, {@code defval}) and may be numbers or booleans; names,
 * descriptions and hints may be localised objects like {@code {"en": "...", "cs": "..."}} (English
 * is taken, else the first language); the home page is {@code homepage}; select options may be
 * plain strings or a value-to-label object; and type names include {@code secret}, {@code bool},
 * {@code set}, {@code textarea}, {@code float} and {@code file-path}.
 */
final class MultiFlexiFormat {

  /** MultiFlexi type names that differ from ours. */
  private static final Map<String, String> TYPES =
      Map.of(
          "secret", "password",
          "bool", "boolean",
          "checkbox", "boolean",
          "set", "select",
          "textarea", "text",
          "float", "number",
          "file-path", "file",
          "int", "integer");

  /** Top-level properties that only MultiFlexi tooling uses. */
  private static final Set<String> IGNORED =
      Set.of("$schema", "$comment", "schemaVersion", "localized");

  private static final Set<String> LOCALISED = Set.of("name", "description", "hint");

  private static final Set<String> DEFAULTS = Set.of("default_value", "defval");

  /** Top-level properties read from a MultiFlexi document; any other is ignored with a warning. */
  private static final Set<String> TOP_LEVEL =
      Set.of(
          "code",
          "uuid",
          "name",
          "description",
          "version",
          "category",
          "logo",
          "url",
          "homepage",
          "tags",
          "topics",
          "fields");

  /** Field properties read from a MultiFlexi document; any other is ignored with a warning. */
  private static final Set<String> FIELD =
      Set.of(
          "code",
          "keyword",
          "name",
          "description",
          "hint",
          "type",
          "required",
          "secret",
          "default",
          "default_value",
          "defval",
          "options",
          "pattern",
          "minLength",
          "maxLength",
          "minimum",
          "maximum",
          "condition");

  private static final Set<String> OPTION = Set.of("value", "label");
  private static final Set<String> CONDITION = Set.of("field", "equals");

  /**
   * A document in our format, the original paths of rewritten values, and a warning for each
   * property that was ignored.
   */
  record Normalised(
      JsonNode document, Map<String, String> originalPaths, List<Violation> warnings) {

    /** The path in the original document for a path in the rewritten one. */
    String original(String path) {
      String p = path;
      while (true) {
        String o = originalPaths.get(p);
        if (o != null) {
          return o + path.substring(p.length());
        }
        int slash = p.lastIndexOf('/');
        if (slash <= 0) {
          return path;
        }
        p = p.substring(0, slash);
      }
    }
  }

  private MultiFlexiFormat() {}

  /** Whether a document is written the way MultiFlexi writes credential prototypes. */
  static boolean detect(JsonNode root) {
    if (!root.isObject()) {
      return false;
    }
    if (root.path("$schema").asText("").toLowerCase(Locale.ROOT).contains("multiflexi")
        || root.has("homepage")
        || root.has("localized")
        || root.has("schemaVersion")
        || root.path("name").isObject()
        || root.path("description").isObject()) {
      return true;
    }
    for (JsonNode field : root.path("fields")) {
      if (field.isObject()
          && (field.has("keyword")
              || field.has("default_value")
              || field.has("defval")
              || field.path("name").isObject()
              || field.path("description").isObject()
              || field.path("hint").isObject())) {
        return true;
      }
    }
    return false;
  }

  /** Rewrites a MultiFlexi document into our format. */
  static Normalised normalise(JsonNode root) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    ObjectNode out = nodes.objectNode();
    Map<String, String> paths = new HashMap<>();
    List<Violation> warnings = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      String key = e.getKey();
      JsonNode value = e.getValue();
      if (IGNORED.contains(key)) {
        continue;
      }
      if (!TOP_LEVEL.contains(key)) {
        warnings.add(ignored("/" + escape(key)));
        continue;
      }
      if (key.equals("homepage")) {
        if (!root.has("url")) {
          out.set("url", value);
          paths.put("/url", "/homepage");
        }
      } else if (key.equals("name") || key.equals("description")) {
        out.set(key, localised(value));
      } else if (key.equals("fields") && value.isArray()) {
        ArrayNode fields = out.putArray("fields");
        for (int i = 0; i < value.size(); i++) {
          JsonNode field = value.get(i);
          fields.add(
              field.isObject()
                  ? field((ObjectNode) field, "/fields/" + i, paths, warnings)
                  : field);
        }
      } else {
        out.set(key, value);
      }
    }
    return new Normalised(out, paths, warnings);
  }

  private static Violation ignored(String path) {
    return new Violation(
        path, "is not a property this library reads; it was ignored, as MultiFlexi ignores it");
  }

  /** A copy of an object without its unknown properties, each reported. */
  private static JsonNode known(
      JsonNode in, Set<String> names, String at, List<Violation> warnings) {
    if (!in.isObject()) {
      return in;
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (Map.Entry<String, JsonNode> e : in.properties()) {
      if (names.contains(e.getKey())) {
        out.set(e.getKey(), e.getValue());
      } else {
        warnings.add(ignored(at + "/" + escape(e.getKey())));
      }
    }
    return out;
  }

  private static JsonNode field(
      ObjectNode in, String at, Map<String, String> paths, List<Violation> warnings) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (Map.Entry<String, JsonNode> e : in.properties()) {
      String key = e.getKey();
      JsonNode value = e.getValue();
      if (!FIELD.contains(key)) {
        warnings.add(ignored(at + "/" + escape(key)));
      } else if (key.equals("condition")) {
        out.set("condition", known(value, CONDITION, at + "/condition", warnings));
      } else if (key.equals("keyword") && !in.has("code")) {
        out.set("code", value);
        paths.put(at + "/code", at + "/keyword");
      } else if (DEFAULTS.contains(key) && !in.has("default")) {
        out.set("default", value);
        paths.put(at + "/default", at + "/" + key);
      } else if (LOCALISED.contains(key)) {
        out.set(key, localised(value));
      } else if (key.equals("type") && value.isTextual()) {
        String type = value.asText().toLowerCase(Locale.ROOT);
        out.put("type", TYPES.getOrDefault(type, type));
      } else if (key.equals("options")) {
        out.set("options", options(value, at + "/options", paths, warnings));
      } else {
        out.set(key, value);
      }
    }
    if (!out.has("name") && out.path("code").isTextual()) {
      out.set("name", out.get("code"));
    }
    return out;
  }

  /** Plain strings and value-to-label objects become {value, label} objects. */
  private static JsonNode options(
      JsonNode in, String at, Map<String, String> paths, List<Violation> warnings) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    if (in.isObject()) {
      ArrayNode out = nodes.arrayNode();
      int i = 0;
      for (Map.Entry<String, JsonNode> e : in.properties()) {
        ObjectNode option = out.addObject().put("value", e.getKey());
        option.set("label", localised(e.getValue()));
        paths.put(at + "/" + i, at + "/" + escape(e.getKey()));
        i++;
      }
      return out;
    }
    if (!in.isArray()) {
      return in;
    }
    ArrayNode out = nodes.arrayNode();
    for (int i = 0; i < in.size(); i++) {
      JsonNode option = in.get(i);
      if (option.isTextual() || option.isNumber() || option.isBoolean()) {
        out.addObject().put("value", option.asText()).put("label", option.asText());
        paths.put(at + "/" + i + "/value", at + "/" + i);
        paths.put(at + "/" + i + "/label", at + "/" + i);
      } else if (option.isObject()) {
        ObjectNode copy = (ObjectNode) known(option, OPTION, at + "/" + i, warnings);
        if (copy.has("label")) {
          copy.set("label", localised(copy.get("label")));
        }
        out.add(copy);
      } else {
        out.add(option);
      }
    }
    return out;
  }

  /** English, else the first language; anything else is left for the meta-schema to refuse. */
  private static JsonNode localised(JsonNode value) {
    if (!value.isObject() || value.isEmpty()) {
      return value;
    }
    JsonNode en = value.get("en");
    if (en != null && en.isTextual()) {
      return en;
    }
    JsonNode first = value.properties().iterator().next().getValue();
    return first.isTextual() ? first : value;
  }

  private static String escape(String key) {
    return PrototypeRules.escape(key);
  }
}
