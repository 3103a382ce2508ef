package dev.credentials.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.credentials.CheckContext;
import dev.credentials.CheckResult;
import dev.credentials.CredentialId;
import dev.credentials.CredentialMetadata;
import dev.credentials.Secret;
import dev.credentials.TenantId;
import dev.credentials.core.prototype.PrototypeDocuments;
import dev.credentials.core.prototype.PrototypeRules;
import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.FieldType;
import dev.credentials.prototype.Prototype;
import dev.credentials.spi.PrototypeProvider;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The contract every {@link PrototypeProvider} must meet, as JUnit 5 tests. A prototype jar runs it
 * by subclassing:
 *
 * <pre>{@code
 * class AcmePrototypesKitTest extends PrototypeProviderCompatibilityKit {
 *   @Override
 *   protected PrototypeProvider provider() {
 *     return new AcmePrototypes();
 *   }
 * }
 * }</pre>
 *
 * <p>It checks that the provider has a name, that its prototypes are well-formed, that it is found
 * through {@link ServiceLoader}, that its documents can be read, and that every live check and
 * connection test it offers returns soon after its time budget and never puts a secret in its
 * result. Checks run against fake values on this machine: a check that talks to the network may
 * answer {@code UNAVAILABLE} or throw, as long as it does so in time and without leaking.
 */
public abstract class PrototypeProviderCompatibilityKit {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String CANARY_ALPHABET = "abcdefghijkmnopqrstuvwxyz23456789";

  /** For subclasses. */
  protected PrototypeProviderCompatibilityKit() {}

  /**
   * The provider under test. Called once per test; may return a new instance each time.
   *
   * @return the provider
   */
  protected abstract PrototypeProvider provider();

  /**
   * The class that {@code META-INF/services/dev.credentials.spi.PrototypeProvider} (or {@code
   * provides} in {@code module-info.java}) names. Return empty for a provider that is only ever
   * registered explicitly; the discovery test then reports itself aborted with that reason.
   *
   * @return the class; defaults to the class of {@link #provider()}
   */
  protected Optional<Class<? extends PrototypeProvider>> serviceLoaderClass() {
    return Optional.of(provider().getClass());
  }

  /**
   * Parses one of the provider's JSON documents into prototypes, so that they are validated against
   * the meta-schema, linted and their checks exercised like Java prototypes. The default uses the
   * engine's own reader, {@link PrototypeDocuments#parse(String, String)}.
   *
   * @param document a document URL from {@link PrototypeProvider#documents()}
   * @return the prototypes the document defines
   * @throws Exception when the document cannot be read or is invalid
   */
  protected List<Prototype> parseDocument(URL document) throws Exception {
    try (java.io.InputStream in = document.openStream()) {
      String json = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      return List.of(PrototypeDocuments.parse(document.toString(), json));
    }
  }

  /**
   * The time budget given to checks and connection tests.
   *
   * @return 2 seconds by default
   */
  protected Duration checkTimeout() {
    return Duration.ofSeconds(2);
  }

  /**
   * How much longer than its budget a check may take before it fails the kit.
   *
   * @return 3 seconds by default
   */
  protected Duration timeoutMargin() {
    return Duration.ofSeconds(3);
  }

  /**
   * What keeps prototypes from being registered: the engine's own rules ({@link PrototypeRules}),
   * applied to each prototype, and codes defined twice.
   */
  static List<String> problems(List<Prototype> prototypes) {
    List<String> out = new ArrayList<>();
    java.util.Set<String> codes = new java.util.HashSet<>();
    for (Prototype p : prototypes) {
      if (!codes.add(p.code())) {
        out.add("prototype " + p.code() + " is defined twice");
      }
      PrototypeRules.violations(p)
          .forEach(v -> out.add("prototype " + p.code() + " " + v.path() + ": " + v.message()));
    }
    return out;
  }

  private List<Prototype> allPrototypes() throws Exception {
    PrototypeProvider provider = provider();
    List<Prototype> all = new ArrayList<>(provider.prototypes());
    for (URL document : provider.documents()) {
      all.addAll(parseDocument(document));
    }
    return all;
  }

  /** Identity. */
  @Nested
  @DisplayName("Identity")
  class Identity {

    @Test
    @DisplayName("the provider has a name for messages")
    void hasName() {
      assertThat(provider().name()).as("name()").isNotNull().isNotBlank();
    }

    @Test
    @DisplayName("the provider supplies at least one prototype or document")
    void suppliesSomething() {
      PrototypeProvider p = provider();
      assertThat(p.prototypes().size() + p.documents().size())
          .as("prototypes() and documents() of " + p.name())
          .isPositive();
    }
  }

  /** Well-formed prototypes. */
  @Nested
  @DisplayName("Prototypes")
  class Prototypes {

    @Test
    @DisplayName(
        "every prototype is well-formed: valid codes, unique fields, secret passwords, "
            + "options for selects, valid defaults and bounds, conditions on existing fields")
    void wellFormed() throws Exception {
      assertThat(problems(allPrototypes())).as("problems").isEmpty();
    }

    @Test
    @DisplayName("asking for the check of an unknown prototype gives nothing")
    void unknownCodeHasNoCheck() {
      PrototypeProvider p = provider();
      String unknown = "kit-unknown-prototype-" + canaryCore();
      assertThat(p.check(unknown)).isEmpty();
      assertThat(p.connectionTest(unknown)).isEmpty();
    }
  }

  /** JSON documents. */
  @Nested
  @DisplayName("Documents")
  class Documents {

    @Test
    @DisplayName("every document can be read and holds a JSON object")
    void readable() throws Exception {
      for (URL document : provider().documents()) {
        String text;
        try (InputStream in = document.openStream()) {
          text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(text.strip()).as("document %s", document).isNotEmpty().startsWith("{");
      }
    }
  }

  /** ServiceLoader discovery. */
  @Nested
  @DisplayName("Discovery")
  class Discovery {

    @Test
    @DisplayName("the provider is found through ServiceLoader on the class path and can be created")
    void serviceLoader() {
      Optional<Class<? extends PrototypeProvider>> expected = serviceLoaderClass();
      Assumptions.assumeTrue(
          expected.isPresent(),
          "this provider is registered explicitly, not through ServiceLoader");
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      List<ServiceLoader.Provider<PrototypeProvider>> found =
          ServiceLoader.load(PrototypeProvider.class, loader).stream()
              .filter(p -> p.type().equals(expected.get()))
              .collect(Collectors.toList());
      assertThat(found)
          .as(
              "ServiceLoader providers of type %s; list it in"
                  + " META-INF/services/dev.credentials.spi.PrototypeProvider",
              expected.get().getName())
          .hasSize(1);
      PrototypeProvider loaded = found.get(0).get();
      assertThat(loaded.prototypes().stream().map(Prototype::code))
          .as("prototypes of the ServiceLoader instance")
          .containsExactlyElementsOf(
              provider().prototypes().stream().map(Prototype::code).collect(Collectors.toList()));
    }
  }

  /** Live checks and connection tests. */
  @Nested
  @DisplayName("Checks and connection tests")
  class Checks {

    @TestFactory
    @DisplayName("each returns or throws soon after its time budget")
    Stream<DynamicTest> honourTimeout() throws Exception {
      return runnables().stream()
          .map(
              r ->
                  DynamicTest.dynamicTest(
                      r.label() + " returns within " + budgetText(),
                      () -> {
                        Run run = run(r, contextFor(r.prototype(), new LinkedHashMap<>()));
                        if (run.timedOut()) {
                          fail(
                              "%s did not return within %s of a %s budget; honour"
                                  + " CheckContext.timeout()",
                              r.label(), checkTimeout().plus(timeoutMargin()), checkTimeout());
                        }
                      }));
    }

    @TestFactory
    @DisplayName("each keeps secret values out of its result and exceptions")
    Stream<DynamicTest> noSecretsInResults() throws Exception {
      return runnables().stream()
          .map(
              r ->
                  DynamicTest.dynamicTest(
                      r.label() + " leaks no secret",
                      () -> {
                        Map<String, String> canaries = new LinkedHashMap<>();
                        Run run = run(r, contextFor(r.prototype(), canaries));
                        assertThat(run.timedOut()).as("%s timed out", r.label()).isFalse();
                        List<String> texts = new ArrayList<>();
                        if (run.result() != null) {
                          texts.add(run.result().message());
                          run.result()
                              .details()
                              .forEach(
                                  (k, v) -> {
                                    texts.add(k);
                                    texts.add(v);
                                  });
                        }
                        for (Throwable t = run.thrown(); t != null; t = t.getCause()) {
                          texts.add(String.valueOf(t.getMessage()));
                          texts.add(t.toString());
                        }
                        for (String text : texts) {
                          canaries.forEach(
                              (field, canary) -> {
                                if (leaks(text, canary)) {
                                  fail(
                                      "%s put (part of) the secret value of %s into its result"
                                          + " or exception: %s",
                                      r.label(), field, text.replace(canary, "<" + field + ">"));
                                }
                              });
                        }
                      }));
    }
  }

  private String budgetText() {
    return checkTimeout().plus(timeoutMargin()).toMillis() / 1000.0 + " s";
  }

  /** A check or a test, with what it belongs to. */
  private record Offered(String label, Prototype prototype, CheckCall call) {}

  @FunctionalInterface
  private interface CheckCall {
    CheckResult call(CheckContext context) throws Exception;
  }

  private record Run(CheckResult result, Throwable thrown, boolean timedOut) {}

  private List<Offered> runnables() throws Exception {
    PrototypeProvider provider = provider();
    List<Offered> out = new ArrayList<>();
    for (Prototype p : allPrototypes()) {
      provider
          .check(p.code())
          .ifPresent(c -> out.add(new Offered("check of " + p.code(), p, c::check)));
      provider
          .connectionTest(p.code())
          .ifPresent(t -> out.add(new Offered("connection test of " + p.code(), p, t::test)));
    }
    return out;
  }

  private Run run(Offered r, CheckContext context) throws InterruptedException {
    ExecutorService pool =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread t = new Thread(task, "kit-" + r.label());
              t.setDaemon(true);
              return t;
            });
    try {
      Future<CheckResult> f = pool.submit(() -> r.call().call(context));
      try {
        return new Run(
            f.get(checkTimeout().plus(timeoutMargin()).toMillis(), TimeUnit.MILLISECONDS),
            null,
            false);
      } catch (ExecutionException e) {
        return new Run(null, e.getCause(), false);
      } catch (TimeoutException e) {
        f.cancel(true);
        return new Run(null, null, true);
      }
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /**
   * A context with plausible values: secrets get fresh canaries (recorded in {@code canaries}),
   * URLs point at a closed port on the loopback interface, others get generated valid values.
   */
  private CheckContext contextFor(Prototype p, Map<String, String> canaries) {
    Generators gen = Generators.seeded(p.code().hashCode());
    Map<String, Secret> values = new LinkedHashMap<>();
    for (FieldDefinition f : p.fields()) {
      String value;
      if (f.secret()) {
        String canary = "kit" + canaryCore();
        canaries.put(f.code(), canary);
        value = f.type() == FieldType.URL ? "http://127.0.0.1:9/" + canary : canary;
      } else if (f.type() == FieldType.URL) {
        value = "http://127.0.0.1:9/";
      } else {
        try {
          value = gen.validValue(f);
        } catch (IllegalArgumentException e) {
          value = f.defaultValue().orElse("x");
        }
      }
      values.put(f.code(), Secret.of(value));
    }
    Instant now = Instant.now();
    CredentialMetadata m =
        new CredentialMetadata(
            CredentialId.random(),
            TenantId.of("kit-tenant"),
            p.code(),
            "kit credential",
            "production",
            "",
            Set.of(),
            true,
            Optional.empty(),
            1,
            now,
            now,
            "kit-key",
            Optional.empty());
    return new CheckContext(m, values, Clock.systemUTC(), checkTimeout());
  }

  private static String canaryCore() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 24; i++) {
      b.append(CANARY_ALPHABET.charAt(RANDOM.nextInt(CANARY_ALPHABET.length())));
    }
    return b.toString();
  }

  /** Whether a text holds a canary or any 8 consecutive characters of its random part. */
  static boolean leaks(String text, String canary) {
    if (text == null) {
      return false;
    }
    if (text.contains(canary)) {
      return true;
    }
    String core = canary.substring(3);
    for (int i = 0; i + 8 <= core.length(); i++) {
      if (text.contains(core.substring(i, i + 8))) {
        return true;
      }
    }
    return false;
  }
}
