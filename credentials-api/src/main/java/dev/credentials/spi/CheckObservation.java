package dev.credentials.spi;

import dev.credentials.CheckResult;
import dev.credentials.CredentialMetadata;
import dev.credentials.TenantId;
import java.time.Duration;
import java.util.Objects;

/**
 * One live check that ran (a result taken from the cache is not an observation), for monitoring:
 * counts by state and kind, and latency. Carries metadata and the scrubbed result, never a value.
 *
 * @param tenant the tenant
 * @param credential the credential that was checked
 * @param kind what kind of check ran, for grouping in monitoring; the engine passes the prototype's
 *     code, since a check is registered per prototype and names no kind of its own
 * @param result the result, with known secret values already scrubbed from it
 * @param latency how long the check took, including waiting for a permit
 */
public record CheckObservation(
    TenantId tenant,
    CredentialMetadata credential,
    String kind,
    CheckResult result,
    Duration latency) {

  /** Validates. */
  public CheckObservation {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(credential, "credential");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(latency, "latency");
  }
}
