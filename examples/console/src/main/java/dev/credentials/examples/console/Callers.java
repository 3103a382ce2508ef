package dev.credentials.examples.console;

import dev.credentials.Caller;
import dev.credentials.CredentialAccessDeniedException;
import dev.credentials.TenantId;
import dev.credentials.spi.AccessPolicy;
import dev.credentials.spi.Permission;
import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Turns an authenticated HTTP request into the library's {@link Caller}: the tenant from the {@code
 * X-Tenant} header (default: the user's first tenant), the principal with its configured role in
 * each tenant, the client address and a correlation id ({@code X-Request-Id} when valid, else a new
 * one).
 */
@Component
class Callers {

  static final String TENANT_HEADER = "X-Tenant";
  static final String REQUEST_ID_HEADER = "X-Request-Id";
  private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

  private final TenantRoles roles;
  private final AccessPolicy policy;

  Callers(TenantRoles roles, AccessPolicy policy) {
    this.roles = roles;
    this.policy = policy;
  }

  Caller of(HttpServletRequest request) {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    if (auth == null || !auth.isAuthenticated()) {
      throw new CredentialAccessDeniedException("sign in first");
    }
    String user = auth.getName();
    String header = request.getHeader(TENANT_HEADER);
    String tenant;
    if (header != null && !header.isBlank()) {
      tenant = header.trim();
    } else {
      tenant =
          roles
              .defaultTenant(user)
              .orElseThrow(
                  () ->
                      new CredentialAccessDeniedException(
                          "user " + user + " has no tenant; give it one in console.users"));
    }
    TenantId tenantId;
    try {
      tenantId = TenantId.of(tenant);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException(TENANT_HEADER, "is not a valid tenant id");
    }
    String id = request.getHeader(REQUEST_ID_HEADER);
    if (id == null || !REQUEST_ID.matcher(id).matches()) {
      id = UUID.randomUUID().toString();
    }
    return Caller.of(tenantId, roles.principal(user))
        .withClientAddress(request.getRemoteAddr())
        .withCorrelationId(id);
  }

  /**
   * A caller that the access policy permits; for operations the engine does not check itself
   * (reading prototypes, health, stats).
   */
  Caller permitted(HttpServletRequest request, Permission permission, String action) {
    Caller caller = of(request);
    if (!policy.permits(caller, permission)) {
      throw new CredentialAccessDeniedException(
          caller.principal() + " may not " + action + " in tenant " + caller.tenant().value());
    }
    return caller;
  }
}
