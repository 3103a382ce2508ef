package dev.credentials.core.prototype;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
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
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

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

  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,100}");

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
    return read(source, json).prototype();
  }

  /**
   * Parses and validates a document like {@link #parse(String, String)}, and also returns the
   * warnings: the properties of a MultiFlexi document that were ignored, each with its JSON path. A
   * document in this library's format is strict and never has warnings.
   *
   * @param source where the document came from, for messages
   * @param json the document
   * @return the prototype and the warnings
   * @throws PrototypeDefinitionException with every violation and its JSON path
   */
  public static ParsedDocument read(String source, String json) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(json, "json");
    if (utf8Length(json) > MAX_DOCUMENT_BYTES) {
      throw tooLarge(source);
    }
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new PrototypeDefinitionException(source, List.of(new Violation("", syntax(e))));
    }
    if (root == null || root.isMissingNode()) {
      throw new PrototypeDefinitionException(
          source, List.of(new Violation("", "is empty; a prototype document is a JSON object")));
    }
    MultiFlexiFormat.Normalised doc =
        MultiFlexiFormat.detect(root)
            ? MultiFlexiFormat.normalise(root)
            : new MultiFlexiFormat.Normalised(root, Map.of(), List.of());
    List<Violation> violations = violationsOf(doc.document());
    Prototype prototype = null;
    if (violations.isEmpty()) {
      try {
        prototype = toPrototype(doc.document());
      } catch (IllegalArgumentException e) {
        // Every rule of the constructors is checked above; this is a safety net, not a path.
        violations = List.of(new Violation("", "is inconsistent: " + e.getMessage()));
      }
    }
    if (!violations.isEmpty()) {
      throw new PrototypeDefinitionException(source, ordered(violations, doc));
    }
    return new ParsedDocument(prototype, sorted(doc.warnings()));
  }

  /** Jackson's own message may quote the document; say only where and how it broke. */
  private static String syntax(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    String where =
        at == null || at.getLineNr() < 0
            ? ""
            : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    String what;
    if (original.startsWith("Duplicate field")) {
      what = "repeats a property name";
    } else if (e instanceof StreamConstraintsException) {
      what = "exceeds a limit of the JSON reader (nesting depth, number or text length)";
    } else {
      what = "is not valid JSON";
    }
    return what + where + "; fix the document and load it again";
  }

  /**
   * Every violation of a document in this library's format: out-of-range numbers first (nothing
   * else is checked then), else the meta-schema and the rules it cannot express.
   */
  static List<Violation> violationsOf(JsonNode document) {
    List<Violation> numbers = PrototypeRules.numberViolations(document);
    if (!numbers.isEmpty()) {
      return numbers;
    }
    List<Violation> violations = new ArrayList<>(MetaSchema.validate(document));
    if (document.isObject()) {
      violations.addAll(PrototypeRules.semanticViolations(document));
      violations.addAll(DeclarationDocuments.violations(document));
    }
    return violations;
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
    return readAll(source, jsons).stream().map(ParsedDocument::prototype).toList();
  }

  /**
   * Parses and validates several documents as one batch like {@link #parseAll(String, List)}, and
   * also returns each document's warnings, with paths prefixed by the document's index.
   *
   * @param source where the batch came from, for messages
   * @param jsons the documents
   * @return the prototypes and their warnings, in the order of the documents
   * @throws PrototypeDefinitionException with every violation
   */
  public static List<ParsedDocument> readAll(String source, List<String> jsons) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(jsons, "jsons");
    List<Violation> violations = new ArrayList<>();
    List<ParsedDocument> parsed = new ArrayList<>();
    Map<String, Integer> firstByCode = new HashMap<>();
    for (int i = 0; i < jsons.size(); i++) {
      String prefix = "[" + i + "]";
      try {
        ParsedDocument d =
            read(source + " " + prefix, Objects.requireNonNull(jsons.get(i), "json"));
        Prototype p = d.prototype();
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
        parsed.add(
            new ParsedDocument(
                p,
                d.warnings().stream()
                    .map(w -> new Violation(prefix + w.path(), w.message()))
                    .toList()));
      } catch (PrototypeDefinitionException e) {
        for (Violation v : e.violations()) {
          violations.add(new Violation(prefix + v.path(), v.message()));
        }
      }
    }
    if (!violations.isEmpty()) {
      throw new PrototypeDefinitionException(source, violations);
    }
    return List.copyOf(parsed);
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
    return Json.pretty(toTree(prototype));
  }

  /** The document of a prototype, as {@link #toJson(Prototype)} writes it. */
  static ObjectNode toTree(Prototype prototype) {
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
      f.minimum().ifPresent(v -> field.put("minimum", PrototypeRules.normalise(v)));
      f.maximum().ifPresent(v -> field.put("maximum", PrototypeRules.normalise(v)));
      f.condition()
          .ifPresent(
              c -> {
                ObjectNode condition = field.putObject("condition").put("field", c.field());
                c.equalsValue().ifPresent(v -> condition.put("equals", v));
              });
    }
    DeclarationDocuments.write(out, prototype);
    return out;
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

  /** The text of a scalar: numbers in plain notation (bounded numbers only), else as written. */
  static String text(JsonNode node) {
    return node.isNumber() && ValueRules.bounded(node.decimalValue())
        ? PrototypeRules.normalise(node.decimalValue()).toPlainString()
        : node.asText();
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
        fb.defaultValue(text(d));
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
      PrototypeRules.intValue(f.path("minLength")).ifPresent(fb::minLength);
      PrototypeRules.intValue(f.path("maxLength")).ifPresent(fb::maxLength);
      PrototypeRules.decimal(f.path("minimum")).ifPresent(fb::minimum);
      PrototypeRules.decimal(f.path("maximum")).ifPresent(fb::maximum);
      JsonNode c = f.path("condition");
      if (c.isObject()) {
        JsonNode equals = c.path("equals");
        fb.condition(
            equals.isValueNode() && !equals.isNull()
                ? FieldCondition.whenEquals(c.get("field").asText(), text(equals))
                : FieldCondition.whenPresent(c.get("field").asText()));
      }
      b.field(fb.build());
    }
    DeclarationDocuments.read(doc, b);
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

  private static List<Violation> sorted(List<Violation> violations) {
    List<Violation> out = new ArrayList<>(violations);
    out.sort(Comparator.comparing(Violation::path, PrototypeDocuments::comparePaths));
    return out;
  }

  private static int comparePaths(String a, String b) {
    String[] x = a.split("/", -1);
    String[] y = b.split("/", -1);
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      int c =
          DIGITS.matcher(x[i]).matches() && DIGITS.matcher(y[i]).matches()
              ? new BigInteger(x[i]).compareTo(new BigInteger(y[i]))
              : x[i].compareTo(y[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(x.length, y.length);
  }
}
