package dev.credentials.spi;

import dev.credentials.Secret;
import java.util.Map;
import java.util.Objects;

/**
 * What a source delivered for one reference: every key it holds there, as {@link Secret}s (a source
 * does not know which of them are secret; the prototype decides), and a revision that changes
 * whenever the values may have changed.
 *
 * @param values the values by the source's keys
 * @param revision an opaque revision (a file's modification stamp, a Vault version, an item's
 *     revision date); equal revisions mean unchanged values
 */
public record SourcedValues(Map<String, Secret> values, String revision) {

  /** Validates and copies. */
  public SourcedValues {
    values = Map.copyOf(values);
    Objects.requireNonNull(revision, "revision");
  }

  /** Shows the keys and the revision, never a value. */
  @Override
  public String toString() {
    return "SourcedValues[keys="
        + new java.util.TreeSet<>(values.keySet())
        + ", revision="
        + revision
        + "]";
  }
}
