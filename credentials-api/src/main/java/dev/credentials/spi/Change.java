package dev.credentials.spi;

import dev.credentials.CredentialId;
import dev.credentials.TenantId;
import java.util.Objects;
import java.util.Optional;

/**
 * One committed change that can alter what an engine serves, as announced on a {@link ChangeFeed}:
 * what kind of thing changed, in which tenant, and which one.
 *
 * @param kind what changed
 * @param tenant the tenant, empty for engine-wide changes ({@link Kind#PROTOTYPES})
 * @param subject the credential id, consumer id or prototype code concerned; empty when the change
 *     concerns the whole tenant (or the whole engine)
 */
public record Change(Kind kind, Optional<TenantId> tenant, Optional<String> subject) {

  /** What a change concerns, and so what an engine that receives it forgets. */
  public enum Kind {
    /**
     * A credential's values, metadata, active flag or expiry changed, or it was created or deleted.
     */
    CREDENTIAL,
    /** A consumer was declared, or one of its bindings was made or removed. */
    CONSUMER,
    /** The tenant's defaults changed: everything the tenant resolves may differ. */
    TENANT_DEFAULTS,
    /** Stored values of the tenant were re-sealed under another key. */
    KEYS,
    /** Prototype documents were imported (engine-wide). */
    PROTOTYPES
  }

  /** Validates. */
  public Change {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(subject, "subject");
    if (kind == Kind.PROTOTYPES ? tenant.isPresent() : tenant.isEmpty()) {
      throw new IllegalArgumentException(
          "a " + kind + " change " + (tenant.isPresent() ? "has no" : "needs a") + " tenant");
    }
    subject.ifPresent(
        s -> {
          if (s.isEmpty() || s.length() > 256 || s.indexOf('\t') >= 0 || s.indexOf('\n') >= 0) {
            throw new IllegalArgumentException(
                "a change's subject must be 1 to 256 characters without tabs or line breaks");
          }
        });
  }

  /**
   * @param tenant the tenant
   * @param id the credential that was created, changed or deleted
   * @return the change
   */
  public static Change credential(TenantId tenant, CredentialId id) {
    return new Change(Kind.CREDENTIAL, Optional.of(tenant), Optional.of(id.value()));
  }

  /**
   * @param tenant the tenant
   * @param consumerId the consumer declared, bound or unbound
   * @return the change
   */
  public static Change consumer(TenantId tenant, String consumerId) {
    return new Change(Kind.CONSUMER, Optional.of(tenant), Optional.of(consumerId));
  }

  /**
   * @param tenant the tenant whose defaults changed
   * @return the change
   */
  public static Change tenantDefaults(TenantId tenant) {
    return new Change(Kind.TENANT_DEFAULTS, Optional.of(tenant), Optional.empty());
  }

  /**
   * @param tenant the tenant
   * @param id the credential re-sealed under another key
   * @return the change
   */
  public static Change rewrapped(TenantId tenant, CredentialId id) {
    return new Change(Kind.KEYS, Optional.of(tenant), Optional.of(id.value()));
  }

  /**
   * @return an import of prototype documents
   */
  public static Change prototypes() {
    return new Change(Kind.PROTOTYPES, Optional.empty(), Optional.empty());
  }

  /**
   * The compact text form repositories store or send: kind, tenant and subject separated by tabs.
   *
   * @return the text
   */
  public String encode() {
    return kind.name() + '\t' + tenant.map(TenantId::value).orElse("") + '\t' + subject.orElse("");
  }

  /**
   * Reads the form {@link #encode()} writes.
   *
   * @param text the text
   * @return the change
   * @throws IllegalArgumentException if the text is not such a form
   */
  public static Change decode(String text) {
    Objects.requireNonNull(text, "text");
    String[] parts = text.split("\t", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException("not an encoded change (kind, tenant, subject)");
    }
    return new Change(
        Kind.valueOf(parts[0]),
        parts[1].isEmpty() ? Optional.empty() : Optional.of(new TenantId(parts[1])),
        parts[2].isEmpty() ? Optional.empty() : Optional.of(parts[2]));
  }
}
