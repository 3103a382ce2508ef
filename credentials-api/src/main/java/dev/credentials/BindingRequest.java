package dev.credentials;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link CredentialBindings#bind(Caller, BindingRequest)} needs.
 *
 * @param consumerId the consumer
 * @param topic the required topic to satisfy
 * @param credentialId the credential; its prototype must provide the topic
 * @param variablePrefix an optional prefix for the variables it supplies
 */
public record BindingRequest(
    String consumerId, Topic topic, CredentialId credentialId, Optional<String> variablePrefix) {

  /** Validates. */
  public BindingRequest {
    Objects.requireNonNull(consumerId, "consumerId");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(credentialId, "credentialId");
    Objects.requireNonNull(variablePrefix, "variablePrefix");
  }

  /**
   * A request without prefix.
   *
   * @param consumerId the consumer
   * @param topic the topic name
   * @param credentialId the credential
   * @return the request
   */
  public static BindingRequest of(String consumerId, String topic, CredentialId credentialId) {
    return new BindingRequest(consumerId, Topic.of(topic), credentialId, Optional.empty());
  }

  /**
   * A copy with a variable prefix.
   *
   * @param prefix e.g. {@code ERP_A_}
   * @return a new request
   */
  public BindingRequest withPrefix(String prefix) {
    return new BindingRequest(consumerId, topic, credentialId, Optional.of(prefix));
  }
}
