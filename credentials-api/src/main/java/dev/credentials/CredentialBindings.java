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
}
