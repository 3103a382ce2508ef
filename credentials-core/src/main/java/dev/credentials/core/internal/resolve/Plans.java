package dev.credentials.core.internal.resolve;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.credentials.Binding;
import dev.credentials.Consumer;
import dev.credentials.CredentialId;
import dev.credentials.Requirement;
import dev.credentials.TenantDefault;
import dev.credentials.TenantId;
import dev.credentials.Topic;
import dev.credentials.UnknownConsumerException;
import dev.credentials.core.internal.access.AccessKind;
import dev.credentials.core.internal.audit.AccessLog;
import dev.credentials.internal.ValueMap;
import dev.credentials.spi.CredentialRepository;
import dev.credentials.spi.StoredCredential;
import dev.credentials.spi.UnitOfWork;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Caches what a resolve or a launch needs: the consumer, its bindings and the bound credentials'
 * ciphertext, keyed by tenant and consumer. (Plaintext is cached, when the host opts in, by the
 * value vault.)
 *
 * <p>Every entry carries the tenant's generation at the time its load began; any change in the
 * tenant bumps the generation, so an entry loaded before a concurrent change is never served after
 * it. Invalidation is therefore O(1) and exact within this process. Other processes sharing the
 * repository see changes after the TTL.
 */
public final class Plans {

  /**
   * What a resolve needs, and what follows from it alone: each requirement's binding to a present
   * credential (or none), and (filled on first use) the details of each binding's access event.
   */
  public static final class Plan {
    private final long generation;
    private final Consumer consumer;
    private final Optional<String> consumerId;
    private final List<Binding> bindings;
    private final Map<CredentialId, StoredCredential> credentials;
    private final List<RequirementEvaluator.Bound> bound;
    private final List<Requirement> unbound;
    private final Map<Topic, TenantDefault> inherited;
    private volatile RequirementEvaluator.Phase1 complete;
    private volatile List<AccessLog.Read> resolveReads;
    private volatile List<AccessLog.Read> launchReads;
    private volatile Map<String, CredentialId> provenance;
    private volatile ValueMap.Keys variables;

    /**
     * A plan of what was read in one unit of work.
     *
     * @param generation the tenant's generation when the read began
     * @param consumer the consumer
     * @param bindings its bindings
     * @param credentials the bound credentials that exist
     */
    public Plan(
        long generation,
        Consumer consumer,
        List<Binding> bindings,
        Map<CredentialId, StoredCredential> credentials) {
      this(generation, consumer, bindings, credentials, Map.of());
    }

    /**
     * A plan of what was read in one unit of work, with the bindings inherited from the tenant's
     * defaults among {@code bindings}.
     *
     * @param generation the tenant's generation when the read began
     * @param consumer the consumer
     * @param bindings its bindings, own and inherited
     * @param credentials the bound credentials that exist
     * @param inherited the tenant defaults the inherited bindings come from, by topic
     */
    public Plan(
        long generation,
        Consumer consumer,
        List<Binding> bindings,
        Map<CredentialId, StoredCredential> credentials,
        Map<Topic, TenantDefault> inherited) {
      this.inherited = Map.copyOf(inherited);
      this.generation = generation;
      this.consumer = consumer;
      this.consumerId = Optional.of(consumer.id());
      this.bindings = List.copyOf(bindings);
      this.credentials = Map.copyOf(credentials);
      Map<Topic, Binding> byTopic = new HashMap<>();
      this.bindings.forEach(b -> byTopic.put(b.topic(), b));
      List<RequirementEvaluator.Bound> boundList = new ArrayList<>();
      List<Requirement> unboundList = new ArrayList<>();
      for (Requirement r : consumer.requirements()) {
        Binding b = byTopic.get(r.topic());
        StoredCredential s = b == null ? null : this.credentials.get(b.credentialId());
        if (s == null) {
          unboundList.add(r);
        } else {
          boundList.add(new RequirementEvaluator.Bound(r, b, s));
        }
      }
      this.bound = List.copyOf(boundList);
      this.unbound = List.copyOf(unboundList);
    }

    long generation() {
      return generation;
    }

    /**
     * @return the consumer
     */
    public Consumer consumer() {
      return consumer;
    }

    /**
     * @return the consumer's id, as access events carry it
     */
    public Optional<String> consumerId() {
      return consumerId;
    }

    /**
     * @return the consumer's bindings, in the repository's order
     */
    public List<Binding> bindings() {
      return bindings;
    }

    /**
     * @return the tenant defaults the plan's inherited bindings come from, by topic
     */
    public Map<Topic, TenantDefault> inherited() {
      return inherited;
    }

    /**
     * @return the bound credentials that exist, by id
     */
    public Map<CredentialId, StoredCredential> credentials() {
      return credentials;
    }

    /** The requirements bound to a present credential, in the consumer's order. */
    List<RequirementEvaluator.Bound> bound() {
      return bound;
    }

    /** The consumer's requirements that no present credential is bound to. */
    List<Requirement> unbound() {
      return unbound;
    }

    /** The phase-1 result of a plan without unbound requirements, once computed; or null. */
    RequirementEvaluator.Phase1 complete() {
      return complete;
    }

    void complete(RequirementEvaluator.Phase1 phase1) {
      complete = phase1;
    }

    /**
     * The variable names of a resolve, in the order a resolve fills them; null before the first.
     */
    ValueMap.Keys variables() {
      return variables;
    }

    void variables(ValueMap.Keys names) {
      variables = names;
    }

    /** Variable to credential of the bound credentials, once a resolve found no clash; or null. */
    Map<String, CredentialId> provenance() {
      return provenance;
    }

    void provenance(Map<String, CredentialId> clashFree) {
      provenance = clashFree;
    }

    /** The access reads of a resolve or a launch, once known; or null. */
    List<AccessLog.Read> reads(AccessKind kind) {
      return switch (kind) {
        case RESOLVE -> resolveReads;
        case LAUNCH -> launchReads;
        default -> null;
      };
    }

    void reads(AccessKind kind, List<AccessLog.Read> reads) {
      switch (kind) {
        case RESOLVE -> resolveReads = reads;
        case LAUNCH -> launchReads = reads;
        default -> {}
      }
    }
  }

  private record Key(TenantId tenant, String consumerId) {}

  private final CredentialRepository repository;
  private final TenantGenerations generations;
  private final Cache<Key, Plan> plans;

  /**
   * @param repository where plans are read from
   * @param generations which tenants changed
   * @param clock the engine's clock, for the TTL
   * @param ttl how long a plan is served
   * @param maximumSize the most cached plans
   */
  public Plans(
      CredentialRepository repository,
      TenantGenerations generations,
      Clock clock,
      Duration ttl,
      long maximumSize) {
    this.repository = repository;
    this.generations = generations;
    this.plans =
        Caffeine.newBuilder()
            .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
            .expireAfterWrite(ttl)
            .maximumSize(maximumSize)
            .build();
  }

  /**
   * The current plan of a consumer: cached while its tenant has not changed, otherwise read.
   *
   * @param tenant the tenant
   * @param consumerId the consumer
   * @return the plan
   * @throws UnknownConsumerException when the consumer is not declared
   */
  public Plan get(TenantId tenant, String consumerId) {
    Key key = new Key(tenant, consumerId);
    long generation = generations.generation(tenant);
    Plan cached = plans.getIfPresent(key);
    if (cached != null && cached.generation() == generation) {
      return cached;
    }
    Plan loaded = repository.read(uow -> load(uow, generation, tenant, consumerId));
    plans.put(key, loaded);
    return loaded;
  }

  /**
   * Reads a plan in a unit of work, uncached (bindings status reads its own).
   *
   * @param uow the unit of work
   * @param generation the generation to stamp
   * @param tenant the tenant
   * @param consumerId the consumer
   * @return the plan
   * @throws UnknownConsumerException when the consumer is not declared
   */
  public static Plan load(UnitOfWork uow, long generation, TenantId tenant, String consumerId) {
    Consumer consumer =
        uow.bindings()
            .consumer(tenant, consumerId)
            .orElseThrow(() -> unknownConsumer(tenant, consumerId));
    List<Binding> bindings = uow.bindings().ofConsumer(tenant, consumerId);
    Map<Topic, TenantDefault> inherited = new HashMap<>();
    if (bindings.size() < consumer.requirements().size()) {
      // requirements without a binding of their own inherit the tenant's default for the topic
      Set<Topic> own = new HashSet<>();
      bindings.forEach(b -> own.add(b.topic()));
      Set<Topic> required = new HashSet<>();
      consumer.requirements().forEach(r -> required.add(r.topic()));
      List<Binding> all = new ArrayList<>(bindings);
      for (TenantDefault d : uow.defaults().all(tenant)) {
        if (required.contains(d.topic()) && !own.contains(d.topic())) {
          all.add(
              new Binding(
                  tenant,
                  consumerId,
                  d.topic(),
                  d.credentialId(),
                  Optional.empty(),
                  d.setAt(),
                  "tenant default (" + d.setBy() + ")"));
          inherited.put(d.topic(), d);
        }
      }
      if (!inherited.isEmpty()) {
        all.sort(Comparator.comparing(b -> b.topic().name()));
        bindings = all;
      }
    }
    Map<CredentialId, StoredCredential> credentials =
        bindings.isEmpty()
            ? Map.of()
            : uow.credentials()
                .findAll(tenant, bindings.stream().map(Binding::credentialId).toList());
    return new Plan(generation, consumer, bindings, credentials, inherited);
  }

  /**
   * @param tenant the tenant
   * @param consumerId the consumer
   * @return the exception for a consumer that is not declared
   */
  public static UnknownConsumerException unknownConsumer(TenantId tenant, String consumerId) {
    return new UnknownConsumerException(
        "consumer '"
            + consumerId
            + "' is not declared in tenant "
            + tenant
            + "; declare it with CredentialBindings.declare first");
  }
}
