package dev.credentials;

import java.util.List;
import java.util.Optional;

/** Consumers, their bindings, and the configuration-time (phase 1) status of their requirements. */
public interface CredentialBindings {

  /**
   * Declares a consumer in the caller's tenant, or replaces its requirements. Bindings of topics no
   * longer required are removed in the same unit of work.
   *
   * @param caller who declares
   * @param consumer the consumer
   * @return the consumer as stored
   */
  Consumer declare(Caller caller, Consumer consumer);

  /**
   * A declared consumer.
   *
   * @param caller who asks
   * @param consumerId the id
   * @return the consumer, or empty
   */
  Optional<Consumer> consumer(Caller caller, String consumerId);

  /**
   * The consumers declared in the caller's tenant.
   *
   * @param caller who asks; needs READ
   * @return the consumers with their requirements, ordered by id
   * @throws CredentialAccessDeniedException when the policy refuses
   */
  List<Consumer> consumers(Caller caller);

  /**
   * Binds a credential to a consumer's required topic, replacing any earlier binding of that topic.
   *
   * @param caller who binds
   * @param request what to bind
   * @return the binding
   * @throws UnknownConsumerException when the consumer is not declared
   * @throws BindingRejectedException when the consumer does not require the topic, or the
   *     credential's prototype does not provide it
   * @throws CredentialNotFoundException when the credential is absent
   */
  Binding bind(Caller caller, BindingRequest request);

  /**
   * Removes the binding of a topic.
   *
   * @param caller who unbinds
   * @param consumerId the consumer
   * @param topic the topic
   * @return true if a binding was removed
   */
  boolean unbind(Caller caller, String consumerId, Topic topic);

  /**
   * The bindings of a consumer.
   *
   * @param caller who asks
   * @param consumerId the consumer
   * @return the bindings
   */
  List<Binding> bindings(Caller caller, String consumerId);

  /**
   * The phase-1 status of each requirement.
   *
   * @param caller who asks
   * @param consumerId the consumer
   * @return the status
   * @throws UnknownConsumerException when the consumer is not declared
   */
  ConsumerStatus status(Caller caller, String consumerId);

  /**
   * Names the tenant's default credential for a topic: every consumer that requires the topic and
   * has no binding of its own inherits it (its status shows {@link RequirementStatus#inherited()}),
   * and resolves and launches with it. Replaces an earlier default of the topic. Audited.
   *
   * @param caller who sets it; needs MANAGE
   * @param topic the topic
   * @param credentialId the credential; its prototype must provide the topic, and it must be active
   * @return the default
   * @throws BindingRejectedException when the credential's prototype does not provide the topic or
   *     the credential is inactive
   * @throws CredentialNotFoundException when the credential is absent
   */
  TenantDefault setDefault(Caller caller, String topic, CredentialId credentialId);

  /**
   * Removes the tenant's default for a topic; consumers that inherited it become unbound. Audited.
   *
   * @param caller who clears it; needs MANAGE
   * @param topic the topic
   * @return true if a default was removed
   */
  boolean clearDefault(Caller caller, Topic topic);

  /**
   * The caller's tenant's defaults.
   *
   * @param caller who asks; needs READ
   * @return the defaults, ordered by topic
   */
  List<TenantDefault> defaults(Caller caller);
}
