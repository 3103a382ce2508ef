package dev.credentials.core;

import dev.credentials.Binding;
import dev.credentials.Caller;
import dev.credentials.CheckResult;
import dev.credentials.ConsumerStatus;
import dev.credentials.CredentialMetadata;
import dev.credentials.CredentialState;
import dev.credentials.LaunchDecision;
import dev.credentials.LaunchDecision.Outcome;
import dev.credentials.LaunchGate;
import dev.credentials.Requirement;
import dev.credentials.RequirementState;
import dev.credentials.RequirementStatus;
import dev.credentials.ResolvedEnvironment;
import dev.credentials.TenantId;
import dev.credentials.Topic;
import dev.credentials.spi.LaunchListener;
import dev.credentials.spi.Permission;
import dev.credentials.spi.StoredCredential;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The two-phase launch gate. */
final class LaunchGateImpl implements LaunchGate {

  private static final Logger LOG = LoggerFactory.getLogger(LaunchGateImpl.class);

  private record ConsumerKey(TenantId tenant, String consumerId) {}

  private record Deferrals(int count, Instant first) {}

  private final Engine engine;
  private final Plans plans;
  private final BindingsImpl bindings;
  private final LiveChecks checks;
  private final ResolverImpl resolver;
  private final DeferralPolicy policy;
  private final Map<ConsumerKey, Deferrals> deferrals = new ConcurrentHashMap<>();

  LaunchGateImpl(
      Engine engine,
      Plans plans,
      BindingsImpl bindings,
      LiveChecks checks,
      ResolverImpl resolver,
      DeferralPolicy policy) {
    this.engine = engine;
    this.plans = plans;
    this.bindings = bindings;
    this.checks = checks;
    this.resolver = resolver;
    this.policy = policy;
  }

  @Override
  public LaunchDecision prepare(Caller caller, String consumerId) {
    Objects.requireNonNull(consumerId, "consumerId");
    engine.require(caller, Permission.RESOLVE, "launch consumers", Optional.empty());
    TenantId tenant = caller.tenant();
    ConsumerKey key = new ConsumerKey(tenant, consumerId);
    Plans.Plan plan = plans.get(tenant, consumerId);
    Instant now = engine.clock.instant();

    // Phase 1: every requirement bound to a usable credential.
    Map<Topic, Binding> byTopic = new HashMap<>();
    plan.bindings().forEach(b -> byTopic.put(b.topic(), b));
    List<String> reasons = new ArrayList<>();
    boolean unbound = false;
    List<Binding> usable = new ArrayList<>();
    for (Requirement r : plan.consumer().requirements()) {
      Binding b = byTopic.get(r.topic());
      StoredCredential s = b == null ? null : plan.credentials().get(b.credentialId());
      if (s == null) {
        if (resolver.fallbackFor(r).isEmpty()) {
          unbound = true;
        }
      } else if (!s.metadata().active()) {
        reasons.add(
            "topic "
                + r.topic()
                + ": credential '"
                + s.metadata().name()
                + "' is inactive; activate it or bind another");
      } else if (s.metadata().isExpiredAt(now)) {
        reasons.add(
            "topic "
                + r.topic()
                + ": credential '"
                + s.metadata().name()
                + "' expired at "
                + s.metadata().expiresAt().orElseThrow()
                + "; renew it or bind another");
      } else {
        usable.add(b);
      }
    }
    if (unbound) {
      ConsumerStatus status = engine.read(uow -> bindings.status(uow, tenant, consumerId));
      for (RequirementStatus rs : status.requirements()) {
        if (rs.state() != RequirementState.BOUND
            && resolver.fallbackFor(rs.requirement()).isEmpty()) {
          reasons.add(
              "topic " + rs.requirement().topic() + ": " + rs.state() + " — " + rs.advice());
        }
      }
    }
    if (!reasons.isEmpty()) {
      deferrals.remove(key);
      return decided(tenant, block(consumerId, reasons, Map.of(), 0));
    }

    // Phase 2: live checks, worst state decides.
    Map<Topic, CheckResult> results = new LinkedHashMap<>();
    CredentialState worst = CredentialState.AVAILABLE;
    for (Binding b : usable) {
      CheckResult r = checks.current(caller, plan.credentials().get(b.credentialId()));
      results.put(b.topic(), r);
      worst = worst.worst(r.state());
    }
    if (worst == CredentialState.MISCONFIGURED) {
      deferrals.remove(key);
      return decided(tenant, block(consumerId, problems(plan, usable, results, worst), results, 0));
    }
    if (!worst.allowsRun()) {
      return decided(tenant, defer(key, plan, usable, results, now));
    }
    ResolvedEnvironment environment = resolver.environment(caller, plan, "launch");
    deferrals.remove(key);
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

  private LaunchDecision defer(
      ConsumerKey key,
      Plans.Plan plan,
      List<Binding> usable,
      Map<Topic, CheckResult> results,
      Instant now) {
    Deferrals d =
        deferrals.compute(
            key,
            (k, old) ->
                old == null ? new Deferrals(1, now) : new Deferrals(old.count() + 1, old.first()));
    List<String> reasons = new ArrayList<>();
    for (Binding b : usable) {
      CheckResult r = results.get(b.topic());
      if (r.state() == CredentialState.DEGRADED || r.state() == CredentialState.UNAVAILABLE) {
        reasons.add(reason(plan, b, r));
      }
    }
    Duration age = Duration.between(d.first(), now);
    if (d.count() > policy.maxDeferrals() || age.compareTo(policy.maxAge()) >= 0) {
      deferrals.remove(key);
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
    for (LaunchListener l : engine.listeners) {
      try {
        l.onDecision(tenant, decision);
      } catch (RuntimeException e) {
        LOG.warn("launch listener {} failed: {}", l.getClass().getName(), e.getClass().getName());
      }
    }
    return decision;
  }
}
