package dev.credentials.core.prototype;

import dev.credentials.CheckableCredential;
import dev.credentials.ConnectionTest;
import dev.credentials.PrototypeDefinitionException;
import dev.credentials.Secret;
import dev.credentials.Topic;
import dev.credentials.UnknownPrototypeException;
import dev.credentials.Violation;
import dev.credentials.core.internal.checks.CheckKindRegistry;
import dev.credentials.core.internal.checks.DeclaredProbe;
import dev.credentials.prototype.OAuth2Fields;
import dev.credentials.prototype.Prototype;
import dev.credentials.spi.CheckKind;
import dev.credentials.spi.PrototypeProvider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.SoftReference;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.WeakHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registered prototypes, by code and by topic, each compiled once into its value schema. Safe
 * for concurrent use: lookups read an immutable snapshot; imports replace it atomically.
 *
 * <p>Sources, in order of precedence: prototypes registered explicitly in the engine's builder
 * (they always win), then providers found through {@link ServiceLoader} ordered by {@link
 * PrototypeProvider#priority()}, highest first. Two sources of equal precedence that define the
 * same code are an error naming both. Registering the same provider twice (the same instance, or
 * two instances of one class with one name) is harmless, and a provider registered explicitly is
 * not loaded a second time by discovery.
 *
 * <p>A prototype's declared {@code check} and {@code test} are judged against the registry's check
 * kinds when it is registered (an unknown kind, parameter or field is a {@link
 * dev.credentials.InvalidCheckDeclarationException} with its path) and run by those kinds; a Java
 * check or test from the prototype's provider wins over a declaration.
 */
public final class PrototypeRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(PrototypeRegistry.class);

  /** Explicit registrations rank above every discovered provider. */
  static final int EXPLICIT_RANK = Integer.MAX_VALUE;

  /**
   * Providers found per class loader. The values are soft references: a provider's class holds its
   * class loader, so a strongly held value would keep the weak key alive forever and leak every
   * class loader a host ever discovered with (a redeployed web application, a plugin).
   */
  private static final Map<ClassLoader, SoftReference<List<PrototypeProvider>>> DISCOVERED =
      new WeakHashMap<>();

  /** One registered prototype with everything the engine needs about it. */
  record Entry(
      Prototype prototype,
      ValueSchema schema,
      String source,
      int rank,
      Optional<CheckableCredential> check,
      Optional<ConnectionTest> connectionTest,
      Optional<OAuth2Fields> oauth2,
      Optional<DeclaredProbe> declaredCheck,
      Optional<DeclaredProbe> declaredTest) {}

  private volatile Map<String, Entry> byCode;
  private final CheckKindRegistry kinds;

  private PrototypeRegistry(Map<String, Entry> byCode, CheckKindRegistry kinds) {
    this.byCode = Collections.unmodifiableMap(new LinkedHashMap<>(byCode));
    this.kinds = kinds;
  }

  /**
   * Loads prototypes from explicit providers and, when asked, from {@link ServiceLoader}.
   *
   * @param explicit providers registered in the builder; they win over discovered ones
   * @param discover whether to use {@link ServiceLoader}
   * @param classLoader the class loader to discover with
   * @return the registry
   * @throws PrototypeDefinitionException when a definition is invalid or two sources clash
   */
  public static PrototypeRegistry load(
      List<PrototypeProvider> explicit, boolean discover, ClassLoader classLoader) {
    return load(explicit, discover, classLoader, List.of());
  }

  /**
   * Loads prototypes like {@link #load(List, boolean, ClassLoader)}, judging and running their
   * declared checks with the check kinds found through {@link ServiceLoader} with the class loader
   * and those given, which win over discovered kinds of the same name.
   *
   * @param explicit providers registered in the builder; they win over discovered ones
   * @param discover whether to discover prototype providers through {@link ServiceLoader}
   * @param classLoader the class loader to discover providers and check kinds with
   * @param checkKinds check kinds registered explicitly
   * @return the registry
   * @throws PrototypeDefinitionException when a definition is invalid or two sources clash
   * @throws IllegalStateException when two check kinds of one origin share a name and a priority
   */
  public static PrototypeRegistry load(
      List<PrototypeProvider> explicit,
      boolean discover,
      ClassLoader classLoader,
      List<CheckKind> checkKinds) {
    CheckKindRegistry kinds =
        CheckKindRegistry.of(checkKinds, true, Objects.requireNonNull(classLoader, "classLoader"));
    List<Ranked> providers = new ArrayList<>();
    for (PrototypeProvider p : explicit) {
      Objects.requireNonNull(p, "provider");
      // The same provider registered twice (the same instance, or another instance of its class
      // under the same name) is harmless: it counts once.
      boolean again =
          providers.stream()
              .map(Ranked::provider)
              .anyMatch(
                  q -> q == p || q.getClass().equals(p.getClass()) && q.name().equals(p.name()));
      if (!again) {
        providers.add(new Ranked(p, EXPLICIT_RANK));
      }
    }
    if (discover) {
      for (PrototypeProvider p : discovered(classLoader)) {
        boolean explicitSameClass =
            explicit.stream().anyMatch(e -> e.getClass().equals(p.getClass()));
        if (!explicitSameClass) {
          providers.add(new Ranked(p, p.priority()));
        }
      }
    }
    providers.sort(Comparator.comparingInt(Ranked::rank).reversed());
    Map<String, Entry> byCode = new LinkedHashMap<>();
    List<Violation> clashes = new ArrayList<>();
    Map<Ranked, List<Prototype>> definitions = new LinkedHashMap<>();
    PrototypeDefinitionException invalid = null;
    for (Ranked r : providers) {
      try {
        definitions.put(r, prototypesOf(r.provider(), kinds));
      } catch (PrototypeDefinitionException e) {
        // Report the first invalid source; the others ride along as suppressed exceptions.
        if (invalid == null) {
          invalid = e;
        } else {
          invalid.addSuppressed(e);
        }
      }
    }
    if (invalid != null) {
      throw invalid;
    }
    for (Map.Entry<Ranked, List<Prototype>> d : definitions.entrySet()) {
      Ranked r = d.getKey();
      for (Prototype prototype : d.getValue()) {
        Entry candidate = entry(prototype, r.provider(), r.rank(), kinds);
        Entry existing = byCode.get(prototype.code());
        if (existing == null) {
          byCode.put(prototype.code(), candidate);
        } else if (existing.rank() == candidate.rank()) {
          clashes.add(
              new Violation(
                  "/code",
                  "prototype code '"
                      + prototype.code()
                      + "' is defined by both "
                      + existing.source()
                      + " and "
                      + candidate.source()
                      + "; remove one, or give one provider a higher priority"));
        }
      }
    }
    if (!clashes.isEmpty()) {
      throw new PrototypeDefinitionException("from the registered providers", clashes);
    }
    return new PrototypeRegistry(byCode, kinds);
  }

  private record Ranked(PrototypeProvider provider, int rank) {}

  private static List<PrototypeProvider> discovered(ClassLoader classLoader) {
    synchronized (DISCOVERED) {
      SoftReference<List<PrototypeProvider>> cached = DISCOVERED.get(classLoader);
      List<PrototypeProvider> providers = cached == null ? null : cached.get();
      if (providers == null) {
        providers =
            ServiceLoader.load(PrototypeProvider.class, classLoader).stream()
                .map(ServiceLoader.Provider::get)
                .toList();
        DISCOVERED.put(classLoader, new SoftReference<>(providers));
      }
      return providers;
    }
  }

  private static List<Prototype> prototypesOf(PrototypeProvider provider, CheckKindRegistry kinds) {
    List<Prototype> out = new ArrayList<>(provider.prototypes());
    Map<String, String> codesInProvider = new HashMap<>();
    List<Violation> violations = new ArrayList<>();
    for (int i = 0; i < out.size(); i++) {
      Prototype p = Objects.requireNonNull(out.get(i), "prototype");
      codesInProvider.put(p.code(), provider.name());
      String prefix = out.size() == 1 ? "" : "[" + i + "]";
      PrototypeRules.violations(p)
          .forEach(v -> violations.add(new Violation(prefix + v.path(), v.message())));
      declarationViolations(p, kinds)
          .forEach(v -> violations.add(new Violation(prefix + v.path(), v.message())));
    }
    if (!violations.isEmpty()) {
      throw new PrototypeDefinitionException(provider.name(), violations);
    }
    for (URL url : provider.documents()) {
      String source = provider.name() + " (" + url + ")";
      ParsedDocument d = PrototypeDocuments.read(source, read(url, source));
      warn(source, d.warnings());
      Prototype p = d.prototype();
      List<Violation> declared = declarationViolations(p, kinds);
      if (!declared.isEmpty()) {
        throw new PrototypeDefinitionException(source, declared);
      }
      String other = codesInProvider.putIfAbsent(p.code(), source);
      if (other != null) {
        throw new PrototypeDefinitionException(
            source,
            List.of(
                new Violation(
                    "/code", "prototype code '" + p.code() + "' is also defined by " + other)));
      }
      out.add(p);
    }
    return out;
  }

  /** Warnings name paths and say what was ignored; they never quote document values. */
  private static void warn(String source, List<Violation> warnings) {
    for (Violation w : warnings) {
      LOG.warn("prototype document {}: {} {}", source, w.path(), w.message());
    }
  }

  private static String read(URL url, String source) {
    try (InputStream in = url.openStream()) {
      byte[] bytes = in.readNBytes(PrototypeDocuments.MAX_DOCUMENT_BYTES + 1);
      if (bytes.length > PrototypeDocuments.MAX_DOCUMENT_BYTES) {
        throw PrototypeDocuments.tooLarge(source);
      }
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new PrototypeDefinitionException(
          source,
          List.of(new Violation("", "cannot be read (" + e.getClass().getSimpleName() + ")")));
    }
  }

  private static Entry entry(
      Prototype prototype, PrototypeProvider provider, int rank, CheckKindRegistry kinds) {
    Optional<OAuth2Fields> oauth2 = provider.oauth2(prototype.code());
    if (oauth2.isPresent()) {
      List<String> problems = oauth2.get().problemsWith(prototype);
      if (!problems.isEmpty()) {
        throw new PrototypeDefinitionException(
            provider.name(), problems.stream().map(m -> new Violation("/oauth2", m)).toList());
      }
    }
    return entry(
        prototype,
        provider.name(),
        rank,
        provider.check(prototype.code()),
        provider.connectionTest(prototype.code()),
        oauth2,
        kinds);
  }

  private static Entry entry(
      Prototype prototype,
      String source,
      int rank,
      Optional<CheckableCredential> check,
      Optional<ConnectionTest> test,
      Optional<OAuth2Fields> oauth2,
      CheckKindRegistry kinds) {
    return new Entry(
        prototype,
        ValueSchema.compile(prototype),
        source,
        rank,
        check,
        test,
        oauth2,
        prototype.check().map(d -> DeclaredProbe.of(prototype, "/check", d, kinds)),
        prototype.test().map(d -> DeclaredProbe.of(prototype, "/test", d, kinds)));
  }

  /**
   * Every problem of a prototype's declared check and test with these kinds, each a violation with
   * its path.
   */
  private static List<Violation> declarationViolations(Prototype p, CheckKindRegistry kinds) {
    List<Violation> out = new ArrayList<>();
    p.check().ifPresent(d -> kinds.problems("/check", p, d).forEach(x -> out.add(x.violation())));
    p.test().ifPresent(d -> kinds.problems("/test", p, d).forEach(x -> out.add(x.violation())));
    return out;
  }

  /**
   * Adds or replaces prototypes imported at run time (JSON documents). Imported prototypes rank
   * like explicit registrations. Each prototype must pass {@link PrototypeRules}, as an imported
   * document must; nothing is registered when one breaks a rule.
   *
   * <p>This registers in this registry, and so in this engine, only: nothing is written to the
   * repository, and another engine on the same repository does not see it. To add prototypes that
   * every engine loads, use {@code Credentials.importPrototypes}.
   *
   * @param prototypes the prototypes
   * @param source where they came from
   * @throws PrototypeDefinitionException with every violation, paths prefixed by the prototype's
   *     index when there are several
   */
  public void register(List<Prototype> prototypes, String source) {
    validate(prototypes, source);
    synchronized (this) {
      Map<String, Entry> next = new LinkedHashMap<>(byCode);
      for (Prototype p : prototypes) {
        Entry old = next.get(p.code());
        next.put(
            p.code(),
            entry(
                p,
                source,
                EXPLICIT_RANK,
                old == null ? Optional.empty() : old.check(),
                old == null ? Optional.empty() : old.connectionTest(),
                old == null ? Optional.empty() : keptOAuth2(old, p),
                kinds));
      }
      byCode = Collections.unmodifiableMap(next);
    }
  }

  /** Every rule and every declaration against this registry's kinds; throws listing all. */
  private void validate(List<Prototype> prototypes, String source) {
    Objects.requireNonNull(prototypes, "prototypes");
    Objects.requireNonNull(source, "source");
    List<Violation> violations = new ArrayList<>();
    for (int i = 0; i < prototypes.size(); i++) {
      String prefix = prototypes.size() == 1 ? "" : "[" + i + "]";
      Prototype p = Objects.requireNonNull(prototypes.get(i), "prototype");
      PrototypeRules.violations(p)
          .forEach(v -> violations.add(new Violation(prefix + v.path(), v.message())));
      declarationViolations(p, kinds)
          .forEach(v -> violations.add(new Violation(prefix + v.path(), v.message())));
    }
    if (!violations.isEmpty()) {
      throw new PrototypeDefinitionException(source, violations);
    }
  }

  /**
   * Validates JSON prototype documents (this library's format or MultiFlexi's) as one batch and,
   * unless this is a dry run, registers them like {@link #register(List, String)}: they replace
   * prototypes of the same code, in this engine only. Nothing is registered when any document is
   * invalid. Properties a MultiFlexi document carries that this library does not read are logged as
   * warnings with their paths ({@link PrototypeDocuments#readAll} returns them).
   *
   * @param source where the documents came from, e.g. a file name or an upload id
   * @param jsons the documents
   * @param dryRun when true, only validate: the registry is left unchanged
   * @return the prototypes the documents define, in the order of the documents
   * @throws PrototypeDefinitionException with every violation of every document (paths prefixed
   *     with the document's index, e.g. {@code [1]/fields/0/code}), including a code defined by two
   *     documents of the batch
   */
  public List<Prototype> importDocuments(String source, List<String> jsons, boolean dryRun) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(jsons, "jsons");
    List<ParsedDocument> parsed = PrototypeDocuments.readAll(source, jsons);
    parsed.forEach(d -> warn(source, d.warnings()));
    List<Prototype> prototypes = parsed.stream().map(ParsedDocument::prototype).toList();
    if (dryRun) {
      validate(prototypes, source);
    } else {
      register(prototypes, source);
    }
    return prototypes;
  }

  /**
   * @param code the prototype code
   * @return the prototype, or empty
   */
  public Optional<Prototype> find(String code) {
    Entry e = byCode.get(code);
    return e == null ? Optional.empty() : Optional.of(e.prototype());
  }

  /**
   * @param code the prototype code
   * @return the prototype
   * @throws UnknownPrototypeException when none is registered with that code
   */
  public Prototype require(String code) {
    return entry(code).prototype();
  }

  Entry entry(String code) {
    Entry e = byCode.get(code);
    if (e == null) {
      throw new UnknownPrototypeException(
          "no prototype with code '"
              + code
              + "' is registered; register it in the builder, add its provider jar to the class"
              + " path, or import its JSON document");
    }
    return e;
  }

  /**
   * @return every prototype, ordered by code
   */
  public List<Prototype> all() {
    return byCode.values().stream()
        .map(Entry::prototype)
        .sorted(Comparator.comparing(Prototype::code))
        .toList();
  }

  /**
   * @param topic the topic
   * @return the prototypes that provide it, ordered by code
   */
  public List<Prototype> providing(Topic topic) {
    return byCode.values().stream()
        .map(Entry::prototype)
        .filter(p -> p.provides(topic))
        .sorted(Comparator.comparing(Prototype::code))
        .toList();
  }

  /**
   * @param code the prototype code
   * @return where the prototype came from (provider name, document URL or import source)
   */
  public String source(String code) {
    return entry(code).source();
  }

  /**
   * @param code the prototype code
   * @return its live check: the provider's Java check, else the declared one; empty (state {@code
   *     UNKNOWN}) when it has neither
   */
  public Optional<CheckableCredential> check(String code) {
    Entry e = entry(code);
    return e.check().isPresent() ? e.check() : e.declaredCheck().map(d -> d);
  }

  /**
   * @param code the prototype code
   * @return its connection test: the provider's Java test, else the declared one; empty when it has
   *     neither
   */
  public Optional<ConnectionTest> connectionTest(String code) {
    Entry e = entry(code);
    return e.connectionTest().isPresent() ? e.connectionTest() : e.declaredTest().map(d -> d);
  }

  /**
   * The OAuth 2.0 fields a prototype's provider declares.
   *
   * @param code the prototype code
   * @return the declaration, or empty (also for an unknown code)
   */
  public Optional<OAuth2Fields> oauth2(String code) {
    Entry e = byCode.get(code);
    return e == null ? Optional.empty() : e.oauth2();
  }

  /** A replaced prototype keeps its OAuth 2.0 declaration while the declaration still fits it. */
  private static Optional<OAuth2Fields> keptOAuth2(Entry old, Prototype replacement) {
    return old.oauth2().filter(f -> f.problemsWith(replacement).isEmpty());
  }

  /**
   * Validates values against a prototype's compiled value schema, reporting every violation at once
   * by field code.
   *
   * @param code the prototype code
   * @param subject what is validated, for the message
   * @param values the values by field code
   * @return the normalised values (defaults applied, hidden and empty values dropped)
   * @throws dev.credentials.CredentialValidationException when invalid
   */
  public Map<String, Secret> validate(String code, String subject, Map<String, Secret> values) {
    return entry(code).schema().validate(subject, values);
  }

  /**
   * The JSON Schema (2020-12) that a prototype's values are validated against.
   *
   * @param code the prototype code
   * @return the schema as JSON text
   */
  public String valueSchema(String code) {
    return ValueSchema.schemaOf(entry(code).prototype()).encodePrettily();
  }
}
