package dev.credentials.core.prototype;

import dev.credentials.Violation;
import dev.credentials.prototype.Prototype;
import java.util.List;
import java.util.Objects;

/**
 * A prototype read from a JSON document, with the warnings reading it gave: each property of a
 * MultiFlexi document that was ignored, with its JSON path in the document as written. A document
 * in this library's format never has warnings; an unknown property there is a violation.
 *
 * @param prototype the prototype
 * @param warnings what was ignored, in document order; never values from the document
 */
public record ParsedDocument(Prototype prototype, List<Violation> warnings) {

  /** Validates and copies. */
  public ParsedDocument {
    Objects.requireNonNull(prototype, "prototype");
    warnings = List.copyOf(warnings);
  }
}
