package dev.credentials.core.prototype;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.credentials.Violation;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The prototype meta-schema (JSON Schema 2020-12) and its validator. Messages are written from the
 * meta-schema's own keywords, never from the validator's text, which may quote document values (a
 * default value may be a secret).
 *
 * <p>Unknown properties are refused with {@code propertyNames} and an {@code enum}, not with {@code
 * additionalProperties: false}: Vert.x JSON Schema 5 also reports a <em>valid</em> sibling property
 * as "additional" whenever another property fails, and does the same with {@code
 * unevaluatedProperties} (see {@code MetaSchemaTest}).
 */
final class MetaSchema {

  static final String RESOURCE = "prototype.schema.json";
  static final String ID = "urn:dev.credentials:prototype-schema:1";

  /** Keywords that only say "something below me failed". */
  private static final Set<String> CONTAINERS =
      Set.of(
          "properties",
          "items",
          "prefixItems",
          "$ref",
          "$dynamicRef",
          "if",
          "then",
          "else",
          "allOf",
          "anyOf",
          "oneOf",
          "propertyNames",
          "dependentSchemas",
          "contains",
          "patternProperties",
          "additionalProperties",
          "unevaluatedProperties",
          "unevaluatedItems");

  private static final Pattern REQUIRED_PROPERTY = Pattern.compile("required property \"(.+)\"");

  private static final String TEXT = load();
  private static final JsonNode TREE;
  private static final Validator VALIDATOR;

  static {
    try {
      TREE = Json.MAPPER.readTree(TEXT);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the bundled prototype meta-schema is not JSON", e);
    }
    VALIDATOR =
        Validator.create(
            JsonSchema.of(new JsonObject(TEXT)),
            new JsonSchemaOptions()
                .setDraft(Draft.DRAFT202012)
                .setBaseUri(ID)
                .setOutputFormat(OutputFormat.Basic));
  }

  private MetaSchema() {}

  static String text() {
    return TEXT;
  }

  private static String load() {
    try (InputStream in = MetaSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the prototype meta-schema " + RESOURCE + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Validates a document in this library's format.
   *
   * @return every violation with its JSON path, in no particular order
   */
  static List<Violation> validate(JsonNode document) {
    List<Violation> violations = new ArrayList<>();
    if (!document.isObject()) {
      violations.add(
          new Violation("", "must be a JSON object, like {\"code\": ..., \"fields\": [...]}"));
      return violations;
    }
    OutputUnit out =
        VALIDATOR.validate(
            new JsonObject(
                Json.MAPPER.convertValue(document, new TypeReference<Map<String, Object>>() {})));
    if (Boolean.TRUE.equals(out.getValid()) || out.getErrors() == null) {
      return violations;
    }
    for (OutputUnit unit : out.getErrors()) {
      Violation v = describe(unit);
      if (v != null) {
        violations.add(v);
      }
    }
    if (violations.isEmpty()) {
      // The validator refused the document without a leaf error we understand.
      violations.add(new Violation("", "does not match the prototype meta-schema"));
    }
    return violations;
  }

  private static Violation describe(OutputUnit unit) {
    String keywordLocation = nullToEmpty(unit.getKeywordLocation());
    String keyword = keywordLocation.substring(keywordLocation.lastIndexOf('/') + 1);
    if (CONTAINERS.contains(keyword)) {
      return null;
    }
    String absolute = nullToEmpty(unit.getAbsoluteKeywordLocation());
    String pointer = absolute.contains("#") ? absolute.substring(absolute.indexOf('#') + 1) : "";
    JsonNode node = TREE.at(pointer);
    JsonNode parent = TREE.at(pointer.substring(0, Math.max(0, pointer.lastIndexOf('/'))));
    String path = instancePath(unit.getInstanceLocation());
    String description = parent.path("description").asText("");
    return switch (keyword) {
      case "required" -> {
        Matcher m = REQUIRED_PROPERTY.matcher(nullToEmpty(unit.getError()));
        String property = m.find() ? m.group(1) : "?";
        yield new Violation(
            path + "/" + property,
            pointer.contains("/then/")
                ? "is required for a select field; list the options a user can choose from"
                : "is required");
      }
      case "enum" ->
          pointer.endsWith("/propertyNames/enum")
              ? new Violation(path, "is not a known property; known properties are " + list(node))
              : new Violation(path, "must be one of " + list(node));
      case "type" -> new Violation(path, "must be " + typeWords(node));
      case "pattern" ->
          new Violation(
              path,
              description.isEmpty()
                  ? "must match the pattern " + node.asText()
                  : "must be " + description + " (pattern " + node.asText() + ")");
      case "minLength" ->
          new Violation(
              path,
              node.asInt() <= 1
                  ? "must not be empty"
                  : "must be at least " + node.asInt() + " characters long");
      case "maxLength" ->
          new Violation(path, "must be at most " + node.asInt() + " characters long");
      case "minItems" ->
          new Violation(
              path,
              node.asInt() <= 1
                  ? "must list at least one item"
                  : "must list at least " + node.asInt() + " items");
      case "maxItems" -> new Violation(path, "must list at most " + node.asInt() + " items");
      case "uniqueItems" -> new Violation(path, "must not list the same item twice");
      case "minimum" -> new Violation(path, "must be at least " + node.asText());
      case "maximum" -> new Violation(path, "must be at most " + node.asText());
      default -> new Violation(path, "breaks the meta-schema rule " + pointer);
    };
  }

  private static String instancePath(String location) {
    String l = nullToEmpty(location);
    return l.startsWith("#") ? l.substring(1) : l;
  }

  private static String list(JsonNode array) {
    List<String> items = new ArrayList<>();
    array.forEach(n -> items.add(n.asText()));
    return String.join(", ", items);
  }

  private static String typeWords(JsonNode type) {
    List<String> words = new ArrayList<>();
    if (type.isArray()) {
      type.forEach(
          t -> words.add(t.asText().equals("boolean") ? "a boolean" : typeWord(t.asText())));
    } else {
      words.add(typeWord(type.asText()));
    }
    return words.size() == 1
        ? words.get(0)
        : String.join(", ", words.subList(0, words.size() - 1))
            + " or "
            + words.get(words.size() - 1);
  }

  private static String typeWord(String type) {
    return switch (type) {
      case "string" -> "text";
      case "integer" -> "a whole number";
      case "number" -> "a number";
      case "boolean" -> "true or false";
      case "array" -> "a list";
      case "object" -> "an object";
      default -> type;
    };
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
