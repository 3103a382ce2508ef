package dev.credentials.core;

import dev.credentials.CheckableCredential;
import dev.credentials.ConnectionTest;
import dev.credentials.Secret;
import dev.credentials.Topic;
import dev.credentials.prototype.Prototype;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The prototypes an engine knows, read-only. Prototypes are added at {@link CredentialsBuilder
 * build} time (builder, providers, documents stored in the repository) or through {@link
 * Credentials#importPrototypes}, which also stores them for every engine on the repository.
 */
public interface PrototypeCatalog {

  /**
   * @param code the prototype code
   * @return the prototype, or empty
   */
  Optional<Prototype> find(String code);

  /**
   * @param code the prototype code
   * @return the prototype
   * @throws dev.credentials.UnknownPrototypeException when none is registered with that code
   */
  Prototype require(String code);

  /**
   * @return every prototype, ordered by code
   */
  List<Prototype> all();

  /**
   * @param topic the topic
   * @return the prototypes that provide it, ordered by code
   */
  List<Prototype> providing(Topic topic);

  /**
   * @param code the prototype code
   * @return where the prototype came from (provider name, document URL or import source)
   * @throws dev.credentials.UnknownPrototypeException when none is registered with that code
   */
  String source(String code);

  /**
   * @param code the prototype code
   * @return its live check, or empty (state {@code UNKNOWN})
   * @throws dev.credentials.UnknownPrototypeException when none is registered with that code
   */
  Optional<CheckableCredential> check(String code);

  /**
   * @param code the prototype code
   * @return its connection test, or empty
   * @throws dev.credentials.UnknownPrototypeException when none is registered with that code
   */
  Optional<ConnectionTest> connectionTest(String code);

  /**
   * Validates values against a prototype, reporting every violation at once by field code.
   *
   * @param code the prototype code
   * @param subject what is validated, for the message
   * @param values the values by field code
   * @return the normalised values (defaults applied, hidden and empty values dropped)
   * @throws dev.credentials.CredentialValidationException when invalid
   */
  Map<String, Secret> validate(String code, String subject, Map<String, Secret> values);

  /**
   * The JSON Schema (2020-12) that a prototype's values are validated against.
   *
   * @param code the prototype code
   * @return the schema as JSON text
   */
  String valueSchema(String code);

  /**
   * A read-only view of a registry loaded outside an engine (a tool that lists prototypes without
   * opening a keyset).
   *
   * @param registry the registry
   * @return its read-only view
   */
  static PrototypeCatalog of(dev.credentials.core.prototype.PrototypeRegistry registry) {
    return new RegistryCatalog(java.util.Objects.requireNonNull(registry, "registry"));
  }
}
