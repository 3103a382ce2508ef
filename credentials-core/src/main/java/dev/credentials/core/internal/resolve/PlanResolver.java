package dev.credentials.core.internal.resolve;

import dev.credentials.Binding;
import dev.credentials.Caller;
import dev.credentials.CredentialId;
import dev.credentials.CredentialMetadata;
import dev.credentials.CredentialResolver;
import dev.credentials.EnvironmentClashException;
import dev.credentials.Requirement;
import dev.credentials.ResolvedEnvironment;
import dev.credentials.RevealedCredential;
import dev.credentials.Secret;
import dev.credentials.TenantId;
import dev.credentials.UnmetRequirementException;
import dev.credentials.audit.AuditAction;
import dev.credentials.core.internal.access.AccessGuard;
import dev.credentials.core.internal.access.AccessKind;
import dev.credentials.core.internal.audit.AccessLog;
import dev.credentials.core.internal.audit.AuditedWrites;
import dev.credentials.core.internal.source.WatchedSourceReader;
import dev.credentials.core.internal.vault.ValueVault;
import dev.credentials.internal.BufferAdoption;
import dev.credentials.internal.SortedDetails;
import dev.credentials.internal.ValueMap;
import dev.credentials.spi.CredentialRepository;
import dev.credentials.spi.Permission;
import dev.credentials.spi.StoredCredential;
import dev.credentials.spi.UnitOfWork;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Resolves consumers into environments from cached plans, and single credentials by name. Phase 1
 * comes from the {@link RequirementEvaluator}; values come from the {@link ValueVault}; every read
 * is recorded in the {@link AccessLog} before the values are returned.
 */
public final class PlanResolver implements CredentialResolver {

  /** The environment adopts the array of values a resolve fills: no copy. */
  private static final BufferAdoption ADOPTION = BufferAdoption.grant();

  private final AccessGuard guard;
  private final Plans plans;
  private final RequirementEvaluator evaluator;
  private final ValueVault vault;
  private final AccessLog accesses;
  private final AuditedWrites writes;
  private final CredentialRepository repository;
  private final Clock clock;
  private final String defaultEnvironment;
  private final FreshTokens tokens;

  /**
   * @param guard who may resolve
   * @param plans the cached plans
   * @param evaluator phase 1
   * @param vault where values are opened
   * @param accesses where reads are audited
   * @param writes where failed lookups by name are audited
   * @param repository where credentials are looked up by name
   * @param clock the engine's clock
   * @param defaultEnvironment the environment of a lookup by name that names none
   * @param tokens where an expired OAuth 2.0 access token is refreshed before it is resolved
   */
  public PlanResolver(
      AccessGuard guard,
      Plans plans,
      RequirementEvaluator evaluator,
      ValueVault vault,
      AccessLog accesses,
      AuditedWrites writes,
      CredentialRepository repository,
      Clock clock,
      String defaultEnvironment,
      FreshTokens tokens) {
    this.guard = guard;
    this.plans = plans;
    this.evaluator = evaluator;
    this.vault = vault;
    this.accesses = accesses;
    this.writes = writes;
    this.repository = repository;
    this.clock = clock;
    this.defaultEnvironment = defaultEnvironment;
    this.tokens = tokens;
  }

  @Override
  public ResolvedEnvironment resolve(Caller caller, String consumerId) {
    Objects.requireNonNull(consumerId, "consumerId");
    guard.require(caller, Permission.RESOLVE, "resolve credentials", Optional.empty());
    Plans.Plan plan = plans.get(caller.tenant(), consumerId);
    RequirementEvaluator.Phase1 phase1 = evaluator.evaluate(plan);
    if (!phase1.satisfied()) {
      throw new UnmetRequirementException(
          RequirementEvaluator.unmetMessage(consumerId, phase1.unmet()));
    }
    return environment(caller, plan, phase1, AccessKind.RESOLVE);
  }

  /**
   * Opens every bound credential of a plan and builds the environment, with the variables of the
   * fallbacks phase 1 found; one access per credential is audited before the environment is
   * returned.
   *
   * @param caller who reads
   * @param plan the plan
   * @param phase1 its phase-1 result, every requirement satisfied
   * @param kind a resolve or a launch
   * @return the environment
   * @throws EnvironmentClashException when two sources define one variable
   */
  public ResolvedEnvironment environment(
      Caller caller, Plans.Plan plan, RequirementEvaluator.Phase1 phase1, AccessKind kind) {
    List<Binding> bindings = plan.bindings();
    int n = bindings.size();
    // Within a plan every credential is one stored version, so the variables, their provenance, the
    // absence of clashes and the audit details are the same on every resolve: worked out on the
    // first, then reused.
    // A sourced credential's fields can change between reads: such a plan works them out each time.
    boolean sourced = hasSourced(plan);
    Map<String, CredentialId> known = sourced ? null : plan.provenance();
    List<AccessLog.Read> knownReads = sourced ? null : plan.reads(kind);
    // A known plan without fallbacks has the same variables in the same order on every resolve and
    // no clash: its values go into an array under the plan's shared keys, and that is the
    // immutable environment, without a hash map to build or copy.
    ValueMap.Keys knownVariables = known == null ? null : plan.variables();
    Secret[] slots =
        knownVariables != null && plan.unbound().isEmpty()
            ? new Secret[knownVariables.size()]
            : null;
    int count = 0;
    Map<String, Secret> variables = slots == null ? new HashMap<>(16) : null;
    List<String> order = known == null ? new ArrayList<>() : null;
    Map<String, CredentialId> provenance = known == null ? new HashMap<>() : known;
    List<AccessLog.Read> reads = knownReads == null ? new ArrayList<>(n) : knownReads;
    Instant now = clock.instant();
    for (int i = 0; i < n; i++) {
      Binding b = bindings.get(i);
      StoredCredential stored = plan.credentials().get(b.credentialId());
      if (stored == null) {
        continue;
      }
      Map<String, Secret> values = vault.openCached(caller, stored, kind, now);
      StoredCredential fresh = tokens.fresh(stored, values, now);
      if (fresh != stored) { // its access token had expired and was refreshed
        values = vault.openCached(caller, fresh, kind, now);
      }
      // the engine's maps are walked by position: no entry set, iterator or entries
      ValueMap indexed = ValueMap.copyOf(values);
      for (int k = 0, size = indexed.size(); k < size; k++) {
        String code = indexed.codeAt(k);
        Secret value = indexed.valueAt(k);
        String variable = b.variableFor(code);
        if (known == null) {
          CredentialId other = provenance.putIfAbsent(variable, b.credentialId());
          if (other != null) {
            throw clash(variable, firstBindingOf(plan, other, i), b, plan);
          }
          order.add(variable);
        }
        if (slots != null
            && count < slots.length
            && sameName(knownVariables.get(count), variable)) {
          slots[count++] = value;
        } else {
          // not the plan's variables after all (cannot happen): stay correct with a hash map
          if (variables == null) {
            variables = new HashMap<>();
            for (int j = 0; j < count; j++) {
              variables.put(knownVariables.get(j), slots[j]);
            }
            slots = null;
          }
          variables.put(variable, value);
        }
      }
      if (knownReads == null) {
        reads.add(
            new AccessLog.Read(
                Optional.of(b.credentialId()),
                accessDetails(b, kind, values.keySet(), stored.metadata())));
      }
    }
    if (known == null) {
      provenance = Map.copyOf(provenance);
      ValueMap.Keys names = ValueMap.Keys.of(order.toArray(new String[0]));
      if (plan.unbound().isEmpty()) { // the same form and order as every later resolve
        Secret[] values = new Secret[names.size()];
        for (int j = 0; j < values.length; j++) {
          values[j] = variables.get(names.get(j));
        }
        variables = ValueMap.adopt(names, values, ADOPTION);
      }
      if (!sourced) {
        plan.variables(names);
        plan.provenance(provenance);
      }
    }
    if (knownReads == null) {
      reads = List.copyOf(reads);
      if (!sourced) {
        plan.reads(kind, reads);
      }
    }
    if (variables == null) {
      if (count == slots.length) {
        variables = ValueMap.adopt(knownVariables, slots, ADOPTION);
      } else { // fewer variables than the plan's (cannot happen): stay correct
        variables = new HashMap<>();
        for (int j = 0; j < count; j++) {
          variables.put(knownVariables.get(j), slots[j]);
        }
      }
    }
    Set<String> fallbackVariables = Set.of();
    List<AccessLog.Read> fallbackReads = List.of();
    for (RequirementEvaluator.Fallback f : phase1.fallbacks()) {
      Requirement r = f.requirement();
      if (fallbackVariables.isEmpty()) {
        fallbackVariables = new TreeSet<>();
      }
      for (Map.Entry<String, Secret> e : f.values().entrySet()) {
        if (variables.containsKey(e.getKey())) {
          throw new EnvironmentClashException(
              "variable "
                  + e.getKey()
                  + " of consumer '"
                  + plan.consumer().id()
                  + "' is defined by a bound credential and by the process-environment fallback"
                  + " for topic "
                  + r.topic()
                  + "; bind a credential to topic "
                  + r.topic()
                  + " instead");
        }
        variables.put(e.getKey(), e.getValue());
        fallbackVariables.add(e.getKey());
      }
      Map<String, String> details = new LinkedHashMap<>();
      details.put("via", kind.label() + " (process-environment fallback)");
      details.put("source", "env:*");
      details.put("topic", r.topic().name());
      details.put("fields", String.join(",", new TreeSet<>(f.values().keySet())));
      if (fallbackReads.isEmpty()) {
        fallbackReads = new ArrayList<>();
      }
      fallbackReads.add(new AccessLog.Read(Optional.empty(), details));
    }
    ResolvedEnvironment environment =
        new ResolvedEnvironment(variables, provenance, fallbackVariables);
    if (!fallbackReads.isEmpty()) {
      List<AccessLog.Read> all = new ArrayList<>(reads);
      all.addAll(fallbackReads);
      reads = all;
    }
    accesses.record(new AccessLog.Access(caller, now, plan.consumerId(), reads));
    return environment;
  }

  private static boolean sameName(String a, String b) {
    return a == b || a.equals(b);
  }

  private static boolean hasSourced(Plans.Plan plan) {
    for (StoredCredential s : plan.credentials().values()) {
      if (s.metadata().isSourced()) {
        return true;
      }
    }
    return false;
  }

  /** The details of one credential's access event: how, which topic, which fields, what source. */
  private static Map<String, String> accessDetails(
      Binding b, AccessKind kind, Set<String> fields, CredentialMetadata m) {
    Map<String, String> details = new TreeMap<>();
    m.source().ifPresent(r -> details.put("source", WatchedSourceReader.describe(r)));
    details.put("via", kind.label());
    details.put("topic", b.topic().name());
    details.put("fields", String.join(",", new TreeSet<>(fields)));
    return SortedDetails.copyOf(details); // frozen once per plan: events share it, never copy it
  }

  /** The binding before {@code before} that supplies credential {@code id}. */
  private static Binding firstBindingOf(Plans.Plan plan, CredentialId id, int before) {
    for (int j = 0; j < before; j++) {
      if (plan.bindings().get(j).credentialId().equals(id)) {
        return plan.bindings().get(j);
      }
    }
    throw new IllegalStateException("no binding supplies " + id);
  }

  private static EnvironmentClashException clash(
      String variable, Binding first, Binding second, Plans.Plan plan) {
    return new EnvironmentClashException(
        "variable "
            + variable
            + " of consumer '"
            + plan.consumer().id()
            + "' is defined by credential "
            + describe(first, plan)
            + " and by credential "
            + describe(second, plan)
            + "; give one of the bindings a variable prefix");
  }

  private static String describe(Binding b, Plans.Plan plan) {
    CredentialMetadata m = plan.credentials().get(b.credentialId()).metadata();
    return "'" + m.name() + "' (" + m.id() + ", topic " + b.topic() + ")";
  }

  @Override
  public RevealedCredential byName(Caller caller, String name, String environment) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(environment, "environment");
    guard.require(caller, Permission.RESOLVE, "resolve credentials", Optional.empty());
    Optional<StoredCredential> found =
        repository.read(new ByName(caller.tenant(), name, environment));
    if (found.isEmpty()) {
      writes.auditAlone(
          caller,
          AuditAction.ACCESS_FAILED,
          Optional.empty(),
          Optional.empty(),
          Map.of("reason", "not found", "name", name, "environment", environment));
      throw new dev.credentials.CredentialNotFoundException(
          "no credential named '"
              + name
              + "' in environment '"
              + environment
              + "' of tenant "
              + caller.tenant()
              + "; create it or check the name and environment");
    }
    StoredCredential stored = found.get();
    Instant now = clock.instant();
    Map<String, Secret> values = vault.openCached(caller, stored, AccessKind.RESOLVE, now);
    StoredCredential fresh = tokens.fresh(stored, values, now);
    if (fresh != stored) { // its access token had expired and was refreshed
      stored = fresh;
      values = vault.openCached(caller, stored, AccessKind.RESOLVE, now);
    }
    accesses.record(
        caller,
        now,
        Optional.of(stored.metadata().id()),
        Optional.empty(),
        stored.metadata().source().isPresent()
            ? Map.of(
                "via",
                "name",
                "fields",
                ValueMap.fieldList(values),
                "source",
                WatchedSourceReader.describe(stored.metadata().source().get()))
            : nameDetails(ValueMap.fieldList(values)));
    return new RevealedCredential(stored.metadata(), values);
  }

  /**
   * The read of a credential by name, as a class rather than a capturing lambda: a lambda's
   * allocation went through an uninlined method handle ({@code
   * DirectMethodHandle.allocateInstance}) in CPU profiles of this path.
   */
  private record ByName(TenantId tenant, String name, String environment)
      implements Function<UnitOfWork, Optional<StoredCredential>> {
    @Override
    public Optional<StoredCredential> apply(UnitOfWork uow) {
      return uow.credentials().findByName(tenant, name, environment);
    }
  }

  /** The details of the last access by name, for the list of fields it read. */
  private record NameDetails(String fields, Map<String, String> details) {}

  /** Racy on purpose: a record's final fields publish it safely, and a miss only builds anew. */
  private NameDetails lastNameDetails;

  /**
   * The details of an access by name. Most reads by name read the same fields (the list is one
   * string per prototype's set of fields), so the last map is reused while its fields are equal.
   */
  private Map<String, String> nameDetails(String fields) {
    NameDetails d = lastNameDetails;
    if (d == null || !d.fields().equals(fields)) {
      d = new NameDetails(fields, Map.of("via", "name", "fields", fields));
      lastNameDetails = d;
    }
    return d.details();
  }

  @Override
  public RevealedCredential byName(Caller caller, String name) {
    return byName(caller, name, defaultEnvironment);
  }
}
