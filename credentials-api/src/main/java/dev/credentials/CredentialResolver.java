package dev.credentials;

/**
 * Gives a job its credentials the way jobs consume them. Every resolve is audited as an access that
 * lists the fields read.
 */
public interface CredentialResolver {

  /**
   * Resolves every binding of a consumer into one environment. Does not run live checks; use {@link
   * LaunchGate} for that.
   *
   * @param caller who resolves
   * @param consumerId the consumer
   * @return the environment
   * @throws UnmetRequirementException when a requirement is not bound
   * @throws EnvironmentClashException when two credentials define the same variable
   */
  ResolvedEnvironment resolve(Caller caller, String consumerId);

  /**
   * One credential by name and environment, for services that need one credential rather than a
   * whole consumer ("replace {@code os.getenv()}").
   *
   * @param caller who resolves
   * @param name the credential name
   * @param environment the environment
   * @return the credential with its values
   * @throws CredentialNotFoundException when absent
   */
  RevealedCredential byName(Caller caller, String name, String environment);

  /**
   * One credential by name in the default environment.
   *
   * @param caller who resolves
   * @param name the credential name
   * @return the credential with its values
   */
  RevealedCredential byName(Caller caller, String name);
}
