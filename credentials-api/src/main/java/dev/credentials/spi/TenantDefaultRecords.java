package dev.credentials.spi;

import dev.credentials.CredentialId;
import dev.credentials.TenantDefault;
import dev.credentials.TenantId;
import dev.credentials.Topic;
import java.util.List;

/**
 * The tenant-wide default credentials of one unit of work: per tenant and topic, the credential
 * consumers without a binding of their own inherit. Every method is scoped by tenant. Deleting a
 * credential ({@link CredentialRecords#delete}) removes the defaults that name it.
 */
public interface TenantDefaultRecords {

  /**
   * Stores a default, replacing the one of the same (tenant, topic).
   *
   * @param tenantDefault the default
   * @throws dev.credentials.CredentialNotFoundException when its credential does not exist
   */
  void put(TenantDefault tenantDefault);

  /**
   * @param tenant the tenant
   * @param topic the topic
   * @return true if a default was removed
   */
  boolean delete(TenantId tenant, Topic topic);

  /**
   * @param tenant the tenant
   * @return its defaults, ordered by topic
   */
  List<TenantDefault> all(TenantId tenant);

  /**
   * @param tenant the tenant
   * @param credentialId a credential
   * @return the defaults that name it, ordered by topic
   */
  default List<TenantDefault> ofCredential(TenantId tenant, CredentialId credentialId) {
    return all(tenant).stream().filter(d -> d.credentialId().equals(credentialId)).toList();
  }

  /**
   * The part of a repository that keeps no defaults: it reads none and refuses to store one.
   *
   * @return the part
   */
  static TenantDefaultRecords unsupported() {
    return new TenantDefaultRecords() {
      @Override
      public void put(TenantDefault tenantDefault) {
        throw new UnsupportedOperationException(
            "this repository does not store tenant default credentials; upgrade it");
      }

      @Override
      public boolean delete(TenantId tenant, Topic topic) {
        return false;
      }

      @Override
      public List<TenantDefault> all(TenantId tenant) {
        return List.of();
      }
    };
  }
}
