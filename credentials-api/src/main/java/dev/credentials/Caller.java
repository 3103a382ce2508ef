package dev.credentials;

import java.util.Objects;
import java.util.Optional;

/**
 * Who calls, in which tenant, from where: the context of every operation. It is what the access
 * policy decides on and what the audit log records.
 *
 * @param tenant the tenant the operation is scoped to
 * @param principal who acts
 * @param clientAddress the client's network address, when the host knows it
 * @param correlationId an id that ties this operation to the host's request or job, when given
 */
public record Caller(
    TenantId tenant,
    Principal principal,
    Optional<String> clientAddress,
    Optional<String> correlationId) {

  /** Validates. */
  public Caller {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(clientAddress, "clientAddress");
    Objects.requireNonNull(correlationId, "correlationId");
  }

  /**
   * A caller without client address or correlation id.
   *
   * @param tenant the tenant
   * @param principal the principal
   * @return the caller
   */
  public static Caller of(TenantId tenant, Principal principal) {
    return new Caller(tenant, principal, Optional.empty(), Optional.empty());
  }

  /**
   * A copy with a client address.
   *
   * @param address the address
   * @return a new caller
   */
  public Caller withClientAddress(String address) {
    return new Caller(tenant, principal, Optional.of(address), correlationId);
  }

  /**
   * A copy with a correlation id.
   *
   * @param id the id
   * @return a new caller
   */
  public Caller withCorrelationId(String id) {
    return new Caller(tenant, principal, clientAddress, Optional.of(id));
  }
}
