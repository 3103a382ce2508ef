package dev.credentials.core.internal.resolve;

import dev.credentials.Binding;
import dev.credentials.CheckResult;
import dev.credentials.ConsumerStatus;
import dev.credentials.CredentialId;
import dev.credentials.CredentialMetadata;
import dev.credentials.Requirement;
import dev.credentials.RequirementState;
import dev.credentials.RequirementStatus;
import dev.credentials.Secret;
import dev.credentials.TenantDefault;
import dev.credentials.TenantId;
import dev.credentials.core.prototype.PrototypeRegistry;
import dev.credentials.prototype.Prototype;
import dev.credentials.spi.CredentialRepository;
import dev.credentials.spi.StoredCredential;
import dev.credentials.spi.UnitOfWork;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Phase 1, computed in one place: which of a consumer's requirements are bound to a present
 * credential, which the process-environment fallback satisfies (with values that pass the
 * prototype's rules), and which are unmet; what stands in the way of a bound credential (inactive,
 * expired, a prototype this engine does not know); and the status and advice of each requirement.
 * Bindings status, the launch gate and the resolver all ask this evaluator.
 */
public final class RequirementEvaluator {

  /** At most this many candidates are listed in a status. */
  public static final int MAX_CANDIDATES = 50;

  /**
   * A requirement bound to a credential that exists.
   *
   * @param requirement the requirement
   * @param binding its binding
   * @param credential the bound credential
   */
  public record Bound(Requirement requirement, Binding binding, StoredCredential credential) {}

  /**
   * A requirement satisfied by the process-environment fallback.
   *
   * @param requirement the requirement
   * @param values the values, by field code (the variables)
   */
  public record Fallback(Requirement requirement, Map<String, Secret> values) {}

  /**
   * A requirement nothing satisfies.
   *
   * @param requirement the requirement
   * @param fallbackProblem why the fallback's variables could not be used, when they were set
   */
  public record Unmet(Requirement requirement, Optional<String> fallbackProblem) {}

  /**
   * The phase-1 result of a plan.
   *
   * @param bound the bound requirements, in the consumer's order
   * @param fallbacks the requirements the fallback satisfies
   * @param unmet the requirements nothing satisfies
   */
  public record Phase1(List<Bound> bound, List<Fallback> fallbacks, List<Unmet> unmet) {
    /**
     * @return true when every requirement is bound or satisfied by the fallback
     */
    public boolean satisfied() {
      return unmet.isEmpty();
    }
  }

  private final PrototypeRegistry registry;
  private final EnvironmentFallback fallback;

  /**
   * @param registry the prototypes
   * @param fallback variable name to value, or null when the process-environment fallback is off
   */
  public RequirementEvaluator(PrototypeRegistry registry, Function<String, String> fallback) {
    this.registry = registry;
    this.fallback = new EnvironmentFallback(registry, fallback);
  }

  /**
   * Evaluates a plan. A plan whose requirements are all bound has one result, computed once.
   *
   * @param plan the plan
   * @return the phase-1 result
   */
  public Phase1 evaluate(Plans.Plan plan) {
    List<Requirement> unbound = plan.unbound();
    if (unbound.isEmpty()) {
      Phase1 complete = plan.complete();
      if (complete == null) {
        complete = new Phase1(plan.bound(), List.of(), List.of());
        plan.complete(complete);
      }
      return complete;
    }
    List<Fallback> fallbacks = new ArrayList<>(unbound.size());
    List<Unmet> unmet = new ArrayList<>(unbound.size());
    for (Requirement r : unbound) {
      EnvironmentFallback.Offer offer = fallback.offer(r);
      if (offer.values().isPresent()) {
        fallbacks.add(new Fallback(r, offer.values().get()));
      } else {
        unmet.add(new Unmet(r, offer.problem()));
      }
    }
    return new Phase1(plan.bound(), List.copyOf(fallbacks), List.copyOf(unmet));
  }

  /**
   * What keeps a bound credential from a launch at an instant: inactive, expired, or of a prototype
   * this engine does not know.
   *
   * @param b the bound requirement
   * @param now the instant
   * @return the reason, or empty when the credential is usable
   */
  public Optional<String> problem(Bound b, Instant now) {
    CredentialMetadata m = b.credential().metadata();
    Requirement r = b.requirement();
    if (!m.active()) {
      return Optional.of(
          "topic "
              + r.topic()
              + ": credential '"
              + m.name()
              + "' is inactive; activate it or bind"
              + " another");
    }
    if (m.isExpiredAt(now)) {
      return Optional.of(
          "topic "
              + r.topic()
              + ": credential '"
              + m.name()
              + "' expired at "
              + m.expiresAt().orElseThrow()
              + "; renew it or bind another");
    }
    if (registry.find(m.prototype()).isEmpty()) {
      return Optional.of(
          "topic "
              + r.topic()
              + ": credential '"
              + m.name()
              + "' is of prototype "
              + m.prototype()
              + ", which this engine does not know; register the prototype here too (import its"
              + " JSON document or add its provider) or bind a credential of a known prototype");
    }
    return Optional.empty();
  }

  /**
   * Why each unmet requirement is unmet, as a launch reports it: its state, the advice, and what
   * was wrong with the fallback's variables. Reads the tenant's candidates.
   *
   * @param repository where candidates are read
   * @param tenant the tenant
   * @param unmet the unmet requirements
   * @param now the instant candidates must be usable at
   * @return one reason per unmet requirement
   */
  public List<String> reasons(
      CredentialRepository repository, TenantId tenant, List<Unmet> unmet, Instant now) {
    if (unmet.isEmpty()) {
      return List.of();
    }
    return repository.read(
        uow -> {
          List<String> reasons = new ArrayList<>(unmet.size());
          for (Unmet u : unmet) {
            RequirementStatus rs = unboundStatus(uow, tenant, u.requirement(), now);
            reasons.add(
                "topic "
                    + u.requirement().topic()
                    + ": "
                    + rs.state()
                    + " — "
                    + rs.advice()
                    + u.fallbackProblem().map(p -> " Also, " + p + ".").orElse(""));
          }
          return reasons;
        });
  }

  /**
   * The message of a resolve that cannot go ahead.
   *
   * @param consumerId the consumer
   * @param unmet the unmet requirements
   * @return the message
   */
  public static String unmetMessage(String consumerId, List<Unmet> unmet) {
    StringBuilder sb =
        new StringBuilder("consumer '")
            .append(consumerId)
            .append("' cannot be resolved: no credential is bound to topic(s) ")
            .append(
                unmet.stream()
                    .map(u -> u.requirement().topic().name())
                    .collect(Collectors.joining(", ")))
            .append("; check its status and bind a credential to each");
    for (Unmet u : unmet) {
      u.fallbackProblem()
          .ifPresent(
              p -> sb.append(". Topic ").append(u.requirement().topic()).append(": ").append(p));
    }
    return sb.toString();
  }

  /**
   * The phase-1 status of a consumer, read in one unit of work.
   *
   * @param uow the unit of work
   * @param tenant the tenant
   * @param consumerId the consumer
   * @param now the instant candidates and expiry are judged at
   * @param lastKnown the last check result seen in this process, per credential
   * @return the status
   * @throws dev.credentials.UnknownConsumerException when the consumer is not declared
   */
  public ConsumerStatus status(
      UnitOfWork uow,
      TenantId tenant,
      String consumerId,
      Instant now,
      Function<CredentialMetadata, Optional<CheckResult>> lastKnown) {
    Plans.Plan plan = Plans.load(uow, 0, tenant, consumerId);
    Map<CredentialId, CheckResult> lastChecks =
        plan.bound().isEmpty()
            ? Map.of()
            : uow.checks()
                .latest(
                    tenant,
                    plan.bound().stream()
                        .map(b -> b.credential().metadata().id())
                        .collect(Collectors.toSet()));
    List<RequirementStatus> out = new ArrayList<>();
    int next = 0;
    for (Requirement r : plan.consumer().requirements()) {
      Bound b = next < plan.bound().size() ? plan.bound().get(next) : null;
      if (b != null && b.requirement() == r) {
        next++;
        CredentialMetadata m = b.credential().metadata();
        Optional<CheckResult> last =
            lastKnown.apply(m).or(() -> Optional.ofNullable(lastChecks.get(m.id())));
        Optional<TenantDefault> inherited = Optional.ofNullable(plan.inherited().get(r.topic()));
        out.add(
            new RequirementStatus(
                r,
                RequirementState.BOUND,
                providers(r),
                List.of(),
                Optional.of(b.binding()),
                Optional.of(m),
                last,
                inherited.map(d -> inheritedAdvice(d)).orElse("") + boundAdvice(r, m, last, now),
                inherited));
      } else {
        out.add(unboundStatus(uow, tenant, r, now));
      }
    }
    return new ConsumerStatus(consumerId, out);
  }

  private List<String> providers(Requirement r) {
    return registry.providing(r.topic()).stream().map(Prototype::code).toList();
  }

  private RequirementStatus unboundStatus(
      UnitOfWork uow, TenantId tenant, Requirement r, Instant now) {
    List<String> providers = providers(r);
    if (providers.isEmpty()) {
      return new RequirementStatus(
          r,
          RequirementState.PROVIDER_MISSING,
          providers,
          List.of(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          "No registered prototype provides topic '"
              + r.topic()
              + "'. Add a prototype provider that provides it to the class path, or import a"
              + " JSON prototype whose topics include it.");
    }
    List<CredentialMetadata> candidates = new ArrayList<>();
    for (StoredCredential s :
        uow.credentials().candidates(tenant, new HashSet<>(providers), now, MAX_CANDIDATES)) {
      candidates.add(s.metadata());
    }
    if (candidates.isEmpty()) {
      return new RequirementStatus(
          r,
          RequirementState.NO_CREDENTIAL,
          providers,
          List.of(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          "Tenant "
              + tenant
              + " has no usable credential of "
              + String.join(" or ", providers)
              + ". Create one, then bind it to topic '"
              + r.topic()
              + "'.");
    }
    return new RequirementStatus(
        r,
        RequirementState.UNASSIGNED,
        providers,
        candidates,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        candidates.size()
            + " candidate credential(s) can satisfy topic '"
            + r.topic()
            + "' ("
            + candidates.stream()
                .limit(5)
                .map(c -> c.name() + "@" + c.environment())
                .collect(Collectors.joining(", "))
            + "). Bind one of them.");
  }

  private static String inheritedAdvice(TenantDefault d) {
    return "Inherited from the tenant's default for topic '"
        + d.topic()
        + "' (set by "
        + d.setBy()
        + " at "
        + d.setAt()
        + "); bind a credential to this consumer to override it. ";
  }

  private String boundAdvice(
      Requirement r, CredentialMetadata m, Optional<CheckResult> last, Instant now) {
    StringBuilder sb =
        new StringBuilder("Bound to '")
            .append(m.name())
            .append("' (")
            .append(m.environment())
            .append(").");
    if (!m.active()) {
      sb.append(" The credential is inactive: launches are blocked until you activate it or bind")
          .append(" another to topic '")
          .append(r.topic())
          .append("'.");
    } else if (m.isExpiredAt(now)) {
      sb.append(" The credential has expired: renew it or bind another.");
    } else if (registry.find(m.prototype()).isEmpty()) {
      sb.append(" Its prototype ")
          .append(m.prototype())
          .append(" is not registered in this engine: launches are blocked until it is.");
    } else if (last.isPresent() && !last.get().state().allowsRun()) {
      sb.append(" Last live check: ")
          .append(last.get().state())
          .append(" — ")
          .append(last.get().message());
    } else {
      sb.append(" Nothing to do.");
    }
    return sb.toString();
  }
}
