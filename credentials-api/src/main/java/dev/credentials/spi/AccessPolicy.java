package dev.credentials.spi;

import dev.credentials.Caller;

/**
 * Decides who may do what in a tenant. The engine asks before every operation; a denial is audited
 * and raised as {@link dev.credentials.CredentialAccessDeniedException}.
 *
 * <p>The default policy grants, in the caller's tenant only: {@code ADMIN} everything; {@code USER}
 * read, bind and resolve; {@code SERVICE} read and resolve.
 */
@FunctionalInterface
public interface AccessPolicy {
  /**
   * @param caller who asks, in which tenant
   * @param permission what the operation needs
   * @return true if allowed
   */
  boolean permits(Caller caller, Permission permission);
}
