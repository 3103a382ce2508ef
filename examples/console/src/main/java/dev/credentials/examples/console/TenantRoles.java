package dev.credentials.examples.console;

import dev.credentials.Principal;
import dev.credentials.Role;
import dev.credentials.TenantId;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The configured roles of each console user in each tenant. */
final class TenantRoles {

  private final Map<String, Map<String, String>> roles;

  TenantRoles(Map<String, Map<String, String>> roles) {
    this.roles = Map.copyOf(roles);
  }

  /** The library principal of a user: its role in each configured tenant. */
  Principal principal(String user) {
    Map<TenantId, Set<Role>> byTenant = new HashMap<>();
    roles
        .getOrDefault(user, Map.of())
        .forEach(
            (tenant, role) ->
                byTenant.put(
                    TenantId.of(tenant),
                    EnumSet.of(Role.valueOf(role.trim().toUpperCase(Locale.ROOT)))));
    return new Principal(user, Principal.Kind.USER, byTenant);
  }

  /** The user's tenants, the default first. */
  List<String> tenants(String user) {
    return List.copyOf(roles.getOrDefault(user, Map.of()).keySet());
  }

  Optional<String> defaultTenant(String user) {
    return tenants(user).stream().findFirst();
  }
}
