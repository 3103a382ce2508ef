package dev.credentials;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Who acts: a person or a service, with the roles it holds in each tenant.
 *
 * @param name a stable identifier of the principal (a user name, a service account)
 * @param kind whether a person or a service
 * @param roles the roles held, per tenant
 */
public record Principal(String name, Kind kind, Map<TenantId, Set<Role>> roles) {

  /** Whether the principal is a person or a machine. */
  public enum Kind {
    /** A person. */
    USER,
    /** A machine identity. */
    SERVICE;

    private final String prefix = name().toLowerCase(java.util.Locale.ROOT) + ":";
  }

  /** Validates and copies. */
  public Principal {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    if (name.isBlank()) {
      throw new IllegalArgumentException("principal name must not be blank");
    }
    Map<TenantId, Set<Role>> copy = new HashMap<>();
    Objects.requireNonNull(roles, "roles")
        .forEach((t, r) -> copy.put(Objects.requireNonNull(t), Set.copyOf(r)));
    roles = Map.copyOf(copy);
  }

  /**
   * A person with the admin role in one tenant.
   *
   * @param name the user name
   * @param tenant the tenant
   * @return the principal
   */
  public static Principal admin(String name, TenantId tenant) {
    return new Principal(name, Kind.USER, Map.of(tenant, EnumSet.of(Role.ADMIN)));
  }

  /**
   * A person with the user role in one tenant.
   *
   * @param name the user name
   * @param tenant the tenant
   * @return the principal
   */
  public static Principal user(String name, TenantId tenant) {
    return new Principal(name, Kind.USER, Map.of(tenant, EnumSet.of(Role.USER)));
  }

  /**
   * A service with the service role in one tenant.
   *
   * @param name the service name
   * @param tenant the tenant
   * @return the principal
   */
  public static Principal service(String name, TenantId tenant) {
    return new Principal(name, Kind.SERVICE, Map.of(tenant, EnumSet.of(Role.SERVICE)));
  }

  /**
   * The roles held in a tenant.
   *
   * @param tenant the tenant
   * @return the roles, empty if the principal has none there
   */
  public Set<Role> rolesIn(TenantId tenant) {
    return roles.getOrDefault(tenant, Set.of());
  }

  /**
   * A copy that also holds a role in a tenant.
   *
   * @param tenant the tenant
   * @param role the role
   * @return a new principal
   */
  public Principal withRole(TenantId tenant, Role role) {
    Map<TenantId, Set<Role>> copy = new HashMap<>(roles);
    Set<Role> set = EnumSet.noneOf(Role.class);
    set.addAll(rolesIn(tenant));
    set.add(role);
    copy.put(tenant, set);
    return new Principal(name, kind, copy);
  }

  /**
   * The principal's identity as the audit log records it and {@link
   * dev.credentials.audit.AuditQuery} filters it: the kind and the name, {@code user:alice} or
   * {@code service:scheduler}. Roles are not part of the identity: {@code Principal.admin("alice",
   * t)} and {@code Principal.user("alice", t)} are both {@code user:alice}, since {@code admin} is
   * a role a person holds in a tenant, not a kind of principal.
   *
   * @return {@code kind:name}
   */
  @Override
  public String toString() {
    return kind.prefix + name;
  }
}
