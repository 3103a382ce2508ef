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
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A prototype compiled once for validating its values with {@link ValueRules}, and its JSON Schema
 * (2020-12) for export. Messages are written from the field definitions and never quote values,
 * which may be secrets.
 *
 * <p>Values travel as text. Before validation, empty values count as absent, defaults are applied,
 * and values of fields hidden by their condition are dropped; a condition compares canonical values
 * ({@code TRUE} meets a condition on {@code true}). Integers and booleans are stored in canonical
 * form.
 */
final class ValueSchema {

  /** Absolute URL with a scheme and a host, as exported in a value schema. */
  static final String URL_PATTERN = "^[A-Za-z][A-Za-z0-9+.-]*://[^/?#\\s]+(?:[/?#]\\S*)?$";

  private final Prototype prototype;
  private final Map<String, FieldDefinition> fields = new LinkedHashMap<>();
  private final Map<String, ValueRules.Constraints> constraints = new HashMap<>();
  private final Map<String, Integer> order = new HashMap<>();

  private ValueSchema(Prototype prototype) {
    this.prototype = prototype;
    int i = 0;
    for (FieldDefinition f : prototype.fields()) {
      fields.put(f.code(), f);
      constraints.put(f.code(), ValueRules.Constraints.of(f));
      order.put(f.code(), i++);
    }
  }

  static ValueSchema compile(Prototype prototype) {
    return new ValueSchema(prototype);
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
          c.equalsValue().ifPresent(v -> dependency.put("const", typed(byCode.get(c.field()), v)));
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

  /** The JSON value of text in a field's type, for the exported schema; the text otherwise. */
  private static Object typed(FieldDefinition f, String text) {
    if (f == null) {
      return text;
    }
    return switch (f.type()) {
      case INTEGER -> ValueRules.integer(text).<Object>map(n -> n.longValueExact()).orElse(text);
      case NUMBER -> ValueRules.number(text).<Object>map(BigDecimal::doubleValue).orElse(text);
      case BOOLEAN -> ValueRules.bool(text).<Object>map(b -> b).orElse(text);
      default -> text;
    };
  }

  Prototype prototype() {
    return prototype;
  }

  /**
   * Validates values, reporting every violation at once (the first broken rule of each field).
   *
   * @param values the values by field code
   * @return the normalised values: defaults applied, hidden and empty values dropped, integers and
   *     booleans in canonical form
   * @throws CredentialValidationException when any rule is broken
   */
  Map<String, Secret> validate(String subject, Map<String, Secret> values) {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(values, "values");
    List<Violation> violations = new ArrayList<>();
    Map<String, String> text = new LinkedHashMap<>();
    for (Map.Entry<String, Secret> e : values.entrySet()) {
      if (e.getKey() == null || !fields.containsKey(e.getKey())) {
        violations.add(
            new Violation(
                String.valueOf(e.getKey()),
                "is not a field of prototype "
                    + prototype.code()
                    + "; its fields are "
                    + String.join(", ", fields.keySet())));
      } else if (e.getValue() == null) {
        throw new NullPointerException("values: field " + e.getKey() + " has a null value");
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
    Map<String, String> normalised = new LinkedHashMap<>();
    for (FieldDefinition f : prototype.fields()) {
      String v = text.get(f.code());
      if (v == null) {
        if (f.required() && shown.getOrDefault(f.code(), false)) {
          violations.add(new Violation(f.code(), "is required" + when(f) + "; enter " + f.name()));
        }
        continue;
      }
      Optional<String> problem = ValueRules.violation(constraints.get(f.code()), v);
      if (problem.isPresent()) {
        violations.add(new Violation(f.code(), problem.get()));
      } else {
        normalised.put(
            f.code(),
            switch (f.type()) {
              case INTEGER, BOOLEAN -> ValueRules.canonical(f.type(), v);
              default -> v;
            });
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

  private static String when(FieldDefinition f) {
    return f.condition()
        .map(
            c ->
                c.equalsValue()
                    .map(v -> " when " + c.field() + " is '" + v + "'")
                    .orElse(" when " + c.field() + " is set"))
        .orElse("");
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
              && meets(c, dependency, text.get(c.field()));
    }
    shown.put(f.code(), result);
    return result;
  }

  /** A condition compares canonical values, so {@code TRUE} meets a condition on {@code true}. */
  static boolean meets(FieldCondition c, FieldDefinition dependency, String value) {
    Optional<String> canonical =
        Optional.ofNullable(value).map(v -> ValueRules.canonical(dependency.type(), v));
    FieldCondition compared =
        c.equalsValue()
            .map(
                v ->
                    FieldCondition.whenEquals(
                        c.field(), ValueRules.canonical(dependency.type(), v)))
            .orElse(c);
    return compared.isMetBy(canonical);
  }

  /** The field types that are always sealed and masked. */
  static boolean isSecret(FieldDefinition f) {
    return f.secret() || f.type() == FieldType.PASSWORD;
  }
}
