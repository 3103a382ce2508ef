package dev.credentials.core.prototype;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
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

  /** A document in our format and the original paths of rewritten values. */
  record Normalised(JsonNode document, Map<String, String> originalPaths) {

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
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      String key = e.getKey();
      JsonNode value = e.getValue();
      if (IGNORED.contains(key)) {
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
          fields.add(field.isObject() ? field((ObjectNode) field, "/fields/" + i, paths) : field);
        }
      } else {
        out.set(key, value);
      }
    }
    return new Normalised(out, paths);
  }

  private static JsonNode field(ObjectNode in, String at, Map<String, String> paths) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (Map.Entry<String, JsonNode> e : in.properties()) {
      String key = e.getKey();
      JsonNode value = e.getValue();
      if (key.equals("keyword") && !in.has("code")) {
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
        out.set("options", options(value, at + "/options", paths));
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
  private static JsonNode options(JsonNode in, String at, Map<String, String> paths) {
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
      } else if (option.isObject() && option.has("label")) {
        ObjectNode copy = ((ObjectNode) option).deepCopy();
        copy.set("label", localised(option.get("label")));
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
    return key.replace("~", "~0").replace("/", "~1");
  }
}
