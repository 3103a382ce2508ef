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
 * @param kind what kind of check ran, e.g. {@code tcp} or {@code http} where the prototype declares
 *     a check kind; otherwise the prototype's code
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
