package dev.credentials.core.prototype;

import com.fasterxml.jackson.databind.JsonNode;
import dev.credentials.PrototypeDefinitionException;
import dev.credentials.Violation;
import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.FieldType;
import dev.credentials.prototype.Prototype;
import dev.credentials.prototype.SelectOption;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The one set of prototype rules. A JSON document, a prototype built in Java and registered, and
 * the prototypes a provider ships (checked by the testkit's compatibility kit) are all judged here,
 * with the same violations and the same JSON paths: a prototype built in Java is judged as the
 * document {@link PrototypeDocuments#toJson(Prototype)} writes for it, so whatever a registry
 * accepts, exporting and importing it again accepts too.
 *
 * <p>The rules: the prototype meta-schema (shapes, lengths, known properties); every number within
 * {@value ValueRules#MAX_INTEGER_DIGITS} digits before and {@value ValueRules#MAX_FRACTION_DIGITS}
 * after the decimal point; unique field codes; constraints only on the types they apply to; {@code
 * minLength <= maxLength} and {@code minimum <= maximum}; whole-number bounds on integer fields;
 * patterns that compile; no default on a secret field; defaults and condition values that are valid
 * values of their field; conditions on another existing field, without cycles; unique, non-empty
 * option values.
 */
public final class PrototypeRules {

  private static final Set<String> TEXT_TYPES =
      Set.of("string", "password", "url", "email", "text", "file");
  private static final Set<String> NUMERIC_TYPES = Set.of("integer", "number");
  private static final BigInteger INTEGER_LIMIT = BigInteger.TEN.pow(ValueRules.MAX_INTEGER_DIGITS);

  private PrototypeRules() {}

  /**
   * Every violation of a prototype, each with the JSON path it has in the prototype's document.
   *
   * @param prototype the prototype
   * @return the violations; empty when the prototype may be registered
   */
  public static List<Violation> violations(Prototype prototype) {
    Objects.requireNonNull(prototype, "prototype");
    return PrototypeDocuments.violationsOf(PrototypeDocuments.toTree(prototype));
  }

  /**
   * Refuses a prototype that breaks any rule.
   *
   * @param source where the prototype came from, for the message
   * @param prototype the prototype
   * @throws PrototypeDefinitionException with every violation and its JSON path
   */
  public static void requireValid(String source, Prototype prototype) {
    Objects.requireNonNull(source, "source");
    List<Violation> violations = violations(prototype);
    if (!violations.isEmpty()) {
      throw new PrototypeDefinitionException(source, violations);
    }
  }

  /**
   * Why a non-empty value is not valid for a field, if it is not: the rule the engine applies to
   * stored values, defaults and condition values. Whether a value is required is judged per
   * prototype, not here.
   *
   * @param field the field
   * @param value the value, as text
   * @return a reason that never quotes the value, or empty when valid
   */
  public static Optional<String> valueViolation(FieldDefinition field, String value) {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(value, "value");
    return ValueRules.violation(ValueRules.Constraints.of(field), value);
  }

  /** Numbers beyond the bounds every number has, found before anything expands them. */
  static List<Violation> numberViolations(JsonNode root) {
    List<Violation> violations = new ArrayList<>();
    Deque<Map.Entry<String, JsonNode>> todo = new ArrayDeque<>();
    todo.push(Map.entry("", root));
    while (!todo.isEmpty()) {
      Map.Entry<String, JsonNode> next = todo.pop();
      String at = next.getKey();
      JsonNode node = next.getValue();
      if (node.isNumber() && !boundedNumber(node)) {
        violations.add(
            new Violation(
                at,
                "is out of range: numbers have at most "
                    + ValueRules.MAX_INTEGER_DIGITS
                    + " digits before and "
                    + ValueRules.MAX_FRACTION_DIGITS
                    + " after the decimal point"));
      } else if (node.isObject()) {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
          todo.push(Map.entry(at + "/" + escape(e.getKey()), e.getValue()));
        }
      } else if (node.isArray()) {
        for (int i = 0; i < node.size(); i++) {
          todo.push(Map.entry(at + "/" + i, node.get(i)));
        }
      }
    }
    return violations;
  }

  private static boolean boundedNumber(JsonNode node) {
    if (node.isIntegralNumber()) {
      return node.canConvertToLong() || node.bigIntegerValue().abs().compareTo(INTEGER_LIMIT) < 0;
    }
    return ValueRules.bounded(node.decimalValue());
  }

  static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }

  /**
   * Rules the meta-schema cannot express: uniqueness, references, consistency of a field. Assumes
   * every number is bounded ({@link #numberViolations}).
   */
  static List<Violation> semanticViolations(JsonNode doc) {
    List<Violation> violations = new ArrayList<>();
    JsonNode fields = doc.path("fields");
    if (!fields.isArray()) {
      return violations;
    }
    Map<String, Integer> indexByCode = new LinkedHashMap<>();
    for (int i = 0; i < fields.size(); i++) {
      JsonNode code = fields.get(i).path("code");
      if (code.isTextual()) {
        Integer first = indexByCode.putIfAbsent(code.asText(), i);
        if (first != null) {
          violations.add(
              new Violation(
                  "/fields/" + i + "/code",
                  "repeats the code of /fields/"
                      + first
                      + "; field codes must be unique, rename one of them"));
        }
      }
    }
    for (int i = 0; i < fields.size(); i++) {
      JsonNode field = fields.get(i);
      if (field.isObject()) {
        fieldViolations(field, "/fields/" + i, fields, indexByCode, violations);
      }
    }
    return violations;
  }

  private static void fieldViolations(
      JsonNode field,
      String at,
      JsonNode fields,
      Map<String, Integer> indexByCode,
      List<Violation> violations) {
    String type = field.path("type").asText("");
    String code = field.path("code").asText("");
    if (field.has("options") && !type.equals("select") && !type.isEmpty()) {
      violations.add(
          new Violation(
              at + "/options",
              "applies only to select fields; remove it or change the type to select"));
    }
    List<SelectOption> options = new ArrayList<>();
    Set<String> optionValues = new LinkedHashSet<>();
    JsonNode optionNodes = field.path("options");
    if (optionNodes.isArray()) {
      for (int k = 0; k < optionNodes.size(); k++) {
        JsonNode value = optionNodes.get(k).path("value");
        if (!value.isTextual()) {
          continue;
        }
        if (value.asText().isEmpty()) {
          violations.add(
              new Violation(
                  at + "/options/" + k + "/value",
                  "must not be empty: an empty value counts as no value; give the option a value"));
        } else if (!optionValues.add(value.asText())) {
          violations.add(
              new Violation(
                  at + "/options/" + k + "/value", "repeats the value of an earlier option"));
        } else {
          options.add(new SelectOption(value.asText(), value.asText()));
        }
      }
    }
    boolean secret =
        type.equals("password")
            || field.path("secret").isBoolean() && field.get("secret").asBoolean();
    if (type.equals("password")
        && field.path("secret").isBoolean()
        && !field.path("secret").asBoolean()) {
      violations.add(
          new Violation(
              at + "/secret", "cannot be false: a password field is always secret; remove it"));
    }
    Pattern pattern = null;
    JsonNode patternNode = field.path("pattern");
    if (patternNode.isTextual()) {
      try {
        pattern = Pattern.compile(patternNode.asText());
      } catch (PatternSyntaxException e) {
        violations.add(
            new Violation(
                at + "/pattern",
                "is not a valid Java regular expression ("
                    + e.getDescription()
                    + " near index "
                    + e.getIndex()
                    + ")"));
      } catch (IllegalArgumentException e) {
        violations.add(new Violation(at + "/pattern", "is not a valid Java regular expression"));
      }
    }
    if (!type.isEmpty() && !TEXT_TYPES.contains(type)) {
      for (String p : List.of("pattern", "minLength", "maxLength")) {
        if (field.has(p)) {
          violations.add(
              new Violation(
                  at + "/" + p,
                  "applies only to text fields (string, password, url, email, text, file);"
                      + " remove it"));
        }
      }
    }
    if (!type.isEmpty() && !NUMERIC_TYPES.contains(type)) {
      for (String p : List.of("minimum", "maximum")) {
        if (field.has(p)) {
          violations.add(
              new Violation(at + "/" + p, "applies only to integer and number fields; remove it"));
        }
      }
    }
    Optional<Integer> minLength = intValue(field.path("minLength"));
    Optional<Integer> maxLength = intValue(field.path("maxLength"));
    if (minLength.isPresent() && maxLength.isPresent() && minLength.get() > maxLength.get()) {
      violations.add(new Violation(at + "/maxLength", "must not be smaller than minLength"));
    }
    Optional<BigDecimal> minimum = decimal(field.path("minimum"));
    Optional<BigDecimal> maximum = decimal(field.path("maximum"));
    if (minimum.isPresent() && maximum.isPresent() && minimum.get().compareTo(maximum.get()) > 0) {
      violations.add(new Violation(at + "/maximum", "must not be smaller than minimum"));
    }
    if (type.equals("integer")) {
      for (String p : List.of("minimum", "maximum")) {
        Optional<BigDecimal> bound = p.equals("minimum") ? minimum : maximum;
        if (bound.isPresent() && bound.get().stripTrailingZeros().scale() > 0) {
          violations.add(
              new Violation(at + "/" + p, "must be a whole number for an integer field"));
        }
      }
    }
    Optional<FieldType> fieldType = FieldType.fromJsonName(type);
    ValueRules.Constraints constraints =
        fieldType
            .map(
                t ->
                    new ValueRules.Constraints(
                        t,
                        Optional.empty(),
                        minLength,
                        maxLength,
                        minimum,
                        maximum,
                        List.copyOf(options)))
            .orElse(null);
    JsonNode condition = field.path("condition");
    if (condition.path("field").isTextual()) {
      conditionViolations(at, code, condition, fields, indexByCode, violations);
    }
    JsonNode defaultNode = field.path("default");
    if (constraints != null
        && !defaultNode.isMissingNode()
        && !defaultNode.isContainerNode()
        && !defaultNode.isNull()) {
      String text = PrototypeDocuments.text(defaultNode);
      if (!text.isEmpty()) {
        if (secret) {
          violations.add(
              new Violation(
                  at + "/default",
                  "must not be set on a secret field: a prototype is not sealed, so its defaults"
                      + " are not secret; remove it"));
        } else {
          ValueRules.Constraints withPattern =
              new ValueRules.Constraints(
                  constraints.type(),
                  Optional.ofNullable(pattern),
                  minLength,
                  maxLength,
                  minimum,
                  maximum,
                  constraints.options());
          ValueRules.violation(withPattern, text)
              .ifPresent(m -> violations.add(new Violation(at + "/default", m)));
        }
      }
    }
  }

  private static void conditionViolations(
      String at,
      String code,
      JsonNode condition,
      JsonNode fields,
      Map<String, Integer> indexByCode,
      List<Violation> violations) {
    String dependency = condition.get("field").asText();
    Integer index = indexByCode.get(dependency);
    if (dependency.equals(code)) {
      violations.add(
          new Violation(at + "/condition/field", "refers to the field itself; name another field"));
      return;
    }
    if (index == null) {
      violations.add(
          new Violation(
              at + "/condition/field",
              "refers to a field this prototype does not define; use one of "
                  + String.join(", ", indexByCode.keySet())));
      return;
    }
    JsonNode target = fields.get(index);
    if (dependsOn(fields, indexByCode, dependency, code)) {
      violations.add(
          new Violation(
              at + "/condition/field",
              "makes a cycle: " + dependency + " is itself shown only through " + code));
    }
    JsonNode equals = condition.path("equals");
    if (equals.isMissingNode() || equals.isNull() || equals.isContainerNode()) {
      return;
    }
    String v = PrototypeDocuments.text(equals);
    Optional<FieldType> targetType = FieldType.fromJsonName(target.path("type").asText(""));
    if (v.isEmpty()) {
      violations.add(
          new Violation(
              at + "/condition/equals",
              "must not be empty: an empty value counts as no value; remove equals to show the"
                  + " field whenever "
                  + dependency
                  + " is set"));
    } else if (targetType.isPresent()) {
      List<SelectOption> options = new ArrayList<>();
      target
          .path("options")
          .forEach(
              o -> {
                if (o.path("value").isTextual()) {
                  options.add(new SelectOption(o.get("value").asText(), o.get("value").asText()));
                }
              });
      ValueRules.Constraints c =
          new ValueRules.Constraints(
              targetType.get(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              options);
      ValueRules.violation(c, v)
          .ifPresent(
              m ->
                  violations.add(
                      new Violation(
                          at + "/condition/equals",
                          "can never be a value of " + dependency + ": it " + m)));
    }
  }

  /** Whether {@code from}'s condition chain reaches {@code to}. */
  private static boolean dependsOn(
      JsonNode fields, Map<String, Integer> indexByCode, String from, String to) {
    Set<String> seen = new LinkedHashSet<>();
    String current = from;
    while (current != null && seen.add(current)) {
      if (current.equals(to)) {
        return true;
      }
      Integer i = indexByCode.get(current);
      JsonNode next = i == null ? null : fields.get(i).path("condition").get("field");
      current = next != null && next.isTextual() ? next.asText() : null;
    }
    return false;
  }

  static Optional<Integer> intValue(JsonNode node) {
    return node.isIntegralNumber() && node.canConvertToInt()
        ? Optional.of(node.intValue())
        : Optional.empty();
  }

  static Optional<BigDecimal> decimal(JsonNode node) {
    return node.isNumber() ? Optional.of(normalise(node.decimalValue())) : Optional.empty();
  }

  /** Scale-independent form, so that 1.50 and 1.5 are the same bound. Only for bounded numbers. */
  static BigDecimal normalise(BigDecimal v) {
    if (!ValueRules.bounded(v)) {
      return v;
    }
    BigDecimal s = v.stripTrailingZeros();
    return s.scale() < 0 ? s.setScale(0) : s;
  }
}
