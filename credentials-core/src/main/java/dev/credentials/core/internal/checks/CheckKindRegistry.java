package dev.credentials.core.internal.checks;

import dev.credentials.InvalidCheckDeclarationException.Problem;
import dev.credentials.InvalidCheckDeclarationException.Reason;
import dev.credentials.prototype.CheckDeclaration;
import dev.credentials.prototype.Prototype;
import dev.credentials.spi.CheckKind;
import java.lang.ref.SoftReference;
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
 * The check kinds an engine runs, by name: those found through {@link ServiceLoader} and those
 * registered explicitly in the builder. An explicit registration always wins over a discovered kind
 * of the same name; among kinds of one origin the higher {@link CheckKind#priority()} wins, and two
 * different kinds with the same name and priority are an error naming both. Registering the same
 * kind class twice is harmless. Immutable.
 *
 * <p>The kinds {@code credentials-checks} ships ({@link #SHIPPED}) are known by name even when that
 * module is absent: a declaration naming one is valid, and running it answers {@code UNKNOWN}
 * naming the artifact to add. Any other unknown kind is a prototype definition error.
 */
public final class CheckKindRegistry {

  /** The artifact that ships the built-in kinds. */
  public static final String CHECKS_ARTIFACT = "dev.credentials:credentials-checks";

  /** The names of the kinds {@link #CHECKS_ARTIFACT} ships. */
  public static final Set<String> SHIPPED =
      Set.of("tcp", "http", "jdbc", "redis", "smtp", "amqp", "nats", "mqtt", "oauth2");

  /** Kinds found per class loader; soft values so that a loader can go away (see the registry). */
  private static final Map<ClassLoader, SoftReference<List<CheckKind>>> DISCOVERED =
      new WeakHashMap<>();

  private final Map<String, CheckKind> byName;

  private CheckKindRegistry(Map<String, CheckKind> byName) {
    this.byName = Collections.unmodifiableMap(new LinkedHashMap<>(byName));
  }

  /**
   * Builds the registry.
   *
   * @param explicit kinds registered in the builder; they win
   * @param discover whether to use {@link ServiceLoader}
   * @param loader the class loader to discover with
   * @return the registry
   * @throws IllegalArgumentException when a kind's name is not valid
   * @throws IllegalStateException when two different kinds of one origin share a name and a
   *     priority
   */
  public static CheckKindRegistry of(
      List<CheckKind> explicit, boolean discover, ClassLoader loader) {
    Objects.requireNonNull(explicit, "explicit");
    Objects.requireNonNull(loader, "loader");
    explicit.forEach(CheckKindRegistry::requireValidName);
    Map<String, CheckKind> byName = new LinkedHashMap<>();
    if (discover) {
      byName.putAll(resolve(discovered(loader), "discovered"));
    }
    byName.putAll(resolve(explicit, "registered"));
    return new CheckKindRegistry(byName);
  }

  /**
   * The kinds found with a class loader, nothing registered.
   *
   * @param loader the loader
   * @return the registry
   */
  public static CheckKindRegistry discover(ClassLoader loader) {
    return of(List.of(), true, loader);
  }

  /**
   * Checks a kind's name.
   *
   * @param kind the kind
   * @return the kind
   * @throws IllegalArgumentException when its name is not 1 to 32 lower-case letters, digits or '-'
   */
  public static CheckKind requireValidName(CheckKind kind) {
    Objects.requireNonNull(kind, "kind");
    String name = Objects.requireNonNull(kind.name(), "kind name");
    if (!CheckDeclaration.NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "check kind "
              + kind.getClass().getName()
              + " has the name '"
              + name
              + "'; use 1 to 32 lower-case letters, digits or '-'");
    }
    return kind;
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
   * The names of every kind, sorted.
   *
   * @return the names
   */
  public Set<String> names() {
    return Collections.unmodifiableSet(new TreeSet<>(byName.keySet()));
  }

  /**
   * Every problem of a declaration with the kinds of this registry: those {@link
   * CheckDeclaration#problems} finds, except that a shipped kind that is absent is no problem (its
   * parameters cannot be judged then; running it answers {@code UNKNOWN}).
   *
   * @param at the path of the declaration, e.g. {@code /check}
   * @param prototype the prototype it belongs to
   * @param declaration the declaration
   * @return the problems; empty when valid
   */
  public List<Problem> problems(String at, Prototype prototype, CheckDeclaration declaration) {
    CheckKind kind = byName.get(declaration.kind());
    List<Problem> found = declaration.problems(at, prototype, kind);
    if (kind != null) {
      return found;
    }
    List<Problem> out = new ArrayList<>();
    for (Problem p : found) {
      if (p.reason() != Reason.UNKNOWN_KIND) {
        out.add(p);
      } else if (!SHIPPED.contains(declaration.kind())) {
        out.add(
            new Problem(
                p.path(),
                Reason.UNKNOWN_KIND,
                "no check kind '"
                    + declaration.kind()
                    + "' is registered; known kinds are "
                    + String.join(", ", new TreeSet<>(union(SHIPPED, byName.keySet())))
                    + "; add the jar that ships it or register it with"
                    + " CredentialsBuilder.checkKind"));
      }
    }
    return out;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> out = new TreeSet<>(a);
    out.addAll(b);
    return out;
  }

  private static List<CheckKind> discovered(ClassLoader loader) {
    synchronized (DISCOVERED) {
      SoftReference<List<CheckKind>> ref = DISCOVERED.get(loader);
      List<CheckKind> found = ref == null ? null : ref.get();
      if (found == null) {
        List<CheckKind> kinds = new ArrayList<>();
        for (ServiceLoader.Provider<CheckKind> p :
            ServiceLoader.load(CheckKind.class, loader).stream().toList()) {
          kinds.add(requireValidName(p.get()));
        }
        found = List.copyOf(kinds);
        DISCOVERED.put(loader, new SoftReference<>(found));
      }
      return found;
    }
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

  /** The names; never a kind's state. */
  @Override
  public String toString() {
    return "CheckKindRegistry" + names();
  }
}
