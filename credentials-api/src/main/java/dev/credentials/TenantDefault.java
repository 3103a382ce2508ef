package dev.credentials;

import java.time.Instant;
import java.util.Objects;

/**
 * A tenant's default credential for a topic: what a consumer that requires the topic and has no
 * binding of its own inherits. A consumer's own binding always wins.
 *
 * @param tenant the tenant
 * @param topic the topic
 * @param credentialId the credential consumers inherit; its prototype provides the topic
 * @param setAt when it was set
 * @param setBy who set it (a principal's name)
 */
public record TenantDefault(
    TenantId tenant, Topic topic, CredentialId credentialId, Instant setAt, String setBy) {

  /** Validates. */
  public TenantDefault {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(credentialId, "credentialId");
    Objects.requireNonNull(setAt, "setAt");
    Objects.requireNonNull(setBy, "setBy");
  }
}
