package dev.credentials.testkit;

import dev.credentials.core.prototype.PrototypeRules;
import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.FieldType;
import dev.credentials.prototype.Prototype;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Values that break one rule of a field each, for {@link Generators#invalidValues}: its type, its
 * options, its bounds, its lengths or its pattern; each is confirmed invalid by the prototype
 * rules.
 */
final class FaultyValues {

  private final Generators g;

  FaultyValues(Generators g) {
    this.g = g;
  }

  List<Generators.InvalidValue> invalidValues(FieldDefinition field) {
    List<Generators.InvalidValue> out = new ArrayList<>();
    String code = field.code();
    switch (field.type()) {
      case INTEGER:
        out.add(new Generators.InvalidValue(code, "twelve", "not a whole number"));
        out.add(new Generators.InvalidValue(code, "1.5", "not a whole number"));
        break;
      case NUMBER:
        out.add(new Generators.InvalidValue(code, "1,5e", "not a number"));
        break;
      case BOOLEAN:
        out.add(new Generators.InvalidValue(code, "maybe", "not true or false"));
        break;
      case SELECT:
        out.add(
            new Generators.InvalidValue(
                code, "not-an-option-" + g.string(Generators.LOWER, 4), "not one of the options"));
        break;
      case URL:
        out.add(new Generators.InvalidValue(code, "not a url", "not an absolute URL with a host"));
        out.add(
            new Generators.InvalidValue(code, "/relative/path", "not an absolute URL with a host"));
        break;
      case EMAIL:
        out.add(new Generators.InvalidValue(code, "no-at-sign.example", "not an e-mail address"));
        break;
      default:
        break;
    }
    boolean numeric = field.type() == FieldType.INTEGER || field.type() == FieldType.NUMBER;
    if (numeric) {
      BigDecimal step = field.type() == FieldType.INTEGER ? BigDecimal.ONE : new BigDecimal("0.01");
      field
          .minimum()
          .ifPresent(
              m ->
                  out.add(
                      new Generators.InvalidValue(
                          code,
                          plain(m.subtract(step), field, RoundingMode.FLOOR),
                          "below the minimum")));
      field
          .maximum()
          .ifPresent(
              m ->
                  out.add(
                      new Generators.InvalidValue(
                          code,
                          plain(m.add(step), field, RoundingMode.CEILING),
                          "above the maximum")));
    }
    if (field.minLength().orElse(0) > 1) {
      out.add(
          new Generators.InvalidValue(code, "x".repeat(field.minLength().get() - 1), "too short"));
    }
    field
        .maxLength()
        .ifPresent(m -> out.add(new Generators.InvalidValue(code, "x".repeat(m + 1), "too long")));
    field
        .pattern()
        .ifPresent(
            p ->
                nonMatching(field)
                    .ifPresent(
                        v ->
                            out.add(
                                new Generators.InvalidValue(
                                    code, v, "does not match the pattern"))));
    out.removeIf(
        v -> v.value().isEmpty() || PrototypeRules.valueViolation(field, v.value()).isEmpty());
    return out;
  }

  private static String plain(BigDecimal n, FieldDefinition f, RoundingMode away) {
    return f.type() == FieldType.INTEGER ? n.setScale(0, away).toPlainString() : n.toPlainString();
  }

  Optional<String> nonMatching(FieldDefinition f) {
    List<String> candidates = new ArrayList<>(List.of("!?", "   ", "ÄÖÜ", "0", "a", "A-1"));
    for (int i = 0; i < 20; i++) {
      candidates.add(g.string(Generators.ALNUM + Generators.SYMBOLS, 1 + g.random.nextInt(20)));
    }
    for (String c : candidates) {
      if (!java.util.regex.Pattern.compile(f.pattern().orElseThrow()).matcher(c).matches()) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /**
   * Drops values of fields the faulty value hides and gives newly shown required fields a value, so
   * that the case has exactly one fault.
   */
  Map<String, String> consistent(Prototype p, Map<String, String> values, String faulty) {
    Map<String, String> out = new LinkedHashMap<>();
    Map<String, String> effective = new HashMap<>();
    for (FieldDefinition f : Generators.inConditionOrder(p)) {
      if (!Generators.shown(f, effective)) {
        continue;
      }
      String v = values.get(f.code());
      if (v == null && !f.code().equals(faulty) && f.required() && f.defaultValue().isEmpty()) {
        v = g.validValue(f);
      }
      if (v != null) {
        out.put(f.code(), v);
        effective.put(f.code(), v);
      } else {
        f.defaultValue().ifPresent(d -> effective.put(f.code(), d));
      }
    }
    Map<String, String> ordered = new LinkedHashMap<>();
    for (FieldDefinition f : p.fields()) {
      if (out.containsKey(f.code())) {
        ordered.put(f.code(), out.get(f.code()));
      }
    }
    return ordered;
  }
}
