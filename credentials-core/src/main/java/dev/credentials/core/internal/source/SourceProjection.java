package dev.credentials.core.internal.source;

import dev.credentials.Secret;
import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.Prototype;
import dev.credentials.spi.SourceReference;
import dev.credentials.spi.SourcedValues;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one mapping of what a source delivered onto a prototype's fields: each field takes the
 * source's key the reference maps it to (its own code when unmapped); keys no field maps to are
 * left behind. Every sourced read goes through it: sourced credentials and the process-environment
 * fallback.
 */
public final class SourceProjection {

  private SourceProjection() {}

  /**
   * @param prototype the prototype
   * @param reference the reference, with its field mapping
   * @param delivered what the source delivered
   * @return the values by field code, in the prototype's field order (not yet validated)
   */
  public static Map<String, Secret> project(
      Prototype prototype, SourceReference reference, SourcedValues delivered) {
    Map<String, Secret> projected = new LinkedHashMap<>();
    for (FieldDefinition f : prototype.fields()) {
      Secret v = delivered.values().get(reference.keyOf(f.code()));
      if (v != null) {
        projected.put(f.code(), v);
      }
    }
    return projected;
  }
}
