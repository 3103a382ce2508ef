package dev.credentials.core.internal.resolve;

import dev.credentials.CredentialValidationException;
import dev.credentials.Requirement;
import dev.credentials.Secret;
import dev.credentials.Violation;
import dev.credentials.core.internal.source.LookupSource;
import dev.credentials.core.internal.source.SourceProjection;
import dev.credentials.core.prototype.PrototypeRegistry;
import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.Prototype;
import dev.credentials.spi.SourceReference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The opt-in transition aid: values for an unbound requirement taken from the process environment,
 * under the field codes of the first prototype providing the topic whose required fields are all
 * set there and whose values pass the prototype's rules, exactly as stored values must. The
 * variables are read through a {@link LookupSource} and mapped onto the fields by {@link
 * SourceProjection}, the path of every sourced credential.
 */
final class EnvironmentFallback {

  /**
   * What the environment offers for one requirement: values, or why none could be used.
   *
   * @param values the values, when a prototype's fields are set and valid
   * @param problem why set variables could not be used (names variables, never values)
   */
  record Offer(Optional<Map<String, Secret>> values, Optional<String> problem) {
    static final Offer NONE = new Offer(Optional.empty(), Optional.empty());
  }

  private final PrototypeRegistry registry;
  private final LookupSource source;
  private final Map<String, SourceReference> references = new ConcurrentHashMap<>();

  /**
   * @param registry the prototypes, for the fields and rules
   * @param lookup variable name to value or null; null turns the fallback off
   */
  EnvironmentFallback(PrototypeRegistry registry, Function<String, String> lookup) {
    this.registry = registry;
    this.source = lookup == null ? null : new LookupSource(lookup);
  }

  boolean enabled() {
    return source != null;
  }

  /** A reference that maps each of a prototype's fields onto the variable of its own name. */
  private SourceReference referenceFor(Prototype p) {
    return references.computeIfAbsent(
        p.code(),
        code -> {
          Map<String, String> fields = new LinkedHashMap<>();
          p.fields().forEach(f -> fields.put(f.code(), f.code()));
          return new SourceReference(LookupSource.NAME, "*", fields);
        });
  }

  Offer offer(Requirement r) {
    if (source == null) {
      return Offer.NONE;
    }
    List<String> problems = new ArrayList<>();
    for (Prototype p : registry.providing(r.topic())) {
      SourceReference reference = referenceFor(p);
      Map<String, Secret> values = SourceProjection.project(p, reference, source.read(reference));
      boolean complete = true;
      for (FieldDefinition f : p.fields()) {
        if (!values.containsKey(f.code()) && f.required() && f.condition().isEmpty()) {
          complete = false;
        }
      }
      if (!complete || values.isEmpty()) {
        continue;
      }
      try {
        Map<String, Secret> valid =
            registry.validate(
                p.code(), "process-environment fallback for topic " + r.topic(), values);
        return new Offer(Optional.of(valid), Optional.empty());
      } catch (CredentialValidationException e) {
        problems.add(invalid(p, e.violations()));
      }
    }
    return problems.isEmpty()
        ? Offer.NONE
        : new Offer(Optional.empty(), Optional.of(String.join("; ", problems)));
  }

  /** Names each invalid variable and its rule; violation messages never carry values. */
  private static String invalid(Prototype p, List<Violation> violations) {
    List<String> each = new ArrayList<>();
    for (Violation v : violations) {
      each.add(v.path() + " " + v.message());
    }
    return "the process-environment fallback sets the variables of prototype "
        + p.code()
        + ", but they break its rules ("
        + String.join("; ", each)
        + "); fix the variables or bind a credential";
  }
}
