package dev.credentials.core.internal.source;

import dev.credentials.Secret;
import dev.credentials.spi.CredentialSource;
import dev.credentials.spi.SourceReference;
import dev.credentials.spi.SourcedValues;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A source over a variable lookup (the process environment, or what the host's builder option
 * supplies): it delivers the keys a reference's field mapping names, each looked up by name; unset
 * and empty variables are absent. The engine's process-environment fallback reads through it.
 */
public final class LookupSource implements CredentialSource {

  /** The name the fallback's references carry. */
  public static final String NAME = "env";

  private final Function<String, String> lookup;

  /**
   * @param lookup variable name to value, or null when unset
   */
  public LookupSource(Function<String, String> lookup) {
    this.lookup = lookup;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public SourcedValues read(SourceReference reference) {
    Map<String, Secret> values = new LinkedHashMap<>();
    for (String key : reference.fields().values()) {
      String v = lookup.apply(key);
      if (v != null && !v.isEmpty()) {
        values.put(key, Secret.of(v));
      }
    }
    // a process's environment does not change after it starts: one revision
    return new SourcedValues(values, "environment");
  }

  @Override
  public String toString() {
    return "LookupSource";
  }
}
