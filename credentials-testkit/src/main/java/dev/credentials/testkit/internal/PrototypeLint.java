package dev.credentials.testkit.internal;

import dev.credentials.prototype.FieldCondition;
import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.FieldType;
import dev.credentials.prototype.Prototype;
import dev.credentials.prototype.SelectOption;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Finds what makes a prototype ill-formed beyond what its constructor refuses: bad defaults,
 * inverted bounds, patterns that do not compile, conditions that can never hold or form a cycle,
 * secrets shipped as defaults. Every problem is reported, not only the first.
 */
public final class PrototypeLint {

  private PrototypeLint() {}

  /**
   * Problems of several prototypes, including codes defined twice.
   *
   * @param prototypes the prototypes
   * @return one sentence per problem; empty when all are well-formed
   */
  public static List<String> problems(List<Prototype> prototypes) {
    List<String> out = new ArrayList<>();
    Set<String> codes = new HashSet<>();
    for (Prototype p : prototypes) {
      if (!codes.add(p.code())) {
        out.add("prototype code " + p.code() + " is defined twice");
      }
      out.addAll(problems(p));
    }
    return out;
  }

  /**
   * Problems of one prototype.
   *
   * @param p the prototype
   * @return one sentence per problem, each naming the prototype and field
   */
  public static List<String> problems(Prototype p) {
    List<String> out = new ArrayList<>();
    String where = "prototype " + p.code();
    if (!Prototype.CODE.matcher(p.code()).matches()) {
      out.add(where + ": code does not match " + Prototype.CODE.pattern());
    }
    if (p.name().isBlank()) {
      out.add(where + ": name is blank");
    }
    if (p.topics().isEmpty()) {
      out.add(where + ": provides no topic");
    }
    Map<String, FieldDefinition> byCode = new HashMap<>();
    for (FieldDefinition f : p.fields()) {
      if (byCode.put(f.code(), f) != null) {
        out.add(where + ": field " + f.code() + " is defined twice");
      }
    }
    for (FieldDefinition f : p.fields()) {
      fieldProblems(where + ", field " + f.code(), f, byCode, out);
    }
    cycles(p, byCode, out);
    return out;
  }

  private static void fieldProblems(
      String where, FieldDefinition f, Map<String, FieldDefinition> byCode, List<String> out) {
    if (!FieldDefinition.CODE.matcher(f.code()).matches()) {
      out.add(where + ": code is not an environment-variable name");
    }
    if (f.name().isBlank()) {
      out.add(where + ": label is blank");
    }
    if (f.type() == FieldType.PASSWORD && !f.secret()) {
      out.add(where + ": a password field must be secret");
    }
    if (f.type() == FieldType.SELECT) {
      if (f.options().isEmpty()) {
        out.add(where + ": a select field needs options");
      }
      Set<String> values = new HashSet<>();
      for (SelectOption o : f.options()) {
        if (o.value().isEmpty()) {
          out.add(where + ": an option has an empty value");
        }
        if (!values.add(o.value())) {
          out.add(where + ": option " + o.value() + " is listed twice");
        }
      }
    } else if (!f.options().isEmpty()) {
      out.add(where + ": only select fields have options");
    }
    f.pattern()
        .ifPresent(
            rx -> {
              try {
                Pattern.compile(rx);
              } catch (PatternSyntaxException e) {
                out.add(where + ": pattern does not compile");
              }
            });
    if (f.minLength().filter(n -> n < 0).isPresent()
        || f.maxLength().filter(n -> n < 0).isPresent()) {
      out.add(where + ": a length bound is negative");
    }
    if (f.minLength().isPresent()
        && f.maxLength().isPresent()
        && f.minLength().get() > f.maxLength().get()) {
      out.add(where + ": minLength is greater than maxLength");
    }
    boolean numeric = f.type() == FieldType.INTEGER || f.type() == FieldType.NUMBER;
    if (!numeric && (f.minimum().isPresent() || f.maximum().isPresent())) {
      out.add(where + ": only integer and number fields have a minimum or maximum");
    }
    if (f.minimum().isPresent()
        && f.maximum().isPresent()
        && f.minimum().get().compareTo(f.maximum().get()) > 0) {
      out.add(where + ": minimum is greater than maximum");
    }
    if (f.type() == FieldType.INTEGER) {
      for (Optional<BigDecimal> b : List.of(f.minimum(), f.maximum())) {
        if (b.isPresent() && b.get().stripTrailingZeros().scale() > 0) {
          out.add(where + ": an integer bound is not a whole number");
        }
      }
    }
    if (f.defaultValue().isPresent()) {
      if (f.secret()) {
        out.add(where + ": a secret field must not ship a default value");
      } else if (!f.defaultValue().get().isEmpty()) {
        FieldValues.violation(f, f.defaultValue().get())
            .ifPresent(r -> out.add(where + ": default value is invalid: " + r));
      }
    }
    if (f.condition().isPresent()) {
      FieldCondition c = f.condition().get();
      FieldDefinition target = byCode.get(c.field());
      if (target == null || c.field().equals(f.code())) {
        out.add(where + ": condition refers to unknown field " + c.field());
      } else if (c.equalsValue().isPresent()) {
        String v = c.equalsValue().get();
        if (v.isEmpty()) {
          out.add(where + ": condition compares with an empty value");
        } else {
          FieldValues.violation(target, v)
              .ifPresent(
                  r ->
                      out.add(
                          where
                              + ": condition value "
                              + v
                              + " can never be a value of "
                              + c.field()
                              + " ("
                              + r
                              + ")"));
        }
      }
    }
  }

  private static void cycles(Prototype p, Map<String, FieldDefinition> byCode, List<String> out) {
    for (FieldDefinition f : p.fields()) {
      Set<String> seen = new HashSet<>();
      String at = f.code();
      while (at != null && seen.add(at)) {
        FieldDefinition d = byCode.get(at);
        at = d == null ? null : d.condition().map(FieldCondition::field).orElse(null);
      }
      if (at != null && at.equals(f.code())) {
        out.add("prototype " + p.code() + ", field " + f.code() + ": conditions form a cycle");
      }
    }
  }
}
