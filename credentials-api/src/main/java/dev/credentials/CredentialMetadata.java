package dev.credentials;

import dev.credentials.spi.SourceReference;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything about a credential except its values: safe to show, log and list.
 *
 * @param id the id
 * @param tenant the owning tenant
 * @param prototype the prototype code
 * @param name the name, unique per tenant and environment
 * @param environment e.g. {@code production}, {@code staging}
 * @param description free text
 * @param tags free labels
 * @param active whether it may be used; inactive credentials are never revealed or resolved
 * @param expiresAt when it stops being usable, if ever
 * @param version incremented by every update; used for optimistic concurrency
 * @param createdAt when created
 * @param updatedAt when last changed
 * @param keyId the id of the key that sealed its values
 * @param lastTest the result of the last connection test, if any
 * @param source where a sourced credential's values live (empty for values sealed in the store);
 *     the reference holds no value
 */
public record CredentialMetadata(
    CredentialId id,
    TenantId tenant,
    String prototype,
    String name,
    String environment,
    String description,
    Set<String> tags,
    boolean active,
    Optional<Instant> expiresAt,
    long version,
    Instant createdAt,
    Instant updatedAt,
    String keyId,
    Optional<CheckResult> lastTest,
    Optional<SourceReference> source) {

  /** Validates and copies. */
  public CredentialMetadata {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(prototype, "prototype");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(description, "description");
    tags = Set.copyOf(tags);
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(lastTest, "lastTest");
    Objects.requireNonNull(source, "source");
  }

  /**
   * Metadata of a credential whose values are sealed in the store (no source).
   *
   * @param id the id
   * @param tenant the owning tenant
   * @param prototype the prototype code
   * @param name the name
   * @param environment the environment
   * @param description free text
   * @param tags free labels
   * @param active whether it may be used
   * @param expiresAt when it stops being usable, if ever
   * @param version the version
   * @param createdAt when created
   * @param updatedAt when last changed
   * @param keyId the id of the key that sealed its values
   * @param lastTest the result of the last connection test, if any
   */
  public CredentialMetadata(
      CredentialId id,
      TenantId tenant,
      String prototype,
      String name,
      String environment,
      String description,
      Set<String> tags,
      boolean active,
      Optional<Instant> expiresAt,
      long version,
      Instant createdAt,
      Instant updatedAt,
      String keyId,
      Optional<CheckResult> lastTest) {
    this(
        id,
        tenant,
        prototype,
        name,
        environment,
        description,
        tags,
        active,
        expiresAt,
        version,
        createdAt,
        updatedAt,
        keyId,
        lastTest,
        Optional.empty());
  }

  /**
   * Whether the values come from a {@link dev.credentials.spi.CredentialSource}.
   *
   * @return true when {@link #source()} is present
   */
  public boolean isSourced() {
    return source.isPresent();
  }

  /**
   * Whether the credential has expired at an instant.
   *
   * @param now the instant
   * @return true if an expiry is set and is not after {@code now}
   */
  public boolean isExpiredAt(Instant now) {
    return expiresAt.isPresent() && !expiresAt.get().isAfter(now);
  }
}
