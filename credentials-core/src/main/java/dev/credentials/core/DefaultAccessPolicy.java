package dev.credentials.core;

import dev.credentials.Caller;
import dev.credentials.Role;
import dev.credentials.spi.AccessPolicy;
import dev.credentials.spi.Permission;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The default access policy: tenant isolation and three roles. A principal acts in a tenant only
 * through the roles it holds there. {@code ADMIN} may do everything; {@code USER} may read, bind
 * and resolve (use); {@code SERVICE} may read and resolve at launch.
 */
public final class DefaultAccessPolicy implements AccessPolicy {

  private static final Map<Role, Set<Permission>> GRANTS =
      Map.of(
          Role.ADMIN, EnumSet.allOf(Permission.class),
          Role.USER, EnumSet.of(Permission.READ, Permission.BIND, Permission.RESOLVE),
          Role.SERVICE, EnumSet.of(Permission.READ, Permission.RESOLVE));

  /** The shared instance. */
  public static final DefaultAccessPolicy INSTANCE = new DefaultAccessPolicy();

  private DefaultAccessPolicy() {}

  @Override
  public boolean permits(Caller caller, Permission permission) {
    for (Role role : caller.principal().rolesIn(caller.tenant())) {
      if (GRANTS.get(role).contains(permission)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "DefaultAccessPolicy" + GRANTS;
  }
}
