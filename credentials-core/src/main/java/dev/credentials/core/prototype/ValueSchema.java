package dev.credentials.core.prototype;

import dev.credentials.CredentialValidationException;
import dev.credentials.Secret;
import dev.credentials.Violation;
import dev.credentials.internal.ValueMap;
import dev.credentials.prototype.FieldCondition;
import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.FieldType;
import dev.credentials.prototype.Prototype;
import dev.credentials.prototype.SelectOption;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A prototype compiled once into a JSON Schema (2020-12) for its values, validated with Vert.x JSON
 * Schema. Messages are written from the field definitions, never from the validator's text, because
 * the validator quotes offending values and those may be secrets.
 *
 * <p>Values travel as text. Before validation, empty values count as absent, defaults are applied,
 * values of fields hidden by their condition are dropped, and integers, numbers and booleans are
 * converted to JSON types, so the schema checks types and bounds.
 */
final class ValueSchema {

  /** Absolute URL with a scheme and a host. */
  static final String URL_PATTERN = "^[A-Za-z][A-Za-z0-9+.-]*://[^/?#\\s]+(?:[/?#]\\S*)?$";

  private static final Pattern REQUIRED_PROPERTY =
      Pattern.compile("required property \"([A-Z][A-Z0-9_]*)\"");

  private final Prototype prototype;

  /** Answers valid or not, cheaply: the common case. */
  private final Validator check;

  /** Lists every error, for messages: only run on invalid values. */
  private final Validator validator;

  private final Map<String, FieldDefinition> fields = new LinkedHashMap<>();
  private final Map<String, Integer> order = new HashMap<>();

  private ValueSchema(Prototype prototype, JsonObject schema) {
    this.prototype = prototype;
    JsonSchema compiled = JsonSchema.of(schema);
    String baseUri = "urn:dev.credentials:prototype:" + prototype.code();
    this.check =
        Validator.create(
            compiled,
            new JsonSchemaOptions()
                .setDraft(Draft.DRAFT202012)
                .setBaseUri(baseUri)
                .setOutputFormat(OutputFormat.Flag));
    this.validator =
        Validator.create(
            compiled,
            new JsonSchemaOptions()
                .setDraft(Draft.DRAFT202012)
                .setBaseUri(baseUri)
                .setOutputFormat(OutputFormat.Basic));
    int i = 0;
    for (FieldDefinition f : prototype.fields()) {
      fields.put(f.code(), f);
      order.put(f.code(), i++);
    }
  }

  static ValueSchema compile(Prototype prototype) {
    return new ValueSchema(prototype, schemaOf(prototype));
  }

  /** The JSON Schema of a prototype's values (exposed for export and documentation). */
  static JsonObject schemaOf(Prototype prototype) {
    JsonObject properties = new JsonObject();
    JsonArray required = new JsonArray();
    JsonArray conditional = new JsonArray();
    Map<String, FieldDefinition> byCode = new HashMap<>();
    prototype.fields().forEach(f -> byCode.put(f.code(), f));
    for (FieldDefinition f : prototype.fields()) {
      properties.put(f.code(), propertySchema(f));
      if (f.required()) {
        if (f.condition().isEmpty()) {
          required.add(f.code());
        } else {
          FieldCondition c = f.condition().get();
          JsonObject dependency = new JsonObject();
          c.equalsValue()
              .ifPresent(v -> dependency.put("const", typed(byCode.get(c.field()), v).orElse(v)));
          conditional.add(
              new JsonObject()
                  .put(
                      "if",
                      new JsonObject()
                          .put("properties", new JsonObject().put(c.field(), dependency))
                          .put("required", new JsonArray().add(c.field())))
                  .put("then", new JsonObject().put("required", new JsonArray().add(f.code()))));
        }
      }
    }
    JsonObject schema =
        new JsonObject()
            .put("$schema", "https://json-schema.org/draft/2020-12/schema")
            .put("title", prototype.name())
            .put("type", "object")
            .put("properties", properties)
            .put("required", required);
    if (!conditional.isEmpty()) {
      schema.put("allOf", conditional);
    }
    return schema;
  }

  private static JsonObject propertySchema(FieldDefinition f) {
    JsonObject p = new JsonObject().put("title", f.name());
    switch (f.type()) {
      case INTEGER -> p.put("type", "integer");
      case NUMBER -> p.put("type", "number");
      case BOOLEAN -> p.put("type", "boolean");
      case SELECT ->
          p.put(
              "enum",
              new JsonArray(
                  new ArrayList<Object>(f.options().stream().map(SelectOption::value).toList())));
      case URL -> p.put("type", "string").put("format", "uri").put("pattern", URL_PATTERN);
      case EMAIL -> p.put("type", "string").put("format", "email");
      default -> p.put("type", "string");
    }
    if (f.secret()) {
      p.put("writeOnly", true);
    }
    f.minLength().ifPresent(v -> p.put("minLength", v));
    f.maxLength().ifPresent(v -> p.put("maxLength", v));
    f.minimum().ifPresent(v -> p.put("minimum", v));
    f.maximum().ifPresent(v -> p.put("maximum", v));
    // JSON Schema patterns match anywhere in the value; a field's pattern must match all of it.
    f.pattern()
        .map(v -> "^(?:" + v + ")$")
        .ifPresent(
            v -> {
              if (p.containsKey("pattern")) {
                p.put("allOf", new JsonArray().add(new JsonObject().put("pattern", v)));
              } else {
                p.put("pattern", v);
              }
            });
    return p;
  }

  /** Converts text to the JSON type of a field; empty when it does not parse. */
  private static Optional<Object> typed(FieldDefinition f, String text) {
    if (f == null) {
      return Optional.empty();
    }
    try {
      return switch (f.type()) {
        case INTEGER -> Optional.of(Long.parseLong(text.trim()));
        case NUMBER -> Optional.of(new BigDecimal(text.trim()).doubleValue());
        case BOOLEAN -> {
          String t = text.trim().toLowerCase(Locale.ROOT);
          yield t.equals("true") || t.equals("false")
              ? Optional.of(Boolean.parseBoolean(t))
              : Optional.empty();
        }
        default -> Optional.of(text);
      };
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  Prototype prototype() {
    return prototype;
  }

  /**
   * Validates values, reporting every violation at once.
   *
   * @param values the values by field code
   * @return the normalised values: defaults applied, hidden and empty values dropped, integers and
   *     booleans in canonical form
   * @throws CredentialValidationException when any rule is broken
   */
  Map<String, Secret> validate(String subject, Map<String, Secret> values) {
    List<Violation> violations = new ArrayList<>();
    Map<String, String> text = new LinkedHashMap<>();
    for (Map.Entry<String, Secret> e : values.entrySet()) {
      if (!fields.containsKey(e.getKey())) {
        violations.add(
            new Violation(
                e.getKey(),
                "is not a field of prototype "
                    + prototype.code()
                    + "; its fields are "
                    + String.join(", ", fields.keySet())));
      } else if (!e.getValue().isEmpty()) {
        text.put(e.getKey(), e.getValue().reveal());
      }
    }
    // Defaults first, then conditions (a field is shown when the field it depends on is shown and
    // has a matching value, defaults included); values of hidden fields are dropped.
    for (FieldDefinition f : prototype.fields()) {
      if (!text.containsKey(f.code()) && f.defaultValue().isPresent()) {
        String d = f.defaultValue().get();
        if (!d.isEmpty()) {
          text.put(f.code(), d);
        }
      }
    }
    Map<String, Boolean> shown = new HashMap<>();
    for (FieldDefinition f : prototype.fields()) {
      if (!isShown(f, text, shown, new HashSet<>())) {
        text.remove(f.code());
      }
    }
    JsonObject instance = new JsonObject();
    Map<String, String> normalised = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : text.entrySet()) {
      FieldDefinition f = fields.get(e.getKey());
      Object v = typed(f, e.getValue()).orElse(e.getValue());
      instance.put(e.getKey(), v);
      normalised.put(
          e.getKey(),
          switch (f.type()) {
            case INTEGER, BOOLEAN -> String.valueOf(v);
            default -> e.getValue();
          });
    }
    OutputUnit out =
        Boolean.TRUE.equals(check.validate(instance).getValid())
            ? null
            : validator.validate(instance);
    if (out != null && !Boolean.TRUE.equals(out.getValid()) && out.getErrors() != null) {
      Set<String> seen = new LinkedHashSet<>();
      for (OutputUnit unit : out.getErrors()) {
        Violation v = describe(unit);
        if (v != null && seen.add(v.path() + '\u0000' + v.message())) {
          violations.add(v);
        }
      }
    }
    if (!violations.isEmpty()) {
      violations.sort(
          (a, b) ->
              Integer.compare(
                  order.getOrDefault(a.path(), Integer.MAX_VALUE),
                  order.getOrDefault(b.path(), Integer.MAX_VALUE)));
      throw new CredentialValidationException(subject, violations);
    }
    // Compact and immutable, in the prototype's field order: what the store seals and audits.
    String[] codes = new String[normalised.size()];
    Secret[] secrets = new Secret[codes.length];
    int i = 0;
    for (Map.Entry<String, String> e : normalised.entrySet()) {
      codes[i] = e.getKey();
      secrets[i++] = Secret.of(e.getValue());
    }
    return ValueMap.of(codes, secrets);
  }

  private boolean isShown(
      FieldDefinition f, Map<String, String> text, Map<String, Boolean> shown, Set<String> path) {
    Boolean known = shown.get(f.code());
    if (known != null) {
      return known;
    }
    boolean result;
    if (f.condition().isEmpty()) {
      result = true;
    } else if (!path.add(f.code())) {
      result = false; // a cycle of conditions: never shown
    } else {
      FieldCondition c = f.condition().get();
      FieldDefinition dependency = fields.get(c.field());
      result =
          dependency != null
              && isShown(dependency, text, shown, path)
              && c.isMetBy(Optional.ofNullable(text.get(c.field())));
    }
    shown.put(f.code(), result);
    return result;
  }

  /** Our message for one validator error, or null for container errors. */
  private Violation describe(OutputUnit unit) {
    String keywordLocation = unit.getKeywordLocation() == null ? "" : unit.getKeywordLocation();
    String keyword = keywordLocation.substring(keywordLocation.lastIndexOf('/') + 1);
    if (keyword.equals("required")) {
      Matcher m = REQUIRED_PROPERTY.matcher(String.valueOf(unit.getError()));
      if (!m.find() || !fields.containsKey(m.group(1))) {
        return null;
      }
      FieldDefinition f = fields.get(m.group(1));
      String when =
          f.condition()
              .map(
                  c ->
                      c.equalsValue()
                          .map(v -> " when " + c.field() + " is '" + v + "'")
                          .orElse(" when " + c.field() + " is set"))
              .orElse("");
      return new Violation(f.code(), "is required" + when + "; enter " + f.name());
    }
    String location = unit.getInstanceLocation() == null ? "" : unit.getInstanceLocation();
    String code = location.startsWith("#/") ? location.substring(2) : location.replace("/", "");
    FieldDefinition f = fields.get(code);
    if (f == null) {
      return null;
    }
    String message =
        switch (keyword) {
          case "type" ->
              switch (f.type()) {
                case INTEGER -> "must be a whole number" + bounds(f);
                case NUMBER -> "must be a number" + bounds(f);
                case BOOLEAN -> "must be true or false";
                default -> "must be text";
              };
          case "format", "pattern" ->
              switch (f.type()) {
                case URL ->
                    keyword.equals("pattern") && keywordLocation.contains("/allOf/")
                        ? "must match the pattern " + f.pattern().orElse("")
                        : "must be an absolute URL with a scheme and a host, like"
                            + " https://api.example.com";
                case EMAIL -> "must be an e-mail address like name@example.com";
                default -> "must match the pattern " + f.pattern().orElse("");
              };
          case "minimum", "maximum" -> "must be" + bounds(f);
          case "minLength" -> "must be at least " + f.minLength().orElse(0) + " characters long";
          case "maxLength" -> "must be at most " + f.maxLength().orElse(0) + " characters long";
          case "enum" ->
              "must be one of: "
                  + f.options().stream()
                      .map(
                          o ->
                              o.value().equals(o.label())
                                  ? o.value()
                                  : o.value() + " (" + o.label() + ")")
                      .collect(Collectors.joining(", "));
          default -> null;
        };
    return message == null ? null : new Violation(f.code(), message);
  }

  private static String bounds(FieldDefinition f) {
    if (f.minimum().isPresent() && f.maximum().isPresent()) {
      return " between "
          + f.minimum().get().toPlainString()
          + " and "
          + f.maximum().get().toPlainString();
    }
    return f.minimum().map(v -> " at least " + v.toPlainString()).orElse("")
        + f.maximum().map(v -> " at most " + v.toPlainString()).orElse("");
  }

  /** The field types that are always sealed and masked. */
  static boolean isSecret(FieldDefinition f) {
    return f.secret() || f.type() == FieldType.PASSWORD;
  }
}
