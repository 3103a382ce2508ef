package dev.credentials.core;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.credentials.Binding;
import dev.credentials.Consumer;
import dev.credentials.CredentialId;
import dev.credentials.Secret;
import dev.credentials.TenantId;
import dev.credentials.UnknownConsumerException;
import dev.credentials.spi.StoredCredential;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

  /** What a resolve needs. */
  record Plan(
      long generation,
      Consumer consumer,
      List<Binding> bindings,
      Map<CredentialId, StoredCredential> credentials) {}

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
              return new Plan(generation, consumer, bindings, Map.copyOf(credentials));
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
