package dev.credentials.spi;

import dev.credentials.CheckableCredential;
import dev.credentials.ConnectionTest;
import dev.credentials.prototype.Prototype;
import java.net.URL;
import java.util.List;
import java.util.Optional;

/**
 * Supplies prototypes: as JSON documents (validated by the engine against the prototype
 * meta-schema), as Java definitions, or both, with optional live checks and connection tests.
 *
 * <p>Providers are found through {@link java.util.ServiceLoader} (list the class in {@code
 * META-INF/services/dev.credentials.spi.PrototypeProvider}, or {@code provides} in {@code
 * module-info.java}) and can be registered explicitly in the engine's builder, which wins. When two
 * providers define the same prototype code, the one with the higher {@link #priority()} wins; equal
 * priorities are an error naming both sources.
 */
public interface PrototypeProvider {

  /**
   * A name for messages, e.g. the jar or plugin name.
   *
   * @return the name; defaults to the class name
   */
  default String name() {
    return getClass().getName();
  }

  /**
   * The priority: higher wins when two providers define the same prototype code.
   *
   * @return the priority; defaults to 0 (built-ins use -100)
   */
  default int priority() {
    return 0;
  }

  /**
   * JSON prototype documents, typically {@code getClass().getResource("x.json")}. Both this
   * library's format and MultiFlexi's credential-prototype format are read.
   *
   * @return the documents
   */
  default List<URL> documents() {
    return List.of();
  }

  /**
   * Prototypes defined in Java.
   *
   * @return the prototypes
   */
  default List<Prototype> prototypes() {
    return List.of();
  }

  /**
   * The live availability check of a prototype this provider supplies.
   *
   * @param prototypeCode the prototype code
   * @return the check, or empty when the prototype has none (its state is then {@code UNKNOWN})
   */
  default Optional<CheckableCredential> check(String prototypeCode) {
    return Optional.empty();
  }

  /**
   * The connection test of a prototype this provider supplies.
   *
   * @param prototypeCode the prototype code
   * @return the test, or empty
   */
  default Optional<ConnectionTest> connectionTest(String prototypeCode) {
    return Optional.empty();
  }

  /**
   * The OAuth 2.0 fields of a prototype this provider supplies: with them the engine obtains and
   * refreshes the access token at the prototype's token endpoint.
   *
   * @param prototypeCode the prototype code
   * @return the declaration, or empty when the prototype holds no OAuth 2.0 client
   */
  default Optional<dev.credentials.prototype.OAuth2Fields> oauth2(String prototypeCode) {
    return Optional.empty();
  }
}
