package dev.credentials.core.prototype;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.credentials.PrototypeDefinitionException;
import dev.credentials.Topic;
import dev.credentials.UnknownPrototypeException;
import dev.credentials.Violation;
import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.FieldType;
import dev.credentials.prototype.Prototype;
import dev.credentials.spi.PrototypeProvider;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("PrototypeRegistry")
class PrototypeRegistryTest {

  static Prototype proto(String code, String name) {
    return Prototype.builder(code)
        .name(name)
        .field(FieldDefinition.builder("API_TOKEN", FieldType.PASSWORD).build())
        .build();
  }

  /** A provider of Java-defined prototypes. */
  static class Fixed implements PrototypeProvider {
    private final String name;
    private final int priority;
    private final List<Prototype> prototypes;

    Fixed(String name, int priority, Prototype... prototypes) {
      this.name = name;
      this.priority = priority;
      this.prototypes = List.of(prototypes);
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
    public List<Prototype> prototypes() {
      return prototypes;
    }
  }

  /** Discovered providers: public, with no-argument constructors. */
  public static class LowA extends Fixed {
    public LowA() {
      super("low-a", 0, proto("shared", "from low-a"), proto("only-a", "A"));
    }
  }

  public static class LowB extends Fixed {
    public LowB() {
      super("low-b", 0, proto("shared", "from low-b"));
    }
  }

  public static class High extends Fixed {
    public High() {
      super("high", 10, proto("shared", "from high"));
    }
  }

  /** A class loader that sees a services file listing {@code providers}. */
  static ClassLoader discovering(Path dir, Class<?>... providers) throws IOException {
    Path services = dir.resolve("META-INF/services");
    Files.createDirectories(services);
    StringBuilder lines = new StringBuilder();
    for (Class<?> c : providers) {
      lines.append(c.getName()).append('\n');
    }
    Files.writeString(
        services.resolve(PrototypeProvider.class.getName()), lines, StandardCharsets.UTF_8);
    return new URLClassLoader(
        new URL[] {dir.toUri().toURL()}, PrototypeRegistryTest.class.getClassLoader());
  }

  @Nested
  @DisplayName("loading")
  class Loading {

    @Test
    @DisplayName(
        "two discovered providers of equal priority defining one code are an error naming both")
    void equalPriorityClash(@TempDir Path dir) throws IOException {
      PrototypeDefinitionException e =
          catchThrowableOfType(
              PrototypeDefinitionException.class,
              () ->
                  PrototypeRegistry.load(
                      List.of(), true, discovering(dir, LowA.class, LowB.class)));
      assertThat(e.violations())
          .singleElement()
          .extracting(Violation::message)
          .asString()
          .contains("'shared'")
          .contains("low-a")
          .contains("low-b")
          .contains("priority");
    }

    @Test
    @DisplayName("the provider with the higher priority wins")
    void higherPriorityWins(@TempDir Path dir) throws IOException {
      PrototypeRegistry r =
          PrototypeRegistry.load(
              List.of(), true, discovering(dir, LowA.class, High.class, LowB.class));
      assertThat(r.require("shared").name()).isEqualTo("from high");
      assertThat(r.source("shared")).isEqualTo("high");
      assertThat(r.require("only-a").name()).isEqualTo("A");
    }

    @Test
    @DisplayName("an explicit registration wins over every discovered provider")
    void explicitWins(@TempDir Path dir) throws IOException {
      PrototypeRegistry r =
          PrototypeRegistry.load(
              List.of(new Fixed("mine", -500, proto("shared", "explicit"))),
              true,
              discovering(dir, LowA.class, High.class, LowB.class));
      assertThat(r.require("shared").name()).isEqualTo("explicit");
      assertThat(r.source("shared")).isEqualTo("mine");
    }

    @Test
    @DisplayName("registering the same provider twice is harmless")
    void sameProviderTwice(@TempDir Path dir) throws IOException {
      PrototypeProvider p = new Fixed("twice", 0, proto("twice", "T"));
      assertThat(PrototypeRegistry.load(List.of(p, p), false, getClass().getClassLoader()).all())
          .extracting(Prototype::code)
          .containsExactly("twice");
      assertThat(
              PrototypeRegistry.load(
                      List.of(new High(), new High()), false, getClass().getClassLoader())
                  .all())
          .hasSize(1);
      // Explicit and discovered instances of the same class count once, explicitly.
      PrototypeRegistry r =
          PrototypeRegistry.load(List.of(new LowA()), true, discovering(dir, LowA.class));
      assertThat(r.source("only-a")).isEqualTo("low-a");
      assertThat(r.all()).hasSize(2);
    }

    @Test
    @DisplayName("two different explicit providers defining one code are an error naming both")
    void explicitClash() {
      assertThatThrownBy(
              () ->
                  PrototypeRegistry.load(
                      List.of(
                          new Fixed("one", 0, proto("x1", "1")),
                          new Fixed("two", 0, proto("x1", "2"))),
                      false,
                      getClass().getClassLoader()))
          .isInstanceOf(PrototypeDefinitionException.class)
          .hasMessageContaining("one")
          .hasMessageContaining("two");
    }

    @Test
    @DisplayName("reads a provider's JSON documents and reports an invalid one with its source")
    void documents(@TempDir Path dir) throws IOException {
      Path good = dir.resolve("good.json");
      Files.writeString(good, PrototypeDocumentsTest.MINIMAL);
      Path bad = dir.resolve("bad.json");
      Files.writeString(bad, "{\"code\": \"b\"}");
      PrototypeProvider docs =
          new PrototypeProvider() {
            @Override
            public String name() {
              return "docs";
            }

            @Override
            public List<URL> documents() {
              try {
                return List.of(good.toUri().toURL());
              } catch (IOException e) {
                throw new AssertionError(e);
              }
            }
          };
      PrototypeRegistry r =
          PrototypeRegistry.load(List.of(docs), false, getClass().getClassLoader());
      assertThat(r.require("demo").name()).isEqualTo("Demo");
      assertThat(r.providing(Topic.of("demo"))).hasSize(1);
      PrototypeProvider broken =
          new PrototypeProvider() {
            @Override
            public String name() {
              return "broken-docs";
            }

            @Override
            public List<URL> documents() {
              try {
                return List.of(bad.toUri().toURL());
              } catch (IOException e) {
                throw new AssertionError(e);
              }
            }
          };
      assertThatThrownBy(
              () -> PrototypeRegistry.load(List.of(broken), false, getClass().getClassLoader()))
          .isInstanceOf(PrototypeDefinitionException.class)
          .hasMessageContaining("broken-docs")
          .hasMessageContaining("bad.json")
          .hasMessageContaining("/code")
          .hasMessageContaining("/fields");
    }
  }

  @Nested
  @DisplayName("importing documents")
  class Importing {

    PrototypeRegistry empty() {
      return PrototypeRegistry.load(List.of(), false, getClass().getClassLoader());
    }

    @Test
    @DisplayName("a dry run validates and writes nothing")
    void dryRun() {
      PrototypeRegistry r = empty();
      List<Prototype> out =
          r.importDocuments("upload-1", List.of(PrototypeDocumentsTest.MINIMAL), true);
      assertThat(out).extracting(Prototype::code).containsExactly("demo");
      assertThat(r.find("demo")).isEmpty();
      assertThat(r.all()).isEmpty();
      assertThatThrownBy(() -> r.require("demo")).isInstanceOf(UnknownPrototypeException.class);
    }

    @Test
    @DisplayName("a real import registers the prototypes, replacing older ones")
    void realImport() {
      PrototypeRegistry r =
          PrototypeRegistry.load(
              List.of(new Fixed("java", 0, proto("demo", "old"))),
              false,
              getClass().getClassLoader());
      r.importDocuments("upload-2", List.of(PrototypeDocumentsTest.MINIMAL), false);
      assertThat(r.require("demo").name()).isEqualTo("Demo");
      assertThat(r.source("demo")).isEqualTo("upload-2");
    }

    @Test
    @DisplayName(
        "reports every violation of every document, and codes defined twice, registering nothing")
    void batchViolations() {
      PrototypeRegistry r = empty();
      String other = PrototypeDocumentsTest.MINIMAL.replace("\"demo\"", "\"other\"");
      PrototypeDefinitionException e =
          catchThrowableOfType(
              PrototypeDefinitionException.class,
              () ->
                  r.importDocuments(
                      "upload-3",
                      List.of(
                          PrototypeDocumentsTest.MINIMAL,
                          other,
                          "{\"code\": \"x\"}",
                          PrototypeDocumentsTest.MINIMAL),
                      false));
      assertThat(e.violations())
          .extracting(Violation::path)
          .containsExactly("[2]/code", "[2]/fields", "[2]/name", "[3]/code");
      assertThat(e.violations().get(3).message()).contains("upload-3 [0]");
      assertThat(e.getMessage()).contains("upload-3");
      assertThat(r.all()).isEmpty();
    }
  }

  @Test
  @DisplayName("validates values through the compiled schema and exposes it")
  void validation() {
    PrototypeRegistry r =
        PrototypeRegistry.load(
            List.of(new Fixed("j", 0, proto("demo", "D"))), false, getClass().getClassLoader());
    assertThat(r.validate("demo", "t", java.util.Map.of())).isEmpty();
    assertThat(r.valueSchema("demo")).contains("API_TOKEN");
  }
}
