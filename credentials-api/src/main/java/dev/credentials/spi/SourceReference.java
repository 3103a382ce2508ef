package dev.credentials.spi;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where a sourced credential's values live: what the store keeps instead of sealed values. Never
 * holds a value.
 *
 * @param source the name of the {@link CredentialSource} that reads it ({@code file}, {@code
 *     vault}, {@code bitwarden}, {@code env})
 * @param location where, in the source's terms: a path, a Vault {@code mount/path}, an item id
 * @param fields how the prototype's field codes map onto the source's keys (field code → key); a
 *     field that is not listed is looked up under its own code
 */
public record SourceReference(String source, String location, Map<String, String> fields) {

  /** Validates and copies, keeping the order of {@code fields}. */
  public SourceReference {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(location, "location");
    if (source.isBlank()) {
      throw new IllegalArgumentException("source must not be blank");
    }
    if (location.isBlank()) {
      throw new IllegalArgumentException("location must not be blank");
    }
    Map<String, String> copy = new LinkedHashMap<>();
    Objects.requireNonNull(fields, "fields")
        .forEach(
            (k, v) ->
                copy.put(
                    Objects.requireNonNull(k, "field code"),
                    Objects.requireNonNull(v, "source key of " + k)));
    fields = java.util.Collections.unmodifiableMap(copy);
  }

  /**
   * A reference that maps every field onto a key of the same name.
   *
   * @param source the source's name
   * @param location where
   * @return the reference
   */
  public static SourceReference of(String source, String location) {
    return new SourceReference(source, location, Map.of());
  }

  /**
   * The source's key for a field.
   *
   * @param fieldCode the prototype's field code
   * @return the mapped key, or the code itself
   */
  public String keyOf(String fieldCode) {
    return fields.getOrDefault(fieldCode, fieldCode);
  }
}
