package dev.credentials.core;

import dev.credentials.Caller;
import dev.credentials.Role;
import dev.credentials.spi.AccessPolicy;
import dev.credentials.spi.Permission;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The default access policy: tenant isolation and three roles. A principal acts in a tenant only
 * through the roles it holds there. {@code ADMIN} may do everything; {@code USER} may read, bind
 * and resolve (use); {@code SERVICE} may read and resolve at launch.
 */
public final class DefaultAccessPolicy implements AccessPolicy {

  /** By role; an enum map, so that the check on every read indexes an array instead of hashing. */
  private static final Map<Role, Set<Permission>> GRANTS = grants();

  private static Map<Role, Set<Permission>> grants() {
    EnumMap<Role, Set<Permission>> g = new EnumMap<>(Role.class);
    g.put(Role.ADMIN, Collections.unmodifiableSet(EnumSet.allOf(Permission.class)));
    g.put(
        Role.USER,
        Collections.unmodifiableSet(
            EnumSet.of(Permission.READ, Permission.BIND, Permission.RESOLVE)));
    g.put(
        Role.SERVICE, Collections.unmodifiableSet(EnumSet.of(Permission.READ, Permission.RESOLVE)));
    return Collections.unmodifiableMap(g);
  }

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
