package dev.credentials.core.internal.launch;

import dev.credentials.Binding;
import dev.credentials.Caller;
import dev.credentials.CheckResult;
import dev.credentials.CredentialMetadata;
import dev.credentials.CredentialSourceException;
import dev.credentials.CredentialState;
import dev.credentials.CredentialValidationException;
import dev.credentials.LaunchDecision;
import dev.credentials.LaunchDecision.Outcome;
import dev.credentials.LaunchGate;
import dev.credentials.ResolvedEnvironment;
import dev.credentials.TenantId;
import dev.credentials.Topic;
import dev.credentials.core.DeferralPolicy;
import dev.credentials.core.internal.access.AccessGuard;
import dev.credentials.core.internal.access.AccessKind;
import dev.credentials.core.internal.resolve.PlanResolver;
import dev.credentials.core.internal.resolve.Plans;
import dev.credentials.core.internal.resolve.RequirementEvaluator;
import dev.credentials.spi.CredentialRepository;
import dev.credentials.spi.DeferralCount;
import dev.credentials.spi.Permission;
import dev.credentials.spi.StoredCredential;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The two-phase launch gate: phase 1 from the {@link RequirementEvaluator} (every requirement
 * satisfied by a usable credential or the fallback), phase 2 from the {@link LiveChecks} (the worst
 * state decides RUN, DEFER or BLOCK), and on RUN the environment from the {@link PlanResolver}.
 */
public final class TwoPhaseLaunchGate implements LaunchGate {

  private record ConsumerKey(TenantId tenant, String consumerId) {}

  private final AccessGuard guard;
  private final Plans plans;
  private final RequirementEvaluator evaluator;
  private final LiveChecks checks;
  private final PlanResolver resolver;
  private final DeferralPolicy policy;
  private final LaunchListeners listeners;
  private final CredentialRepository repository;
  private final Clock clock;
  private final SharedDeferrals deferrals;
  private final TokenProblems tokens;

  /**
   * @param guard who may launch
   * @param plans the cached plans
   * @param evaluator phase 1
   * @param checks phase 2
   * @param resolver the environment of a RUN
   * @param policy how deferrals back off and give up
   * @param listeners who hears of decisions
   * @param repository where the advice for unmet requirements is read
   * @param clock the engine's clock
   * @param deferrals the consecutive deferrals of each consumer, shared by engines
   * @param tokens expired OAuth 2.0 tokens refreshed before a launch, and failed refreshes
   */
  public TwoPhaseLaunchGate(
      AccessGuard guard,
      Plans plans,
      RequirementEvaluator evaluator,
      LiveChecks checks,
      PlanResolver resolver,
      DeferralPolicy policy,
      LaunchListeners listeners,
      CredentialRepository repository,
      Clock clock,
      SharedDeferrals deferrals,
      TokenProblems tokens) {
    this.guard = guard;
    this.plans = plans;
    this.evaluator = evaluator;
    this.checks = checks;
    this.resolver = resolver;
    this.policy = policy;
    this.listeners = listeners;
    this.repository = repository;
    this.clock = clock;
    this.deferrals = deferrals;
    this.tokens = tokens;
  }

  @Override
  public LaunchDecision prepare(Caller caller, String consumerId) {
    Objects.requireNonNull(consumerId, "consumerId");
    guard.require(caller, Permission.RESOLVE, "launch consumers", Optional.empty());
    TenantId tenant = caller.tenant();
    ConsumerKey key = new ConsumerKey(tenant, consumerId);
    Plans.Plan plan = plans.get(tenant, consumerId);
    Instant now = clock.instant();

    // Phase 1: every requirement bound to a usable credential or met by the fallback.
    RequirementEvaluator.Phase1 phase1 = evaluator.evaluate(plan);
    List<String> reasons = new ArrayList<>();
    List<Binding> usable = new ArrayList<>(phase1.bound().size());
    for (RequirementEvaluator.Bound b : phase1.bound()) {
      Optional<String> problem = evaluator.problem(b, now);
      if (problem.isPresent()) {
        reasons.add(problem.get());
      } else {
        usable.add(b.binding());
      }
    }
    reasons.addAll(evaluator.reasons(repository, tenant, phase1.unmet(), now));
    if (!reasons.isEmpty()) {
      deferrals.blocked(tenant, consumerId);
      return decided(tenant, block(consumerId, reasons, Map.of(), 0));
    }

    // Phase 2: live checks, worst state decides. The results go straight into the immutable map
    // the decision holds (one topic per binding), so the decision does not copy them again.
    @SuppressWarnings({"unchecked", "rawtypes"})
    Map.Entry<Topic, CheckResult>[] entries = new Map.Entry[usable.size()];
    CredentialState worst = CredentialState.AVAILABLE;
    for (int i = 0; i < entries.length; i++) {
      Binding b = usable.get(i);
      StoredCredential stored = plan.credentials().get(b.credentialId());
      CheckResult r;
      try {
        r = checks.current(caller, stored);
      } catch (CredentialSourceException | CredentialValidationException e) {
        if (!stored.metadata().isSourced()) {
          throw e;
        }
        r = sourceProblem(e, now);
      }
      Optional<CheckResult> token = tokens.beforeLaunch(caller, stored);
      if (token.isPresent() && r.state().worst(token.get().state()) != r.state()) {
        r = token.get();
      }
      entries[i] = Map.entry(b.topic(), r);
      worst = worst.worst(r.state());
    }
    Map<Topic, CheckResult> results = Map.ofEntries(entries);
    if (worst == CredentialState.MISCONFIGURED) {
      deferrals.blocked(tenant, consumerId);
      return decided(tenant, block(consumerId, problems(plan, usable, results, worst), results, 0));
    }
    if (!worst.allowsRun()) {
      return decided(tenant, defer(key, plan, usable, results, now));
    }
    ResolvedEnvironment environment;
    try {
      environment = resolver.environment(caller, plan, phase1, AccessKind.LAUNCH);
    } catch (CredentialSourceException | CredentialValidationException e) {
      // a source that failed after the checks (or a prototype without one): the sourced bindings
      // are what may have failed, so each is reported with the source's problem
      CheckResult problem = sourceProblem(e, now);
      Map<Topic, CheckResult> reported = new LinkedHashMap<>(results);
      for (Binding b : usable) {
        if (plan.credentials().get(b.credentialId()).metadata().isSourced()) {
          reported.put(b.topic(), problem);
        }
      }
      if (problem.state() == CredentialState.MISCONFIGURED) {
        deferrals.blocked(tenant, consumerId);
        return decided(
            tenant,
            block(consumerId, problems(plan, usable, reported, problem.state()), reported, 0));
      }
      return decided(tenant, defer(key, plan, usable, reported, now));
    }
    deferrals.ran(tenant, consumerId, results);
    return decided(
        tenant,
        new LaunchDecision(
            consumerId,
            Outcome.RUN,
            Optional.empty(),
            List.of(),
            results,
            Optional.of(environment),
            0));
  }

  /**
   * A sourced credential's values could not be had: a source that cannot deliver is {@code
   * UNAVAILABLE} (retried after the default delay), values that break the prototype's rules are
   * {@code MISCONFIGURED}. The messages name source and location, never a value.
   */
  private static CheckResult sourceProblem(RuntimeException e, Instant now) {
    if (e instanceof CredentialValidationException v) {
      return new CheckResult(
          CredentialState.MISCONFIGURED,
          v.getMessage(),
          now,
          0,
          Map.of("problem", "source values break the prototype's rules"));
    }
    CredentialSourceException s = (CredentialSourceException) e;
    return new CheckResult(
        CredentialState.UNAVAILABLE,
        s.getMessage(),
        now,
        0,
        Map.of("source", s.source(), "reason", s.reason().name()));
  }

  private LaunchDecision defer(
      ConsumerKey key,
      Plans.Plan plan,
      List<Binding> usable,
      Map<Topic, CheckResult> results,
      Instant now) {
    DeferralCount d = deferrals.deferred(key.tenant(), key.consumerId(), now);
    List<String> reasons = new ArrayList<>();
    for (Binding b : usable) {
      CheckResult r = results.get(b.topic());
      if (r.state() == CredentialState.DEGRADED || r.state() == CredentialState.UNAVAILABLE) {
        reasons.add(reason(plan, b, r));
      }
    }
    Duration age = Duration.between(d.first(), now);
    if (d.count() > policy.maxDeferrals() || age.compareTo(policy.maxAge()) >= 0) {
      deferrals.blocked(key.tenant(), key.consumerId());
      reasons.add(
          0,
          "deferred "
              + (d.count() - 1)
              + " times since "
              + d.first()
              + " and still not available; giving up (limits: "
              + policy.maxDeferrals()
              + " deferrals or "
              + policy.maxAge()
              + ")");
      return block(key.consumerId(), reasons, results, d.count() - 1);
    }
    Instant retryAt = now;
    for (CheckResult r : results.values()) {
      if (r.state() == CredentialState.DEGRADED || r.state() == CredentialState.UNAVAILABLE) {
        Duration base =
            r.ttlSeconds() > 0 ? Duration.ofSeconds(r.ttlSeconds()) : DeferralPolicy.DEFAULT_RETRY;
        Instant at = r.checkedAt().plus(policy.delay(base, d.count()));
        if (at.isAfter(retryAt)) {
          retryAt = at;
        }
      }
    }
    if (!retryAt.isAfter(now)) {
      retryAt = now.plus(DeferralPolicy.DEFAULT_RETRY);
    }
    return new LaunchDecision(
        key.consumerId(),
        Outcome.DEFER,
        Optional.of(retryAt),
        reasons,
        results,
        Optional.empty(),
        d.count());
  }

  private static List<String> problems(
      Plans.Plan plan,
      List<Binding> usable,
      Map<Topic, CheckResult> results,
      CredentialState state) {
    List<String> reasons = new ArrayList<>();
    for (Binding b : usable) {
      CheckResult r = results.get(b.topic());
      if (r.state() == state) {
        reasons.add(reason(plan, b, r) + "; fix the credential's values, then launch again");
      }
    }
    return reasons;
  }

  private static String reason(Plans.Plan plan, Binding b, CheckResult r) {
    CredentialMetadata m = plan.credentials().get(b.credentialId()).metadata();
    return "topic "
        + b.topic()
        + ": credential '"
        + m.name()
        + "' is "
        + r.state()
        + ": "
        + r.message();
  }

  private static LaunchDecision block(
      String consumerId, List<String> reasons, Map<Topic, CheckResult> results, int deferrals) {
    return new LaunchDecision(
        consumerId, Outcome.BLOCK, Optional.empty(), reasons, results, Optional.empty(), deferrals);
  }

  private LaunchDecision decided(TenantId tenant, LaunchDecision decision) {
    return listeners.decided(tenant, decision);
  }
}
