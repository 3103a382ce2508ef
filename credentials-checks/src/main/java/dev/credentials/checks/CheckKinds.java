package dev.credentials.checks;

import dev.credentials.InvalidCheckDeclarationException;
import dev.credentials.InvalidCheckDeclarationException.Problem;
import dev.credentials.InvalidCheckDeclarationException.Reason;
import dev.credentials.prototype.CheckDeclaration;
import dev.credentials.spi.CheckKind;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.WeakHashMap;

/**
 * The check kinds an engine can run, by name: those found through {@link ServiceLoader} and those
 * registered explicitly. An explicit registration always wins over a discovered kind of the same
 * name; among kinds of one origin the higher {@link CheckKind#priority()} wins, and two different
 * kinds with the same name and priority are an error naming both. Registering the same kind class
 * twice is harmless.
 *
 * <pre>{@code
 * CheckKinds kinds = CheckKinds.builder().register(new MyKind()).build();
 * }</pre>
 *
 * <p>Instances are immutable and safe to share.
 */
public final class CheckKinds {

  /**
   * Discovered kinds by class loader. The values refer to classes of their loader, so entries are
   * weak on both sides: a loader that goes away takes its kinds with it.
   */
  private static final Map<ClassLoader, WeakReference<List<CheckKind>>> DISCOVERED =
      new WeakHashMap<>();

  private final Map<String, CheckKind> byName;

  private CheckKinds(Map<String, CheckKind> byName) {
    this.byName = Collections.unmodifiableMap(new LinkedHashMap<>(byName));
  }

  /**
   * The kinds found through {@link ServiceLoader} with this class's loader.
   *
   * @return the registry
   */
  public static CheckKinds discover() {
    return builder().build();
  }

  /**
   * A builder; discovery is on unless turned off.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The kind with a name.
   *
   * @param name the name
   * @return the kind, or empty
   */
  public Optional<CheckKind> find(String name) {
    return Optional.ofNullable(byName.get(Objects.requireNonNull(name, "name")));
  }

  /**
   * The kind a declaration names.
   *
   * @param source where the declaration came from, for the message
   * @param at the path of the declaration, e.g. {@code /check}
   * @param declaration the declaration
   * @return the kind
   * @throws InvalidCheckDeclarationException with reason {@link Reason#UNKNOWN_KIND} when none
   */
  public CheckKind require(String source, String at, CheckDeclaration declaration) {
    CheckKind k = byName.get(declaration.kind());
    if (k == null) {
      throw new InvalidCheckDeclarationException(
          source,
          List.of(
              new Problem(
                  at + "/kind",
                  Reason.UNKNOWN_KIND,
                  "no check kind '"
                      + declaration.kind()
                      + "' is registered; known kinds are "
                      + String.join(", ", names())
                      + "; add the module that ships it or register it explicitly")));
    }
    return k;
  }

  /**
   * The names of every kind, sorted.
   *
   * @return the names
   */
  public Set<String> names() {
    return Collections.unmodifiableSet(new TreeSet<>(byName.keySet()));
  }

  private static List<CheckKind> discovered(ClassLoader loader) {
    synchronized (DISCOVERED) {
      WeakReference<List<CheckKind>> ref = DISCOVERED.get(loader);
      List<CheckKind> found = ref == null ? null : ref.get();
      if (found == null) {
        found = new ArrayList<>();
        for (ServiceLoader.Provider<CheckKind> p :
            ServiceLoader.load(CheckKind.class, loader).stream().toList()) {
          found.add(p.get());
        }
        found = List.copyOf(found);
        DISCOVERED.put(loader, new WeakReference<>(found));
      }
      return found;
    }
  }

  /** Builds a {@link CheckKinds}. */
  public static final class Builder {
    private final List<CheckKind> explicit = new ArrayList<>();
    private boolean discover = true;
    private ClassLoader loader = CheckKinds.class.getClassLoader();

    private Builder() {}

    /**
     * Whether to find kinds through {@link ServiceLoader} (default true).
     *
     * @param v true to discover
     * @return this
     */
    public Builder discover(boolean v) {
      discover = v;
      return this;
    }

    /**
     * The class loader discovery uses (default: this library's).
     *
     * @param v the loader
     * @return this
     */
    public Builder classLoader(ClassLoader v) {
      loader = Objects.requireNonNull(v, "classLoader");
      return this;
    }

    /**
     * Registers kinds explicitly; they win over discovered kinds of the same name.
     *
     * @param kinds the kinds
     * @return this
     */
    public Builder register(CheckKind... kinds) {
      for (CheckKind k : kinds) {
        Objects.requireNonNull(k, "kind");
        if (!CheckDeclaration.NAME
            .matcher(Objects.requireNonNull(k.name(), "kind name"))
            .matches()) {
          throw new IllegalArgumentException(
              "check kind "
                  + k.getClass().getName()
                  + " has the name '"
                  + k.name()
                  + "'; use 1 to 32 lower-case letters, digits or '-'");
        }
        explicit.add(k);
      }
      return this;
    }

    /**
     * Builds the registry.
     *
     * @return the registry
     * @throws IllegalStateException when two different kinds of one origin share a name and a
     *     priority
     */
    public CheckKinds build() {
      Map<String, CheckKind> byName = new LinkedHashMap<>();
      if (discover) {
        byName.putAll(resolve(discovered(loader), "discovered"));
      }
      byName.putAll(resolve(explicit, "registered"));
      return new CheckKinds(byName);
    }

    private static Map<String, CheckKind> resolve(List<CheckKind> kinds, String origin) {
      Map<String, CheckKind> out = new LinkedHashMap<>();
      for (CheckKind k : kinds) {
        CheckKind seen = out.get(k.name());
        if (seen == null || k.priority() > seen.priority()) {
          out.put(k.name(), k);
        } else if (k.priority() == seen.priority() && seen.getClass() != k.getClass()) {
          throw new IllegalStateException(
              "two "
                  + origin
                  + " check kinds are named '"
                  + k.name()
                  + "' with priority "
                  + k.priority()
                  + ": "
                  + seen.getClass().getName()
                  + " and "
                  + k.getClass().getName()
                  + "; give one a higher priority or remove one");
        }
      }
      return out;
    }
  }
}
