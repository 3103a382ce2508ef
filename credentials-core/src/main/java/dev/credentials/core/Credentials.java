package dev.credentials.core;

import dev.credentials.CredentialBindings;
import dev.credentials.CredentialResolver;
import dev.credentials.CredentialStore;
import dev.credentials.EngineHealth;
import dev.credentials.LaunchGate;
import dev.credentials.audit.AuditLog;
import dev.credentials.core.prototype.PrototypeDocuments;
import dev.credentials.core.prototype.PrototypeRegistry;
import dev.credentials.prototype.Prototype;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * The engine: one entry point that wires the prototype registry, the credential store, bindings,
 * the launch gate, the resolver and the audit log over a repository. Build it once with {@link
 * #builder()} and share it; it is safe for concurrent use and its configuration is frozen.
 *
 * <pre>{@code
 * Credentials credentials = Credentials.builder()
 *     .repository(new InMemoryCredentialRepository())
 *     .keys(CredentialKeys.generate())
 *     .build();
 * }</pre>
 */
public final class Credentials implements AutoCloseable {

  private final PrototypeRegistry registry;
  private final Services services;

  Credentials(CredentialsBuilder b, PrototypeRegistry registry) {
    this.registry = registry;
    this.services = new Services(b, registry);
  }

  /**
   * A new builder.
   *
   * @return the builder
   */
  public static CredentialsBuilder builder() {
    return new CredentialsBuilder();
  }

  /**
   * @return the credential store
   */
  public CredentialStore store() {
    return services.store;
  }

  /**
   * @return consumers, bindings and phase-1 status
   */
  public CredentialBindings bindings() {
    return services.bindings;
  }

  /**
   * @return the launch gate (phase 2)
   */
  public LaunchGate launchGate() {
    return services.gate;
  }

  /**
   * @return the resolver
   */
  public CredentialResolver resolver() {
    return services.resolver;
  }

  /**
   * The OAuth 2.0 access tokens of credentials whose prototype declares OAuth 2.0 fields: a refresh
   * after the service refused a token (HTTP 401), and the refresh of due tokens.
   *
   * @return the token service
   */
  public dev.credentials.OAuth2Tokens tokens() {
    return services.tokens;
  }

  /**
   * @return the audit log
   */
  public AuditLog audit() {
    return services.audit;
  }

  /**
   * The registered prototypes, read-only. Add prototypes in the builder or with {@link
   * #importPrototypes}, which also stores them for every engine on the repository.
   *
   * @return the registered prototypes
   */
  public PrototypeCatalog prototypes() {
    return services.catalog;
  }

  /**
   * Imports JSON prototype documents (this library's format or MultiFlexi's). Every document is
   * validated first and every violation reported at once; with {@code dryRun} nothing else happens.
   * Otherwise the prototypes are stored in the repository (normalised to this library's format) and
   * registered, replacing any with the same code; engines built later on the same repository load
   * them at start. Prototypes are engine-wide, not per tenant: expose this to operators, not to
   * tenant users.
   *
   * @param source where the documents come from, for messages (a file name, an upload id)
   * @param documents the JSON documents
   * @param dryRun true to validate only
   * @return the prototypes the documents define
   * @throws dev.credentials.PrototypeDefinitionException when any document is invalid (nothing is
   *     written)
   */
  public List<Prototype> importPrototypes(String source, List<String> documents, boolean dryRun) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(documents, "documents");
    List<Prototype> parsed = registry.importDocuments(source, documents, true);
    if (dryRun) {
      return parsed;
    }
    services.repository.inTransaction(
        uow -> {
          for (Prototype p : parsed) {
            uow.prototypeDocuments().put(p.code(), PrototypeDocuments.toJson(p));
          }
          uow.changes().announce(dev.credentials.spi.Change.prototypes());
          return null;
        });
    registry.register(parsed, source);
    return parsed;
  }

  /**
   * Exports a registered prototype as a JSON document in this library's format; importing it again
   * gives the same prototype.
   *
   * @param code the prototype code
   * @return the document
   */
  public String exportPrototype(String code) {
    return PrototypeDocuments.toJson(registry.require(code));
  }

  /**
   * @return key rotation for the live keyset: add, promote, rewrap, disable, destroy, status
   */
  public KeyManagement keys() {
    return services.keyManagement;
  }

  /**
   * @return expiry reminders: send the due ones, list a tenant's
   */
  public dev.credentials.ExpiryReminders reminders() {
    return services.reminders;
  }

  /**
   * The engine's shared clients: one authenticated client per credential identity, retired by the
   * engine when the credential is updated, deleted, rewrapped under a new key, or its source
   * reports a change (see {@link SharedClients}).
   *
   * @return the registry
   */
  public SharedClients sharedClients() {
    return services.clients;
  }

  /**
   * Probes what the engine depends on, each part on its own: a read of the repository, a seal and
   * open of a random canary with the primary key, and the access-audit writer's state and journal
   * depth. Nothing is written or audited; call it from a health endpoint as often as it polls.
   *
   * @return the state of each part and the worst of them
   */
  public EngineHealth health() {
    return services.health.probe();
  }

  /**
   * Drops everything this engine caches for the caller's tenant — resolve plans, live-check results
   * and, when enabled, plaintext values — so that the next resolve, launch or check reads the
   * repository and probes the services again. Caches are also invalidated by every change and
   * expire by their TTLs; this is for an operator who changed something outside the engine. Other
   * tenants' entries are kept.
   *
   * @param caller who asks; needs the MANAGE permission in its tenant
   * @throws dev.credentials.CredentialAccessDeniedException when the policy refuses (audited)
   */
  public void clearCaches(dev.credentials.Caller caller) {
    java.util.Objects.requireNonNull(caller, "caller");
    services.clearCaches(caller);
  }

  /**
   * @return the engine's clock
   */
  public Clock clock() {
    return services.clock;
  }

  /**
   * Writes out journalled access events (see {@link AccessAudit}), stops the engine's own threads,
   * the watches of sourced credentials and the sources the engine discovered, and retires the
   * shared clients (each closes when its last lease is released). The repository belongs to the
   * host and is not closed; close it after this.
   *
   * @throws dev.credentials.StorageException when journalled access events cannot be written; the
   *     message says how many are lost
   */
  @Override
  public void close() {
    try {
      services.accesses.close();
    } finally {
      services.stopFeed();
      services.stopChecks();
      services.sourced.close();
      services.clients.close();
    }
  }

  @Override
  public String toString() {
    return "Credentials[repository="
        + services.repository.getClass().getSimpleName()
        + ", prototypes="
        + registry.all().size()
        + "]";
  }

  /**
   * Imports prototype documents from files, as {@link #importPrototypes(String, List, boolean)}
   * does; messages name the files, and violations carry the file's index ({@code [1]/fields/0}).
   *
   * @param documents the files, each one JSON document
   * @param dryRun true to validate only
   * @return the prototypes the documents define
   * @throws dev.credentials.PrototypeDefinitionException when any document is invalid, larger than
   *     {@link PrototypeDocuments#MAX_DOCUMENT_BYTES} or not UTF-8 (nothing is written)
   * @throws java.io.UncheckedIOException naming the file that cannot be read
   */
  public List<Prototype> importPrototypeFiles(List<java.nio.file.Path> documents, boolean dryRun) {
    Objects.requireNonNull(documents, "documents");
    return importPrototypes(
        DocumentReads.fileNames(documents), DocumentReads.prototypeFiles(documents), dryRun);
  }

  /**
   * Imports one prototype document from a URL (a class-path resource, a file URL), as {@link
   * #importPrototypes(String, List, boolean)} does.
   *
   * @param document where the document is
   * @param dryRun true to validate only
   * @return the prototypes the document defines
   * @throws dev.credentials.PrototypeDefinitionException when the document is invalid, too large or
   *     not UTF-8 (nothing is written)
   * @throws java.io.UncheckedIOException naming the URL when it cannot be read
   */
  public List<Prototype> importPrototypes(java.net.URL document, boolean dryRun) {
    String text =
        DocumentReads.read(
            document, PrototypeDocuments.MAX_DOCUMENT_BYTES, DocumentReads::prototypeProblem);
    return importPrototypes(document.toString(), List.of(text), dryRun);
  }

  /**
   * Imports one prototype document from a stream, as {@link #importPrototypes(String, List,
   * boolean)} does. Reads at most {@link PrototypeDocuments#MAX_DOCUMENT_BYTES} plus one byte; the
   * caller closes the stream.
   *
   * @param source where the document comes from, for messages
   * @param document the stream of one JSON document
   * @param dryRun true to validate only
   * @return the prototypes the document defines
   * @throws dev.credentials.PrototypeDefinitionException when the document is invalid, too large or
   *     not UTF-8 (nothing is written)
   * @throws java.io.UncheckedIOException when the stream fails
   */
  public List<Prototype> importPrototypes(
      String source, java.io.InputStream document, boolean dryRun) {
    String text =
        DocumentReads.read(
            source,
            document,
            PrototypeDocuments.MAX_DOCUMENT_BYTES,
            DocumentReads::prototypeProblem);
    return importPrototypes(source, List.of(text), dryRun);
  }
}
