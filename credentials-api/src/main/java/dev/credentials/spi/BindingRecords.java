package dev.credentials.spi;

import dev.credentials.Binding;
import dev.credentials.Consumer;
import dev.credentials.CredentialId;
import dev.credentials.TenantId;
import dev.credentials.Topic;
import java.util.List;
import java.util.Optional;

/**
 * The consumers and bindings of one unit of work: who needs which topics, and which credential
 * satisfies each. Every method is scoped by tenant.
 */
public interface BindingRecords {

  /**
   * Stores or replaces a consumer.
   *
   * @param tenant the tenant
   * @param consumer the consumer
   */
  void putConsumer(TenantId tenant, Consumer consumer);

  /**
   * @param tenant the tenant
   * @param consumerId the id
   * @return the consumer, or empty
   */
  Optional<Consumer> consumer(TenantId tenant, String consumerId);

  /**
   * @param tenant the tenant
   * @return its consumers with their requirements, ordered by id
   */
  List<Consumer> consumers(TenantId tenant);

  /**
   * Stores a binding, replacing the one for the same (tenant, consumer, topic).
   *
   * @param binding the binding
   * @throws dev.credentials.CredentialNotFoundException when its credential does not exist
   */
  void put(Binding binding);

  /**
   * @param tenant the tenant
   * @param consumerId the consumer
   * @param topic the topic
   * @return true if a binding was removed
   */
  boolean delete(TenantId tenant, String consumerId, Topic topic);

  /**
   * @param tenant the tenant
   * @param consumerId the consumer
   * @return its bindings, ordered by topic
   */
  List<Binding> ofConsumer(TenantId tenant, String consumerId);

  /**
   * @param tenant the tenant
   * @param credentialId the credential
   * @return the bindings that use it, ordered by consumer and topic
   */
  List<Binding> ofCredential(TenantId tenant, CredentialId credentialId);
}
