package dev.credentials.core;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.credentials.Binding;
import dev.credentials.Consumer;
import dev.credentials.CredentialId;
import dev.credentials.Requirement;
import dev.credentials.Secret;
import dev.credentials.TenantId;
import dev.credentials.Topic;
import dev.credentials.UnknownConsumerException;
import dev.credentials.internal.ValueMap;
import dev.credentials.spi.StoredCredential;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Caches what a resolve or a launch needs: the consumer, its bindings and the bound credentials'
 * ciphertext, keyed by tenant and consumer. Plaintext is cached only when the host opts in.
 *
 * <p>Every entry carries the tenant's generation at the time its load began; any change in the
 * tenant bumps the generation, so an entry loaded before a concurrent change is never served after
 * it. Invalidation is therefore O(1) and exact within this process. Other processes sharing the
 * repository see changes after the TTL.
 */
final class Plans {

  /**
   * What a resolve needs, and what follows from it alone: the requirements no present credential is
   * bound to, and (filled on first use) the details of each binding's access event.
   */
  static final class Plan {
    private final long generation;
    private final Consumer consumer;
    private final Optional<String> consumerId;
    private final List<Binding> bindings;
    private final Map<CredentialId, StoredCredential> credentials;
    private final List<Requirement> unbound;
    private volatile List<AccessJournal.Read> resolveReads;
    private volatile List<AccessJournal.Read> launchReads;
    private volatile Map<String, CredentialId> provenance;
    private volatile ValueMap.Keys variables;

    Plan(
        long generation,
        Consumer consumer,
        List<Binding> bindings,
        Map<CredentialId, StoredCredential> credentials) {
      this.generation = generation;
      this.consumer = consumer;
      this.consumerId = Optional.of(consumer.id());
      this.bindings = List.copyOf(bindings);
      this.credentials = Map.copyOf(credentials);
      Set<Topic> bound = new HashSet<>();
      for (Binding b : this.bindings) {
        if (this.credentials.containsKey(b.credentialId())) {
          bound.add(b.topic());
        }
      }
      this.unbound =
          consumer.requirements().stream().filter(r -> !bound.contains(r.topic())).toList();
    }

    long generation() {
      return generation;
    }

    Consumer consumer() {
      return consumer;
    }

    /** The consumer's id, as access events carry it. */
    Optional<String> consumerId() {
      return consumerId;
    }

    List<Binding> bindings() {
      return bindings;
    }

    Map<CredentialId, StoredCredential> credentials() {
      return credentials;
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

    Map<String, CredentialId> provenance() {
      return provenance;
    }

    void provenance(Map<String, CredentialId> clashFree) {
      provenance = clashFree;
    }

    /** The consumer's requirements that no present credential is bound to. */
    List<Requirement> unbound() {
      return unbound;
    }

    /** The access reads of a resolve ({@code via} "resolve") or a launch, once known; or null. */
    List<AccessJournal.Read> reads(String via) {
      return switch (via) {
        case "resolve" -> resolveReads;
        case "launch" -> launchReads;
        default -> null;
      };
    }

    void reads(String via, List<AccessJournal.Read> reads) {
      switch (via) {
        case "resolve" -> resolveReads = reads;
        case "launch" -> launchReads = reads;
        default -> {}
      }
    }
  }

  private record Key(TenantId tenant, String consumerId) {}

  private record ValueKey(TenantId tenant, CredentialId id, long version, String keyId) {}

  private final Engine engine;
  private final Cache<Key, Plan> plans;
  private final Cache<ValueKey, Map<String, Secret>> values;

  Plans(Engine engine, Duration ttl, long maximumSize, boolean cachePlaintext) {
    this.engine = engine;
    this.plans =
        Caffeine.newBuilder()
            .ticker(() -> TimeUnit.MILLISECONDS.toNanos(engine.clock.millis()))
            .expireAfterWrite(ttl)
            .maximumSize(maximumSize)
            .build();
    this.values =
        cachePlaintext
            ? Caffeine.newBuilder()
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(engine.clock.millis()))
                .expireAfterWrite(ttl)
                .maximumSize(maximumSize)
                .build()
            : null;
  }

  Plan get(TenantId tenant, String consumerId) {
    Key key = new Key(tenant, consumerId);
    long generation = engine.generation(tenant);
    Plan cached = plans.getIfPresent(key);
    if (cached != null && cached.generation() == generation) {
      return cached;
    }
    Plan loaded =
        engine.read(
            uow -> {
              Consumer consumer =
                  uow.consumer(tenant, consumerId)
                      .orElseThrow(() -> unknownConsumer(tenant, consumerId));
              List<Binding> bindings = uow.bindings(tenant, consumerId);
              Map<CredentialId, StoredCredential> credentials =
                  bindings.isEmpty()
                      ? Map.of()
                      : uow.credentials(
                          tenant, bindings.stream().map(Binding::credentialId).toList());
              return new Plan(generation, consumer, bindings, credentials);
            });
    plans.put(key, loaded);
    return loaded;
  }

  static UnknownConsumerException unknownConsumer(TenantId tenant, String consumerId) {
    return new UnknownConsumerException(
        "consumer '"
            + consumerId
            + "' is not declared in tenant "
            + tenant
            + "; declare it with CredentialBindings.declare first");
  }

  /** Cached plaintext, when the host enabled it. */
  Optional<Map<String, Secret>> cachedValues(StoredCredential s) {
    if (values == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(values.getIfPresent(valueKey(s)));
  }

  void cacheValues(StoredCredential s, Map<String, Secret> v) {
    if (values != null) {
      values.put(valueKey(s), v);
    }
  }

  private static ValueKey valueKey(StoredCredential s) {
    return new ValueKey(
        s.metadata().tenant(), s.metadata().id(), s.metadata().version(), s.metadata().keyId());
  }
}
