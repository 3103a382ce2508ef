package dev.credentials;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The phase-1 status of one requirement, with a sentence saying what to do next.
 *
 * @param requirement the requirement
 * @param state the state
 * @param providers codes of the prototypes that provide the topic
 * @param candidates the tenant's usable credentials of those prototypes
 * @param binding the binding, when bound
 * @param credential the bound credential, when bound
 * @param lastCheck the bound credential's last known live result, if any
 * @param advice what to do next, for people
 * @param inheritedFrom the tenant's default the binding is inherited from, when the consumer has no
 *     binding of its own for the topic
 */
public record RequirementStatus(
    Requirement requirement,
    RequirementState state,
    List<String> providers,
    List<CredentialMetadata> candidates,
    Optional<Binding> binding,
    Optional<CredentialMetadata> credential,
    Optional<CheckResult> lastCheck,
    String advice,
    Optional<TenantDefault> inheritedFrom) {

  /** Validates and copies. */
  public RequirementStatus {
    Objects.requireNonNull(requirement, "requirement");
    Objects.requireNonNull(state, "state");
    providers = List.copyOf(providers);
    candidates = List.copyOf(candidates);
    Objects.requireNonNull(binding, "binding");
    Objects.requireNonNull(credential, "credential");
    Objects.requireNonNull(lastCheck, "lastCheck");
    Objects.requireNonNull(advice, "advice");
    Objects.requireNonNull(inheritedFrom, "inheritedFrom");
  }

  /**
   * A status that inherits nothing.
   *
   * @param requirement the requirement
   * @param state the state
   * @param providers codes of the prototypes that provide the topic
   * @param candidates the tenant's usable credentials of those prototypes
   * @param binding the binding, when bound
   * @param credential the bound credential, when bound
   * @param lastCheck the bound credential's last known live result, if any
   * @param advice what to do next, for people
   */
  public RequirementStatus(
      Requirement requirement,
      RequirementState state,
      List<String> providers,
      List<CredentialMetadata> candidates,
      Optional<Binding> binding,
      Optional<CredentialMetadata> credential,
      Optional<CheckResult> lastCheck,
      String advice) {
    this(
        requirement,
        state,
        providers,
        candidates,
        binding,
        credential,
        lastCheck,
        advice,
        Optional.empty());
  }

  /**
   * @return true when the requirement is bound through the tenant's default for its topic
   */
  public boolean inherited() {
    return inheritedFrom.isPresent();
  }
}
