package dev.credentials;

/**
 * Decides, right before each launch, whether a consumer's job runs, waits or is blocked (phase 2).
 * Every bound credential's live check runs (or is taken from cache for its TTL), and the worst
 * state decides.
 */
public interface LaunchGate {
  /**
   * Decides a launch. For {@link LaunchDecision.Outcome#RUN} the decision carries the resolved
   * environment, audited as an access.
   *
   * @param caller who launches (usually a service principal)
   * @param consumerId the consumer
   * @return the decision
   * @throws UnknownConsumerException when the consumer is not declared
   */
  LaunchDecision prepare(Caller caller, String consumerId);
}
