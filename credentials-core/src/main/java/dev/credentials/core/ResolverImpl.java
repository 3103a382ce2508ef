package dev.credentials.core;

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
import dev.credentials.internal.SortedDetails;
import dev.credentials.internal.ValueMap;
import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.Prototype;
import dev.credentials.spi.Permission;
import dev.credentials.spi.StoredCredential;
import dev.credentials.spi.UnitOfWork;
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

/** Resolves consumers into environments and single credentials by name. */
final class ResolverImpl implements CredentialResolver {

  private final Engine engine;
  private final StoreImpl store;
  private final Plans plans;
  private final Function<String, String> fallback;

  ResolverImpl(Engine engine, StoreImpl store, Plans plans, Function<String, String> fallback) {
    this.engine = engine;
    this.store = store;
    this.plans = plans;
    this.fallback = fallback;
  }

  /**
   * The opt-in transition aid: values for an unbound requirement taken from the process
   * environment, under the field codes of the first prototype providing the topic whose required
   * fields are all set there. Empty when the fallback is off or nothing matches.
   */
  Optional<Map<String, Secret>> fallbackFor(Requirement r) {
    if (fallback == null) {
      return Optional.empty();
    }
    for (Prototype p : engine.registry.providing(r.topic())) {
      Map<String, Secret> values = new LinkedHashMap<>();
      boolean complete = true;
      for (FieldDefinition f : p.fields()) {
        String v = fallback.apply(f.code());
        if (v != null && !v.isEmpty()) {
          values.put(f.code(), Secret.of(v));
        } else if (f.required() && f.condition().isEmpty()) {
          complete = false;
        }
      }
      if (complete && !values.isEmpty()) {
        return Optional.of(values);
      }
    }
    return Optional.empty();
  }

  @Override
  public ResolvedEnvironment resolve(Caller caller, String consumerId) {
    Objects.requireNonNull(consumerId, "consumerId");
    engine.require(caller, Permission.RESOLVE, "resolve credentials", Optional.empty());
    Plans.Plan plan = plans.get(caller.tenant(), consumerId);
    List<String> unmet = new ArrayList<>();
    for (Requirement r : plan.unbound()) {
      if (fallbackFor(r).isEmpty()) {
        unmet.add(r.topic().name());
      }
    }
    if (!unmet.isEmpty()) {
      throw new UnmetRequirementException(
          "consumer '"
              + consumerId
              + "' cannot be resolved: no credential is bound to topic(s) "
              + String.join(", ", unmet)
              + "; check its status and bind a credential to each");
    }
    return environment(caller, plan, "resolve");
  }

  /**
   * Opens every bound credential of a plan and builds the environment; one access per credential is
   * audited before the environment is returned.
   */
  ResolvedEnvironment environment(Caller caller, Plans.Plan plan, String via) {
    List<Binding> bindings = plan.bindings();
    int n = bindings.size();
    // Within a plan every credential is one stored version, so the variables, their provenance, the
    // absence of clashes and the audit details are the same on every resolve: worked out on the
    // first, then reused.
    Map<String, CredentialId> known = plan.provenance();
    List<AccessJournal.Read> knownReads = plan.reads(via);
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
    List<AccessJournal.Read> reads = knownReads == null ? new ArrayList<>(n) : knownReads;
    Instant now = engine.clock.instant();
    for (int i = 0; i < n; i++) {
      Binding b = bindings.get(i);
      StoredCredential stored = plan.credentials().get(b.credentialId());
      if (stored == null) {
        continue;
      }
      Map<String, Secret> values = open(caller, stored, via, now);
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
            new AccessJournal.Read(
                Optional.of(b.credentialId()), accessDetails(b, via, values.keySet())));
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
        variables = ValueMap.of(names, values);
      }
      plan.variables(names);
      plan.provenance(provenance);
    }
    if (knownReads == null) {
      reads = List.copyOf(reads);
      plan.reads(via, reads);
    }
    if (variables == null) {
      if (count == slots.length) {
        variables = ValueMap.of(knownVariables, slots);
      } else { // fewer variables than the plan's (cannot happen): stay correct
        variables = new HashMap<>();
        for (int j = 0; j < count; j++) {
          variables.put(knownVariables.get(j), slots[j]);
        }
      }
    }
    Set<String> fallbackVariables = Set.of();
    List<AccessJournal.Read> fallbackReads = List.of();
    for (Requirement r : plan.unbound()) {
      Optional<Map<String, Secret>> values = fallbackFor(r);
      if (values.isEmpty()) {
        continue;
      }
      if (fallbackVariables.isEmpty()) {
        fallbackVariables = new TreeSet<>();
      }
      for (Map.Entry<String, Secret> e : values.get().entrySet()) {
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
      details.put("via", via + " (process-environment fallback)");
      details.put("topic", r.topic().name());
      details.put("fields", String.join(",", new TreeSet<>(values.get().keySet())));
      if (fallbackReads.isEmpty()) {
        fallbackReads = new ArrayList<>();
      }
      fallbackReads.add(new AccessJournal.Read(Optional.empty(), details));
    }
    ResolvedEnvironment environment =
        new ResolvedEnvironment(variables, provenance, fallbackVariables);
    if (!fallbackReads.isEmpty()) {
      List<AccessJournal.Read> all = new ArrayList<>(reads);
      all.addAll(fallbackReads);
      reads = all;
    }
    engine.accesses.record(new AccessJournal.Access(caller, now, plan.consumerId(), reads));
    return environment;
  }

  private static boolean sameName(String a, String b) {
    return a == b || a.equals(b);
  }

  /** The details of one credential's access event: how, which topic, which fields. */
  private static Map<String, String> accessDetails(Binding b, String via, Set<String> fields) {
    Map<String, String> details = new TreeMap<>();
    details.put("via", via);
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

  private Map<String, Secret> open(
      Caller caller, StoredCredential stored, String via, Instant now) {
    Optional<Map<String, Secret>> cached = plans.cachedValues(stored);
    if (cached.isPresent() && stored.metadata().active() && !stored.metadata().isExpiredAt(now)) {
      return cached.get();
    }
    Map<String, Secret> values = store.open(caller, stored, via, now);
    plans.cacheValues(stored, values);
    return values;
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
    engine.require(caller, Permission.RESOLVE, "resolve credentials", Optional.empty());
    Optional<StoredCredential> found = engine.read(new ByName(caller.tenant(), name, environment));
    if (found.isEmpty()) {
      engine.auditAlone(
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
    Instant now = engine.clock.instant();
    Map<String, Secret> values = open(caller, stored, "resolve", now);
    engine.accessed(
        caller,
        now,
        Optional.of(stored.metadata().id()),
        Optional.empty(),
        nameDetails(ValueMap.fieldList(values)));
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
    return byName(caller, name, engine.defaultEnvironment);
  }
}
