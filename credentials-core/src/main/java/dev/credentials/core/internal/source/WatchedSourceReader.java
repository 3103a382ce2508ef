package dev.credentials.core.internal.source;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.credentials.CredentialId;
import dev.credentials.CredentialMetadata;
import dev.credentials.CredentialSourceException;
import dev.credentials.CredentialValidationException;
import dev.credentials.Secret;
import dev.credentials.TenantId;
import dev.credentials.Violation;
import dev.credentials.core.prototype.PrototypeRegistry;
import dev.credentials.prototype.Prototype;
import dev.credentials.spi.CredentialSource;
import dev.credentials.spi.SourceReference;
import dev.credentials.spi.SourcedValues;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a sourced credential's values: asks its source, keeps the keys the prototype's fields map
 * onto (through the reference's field mapping), and validates them against the prototype like
 * values to be stored. Read values are cached under the rules of the stored values' plaintext cache
 * (only when the host enabled it, for its TTL); each credential read is watched, and a change at
 * the source drops the cached values and is passed to the change listeners (shared clients).
 */
public final class WatchedSourceReader implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WatchedSourceReader.class);

  private record Key(TenantId tenant, CredentialId id) {}

  private record Watch(SourceReference reference, CredentialSource.Subscription subscription) {}

  private record Cached(long version, Map<String, Secret> values) {}

  private final SourceDirectory sources;
  private final PrototypeRegistry registry;
  private final Cache<Key, Cached> cache;
  private final Map<Key, Watch> watches = new ConcurrentHashMap<>();
  private final List<BiConsumer<TenantId, CredentialId>> changeListeners =
      new CopyOnWriteArrayList<>();

  /**
   * @param sources the sources by name
   * @param registry the prototypes values are validated against
   * @param clock the engine's clock, for the cache's TTL
   * @param cacheValues whether read values are cached (the host's plaintext-cache setting)
   * @param ttl how long cached values live
   * @param maximumSize the most cached credentials
   */
  public WatchedSourceReader(
      SourceDirectory sources,
      PrototypeRegistry registry,
      Clock clock,
      boolean cacheValues,
      Duration ttl,
      long maximumSize) {
    this.sources = sources;
    this.registry = registry;
    this.cache =
        cacheValues
            ? Caffeine.newBuilder()
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .expireAfterWrite(ttl)
                .maximumSize(maximumSize)
                .build()
            : null;
  }

  /**
   * Adds a listener told (on a source thread) when a credential's values changed at its source.
   *
   * @param listener gets tenant and credential id; must return quickly
   */
  public void onChange(BiConsumer<TenantId, CredentialId> listener) {
    changeListeners.add(listener);
  }

  /**
   * @return the sources
   */
  public SourceDirectory sources() {
    return sources;
  }

  /**
   * The values of a sourced credential, without the usability checks (the vault makes them).
   *
   * @param m the credential's metadata; {@link CredentialMetadata#source()} must be present
   * @return the values by field code, validated against the prototype
   * @throws CredentialSourceException when the source cannot deliver
   * @throws CredentialValidationException when the delivered values break the prototype's rules
   */
  public Map<String, Secret> read(CredentialMetadata m) {
    SourceReference reference = m.source().orElseThrow();
    Key key = new Key(m.tenant(), m.id());
    if (cache != null) {
      Cached c = cache.getIfPresent(key);
      if (c != null && c.version() == m.version()) {
        return c.values();
      }
    }
    watch(key, reference);
    Map<String, Secret> values = fetch(m.prototype(), subject(m), reference);
    if (cache != null) {
      cache.put(key, new Cached(m.version(), values));
    }
    return values;
  }

  /**
   * Reads a reference now and validates what it delivers against a prototype: what a new sourced
   * credential must pass before it is stored.
   *
   * @param prototype the prototype code
   * @param subject what to call the credential in messages
   * @param reference the reference
   * @return the validated values
   * @throws CredentialSourceException when the source cannot deliver
   * @throws CredentialValidationException when the values break the prototype's rules or the
   *     mapping names fields the prototype lacks
   */
  public Map<String, Secret> fetch(String prototype, String subject, SourceReference reference) {
    Prototype p = registry.require(prototype);
    List<Violation> violations = new ArrayList<>();
    for (String code : reference.fields().keySet()) {
      if (p.fields().stream().noneMatch(f -> f.code().equals(code))) {
        violations.add(
            new Violation(
                "source.fields." + code,
                "prototype " + prototype + " has no field " + code + "; map only its fields"));
      }
    }
    if (!violations.isEmpty()) {
      throw new CredentialValidationException(subject, violations);
    }
    SourcedValues delivered = sources.require(reference.source()).read(reference);
    return registry.validate(prototype, subject, SourceProjection.project(p, reference, delivered));
  }

  private static String subject(CredentialMetadata m) {
    SourceReference r = m.source().orElseThrow();
    return "credential '"
        + m.name()
        + "' of prototype "
        + m.prototype()
        + " (values from "
        + describe(r)
        + ")";
  }

  /**
   * @param r a reference
   * @return {@code source:location}, for messages and audit details (a reference holds no value)
   */
  public static String describe(SourceReference r) {
    return r.source() + ":" + r.location();
  }

  private void watch(Key key, SourceReference reference) {
    Watch w = watches.get(key);
    if (w != null && w.reference().equals(reference)) {
      return;
    }
    CredentialSource source = sources.require(reference.source());
    watches.compute(
        key,
        (k, old) -> {
          if (old != null && old.reference().equals(reference)) {
            return old;
          }
          if (old != null) {
            old.subscription().close();
          }
          CredentialSource.Subscription s;
          try {
            s = source.watch(reference, () -> changed(k));
          } catch (RuntimeException e) {
            // a reference the source cannot watch is still read on every miss
            LOG.debug("cannot watch {}: {}", describe(reference), e.getClass().getName());
            s = () -> {};
          }
          return new Watch(reference, s);
        });
  }

  private void changed(Key key) {
    if (cache != null) {
      cache.invalidate(key);
    }
    for (BiConsumer<TenantId, CredentialId> l : changeListeners) {
      try {
        l.accept(key.tenant(), key.id());
      } catch (RuntimeException e) {
        LOG.warn("a source change listener failed: {}", e.getClass().getName());
      }
    }
  }

  /**
   * A credential changed in the store (updated, deleted, its values rewrapped): its cached values
   * and its watch are dropped and the change listeners are told, sourced or not.
   *
   * @param tenant the tenant
   * @param id the credential
   */
  public void changed(TenantId tenant, CredentialId id) {
    Key key = new Key(tenant, id);
    Watch w = watches.remove(key);
    if (w != null) {
      w.subscription().close();
    }
    changed(key);
  }

  /**
   * Forgets the values cached for a tenant.
   *
   * @param tenant the tenant
   */
  public void forget(TenantId tenant) {
    if (cache != null) {
      cache.asMap().keySet().removeIf(k -> k.tenant().equals(tenant));
    }
  }

  /** Stops every watch and closes the sources the engine discovered. */
  @Override
  public void close() {
    watches.values().forEach(w -> w.subscription().close());
    watches.clear();
    sources.close();
  }
}
