package dev.credentials;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A credential assigned to a consumer to satisfy one required topic, in one tenant.
 *
 * @param tenant the tenant
 * @param consumerId the consumer
 * @param topic the satisfied topic
 * @param credentialId the credential
 * @param variablePrefix prepended to every variable name this credential supplies, so one consumer
 *     can use two credentials of the same prototype
 * @param boundAt when bound
 * @param boundBy who bound it
 */
public record Binding(
    TenantId tenant,
    String consumerId,
    Topic topic,
    CredentialId credentialId,
    Optional<String> variablePrefix,
    Instant boundAt,
    String boundBy) {

  /** The pattern a variable prefix must match. */
  public static final Pattern PREFIX = Pattern.compile("^[A-Z][A-Z0-9_]{0,63}$");

  /** Validates. */
  public Binding {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(consumerId, "consumerId");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(credentialId, "credentialId");
    Objects.requireNonNull(variablePrefix, "variablePrefix");
    variablePrefix.ifPresent(
        p -> {
          if (!PREFIX.matcher(p).matches()) {
            throw new IllegalArgumentException(
                "variable prefix must match ^[A-Z][A-Z0-9_]{0,63}$ (e.g. ERP_A_), got '" + p + "'");
          }
        });
    Objects.requireNonNull(boundAt, "boundAt");
    Objects.requireNonNull(boundBy, "boundBy");
  }

  /**
   * The variable name a field code becomes for the job.
   *
   * @param fieldCode the field code
   * @return the prefixed name
   */
  public String variableFor(String fieldCode) {
    return variablePrefix.isEmpty() ? fieldCode : variablePrefix.get() + fieldCode;
  }
}
