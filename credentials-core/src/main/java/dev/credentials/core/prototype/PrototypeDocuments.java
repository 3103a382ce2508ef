package dev.credentials.core.prototype;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.credentials.PrototypeDefinitionException;
import dev.credentials.Violation;
import dev.credentials.prototype.FieldCondition;
import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.FieldType;
import dev.credentials.prototype.Prototype;
import dev.credentials.prototype.SelectOption;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads and writes JSON prototype documents: this library's format and MultiFlexi's
 * credential-prototype format, validated against the prototype meta-schema.
 *
 * <p>A document is refused with a {@link PrototypeDefinitionException} that lists every violation
 * at once, each with its JSON path in the document as written (for a MultiFlexi document, {@code
 * /fields/2/keyword} rather than {@code /fields/2/code}). Messages never quote values from the
 * document, so a secret field's default cannot leak through them.
 */
public final class PrototypeDocuments {

  /** Documents larger than this (in UTF-8 bytes) are refused before parsing. */
  public static final int MAX_DOCUMENT_BYTES = 256 * 1024;

  private static final Set<String> TEXT_TYPES =
      Set.of("string", "password", "url", "email", "text", "file");
  private static final Set<String> NUMERIC_TYPES = Set.of("integer", "number");
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
  private static final Pattern URL = Pattern.compile(ValueSchema.URL_PATTERN);

  private PrototypeDocuments() {}

  /**
   * The prototype meta-schema (JSON Schema 2020-12) that documents in this library's format are
   * validated against.
   *
   * @return the meta-schema as JSON text
   */
  public static String metaSchema() {
    return MetaSchema.text();
  }

  /**
   * Parses and validates a document in this library's format or in MultiFlexi's (detected from the
   * document).
   *
   * @param source where the document came from, for messages
   * @param json the document
   * @return the prototype
   * @throws PrototypeDefinitionException with every violation and its JSON path
   */
  public static Prototype parse(String source, String json) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(json, "json");
    if (utf8Length(json) > MAX_DOCUMENT_BYTES) {
      throw tooLarge(source);
    }
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      // Jackson's own message may quote the document; say only where it broke.
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      String what =
          e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")
              ? "repeats a property name"
              : "is not valid JSON";
      throw new PrototypeDefinitionException(
          source,
          List.of(new Violation("", what + where + "; fix the document and load it again")));
    }
    if (root == null || root.isMissingNode()) {
      throw new PrototypeDefinitionException(
          source, List.of(new Violation("", "is empty; a prototype document is a JSON object")));
    }
    MultiFlexiFormat.Normalised doc =
        MultiFlexiFormat.detect(root)
            ? MultiFlexiFormat.normalise(root)
            : new MultiFlexiFormat.Normalised(root, Map.of());
    List<Violation> violations = new ArrayList<>(MetaSchema.validate(doc.document()));
    if (doc.document().isObject()) {
      violations.addAll(semanticViolations(doc.document()));
    }
    Prototype prototype = null;
    if (violations.isEmpty()) {
      try {
        prototype = toPrototype(doc.document());
      } catch (IllegalArgumentException e) {
        // Every rule of the constructors is checked above; this is a safety net, not a path.
        violations.add(new Violation("", "is inconsistent: " + e.getMessage()));
      }
    }
    if (!violations.isEmpty()) {
      throw new PrototypeDefinitionException(source, ordered(violations, doc));
    }
    return prototype;
  }

  /**
   * Parses and validates several documents as one batch: every violation of every document is
   * reported at once, with paths prefixed by the document's index ({@code [2]/fields/0/code}), and
   * a prototype code defined by two documents of the batch is a violation naming both.
   *
   * @param source where the batch came from, for messages
   * @param jsons the documents
   * @return the prototypes, in the order of the documents
   * @throws PrototypeDefinitionException with every violation
   */
  public static List<Prototype> parseAll(String source, List<String> jsons) {
    Objects.requireNonNull(source, "source");
    List<Violation> violations = new ArrayList<>();
    List<Prototype> prototypes = new ArrayList<>();
    Map<String, Integer> firstByCode = new HashMap<>();
    for (int i = 0; i < jsons.size(); i++) {
      String prefix = "[" + i + "]";
      try {
        Prototype p = parse(source + " " + prefix, jsons.get(i));
        Integer other = firstByCode.putIfAbsent(p.code(), i);
        if (other != null) {
          violations.add(
              new Violation(
                  prefix + "/code",
                  "prototype code '"
                      + p.code()
                      + "' is also defined by "
                      + source
                      + " ["
                      + other
                      + "]; give one of them another code, or import only one"));
        }
        prototypes.add(p);
      } catch (PrototypeDefinitionException e) {
        for (Violation v : e.violations()) {
          violations.add(new Violation(prefix + v.path(), v.message()));
        }
      }
    }
    if (!violations.isEmpty()) {
      throw new PrototypeDefinitionException(source, violations);
    }
    return List.copyOf(prototypes);
  }

  /**
   * Writes a prototype in this library's format: pretty-printed, properties in a fixed order.
   * Parsing the result gives an equal prototype (decimal bounds are normalised, so {@code 1.50}
   * comes back as {@code 1.5}).
   *
   * @param prototype the prototype
   * @return the JSON document
   */
  public static String toJson(Prototype prototype) {
    Objects.requireNonNull(prototype, "prototype");
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    ObjectNode out = nodes.objectNode();
    out.put("code", prototype.code());
    out.put("uuid", prototype.uuid().toString());
    out.put("name", prototype.name());
    if (!prototype.description().isEmpty()) {
      out.put("description", prototype.description());
    }
    out.put("version", prototype.version());
    out.put("category", prototype.category());
    if (!prototype.logo().isEmpty()) {
      out.put("logo", prototype.logo());
    }
    if (!prototype.url().isEmpty()) {
      out.put("url", prototype.url());
    }
    if (!prototype.tags().isEmpty()) {
      ArrayNode tags = out.putArray("tags");
      prototype.tags().forEach(tags::add);
    }
    ArrayNode topics = out.putArray("topics");
    prototype.topics().forEach(t -> topics.add(t.name()));
    ArrayNode fields = out.putArray("fields");
    for (FieldDefinition f : prototype.fields()) {
      ObjectNode field = fields.addObject();
      field.put("code", f.code());
      field.put("name", f.name());
      if (!f.description().isEmpty()) {
        field.put("description", f.description());
      }
      if (!f.hint().isEmpty()) {
        field.put("hint", f.hint());
      }
      field.put("type", f.type().jsonName());
      if (f.required()) {
        field.put("required", true);
      }
      if (f.secret() && f.type() != FieldType.PASSWORD) {
        field.put("secret", true);
      }
      f.defaultValue().ifPresent(v -> field.put("default", v));
      if (!f.options().isEmpty()) {
        ArrayNode options = field.putArray("options");
        for (SelectOption o : f.options()) {
          options.addObject().put("value", o.value()).put("label", o.label());
        }
      }
      f.pattern().ifPresent(v -> field.put("pattern", v));
      f.minLength().ifPresent(v -> field.put("minLength", v));
      f.maxLength().ifPresent(v -> field.put("maxLength", v));
      f.minimum().ifPresent(v -> field.put("minimum", normalise(v)));
      f.maximum().ifPresent(v -> field.put("maximum", normalise(v)));
      f.condition()
          .ifPresent(
              c -> {
                ObjectNode condition = field.putObject("condition").put("field", c.field());
                c.equalsValue().ifPresent(v -> condition.put("equals", v));
              });
    }
    return Json.pretty(out);
  }

  static PrototypeDefinitionException tooLarge(String source) {
    return new PrototypeDefinitionException(
        source,
        List.of(
            new Violation(
                "",
                "is larger than "
                    + MAX_DOCUMENT_BYTES
                    + " bytes; split it into one document per prototype")));
  }

  private static long utf8Length(String s) {
    if (s.length() > MAX_DOCUMENT_BYTES) {
      return s.length(); // at least one byte per char: too large already
    }
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  /** Rules the meta-schema cannot express: uniqueness, references, consistency of a field. */
  private static List<Violation> semanticViolations(JsonNode doc) {
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
    Set<String> optionValues = new LinkedHashSet<>();
    JsonNode options = field.path("options");
    for (int k = 0; k < options.size(); k++) {
      JsonNode value = options.get(k).path("value");
      if (value.isTextual() && !optionValues.add(value.asText())) {
        violations.add(
            new Violation(
                at + "/options/" + k + "/value", "repeats the value of an earlier option"));
      }
    }
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
    JsonNode condition = field.path("condition");
    if (condition.path("field").isTextual()) {
      String dependency = condition.get("field").asText();
      Integer index = indexByCode.get(dependency);
      if (dependency.equals(code)) {
        violations.add(
            new Violation(
                at + "/condition/field", "refers to the field itself; name another field"));
      } else if (index == null) {
        violations.add(
            new Violation(
                at + "/condition/field",
                "refers to a field this prototype does not define; use one of "
                    + String.join(", ", indexByCode.keySet())));
      } else {
        JsonNode target = fields.get(index);
        if (dependsOn(fields, indexByCode, dependency, code)) {
          violations.add(
              new Violation(
                  at + "/condition/field",
                  "makes a cycle: " + dependency + " is itself shown only through " + code));
        }
        JsonNode equals = condition.path("equals");
        if (!equals.isMissingNode() && !equals.isNull()) {
          String targetType = target.path("type").asText("");
          String v = equals.asText();
          if (targetType.equals("select") && !optionValuesOf(target).contains(v)) {
            violations.add(
                new Violation(
                    at + "/condition/equals",
                    "is not an option of "
                        + dependency
                        + "; use one of "
                        + optionValuesOf(target)));
          } else if (targetType.equals("boolean") && !v.equals("true") && !v.equals("false")) {
            violations.add(
                new Violation(
                    at + "/condition/equals",
                    "must be true or false, because " + dependency + " is a boolean field"));
          }
        }
      }
    }
    JsonNode defaultNode = field.path("default");
    if (!defaultNode.isMissingNode() && !defaultNode.isContainerNode() && !defaultNode.isNull()) {
      defaultViolation(
              defaultNode, type, pattern, minLength, maxLength, minimum, maximum, optionValues)
          .ifPresent(m -> violations.add(new Violation(at + "/default", m)));
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

  private static List<String> optionValuesOf(JsonNode field) {
    List<String> values = new ArrayList<>();
    field.path("options").forEach(o -> values.add(o.path("value").asText()));
    return values;
  }

  /** What is wrong with a default, in words that never repeat the value. */
  private static Optional<String> defaultViolation(
      JsonNode node,
      String type,
      Pattern pattern,
      Optional<Integer> minLength,
      Optional<Integer> maxLength,
      Optional<BigDecimal> minimum,
      Optional<BigDecimal> maximum,
      Set<String> options) {
    String text = node.asText();
    if (text.isEmpty()) {
      return Optional.empty();
    }
    switch (type) {
      case "boolean" -> {
        return text.equals("true") || text.equals("false")
            ? Optional.empty()
            : Optional.of("must be true or false for a boolean field");
      }
      case "integer", "number" -> {
        BigDecimal value;
        try {
          value = new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
          return Optional.of("must be a number for an " + type + " field");
        }
        if (type.equals("integer") && value.stripTrailingZeros().scale() > 0) {
          return Optional.of("must be a whole number for an integer field");
        }
        if (minimum.isPresent() && value.compareTo(minimum.get()) < 0
            || maximum.isPresent() && value.compareTo(maximum.get()) > 0) {
          return Optional.of("is outside the field's minimum and maximum");
        }
        return Optional.empty();
      }
      case "select" -> {
        return options.isEmpty() || options.contains(text)
            ? Optional.empty()
            : Optional.of("must be one of the option values");
      }
      default -> {
        if (pattern != null && !pattern.matcher(text).matches()) {
          return Optional.of("does not match the field's pattern");
        }
        int length = text.codePointCount(0, text.length());
        if (minLength.isPresent() && length < minLength.get()
            || maxLength.isPresent() && length > maxLength.get()) {
          return Optional.of("breaks the field's minLength or maxLength");
        }
        if (type.equals("url") && !URL.matcher(text).matches()) {
          return Optional.of("must be an absolute URL with a scheme and a host");
        }
        if (type.equals("email") && !EMAIL.matcher(text).matches()) {
          return Optional.of("must be an e-mail address");
        }
        return Optional.empty();
      }
    }
  }

  private static Optional<Integer> intValue(JsonNode node) {
    return node.isIntegralNumber() && node.canConvertToInt()
        ? Optional.of(node.intValue())
        : Optional.empty();
  }

  private static Optional<BigDecimal> decimal(JsonNode node) {
    return node.isNumber() ? Optional.of(normalise(node.decimalValue())) : Optional.empty();
  }

  /** Scale-independent form, so that 1.50 and 1.5 are the same bound. */
  private static BigDecimal normalise(BigDecimal v) {
    BigDecimal s = v.stripTrailingZeros();
    return s.scale() < 0 ? s.setScale(0) : s;
  }

  private static Prototype toPrototype(JsonNode doc) {
    String code = doc.get("code").asText();
    Prototype.Builder b =
        Prototype.builder(code)
            .name(doc.get("name").asText())
            .description(doc.path("description").asText(""))
            .version(doc.path("version").asText("1.0"))
            .category(doc.path("category").asText("General"))
            .logo(doc.path("logo").asText(""))
            .url(doc.path("url").asText(""));
    if (doc.path("uuid").isTextual()) {
      b.uuid(UUID.fromString(doc.get("uuid").asText()));
    }
    doc.path("tags").forEach(t -> b.tag(t.asText()));
    doc.path("topics").forEach(t -> b.topic(t.asText()));
    for (JsonNode f : doc.get("fields")) {
      FieldType type =
          FieldType.fromJsonName(f.get("type").asText())
              .orElseThrow(() -> new IllegalArgumentException("unknown field type"));
      FieldDefinition.Builder fb =
          FieldDefinition.builder(f.get("code").asText(), type)
              .name(f.get("name").asText())
              .description(f.path("description").asText(""))
              .hint(f.path("hint").asText(""))
              .required(f.path("required").asBoolean(false))
              .secret(f.path("secret").asBoolean(false));
      JsonNode d = f.path("default");
      if (d.isValueNode() && !d.isNull()) {
        fb.defaultValue(d.isNumber() ? d.decimalValue().toPlainString() : d.asText());
      }
      List<SelectOption> options = new ArrayList<>();
      for (JsonNode o : f.path("options")) {
        String value = o.get("value").asText();
        options.add(new SelectOption(value, o.path("label").asText(value)));
      }
      fb.options(options);
      if (f.path("pattern").isTextual()) {
        fb.pattern(f.get("pattern").asText());
      }
      intValue(f.path("minLength")).ifPresent(fb::minLength);
      intValue(f.path("maxLength")).ifPresent(fb::maxLength);
      decimal(f.path("minimum")).ifPresent(fb::minimum);
      decimal(f.path("maximum")).ifPresent(fb::maximum);
      JsonNode c = f.path("condition");
      if (c.isObject()) {
        JsonNode equals = c.path("equals");
        fb.condition(
            equals.isValueNode() && !equals.isNull()
                ? FieldCondition.whenEquals(c.get("field").asText(), equals.asText())
                : FieldCondition.whenPresent(c.get("field").asText()));
      }
      b.field(fb.build());
    }
    return b.build();
  }

  /** Document order of paths (numbers compared as numbers), duplicates dropped, original paths. */
  private static List<Violation> ordered(
      List<Violation> violations, MultiFlexiFormat.Normalised doc) {
    Set<Violation> unique = new LinkedHashSet<>();
    for (Violation v : violations) {
      unique.add(new Violation(doc.original(v.path()), v.message()));
    }
    List<Violation> out = new ArrayList<>(unique);
    out.sort(Comparator.comparing(Violation::path, PrototypeDocuments::comparePaths));
    return out;
  }

  private static int comparePaths(String a, String b) {
    String[] x = a.split("/", -1);
    String[] y = b.split("/", -1);
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      int c =
          x[i].matches("\\d+") && y[i].matches("\\d+")
              ? Long.compare(Long.parseLong(x[i]), Long.parseLong(y[i]))
              : x[i].compareTo(y[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(x.length, y.length);
  }
}
