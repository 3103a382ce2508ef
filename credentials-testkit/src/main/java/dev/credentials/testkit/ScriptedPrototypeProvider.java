package dev.credentials.testkit;

import dev.credentials.CheckableCredential;
import dev.credentials.ConnectionTest;
import dev.credentials.prototype.Prototype;
import dev.credentials.spi.PrototypeProvider;
import java.net.URL;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link PrototypeProvider} assembled in a test: Java prototypes (for example from {@link
 * SamplePrototypes}), optional JSON documents, and the checks and connection tests to offer for
 * them (typically {@link ScriptedCheck}s).
 *
 * <pre>{@code
 * ScriptedCheck check = ScriptedCheck.always(CredentialState.AVAILABLE, "ok");
 * PrototypeProvider provider =
 *     ScriptedPrototypeProvider.builder("test prototypes")
 *         .prototype(SamplePrototypes.demoApi(), check)
 *         .prototype(SamplePrototypes.demoDb())
 *         .build();
 * }</pre>
 *
 * <p>Immutable once built.
 */
public final class ScriptedPrototypeProvider implements PrototypeProvider {

  private final String name;
  private final int priority;
  private final List<URL> documents;
  private final List<Prototype> prototypes;
  private final Map<String, CheckableCredential> checks;
  private final Map<String, ConnectionTest> tests;

  private ScriptedPrototypeProvider(Builder b) {
    this.name = b.name;
    this.priority = b.priority;
    this.documents = List.copyOf(b.documents);
    this.prototypes = List.copyOf(b.prototypes.values());
    this.checks = Map.copyOf(b.checks);
    this.tests = Map.copyOf(b.tests);
  }

  /**
   * A builder.
   *
   * @param name the provider's name for messages
   * @return a builder
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * A provider of prototypes without checks.
   *
   * @param name the provider's name
   * @param prototypes the prototypes
   * @return the provider
   */
  public static ScriptedPrototypeProvider of(String name, Prototype... prototypes) {
    Builder b = builder(name);
    for (Prototype p : prototypes) {
      b.prototype(p);
    }
    return b.build();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int priority() {
    return priority;
  }

  @Override
  public List<URL> documents() {
    return documents;
  }

  @Override
  public List<Prototype> prototypes() {
    return prototypes;
  }

  @Override
  public Optional<CheckableCredential> check(String prototypeCode) {
    return Optional.ofNullable(checks.get(prototypeCode));
  }

  @Override
  public Optional<ConnectionTest> connectionTest(String prototypeCode) {
    return Optional.ofNullable(tests.get(prototypeCode));
  }

  @Override
  public String toString() {
    return "ScriptedPrototypeProvider[" + name + ", prototypes=" + prototypes.size() + "]";
  }

  /** Builds a {@link ScriptedPrototypeProvider}. */
  public static final class Builder {
    private final String name;
    private int priority;
    private final List<URL> documents = new ArrayList<>();
    private final Map<String, Prototype> prototypes = new LinkedHashMap<>();
    private final Map<String, CheckableCredential> checks = new LinkedHashMap<>();
    private final Map<String, ConnectionTest> tests = new LinkedHashMap<>();

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("provider name must not be blank");
      }
    }

    /**
     * @param v the priority (default 0)
     * @return this
     */
    public Builder priority(int v) {
      priority = v;
      return this;
    }

    /**
     * Adds a JSON prototype document.
     *
     * @param v the document's URL
     * @return this
     */
    public Builder document(URL v) {
      documents.add(Objects.requireNonNull(v, "document"));
      return this;
    }

    /**
     * Adds a Java prototype.
     *
     * @param v the prototype
     * @return this
     * @throws IllegalArgumentException when a prototype with that code was added already
     */
    public Builder prototype(Prototype v) {
      Objects.requireNonNull(v, "prototype");
      if (prototypes.putIfAbsent(v.code(), v) != null) {
        throw new IllegalArgumentException("prototype " + v.code() + " was added twice");
      }
      return this;
    }

    /**
     * Adds a Java prototype with its live check.
     *
     * @param v the prototype
     * @param check the check
     * @return this
     */
    public Builder prototype(Prototype v, CheckableCredential check) {
      return prototype(v).check(v.code(), check);
    }

    /**
     * Adds a Java prototype with its live check and connection test.
     *
     * @param v the prototype
     * @param check the check
     * @param test the connection test
     * @return this
     */
    public Builder prototype(Prototype v, CheckableCredential check, ConnectionTest test) {
      return prototype(v).check(v.code(), check).connectionTest(v.code(), test);
    }

    /**
     * Offers a live check for a prototype code.
     *
     * @param prototypeCode the code
     * @param check the check
     * @return this
     * @throws IllegalStateException when that code has a check already
     */
    public Builder check(String prototypeCode, CheckableCredential check) {
      Objects.requireNonNull(check, "check");
      if (checks.putIfAbsent(Objects.requireNonNull(prototypeCode), check) != null) {
        throw new IllegalStateException("prototype " + prototypeCode + " has a check already");
      }
      return this;
    }

    /**
     * Offers a connection test for a prototype code.
     *
     * @param prototypeCode the code
     * @param test the test
     * @return this
     * @throws IllegalStateException when that code has a test already
     */
    public Builder connectionTest(String prototypeCode, ConnectionTest test) {
      Objects.requireNonNull(test, "test");
      if (tests.putIfAbsent(Objects.requireNonNull(prototypeCode), test) != null) {
        throw new IllegalStateException(
            "prototype " + prototypeCode + " has a connection test already");
      }
      return this;
    }

    /**
     * Builds the provider.
     *
     * @return the provider
     * @throws IllegalStateException when a check or test names a code that no Java prototype has
     *     and no document was added that could define it
     */
    public ScriptedPrototypeProvider build() {
      if (documents.isEmpty()) {
        List<String> unknown = new ArrayList<>();
        for (String code : checks.keySet()) {
          if (!prototypes.containsKey(code)) {
            unknown.add(code);
          }
        }
        for (String code : tests.keySet()) {
          if (!prototypes.containsKey(code) && !unknown.contains(code)) {
            unknown.add(code);
          }
        }
        if (!unknown.isEmpty()) {
          throw new IllegalStateException(
              "checks or connection tests were given for prototypes "
                  + unknown
                  + " that this provider does not define; add the prototypes or a document");
        }
      }
      return new ScriptedPrototypeProvider(this);
    }
  }
}
