package dev.credentials.core.prototype;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.FieldType;
import dev.credentials.prototype.Prototype;
import dev.credentials.prototype.SelectOption;
import java.util.Objects;

/**
 * Describes a prototype as a form a host UI can render without knowing the prototype: the fields in
 * order with their labels, help texts, input kinds, options, constraints and conditions.
 *
 * <p>The descriptor is JSON:
 *
 * <pre>{@code
 * {
 *   "formVersion": 1,
 *   "prototype": {"code": "postgresql", "name": "PostgreSQL", "description": "...", ...},
 *   "fields": [
 *     {"code": "PGPORT", "label": "Port", "description": "...", "hint": "5432",
 *      "type": "integer", "input": "number", "required": true, "secret": false,
 *      "default": "5432", "constraints": {"minimum": 1, "maximum": 65535, "step": 1}},
 *     {"code": "PGSSLROOTCERT", ..., "condition": {"field": "PGSSLMODE", "equals": "verify-full"}}
 *   ]
 * }
 * }</pre>
 *
 * <p>Input kinds: {@code text}, {@code password}, {@code url}, {@code email}, {@code number},
 * {@code checkbox}, {@code select}, {@code textarea}, {@code file}. A secret field is {@code
 * "secret": true} and {@code "masked": true}; its default is never included. A field with a {@code
 * condition} is shown only while it holds: {@code equals} names the value the other field must
 * have, {@code "present": true} means any non-empty value.
 */
public final class FormDescriptors {

  /** The version of the descriptor layout; it changes only when a change would break readers. */
  public static final int FORM_VERSION = 1;

  private FormDescriptors() {}

  /**
   * Describes a prototype's form.
   *
   * @param prototype the prototype
   * @return the form descriptor as pretty-printed JSON
   */
  public static String of(Prototype prototype) {
    Objects.requireNonNull(prototype, "prototype");
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    ObjectNode form = nodes.objectNode();
    form.put("formVersion", FORM_VERSION);
    ObjectNode p = form.putObject("prototype");
    p.put("code", prototype.code());
    p.put("name", prototype.name());
    p.put("description", prototype.description());
    p.put("version", prototype.version());
    p.put("category", prototype.category());
    p.put("logo", prototype.logo());
    p.put("url", prototype.url());
    ArrayNode topics = p.putArray("topics");
    prototype.topics().forEach(t -> topics.add(t.name()));
    ArrayNode fields = form.putArray("fields");
    for (FieldDefinition f : prototype.fields()) {
      fields.add(field(f));
    }
    return Json.pretty(form);
  }

  private static ObjectNode field(FieldDefinition f) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("code", f.code());
    out.put("label", f.name());
    out.put("description", f.description());
    out.put("hint", f.hint());
    out.put("type", f.type().jsonName());
    out.put("input", input(f));
    out.put("required", f.required());
    out.put("secret", f.secret());
    out.put("masked", f.secret());
    if (!f.secret()) {
      f.defaultValue().ifPresent(v -> out.put("default", v));
    }
    if (!f.options().isEmpty()) {
      ArrayNode options = out.putArray("options");
      for (SelectOption o : f.options()) {
        options.addObject().put("value", o.value()).put("label", o.label());
      }
    }
    ObjectNode constraints = out.putObject("constraints");
    f.pattern().ifPresent(v -> constraints.put("pattern", v));
    f.minLength().ifPresent(v -> constraints.put("minLength", v));
    f.maxLength().ifPresent(v -> constraints.put("maxLength", v));
    f.minimum().ifPresent(v -> constraints.put("minimum", v));
    f.maximum().ifPresent(v -> constraints.put("maximum", v));
    if (f.type() == FieldType.INTEGER) {
      constraints.put("step", 1);
    }
    f.condition()
        .ifPresent(
            c -> {
              ObjectNode condition = out.putObject("condition").put("field", c.field());
              c.equalsValue()
                  .ifPresentOrElse(
                      v -> condition.put("equals", v), () -> condition.put("present", true));
            });
    return out;
  }

  /** The HTML-like input kind; a secret single-line field is a password input whatever its type. */
  private static String input(FieldDefinition f) {
    String input =
        switch (f.type()) {
          case STRING -> "text";
          case PASSWORD -> "password";
          case URL -> "url";
          case EMAIL -> "email";
          case INTEGER, NUMBER -> "number";
          case BOOLEAN -> "checkbox";
          case SELECT -> "select";
          case TEXT -> "textarea";
          case FILE -> "file";
        };
    return f.secret() && input.equals("text") ? "password" : input;
  }
}
